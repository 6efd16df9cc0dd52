"""Units, people and emulation groups over the API (mounted at /api/v1/orgs). Same scoping, services and
validation as the pages; citizen ids are masked unless the caller is province staff."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from thidua.api.schemas import documented, page
from thidua.core import personal
from thidua.core.pagination import keyset_page
from thidua.core.permissions import require
from thidua.core.replica import reads_from_replica
from thidua.core.scoping import get_visible_or_404
from thidua.orgs import selectors, services
from thidua.orgs.models import EmulationGroup, GroupLeadership, GroupMembership, Person, Unit, UnitLineage
from thidua.orgs.permissions import READ_ONLY

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


@router.get("/units/{unit_id}", response={200: UnitDetailOut, 404: Detail}, summary="Chi tiết đơn vị, tiền thân, kế thừa")
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


@router.get("/people/{person_id}", response={200: PersonOut, 404: Detail}, summary="Chi tiết cá nhân")
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


@router.patch("/people/{person_id}", response={200: PersonOut, 400: Detail, 403: Detail, 404: Detail},
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
