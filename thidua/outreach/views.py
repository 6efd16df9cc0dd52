"""Pages of the "Tuyên truyền" area for signed-in users: exemplars and media coverage, the legal library, training
courses, congresses and delegations, and the KH 90/KH-UBND report. Every read goes through `visible_to` /
`get_visible_or_404`; every change goes through `services` (which checks the right again)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.audit import record
from thidua.core.models import AuditEntry
from thidua.core.pagination import keyset_page
from thidua.core.scoping import can_edit, get_visible_or_404, is_province_wide
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
    people_for,
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


def _form_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def _flash(request, exc):
    messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))


def _int(value):
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def serve_file(field_file, *, filename, content_type, inline=False):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("Tệp không còn trên máy chủ."))
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def people_options(request):
    """<option>s of the active people of a unit the user can see (htmx, for the person pickers)."""
    unit_id = _int(request.GET.get(request.GET.get("field", "unit"), "")) or _int(request.GET.get("unit", ""))
    people = people_for(request.user).filter(unit_id=unit_id, active=True).order_by("sort_key", "id")
    people = people.only("id", "full_name", "position")[:2000] if unit_id else []
    options = format_html_join("", '<option value="{}">{}{}</option>',
                               ((p.pk, p.full_name, f" — {p.position}" if p.position else "") for p in people))
    return HttpResponse(format_html('<option value="">---------</option>{}', options))


# ---------------------------------------------------------------------------------------------------------------
# Exemplars
# ---------------------------------------------------------------------------------------------------------------


@login_required
def exemplar_list(request):
    qs = Exemplar.objects.visible_to(request.user).select_related("unit", "person", "collective")
    f = {k: request.GET.get(k, "").strip()[:200] for k in ("q", "status", "sector", "kind", "year")}
    if f["q"]:
        qs = qs.search(f["q"])
    if f["status"] in Exemplar.Status.values:
        qs = qs.filter(status=f["status"])
    if f["sector"] in Sector.values:
        qs = qs.filter(sector=f["sector"])
    if f["kind"] in Exemplar.Kind.values:
        qs = qs.filter(kind=f["kind"])
    if _int(f["year"]):
        qs = qs.filter(year=_int(f["year"]))
    page = keyset_page(qs, ["-year", "-id"], request.GET.get("sau"), size=PAGE_SIZE)
    waiting = (Exemplar.objects.visible_to(request.user).filter(status=Exemplar.Status.SUBMITTED).count()
               if access.is_province_staff(request.user) else None)
    return render(request, "outreach/exemplar_list.html", {
        "page": page, "filters": f, "statuses": Exemplar.Status.choices, "sectors": Sector.choices,
        "kinds": Exemplar.Kind.choices, "can_create": access.can_propose_exemplar(request.user), "waiting": waiting,
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
        "can_edit": access.can_edit_exemplar(user, ex), "can_submit": access.can_submit_exemplar(user, ex),
        "can_publish": access.can_publish_exemplar(user, ex), "can_reject": access.can_reject_exemplar(user, ex),
        "can_unpublish": access.can_unpublish_exemplar(user, ex), "can_delete": access.can_delete_exemplar(user, ex),
        "can_cover": access.can_record_coverage(user) and access.acts_for_unit(user, ex.unit),
        "person_citizen_id": ex.person.citizen_id_for(user) if ex.person_id else "",
    })


@login_required
def exemplar_edit(request, pk=None):
    ex = None
    if pk is not None:
        ex = get_visible_or_404(Exemplar.objects.select_related("unit", "person"), request.user, pk=pk)
        if not access.can_edit_exemplar(request.user, ex):
            raise PermissionDenied(_("Chỉ sửa được điển hình đang soạn hoặc bị trả lại của đơn vị mình."))
    elif not access.can_propose_exemplar(request.user):
        raise PermissionDenied(_("Bạn không có quyền đề xuất điển hình."))
    form = ExemplarForm(request.POST or None, request.FILES or None, instance=ex, user=request.user)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        try:
            services.save_exemplar(request.user, obj, photo=form.cleaned_data.get("photo_upload"),
                                   remove_photo=form.cleaned_data.get("remove_photo"))
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("unit", str(exc))
        else:
            messages.success(request, _("Đã lưu điển hình."))
            return redirect("outreach:exemplar_detail", pk=obj.pk)
    return render(request, "outreach/exemplar_form.html", {"form": form, "ex": ex})


@login_required
@require_POST
def exemplar_action(request, pk, action):
    ex = get_visible_or_404(Exemplar.objects.select_related("unit"), request.user, pk=pk)
    reason = request.POST.get("reason", "")
    try:
        if action == "submit":
            services.submit_exemplar(request.user, ex)
            messages.success(request, _("Đã gửi điển hình để Sở Nội vụ xem xét, công bố."))
        elif action == "publish":
            services.publish_exemplar(request.user, ex)
            messages.success(request, _("Đã công bố điển hình trên trang công khai."))
        elif action == "reject":
            services.reject_exemplar(request.user, ex, reason=reason)
            messages.success(request, _("Đã trả lại điển hình cho đơn vị."))
        elif action == "unpublish":
            services.unpublish_exemplar(request.user, ex, reason=reason)
            messages.success(request, _("Đã gỡ điển hình khỏi trang công khai."))
        elif action == "delete":
            services.delete_exemplar(request.user, ex)
            messages.success(request, _("Đã xoá đề xuất điển hình."))
            return redirect("outreach:exemplar_list")
        else:
            raise Http404(_("Thao tác không hợp lệ."))
    except (ValidationError, PermissionDenied) as exc:
        _flash(request, exc)
    return redirect("outreach:exemplar_detail", pk=ex.pk)


@login_required
def exemplar_photo(request, pk):
    ex = get_visible_or_404(Exemplar, request.user, pk=pk)
    if not ex.photo:
        raise Http404(_("Điển hình chưa có ảnh."))
    return serve_file(ex.photo, filename=f"dien-hinh-{ex.pk}", content_type=ex.photo_content_type, inline=True)


# Media coverage ------------------------------------------------------------------------------------------------


@login_required
def coverage_list(request):
    qs = MediaCoverage.objects.visible_to(request.user).select_related("unit", "exemplar", "movement")
    f = {k: request.GET.get(k, "").strip()[:200] for k in ("q", "medium", "year", "outlet", "phong_trao")}
    if f["q"]:
        qs = qs.search(f["q"])
    if _int(f["phong_trao"]):
        qs = qs.filter(movement_id=_int(f["phong_trao"]))
    if f["medium"] in MediaCoverage.Medium.values:
        qs = qs.filter(medium=f["medium"])
    if _int(f["year"]):
        qs = qs.filter(published_on__year=_int(f["year"]))
    if f["outlet"]:
        qs = qs.filter(outlet=f["outlet"])
    page = keyset_page(qs, ["-published_on", "-id"], request.GET.get("sau"), size=PAGE_SIZE)
    for c in page.rows:
        c.can_edit = access.can_edit_coverage(request.user, c)
    outlets = (MediaCoverage.objects.visible_to(request.user).order_by("outlet").values_list("outlet", flat=True)
               .distinct()[:200])
    return render(request, "outreach/coverage_list.html", {
        "page": page, "filters": f, "media": MediaCoverage.Medium.choices, "outlets": outlets,
        "can_create": access.can_record_coverage(request.user),
    })


@login_required
def coverage_edit(request, pk=None):
    cov = None
    if pk is not None:
        cov = get_visible_or_404(MediaCoverage.objects.select_related("unit"), request.user, pk=pk)
        if not access.can_edit_coverage(request.user, cov):
            raise PermissionDenied(_("Bạn không có quyền sửa tin, bài này."))
    elif not access.can_record_coverage(request.user):
        raise PermissionDenied(_("Bạn không có quyền cập nhật tin, bài."))
    initial = {}
    if cov is None:
        if _int(request.GET.get("dien_hinh")):
            initial["exemplar"] = _int(request.GET.get("dien_hinh"))
        if _int(request.GET.get("phong_trao")):
            initial["movement"] = _int(request.GET.get("phong_trao"))
    form = CoverageForm(request.POST or None, instance=cov, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        try:
            services.save_coverage(request.user, obj)
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("unit", str(exc))
        else:
            messages.success(request, _("Đã lưu tin, bài."))
            if obj.exemplar_id:
                return redirect("outreach:exemplar_detail", pk=obj.exemplar_id)
            return redirect("outreach:coverage_list")
    return render(request, "outreach/simple_form.html", {
        "form": form, "title": _("Sửa tin, bài") if cov else _("Thêm tin, bài tuyên truyền"),
        "back": "outreach:coverage_list", "crumb": _("Tin, bài tuyên truyền"),
        "delete_url": reverse("outreach:coverage_delete", args=[cov.pk]) if cov else None,
    })


@login_required
@require_POST
def coverage_delete(request, pk):
    cov = get_visible_or_404(MediaCoverage.objects.select_related("unit"), request.user, pk=pk)
    try:
        services.delete_coverage(request.user, cov)
        messages.success(request, _("Đã xoá tin, bài."))
    except PermissionDenied as exc:
        _flash(request, exc)
    return redirect("outreach:coverage_list")


# ---------------------------------------------------------------------------------------------------------------
# Legal library (management; the public pages are in public_views)
# ---------------------------------------------------------------------------------------------------------------


def filter_legal(qs, params):
    f = {k: params.get(k, "").strip()[:200] for k in ("q", "kind", "status", "year")}
    if f["q"]:
        qs = qs.search(f["q"])
    if f["kind"] in LegalDocument.Kind.values:
        qs = qs.filter(kind=f["kind"])
    if f["status"] in LegalDocument.Status.values:
        qs = qs.filter(status=f["status"])
    if _int(f["year"]):
        qs = qs.filter(issued_on__year=_int(f["year"]))
    return qs, f


@login_required
def legal_list(request):
    qs, f = filter_legal(LegalDocument.objects.visible_to(request.user), request.GET)
    page = keyset_page(qs, ["-issued_on", "-id"], request.GET.get("sau"), size=PAGE_SIZE)
    return render(request, "outreach/legal_list.html", {
        "page": page, "filters": f, "kinds": LegalDocument.Kind.choices, "statuses": LegalDocument.Status.choices,
        "can_manage": access.can_manage_library(request.user),
    })


@login_required
def legal_edit(request, pk=None):
    if not access.can_manage_library(request.user):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh quản lý thư viện văn bản."))
    doc = get_visible_or_404(LegalDocument, request.user, pk=pk) if pk is not None else None
    form = LegalDocumentForm(request.POST or None, request.FILES or None, instance=doc)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        try:
            services.save_legal_document(request.user, obj, upload=form.cleaned_data.get("upload"),
                                         remove_file=form.cleaned_data.get("remove_file"))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu văn bản."))
            return redirect("outreach:legal_detail", pk=obj.pk)
    return render(request, "outreach/simple_form.html", {
        "form": form, "title": _("Sửa văn bản") if doc else _("Thêm văn bản vào thư viện"), "multipart": True,
        "back": "outreach:legal_list", "crumb": _("Thư viện văn bản"),
    })


@login_required
def legal_detail(request, pk):
    doc = get_visible_or_404(LegalDocument.objects.select_related("replaced_by"), request.user, pk=pk)
    return render(request, "outreach/legal_detail.html", {
        "doc": doc, "replaces": LegalDocument.objects.visible_to(request.user).filter(replaced_by=doc),
        "can_manage": access.can_manage_library(request.user), "public": False,
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


@login_required
def training_list(request):
    qs = Training.objects.visible_to(request.user).select_related("organiser")
    f = {k: request.GET.get(k, "").strip()[:200] for k in ("q", "status", "year")}
    if f["q"]:
        qs = qs.search(f["q"])
    if f["status"] in Training.Status.values:
        qs = qs.filter(status=f["status"])
    if _int(f["year"]):
        qs = qs.filter(start__year=_int(f["year"]))
    page = keyset_page(qs, ["-start", "-id"], request.GET.get("sau"), size=PAGE_SIZE)
    mine = TrainingAttendee.objects.visible_to(request.user).filter(training__in=[t.pk for t in page.rows])
    counts = {}
    for training_id in mine.values_list("training_id", flat=True):
        counts[training_id] = counts.get(training_id, 0) + 1
    for t in page.rows:
        t.n_visible = counts.get(t.pk, 0)
    return render(request, "outreach/training_list.html", {
        "page": page, "filters": f, "statuses": Training.Status.choices,
        "can_create": access.can_create_training(request.user), "province_wide": is_province_wide(request.user),
    })


@login_required
def training_edit(request, pk=None):
    training = None
    if pk is not None:
        training = get_visible_or_404(Training.objects.select_related("organiser"), request.user, pk=pk)
        if not access.can_manage_training(request.user, training):
            raise PermissionDenied(_("Bạn không có quyền sửa lớp tập huấn này."))
    elif not access.can_create_training(request.user):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh tạo lớp tập huấn."))
    form = TrainingForm(request.POST or None, instance=training, user=request.user)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        try:
            services.save_training(request.user, obj)
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("organiser", str(exc))
        else:
            messages.success(request, _("Đã lưu lớp tập huấn."))
            return redirect("outreach:training_detail", pk=obj.pk)
    return render(request, "outreach/simple_form.html", {
        "form": form, "title": _("Sửa lớp tập huấn") if training else _("Thêm lớp tập huấn"),
        "back": "outreach:training_list", "crumb": _("Tập huấn nghiệp vụ"),
    })


def _training(request, pk):
    return get_visible_or_404(Training.objects.select_related("organiser"), request.user, pk=pk)


@login_required
def training_detail(request, pk):
    training = _training(request, pk)
    user = request.user
    attendees = (TrainingAttendee.objects.visible_to(user).filter(training=training)
                 .select_related("person", "unit").order_by("unit__sort_key", "sort_key", "id"))
    manage = access.can_manage_training(user, training)
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
    try:
        services.set_training_status(request.user, training, request.POST.get("status", ""))
        messages.success(request, _("Đã chuyển trạng thái: %(s)s.") % {"s": training.get_status_display()})
    except (ValidationError, PermissionDenied) as exc:
        _flash(request, exc)
    return redirect("outreach:training_detail", pk=training.pk)


@login_required
@require_POST
def training_invite(request, pk):
    training = _training(request, pk)
    if not access.can_manage_training(request.user, training):
        raise PermissionDenied(_("Bạn không có quyền mời đơn vị dự lớp tập huấn này."))
    form = InvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
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
    inv = TrainingInvitation.objects.select_related("training", "unit").filter(pk=pk).first()
    if inv is None:
        raise Http404(_("Không tìm thấy lời mời."))
    get_visible_or_404(Training, request.user, pk=inv.training_id)
    try:
        services.remove_invitation(request.user, inv)
        messages.success(request, _("Đã bỏ lời mời."))
    except (ValidationError, PermissionDenied) as exc:
        _flash(request, exc)
    return redirect("outreach:training_detail", pk=inv.training_id)


@login_required
@require_POST
def training_register(request, pk):
    training = _training(request, pk)
    form = AttendeeForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("outreach:training_detail", pk=training.pk)
    try:
        a = services.register_attendee(request.user, training, form.cleaned_data["person"],
                                       note=form.cleaned_data.get("note", ""))
        messages.success(request, _("Đã đăng ký %(name)s.") % {"name": a.person.full_name})
    except (ValidationError, PermissionDenied) as exc:
        _flash(request, exc)
    return redirect("outreach:training_detail", pk=training.pk)


@login_required
@require_POST
def attendee_delete(request, pk):
    attendee = get_visible_or_404(TrainingAttendee.objects.select_related("training", "unit", "person"),
                                  request.user, pk=pk)
    try:
        services.unregister_attendee(request.user, attendee)
        messages.success(request, _("Đã xoá %(name)s khỏi danh sách.") % {"name": attendee.person.full_name})
    except (ValidationError, PermissionDenied) as exc:
        _flash(request, exc)
    return redirect("outreach:training_detail", pk=attendee.training_id)


@login_required
@require_POST
def training_attendance(request, pk):
    training = _training(request, pk)
    visible = TrainingAttendee.objects.visible_to(request.user).filter(training=training).values_list("pk", flat=True)
    present = [i for i in (_int(x) for x in request.POST.getlist("present")) if i]
    try:
        n = services.mark_attendance(request.user, training, present, attendee_ids=list(visible))
        messages.success(request, _("Đã điểm danh: %(n)d học viên có mặt.") % {"n": n})
    except (ValidationError, PermissionDenied) as exc:
        _flash(request, exc)
    return redirect("outreach:training_detail", pk=training.pk)


@login_required
def training_export(request, pk):
    training = _training(request, pk)
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
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("outreach:training_detail", pk=training.pk)
    try:
        services.add_material(request.user, training, form.cleaned_data["file"], title=form.cleaned_data["title"],
                              kind=form.cleaned_data["kind"])
        messages.success(request, _("Đã tải lên tài liệu."))
    except (ValidationError, PermissionDenied) as exc:
        _flash(request, exc)
    return redirect("outreach:training_detail", pk=training.pk)


def _material(request, pk):
    material = TrainingMaterial.objects.select_related("training", "training__organiser").filter(pk=pk).first()
    if material is None:
        raise Http404(_("Không tìm thấy tài liệu."))
    get_visible_or_404(Training, request.user, pk=material.training_id)
    return material


@login_required
def material_download(request, pk):
    material = _material(request, pk)
    return serve_file(material.file, filename=material.original_name or f"tai-lieu-{material.pk}",
                      content_type=material.content_type)


@login_required
@require_POST
def material_delete(request, pk):
    material = _material(request, pk)
    try:
        services.delete_material(request.user, material)
        messages.success(request, _("Đã xoá tài liệu."))
    except PermissionDenied as exc:
        _flash(request, exc)
    return redirect("outreach:training_detail", pk=material.training_id)


# ---------------------------------------------------------------------------------------------------------------
# Congresses and delegations
# ---------------------------------------------------------------------------------------------------------------


@login_required
def congress_list(request):
    qs = Congress.objects.visible_to(request.user).select_related("organiser")
    f = {k: request.GET.get(k, "").strip()[:200] for k in ("q", "level")}
    if f["q"]:
        qs = qs.search(f["q"])
    if f["level"] in Congress.Level.values:
        qs = qs.filter(level=f["level"])
    congresses = list(qs.order_by("-start", "-id")[:200])
    delegations = {}
    for d in Delegation.objects.visible_to(request.user).filter(congress__in=congresses).order_by("id"):
        delegations.setdefault(d.congress_id, []).append(d)
    for c in congresses:
        c.delegation_list = delegations.get(c.pk, [])
    return render(request, "outreach/congress_list.html", {
        "congresses": congresses, "can_manage": access.can_manage_congress(request.user), "filters": f,
        "levels": Congress.Level.choices,
    })


@login_required
def congress_edit(request, pk=None):
    if not access.can_manage_congress(request.user):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh quản lý đại hội thi đua."))
    congress = get_visible_or_404(Congress, request.user, pk=pk) if pk is not None else None
    form = CongressForm(request.POST or None, instance=congress)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        try:
            services.save_congress(request.user, obj)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu đại hội."))
            return redirect("outreach:congress_detail", pk=obj.pk)
    return render(request, "outreach/simple_form.html", {
        "form": form, "title": _("Sửa đại hội") if congress else _("Thêm đại hội thi đua yêu nước"),
        "back": "outreach:congress_list", "crumb": _("Đại hội thi đua yêu nước"),
    })


@login_required
def congress_detail(request, pk):
    congress = get_visible_or_404(Congress.objects.select_related("organiser"), request.user, pk=pk)
    form = HonoureeForm()
    if request.method == "POST":
        if not access.can_manage_congress(request.user):
            raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh cập nhật danh sách tuyên dương."))
        form = HonoureeForm(request.POST)
        if form.is_valid():
            obj = form.save(commit=False)
            obj.congress = congress
            try:
                services.add_honouree(request.user, obj)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm vào danh sách tuyên dương."))
                return redirect("outreach:congress_detail", pk=congress.pk)
    honourees = congress.honourees.select_related("exemplar", "award", "award__award_type")
    return render(request, "outreach/congress_detail.html", {
        "c": congress, "honourees": honourees, "form": form,
        "delegations": Delegation.objects.visible_to(request.user).filter(congress=congress).select_related("lead_unit"),
        "can_manage": access.can_manage_congress(request.user),
    })


@login_required
@require_POST
def honouree_delete(request, pk):
    h = CongressHonouree.objects.select_related("congress").filter(pk=pk).first()
    if h is None:
        raise Http404(_("Không tìm thấy."))
    get_visible_or_404(Congress, request.user, pk=h.congress_id)
    services.delete_honouree(request.user, h)
    messages.success(request, _("Đã bỏ khỏi danh sách tuyên dương."))
    return redirect("outreach:congress_detail", pk=h.congress_id)


@login_required
def delegation_edit(request, pk=None):
    if not access.can_manage_congress(request.user):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh thành lập đoàn đại biểu."))
    delegation = get_visible_or_404(Delegation, request.user, pk=pk) if pk is not None else None
    initial = {"congress": _int(request.GET.get("dai_hoi"))} if delegation is None else {}
    if delegation is None and request.user.unit_id:
        initial["lead_unit"] = request.user.unit_id
    form = DelegationForm(request.POST or None, instance=delegation, initial=initial)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        try:
            services.save_delegation(request.user, obj)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu đoàn đại biểu."))
            return redirect("outreach:delegation_detail", pk=obj.pk)
    return render(request, "outreach/simple_form.html", {
        "form": form, "title": _("Sửa đoàn đại biểu") if delegation else _("Thành lập đoàn đại biểu"),
        "back": "outreach:congress_list", "crumb": _("Đại hội thi đua yêu nước"),
    })


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
        "can_decide": access.can_decide_delegates(request.user, delegation),
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
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("outreach:delegation_detail", pk=delegation.pk)
    try:
        d = services.nominate_delegate(request.user, delegation, form.cleaned_data["person"],
                                       category=form.cleaned_data["category"],
                                       achievements=form.cleaned_data.get("achievements", ""),
                                       exemplar=form.cleaned_data.get("exemplar"))
        messages.success(request, _("Đã đề cử %(name)s.") % {"name": d.person.full_name})
    except (ValidationError, PermissionDenied) as exc:
        _flash(request, exc)
    return redirect("outreach:delegation_detail", pk=delegation.pk)


@login_required
@require_POST
def delegate_decide(request, pk):
    delegate = get_visible_or_404(Delegate.objects.select_related("delegation", "person"), request.user, pk=pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        try:
            services.decide_delegate(request.user, delegate, status=form.cleaned_data["status"],
                                     role=form.cleaned_data["role"], note=form.cleaned_data.get("note", ""))
            messages.success(request, _("Đã cập nhật đại biểu %(name)s.") % {"name": delegate.person.full_name})
        except (ValidationError, PermissionDenied) as exc:
            _flash(request, exc)
    return redirect("outreach:delegation_detail", pk=delegate.delegation_id)


@login_required
@require_POST
def delegate_withdraw(request, pk):
    delegate = get_visible_or_404(Delegate.objects.select_related("delegation", "person", "unit"), request.user, pk=pk)
    try:
        services.withdraw_delegate(request.user, delegate)
        messages.success(request, _("Đã rút đề cử %(name)s.") % {"name": delegate.person.full_name})
    except (ValidationError, PermissionDenied) as exc:
        _flash(request, exc)
    return redirect("outreach:delegation_detail", pk=delegate.delegation_id)


@login_required
@require_POST
def delegation_action(request, pk, action):
    delegation = get_visible_or_404(Delegation, request.user, pk=pk)
    try:
        if action == "close":
            services.close_delegation(request.user, delegation)
            messages.success(request, _("Đã chốt danh sách đoàn đại biểu."))
        elif action == "reopen":
            services.reopen_delegation(request.user, delegation)
            messages.success(request, _("Đã mở lại việc đề cử."))
        else:
            raise Http404(_("Thao tác không hợp lệ."))
    except (ValidationError, PermissionDenied) as exc:
        _flash(request, exc)
    return redirect("outreach:delegation_detail", pk=delegation.pk)


@login_required
def delegation_export(request, pk):
    delegation = get_visible_or_404(Delegation.objects.select_related("congress"), request.user, pk=pk)
    delegates = selectors.ordered_delegates(_delegates(request, delegation).exclude(status=Delegate.Status.DECLINED))
    comp = selectors.composition(Delegate.objects.filter(pk__in=[d.pk for d in delegates],
                                                         status=Delegate.Status.CONFIRMED))
    record(delegation, "export", user=request.user, note=_("Xuất Excel danh sách đại biểu (%(n)d người)") % {"n": len(delegates)},
           unit_id=request.user.unit_id)
    return exports.delegates_xlsx(delegation, delegates, comp)


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
        record(None, "export", user=request.user, note=_("Xuất Excel báo cáo KH 90/KH-UBND"), unit_id=request.user.unit_id)
        return exports.propaganda_xlsx(report)
    return render(request, "outreach/report.html", {
        "form": form, "r": report, "start": start, "end": end, "province_wide": is_province_wide(request.user),
    }, status=status)
