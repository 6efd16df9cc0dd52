"""Units, people and emulation groups over the API (mounted at /api/v1/orgs). Same scoping, services and
validation as the pages; citizen ids are masked unless the caller is province staff."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from thidua.api.schemas import choices, documented, page
from thidua.core import personal
from thidua.core.pagination import keyset_page
from thidua.core.permissions import require
from thidua.core.replica import reads_from_replica
from thidua.core.scoping import get_visible_or_404
from thidua.orgs import imports, merge, selectors, services
from thidua.orgs.forms import (
    LINEAGE_FORMS,
    GroupForm,
    ImportForm,
    LeadershipForm,
    MemberAddForm,
    MemberRemoveForm,
    PeriodForm,
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
)
from thidua.orgs.permissions import PROVINCE_ONLY, READ_ONLY

router = Router(tags=["orgs"])


class Detail(Schema):
    detail: str


class UnitBrief(Schema):
    id: int
    code: str
    name: str


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: documented(Unit.Kind)
    kind_label: str
    parent_id: int | None
    active_from: dt.date | None
    active_to: dt.date | None
    active: bool


class LineageOut(Schema):
    kind: documented(UnitLineage.Kind)
    kind_label: str
    effective_on: dt.date
    decision: str
    unit: UnitBrief | None


class MembershipOut(Schema):
    group_id: int
    group: str
    joined_on: dt.date | None
    left_on: dt.date | None


class UnitDetailOut(UnitOut):
    address: str
    sub_units: list[UnitBrief]
    people_count: int
    groups: list[MembershipOut]
    predecessors: list[LineageOut] = Field(description="tiền thân: đơn vị đã sáp nhập, chia tách, đổi tên thành đơn vị này")
    successors: list[LineageOut] = Field(description="đơn vị kế thừa")
    history_unit_ids: list[int] = Field(description="đơn vị này và mọi tiền thân (lịch sử khen thưởng đi theo)")


class PersonOut(Schema):
    id: int
    full_name: str
    gender: documented(Person.Gender)
    birth_date: dt.date | None = Field(description="đầy đủ với cán bộ TĐKT cấp tỉnh; null với người dùng khác "
                                                   "(Nghị định 13/2023), khi đó xem birth_year")
    birth_year: int | None = Field(None, description="năm sinh (mọi người dùng)")
    citizen_id: str = Field(description="đầy đủ với cán bộ TĐKT cấp tỉnh, che với người dùng khác")
    unit_id: int
    unit: str
    position: str
    direct_worker: bool
    joined_on: dt.date | None
    active: bool


class UnitPage(Schema):
    items: list[UnitOut]
    next_cursor: str | None


class PeoplePage(Schema):
    items: list[PersonOut]
    next_cursor: str | None


class PersonIn(Schema):
    full_name: str = Field(min_length=1, max_length=150)
    gender: Literal["male", "female"]
    birth_date: dt.date | None = None
    citizen_id: str = ""
    unit_id: int
    position: str = ""
    direct_worker: bool = False
    joined_on: dt.date | None = None
    active: bool = True
    confirm_duplicate: bool = Field(False, description="tạo dù trùng họ tên + ngày sinh hoặc số CCCD")


class PersonPatch(Schema):
    full_name: str | None = Field(None, min_length=1, max_length=150)
    gender: Literal["male", "female"] | None = None
    birth_date: dt.date | None = None
    citizen_id: str | None = None
    unit_id: int | None = None
    position: str | None = None
    direct_worker: bool | None = None
    joined_on: dt.date | None = None
    active: bool | None = None


class LeadershipOut(Schema):
    period: str
    role: documented(GroupLeadership.Role)
    role_label: str
    unit: UnitBrief
    decision: str


class GroupOut(Schema):
    id: int
    name: str
    kind: documented(EmulationGroup.Kind)
    kind_label: str
    cycle: documented(EmulationGroup.Cycle)
    members: list[UnitBrief]
    leadership: list[LeadershipOut]


class GroupPage(Schema):
    items: list[GroupOut]
    next_cursor: str | None


def _unit_out(u: Unit) -> dict:
    return {"id": u.pk, "code": u.code, "name": u.name, "short_name": u.short_name, "kind": u.kind,
            "kind_label": str(u.get_kind_display()), "parent_id": u.parent_id, "active_from": u.active_from,
            "active_to": u.active_to, "active": u.is_active}


def _brief(u: Unit | None):
    return {"id": u.pk, "code": u.code, "name": u.name} if u is not None else None


def _person_out(p: Person, user) -> dict:
    full = personal.may_see_personal_data(user)
    return {"id": p.pk, "full_name": p.full_name, "gender": p.gender, "birth_date": p.birth_date if full else None,
            "birth_year": p.birth_date.year if p.birth_date else None, "citizen_id": p.citizen_id_for(user), "unit_id": p.unit_id, "unit": p.unit.name, "position": p.position,
            "direct_worker": p.direct_worker, "joined_on": p.joined_on, "active": p.active}


def _bad_request(exc: ValidationError):
    if hasattr(exc, "error_dict"):
        messages = [m for errors in exc.message_dict.values() for m in errors]
    else:
        messages = exc.messages
    raise HttpError(400, " ".join(messages) or "Dữ liệu không hợp lệ.")


@router.get("/units", response=UnitPage, summary="Danh sách đơn vị (theo phạm vi, phân trang bằng con trỏ)")
@reads_from_replica
def list_units(request, q: str = "", kind: documented(Unit.Kind, "") = "", active: bool | None = None,
               parent: int | None = None, cursor: str | None = None, limit: int = 50):
    qs = selectors.units_for(request.user, q=q, kind=kind, active=None if active is None else ("1" if active else "0"))
    if parent is not None:
        qs = qs.filter(parent_id=parent)
    result = page(qs, ["sort_key", "id"], cursor, limit)
    return {"items": [_unit_out(u) for u in result.rows], "next_cursor": result.next_cursor}


@router.get("/units/{int:unit_id}", response={200: UnitDetailOut, 404: Detail}, summary="Chi tiết đơn vị, tiền thân, kế thừa")
def get_unit(request, unit_id: int):
    unit = get_visible_or_404(Unit, request.user, pk=unit_id)
    info = selectors.unit_detail(request.user, unit)

    def lineage(e: UnitLineage, other):
        return {"kind": e.kind, "kind_label": str(e.get_kind_display()), "effective_on": e.effective_on,
                "decision": e.decision, "unit": _brief(other)}

    return {
        **_unit_out(unit),
        "address": unit.address,
        "sub_units": [_brief(u) for u in info["sub_units"]],
        "people_count": info["people_tree"],
        "groups": [{"group_id": m.group_id, "group": m.group.name, "joined_on": m.joined_on, "left_on": m.left_on}
                   for m in info["memberships"]],
        "predecessors": [lineage(e, e.predecessor) for e in info["lineage_in"]],
        "successors": [lineage(e, e.successor) for e in info["lineage_out"]],
        "history_unit_ids": sorted(unit.predecessor_ids()),
    }


@router.get("/people", response=PeoplePage, summary="Danh sách cá nhân (theo phạm vi, phân trang bằng con trỏ)")
@reads_from_replica
def list_people(request, q: str = "", unit: int | None = None, gender: documented(Person.Gender, "") = "",
                direct_worker: bool | None = None,
                active: bool | None = None, cursor: str | None = None, limit: int = 50):
    def flag(v):
        return None if v is None else ("1" if v else "0")

    qs = selectors.people_for(request.user, q=q, unit=unit, gender=gender, direct=flag(direct_worker),
                              active=flag(active))
    page = keyset_page(qs, ["sort_key", "id"], cursor, size=max(1, min(limit, 200)))
    if personal.may_see_personal_data(request.user) and page.rows:
        personal.record_unmasked_view(request.user, _("API: danh sách cá nhân (số CCCD, ngày sinh đầy đủ)"),
                                      count=len(page.rows))
    return {"items": [_person_out(p, request.user) for p in page.rows], "next_cursor": page.next_cursor}


@router.get("/people/{int:person_id}", response={200: PersonOut, 404: Detail}, summary="Chi tiết cá nhân")
def get_person(request, person_id: int):
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=person_id)
    if personal.may_see_personal_data(request.user) and (person.citizen_id or person.birth_date):
        personal.record_unmasked_view(request.user, _("API: hồ sơ cá nhân (số CCCD, ngày sinh đầy đủ)"), obj=person)
    return _person_out(person, request.user)


def _unit_for_person(user, unit_id):
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not Unit.objects.editable_by(user).filter(pk=unit_id).exists():
        raise HttpError(400, "Bạn chỉ được khai báo cá nhân thuộc đơn vị của mình hoặc đơn vị cấp dưới.")
    return unit


@router.post("/people", response={201: PersonOut, 400: Detail, 403: Detail, 409: Detail}, summary="Thêm cá nhân")
def create_person(request, payload: PersonIn):
    require(request.user, "orgs.edit_records", message=READ_ONLY)
    data = payload.dict()
    unit = _unit_for_person(request.user, data.pop("unit_id"))
    confirm = data.pop("confirm_duplicate")
    if not confirm:
        dups = services.find_duplicates(request.user, full_name=data["full_name"], birth_date=data["birth_date"],
                                        citizen_id=(data["citizen_id"] or "").replace(" ", ""))
        if dups:
            return Status(409, {"detail": "Có thể cá nhân này đã có trong hệ thống ("
                                + ", ".join(str(d.reason_label) for d in dups[:3])
                                + "). Gửi lại với confirm_duplicate=true nếu đúng là người khác."})
    try:
        person = services.create_person(request.user, unit=unit, **data)
    except ValidationError as exc:
        _bad_request(exc)
    return Status(201, _person_out(person, request.user))


@router.patch("/people/{int:person_id}", response={200: PersonOut, 400: Detail, 403: Detail, 404: Detail},
              summary="Sửa cá nhân")
def update_person(request, person_id: int, payload: PersonPatch):
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=person_id)
    data = payload.dict(exclude_unset=True)
    if "unit_id" in data:
        unit_id = data.pop("unit_id")
        if unit_id is None:
            raise HttpError(400, "Chọn đơn vị công tác.")
        data["unit"] = _unit_for_person(request.user, unit_id)
    for key in ("full_name", "gender", "citizen_id", "position", "direct_worker", "active"):
        if key in data and data[key] is None:
            data.pop(key)
    try:
        person = services.update_person(request.user, person, **data)
    except ValidationError as exc:
        _bad_request(exc)
    return _person_out(person, request.user)


@router.get("/groups", response=GroupPage,
            summary="Cụm, Khối thi đua (theo phạm vi) với thành viên, Trưởng, Phó (phân trang bằng con trỏ)")
def list_groups(request, kind: documented(EmulationGroup.Kind, "") = "", q: str = "", unit: int | None = None,
                cursor: str | None = None, limit: int = 50):
    qs = selectors.groups_for(request.user, kind=kind)
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    if unit is not None:  # the groups a unit belongs to
        qs = qs.filter(pk__in=GroupMembership.objects.filter(unit_id=unit).values("group_id"))
    result = page(qs, ["kind", "sort_key", "id"], cursor, limit)
    groups = result.rows
    members_of: dict[int, list] = {}
    for m in GroupMembership.objects.filter(group__in=[g.pk for g in groups]).select_related("unit"):
        members_of.setdefault(m.group_id, []).append(m)
    leads = {}
    for lead in (GroupLeadership.objects.filter(group__in=groups).select_related("unit", "period")
                 .order_by("-period__start", "-role")):
        leads.setdefault(lead.group_id, []).append(lead)
    today = dt.date.today()
    out = []
    for g in groups:
        members = sorted((m.unit for m in members_of.get(g.pk, []) if m.left_on is None or m.left_on >= today),
                         key=lambda u: u.sort_key)
        out.append({
            "id": g.pk, "name": g.name, "kind": g.kind, "kind_label": str(g.get_kind_display()), "cycle": g.cycle,
            "members": [_brief(u) for u in members],
            "leadership": [{"period": lead.period.label, "role": lead.role, "role_label": str(lead.get_role_display()),
                            "unit": _brief(lead.unit), "decision": lead.decision} for lead in leads.get(g.pk, [])],
        })
    return {"items": out, "next_cursor": result.next_cursor}


# --- writes: the pages' forms validate, the pages' services act (orgs/services.py, merge.py, imports.py) ---------

WRITE = {400: Detail, 403: Detail, 404: Detail, 422: Detail}


def _form_value(value):
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_form_value(v) for v in value]
    return value


def _valid(form) -> dict:
    """The page's form on the API's data: its cleaned data, or 400 with its Vietnamese messages (by field label)."""
    if form.is_valid():
        return form.cleaned_data
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        parts.extend(f"{label}: {e}" if label else str(e) for e in errors)
    raise HttpError(400, " ".join(parts) or _("Dữ liệu không hợp lệ."))


def _data(values: dict, names: dict[str, str] | None = None) -> dict:
    """API fields → the form's data (`names`: API name → form field name, e.g. parent_id → parent)."""
    names = names or {}
    return {names.get(k, k): _form_value(v) for k, v in values.items()}


# --- units: create, edit, reorganise, import ---------------------------------------------------------------------


class UnitIn(Schema):
    name: str = Field(max_length=255)
    short_name: str = ""
    code: str = Field(description="chữ thường không dấu, số và gạch nối, ví dụ: so-noi-vu")
    kind: choices(Unit.Kind)
    parent_id: int | None = Field(None, description="đơn vị cấp trên (bắt buộc với người dùng không phải cấp tỉnh)")
    active_from: dt.date | None = None
    active_to: dt.date | None = None
    address: str = ""


class UnitPatch(Schema):
    name: str | None = Field(None, max_length=255)
    short_name: str | None = None
    code: str | None = None
    kind: choices(Unit.Kind) | None = None
    parent_id: int | None = None
    active_from: dt.date | None = None
    active_to: dt.date | None = None
    address: str | None = None


UNIT_NAMES = {"parent_id": "parent"}


def _unit_fields(data: dict) -> dict:
    return {k: data[k] for k in services.UNIT_FIELDS}


@router.post("/units", response={201: UnitOut, **WRITE}, summary="Thêm đơn vị (trong phạm vi của người dùng)")
def create_unit(request, payload: UnitIn):
    require(request.user, "orgs.edit_records", message=READ_ONLY)
    data = _valid(UnitForm(_data(payload.dict(), UNIT_NAMES), user=request.user))
    return Status(201, _unit_out(services.create_unit(request.user, **_unit_fields(data))))


@router.patch("/units/{int:unit_id}", response={200: UnitOut, **WRITE},
              summary="Sửa thông tin đơn vị (các trường gửi lên; null xoá ngày hoặc đơn vị cấp trên)")
def update_unit(request, unit_id: int, payload: UnitPatch):
    unit = get_visible_or_404(Unit, request.user, pk=unit_id)
    services.ensure_unit_manageable(request.user, unit, _("Thông tin đơn vị của bạn do cán bộ TĐKT cấp tỉnh cập nhật."))
    current = {k: getattr(unit, k) for k in ("name", "short_name", "code", "kind", "active_from", "active_to",
                                             "address")}
    current["parent_id"] = unit.parent_id
    changes = payload.dict(exclude_unset=True)
    for key in ("name", "short_name", "code", "kind", "address"):
        if key in changes and changes[key] is None:
            changes.pop(key)  # null for a text field: left as it is
    data = _valid(UnitForm(_data({**current, **changes}, UNIT_NAMES), instance=unit, user=request.user))
    unit = services.update_unit(request.user, Unit.objects.get(pk=unit.pk), **_unit_fields(data))
    return _unit_out(unit)


class LineageBaseIn(Schema):
    effective_on: dt.date = Field(description="ngày hiệu lực")
    decision: str = Field("", max_length=200, description="văn bản, quyết định")
    note: str = ""


class UnitMergeIn(LineageBaseIn):
    successor_id: int = Field(description="đơn vị kế thừa (sáp nhập vào)")
    move_people: bool = True
    move_children: bool = True


class UnitSplitIn(LineageBaseIn):
    successor_ids: list[int] = Field(description="các đơn vị được tách ra")
    ends_predecessor: bool = Field(True, description="đơn vị cũ chấm dứt hoạt động (chia tách toàn bộ)")


class UnitRenameIn(LineageBaseIn):
    new_name: str = Field(max_length=255)
    new_short_name: str = ""
    new_code: str = Field(max_length=64)


class UnitDissolveIn(LineageBaseIn):
    deactivate_people: bool = True


class ReorganisationOut(Schema):
    kind: documented(UnitLineage.Kind)
    kind_label: str
    effective_on: dt.date
    unit: UnitOut = Field(description="đơn vị được sắp xếp (sau khi ghi nhận)")
    result: UnitOut = Field(description="đơn vị kế thừa khi sáp nhập, bản ghi mới khi đổi tên, còn lại chính đơn vị")


def _reorganise(request, unit_id: int, kind: str, payload: Schema, names: dict[str, str] | None = None):
    unit = get_visible_or_404(Unit, request.user, pk=unit_id)
    services.ensure_unit_manageable(request.user, unit, _("Bạn không được sắp xếp đơn vị này."))
    data = _valid(LINEAGE_FORMS[kind](_data(payload.dict(), names), user=request.user, unit=unit))
    target = services.reorganise_unit(request.user, unit, kind, data)
    unit.refresh_from_db()
    return {"kind": kind, "kind_label": str(UnitLineage.Kind(kind).label), "effective_on": data["effective_on"],
            "unit": _unit_out(unit), "result": _unit_out(target)}


@router.post("/units/{int:unit_id}/merge", response={200: ReorganisationOut, **WRITE},
             summary="Sáp nhập đơn vị vào một đơn vị kế thừa")
def merge_unit(request, unit_id: int, payload: UnitMergeIn):
    return _reorganise(request, unit_id, "merge", payload, {"successor_id": "successor"})


@router.post("/units/{int:unit_id}/split", response={200: ReorganisationOut, **WRITE},
             summary="Chia tách đơn vị thành các đơn vị được tách ra")
def split_unit(request, unit_id: int, payload: UnitSplitIn):
    return _reorganise(request, unit_id, "split", payload, {"successor_ids": "successors"})


@router.post("/units/{int:unit_id}/rename", response={200: ReorganisationOut, **WRITE},
             summary="Đổi tên đơn vị (bản ghi mới từ ngày hiệu lực)")
def rename_unit(request, unit_id: int, payload: UnitRenameIn):
    return _reorganise(request, unit_id, "rename", payload)


@router.post("/units/{int:unit_id}/dissolve", response={200: ReorganisationOut, **WRITE}, summary="Giải thể đơn vị")
def dissolve_unit(request, unit_id: int, payload: UnitDissolveIn):
    return _reorganise(request, unit_id, "dissolve", payload)


class OrgsImportOut(Schema):
    created: int
    updated: int


class OrgsImportRowError(Schema):
    row: int = Field(description="số dòng như trong Excel")
    column: str
    message: str


class OrgsImportRefused(Schema):
    detail: str
    errors: list[OrgsImportRowError] = Field(description="lỗi từng dòng; trống khi cả tệp không đọc được")


IMPORT_ERRORS = {400: OrgsImportRefused, 403: Detail, 413: Detail, 422: Detail}


def _import(request, run, file):
    form = ImportForm({}, {"file": file})
    if not form.is_valid():
        too_big = file is not None and file.size > ImportForm.MAX_SIZE
        return Status(413 if too_big else 400, {"detail": " ".join(form.errors.get("file", [])) or _("Chọn tệp."),
                                                "errors": []})
    result = run(request.user, form.cleaned_data["file"])
    if result.file_error:
        return Status(400, {"detail": result.file_error, "errors": []})
    if result.errors:
        return Status(400, {
            "detail": ngettext("Tệp có %(n)d lỗi; chưa nhập dòng nào. Sửa các dòng được nêu rồi gửi lại cả tệp.", "Tệp có %(n)d lỗi; chưa nhập dòng nào. Sửa các dòng được nêu rồi gửi lại cả tệp.", len(result.errors))
            % {"n": len(result.errors)},
            "errors": [{"row": e.row, "column": str(e.column), "message": str(e.message)} for e in result.errors],
        })
    return Status(201, {"created": result.created, "updated": result.updated})


@router.post("/units/import", response={201: OrgsImportOut, **IMPORT_ERRORS},
             summary="Nhập danh sách đơn vị từ Excel (multipart: file; như trang nhập: lỗi từng dòng, "
                     "có lỗi thì không nhập dòng nào)")
def import_units(request, file: File[UploadedFile]):
    require(request.user, "orgs.edit_records", message=READ_ONLY)
    return _import(request, imports.import_units, file)


# --- people: import, merge duplicates ------------------------------------------------------------------------------


@router.post("/people/import", response={201: OrgsImportOut, **IMPORT_ERRORS},
             summary="Nhập danh sách cá nhân từ Excel (multipart: file; như trang nhập: lỗi từng dòng, "
                     "có lỗi thì không nhập dòng nào)")
def import_people(request, file: File[UploadedFile]):
    require(request.user, "orgs.edit_records", message=READ_ONLY)
    return _import(request, imports.import_people, file)


class MergeCountOut(Schema):
    what: str
    count: int


class PersonMergePlanOut(Schema):
    keep: PersonOut
    drop: PersonOut
    moves: list[MergeCountOut] = Field(description="bản ghi chuyển sang hồ sơ giữ lại")
    dropped: list[MergeCountOut] = Field(description="bản ghi giống hệt ở cả hai hồ sơ (bỏ bản của hồ sơ bị hợp nhất)")
    filled: list[str] = Field(description="trường còn trống ở hồ sơ giữ lại được bổ sung từ hồ sơ bị hợp nhất")
    conflicts: list[str] = Field(description="điều phải xử lý trước khi hợp nhất được")
    possible: bool


class PersonMergeIn(Schema):
    keep_id: int = Field(description="hồ sơ giữ lại")
    drop_id: int = Field(description="hồ sơ hợp nhất vào hồ sơ giữ lại (bị xoá)")


def _merge_pair(request, keep_id: int, drop_id: int):
    merge.check_may_merge(request.user)
    people = Person.objects.select_related("unit")
    return (get_visible_or_404(people, request.user, pk=keep_id), get_visible_or_404(people, request.user, pk=drop_id))


def _plan_out(result, user) -> dict:
    return {"keep": _person_out(result.keep, user), "drop": _person_out(result.drop, user),
            "moves": [{"what": str(w), "count": n} for w, n in result.moves],
            "dropped": [{"what": str(w), "count": n} for w, n in result.dropped],
            "filled": list(result.filled), "conflicts": [str(c) for c in result.conflicts],
            "possible": result.possible}


@router.get("/people/merge", response={200: PersonMergePlanOut, 403: Detail, 404: Detail, 422: Detail},
            summary="Xem trước việc hợp nhất hai hồ sơ trùng (cán bộ TĐKT cấp tỉnh)")
def merge_people_plan(request, keep_id: int, drop_id: int):
    keep, drop = _merge_pair(request, keep_id, drop_id)
    if personal.may_see_personal_data(request.user):
        personal.record_unmasked_view(request.user, _("API: hợp nhất hồ sơ cá nhân (số CCCD, ngày sinh đầy đủ)"),
                                      obj=keep, count=2)
    return _plan_out(merge.plan(keep, drop), request.user)


@router.post("/people/merge", response={200: PersonMergePlanOut, 403: Detail, 404: Detail, 409: Detail, 422: Detail},
             summary="Hợp nhất hồ sơ trùng vào hồ sơ giữ lại (409 khi còn điều phải xử lý trước)")
def merge_people(request, payload: PersonMergeIn):
    keep, drop = _merge_pair(request, payload.keep_id, payload.drop_id)
    dropped = _person_out(drop, request.user)
    try:
        result = merge.merge(request.user, keep, drop)
    except merge.MergeRefused as exc:
        return Status(409, {"detail": " ".join(str(p) for p in exc.problems)})
    keep.refresh_from_db()
    if personal.may_see_personal_data(request.user):
        personal.record_unmasked_view(request.user, _("API: hợp nhất hồ sơ cá nhân (số CCCD, ngày sinh đầy đủ)"),
                                      obj=keep, count=2)
    return {**_plan_out(result, request.user), "keep": _person_out(keep, request.user), "drop": dropped}


# --- Cụm, Khối: create, edit, members, leadership ----------------------------------------------------------------


class GroupMemberOut(Schema):
    id: int = Field(description="mã thành viên (dùng khi ghi nhận rời Cụm/Khối)")
    unit: UnitBrief
    joined_on: dt.date | None
    left_on: dt.date | None
    current: bool


class GroupMemberPage(Schema):
    items: list[GroupMemberOut]
    next_cursor: str | None


class GroupLeaderOut(Schema):
    id: int
    period_id: int
    period: str
    role: documented(GroupLeadership.Role)
    role_label: str
    unit: UnitBrief
    decision: str


class EmulationGroupDetailOut(Schema):
    id: int
    name: str
    kind: documented(EmulationGroup.Kind)
    kind_label: str
    cycle: documented(EmulationGroup.Cycle)
    description: str
    members: list[GroupMemberOut] = Field(description="thành viên hiện nay và trước đây")
    leadership: list[GroupLeaderOut] = Field(description="Trưởng, Phó theo kỳ, kỳ gần nhất trước")


class EmulationGroupIn(Schema):
    name: str = Field(max_length=255)
    kind: choices(EmulationGroup.Kind)
    cycle: choices(EmulationGroup.Cycle) = EmulationGroup.Cycle.YEAR.value
    description: str = ""


class EmulationGroupPatch(Schema):
    name: str | None = Field(None, max_length=255)
    kind: choices(EmulationGroup.Kind) | None = None
    cycle: choices(EmulationGroup.Cycle) | None = None
    description: str | None = None


class GroupMemberIn(Schema):
    unit_id: int
    joined_on: dt.date | None = Field(None, description="tham gia từ")


class GroupMemberLeaveIn(Schema):
    left_on: dt.date = Field(description="rời Cụm/Khối từ")


class GroupLeaderIn(Schema):
    period_id: int = Field(description="kỳ (năm, hoặc năm học với Khối các trường)")
    unit_id: int = Field(description="đơn vị thành viên")
    role: choices(GroupLeadership.Role)
    decision: str = Field("", max_length=200, description="quyết định phê duyệt")


def _member_out(m: GroupMembership) -> dict:
    return {"id": m.pk, "unit": _brief(m.unit), "joined_on": m.joined_on, "left_on": m.left_on,
            "current": m.is_current}


def _leader_out(lead: GroupLeadership) -> dict:
    return {"id": lead.pk, "period_id": lead.period_id, "period": lead.period.label, "role": lead.role,
            "role_label": str(lead.get_role_display()), "unit": _brief(lead.unit), "decision": lead.decision}


def _group_detail(group: EmulationGroup) -> dict:
    members = group.memberships.select_related("unit").order_by("unit__sort_key", "id")
    leads = group.leaderships.select_related("unit", "period").order_by("-period__start", "-role", "unit__sort_key")
    return {"id": group.pk, "name": group.name, "kind": group.kind, "kind_label": str(group.get_kind_display()),
            "cycle": group.cycle, "description": group.description,
            "members": [_member_out(m) for m in members], "leadership": [_leader_out(lead) for lead in leads]}


def _managed_group(request, group_id: int) -> EmulationGroup:
    group = get_visible_or_404(EmulationGroup, request.user, pk=group_id)
    require(request.user, "orgs.manage_structure", message=PROVINCE_ONLY)
    return group


@router.get("/groups/{int:group_id}", response={200: EmulationGroupDetailOut, 404: Detail},
            summary="Chi tiết Cụm/Khối: thành viên (hiện nay và trước đây), Trưởng, Phó theo kỳ")
def get_group(request, group_id: int):
    return _group_detail(get_visible_or_404(EmulationGroup, request.user, pk=group_id))


@router.post("/groups", response={201: EmulationGroupDetailOut, **WRITE},
             summary="Thêm Cụm/Khối thi đua (cán bộ TĐKT cấp tỉnh)")
def create_group(request, payload: EmulationGroupIn):
    require(request.user, "orgs.manage_structure", message=PROVINCE_ONLY)
    form = GroupForm(_data(payload.dict()))
    _valid(form)
    return Status(201, _group_detail(services.save_group(request.user, form.instance)))


@router.patch("/groups/{int:group_id}", response={200: EmulationGroupDetailOut, **WRITE},
              summary="Sửa Cụm/Khối thi đua (cán bộ TĐKT cấp tỉnh)")
def update_group(request, group_id: int, payload: EmulationGroupPatch):
    group = _managed_group(request, group_id)
    current = {"name": group.name, "kind": group.kind, "cycle": group.cycle, "description": group.description}
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    form = GroupForm(_data({**current, **changes}), instance=group)
    _valid(form)
    return _group_detail(services.save_group(request.user, form.instance))


@router.get("/groups/{int:group_id}/members", response={200: GroupMemberPage, 404: Detail},
            summary="Thành viên của Cụm/Khối (phân trang bằng con trỏ)")
def list_group_members(request, group_id: int, current: bool | None = None, cursor: str | None = None,
                       limit: int = 50):
    group = get_visible_or_404(EmulationGroup, request.user, pk=group_id)
    qs = group.memberships.select_related("unit")
    if current is not None:
        today = dt.date.today()
        now = Q(left_on__isnull=True) | Q(left_on__gte=today)
        qs = qs.filter(now) if current else qs.exclude(now)
    result = page(qs, ["unit__sort_key", "id"], cursor, limit)
    return {"items": [_member_out(m) for m in result.rows], "next_cursor": result.next_cursor}


@router.post("/groups/{int:group_id}/members", response={201: GroupMemberOut, **WRITE},
             summary="Thêm đơn vị thành viên vào Cụm/Khối (cán bộ TĐKT cấp tỉnh)")
def add_group_member(request, group_id: int, payload: GroupMemberIn):
    group = _managed_group(request, group_id)
    data = _valid(MemberAddForm(_data(payload.dict(), {"unit_id": "unit"}), group=group))
    membership = services.add_member(request.user, group, data["unit"], data["joined_on"])
    return Status(201, _member_out(GroupMembership.objects.select_related("unit").get(pk=membership.pk)))


@router.post("/groups/{int:group_id}/members/{int:member_id}/leave", response={200: GroupMemberOut, **WRITE},
             summary="Ghi nhận đơn vị rời Cụm/Khối từ một ngày (cán bộ TĐKT cấp tỉnh)")
def leave_group(request, group_id: int, member_id: int, payload: GroupMemberLeaveIn):
    group = _managed_group(request, group_id)
    membership = GroupMembership.objects.select_related("unit").filter(group=group, pk=member_id).first()
    if membership is None:
        raise Http404
    data = _valid(MemberRemoveForm({"membership": membership.pk, "left_on": payload.left_on.isoformat()}))
    return _member_out(services.remove_member(request.user, membership, data["left_on"]))


@router.post("/groups/{int:group_id}/leadership", response={200: GroupLeaderOut, **WRITE},
             summary="Đặt Trưởng (thay Trưởng cũ của kỳ) hoặc thêm Phó Cụm/Khối cho một kỳ (cán bộ TĐKT cấp tỉnh)")
def set_group_leader(request, group_id: int, payload: GroupLeaderIn):
    group = _managed_group(request, group_id)
    data = _valid(LeadershipForm(_data(payload.dict(), {"period_id": "period", "unit_id": "unit"}), group=group))
    lead = services.set_leadership(request.user, group, data["period"], data["unit"], data["role"], data["decision"])
    return _leader_out(GroupLeadership.objects.select_related("unit", "period").get(pk=lead.pk))


@router.delete("/groups/{int:group_id}/leadership/{int:leadership_id}", response={204: None, **WRITE},
               summary="Xoá một Trưởng/Phó Cụm/Khối của một kỳ (cán bộ TĐKT cấp tỉnh)")
def remove_group_leader(request, group_id: int, leadership_id: int):
    group = _managed_group(request, group_id)
    lead = GroupLeadership.objects.filter(group=group, pk=leadership_id).first()
    if lead is None:
        raise Http404
    services.remove_leadership(request.user, lead)
    return Status(204, None)


# --- emulation periods (kỳ thi đua) ------------------------------------------------------------------------------


class EmulationPeriodOut(Schema):
    id: int
    kind: documented(Period.Kind)
    kind_label: str
    label: str
    start: dt.date
    end: dt.date


class EmulationPeriodPage(Schema):
    items: list[EmulationPeriodOut]
    next_cursor: str | None


class EmulationPeriodIn(Schema):
    kind: choices(Period.Kind)
    first_year: int = Field(description="năm (năm bắt đầu; năm học 2025-2026: 2025)")
    last_year: int | None = Field(None, description="năm kết thúc (chỉ với giai đoạn)")


def _period_out(p: Period) -> dict:
    return {"id": p.pk, "kind": p.kind, "kind_label": str(p.get_kind_display()), "label": p.label, "start": p.start,
            "end": p.end}


@router.get("/periods", response=EmulationPeriodPage,
            summary="Kỳ thi đua (năm, năm học, giai đoạn), mới nhất trước (phân trang bằng con trỏ)")
def list_periods(request, kind: documented(Period.Kind, "") = "", cursor: str | None = None, limit: int = 50):
    qs = Period.objects.all()
    if kind in Period.Kind.values:
        qs = qs.filter(kind=kind)
    result = page(qs, ["-start", "kind", "id"], cursor, limit)
    return {"items": [_period_out(p) for p in result.rows], "next_cursor": result.next_cursor}


@router.post("/periods", response={201: EmulationPeriodOut, **WRITE},
             summary="Thêm kỳ thi đua (cán bộ TĐKT cấp tỉnh)")
def create_period(request, payload: EmulationPeriodIn):
    require(request.user, "orgs.manage_structure", message=PROVINCE_ONLY)
    data = _valid(PeriodForm(_data(payload.dict())))
    period = services.create_period(request.user, data["kind"], data["first_year"], data["last_year"])
    return Status(201, _period_out(period))
