"""Document pages and downloads for signed-in users. Every object is fetched through the scoping mechanism
(`get_visible_or_404`, `visible_to`), so a record outside the user's scope is a 404, never a file."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_POST

from thidua.awards.models import Award
from thidua.core import jobs
from thidua.core.audit import record
from thidua.core.forms import BootstrapMixin
from thidua.core.pagination import paginate
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404, is_province_wide
from thidua.documents import rendering, services
from thidua.documents.certificates import PDF_MIME, certificates_pdf
from thidua.documents.models import Publication
from thidua.documents.permissions import DRAFTS_ONLY

# WeasyPrint prints ≈ 12 certificate pages a second: more than this become a job (documents/tasks.py), no cap.
INLINE_CERTIFICATES = 100


def attachment(data: bytes, mime: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def safe_name(*parts) -> str:
    return "-".join(slugify(str(p).replace("/", "-").replace("đ", "d").replace("Đ", "D")) for p in parts if p)


def _dossier_or_404(request, pk):
    from thidua.dossiers.models import Dossier

    return get_visible_or_404(Dossier.objects.select_related("unit"), request.user, pk=pk)


def _decision_of(dossier):
    from thidua.dossiers.models import Decision

    return Decision.objects.filter(dossier=dossier).first()


# ---------------------------------------------------------------- pages
@login_required
@require_GET
def index(request):
    """Signed decisions the user may see, newest first, with their documents."""
    from thidua.dossiers.models import Decision

    qs = Decision.objects.visible_to(request.user).select_related("dossier", "dossier__unit", "publication")
    year = request.GET.get("nam", "").strip()
    if year.isdigit():
        qs = qs.filter(year=int(year))
    page = paginate(request, qs, ["-signed_on", "-id"], size=30)
    return render(request, "documents/index.html", {"page": page, "year": year})


@login_required
@require_GET
def dossier_documents(request, pk):
    from thidua.dossiers.models import Nomination

    dossier = _dossier_or_404(request, pk)
    decision = _decision_of(dossier)
    rows = []
    page = None
    if decision is not None:
        qs = Nomination.objects.filter(decision=decision).select_related(
            "person", "person__unit", "nominee_unit", "award_type", "award", "award__certificate"
        )
        page = paginate(request, qs, ["sort_key", "id"], size=100)
        rows = page.rows
    publication = Publication.objects.filter(decision=decision).first() if decision else None
    province_wide = is_province_wide(request.user)
    return render(request, "documents/dossier_documents.html", {
        "dossier": dossier, "decision": decision, "rows": rows, "page": page, "publication": publication,
        "province_wide": province_wide,
        "may_publish": decision is not None and request.user.has_perm("documents.publish_decision"),
        "council_sessions": _sessions_of(dossier) if province_wide else [],
        "proposal_form": ProposalForm(initial={"number": dossier.proposal_number,
                                               "signed_on": dossier.proposal_date or timezone.localdate()})
        if request.user.has_perm("documents.record_proposal") else None,
    })


class ProposalForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_l("Số Tờ trình"), max_length=60, required=False,
                             help_text=_l("Để trống để cấp số tiếp theo trong sổ Tờ trình của Sở Nội vụ năm đó."))
    signed_on = forms.DateField(label=_l("Ngày ký"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


@login_required
@require_POST
def proposal_record(request, pk):
    """Record the signed Tờ trình's number and date (province TĐKT staff)."""
    from thidua.dossiers import services as dossier_services

    dossier = _dossier_or_404(request, pk)
    form = ProposalForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("documents:dossier", pk=dossier.pk)
    try:
        dossier_services.record_proposal(request.user, dossier, signed_on=form.cleaned_data["signed_on"],
                                         number=form.cleaned_data["number"])
    except dossier_services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã ghi Tờ trình số %(number)s.") % {"number": dossier.proposal_number})
    return redirect("documents:dossier", pk=dossier.pk)


def _sessions_of(dossier):
    from thidua.dossiers.models import CouncilSession

    return list(CouncilSession.objects.filter(ballots__nomination__dossier=dossier).distinct().order_by("-held_on"))


# ---------------------------------------------------------------- downloads
@login_required
@require_GET
def decision_docx(request, pk):
    dossier = _dossier_or_404(request, pk)
    decision = _decision_of(dossier)
    if decision is None:
        require(request.user, "documents.download_drafts", message=DRAFTS_ONLY)
    data = rendering.decision_docx(services.decision_document(dossier))
    record(decision or dossier, "export", user=request.user, note=_("Tải Quyết định (DOCX)"))
    name = safe_name("quyet-dinh", decision.number if decision else f"du-thao-{dossier.code}")
    return attachment(data, rendering.DOCX_MIME, f"{name}.docx")


@login_required
@require_GET
def proposal_docx(request, pk):
    dossier = _dossier_or_404(request, pk)
    require(request.user, "documents.download_drafts", message=DRAFTS_ONLY)
    data = rendering.proposal_docx(services.proposal_document(dossier))
    record(dossier, "export", user=request.user, note=_("Tải Tờ trình (DOCX)"))
    return attachment(data, rendering.DOCX_MIME, f"{safe_name('to-trinh', dossier.code)}.docx")


@login_required
@require_GET
def annex_xlsx(request, pk):
    dossier = _dossier_or_404(request, pk)
    decision = _decision_of(dossier)
    if decision is None:
        require(request.user, "documents.download_drafts", message=DRAFTS_ONLY)
    doc = services.decision_document(dossier)
    data = rendering.list_xlsx(doc.entries, title=f"DANH SÁCH {doc.annex_title}", reference=doc.annex_reference)
    record(decision or dossier, "export", user=request.user, note=_("Tải danh sách kèm theo (XLSX)"))
    name = safe_name("danh-sach", decision.number if decision else dossier.code)
    return attachment(data, rendering.XLSX_MIME, f"{name}.xlsx")


@login_required
@require_GET
def minutes_docx(request, pk):
    from thidua.dossiers import selectors
    from thidua.dossiers.models import CouncilSession

    if not selectors.may_see_council(request.user):
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))
    session = CouncilSession.objects.filter(pk=pk).first()
    if session is None:
        raise Http404(_("Không tìm thấy phiên họp."))
    data = rendering.minutes_docx(services.minutes_document(session))
    record(session, "export", user=request.user, note=_("Tải biên bản phiên họp (DOCX)"))
    return attachment(data, rendering.DOCX_MIME, f"{safe_name('bien-ban-phien-hop', session.pk, session.held_on)}.docx")


@login_required
@require_GET
def decision_certificates(request, pk):
    """All certificates of a decision's awards that the user may see (optionally of one unit) as one PDF."""
    from thidua.dossiers.models import Nomination

    dossier = _dossier_or_404(request, pk)
    decision = _decision_of(dossier)
    if decision is None:
        raise Http404(_("Hồ sơ chưa có quyết định khen thưởng."))
    award_ids = Nomination.objects.filter(decision=decision).exclude(award=None).values("award_id")
    awards = Award.objects.visible_to(request.user).filter(pk__in=award_ids, revoked=False)
    unit = request.GET.get("don-vi", "")
    if unit.isdigit():
        awards = awards.filter(unit_id=int(unit))
    awards = list(services.awards_for_certificates(awards))
    back = redirect("documents:dossier", pk=dossier.pk)
    if len(awards) > INLINE_CERTIFICATES:
        running = jobs.latest_for(decision, "documents.certificates")
        if running is not None and running.active and running.owner_id == request.user.pk:
            return redirect("job_detail", pk=running.pk)  # a second click follows the job already printing
        with transaction.atomic():
            job = jobs.start("documents.certificates", owner=request.user, target=decision,
                             params={"unit": int(unit) if unit.isdigit() else None},
                             title=_("In %(n)s bằng, giấy chứng nhận của Quyết định %(number)s")
                             % {"n": len(awards), "number": decision.number})
            record(decision, "export", user=request.user,
                   note=_("In %(n)s bằng, giấy chứng nhận (PDF)") % {"n": len(awards)})
        messages.info(request, _("Quyết định có %(n)s khen thưởng: bằng được in trong nền; tải tệp ở trang công "
                                 "việc khi xong.") % {"n": len(awards)})
        return redirect("job_detail", pk=job.pk)
    try:
        pages = services.certificates_for(awards, user=request.user)
    except services.CertificateRefused as exc:
        messages.error(request, str(exc))
        return back
    record(decision, "export", user=request.user, note=_("In %(n)s bằng, giấy chứng nhận (PDF)") % {"n": len(pages)})
    return attachment(certificates_pdf(pages), PDF_MIME, f"{safe_name('bang-khen', decision.number)}.pdf")


@login_required
@require_GET
def award_certificate(request, pk):
    award = get_visible_or_404(Award.objects.select_related("award_type", "person", "unit"), request.user, pk=pk)
    try:
        pages = services.certificates_for([award], user=request.user)
    except services.CertificateRefused as exc:
        messages.error(request, str(exc))
        return redirect(request.META.get("HTTP_REFERER") or "home")
    record(award, "export", user=request.user, note=_("In bằng, giấy chứng nhận (PDF)"))
    return attachment(certificates_pdf(pages), PDF_MIME, f"{safe_name('khen-thuong', award.pk, award.recipient_name)}.pdf")


# ---------------------------------------------------------------- publication
@login_required
@require_POST
def publication(request, pk):
    dossier = _dossier_or_404(request, pk)
    require(request.user, "documents.publish_decision", message=_("Chỉ cán bộ TĐKT cấp tỉnh được công khai quyết định."))
    decision = _decision_of(dossier)
    if decision is None:
        raise Http404(_("Hồ sơ chưa có quyết định khen thưởng."))
    if request.POST.get("action") == "unpublish":
        if services.withdraw_decision(request.user, decision):
            messages.success(request, _("Đã thôi công khai quyết định %(number)s.") % {"number": decision.number})
    else:
        pub = services.publish_decision(request.user, decision)
        messages.success(request, _("Đã công khai quyết định %(number)s với %(n)s tập thể, cá nhân.")
                         % {"number": decision.number, "n": pub.awardee_count})
    return redirect("documents:dossier", pk=dossier.pk)


