"""Pages of the "Tuyên truyền" area for signed-in users: exemplars and media coverage, the legal library, training
courses, congresses and delegations, and the KH 90/KH-UBND report. Every read goes through `visible_to` /
`get_visible_or_404`; every change goes through `services` (which checks the right again)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.core.audit import record
from thidua.core.forms import add_service_errors
from thidua.core.lists import Column, xlsx_export
from thidua.core.models import AuditEntry
from thidua.core.pagination import Sorting, filtered, paginate
from thidua.core.scoping import can_edit, get_visible_or_404, is_province_wide
from thidua.core.uploads import serve_file
from thidua.outreach import access, exports, selectors, services
from thidua.outreach.forms import (
    AttendeeForm,
    CongressForm,
    CoverageForm,
    DecideForm,
    DelegationForm,
    ExemplarForm,
    HonoureeForm,
    InvitationForm,
    LegalDocumentForm,
    MaterialForm,
    NominationForm,
    RejectForm,
    ReportPeriodForm,
    TrainingForm,
)
from thidua.outreach.models import (
    Congress,
    CongressHonouree,
    Delegate,
    Delegation,
    Exemplar,
    LegalDocument,
    MediaCoverage,
    Sector,
    Training,
    TrainingAttendee,
    TrainingInvitation,
    TrainingMaterial,
)

PAGE_SIZE = 50


def _flash(request, exc):
    messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))


def _flash_form(request, form):
    """The errors of a form posted from a detail page, as one message (the page is shown again by a redirect)."""
    messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))


def _attempt(request, change, success) -> bool:
    """Run `change()` and flash `success` (a text, or a function of what `change` returned), or the refusal."""
    try:
        result = change()
        messages.success(request, success(result) if callable(success) else success)
    except (ValidationError, PermissionDenied) as exc:
        _flash(request, exc)
        return False
    return True


def _int(value):
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


FILTER_LABELS = {"q": gettext_lazy("Tìm"), "kind": gettext_lazy("Loại"), "status": gettext_lazy("Trạng thái"),
                 "year": gettext_lazy("Năm"), "level": gettext_lazy("Cấp"), "sector": gettext_lazy("Lĩnh vực"),
                 "medium": gettext_lazy("Loại hình"), "outlet": gettext_lazy("Cơ quan báo chí"),
                 "phong_trao": gettext_lazy("Phong trào")}


def list_notice(request, f, choices=(), texts=None):
    """The "Đang lọc: … · Bỏ lọc" notice of a list filtered by `list_filters`: each active filter with its label
    and, for a choice, the choice's label (or `texts[param]`)."""
    shown = {field: dict(enum.choices).get(f.get(field)) for field, enum in choices}
    shown.update(texts or {})
    return filtered(request, {k: (FILTER_LABELS.get(k, k), shown.get(k)) for k in f})


def list_filters(params, keys, qs, *, choices=(), year=None):
    """The filters of a list page: `params` cut to `keys`, then `qs` searched by `q`, filtered on every field of
    `choices` (a field named like its parameter, kept only when the value is one of the field's choices) and on the
    `year` lookup (e.g. "issued_on__year") when a year is given. Returns (qs, filters)."""
    f = {k: params.get(k, "").strip()[:200] for k in keys}
    if f["q"]:
        qs = qs.search(f["q"])
    for field, allowed in choices:
        if f[field] in allowed.values:
            qs = qs.filter(**{field: f[field]})
    if year and _int(f["year"]):
        qs = qs.filter(**{year: _int(f["year"])})
    return qs, f


def _to_edit(request, queryset, pk, *, may_edit, edit_denied, may_create, create_denied):
    """The object to edit (None to create one) once the user is allowed to."""
    if pk is None:
        if not request.user.has_perm(may_create):
            raise PermissionDenied(create_denied)
        return None
    obj = get_visible_or_404(queryset, request.user, pk=pk)
    if not request.user.has_perm(may_edit, obj):
        raise PermissionDenied(edit_denied)
    return obj


def _save_form(request, form, save, *, success, then, denied_field=None):
    """On a valid POST, `save(obj)` the unsaved instance through services, flash `success` and return the redirect
    to `then` (a URL name taking the pk, or a function of the object). Refusals go onto the form (PermissionDenied
    onto `denied_field`, or up as a 403 without one); None means: show the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    obj = form.save(commit=False)
    try:
        save(obj)
    except ValidationError as exc:
        add_service_errors(form, exc)
    except PermissionDenied as exc:
        if denied_field is None:
            raise
        form.add_error(denied_field, str(exc))
    else:
        messages.success(request, success)
        return then(obj) if callable(then) else redirect(then, pk=obj.pk)
    return None


def _simple_form(request, form, *, title, back, crumb, **extra):
    return render(request, "outreach/simple_form.html",
                  {"form": form, "title": title, "back": back, "crumb": crumb, **extra})


def _row_of_visible(request, queryset, pk, *, parent, parent_id, missing):
    """A row of a course or congress, found only for who sees its parent."""
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise Http404(missing)
    get_visible_or_404(parent, request.user, pk=getattr(row, parent_id))
    return row


# ---------------------------------------------------------------------------------------------------------------
# Exemplars
# ---------------------------------------------------------------------------------------------------------------


EXEMPLAR_SORTS = {"nam": (["year", "id"], ["-year", "-id"])}  # sortable column (core.pagination.Sorting)


def _filtered_exemplars(request):
    return list_filters(
        request.GET, ("q", "status", "sector", "kind", "year"),
        Exemplar.objects.visible_to(request.user).select_related("unit", "person", "collective"),
        choices=[("status", Exemplar.Status), ("sector", Sector), ("kind", Exemplar.Kind)], year="year",
    )


@login_required
def exemplar_export(request):
    """The exemplar list as shown (filters, order) to XLSX."""
    qs, _f = _filtered_exemplars(request)
    return exemplars_file(request, qs.order_by(*Sorting(request, EXEMPLAR_SORTS, "-nam").order))


def exemplars_file(request, qs):
    """`qs` (scoped, filtered and ordered by the caller: the page or the API) as the exemplar list's XLSX, recorded
    in the audit log with the request's filters."""
    columns = [
        Column(_("Điển hình"), lambda e: e.display_name, 32), Column(_("Tiêu đề"), lambda e: e.title, 44),
        Column(_("Đơn vị"), lambda e: e.unit.name if e.unit_id else "", 30),
        Column(_("Ngành, lĩnh vực"), lambda e: e.get_sector_display(), 18), Column(_("Năm"), lambda e: e.year, 8),
        Column(_("Trạng thái"), lambda e: e.get_status_display(), 16),
    ]
    return xlsx_export(request, qs, columns, title=_("Điển hình tiên tiến"), filename="dien-hinh-tien-tien",
                       note=_("Xuất danh sách điển hình tiên tiến ra Excel"))


@login_required
def exemplar_list(request):
    qs, f = _filtered_exemplars(request)
    sorting = Sorting(request, EXEMPLAR_SORTS, "-nam")
    page = paginate(request, qs, sorting.order, size=PAGE_SIZE)
    waiting = (Exemplar.objects.visible_to(request.user).filter(status=Exemplar.Status.SUBMITTED).count()
               if access.is_province_staff(request.user) else None)
    return render(request, "outreach/exemplar_list.html", {
        "page": page, "sorting": sorting, "filters": f, "statuses": Exemplar.Status.choices, "sectors": Sector.choices,
        "filtered": list_notice(request, f, [("status", Exemplar.Status), ("sector", Sector), ("kind", Exemplar.Kind)]),
        "kinds": Exemplar.Kind.choices, "can_create": request.user.has_perm("outreach.propose_exemplar"), "waiting": waiting,
    })


@login_required
def exemplar_detail(request, pk):
    ex = get_visible_or_404(
        Exemplar.objects.select_related("unit", "person", "person__unit", "collective", "movement", "submitted_by",
                                        "published_by"),
        request.user, pk=pk,
    )
    user = request.user
    history = list(AuditEntry.objects.filter(model="outreach.Exemplar", object_id=str(ex.pk), action="transition")
                   .order_by("at", "id")[:50])
    # The award book of the person or collective, so staff can check the story against conferred awards.
    from thidua.awards.models import Award

    awards = Award.objects.none()
    if ex.person_id:
        awards = Award.objects.visible_to(user).filter(person_id=ex.person_id)
    elif ex.collective_id:
        awards = Award.objects.visible_to(user).filter(person__isnull=True, unit_id=ex.collective_id)
    awards = awards.select_related("award_type").order_by("-year", "-id")[:10]
    return render(request, "outreach/exemplar_detail.html", {
        "ex": ex, "coverage": ex.coverage.all(), "history": history, "reject_form": RejectForm(), "awards": awards,
        "can_edit": user.has_perm("outreach.edit_exemplar", ex), "can_submit": user.has_perm("outreach.submit_exemplar", ex),
        "can_publish": user.has_perm("outreach.publish_exemplar", ex), "can_reject": user.has_perm("outreach.reject_exemplar", ex),
        "can_unpublish": user.has_perm("outreach.unpublish_exemplar", ex), "can_delete": user.has_perm("outreach.delete_exemplar", ex),
        "can_cover": user.has_perm("outreach.cover_exemplar", ex),
        "person_citizen_id": ex.person.citizen_id_for(user) if ex.person_id else "",
    })


@login_required
def exemplar_edit(request, pk=None):
    ex = _to_edit(request, Exemplar.objects.select_related("unit", "person"), pk,
                  may_edit="outreach.edit_exemplar",
                  edit_denied=_("Chỉ sửa được điển hình đang soạn hoặc bị trả lại của đơn vị mình."),
                  may_create="outreach.propose_exemplar", create_denied=_("Bạn không có quyền đề xuất điển hình."))
    form = ExemplarForm(request.POST or None, request.FILES or None, instance=ex, user=request.user)

    def save(obj):
        services.save_exemplar(request.user, obj, photo=form.cleaned_data.get("photo_upload"),
                               remove_photo=form.cleaned_data.get("remove_photo"))

    if done := _save_form(request, form, save, success=_("Đã lưu điển hình."), then="outreach:exemplar_detail",
                          denied_field="unit"):
        return done
    return render(request, "outreach/exemplar_form.html", {"form": form, "ex": ex})


@login_required
@require_POST
def exemplar_action(request, pk, action):
    ex = get_visible_or_404(Exemplar.objects.select_related("unit"), request.user, pk=pk)
    user, reason = request.user, request.POST.get("reason", "")
    if action == "submit":
        _attempt(request, lambda: services.submit_exemplar(user, ex),
                 _("Đã gửi điển hình để Sở Nội vụ xem xét, công bố."))
    elif action == "publish":
        _attempt(request, lambda: services.publish_exemplar(user, ex), _("Đã công bố điển hình trên trang công khai."))
    elif action == "reject":
        _attempt(request, lambda: services.reject_exemplar(user, ex, reason=reason),
                 _("Đã trả lại điển hình cho đơn vị."))
    elif action == "unpublish":
        _attempt(request, lambda: services.unpublish_exemplar(user, ex, reason=reason),
                 _("Đã gỡ điển hình khỏi trang công khai."))
    elif action == "delete":
        if _attempt(request, lambda: services.delete_exemplar(user, ex), _("Đã xoá đề xuất điển hình.")):
            return redirect("outreach:exemplar_list")
    else:
        raise Http404(_("Thao tác không hợp lệ."))
    return redirect("outreach:exemplar_detail", pk=ex.pk)


@login_required
def exemplar_photo(request, pk):
    ex = get_visible_or_404(Exemplar, request.user, pk=pk)
    if not ex.photo:
        raise Http404(_("Điển hình chưa có ảnh."))
    return serve_file(ex.photo, filename=f"dien-hinh-{ex.pk}", content_type=ex.photo_content_type, inline=True)


# Media coverage ------------------------------------------------------------------------------------------------


COVERAGE_SORTS = {"ngay": (["published_on", "id"], ["-published_on", "-id"])}  # sortable column (core.pagination.Sorting)


@login_required
def coverage_list(request):
    qs, f = list_filters(
        request.GET, ("q", "medium", "year", "outlet", "phong_trao"),
        MediaCoverage.objects.visible_to(request.user).select_related("unit", "exemplar", "movement"),
        choices=[("medium", MediaCoverage.Medium)], year="published_on__year",
    )
    if _int(f["phong_trao"]):
        qs = qs.filter(movement_id=_int(f["phong_trao"]))
    if f["outlet"]:
        qs = qs.filter(outlet=f["outlet"])
    sorting = Sorting(request, COVERAGE_SORTS, "-ngay")
    page = paginate(request, qs, sorting.order, size=PAGE_SIZE)
    for c in page.rows:
        c.can_edit = request.user.has_perm("outreach.edit_coverage", c)
    outlets = (MediaCoverage.objects.visible_to(request.user).order_by("outlet").values_list("outlet", flat=True)
               .distinct()[:200])
    return render(request, "outreach/coverage_list.html", {
        "filtered": list_notice(request, f, [("medium", MediaCoverage.Medium)], texts={
            "phong_trao": MediaCoverage._meta.get_field("movement").related_model.objects
            .filter(pk=_int(f["phong_trao"])).values_list("name", flat=True).first()
            if _int(f["phong_trao"]) else None}),
        "page": page, "sorting": sorting, "filters": f, "media": MediaCoverage.Medium.choices, "outlets": outlets,
        "can_create": request.user.has_perm("outreach.record_coverage"),
    })


@login_required
def coverage_edit(request, pk=None):
    cov = _to_edit(request, MediaCoverage.objects.select_related("unit"), pk,
                   may_edit="outreach.edit_coverage", edit_denied=_("Bạn không có quyền sửa tin, bài này."),
                   may_create="outreach.record_coverage", create_denied=_("Bạn không có quyền cập nhật tin, bài."))
    initial = {}
    if cov is None:
        if _int(request.GET.get("dien_hinh")):
            initial["exemplar"] = _int(request.GET.get("dien_hinh"))
        if _int(request.GET.get("phong_trao")):
            initial["movement"] = _int(request.GET.get("phong_trao"))
    form = CoverageForm(request.POST or None, instance=cov, user=request.user, initial=initial)

    def then(obj):
        if obj.exemplar_id:
            return redirect("outreach:exemplar_detail", pk=obj.exemplar_id)
        return redirect("outreach:coverage_list")

    if done := _save_form(request, form, lambda obj: services.save_coverage(request.user, obj),
                          success=_("Đã lưu tin, bài."), then=then, denied_field="unit"):
        return done
    return _simple_form(request, form, title=_("Sửa tin, bài") if cov else _("Thêm tin, bài tuyên truyền"),
                        back="outreach:coverage_list", crumb=_("Tin, bài tuyên truyền"),
                        delete_url=reverse("outreach:coverage_delete", args=[cov.pk]) if cov else None)


@login_required
@require_POST
def coverage_delete(request, pk):
    cov = get_visible_or_404(MediaCoverage.objects.select_related("unit"), request.user, pk=pk)
    _attempt(request, lambda: services.delete_coverage(request.user, cov), _("Đã xoá tin, bài."))
    return redirect("outreach:coverage_list")


# ---------------------------------------------------------------------------------------------------------------
# Legal library (management; the public pages are in public_views)
# ---------------------------------------------------------------------------------------------------------------


def filter_legal(qs, params):
    return list_filters(params, ("q", "kind", "status", "year"), qs,
                        choices=[("kind", LegalDocument.Kind), ("status", LegalDocument.Status)], year="issued_on__year")


LEGAL_SORTS = {"ngay": (["issued_on", "id"], ["-issued_on", "-id"])}  # sortable column (core.pagination.Sorting)


@login_required
def legal_list(request):
    qs, f = filter_legal(LegalDocument.objects.visible_to(request.user), request.GET)
    sorting = Sorting(request, LEGAL_SORTS, "-ngay")
    page = paginate(request, qs, sorting.order, size=PAGE_SIZE)
    return render(request, "outreach/legal_list.html", {
        "page": page, "sorting": sorting, "filters": f, "kinds": LegalDocument.Kind.choices, "statuses": LegalDocument.Status.choices,
        "filtered": list_notice(request, f, [("kind", LegalDocument.Kind), ("status", LegalDocument.Status)]),
        "can_manage": request.user.has_perm("outreach.manage_library"),
    })


@login_required
def legal_edit(request, pk=None):
    if not request.user.has_perm("outreach.manage_library"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh quản lý thư viện văn bản."))
    doc = get_visible_or_404(LegalDocument, request.user, pk=pk) if pk is not None else None
    form = LegalDocumentForm(request.POST or None, request.FILES or None, instance=doc)

    def save(obj):
        services.save_legal_document(request.user, obj, upload=form.cleaned_data.get("upload"),
                                     remove_file=form.cleaned_data.get("remove_file"))

    if done := _save_form(request, form, save, success=_("Đã lưu văn bản."), then="outreach:legal_detail"):
        return done
    return _simple_form(request, form, title=_("Sửa văn bản") if doc else _("Thêm văn bản vào thư viện"),
                        back="outreach:legal_list", crumb=_("Thư viện văn bản"), multipart=True)


@login_required
def legal_detail(request, pk):
    doc = get_visible_or_404(LegalDocument.objects.select_related("replaced_by"), request.user, pk=pk)
    return render(request, "outreach/legal_detail.html", {
        "doc": doc, "replaces": LegalDocument.objects.visible_to(request.user).filter(replaced_by=doc),
        "can_manage": request.user.has_perm("outreach.manage_library"), "public": False,
    })


@login_required
def legal_download(request, pk):
    doc = get_visible_or_404(LegalDocument, request.user, pk=pk)
    if not doc.file:
        raise Http404(_("Văn bản chưa có tệp đính kèm."))
    return serve_file(doc.file, filename=doc.file_name or f"van-ban-{doc.pk}", content_type=doc.file_content_type)


# ---------------------------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------------------------


TRAINING_SORTS = {"bat_dau": (["start", "id"], ["-start", "-id"])}  # sortable column (core.pagination.Sorting)


def _filtered_trainings(request):
    return list_filters(request.GET, ("q", "status", "year"),
                        Training.objects.visible_to(request.user).select_related("organiser"),
                        choices=[("status", Training.Status)], year="start__year")


@login_required
def training_list_export(request):
    """The training list as shown (filters, order) to XLSX."""
    qs, _f = _filtered_trainings(request)
    return trainings_file(request, qs.order_by(*Sorting(request, TRAINING_SORTS, "-bat_dau").order))


def trainings_file(request, qs):
    """`qs` (scoped, filtered, ordered: the page or the API) as the training list's XLSX, recorded in the audit
    log."""
    columns = [
        Column(_("Tên lớp tập huấn"), lambda t: t.title, 44), Column(_("Đơn vị tổ chức"), lambda t: t.organiser.name, 30),
        Column(_("Từ ngày"), lambda t: t.start, 12), Column(_("Đến ngày"), lambda t: t.end, 12),
        Column(_("Địa điểm"), lambda t: t.venue, 30), Column(_("Trạng thái"), lambda t: t.get_status_display(), 16),
    ]
    return xlsx_export(request, qs, columns, title=_("Tập huấn nghiệp vụ"), filename="tap-huan-nghiep-vu",
                       note=_("Xuất danh sách lớp tập huấn ra Excel"))


@login_required
def training_list(request):
    qs, f = _filtered_trainings(request)
    sorting = Sorting(request, TRAINING_SORTS, "-bat_dau")
    page = paginate(request, qs, sorting.order, size=PAGE_SIZE)
    mine = TrainingAttendee.objects.visible_to(request.user).filter(training__in=[t.pk for t in page.rows])
    counts = {}
    for training_id in mine.values_list("training_id", flat=True):
        counts[training_id] = counts.get(training_id, 0) + 1
    for t in page.rows:
        t.n_visible = counts.get(t.pk, 0)
    return render(request, "outreach/training_list.html", {
        "filtered": list_notice(request, f, [("status", Training.Status)]), "page": page, "sorting": sorting, "filters": f, "statuses": Training.Status.choices,
        "can_create": request.user.has_perm("outreach.create_training"), "province_wide": is_province_wide(request.user),
    })


@login_required
def training_edit(request, pk=None):
    training = _to_edit(request, Training.objects.select_related("organiser"), pk,
                        may_edit="outreach.manage_training",
                        edit_denied=_("Bạn không có quyền sửa lớp tập huấn này."),
                        may_create="outreach.create_training",
                        create_denied=_("Chỉ cán bộ TĐKT cấp tỉnh tạo lớp tập huấn."))
    form = TrainingForm(request.POST or None, instance=training, user=request.user)
    if done := _save_form(request, form, lambda obj: services.save_training(request.user, obj),
                          success=_("Đã lưu lớp tập huấn."), then="outreach:training_detail",
                          denied_field="organiser"):
        return done
    return _simple_form(request, form, title=_("Sửa lớp tập huấn") if training else _("Thêm lớp tập huấn"),
                        back="outreach:training_list", crumb=_("Tập huấn nghiệp vụ"))


def _training(request, pk):
    return get_visible_or_404(Training.objects.select_related("organiser"), request.user, pk=pk)


@login_required
def training_detail(request, pk):
    training = _training(request, pk)
    user = request.user
    attendees = (TrainingAttendee.objects.visible_to(user).filter(training=training)
                 .select_related("person", "unit").order_by("unit__sort_key", "sort_key", "id"))
    manage = user.has_perm("outreach.manage_training", training)
    can_register = (training.status == Training.Status.OPEN and can_edit(user)) or (
        manage and training.status in (Training.Status.PLANNED, Training.Status.OPEN, Training.Status.CLOSED))
    summary = selectors.training_summary(training, user)
    totals = {k: sum(getattr(r, k) or 0 for r in summary) for k in ("seats", "registered", "attended", "absent")}
    return render(request, "outreach/training_detail.html", {
        "t": training, "attendees": attendees, "summary": summary, "totals": totals,
        "materials": training.materials.all(), "can_manage": manage, "can_register": can_register,
        "attendee_form": AttendeeForm(user=user), "invitation_form": InvitationForm(), "material_form": MaterialForm(),
        "can_mark": manage and training.status != Training.Status.CANCELLED and training.start <= timezone.localdate(),
        "steps": [(s, Training.Status(s).label) for s, frm in services.TRAINING_STEPS.items() if training.status in frm],
    })


@login_required
@require_POST
def training_status(request, pk):
    training = _training(request, pk)
    _attempt(request, lambda: services.set_training_status(request.user, training, request.POST.get("status", "")),
             lambda _result: _("Đã chuyển trạng thái: %(s)s.") % {"s": training.get_status_display()})
    return redirect("outreach:training_detail", pk=training.pk)


@login_required
@require_POST
def training_invite(request, pk):
    training = _training(request, pk)
    if not request.user.has_perm("outreach.manage_training", training):
        raise PermissionDenied(_("Bạn không có quyền mời đơn vị dự lớp tập huấn này."))
    form = InvitationForm(request.POST)
    if not form.is_valid():
        _flash_form(request, form)
        return redirect("outreach:training_detail", pk=training.pk)
    done = 0
    for unit in form.cleaned_data["units"]:
        try:
            services.invite_unit(request.user, training, unit, form.cleaned_data["seats"])
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            _flash(request, exc)
    if done:
        messages.success(request, _("Đã mời %(n)d đơn vị.") % {"n": done})
    return redirect("outreach:training_detail", pk=training.pk)


@login_required
@require_POST
def invitation_delete(request, pk):
    inv = _row_of_visible(request, TrainingInvitation.objects.select_related("training", "unit"), pk,
                          parent=Training, parent_id="training_id", missing=_("Không tìm thấy lời mời."))
    _attempt(request, lambda: services.remove_invitation(request.user, inv), _("Đã bỏ lời mời."))
    return redirect("outreach:training_detail", pk=inv.training_id)


@login_required
@require_POST
def training_register(request, pk):
    training = _training(request, pk)
    form = AttendeeForm(request.POST, user=request.user)
    if not form.is_valid():
        _flash_form(request, form)
        return redirect("outreach:training_detail", pk=training.pk)
    _attempt(request, lambda: services.register_attendee(request.user, training, form.cleaned_data["person"],
                                                         note=form.cleaned_data.get("note", "")),
             lambda a: _("Đã đăng ký %(name)s.") % {"name": a.person.full_name})
    return redirect("outreach:training_detail", pk=training.pk)


@login_required
@require_POST
def attendee_delete(request, pk):
    attendee = get_visible_or_404(TrainingAttendee.objects.select_related("training", "unit", "person"),
                                  request.user, pk=pk)
    _attempt(request, lambda: services.unregister_attendee(request.user, attendee),
             _("Đã xoá %(name)s khỏi danh sách.") % {"name": attendee.person.full_name})
    return redirect("outreach:training_detail", pk=attendee.training_id)


@login_required
@require_POST
def training_attendance(request, pk):
    training = _training(request, pk)
    visible = TrainingAttendee.objects.visible_to(request.user).filter(training=training).values_list("pk", flat=True)
    present = [i for i in (_int(x) for x in request.POST.getlist("present")) if i]
    _attempt(request, lambda: services.mark_attendance(request.user, training, present, attendee_ids=list(visible)),
             lambda n: _("Đã điểm danh: %(n)d học viên có mặt.") % {"n": n})
    return redirect("outreach:training_detail", pk=training.pk)


@login_required
def training_export(request, pk):
    return attendees_file(request, _training(request, pk))


def attendees_file(request, training):
    """The attendees of a course the user sees, with the summary by unit, as XLSX (the page and the API)."""
    attendees = list(TrainingAttendee.objects.visible_to(request.user).filter(training=training)
                     .select_related("person", "unit").order_by("unit__sort_key", "sort_key", "id"))
    record(training, "export", user=request.user, note=_("Xuất Excel danh sách học viên (%(n)d người)") % {"n": len(attendees)},
           unit_id=request.user.unit_id)
    return exports.attendees_xlsx(training, attendees, selectors.training_summary(training, request.user))


@login_required
@require_POST
def material_upload(request, pk):
    training = _training(request, pk)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        _flash_form(request, form)
        return redirect("outreach:training_detail", pk=training.pk)
    _attempt(request, lambda: services.add_material(request.user, training, form.cleaned_data["file"],
                                                    title=form.cleaned_data["title"], kind=form.cleaned_data["kind"]),
             _("Đã tải lên tài liệu."))
    return redirect("outreach:training_detail", pk=training.pk)


def _material(request, pk):
    return _row_of_visible(request, TrainingMaterial.objects.select_related("training", "training__organiser"), pk,
                           parent=Training, parent_id="training_id", missing=_("Không tìm thấy tài liệu."))


@login_required
def material_download(request, pk):
    material = _material(request, pk)
    return serve_file(material.file, filename=material.original_name or f"tai-lieu-{material.pk}",
                      content_type=material.content_type)


@login_required
@require_POST
def material_delete(request, pk):
    material = _material(request, pk)
    _attempt(request, lambda: services.delete_material(request.user, material), _("Đã xoá tài liệu."))
    return redirect("outreach:training_detail", pk=material.training_id)


# ---------------------------------------------------------------------------------------------------------------
# Congresses and delegations
# ---------------------------------------------------------------------------------------------------------------


CONGRESS_SORTS = {"bat_dau": (["start", "id"], ["-start", "-id"])}  # sortable column (core.pagination.Sorting)


@login_required
def congress_list(request):
    qs, f = list_filters(request.GET, ("q", "level"), Congress.objects.visible_to(request.user).select_related("organiser"),
                         choices=[("level", Congress.Level)])
    sorting = Sorting(request, CONGRESS_SORTS, "-bat_dau")
    page = paginate(request, qs, sorting.order, size=PAGE_SIZE)
    congresses = page.rows
    delegations = {}
    for d in Delegation.objects.visible_to(request.user).filter(congress__in=congresses).order_by("id"):
        delegations.setdefault(d.congress_id, []).append(d)
    for c in congresses:
        c.delegation_list = delegations.get(c.pk, [])
    return render(request, "outreach/congress_list.html", {
        "congresses": congresses, "filtered": list_notice(request, f, [("level", Congress.Level)]), "page": page, "sorting": sorting,
        "can_manage": request.user.has_perm("outreach.manage_congress"), "filters": f,
        "levels": Congress.Level.choices,
    })


@login_required
def congress_edit(request, pk=None):
    if not request.user.has_perm("outreach.manage_congress"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh quản lý đại hội thi đua."))
    congress = get_visible_or_404(Congress, request.user, pk=pk) if pk is not None else None
    form = CongressForm(request.POST or None, instance=congress)
    if done := _save_form(request, form, lambda obj: services.save_congress(request.user, obj),
                          success=_("Đã lưu đại hội."), then="outreach:congress_detail"):
        return done
    return _simple_form(request, form, title=_("Sửa đại hội") if congress else _("Thêm đại hội thi đua yêu nước"),
                        back="outreach:congress_list", crumb=_("Đại hội thi đua yêu nước"))


@login_required
def congress_detail(request, pk):
    congress = get_visible_or_404(Congress.objects.select_related("organiser"), request.user, pk=pk)
    form = HonoureeForm()
    if request.method == "POST":
        if not request.user.has_perm("outreach.manage_congress"):
            raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh cập nhật danh sách tuyên dương."))
        form = HonoureeForm(request.POST)

        def add(obj):
            obj.congress = congress
            services.add_honouree(request.user, obj)

        if done := _save_form(request, form, add, success=_("Đã thêm vào danh sách tuyên dương."),
                              then=lambda obj: redirect("outreach:congress_detail", pk=congress.pk)):
            return done
    honourees = congress.honourees.select_related("exemplar", "award", "award__award_type")
    return render(request, "outreach/congress_detail.html", {
        "c": congress, "honourees": honourees, "form": form,
        "delegations": Delegation.objects.visible_to(request.user).filter(congress=congress).select_related("lead_unit"),
        "can_manage": request.user.has_perm("outreach.manage_congress"),
    })


@login_required
@require_POST
def honouree_delete(request, pk):
    h = _row_of_visible(request, CongressHonouree.objects.select_related("congress"), pk,
                        parent=Congress, parent_id="congress_id", missing=_("Không tìm thấy."))
    services.delete_honouree(request.user, h)
    messages.success(request, _("Đã bỏ khỏi danh sách tuyên dương."))
    return redirect("outreach:congress_detail", pk=h.congress_id)


@login_required
def delegation_edit(request, pk=None):
    if not request.user.has_perm("outreach.manage_congress"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh thành lập đoàn đại biểu."))
    delegation = get_visible_or_404(Delegation, request.user, pk=pk) if pk is not None else None
    initial = {"congress": _int(request.GET.get("dai_hoi"))} if delegation is None else {}
    if delegation is None and request.user.unit_id:
        initial["lead_unit"] = request.user.unit_id
    form = DelegationForm(request.POST or None, instance=delegation, initial=initial)
    if done := _save_form(request, form, lambda obj: services.save_delegation(request.user, obj),
                          success=_("Đã lưu đoàn đại biểu."), then="outreach:delegation_detail"):
        return done
    return _simple_form(request, form, title=_("Sửa đoàn đại biểu") if delegation else _("Thành lập đoàn đại biểu"),
                        back="outreach:congress_list", crumb=_("Đại hội thi đua yêu nước"))


def _delegates(request, delegation):
    return (Delegate.objects.visible_to(request.user).filter(delegation=delegation)
            .select_related("person", "unit", "exemplar"))


@login_required
def delegation_detail(request, pk):
    delegation = get_visible_or_404(Delegation.objects.select_related("congress", "lead_unit"), request.user, pk=pk)
    delegates = selectors.ordered_delegates(_delegates(request, delegation))
    confirmed = Delegate.objects.filter(delegation=delegation, status=Delegate.Status.CONFIRMED)
    if not is_province_wide(request.user):
        confirmed = confirmed.filter(pk__in=[d.pk for d in delegates])
    return render(request, "outreach/delegation_detail.html", {
        "d": delegation, "delegates": delegates, "comp": selectors.composition(confirmed),
        "comp_all": selectors.composition(_delegates(request, delegation).exclude(status=Delegate.Status.DECLINED)),
        "can_decide": request.user.has_perm("outreach.decide_delegates", delegation),
        "can_nominate": delegation.status == Delegation.Status.NOMINATING and can_edit(request.user),
        "nomination_form": NominationForm(user=request.user), "decide_form": DecideForm(),
        "roles": Delegate.Role.choices, "statuses": Delegate.Status.choices,
    })


@login_required
@require_POST
def delegation_nominate(request, pk):
    delegation = get_visible_or_404(Delegation, request.user, pk=pk)
    form = NominationForm(request.POST, user=request.user)
    if not form.is_valid():
        _flash_form(request, form)
        return redirect("outreach:delegation_detail", pk=delegation.pk)
    data = form.cleaned_data
    _attempt(request, lambda: services.nominate_delegate(request.user, delegation, data["person"],
                                                         category=data["category"],
                                                         achievements=data.get("achievements", ""),
                                                         exemplar=data.get("exemplar")),
             lambda d: _("Đã đề cử %(name)s.") % {"name": d.person.full_name})
    return redirect("outreach:delegation_detail", pk=delegation.pk)


@login_required
@require_POST
def delegate_decide(request, pk):
    delegate = get_visible_or_404(Delegate.objects.select_related("delegation", "person"), request.user, pk=pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        _flash_form(request, form)
    else:
        data = form.cleaned_data
        _attempt(request, lambda: services.decide_delegate(request.user, delegate, status=data["status"],
                                                           role=data["role"], note=data.get("note", "")),
                 _("Đã cập nhật đại biểu %(name)s.") % {"name": delegate.person.full_name})
    return redirect("outreach:delegation_detail", pk=delegate.delegation_id)


@login_required
@require_POST
def delegate_withdraw(request, pk):
    delegate = get_visible_or_404(Delegate.objects.select_related("delegation", "person", "unit"), request.user, pk=pk)
    _attempt(request, lambda: services.withdraw_delegate(request.user, delegate),
             _("Đã rút đề cử %(name)s.") % {"name": delegate.person.full_name})
    return redirect("outreach:delegation_detail", pk=delegate.delegation_id)


@login_required
@require_POST
def delegation_action(request, pk, action):
    delegation = get_visible_or_404(Delegation, request.user, pk=pk)
    if action == "close":
        _attempt(request, lambda: services.close_delegation(request.user, delegation),
                 _("Đã chốt danh sách đoàn đại biểu."))
    elif action == "reopen":
        _attempt(request, lambda: services.reopen_delegation(request.user, delegation), _("Đã mở lại việc đề cử."))
    else:
        raise Http404(_("Thao tác không hợp lệ."))
    return redirect("outreach:delegation_detail", pk=delegation.pk)


@login_required
def delegation_export(request, pk):
    return delegates_file(request, get_visible_or_404(Delegation.objects.select_related("congress"), request.user,
                                                      pk=pk))


def delegates_file(request, delegation):
    """The delegates of a delegation the user sees (declined ones left out) with the composition, as XLSX (the
    page and the API)."""
    delegates = selectors.ordered_delegates(_delegates(request, delegation).exclude(status=Delegate.Status.DECLINED))
    comp = selectors.composition(Delegate.objects.filter(pk__in=[d.pk for d in delegates],
                                                         status=Delegate.Status.CONFIRMED))
    record(delegation, "export", user=request.user, note=_("Xuất Excel danh sách đại biểu (%(n)d người)") % {"n": len(delegates)},
           unit_id=request.user.unit_id)
    return exports.delegates_xlsx(delegation, delegates, comp)


def report_file(request, report):
    """The KH 90/KH-UBND report of `report` (selectors.propaganda_report) as XLSX, recorded (the page and the API)."""
    record(None, "export", user=request.user, note=_("Xuất Excel báo cáo KH 90/KH-UBND"), unit_id=request.user.unit_id)
    return exports.propaganda_xlsx(report)


# ---------------------------------------------------------------------------------------------------------------
# KH 90/KH-UBND report (task 20)
# ---------------------------------------------------------------------------------------------------------------

KH90_START = dt.date(2021, 6, 11)
KH90_END = dt.date(2025, 12, 31)


@login_required
def propaganda_report(request):
    form = ReportPeriodForm(request.GET or None)
    start, end = KH90_START, KH90_END
    status = 200
    if form.is_bound:
        if form.is_valid():
            start = form.cleaned_data.get("tu") or start
            end = form.cleaned_data.get("den") or end
        else:
            status = 400
    report = selectors.propaganda_report(request.user, start, end)
    if request.GET.get("xuat") == "xlsx" and status == 200:
        return report_file(request, report)
    return render(request, "outreach/report.html", {
        "form": form, "r": report, "start": start, "end": end, "province_wide": is_province_wide(request.user),
    }, status=status)
