"""Pages of the "Thi đua" area: movements, registrations, pacts, scoring and ranking of Cụm/Khối. Every read goes
through `visible_to` / `get_visible_or_404`; every change goes through `services` (which checks the right again)."""

import datetime as dt
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.audit import record
from thidua.core.forms import add_service_errors
from thidua.core.lists import Column, xlsx_export
from thidua.core.pagination import Sorting, filtered, paginate
from thidua.core.scoping import get_visible_or_404
from thidua.core.text import fold
from thidua.movements import access, selectors, services
from thidua.movements.forms import (
    CriterionFormSet,
    ImportForm,
    MovementForm,
    PactForm,
    RegistrationForm,
    ReturnForm,
    ReviewForm,
    RubricForm,
    SignatureForm,
    TieForm,
    TitleFormSet,
)
from thidua.movements.models import (
    Movement,
    Pact,
    Registration,
    Scorecard,
    ScoringRubric,
)
from thidua.movements.permissions import needs_unit_approval
from thidua.orgs.models import EmulationGroup, Period

PAGE_SIZE = 50


def _errors(request, exc: ValidationError):
    for m in exc.messages:
        messages.error(request, m)


def _year_periods():
    return Period.objects.order_by("-start", "kind")


# ---------------------------------------------------------------------------------------------------------------
# Movements
# ---------------------------------------------------------------------------------------------------------------


MOVEMENT_SORTS = {"bat_dau": (["start", "id"], ["-start", "-id"])}  # sortable column (core.pagination.Sorting)


def _period_label(value):
    period = Period.objects.filter(pk=value).first() if value.isdigit() else None
    return period.label if period else None


@login_required
def _filtered_movements(request):
    qs = Movement.objects.visible_to(request.user).select_related("period", "lead_unit")
    f = {k: request.GET.get(k, "").strip() for k in ("q", "kind", "status", "period")}
    if f["q"]:
        qs = qs.search(f["q"])
    if f["kind"] in Movement.Kind.values:
        qs = qs.filter(kind=f["kind"])
    if f["status"] in Movement.Status.values:
        qs = qs.filter(status=f["status"])
    if f["period"].isdigit():
        qs = qs.filter(period_id=int(f["period"]))
    return qs, f


@login_required
def movement_export(request):
    """The movement list as shown (filters, order) to XLSX."""
    qs, _f = _filtered_movements(request)
    qs = qs.order_by(*Sorting(request, MOVEMENT_SORTS, "-bat_dau").order)
    columns = [
        Column(_("Tên phong trào"), lambda m: m.name, 50), Column(_("Loại"), lambda m: m.get_kind_display(), 18),
        Column(_("Số văn bản phát động"), lambda m: m.launch_doc_number, 20),
        Column(_("Ngày ban hành"), lambda m: m.launch_doc_date, 12),
        Column(_("Đơn vị chủ trì"), lambda m: m.lead_unit.name if m.lead_unit_id else "", 32),
        Column(_("Bắt đầu"), lambda m: m.start, 12), Column(_("Kết thúc"), lambda m: m.end, 12),
        Column(_("Trạng thái"), lambda m: m.get_status_display(), 16),
    ]
    return xlsx_export(request, qs, columns, title=_("Phong trào thi đua"), filename="phong-trao-thi-dua",
                       note=_("Xuất danh sách phong trào thi đua ra Excel"))


@login_required
def movement_list(request):
    qs, f = _filtered_movements(request)
    sorting = Sorting(request, MOVEMENT_SORTS, "-bat_dau")
    page = paginate(request, qs, sorting.order, size=PAGE_SIZE)
    return render(request, "movements/movement_list.html", {
        "page": page, "sorting": sorting, "filters": f, "kinds": Movement.Kind.choices, "statuses": Movement.Status.choices,
        "filtered": filtered(request, {
            "q": (_("Tìm"), None), "kind": (_("Loại"), dict(Movement.Kind.choices).get(f["kind"])),
            "status": (_("Trạng thái"), dict(Movement.Status.choices).get(f["status"])),
            "period": (_("Kỳ"), _period_label(f["period"])),
        }),
        "periods": _year_periods(), "can_create": request.user.has_perm("movements.create_movement"),
    })


@login_required
def movement_detail(request, pk):
    movement = get_visible_or_404(Movement.objects.select_related("period", "lead_unit"), request.user, pk=pk)
    can_manage = request.user.has_perm("movements.manage_movement", movement)
    review_form = ReviewForm(initial={"held_on": dt.date.today()})
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("Bạn không có quyền ghi nhận sơ kết, tổng kết phong trào này."))
        review_form = ReviewForm(request.POST)
        if review_form.is_valid():
            try:
                services.record_review(movement, review_form.save(commit=False), user=request.user)
            except ValidationError as exc:
                add_service_errors(review_form, exc)
            else:
                messages.success(request, _("Đã ghi nhận %(kind)s.") % {"kind": review_form.instance.get_kind_display().lower()})
                return redirect("movements:movement_detail", pk=movement.pk)
    registrations = (
        selectors.registrations_for(request.user).filter(movement=movement).order_by("unit__sort_key", "id")[:200]
    )
    return render(request, "movements/movement_detail.html", {
        "movement": movement, "reviews": movement.reviews.all(), "can_manage": can_manage,
        "review_form": review_form, "registrations": registrations,
    })


@login_required
def movement_edit(request, pk=None):
    movement = None
    if pk is not None:
        movement = get_visible_or_404(Movement, request.user, pk=pk)
        if not request.user.has_perm("movements.manage_movement", movement):
            raise PermissionDenied(_("Bạn không có quyền sửa phong trào này."))
    elif not request.user.has_perm("movements.create_movement"):
        raise PermissionDenied(_("Bạn không có quyền tạo phong trào."))
    form = MovementForm(request.POST or None, instance=movement, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.save_movement(form.save(commit=False), user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu phong trào."))
            return redirect("movements:movement_detail", pk=obj.pk)
    return render(request, "movements/movement_form.html", {"form": form, "movement": movement})


@login_required
@require_POST
def movement_launch(request, pk):
    movement = get_visible_or_404(Movement, request.user, pk=pk)
    try:
        services.launch_movement(movement, user=request.user)
        messages.success(request, _("Đã chuyển phong trào sang “Đang triển khai”."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("movements:movement_detail", pk=pk)


# ---------------------------------------------------------------------------------------------------------------
# Registrations
# ---------------------------------------------------------------------------------------------------------------


def _filtered_registrations(request):
    qs = selectors.registrations_for(request.user)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "status", "period", "movement")}
    if f["q"]:
        qs = qs.search(f["q"])
    if f["status"] in Registration.Status.values:
        qs = qs.filter(status=f["status"])
    if f["period"].isdigit():
        qs = qs.filter(period_id=int(f["period"]))
    if f["movement"].isdigit():
        qs = qs.filter(movement_id=int(f["movement"]))
    return qs, f


REGISTRATION_SORTS = {"don_vi": (["unit__sort_key", "id"], ["-unit__sort_key", "-id"])}  # sortable column (core.pagination.Sorting)


@login_required
def registration_list(request):
    qs, f = _filtered_registrations(request)
    sorting = Sorting(request, REGISTRATION_SORTS, "don_vi")
    page = paginate(request, qs, sorting.order, size=PAGE_SIZE)
    _attach_titles(page.rows)
    return render(request, "movements/registration_list.html", {
        "page": page, "sorting": sorting, "filters": f, "statuses": Registration.Status.choices,
        "filtered": filtered(request, {
            "q": (_("Tìm"), None), "status": (_("Trạng thái"), dict(Registration.Status.choices).get(f["status"])),
            "period": (_("Kỳ"), _period_label(f["period"])),
            "movement": (_("Phong trào"), Movement.objects.filter(pk=f["movement"]).values_list("name", flat=True)
                         .first() if f["movement"].isdigit() else None),
        }),
        "summary": selectors.title_summary(qs),
        "periods": Period.objects.exclude(kind=Period.Kind.STAGE).order_by("-start"),
        "movements": Movement.objects.order_by("-start", "-id").only("id", "name")[:100],
        "can_create": request.user.has_perm("movements.register"),
    })


def _attach_titles(registrations):
    from thidua.movements.models import RegistrationTitle

    by_reg = {}
    for t in RegistrationTitle.objects.filter(registration__in=[r.pk for r in registrations]):
        by_reg.setdefault(t.registration_id, []).append(t)
    for r in registrations:
        r.title_list = by_reg.get(r.pk, [])


@login_required
def registration_export(request):
    from openpyxl import Workbook

    qs, _f = _filtered_registrations(request)
    rows = list(qs.order_by("unit__sort_key", "id")[:20000])
    _attach_titles(rows)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Đăng ký thi đua"))
    ws.append([_("STT"), _("Đơn vị"), _("Cá nhân"), _("Kỳ"), _("Phong trào"), _("Nơi nhận đăng ký"),
               _("Nội dung, chỉ tiêu"), _("Danh hiệu, hình thức đăng ký"), _("Trạng thái")])
    for i, r in enumerate(rows, start=1):
        titles = "; ".join(f"{t.label}" + (f" ({t.quantity})" if t.quantity > 1 else "") for t in r.title_list)
        ws.append([i, r.unit.name, r.person.full_name if r.person_id else "", str(r.period),
                   r.movement.name if r.movement_id else "", r.registered_with, r.targets, titles,
                   str(r.get_status_display())])
    buf = io.BytesIO()
    wb.save(buf)
    record(None, "export", user=request.user, note=_("Xuất Excel danh sách đăng ký thi đua (%(n)d dòng)") % {"n": len(rows)},
           unit_id=request.user.unit_id)
    response = HttpResponse(buf.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="dang-ky-thi-dua.xlsx"'
    return response


@login_required
def registration_detail(request, pk):
    reg = get_visible_or_404(
        Registration.objects.select_related("unit", "person", "period", "movement", "submitted_by", "accepted_by"),
        request.user, pk=pk,
    )
    user = request.user
    return render(request, "movements/registration_detail.html", {
        "reg": reg, "titles": reg.titles.all(),
        "can_edit": user.has_perm("movements.edit_registration", reg),
        "can_submit": user.has_perm("movements.submit_registration", reg) and not needs_unit_approval(user, reg),
        "can_send": user.has_perm("movements.send_registration_for_approval", reg)
        and needs_unit_approval(user, reg),
        "can_approve": user.has_perm("movements.approve_registration", reg),
        "can_accept": user.has_perm("movements.accept_registration", reg),
        "return_form": ReturnForm(),
    })


@login_required
def registration_edit(request, pk=None):
    reg = None
    if pk is not None:
        reg = get_visible_or_404(Registration, request.user, pk=pk)
        if not request.user.has_perm("movements.edit_registration", reg):
            raise PermissionDenied(_("Chỉ sửa được bản đăng ký đang soạn của đơn vị mình."))
        initial_titles = [{"code": t.code, "other_name": t.other_name, "quantity": t.quantity} for t in reg.titles.all()]
    else:
        if not request.user.has_perm("movements.register"):
            raise PermissionDenied(_("Bạn không có quyền đăng ký thi đua."))
        initial_titles = []
    initial = None
    if reg is None and request.GET.get("phong_trao", "").isdigit():
        chosen = Movement.objects.filter(pk=int(request.GET["phong_trao"])).select_related("period").first()
        if chosen is not None:
            initial = {"movement": chosen.pk}
            if chosen.period.kind != Period.Kind.STAGE:
                initial["period"] = chosen.period_id
    form = RegistrationForm(request.POST or None, instance=reg, user=request.user, initial=initial)
    formset = TitleFormSet(request.POST or None, prefix="dh", initial=initial_titles)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            obj = services.save_registration(form.save(commit=False), formset.rows(), user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu bản đăng ký thi đua."))
            return redirect("movements:registration_detail", pk=obj.pk)
    return render(request, "movements/registration_form.html", {"form": form, "formset": formset, "reg": reg})


@login_required
@require_POST
def registration_action(request, pk, action):
    reg = get_visible_or_404(Registration, request.user, pk=pk)
    try:
        if action == "submit":
            services.submit_registration(reg, user=request.user)
            messages.success(request, _("Đã gửi bản đăng ký thi đua."))
        elif action == "accept":
            services.accept_registration(reg, user=request.user)
            messages.success(request, _("Đã tiếp nhận bản đăng ký thi đua."))
        elif action == "return":
            services.return_registration(reg, user=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("Đã trả lại bản đăng ký để đơn vị bổ sung."))
        elif action == "send_for_approval":
            services.send_registration_for_approval(reg, user=request.user)
            messages.success(request, _("Đã trình lãnh đạo đơn vị duyệt bản đăng ký thi đua."))
        elif action == "approve":
            services.approve_registration(reg, user=request.user)
            messages.success(request, _("Đã duyệt và gửi bản đăng ký thi đua."))
        elif action == "unit_return":
            services.return_registration_to_officer(reg, user=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("Đã trả lại bản đăng ký cho cán bộ soạn."))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("movements:registration_detail", pk=pk)


# ---------------------------------------------------------------------------------------------------------------
# Pacts
# ---------------------------------------------------------------------------------------------------------------


@login_required
def pact_list(request):
    qs = selectors.pacts_for(request.user)
    period = request.GET.get("period", "").strip()
    if period.isdigit():
        qs = qs.filter(period_id=int(period))
    page = paginate(request, qs, ["-period__start", "group__sort_key", "id"], size=PAGE_SIZE)
    pacts = page.rows
    counts = dict(
        EmulationGroup.objects.filter(pk__in={p.group_id for p in pacts})
        .annotate(n=_member_count()).values_list("pk", "n")
    )
    for p in pacts:
        p.member_count = counts.get(p.group_id, 0)
    return render(request, "movements/pact_list.html", {
        "pacts": pacts, "page": page, "period": period, "periods": Period.objects.exclude(kind=Period.Kind.STAGE).order_by("-start"),
        "can_create": request.user.has_perm("movements.create_pact"),
    })


def _member_count():
    from django.db.models import Count

    return Count("memberships", distinct=True)


@login_required
def pact_edit(request, pk=None):
    pact = None
    if pk is not None:
        pact = get_visible_or_404(Pact, request.user, pk=pk)
        if not request.user.has_perm("movements.manage_pact", pact):
            raise PermissionDenied(_("Chỉ Trưởng Cụm/Khối hoặc cán bộ TĐKT cấp tỉnh sửa giao ước."))
    elif not request.user.has_perm("movements.create_pact"):
        raise PermissionDenied(_("Chỉ Trưởng Cụm/Khối hoặc cán bộ TĐKT cấp tỉnh lập giao ước."))
    form = PactForm(request.POST or None, instance=pact, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.save_pact(form.save(commit=False), user=request.user)
        except PermissionDenied as exc:  # a group the user does not head in that period
            form.add_error("group", str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu giao ước thi đua."))
            return redirect("movements:pact_detail", pk=obj.pk)
    return render(request, "movements/pact_form.html", {"form": form, "pact": pact})


@login_required
def pact_detail(request, pk):
    pact = get_visible_or_404(Pact.objects.select_related("group", "period"), request.user, pk=pk)
    user = request.user
    members = list(services.member_units(pact.group, on=pact.period.end))
    signatures = {s.unit_id: s for s in selectors.pact_with_signatures(pact)}
    signable = [u for u in members if u.pk not in signatures and user.has_perm("movements.sign_pact_for", (pact, u))]
    form = None
    if signable:
        from thidua.orgs.models import Unit

        form = SignatureForm(request.POST or None, units=Unit.objects.filter(pk__in=[u.pk for u in signable]),
                             initial={"signed_on": pact.signing_date or dt.date.today()})
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Bạn không có quyền ghi nhận chữ ký cho giao ước này."))
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.sign_pact(pact, unit=d["unit"], signer_name=d["signer_name"], signer_title=d["signer_title"],
                                   signed_on=d["signed_on"], user=user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi nhận chữ ký của %(unit)s.") % {"unit": d["unit"]})
                return redirect("movements:pact_detail", pk=pk)
    rows = [(u, signatures.get(u.pk)) for u in members]
    return render(request, "movements/pact_detail.html", {
        "pact": pact, "rows": rows, "signed": len(signatures), "form": form,
        "can_manage": user.has_perm("movements.manage_pact", pact),
    })


# ---------------------------------------------------------------------------------------------------------------
# Rubrics, scorecards, ranking
# ---------------------------------------------------------------------------------------------------------------


@login_required
def rubric_list(request):
    qs = selectors.rubrics_for(request.user)
    period = request.GET.get("period", "").strip()
    if period.isdigit():
        qs = qs.filter(period_id=int(period))
    page = paginate(request, qs, ["-period__start", "group__sort_key", "id"], size=PAGE_SIZE)
    rubrics = page.rows
    # The user's own unit's scorecard in each round, for a direct link (one query).
    own = {}
    if request.user.unit_id:
        own = dict(Scorecard.objects.filter(rubric__in=[r.pk for r in rubrics], unit_id=request.user.unit_id)
                   .values_list("rubric_id", "pk"))
    for r in rubrics:
        r.own_card_id = own.get(r.pk)
    return render(request, "movements/rubric_list.html", {
        "rubrics": rubrics, "page": page, "period": period,
        "periods": Period.objects.exclude(kind=Period.Kind.STAGE).order_by("-start"),
        "can_create": request.user.has_perm("movements.create_rubric"),
    })


@login_required
def rubric_edit(request, pk=None):
    rubric = None
    if pk is not None:
        rubric = get_visible_or_404(ScoringRubric, request.user, pk=pk)
        if not request.user.has_perm("movements.manage_rubric", rubric):
            raise PermissionDenied(_("Chỉ Trưởng Cụm/Khối hoặc cán bộ TĐKT cấp tỉnh sửa bộ tiêu chí."))
    elif not request.user.has_perm("movements.create_rubric"):
        raise PermissionDenied(_("Chỉ Trưởng Cụm/Khối hoặc cán bộ TĐKT cấp tỉnh lập bộ tiêu chí."))
    form = RubricForm(request.POST or None, instance=rubric, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.save_rubric(form.save(commit=False), user=request.user,
                                       copy_from=form.cleaned_data.get("copy_from"))
        except PermissionDenied as exc:  # a group the user does not head in that period
            form.add_error("group", str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu bộ tiêu chí."))
            return redirect("movements:rubric_detail", pk=obj.pk)
    return render(request, "movements/rubric_form.html", {"form": form, "rubric": rubric})


def _tree_rows(criteria):
    return [{"c": c, "indent": c.depth} for c in criteria]


@login_required
def rubric_detail(request, pk):
    rubric = get_visible_or_404(ScoringRubric.objects.select_related("group", "period"), request.user, pk=pk)
    user = request.user
    cards = Scorecard.objects.visible_to(user).filter(rubric=rubric).select_related("unit").order_by("unit__sort_key")
    return render(request, "movements/rubric_detail.html", {
        "rubric": rubric, "criteria": _tree_rows(selectors.criteria_of(rubric)), "cards": cards,
        "can_manage": user.has_perm("movements.manage_rubric", rubric),
        "can_finalise": user.has_perm("movements.finalise_rubric", rubric),
        "head": rubric.group.leaderships.filter(period=rubric.period, role="head").select_related("unit").first(),
        "return_form": ReturnForm(),
    })


@login_required
def rubric_criteria(request, pk):
    rubric = get_visible_or_404(ScoringRubric, request.user, pk=pk)
    if not request.user.has_perm("movements.manage_rubric", rubric):
        raise PermissionDenied(_("Chỉ Trưởng Cụm/Khối hoặc cán bộ TĐKT cấp tỉnh sửa bộ tiêu chí."))
    if rubric.status != ScoringRubric.Status.DRAFT:
        messages.error(request, _("Đã mở chấm điểm: không thể sửa bộ tiêu chí."))
        return redirect("movements:rubric_detail", pk=pk)
    initial = [{"code": c.code, "name": c.name, "max_points": c.max_points, "kind": c.kind}
               for c in selectors.criteria_of(rubric)]
    formset = CriterionFormSet(request.POST if "save" in request.POST else None, prefix="tc", initial=initial)
    import_form = ImportForm(request.POST if "import" in request.POST else None,
                             request.FILES if "import" in request.POST else None)
    problems = []
    if request.method == "POST":
        try:
            if "import" in request.POST and import_form.is_valid():
                criteria = services.import_criteria_xlsx(rubric, import_form.cleaned_data["file"], user=request.user)
                messages.success(request, _("Đã nhập %(n)d dòng tiêu chí.") % {"n": len(criteria)})
                return redirect("movements:rubric_detail", pk=pk)
            if "save" in request.POST and formset.is_valid():
                criteria = services.save_criteria(rubric, formset.rows(), user=request.user)
                messages.success(request, _("Đã lưu %(n)d dòng tiêu chí.") % {"n": len(criteria)})
                return redirect("movements:rubric_detail", pk=pk)
        except ValidationError as exc:
            problems = exc.messages
    return render(request, "movements/rubric_criteria.html", {
        "rubric": rubric, "formset": formset, "import_form": import_form, "problems": problems,
    })


@login_required
@require_POST
def rubric_action(request, pk, action):
    rubric = get_visible_or_404(ScoringRubric, request.user, pk=pk)
    try:
        if action == "open":
            services.open_scoring(rubric, user=request.user)
            messages.success(request, _("Đã mở chấm điểm: các đơn vị thành viên có thể tự chấm."))
        elif action == "rank":
            services.compute_ranking(rubric, user=request.user)
            messages.success(request, _("Đã tính lại tổng điểm và xếp hạng (tạm thời)."))
            return redirect("movements:ranking", pk=pk)
        elif action == "finalise":
            services.finalise_rubric(rubric, user=request.user)
            messages.success(request, _("Đã chốt kết quả chấm điểm, xếp hạng."))
            return redirect("movements:ranking", pk=pk)
        elif action == "reopen":
            services.reopen_rubric(rubric, user=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("Đã mở lại để điều chỉnh."))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("movements:rubric_detail", pk=pk)


def _default_layer(user, card):
    if user.has_perm("movements.self_score", card):
        return "self"
    if access.is_province_staff(user) and user.has_perm("movements.appraise_scorecard", card):
        return "final"
    if user.has_perm("movements.cross_score", card):
        return "cross"
    return None


@login_required
def scorecard(request, pk):
    card = get_visible_or_404(Scorecard.objects.select_related("rubric", "rubric__group", "rubric__period", "unit"),
                              request.user, pk=pk)
    user = request.user
    allowed = {"self": user.has_perm("movements.self_score", card), "cross": user.has_perm("movements.cross_score", card),
               "final": user.has_perm("movements.appraise_scorecard", card)}
    layer = request.POST.get("lop") or request.GET.get("lop") or _default_layer(user, card)
    if layer not in allowed or not allowed[layer]:
        layer = None
    rows = selectors.scorecard_rows(card)
    posted, problems = {}, []
    if request.method == "POST":
        if layer is None:
            raise PermissionDenied(_("Bạn không có quyền nhập điểm cho phiếu này ở trạng thái hiện tại."))
        values = {c.pk: request.POST.get(f"s-{c.pk}", "") for c, s in rows if s is not None}
        evidence = {c.pk: request.POST.get(f"e-{c.pk}", "") for c, s in rows if s is not None} if layer == "self" else None
        posted = values
        try:
            services.save_scores(card, layer, values, user=user, evidence=evidence)
            if request.POST.get("then") == "submit":
                card.refresh_from_db()
                services.submit_self_score(card, user=user)
                messages.success(request, _("Đã gửi kết quả tự chấm tới Trưởng Cụm/Khối."))
            elif request.POST.get("then") == "confirm":
                card.refresh_from_db()
                services.confirm_cross_score(card, user=user)
                messages.success(request, _("Đã xác nhận kết quả chấm chéo."))
            else:
                messages.success(request, _("Đã lưu điểm."))
        except ValidationError as exc:
            problems = exc.messages
        else:
            return redirect(f"{request.path}?lop={layer}")
    field = services.LAYERS[layer][0] if layer else None
    criteria = [c for c, _s in rows]
    by_criterion = {c.pk: s for c, s in rows if s is not None}
    sections = {name: services.node_values(criteria, by_criterion, name)[0] for name in services.LAYERS}
    table = []
    for c, s in rows:
        value = posted.get(c.pk) if posted else (getattr(s, field) if (s is not None and field) else None)
        table.append({"c": c, "s": s, "value": "" if value is None else value, "indent": c.depth,
                      "sub": None if s is not None else [sections[name].get(c.pk) for name in services.LAYERS]})
    return render(request, "movements/scorecard.html", {
        "card": card, "rubric": card.rubric, "table": table, "layer": layer, "allowed": allowed,
        "layer_label": services.LAYERS[layer][1] if layer else "", "problems": problems,
        "return_form": ReturnForm(),
    })


@login_required
@require_POST
def scorecard_return(request, pk):
    card = get_visible_or_404(Scorecard.objects.select_related("rubric", "unit"), request.user, pk=pk)
    try:
        services.return_scorecard(card, user=request.user, note=request.POST.get("note", ""))
        messages.success(request, _("Đã trả lại phiếu để đơn vị tự chấm lại."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("movements:scorecard", pk=pk)


@login_required
def ranking(request, pk):
    rubric = get_visible_or_404(ScoringRubric.objects.select_related("group", "period"), request.user, pk=pk)
    cards = selectors.ranking(rubric)
    tied = services.tied_groups(cards)
    tie_forms = []
    if request.user.has_perm("movements.resolve_tie", rubric) and rubric.status == ScoringRubric.Status.OPEN:
        for group in tied:
            tie_forms.append((group, TieForm(initial={"order": ",".join(str(c.pk) for c in group)})))
    if request.method == "POST":
        form = TieForm(request.POST)
        if form.is_valid():
            try:
                services.resolve_tie(rubric, form.cleaned_data["order"], decision=form.cleaned_data["decision"],
                                     user=request.user)
                messages.success(request, _("Đã ghi nhận quyết định của Chủ tịch về thứ tự các đơn vị đồng điểm."))
            except ValidationError as exc:
                _errors(request, exc)
        else:
            for errors in form.errors.values():
                for m in errors:
                    messages.error(request, m)
        return redirect("movements:ranking", pk=pk)
    return render(request, "movements/ranking.html", {
        "rubric": rubric, "cards": cards, "tied_ids": {c.pk for g in tied for c in g}, "tie_forms": tie_forms,
        "can_manage": request.user.has_perm("movements.manage_rubric", rubric),
        "can_finalise": request.user.has_perm("movements.finalise_rubric", rubric),
    })


@login_required
def ranking_export(request, pk):
    from openpyxl import Workbook

    rubric = get_visible_or_404(ScoringRubric.objects.select_related("group", "period"), request.user, pk=pk)
    cards = selectors.ranking(rubric)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Xếp hạng"))
    ws.append([rubric.title])
    ws.append([_("%(group)s — kỳ %(period)s — %(status)s") % {
        "group": rubric.group, "period": rubric.period, "status": rubric.get_status_display()}])
    ws.append([])
    ws.append([_("Xếp hạng"), _("Đơn vị"), _("Tự chấm"), _("Chấm chéo"), _("Điểm thẩm định"), _("Điểm Phần I"),
               _("Ghi chú")])
    for c in cards:
        note = ""
        if c.rank == 1 and rubric.status == ScoringRubric.Status.FINALISED:
            note = _("Dẫn đầu Cụm/Khối")
        if c.chair_decision:
            note = (note + "; " if note else "") + _("Theo quyết định của Chủ tịch: %(d)s") % {"d": c.chair_decision}
        ws.append([c.rank, c.unit.name, _num(c.self_total), _num(c.cross_total), _num(c.final_total),
                   _num(c.first_section_total), note])
    buf = io.BytesIO()
    wb.save(buf)
    record(rubric, "export", user=request.user, note=_("Xuất Excel bảng xếp hạng"))
    response = HttpResponse(buf.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = slugify(fold(f"xep-hang {rubric.group.name} {rubric.period.label}")) or "xep-hang"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _num(d):
    return float(d) if d is not None else None
