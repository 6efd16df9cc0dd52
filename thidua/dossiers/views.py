"""Pages of the dossiers area. Views read through scoped querysets and change things only through services."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Prefetch, Q, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.awards import bonus
from thidua.core.forms import add_service_errors
from thidua.core.lists import Column, listing, sorting_order, xlsx_export
from thidua.core.pagination import Sorting, filtered, paginate
from thidua.core.permissions import require
from thidua.core.replica import reads_from_replica
from thidua.core.scoping import get_visible_or_404, is_province_wide
from thidua.core.text import sort_key as text_sort_key
from thidua.core.uploads import serve_file
from thidua.documents.links import dossier_links
from thidua.dossiers import hooks, selectors, services
from thidua.dossiers.forms import (
    AppraisalForm,
    AttachmentForm,
    CouncilMemberForm,
    DecisionForm,
    DossierForm,
    NominationForm,
    PostingForm,
    PublicCommentForm,
    ReasonForm,
    RevokeForm,
    SessionForm,
)
from thidua.dossiers.holds import hold_reasons
from thidua.dossiers.models import (
    Attachment,
    Ballot,
    BallotParticipation,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    Dossier,
    DossierState,
    Nomination,
)
from thidua.dossiers.services import WorkflowError
from thidua.dossiers.verdicts import bases_of, verdict_for, verdicts_for
from thidua.dossiers.workflow import (
    ACTION_LABELS,
    ACTION_STYLES,
    REASON_REQUIRED,
    SERVICE_ONLY,
    allowed_actions,
)
from thidua.orgs.selectors import picked_unit


def _id_or_404(value) -> int:
    """An id posted by a form: anything but a positive integer in range is a missing object (404), never a 500."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or not 0 < int(value) < 2**63:
        raise Http404
    return int(value)


def _fail(request, exc):
    messages.error(request, getattr(exc, "message", None) or " ".join(getattr(exc, "messages", [str(exc)])))


def _hold_reasons(dossier, nominations) -> dict:
    """Why nominations are held (pending proceedings), while the dossier is still on its way to a decision."""
    if dossier.is_final or dossier.state in (DossierState.DRAFT, DossierState.UNIT_REVIEW):
        return {}
    return hold_reasons(nominations)


# --- dossiers ------------------------------------------------------------------------------------------------


# Sortable columns of the dossier list: the code follows the creation order (index dossier_created_order).
DOSSIER_SORTS = {"ma": (["created_at", "id"], ["-created_at", "-id"])}
EXPORT_CAP = 10_000  # rows in one XLSX export of a list; narrow the filter for more


def _dossier_filters(request):
    """(filters, sorting, unit choice, "filtered" notice) of the dossier list, shared by the page and its export."""
    g = request.GET
    try:
        year = int(g.get("nam") or 0) or None
    except ValueError:
        year = None
    try:
        unit_id = int(g.get("don_vi") or 0) or None
    except ValueError:
        unit_id = None
    filters = {"state": g.get("trang_thai", ""), "kind": g.get("loai", ""), "year": year, "unit_id": unit_id,
               "query": g.get("q", "").strip(), "overdue": g.get("qua_han") == "1"}
    unit_choice = picked_unit(request.user, unit_id) if is_province_wide(request.user) else None
    notice = filtered(request, {
        "q": (_("Trích yếu"), None), "trang_thai": (_("Trạng thái"), dict(DossierState.choices).get(filters["state"])),
        "loai": (_("Loại"), dict(Dossier.Kind.choices).get(filters["kind"])), "nam": (_("Năm"), None),
        "don_vi": (_("Đơn vị"), unit_choice.name if unit_choice else None),
        "qua_han": (_("Quá hạn"), _("có")),
    })
    return filters, Sorting(request, DOSSIER_SORTS, "-ma"), unit_choice, notice


@login_required
@reads_from_replica
def dossier_list(request):
    g = request.GET
    filters, sorting, unit_choice, notice = _dossier_filters(request)
    qs = selectors.dossiers_for(request.user, **filters)
    page = paginate(request, qs, sorting.order, size=30)
    selectors.with_countdowns(page.rows)
    selectors.with_nomination_counts(page.rows)
    for d in page.rows:
        d.badge = selectors.badge_class(d.days_left)
    params = g.copy()
    params.pop("sau", None)
    return render(request, "dossiers/dossier_list.html", {
        "page": page, "filters": filters, "states": DossierState.choices, "kinds": Dossier.Kind.choices,
        "unit_choice": unit_choice, "sorting": sorting, "filtered": notice,
        "show_unit_filter": is_province_wide(request.user), "may_create": request.user.has_perm("dossiers.create_dossier"), "params": params.urlencode(),
    })


@login_required
def dossier_export(request):
    """The list as shown (its filters and order) as XLSX, at most EXPORT_CAP rows (a last row says so)."""
    from openpyxl import Workbook

    from thidua.core.xlsx import bold_row, workbook_response

    filters, sorting, _unit, _notice = _dossier_filters(request)
    qs = selectors.dossiers_for(request.user, **filters).order_by(*sorting.order)
    rows = list(qs[: EXPORT_CAP + 1])
    selectors.with_nomination_counts(rows)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Hồ sơ"))
    bold_row(ws, [_("STT"), _("Mã"), _("Trích yếu"), _("Đơn vị trình"), _("Loại"), _("Năm"), _("Đề nghị"),
                  _("Trạng thái"), _("Hạn xử lý")])
    for i, d in enumerate(rows[:EXPORT_CAP], start=1):
        ws.append([i, d.code, d.title, d.unit.name, d.get_kind_display(), d.year, d.nomination_count,
                   d.get_state_display(), d.due_on.strftime("%d/%m/%Y") if d.due_on else ""])
    if len(rows) > EXPORT_CAP:
        ws.append([_("Chỉ xuất %(n)s dòng đầu; hãy lọc hẹp hơn để xuất phần còn lại.") % {"n": f"{EXPORT_CAP:,}".replace(",", ".")}])
    return workbook_response(wb, "ho-so-de-nghi.xlsx")


OVERDUE_SORTS = {"han": (["due_on", "id"], ["-due_on", "-id"])}  # sortable column of the overdue dossiers


@login_required
def overdue_list(request):
    today = timezone.localdate()
    sorting = Sorting(request, OVERDUE_SORTS, "han")
    page = paginate(request, Dossier.objects.visible_to(request.user).exclude(due_on=None).filter(due_on__lte=today)
                    .select_related("unit"), sorting.order, size=50)
    rows = page.rows
    selectors.with_countdowns(rows, today)
    for d in rows:
        d.badge = selectors.badge_class(d.days_left)
    return render(request, "dossiers/overdue.html", {"rows": rows, "today": today, "page": page, "sorting": sorting})


@login_required
def dossier_create(request):
    if not request.user.has_perm("dossiers.create_dossier"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT của đơn vị được lập hồ sơ."))
    form = DossierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.create_dossier(request.user, unit=request.user.unit, **form.cleaned_data)
        except (WorkflowError, PermissionDenied) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Đã lập hồ sơ %(code)s. Hãy thêm đề nghị và tài liệu kèm theo.") % {"code": dossier.code})
            return redirect("dossiers:detail", pk=dossier.pk)
    return render(request, "dossiers/dossier_form.html", {"form": form})


@login_required
def dossier_edit(request, pk):
    dossier = get_visible_or_404(Dossier, request.user, pk=pk)
    form = DossierForm(request.POST or None, instance=Dossier.objects.get(pk=dossier.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_dossier(request.user, dossier, **form.cleaned_data)
        except (WorkflowError, PermissionDenied) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("dossiers:detail", pk=dossier.pk)
    return render(request, "dossiers/dossier_form.html", {"form": form, "dossier": dossier})


# Sortable columns of a dossier's nominations (all on one page, a few hundred at most: sorted in memory, the same
# header links and URL parameter as the keyset lists).
NOMINATION_SORTS = {
    "thu_tu": (lambda n: n.pk), "ten": (lambda n: (n.sort_key, n.pk)),
    "hinh_thuc": (lambda n: (text_sort_key(n.award_type.name), n.sort_key, n.pk)),
    "xu_ly": (lambda n: (n.appraisal or "", n.council_result or "", n.sort_key, n.pk)),
}


def _sorted_nominations(request, nominations):
    sorting = Sorting(request, {k: (["id"], ["-id"]) for k in NOMINATION_SORTS}, "thu_tu")
    nominations.sort(key=NOMINATION_SORTS[sorting.key], reverse=sorting.descending)
    return sorting


def _detail_context(request, dossier):
    nominations = list(dossier.nominations.select_related("award_type", "person", "person__unit", "nominee_unit", "dossier")
                       .prefetch_related("attachments"))
    nomination_sorting = _sorted_nominations(request, nominations)
    verdicts = verdicts_for(nominations)
    held = _hold_reasons(dossier, nominations)
    for n in nominations:
        n.live = verdicts.get(n.pk, {})
        n.holds = held.get(n.pk, [])
    attachments = list(dossier.attachments.select_related("nomination", "uploaded_by"))
    events = list(dossier.events.all())
    user = request.user
    actions = []
    for action in allowed_actions(dossier, user):
        if action in SERVICE_ONLY:
            continue
        actions.append({"code": action, "label": ACTION_LABELS[action], "style": ACTION_STYLES.get(action, "primary"),
                        "needs_reason": action in REASON_REQUIRED})
    days_left = selectors.with_countdowns([dossier])[0].days_left
    decision = Decision.objects.filter(dossier=dossier).first()
    route, route_problem = (None, None)
    if decision is None and nominations:
        from thidua.dossiers.authorities import dossier_route

        route, route_problem = dossier_route(dossier, nominations, timezone.localdate())
    may_edit = dossier.is_editable and user.has_perm("dossiers.edit_dossier", dossier)
    problems = services.submission_problems(dossier) if may_edit else []
    from thidua.dossiers import consultations

    consultation = consultations.status_of(dossier) if dossier.state not in (
        DossierState.DRAFT, DossierState.UNIT_REVIEW) else None
    return {
        "dossier": dossier, "nominations": nominations, "attachments": attachments, "events": events,
        "nomination_sorting": nomination_sorting, "holds": [m for n in nominations for m in n.holds],
        "actions": actions, "may_edit": may_edit, "problems": problems, "days_left": days_left,
        "badge": selectors.badge_class(days_left), "attachment_form": AttachmentForm(dossier=dossier),
        "reason_form": ReasonForm(), "decision": decision,
        "document_links": dossier_links(request.user, dossier, decision),
        "may_appraise": user.has_perm("dossiers.appraise", dossier) and dossier.state == DossierState.RECEIVED,
        "may_decide": dossier.state == DossierState.FOR_DECISION and services.may_sign(user, dossier, route),
        "route": route, "route_problem": route_problem, "consultation": consultation,
        "may_consult": (user.has_perm("dossiers.manage_consultations", dossier)
                        and dossier.state in consultations.CONSULTING_STATES),
        "may_view_consultations": user.has_perm("dossiers.view_consultations", dossier),
    }


@login_required
def dossier_detail(request, pk):
    dossier = get_visible_or_404(Dossier.objects.select_related("unit", "created_by"), request.user, pk=pk)
    return render(request, "dossiers/dossier_detail.html", _detail_context(request, dossier))


@login_required
@require_POST
def dossier_transition(request, pk, action):
    dossier = get_visible_or_404(Dossier, request.user, pk=pk)
    try:
        seen_version = int(request.POST["version"])
    except (KeyError, ValueError):
        seen_version = None
    try:
        services.transition(dossier, action, request.user, reason=request.POST.get("reason", ""),
                            expected_version=seen_version)
    except (WorkflowError, PermissionDenied) as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Đã thực hiện: %(action)s. Trạng thái hồ sơ: %(state)s.")
                         % {"action": ACTION_LABELS.get(action, action), "state": dossier.get_state_display()})
    return redirect("dossiers:detail", pk=dossier.pk)


# --- nominations ---------------------------------------------------------------------------------------------


@login_required
def nomination_form(request, pk, nomination_pk=None):
    dossier = get_visible_or_404(Dossier, request.user, pk=pk)
    instance = get_object_or_404(Nomination, pk=nomination_pk, dossier=dossier) if nomination_pk else None
    form = NominationForm(request.POST or None, request.FILES or None, instance=instance, user=request.user,
                          dossier=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.save_nomination(request.user, dossier, form.save(commit=False))
            evidence = form.cleaned_data.get("evidence_file")
            if evidence:
                services.add_attachment(request.user, dossier, evidence, Attachment.Kind.EVIDENCE, nomination)
        except (WorkflowError, PermissionDenied) as exc:
            _fail(request, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu đề nghị."))
            return redirect("dossiers:detail", pk=dossier.pk)
    verdict = _form_verdict(form, dossier) if instance or request.method == "POST" else None
    return render(request, "dossiers/nomination_form.html",
                  {"form": form, "dossier": dossier, "nomination": instance, "verdict": verdict})


def _form_verdict(form, dossier):
    """The engine's verdict for what the form currently says (unsaved)."""
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    person, unit, award_type = data.get("person"), data.get("nominee_unit"), data.get("award_type")
    if form.instance.pk and not data:
        person, unit, award_type = form.instance.person, form.instance.nominee_unit, form.instance.award_type
    if award_type is None or (person is None and unit is None):
        return None
    probe = Nomination(pk=0, dossier=dossier, person=person if person else None,
                       nominee_unit=None if person else unit, award_type=award_type)
    if data:
        bases = form.bases()
    else:  # an existing nomination shown as saved
        bases = bases_of([form.instance]).get(form.instance.pk, [])
    return verdict_for(probe, bases=bases)


@login_required
def nomination_check(request, pk):
    """htmx: the live verdict of the nomination form's current values."""
    dossier = get_visible_or_404(Dossier, request.user, pk=pk)
    form = NominationForm(request.GET or None, user=request.user, dossier=dossier)
    form.is_valid()
    return render(request, "dossiers/_verdict.html", {"verdict": _form_verdict(form, dossier)})


@login_required
@require_POST
def nomination_delete(request, pk, nomination_pk):
    dossier = get_visible_or_404(Dossier, request.user, pk=pk)
    nomination = get_object_or_404(Nomination, pk=nomination_pk, dossier=dossier)
    try:
        services.delete_nomination(request.user, nomination)
    except (WorkflowError, PermissionDenied) as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Đã xóa đề nghị."))
    return redirect("dossiers:detail", pk=dossier.pk)


# --- attachments ---------------------------------------------------------------------------------------------


@login_required
@require_POST
def attachment_upload(request, pk):
    dossier = get_visible_or_404(Dossier, request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES, dossier=dossier)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("dossiers:detail", pk=dossier.pk)
    try:
        services.add_attachment(request.user, dossier, form.cleaned_data["file"], form.cleaned_data["kind"],
                                form.cleaned_data.get("nomination"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except (WorkflowError, PermissionDenied) as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Đã tải lên tài liệu."))
    return redirect("dossiers:detail", pk=dossier.pk)


@login_required
def attachment_download(request, pk):
    att = get_visible_or_404(Attachment.objects.select_related("dossier"), request.user, pk=pk)
    return serve_file(att.file, filename=att.original_name, content_type=att.content_type)


@login_required
@require_POST
def attachment_delete(request, pk):
    att = get_visible_or_404(Attachment.objects.select_related("dossier"), request.user, pk=pk)
    try:
        services.delete_attachment(request.user, att)
    except (WorkflowError, PermissionDenied) as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Đã xóa tài liệu."))
    return redirect("dossiers:detail", pk=att.dossier_id)


# --- appraisal -----------------------------------------------------------------------------------------------


@login_required
def appraisal(request, pk):
    require(request.user, "dossiers.appraise", message=_("Vai trò của bạn không được truy cập trang này."))
    dossier = get_visible_or_404(Dossier.objects.select_related("unit"), request.user, pk=pk)
    nominations = list(dossier.nominations.select_related("award_type", "person", "person__unit", "nominee_unit", "dossier"))
    if request.method == "POST":
        nomination = next((n for n in nominations if str(n.pk) == request.POST.get("nomination")), None)
        form = AppraisalForm(request.POST)
        if nomination is None or not form.is_valid():
            messages.error(request, _("Dữ liệu thẩm định không hợp lệ."))
        else:
            try:
                services.appraise_nomination(request.user, nomination, form.cleaned_data["result"],
                                             form.cleaned_data["note"])
            except (WorkflowError, PermissionDenied) as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("Đã ghi kết quả thẩm định: %(name)s.") % {"name": nomination.nominee_name})
        return redirect("dossiers:appraisal", pk=dossier.pk)
    verdicts = verdicts_for(nominations)
    held = _hold_reasons(dossier, nominations)
    for n in nominations:
        n.live = verdicts.get(n.pk, {})
        n.holds = held.get(n.pk, [])
        n.form = AppraisalForm(initial={"result": n.appraisal, "note": n.appraisal_note}, prefix=f"n{n.pk}")
    days_left = selectors.with_countdowns([dossier])[0].days_left
    return render(request, "dossiers/appraisal.html", {
        "dossier": dossier, "nominations": nominations, "days_left": days_left,
        "badge": selectors.badge_class(days_left), "editable": dossier.state == DossierState.RECEIVED,
        "attachments": dossier.attachments.all(),
    })


# --- public posting ------------------------------------------------------------------------------------------


@login_required
def nomination_posting(request, pk):
    require(request.user, "dossiers.post_publicly", message=_("Vai trò của bạn không được truy cập trang này."))
    nomination = get_visible_or_404(
        Nomination.objects.select_related("dossier", "dossier__unit", "award_type", "person"), request.user, pk=pk
    )
    posting_form = PostingForm(request.POST if "start" in request.POST else None,
                               initial={"starts_on": timezone.localdate()})
    comment_form = PublicCommentForm(request.POST if "comment" in request.POST else None,
                                     initial={"received_on": timezone.localdate()})
    try:
        if request.method == "POST":
            if "start" in request.POST and posting_form.is_valid():
                services.start_public_posting(request.user, nomination, posting_form.cleaned_data["starts_on"])
                messages.success(request, _("Đã ghi thời gian công khai."))
                return redirect("dossiers:posting", pk=nomination.pk)
            if "comment" in request.POST and comment_form.is_valid():
                services.record_public_comment(request.user, nomination, **comment_form.cleaned_data)
                messages.success(request, _("Đã ghi nhận ý kiến góp ý."))
                return redirect("dossiers:posting", pk=nomination.pk)
            if "resolve" in request.POST:
                comment = get_object_or_404(nomination.public_comments, pk=request.POST.get("resolve"))
                services.resolve_public_comment(request.user, comment, request.POST.get("resolution", ""))
                messages.success(request, _("Đã ghi kết quả xác minh."))
                return redirect("dossiers:posting", pk=nomination.pk)
    except (WorkflowError, PermissionDenied) as exc:
        _fail(request, exc)
    return render(request, "dossiers/posting.html", {
        "nomination": nomination, "posting_form": posting_form, "comment_form": comment_form,
        "comments": nomination.public_comments.all(), "needs": services.needs_public_posting(nomination.award_type),
        "problem": services.posting_problem(nomination),
    })


# --- council sessions ----------------------------------------------------------------------------------------


def _council_guard(user):
    if not selectors.may_see_council(user):
        raise PermissionDenied(_("Chỉ Hội đồng Thi đua – Khen thưởng và cán bộ TĐKT tỉnh xem được trang này."))


SESSION_SORTS = {"ngay": (["held_on", "id"], ["-held_on", "-id"])}  # sortable column of the council's sessions


@login_required
def council_overview(request):
    _council_guard(request.user)
    councils = Council.objects.filter(active=True).prefetch_related(
        Prefetch("members", queryset=CouncilMember.objects.filter(active=True).select_related("unit", "user")
                 .order_by(selectors.member_rank(), "sort_key", "id"))
    )
    sorting = Sorting(request, SESSION_SORTS, "-ngay")
    page = paginate(request, selectors.sessions_for(request.user), sorting.order, size=50)
    sessions = page.rows
    form = SessionForm(request.POST or None, initial={"held_on": timezone.localdate()})
    is_secretary = selectors.is_council_secretary(request.user)
    if request.method == "POST":
        council = get_object_or_404(Council, pk=request.POST.get("council"))
        if form.is_valid():
            try:
                session = services.create_session(request.user, council, **form.cleaned_data)
            except (WorkflowError, PermissionDenied) as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("Đã tạo phiên họp."))
                return redirect("dossiers:session", pk=session.pk)
    return render(request, "dossiers/council.html", {
        "councils": councils, "sessions": sessions, "form": form, "is_secretary": is_secretary, "page": page,
        "sorting": sorting,
    })


@login_required
def council_members(request, pk):
    """Members of a council, present and former; Thường trực adds members here."""
    _council_guard(request.user)
    council = get_object_or_404(Council, pk=pk)
    can_edit = selectors.is_council_secretary(request.user)
    form = None
    if can_edit:
        form = CouncilMemberForm(request.POST or None, council=council,
                                 instance=CouncilMember(council=council))
        if request.method == "POST" and form.is_valid():
            try:
                services.save_council_member(request.user, form.save(commit=False))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm thành viên Hội đồng."))
                return redirect("dossiers:council_members", pk=council.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng được quản lý thành viên Hội đồng."))
    rank = Case(*(When(role=role, then=i) for i, role in enumerate(CouncilMember.Role.values)), default=99)
    members = council.members.select_related("unit", "user").order_by("-active", rank, "sort_key", "id")
    return render(request, "dossiers/council_members.html", {
        "council": council, "members": members, "form": form, "can_edit": can_edit,
    })


@login_required
def council_member_edit(request, pk):
    _council_guard(request.user)
    if not selectors.is_council_secretary(request.user):
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng được quản lý thành viên Hội đồng."))
    member = get_object_or_404(CouncilMember.objects.select_related("council"), pk=pk)
    form = CouncilMemberForm(request.POST or None, council=member.council, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_council_member(request.user, form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin thành viên."))
            return redirect("dossiers:council_members", pk=member.council_id)
    return render(request, "dossiers/council_member_form.html", {"member": member, "form": form})


@login_required
def council_member_relatives(request, pk):
    """Relatives a member has declared (kê khai): the member recuses from their nominations. Thường trực finds the
    person by name (without diacritics) and records the relation."""
    from thidua.dossiers.models import DeclaredRelative
    from thidua.orgs.models import Person

    _council_guard(request.user)
    if not selectors.is_council_secretary(request.user):
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng được quản lý thành viên Hội đồng."))
    member = get_object_or_404(CouncilMember.objects.select_related("council"), pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("op") == "remove":
                services.remove_relative(request.user, get_object_or_404(
                    DeclaredRelative.objects.select_related("member", "person"), pk=_id_or_404(request.POST.get("relative")),
                    member=member))
                messages.success(request, _("Đã bỏ kê khai."))
            else:
                person = get_object_or_404(Person.objects.visible_to(request.user),
                                           pk=_id_or_404(request.POST.get("person")))
                services.declare_relative(request.user, member, person, request.POST.get("relation", ""))
                messages.success(request, _("Đã ghi nhận người thân: %(name)s.") % {"name": person.full_name})
        except (WorkflowError, PermissionDenied) as exc:
            _fail(request, exc)
        return redirect("dossiers:council_member_relatives", pk=member.pk)
    query = (request.GET.get("q") or "").strip()[:100]
    found = list(Person.objects.visible_to(request.user).search_for(request.user, query)
                 .select_related("unit").order_by("sort_key", "id")[:20]) if query else []
    return render(request, "dossiers/council_member_relatives.html", {
        "member": member, "query": query, "found": found,
        "relatives": member.relatives.select_related("person", "person__unit").order_by("person__sort_key", "id"),
        "relations": DeclaredRelative.Relation.choices,
    })


@login_required
@require_POST
def council_member_toggle(request, pk):
    _council_guard(request.user)
    member = get_object_or_404(CouncilMember, pk=pk)
    try:
        services.set_council_member_active(request.user, member, not member.active)
    except (WorkflowError, PermissionDenied) as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Đã cập nhật: %(name)s %(state)s.") % {
            "name": member.full_name,
            "state": _("tiếp tục là thành viên") if member.active else _("thôi là thành viên"),
        })
    return redirect("dossiers:council_members", pk=member.council_id)


def _session_or_404(request, pk):
    _council_guard(request.user)
    return get_object_or_404(CouncilSession.objects.select_related("council", "chair", "secretary"), pk=pk)


@login_required
def session_detail(request, pk):
    session = _session_or_404(request, pk)
    user = request.user
    is_secretary = selectors.is_council_secretary(user)
    if request.method == "POST":
        if not is_secretary:
            raise PermissionDenied(_("Chỉ Thường trực Hội đồng được quản lý phiên họp."))
        op = request.POST.get("op", "")
        try:
            if op == "agenda":
                ids = request.POST.getlist("nominations")
                noms = list(Nomination.objects.filter(pk__in=ids).select_related("dossier"))
                created = services.add_to_agenda(user, session, noms)
                messages.success(request, _("Đã đưa %(n)s đề nghị vào chương trình.") % {"n": len(created)})
            elif op == "unagenda":
                services.remove_from_agenda(user, get_object_or_404(Ballot, pk=_id_or_404(request.POST.get("ballot")), session=session))
            elif op == "attendance":
                services.set_attendance(user, session, request.POST.getlist("present"), request.POST.getlist("written"))
                messages.success(request, _("Đã lưu điểm danh."))
            elif op == "open":
                services.open_session(user, session, request.POST.get("passphrase", ""),
                                      request.POST.get("passphrase_confirmation", ""))
                messages.success(request, _("Đã khai mạc phiên họp. Ghi nhớ mật khẩu kiểm phiếu: hệ thống không lưu "
                                            "mật khẩu và không khôi phục được."))
            elif op == "open_ballot":
                services.open_ballot(user, get_object_or_404(Ballot, pk=_id_or_404(request.POST.get("ballot")), session=session))
                messages.success(request, _("Đã mở bỏ phiếu."))
            elif op == "paper":
                ballot = get_object_or_404(Ballot, pk=_id_or_404(request.POST.get("ballot")), session=session)
                n = services.record_paper_ballots(user, ballot, yes=request.POST.get("paper_yes", ""),
                                                  no=request.POST.get("paper_no", ""))
                messages.success(request, _("Đã ghi nhận %(n)s phiếu giấy.") % {"n": n})
            elif op == "close_ballot":
                b = services.close_ballot(user, get_object_or_404(Ballot, pk=_id_or_404(request.POST.get("ballot")), session=session),
                                          request.POST.get("passphrase", ""))
                messages.success(request, _("Đã kiểm phiếu: %(y)s/%(t)s đồng ý.") % {"y": b.votes_yes, "t": b.members_total})
                if Dossier.objects.filter(pk=b.nomination.dossier_id, state=DossierState.NOT_AWARDED).exists():
                    messages.warning(request, _("Không đề nghị nào của hồ sơ đạt tỷ lệ phiếu: hồ sơ kết thúc không khen "
                                                "thưởng và đơn vị đã được thông báo."))
            elif op == "close":
                services.close_session(user, session, request.POST.get("conclusion", ""),
                                       confirm_missing=bool(request.POST.get("confirm_missing")))
                messages.success(request, _("Đã kết thúc phiên họp."))
            else:
                messages.error(request, _("Thao tác không hợp lệ."))
        except (WorkflowError, PermissionDenied) as exc:
            _fail(request, exc)
        return redirect("dossiers:session", pk=session.pk)
    ballots = selectors.agenda(session)
    attendance = list(session.attendance.select_related("member", "member__unit")
                      .order_by(selectors.member_rank("member__role"), "member__sort_key", "member__id"))
    attendance.sort(key=lambda a: a.member_id != session.chair_id)  # the session's chair first
    if is_secretary:
        present = [a.member for a in attendance if a.present]
        for b in ballots:
            recused = {r.member_id for r in b.recusals.all()}
            b.missing = [m for m in present if m.pk not in b.voted_ids and m.pk not in recused] if b.state == "open" else []
    held = hold_reasons([b.nomination for b in ballots])
    for b in ballots:
        b.holds = held.get(b.nomination_id, [])
    candidates = []
    if is_secretary and session.state != CouncilSession.State.CLOSED:
        on_agenda = {b.nomination_id for b in ballots}
        candidates = [n for n in Nomination.objects.filter(
            dossier__state=DossierState.COUNCIL, appraisal=Nomination.Appraisal.ACCEPTED, council_result=""
        ).select_related("award_type", "dossier__unit") if n.pk not in on_agenda]
    member = selectors.member_of(user, session.council)
    return render(request, "dossiers/session_detail.html", {
        "session": session, "ballots": ballots, "attendance": attendance, "quorum": services.quorum(session),
        "is_secretary": is_secretary, "candidates": candidates, "member": member,
        "pending_ballots": [b for b in ballots if b.state == Ballot.State.PENDING],
        "minutes": services.minutes(session) if session.state == CouncilSession.State.CLOSED else None,
    })


@login_required
def session_vote(request, pk):
    """One form per nomination; the member's own login; the choice is stored without the voter."""
    session = _session_or_404(request, pk)
    member = selectors.member_of(request.user, session.council)
    if member is None:
        raise PermissionDenied(_("Chỉ thành viên Hội đồng được bỏ phiếu."))
    if request.method == "POST":
        ballot = get_object_or_404(Ballot, pk=_id_or_404(request.POST.get("ballot")), session=session)
        try:
            services.cast_vote(request.user, ballot, request.POST.get("choice", ""))
        except (WorkflowError, PermissionDenied) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Đã ghi nhận phiếu của bạn. Hệ thống không lưu bạn đã chọn gì."))
        return redirect("dossiers:vote", pk=session.pk)
    ballots = selectors.agenda(session)
    voted = {b.pk for b in ballots if member.pk in b.voted_ids}
    recused = set(member.recusals.filter(ballot__session=session).values_list("ballot_id", flat=True))
    present = session.attendance.filter(member=member, present=True).exists()
    held = hold_reasons([b.nomination for b in ballots])
    for b in ballots:
        b.has_voted, b.is_recused = b.pk in voted, b.pk in recused
        b.holds = held.get(b.nomination_id, [])
    return render(request, "dossiers/session_vote.html",
                  {"session": session, "ballots": ballots, "member": member, "present": present})


@login_required
def session_written_votes(request, pk, member_pk):
    session = _session_or_404(request, pk)
    require(request.user, "dossiers.manage_sessions", message=_("Vai trò của bạn không được truy cập trang này."))
    member = get_object_or_404(CouncilMember, pk=member_pk, council=session.council)
    if request.method == "POST":
        ballot = get_object_or_404(Ballot, pk=_id_or_404(request.POST.get("ballot")), session=session)
        try:
            services.record_written_vote(request.user, ballot, member, request.POST.get("choice", ""))
        except (WorkflowError, PermissionDenied) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Đã nhập phiếu bằng văn bản của %(name)s.") % {"name": member.full_name})
        return redirect("dossiers:written_votes", pk=session.pk, member_pk=member.pk)
    ballots = list(session.ballots.select_related("nomination", "nomination__award_type").order_by("order", "id"))
    voted = set(BallotParticipation.objects.filter(ballot__session=session, member=member).values_list("ballot_id", flat=True))
    for b in ballots:
        b.has_voted = b.pk in voted
    return render(request, "dossiers/written_votes.html", {"session": session, "member": member, "ballots": ballots})


@login_required
def session_minutes(request, pk):
    session = _session_or_404(request, pk)
    return render(request, "dossiers/minutes.html", {"m": services.minutes(session)})


# --- decisions and revocation --------------------------------------------------------------------------------


@login_required
def decision_page(request, pk):
    dossier = get_visible_or_404(Dossier.objects.select_related("unit"), request.user, pk=pk)
    decision = Decision.objects.filter(dossier=dossier).select_related("signer").first()
    form = None
    route = route_problem = None
    if decision is None:
        if not request.user.has_perm("dossiers.sign", dossier):
            raise Http404(_("Hồ sơ chưa có quyết định khen thưởng."))
        route, route_problem = services.signing_route(dossier)
        if route is not None and not services.may_sign(request.user, dossier, route):
            # e.g. the province's leader on a Sở's own award: say whose it is instead of offering to sign
            route_problem = _("Quyết định này thuộc thẩm quyền của %(who)s.") % {
                "who": f"{route.label} — {dossier.unit.name}" if route.unit_id else route.label}
            route = None
        form = DecisionForm(request.POST or None, initial={
            "signed_on": timezone.localdate(), "signer_name": request.user.display_name,
            "summary": services.decision_summary(dossier.title),
        })
        if route is not None and not route.is_provincial:
            form.fields["signer_title"].initial = _("Phó Giám đốc")
            form.fields["signer_capacity"].choices = [
                ("head", _("Người đứng đầu ký")), ("deputy", _("Cấp phó ký thay (KT.)"))]
        if request.method == "POST" and form.is_valid():
            try:
                decision = services.decide(request.user, dossier, **form.cleaned_data)
            except (WorkflowError, PermissionDenied) as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("Đã ký quyết định số %(number)s.") % {"number": decision.number})
                return redirect("dossiers:decision", pk=dossier.pk)
    elif request.method == "POST" and "sent" in request.POST:
        try:
            services.mark_decision_sent(request.user, decision)
        except PermissionDenied as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Đã ghi nhận ngày gửi quyết định."))
        return redirect("dossiers:decision", pk=dossier.pk)
    annex = list(decision.annex()) if decision else list(services.conferrable(dossier).order_by("sort_key", "id"))
    held = {} if decision else hold_reasons(annex)
    from thidua.dossiers.authorities import decision_issuance

    priced = None
    if bonus.may_see_amounts(request.user):  # amounts: province staff and leaders only
        decided_on = decision.signed_on if decision else (form["signed_on"].value() if form else None)
        if not isinstance(decided_on, dt.date):
            decided_on = timezone.localdate()
        priced = bonus.price_annex(((n.pk, n.award_type.code, n.kind) for n in annex), decided_on)
        for n in annex:
            n.bonus = priced.answers[n.pk]
    signing_warnings = hooks.signing_warnings(dossier, decided_on, priced.total) if form is not None and priced else []
    return render(request, "dossiers/decision.html", {
        "dossier": dossier, "decision": decision, "form": form, "annex": annex, "priced": priced,
        "signing_warnings": signing_warnings,
        "issued": decision_issuance(decision) if decision else None, "route": route, "route_problem": route_problem,
        "holds": [m for msgs in held.values() for m in msgs],
        "decision_links": hooks.decision_links(request.user, decision) if decision else [],
        "may_mark_sent": decision is not None and not decision.sent_on
        and request.user.has_perm("dossiers.mark_decision_sent", decision),
    })


# Sortable columns of the decisions' register.
DECISION_SORTS = {"ngay": (["signed_on", "id"], ["-signed_on", "-id"]), "so": (["number", "id"], ["-number", "-id"])}


def _decisions(request):
    qs = Decision.objects.visible_to(request.user).for_rendering()
    f = {"q": request.GET.get("q", "").strip()[:100], "nam": request.GET.get("nam", "").strip()}
    if f["q"]:
        qs = qs.filter(Q(number__icontains=f["q"]) | Q(summary__icontains=f["q"]) | Q(dossier__code__icontains=f["q"]))
    if f["nam"].isdigit() and len(f["nam"]) == 4:
        qs = qs.filter(year=int(f["nam"]))
    elif f["nam"]:
        f["nam"] = ""
    return qs, f


@login_required
def decision_list(request):
    qs, f = _decisions(request)
    context = listing(request, qs, sorts=DECISION_SORTS, default="-ngay", size=50,
                      shown={"q": (_("Tìm"), None), "nam": (_("Năm"), f["nam"] or None)})
    return render(request, "dossiers/decision_list.html", {**context, "f": f})


@login_required
def decision_export(request):
    """The decisions' register as shown (filters, order) to XLSX."""
    qs, _f = _decisions(request)
    qs = qs.order_by(*sorting_order(request, DECISION_SORTS, "-ngay"))
    columns = [
        Column(_("Số, ký hiệu"), lambda d: d.number, 16), Column(_("Ngày ký"), lambda d: d.signed_on, 12),
        Column(_("Trích yếu"), lambda d: d.summary, 60), Column(_("Đơn vị trình"), lambda d: d.dossier.unit.name, 36),
        Column(_("Hồ sơ"), lambda d: d.dossier.code, 16), Column(_("Người ký"), lambda d: d.signer_name, 24),
        Column(_("Ngày gửi quyết định"), lambda d: d.sent_on, 14),
    ]
    return xlsx_export(request, qs, columns, title=_("Quyết định khen thưởng"), filename="quyet-dinh-khen-thuong",
                       note=_("Xuất danh sách quyết định khen thưởng ra Excel"))


@login_required
def revoke(request):
    require(request.user, "dossiers.revoke_award", message=_("Vai trò của bạn không được truy cập trang này."))
    from thidua.awards.models import Award

    query = request.GET.get("q", "").strip()
    award = None
    if request.GET.get("award") or request.POST.get("award"):
        award = get_visible_or_404(Award.objects.select_related("award_type", "person", "unit"), request.user,
                                   pk=request.GET.get("award") or request.POST.get("award"))
    form = RevokeForm(request.POST or None, initial={"revoked_on": timezone.localdate()})
    if request.method == "POST" and award is not None and form.is_valid():
        try:
            services.revoke_award(request.user, award, reason=form.cleaned_data["reason"],
                                  decision_number=form.cleaned_data["decision_number"],
                                  revoked_on=form.cleaned_data["revoked_on"])
        except (WorkflowError, PermissionDenied) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Đã hủy bỏ khen thưởng; bản ghi vẫn được giữ trong lịch sử, đánh dấu đã hủy."))
            return redirect(f"{request.path}?award={award.pk}")
    results = []
    if query:
        results = list(Award.objects.visible_to(request.user).search(query)
                       .select_related("award_type", "person", "unit").order_by("-year", "sort_key", "id")[:50])
    return render(request, "dossiers/revoke.html", {"query": query, "results": results, "award": award, "form": form})
