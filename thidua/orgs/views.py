import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core import personal, rows
from thidua.core.audit import record
from thidua.core.forms import add_service_errors
from thidua.core.pagination import Sorting, filtered, paginate
from thidua.core.permissions import require
from thidua.core.replica import reads_from_replica
from thidua.core.scoping import can_edit, get_editable_or_404, get_visible_or_404
from thidua.core.xlsx import download
from thidua.orgs import imports, selectors, services
from thidua.orgs.forms import (
    LINEAGE_FORMS,
    GroupForm,
    ImportForm,
    LeadershipForm,
    MemberAddForm,
    MemberRemoveForm,
    PeriodForm,
    PersonForm,
    UnitForm,
)
from thidua.orgs.models import (
    EmulationGroup,
    GroupLeadership,
    GroupMembership,
    Period,
    Person,
    Unit,
    UnitLineage,
    is_province_staff,
)
from thidua.orgs.permissions import PROVINCE_ONLY, READ_ONLY

# --- units -----------------------------------------------------------------------------------------------------


@login_required
def unit_list(request):
    user = request.user
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    active = request.GET.get("active", "1")
    view = request.GET.get("view", "")
    if not view:
        view = "flat" if (q or kind) else "tree"
    context = {
        "q": q, "kind": kind, "active": active, "view": view, "kinds": Unit.Kind.choices,
        "can_create": can_edit(user), "can_import": can_edit(user),
    }
    if view == "tree":
        context["tree"] = selectors.unit_tree(user, active_only=active == "1")
    else:
        qs = selectors.units_for(user, q=q, kind=kind, active=active or None)
        context["page"] = paginate(request, qs, ["sort_key", "id"], size=100)
        context["next_query"] = urlencode({"q": q, "kind": kind, "active": active, "view": view})
    return render(request, "orgs/unit_list.html", context)


@login_required
def unit_detail(request, pk):
    unit = get_visible_or_404(Unit.objects.select_related("parent"), request.user, pk=pk)
    context = {"unit": unit, **selectors.unit_detail(request.user, unit)}
    # today's units first; the dissolved ones (former districts, merged agencies) after them, each with its end date
    context["sub_units"] = sorted(context["sub_units"], key=lambda u: not u.is_active)
    context["can_manage"] = Unit.objects.manageable_by(request.user).filter(pk=unit.pk).exists()
    context["can_add_child"] = Unit.objects.parent_choices_for(request.user).filter(pk=unit.pk).exists() and can_edit(
        request.user
    )
    context["lineage_kinds"] = UnitLineage.Kind.choices
    return render(request, "orgs/unit_detail.html", context)


def _unit_fields(form):
    return {k: form.cleaned_data[k] for k in services.UNIT_FIELDS}


@login_required
def unit_create(request):
    require(request.user, "orgs.edit_records", message=READ_ONLY)
    initial = {}
    parent_id = request.GET.get("cap-tren")
    if parent_id and parent_id.isdigit():
        initial["parent"] = Unit.objects.parent_choices_for(request.user).filter(pk=parent_id).first()
    form = UnitForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(request.user, **_unit_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm đơn vị “%(name)s”.") % {"name": unit.name})
            return redirect("orgs:unit_detail", pk=unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": None})


@login_required
def unit_edit(request, pk):
    unit = get_visible_or_404(Unit, request.user, pk=pk)
    services.ensure_unit_manageable(request.user, unit, _("Thông tin đơn vị của bạn do cán bộ TĐKT cấp tỉnh cập nhật."))
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(request.user, Unit.objects.get(pk=unit.pk), **_unit_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin đơn vị."))
            return redirect("orgs:unit_detail", pk=unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit})


@login_required
def unit_lineage(request, pk, kind):
    if kind not in LINEAGE_FORMS:
        raise Http404
    unit = get_visible_or_404(Unit, request.user, pk=pk)
    services.ensure_unit_manageable(request.user, unit, _("Bạn không được sắp xếp đơn vị này."))
    form = LINEAGE_FORMS[kind](request.POST or None, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.reorganise_unit(request.user, unit, kind, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận việc sắp xếp đơn vị."))
            return redirect("orgs:unit_detail", pk=target.pk)
    return render(request, "orgs/unit_lineage_form.html", {
        "form": form, "unit": unit, "kind": kind, "kind_label": UnitLineage.Kind(kind).label,
    })


@login_required
def unit_import(request):
    require(request.user, "orgs.edit_records", message=READ_ONLY)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = imports.import_units(request.user, form.cleaned_data["file"])
        if result.ok:
            messages.success(request, _("Đã nhập %(c)d đơn vị mới, cập nhật %(u)d đơn vị.")
                             % {"c": result.created, "u": result.updated})
            return redirect("orgs:unit_list")
    return render(request, "orgs/import.html", {
        "form": form, "result": result, "title": _("Nhập danh sách đơn vị từ Excel"),
        "template_url": reverse("orgs:unit_template"), "columns": imports.UNIT_COLUMNS,
        "back_url": reverse("orgs:unit_list"),
    })


@login_required
def unit_template(request):
    return download(imports.unit_template(), "bieu-mau-don-vi.xlsx")


# --- people ----------------------------------------------------------------------------------------------------


def _people_filters(request):
    g = request.GET
    return {"q": g.get("q", "").strip(), "unit": g.get("unit", "").strip(), "gender": g.get("gender", ""),
            "direct": g.get("direct", ""), "active": g.get("active", "1")}


# Sortable columns of the people list (indexed: sort_key; (unit, sort_key) within a unit).
PEOPLE_SORTS = {"ten": (["sort_key", "id"], ["-sort_key", "-id"])}


def _people_filter_notice(request, f, unit_choice):
    return filtered(request, {
        "q": (_("Tìm"), None), "unit": (_("Đơn vị"), unit_choice.name if unit_choice else None),
        "gender": (_("Giới tính"), dict(Person.Gender.choices).get(f["gender"])),
        "direct": (_("Lao động trực tiếp"), {"1": _("Có"), "0": _("Không")}.get(f["direct"])),
        "active": (_("Tình trạng"), {"1": _("Đang công tác"), "0": _("Đã nghỉ"), "": _("Tất cả")}.get(f["active"])),
    })


@login_required
@reads_from_replica
def person_list(request):
    f = _people_filters(request)
    unit = f["unit"] if f["unit"].isdigit() else None
    qs = selectors.people_for(request.user, q=f["q"], unit=unit, gender=f["gender"], direct=f["direct"],
                              active=f["active"])
    sorting = Sorting(request, PEOPLE_SORTS, "ten")
    page = paginate(request, qs, sorting.order, size=50)
    unit_choice = selectors.picked_unit(request.user, unit)
    if personal.may_see_personal_data(request.user) and page.rows:
        personal.record_unmasked_view(request.user, _("Xem danh sách cá nhân (số CCCD, ngày sinh đầy đủ)"),
                                      count=len(page.rows))
    sees_ids = personal.may_see_personal_data(request.user)
    return render(request, "orgs/person_list.html", {
        "page": page, "rows": _person_rows(page.rows, sees_ids), "f": f, "unit_choice": unit_choice,
        "genders": Person.Gender.choices,
        "sees_ids": sees_ids, "can_create": can_edit(request.user),
        "filter_query": urlencode({**f, Sorting.param: sorting.value}), "start": 1, "sorting": sorting,
        "filtered": _people_filter_notice(request, f, unit_choice),
    })


def _person_rows(people, sees_ids: bool) -> str:
    """The people list's table rows (core/rows.py: one f-string per row instead of ~20 template nodes); birth date
    and citizen id in full only for those who may see personal data (Decree 13/2023), else masked."""
    url = rows.url_for("orgs:person_detail")
    gender = rows.display(Person.Gender.choices)
    left = f' <span class="badge text-bg-secondary">{rows.e(_("đã nghỉ"))}</span>'
    yes = rows.e(_("Có"))
    muted = ' class="text-muted"'
    direct = f'<i class="bi bi-check-lg text-success" title="{yes}"></i><span class="visually-hidden">{yes}</span>'
    out = []
    for p in people:
        if sees_ids:
            birth, cid = rows.dmy(p.birth_date) or "—", p.citizen_id or "—"
        else:
            birth, cid = personal.mask_birth_date(p.birth_date) or "—", p.masked_citizen_id or "—"
        unit = p.unit.short_name or p.unit.name
        out.append(
            f'\n    <tr{"" if p.active else muted}><td><a href="{url(p.pk)}">{rows.e(p.full_name)}</a>'
            f'{"" if p.active else left}</td>\n'
            f'      <td>{rows.e(gender(p.gender))}</td><td>{rows.e(birth)}</td>\n'
            f'      <td class="font-monospace small">{rows.e(cid)}</td>\n'
            f'      <td class="small">{rows.e(unit)}</td><td class="small">{rows.e(p.position)}</td>\n'
            f'      <td>{direct if p.direct_worker else ""}</td></tr>\n  ')
    return mark_safe("".join(out))  # noqa: S308 — every value above is escaped


@login_required
def person_export(request):
    f = _people_filters(request)
    unit = f["unit"] if f["unit"].isdigit() else None
    qs = selectors.people_for(request.user, q=f["q"], unit=unit, gender=f["gender"], direct=f["direct"],
                              active=f["active"]).order_by(*Sorting(request, PEOPLE_SORTS, "ten").order)
    content = imports.export_people(request.user, qs)
    if personal.may_see_personal_data(request.user):
        personal.record_unmasked_view(request.user, _("Xuất danh sách cá nhân có số CCCD, ngày sinh đầy đủ"),
                                      count=qs.count())
    record(request.user.unit if request.user.unit_id else None, "export", user=request.user,
           changes={"filters": {k: v for k, v in f.items() if v}}, note=_("Xuất danh sách cá nhân ra Excel"))
    return download(content, f"danh-sach-ca-nhan-{dt.date.today():%Y%m%d}.xlsx")


@login_required
def person_detail(request, pk):
    person = get_visible_or_404(Person.objects.select_related("unit", "unit__parent"), request.user, pk=pk)
    if personal.may_see_personal_data(request.user) and (person.citizen_id or person.birth_date):
        personal.record_unmasked_view(request.user, _("Xem hồ sơ cá nhân (số CCCD, ngày sinh đầy đủ)"), obj=person)
    return render(request, "orgs/person_detail.html", {
        "person": person, "citizen_id": person.citizen_id_for(request.user),
        "birth_date": person.birth_date_for(request.user),
        "can_edit": Person.objects.editable_by(request.user).filter(pk=person.pk).exists(),
    })


@login_required
def person_merge(request):
    """Merge a duplicate person record into the one kept: preview of what moves (GET), then the merge (POST)."""
    from thidua.orgs.merge import MergeRefused, check_may_merge, merge, plan

    check_may_merge(request.user)
    params = request.POST if request.method == "POST" else request.GET
    keep_id, drop_id = params.get("giu", ""), params.get("bo", "")
    if not (keep_id.isdigit() and drop_id.isdigit()):
        messages.error(request, _("Chọn hồ sơ giữ lại và hồ sơ hợp nhất vào đó."))
        return redirect("awards:duplicates")
    people = Person.objects.visible_to(request.user).select_related("unit")
    keep = get_object_or_404(people, pk=keep_id)
    drop = get_object_or_404(people, pk=drop_id)
    if request.method == "POST":
        try:
            merge(request.user, keep, drop)
        except MergeRefused as exc:
            for problem in exc.problems:
                messages.error(request, problem)
        else:
            messages.success(request, _("Đã hợp nhất hồ sơ %(name)s vào hồ sơ đang giữ.") % {"name": drop.full_name})
            return redirect("orgs:person_detail", pk=keep.pk)
    if personal.may_see_personal_data(request.user):
        personal.record_unmasked_view(request.user, _("Hợp nhất hồ sơ cá nhân (số CCCD, ngày sinh đầy đủ)"), obj=keep,
                                      count=2)
    return render(request, "orgs/person_merge.html", {
        "keep": keep, "drop": drop, "plan": plan(keep, drop),
        "keep_cid": keep.citizen_id_for(request.user), "drop_cid": drop.citizen_id_for(request.user),
    })


def _person_fields(form):
    return {k: form.cleaned_data[k] for k in services.PERSON_FIELDS}


@login_required
def person_create(request):
    require(request.user, "orgs.edit_records", message=READ_ONLY)
    initial = {"active": True, "unit": request.user.unit if request.user.unit_id else None}
    if request.GET.get("don-vi", "").isdigit():
        initial["unit"] = Unit.objects.editable_by(request.user).filter(pk=request.GET["don-vi"]).first()
    form = PersonForm(request.POST or None, user=request.user, initial=initial)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        duplicates = services.find_duplicates(request.user, full_name=d["full_name"], birth_date=d["birth_date"],
                                              citizen_id=d["citizen_id"])
        if duplicates and not d["confirm_duplicate"]:
            data = request.POST.copy()
            data["confirm_duplicate"] = "1"
            form = PersonForm(data, user=request.user)
            form.is_valid()
        else:
            try:
                person = services.create_person(request.user, **_person_fields(form))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm cá nhân “%(name)s”.") % {"name": person.full_name})
                return redirect("orgs:person_detail", pk=person.pk)
    if duplicates and personal.may_see_personal_data(request.user):
        personal.record_unmasked_view(request.user, _("Xem hồ sơ trùng khi thêm cá nhân (số CCCD, ngày sinh đầy đủ)"),
                                      count=len(duplicates))
    return render(request, "orgs/person_form.html", {
        "form": form, "person": None, "duplicates": duplicates, "sees_ids": personal.may_see_personal_data(request.user),
    })


@login_required
def person_edit(request, pk):
    person = get_editable_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(request.user, Person.objects.get(pk=person.pk), **_person_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin cá nhân."))
            return redirect("orgs:person_detail", pk=person.pk)
    return render(request, "orgs/person_form.html", {"form": form, "person": person, "duplicates": []})


@login_required
def person_import(request):
    require(request.user, "orgs.edit_records", message=READ_ONLY)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = imports.import_people(request.user, form.cleaned_data["file"])
        if result.ok:
            messages.success(request, _("Đã nhập %(c)d cá nhân.") % {"c": result.created})
            return redirect("orgs:person_list")
    return render(request, "orgs/import.html", {
        "form": form, "result": result, "title": _("Nhập danh sách cá nhân từ Excel"),
        "template_url": reverse("orgs:person_template"), "columns": imports.PERSON_COLUMNS,
        "back_url": reverse("orgs:person_list"),
    })


@login_required
def person_template(request):
    return download(imports.person_template(), "bieu-mau-ca-nhan.xlsx")


# --- emulation groups ------------------------------------------------------------------------------------------


@login_required
def group_list(request):
    kind = request.GET.get("kind", "")
    groups = list(selectors.groups_for(request.user, kind=kind))
    heads = {}
    for lead in (GroupLeadership.objects.filter(group__in=groups, role=GroupLeadership.Role.HEAD)
                 .select_related("unit", "period").order_by("group_id", "-period__start")):
        heads.setdefault(lead.group_id, lead)
    for g in groups:
        g.current_head = heads.get(g.pk)
    return render(request, "orgs/group_list.html", {
        "groups": groups, "kind": kind, "kinds": EmulationGroup.Kind.choices,
        "can_manage": is_province_staff(request.user),
    })


def _group_context(request, group, **forms):
    today = dt.date.today()
    memberships = list(group.memberships.select_related("unit").order_by("unit__sort_key"))
    current = [m for m in memberships if m.left_on is None or m.left_on >= today]
    former = [m for m in memberships if m.left_on is not None and m.left_on < today]
    by_period = {}
    for lead in group.leaderships.select_related("unit", "period").order_by("-period__start", "-role", "unit__sort_key"):
        by_period.setdefault(lead.period, []).append(lead)
    manage = is_province_staff(request.user)
    ctx = {
        "group": group, "current": current, "former": former, "by_period": list(by_period.items()),
        "can_manage": manage, "today": today,
    }
    if manage:
        ctx["member_form"] = forms.get("member_form") or MemberAddForm(group=group)
        ctx["leader_form"] = forms.get("leader_form") or LeadershipForm(group=group)
        ctx["remove_form"] = MemberRemoveForm()
    return ctx


@login_required
def group_detail(request, pk):
    group = get_visible_or_404(EmulationGroup, request.user, pk=pk)
    return render(request, "orgs/group_detail.html", _group_context(request, group))


@login_required
def group_create(request):
    require(request.user, "orgs.manage_structure", message=PROVINCE_ONLY)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.save_group(request.user, form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm “%(name)s”.") % {"name": group.name})
            return redirect("orgs:group_detail", pk=group.pk)
    return render(request, "orgs/group_form.html", {"form": form, "group": None})


@login_required
def group_edit(request, pk):
    group = get_visible_or_404(EmulationGroup, request.user, pk=pk)
    require(request.user, "orgs.manage_structure", message=PROVINCE_ONLY)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_group(request.user, form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("orgs:group_detail", pk=group.pk)
    return render(request, "orgs/group_form.html", {"form": form, "group": group})


@login_required
@require_POST
def group_member_add(request, pk):
    group = get_visible_or_404(EmulationGroup, request.user, pk=pk)
    require(request.user, "orgs.manage_structure", message=PROVINCE_ONLY)
    form = MemberAddForm(request.POST, group=group)
    if form.is_valid():
        try:
            services.add_member(request.user, group, form.cleaned_data["unit"], form.cleaned_data["joined_on"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm thành viên."))
            return redirect("orgs:group_detail", pk=group.pk)
    return render(request, "orgs/group_detail.html", _group_context(request, group, member_form=form), status=400)


@login_required
@require_POST
def group_member_remove(request, pk):
    group = get_visible_or_404(EmulationGroup, request.user, pk=pk)
    require(request.user, "orgs.manage_structure", message=PROVINCE_ONLY)
    form = MemberRemoveForm(request.POST)
    if form.is_valid():
        membership = get_object_or_404(GroupMembership, group=group, pk=form.cleaned_data["membership"])
        try:
            services.remove_member(request.user, membership, form.cleaned_data["left_on"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã ghi nhận “%(unit)s” rời Cụm/Khối.") % {"unit": membership.unit.name})
    else:
        messages.error(request, _("Ngày rời Cụm/Khối không hợp lệ."))
    return redirect("orgs:group_detail", pk=group.pk)


@login_required
@require_POST
def group_leadership_set(request, pk):
    group = get_visible_or_404(EmulationGroup, request.user, pk=pk)
    require(request.user, "orgs.manage_structure", message=PROVINCE_ONLY)
    form = LeadershipForm(request.POST, group=group)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.set_leadership(request.user, group, d["period"], d["unit"], d["role"], d["decision"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã cập nhật Trưởng, Phó cho kỳ %(period)s.") % {"period": d["period"]})
            return redirect("orgs:group_detail", pk=group.pk)
    return render(request, "orgs/group_detail.html", _group_context(request, group, leader_form=form), status=400)


@login_required
@require_POST
def group_leadership_remove(request, pk, lid):
    group = get_visible_or_404(EmulationGroup, request.user, pk=pk)
    require(request.user, "orgs.manage_structure", message=PROVINCE_ONLY)
    leadership = get_object_or_404(GroupLeadership, group=group, pk=lid)
    services.remove_leadership(request.user, leadership)
    messages.success(request, _("Đã xóa."))
    return redirect("orgs:group_detail", pk=group.pk)


# --- periods ---------------------------------------------------------------------------------------------------


@login_required
def period_list(request):
    manage = is_province_staff(request.user)
    form = PeriodForm(request.POST or None) if manage else None
    if request.method == "POST":
        require(request.user, "orgs.manage_structure", message=PROVINCE_ONLY)
        if form.is_valid():
            d = form.cleaned_data
            try:
                period = services.create_period(request.user, d["kind"], d["first_year"], d["last_year"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm kỳ “%(label)s”.") % {"label": period.label})
                return redirect("orgs:period_list")
    periods = Period.objects.order_by("-start", "kind")
    return render(request, "orgs/period_list.html", {"periods": periods, "form": form,
                                                     "today": dt.date.today()})


# --- pickers (searchable unit / person choosers; static/thidua/picker.js) -------------------------------------


@login_required
@require_GET
def unit_choices(request):
    """JSON for the unit picker: at most 20 units of the user's scope matching `q`, optionally in `goc`'s tree
    and (`dang_hoat_dong=1`) only those active today."""
    root = request.GET.get("goc", "")
    return JsonResponse({"results": selectors.unit_choices(request.user, request.GET.get("q", "").strip()[:100],
                                                           root=root if root.isdigit() else None,
                                                           active=request.GET.get("dang_hoat_dong") == "1")})


@login_required
@require_GET
def person_choices(request):
    """JSON for the person picker: at most 20 people of the user's scope matching `q`, optionally in `don_vi`'s
    tree and (`dang_lam=1`) only those still working."""
    unit = request.GET.get("don_vi", "")
    return JsonResponse({"results": selectors.person_choices(request.user, request.GET.get("q", "").strip()[:100],
                                                             unit=unit if unit.isdigit() else None,
                                                             active=request.GET.get("dang_lam") or None)})
