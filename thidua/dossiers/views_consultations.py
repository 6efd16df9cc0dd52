"""Pages of consultations (lấy ý kiến hiệp y): start a round from a dossier, download each agency's letter, record
the answers in a grid, close the round, clear a disagreement; the province's settings and list of agencies.

Reads go through scoped querysets (outside scope = 404); acting asks `user.has_perm` (dossiers/permissions.py);
every change is a call to `dossiers.consultations`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core import audit
from thidua.core.scoping import get_visible_or_404
from thidua.core.xlsx import DOCX, download
from thidua.dossiers import consultations, letters
from thidua.dossiers.forms import (
    ClearReplyForm,
    ConsultationNumberForm,
    ConsultationPolicyForm,
    ConsultationStartForm,
    ConsultedAgencyForm,
)
from thidua.dossiers.models import Dossier
from thidua.dossiers.models_consultation import (
    Answer,
    Consultation,
    ConsultationPolicy,
    ConsultationReply,
    ConsultedAgency,
)


def _need(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh được lấy ý kiến hiệp y."))


def _messages_of(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


@login_required
def consultation_start(request, pk):
    dossier = get_visible_or_404(Dossier.objects.select_related("unit"), request.user, pk=pk)
    _need(request.user, "dossiers.manage_consultations", dossier)
    if dossier.state not in consultations.CONSULTING_STATES:
        messages.error(
            request, _("Chỉ lấy ý kiến hiệp y khi hồ sơ đã được tiếp nhận và chưa trình Hội đồng, trình ký.")
        )
        return redirect("dossiers:detail", pk=dossier.pk)
    policy = ConsultationPolicy.current()
    needed = consultations.nominations_needing(dossier)
    form = ConsultationStartForm(request.POST or None, dossier=dossier, needed=needed, policy=policy)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = consultations.start_consultation(
                request.user,
                dossier,
                nominations=data["nominations"],
                agencies=data["agencies"],
                days=data["days"],
                sent_on=data["sent_on"],
                number=data["number"],
            )
        except ValidationError as exc:
            form.add_error(None, _messages_of(exc))
        else:
            messages.success(
                request,
                _("Đã lập đợt lấy ý kiến hiệp y %(code)s, hạn trả lời %(due)s. Tải văn bản gửi từng cơ quan.")
                % {"code": consultation.code, "due": consultation.due_on.strftime("%d/%m/%Y")},
            )
            return redirect(consultation)
    return render(
        request,
        "dossiers/consultation_start.html",
        {"dossier": dossier, "form": form, "policy": policy, "needed": needed},
    )


def _consultation_or_404(request, pk):
    consultation = get_visible_or_404(
        Consultation.objects.select_related("dossier", "dossier__unit"), request.user, pk=pk
    )
    _need(request.user, "dossiers.view_consultations", consultation.dossier)
    return consultation


def _grid(consultation):
    """Rows (nominations) × columns (agencies) of replies, in two queries."""
    agencies = list(consultation.agencies.order_by("order", "name"))
    replies = list(
        consultation.replies.select_related(
            "nomination", "nomination__award_type", "agency", "proceeding", "recorded_by"
        )
    )
    for r in replies:
        r.consultation = consultation
    by_cell = {(r.nomination_id, r.agency_id): r for r in replies}
    nominations = sorted({r.nomination for r in replies}, key=lambda n: (n.sort_key, n.pk))
    rows = [{"nomination": n, "cells": [by_cell.get((n.pk, a.pk)) for a in agencies]} for n in nominations]
    return agencies, rows, replies


@login_required
def consultation_detail(request, pk):
    consultation = _consultation_or_404(request, pk)
    may_manage = request.user.has_perm("dossiers.manage_consultations", consultation.dossier)
    if request.method == "POST":
        _need(request.user, "dossiers.manage_consultations", consultation.dossier)
        answers = {}
        for reply in consultation.replies.only("id"):
            key = f"a-{reply.pk}"
            if key in request.POST:
                answers[reply.pk] = (request.POST.get(key, ""), request.POST.get(f"r-{reply.pk}", ""))
        try:
            changed = consultations.record_replies(request.user, consultation, answers)
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
        else:
            messages.success(request, _("Đã ghi %(n)s ý kiến.") % {"n": changed})
        return redirect(consultation)
    agencies, rows, replies = _grid(consultation)
    held = [r for r in replies if r.proceeding_id]
    return render(
        request,
        "dossiers/consultation_detail.html",
        {
            "consultation": consultation,
            "dossier": consultation.dossier,
            "agencies": agencies,
            "rows": rows,
            "held": held,
            "may_manage": may_manage and consultation.is_open,
            "may_clear": may_manage,
            "answers": [a for a in Answer.choices if a[0] != Answer.NO_REPLY],
            "pending": sum(1 for r in replies if r.answer == Answer.PENDING),
            "number_form": ConsultationNumberForm(initial={"number": consultation.number}),
            "clear_form": ClearReplyForm(),
        },
    )


@login_required
def consultation_letter(request, pk, agency_pk):
    consultation = _consultation_or_404(request, pk)
    agency = get_object_or_404(consultation.agencies, pk=agency_pk)
    data = letters.letter_docx(consultation, agency)
    audit.record(
        consultation,
        "export",
        user=request.user,
        unit_id=consultation.dossier.unit_id,
        note=_("Tải văn bản lấy ý kiến hiệp y gửi %(agency)s (DOCX).") % {"agency": agency.name},
    )
    return download(data, letters.filename(consultation, agency), DOCX)


@login_required
@require_POST
def consultation_number(request, pk):
    consultation = _consultation_or_404(request, pk)
    form = ConsultationNumberForm(request.POST)
    if form.is_valid():
        consultations.set_number(request.user, consultation, form.cleaned_data["number"])
        messages.success(request, _("Đã ghi số văn bản."))
    else:
        messages.error(request, _("Cần ghi số, ký hiệu văn bản."))
    return redirect(consultation)


@login_required
@require_POST
def consultation_close(request, pk):
    consultation = _consultation_or_404(request, pk)
    try:
        consultations.close_consultation(request.user, consultation)
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
    else:
        messages.success(request, _("Đã kết thúc lấy ý kiến hiệp y %(code)s.") % {"code": consultation.code})
    return redirect(consultation)


@login_required
@require_POST
def reply_clear(request, pk):
    reply = get_visible_or_404(
        ConsultationReply.objects.select_related(
            "consultation", "consultation__dossier", "proceeding", "agency", "nomination"
        ),
        request.user,
        pk=pk,
    )
    _need(request.user, "dossiers.manage_consultations", reply.consultation.dossier)
    form = ClearReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi kết quả xác minh, căn cứ để gỡ việc tạm dừng xét khen thưởng."))
    else:
        try:
            consultations.clear_reply(request.user, reply, note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
        else:
            messages.success(
                request,
                _("Đã gỡ tạm dừng: %(name)s được tiếp tục xét khen thưởng.")
                % {"name": reply.nomination.nominee_name},
            )
    return redirect(reply.consultation)


# --- the province's settings and agencies ---------------------------------------------------------------------


@login_required
def consultation_settings(request, agency_pk=None):
    _need(request.user, "dossiers.manage_consultation_settings")
    policy = ConsultationPolicy.current()
    agency = None
    if agency_pk is not None:
        agency = ConsultedAgency.objects.filter(pk=agency_pk).first()
        if agency is None:
            raise Http404
    which = request.POST.get("form") if request.method == "POST" else None
    policy_form = ConsultationPolicyForm(
        request.POST if which == "policy" else None, instance=policy, prefix="policy"
    )
    agency_form = ConsultedAgencyForm(
        request.POST if which == "agency" else None, instance=agency, prefix="agency"
    )
    form = {"policy": policy_form, "agency": agency_form}.get(which)
    if form is not None and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu."))
        return redirect("dossiers:consultation_settings")
    return render(
        request,
        "dossiers/consultation_settings.html",
        {
            "policy_form": policy_form,
            "agency_form": agency_form,
            "agency": agency,
            "agencies": ConsultedAgency.objects.order_by("order", "name"),
        },
    )
