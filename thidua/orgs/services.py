"""Every change to units, lineage, groups, periods and people goes through here: pages, the API and the XLSX
imports call the same functions, so scoping and validation cannot differ between them.

Errors are `django.core.exceptions.ValidationError` with Vietnamese messages (a dict by field where it helps);
callers show them next to the form field, as a row error of an import, or as a 400 `{"detail": …}`.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.core.audit import record
from thidua.core.permissions import require
from thidua.core.text import fold
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

ONE_DAY = dt.timedelta(days=1)
UNIT_FIELDS = ("name", "short_name", "code", "kind", "parent", "active_from", "active_to", "address")
PERSON_FIELDS = ("full_name", "gender", "birth_date", "citizen_id", "unit", "position", "direct_worker",
                 "joined_on", "active")


# --- units -----------------------------------------------------------------------------------------------------


def _check_parent(user, parent):
    if parent is None:
        if not is_province_staff(user):
            raise ValidationError({"parent": _("Đơn vị mới phải trực thuộc đơn vị của bạn hoặc một đơn vị cấp dưới.")})
        return
    if not Unit.objects.parent_choices_for(user).filter(pk=parent.pk).exists():
        raise ValidationError({"parent": _("Bạn chỉ được đặt đơn vị dưới đơn vị của mình hoặc đơn vị cấp dưới.")})


@transaction.atomic
def create_unit(user, **fields) -> Unit:
    require(user, "orgs.edit_records", message=READ_ONLY)
    unit = Unit(**{k: v for k, v in fields.items() if k in UNIT_FIELDS})
    _check_parent(user, unit.parent)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def update_unit(user, unit: Unit, **fields) -> Unit:
    if not Unit.objects.manageable_by(user).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("Bạn không được sửa thông tin đơn vị này."))
    for key, value in fields.items():
        if key in UNIT_FIELDS:
            setattr(unit, key, value)
    if "parent" in fields:
        _check_parent(user, unit.parent)
        if unit.parent_id and unit.parent.path.startswith(unit.path):
            raise ValidationError({"parent": _("Đơn vị cấp trên không được là chính nó hoặc đơn vị trực thuộc nó.")})
    unit.full_clean()
    unit.save()
    return unit


def ensure_unit_manageable(user, unit: Unit, message=None):
    """403 unless the user may change `unit`'s record and lineage (Unit.objects.manageable_by)."""
    if not Unit.objects.manageable_by(user).filter(pk=unit.pk).exists():
        raise PermissionDenied(message or _("Bạn không được sửa thông tin đơn vị này."))


# --- lineage (merge, split, rename, dissolve) ------------------------------------------------------------------


def _check_manageable(user, units):
    ids = {u.pk for u in units}
    allowed = set(Unit.objects.manageable_by(user).filter(pk__in=ids).values_list("pk", flat=True))
    if ids - allowed:
        raise PermissionDenied(_("Bạn chỉ được sắp xếp các đơn vị cấp dưới của đơn vị mình."))


def _check_can_end(unit: Unit, effective_on: dt.date):
    if unit.active_from and effective_on <= unit.active_from:
        raise ValidationError(
            {"effective_on": _("Ngày hiệu lực phải sau ngày đơn vị “%(unit)s” bắt đầu hoạt động (%(day)s).")
             % {"unit": unit.name, "day": unit.active_from.strftime("%d/%m/%Y")}}
        )
    if unit.active_to and unit.active_to < effective_on - ONE_DAY:
        raise ValidationError(
            {"predecessor": _("Đơn vị “%(unit)s” đã ngừng hoạt động từ %(day)s.")
             % {"unit": unit.name, "day": unit.active_to.strftime("%d/%m/%Y")}}
        )


def _check_active_on(unit: Unit, day: dt.date):
    if (unit.active_from and unit.active_from > day) or (unit.active_to and unit.active_to < day):
        raise ValidationError(
            {"successor": _("Đơn vị “%(unit)s” không hoạt động vào ngày %(day)s.")
             % {"unit": unit.name, "day": day.strftime("%d/%m/%Y")}}
        )


def _end_unit(unit: Unit, effective_on: dt.date):
    unit.active_to = effective_on - ONE_DAY
    unit.save()
    GroupMembership.objects.filter(unit=unit).filter(Q(left_on__isnull=True) | Q(left_on__gte=effective_on)).update(
        left_on=effective_on - ONE_DAY
    )


def _move_contents(old: Unit, new: Unit, *, people: bool, children: bool) -> dict:
    """Move people (and their user accounts) and sub-units of `old` to `new`; returns counts for the audit log."""
    from thidua.core.models import User

    moved = {"people": 0, "users": 0, "children": 0}
    if people:
        moved["people"] = Person.objects.filter(unit=old).update(unit=new)
        moved["users"] = User.objects.filter(unit=old).update(unit=new)
    if children:
        for child in Unit.objects.filter(parent=old).exclude(pk=new.pk):
            child.parent = new
            child.save()
            moved["children"] += 1
    return moved


@transaction.atomic
def merge_units(user, predecessors, successor: Unit, effective_on: dt.date, *, decision="", note="",
                move_people=True, move_children=True) -> list[UnitLineage]:
    """Units `predecessors` merge into `successor` on `effective_on`: each predecessor stops the day before,
    leaves its groups, and (optionally) hands its people, accounts and sub-units to the successor. Award history
    follows through `Unit.predecessor_ids()`."""
    predecessors = list(predecessors)
    if not predecessors:
        raise ValidationError({"predecessors": _("Chọn ít nhất một đơn vị được sáp nhập.")})
    _check_manageable(user, [*predecessors, successor])
    if any(p.pk == successor.pk for p in predecessors):
        raise ValidationError({"successor": _("Đơn vị kế thừa không được nằm trong danh sách đơn vị được sáp nhập.")})
    for pred in predecessors:
        _check_can_end(pred, effective_on)
        if successor.path.startswith(pred.path):
            raise ValidationError(
                {"successor": _("Đơn vị kế thừa không được là đơn vị trực thuộc của “%(unit)s”.") % {"unit": pred.name}}
            )
    _check_active_on(successor, effective_on)
    events = []
    for pred in predecessors:
        events.append(UnitLineage.objects.create(
            kind=UnitLineage.Kind.MERGE, predecessor=pred, successor=successor, effective_on=effective_on,
            decision=decision, note=note,
        ))
        _end_unit(pred, effective_on)
        moved = _move_contents(pred, successor, people=move_people, children=move_children)
        record(successor, "transition", user=user, changes={"merged_from": [pred.name, successor.name], **moved},
               note=_("Sáp nhập “%(a)s” vào “%(b)s” từ %(day)s. %(decision)s")
               % {"a": pred.name, "b": successor.name, "day": effective_on.strftime("%d/%m/%Y"), "decision": decision})
    return events


@transaction.atomic
def split_unit(user, predecessor: Unit, successors, effective_on: dt.date, *, decision="", note="",
               ends_predecessor=True) -> list[UnitLineage]:
    """`predecessor` is divided into `successors` (all of it, or a part when `ends_predecessor` is False).
    People stay where they are: the unit officers assign them to the new units."""
    successors = list(successors)
    if not successors:
        raise ValidationError({"successors": _("Chọn ít nhất một đơn vị được tách ra.")})
    _check_manageable(user, [predecessor, *successors])
    if any(s.pk == predecessor.pk for s in successors):
        raise ValidationError({"successors": _("Đơn vị được tách ra phải khác đơn vị bị chia tách.")})
    _check_can_end(predecessor, effective_on)
    for succ in successors:
        _check_active_on(succ, effective_on)
    events = [
        UnitLineage.objects.create(kind=UnitLineage.Kind.SPLIT, predecessor=predecessor, successor=succ,
                                   effective_on=effective_on, decision=decision, note=note)
        for succ in successors
    ]
    if ends_predecessor:
        _end_unit(predecessor, effective_on)
    return events


@transaction.atomic
def rename_unit(user, unit: Unit, effective_on: dt.date, *, new_name: str, new_code: str, new_short_name="",
                decision="", note="") -> Unit:
    """A renamed unit gets a new record from `effective_on` (so lists and awards before that date keep the name
    they were issued under); people, accounts, sub-units and group memberships move to it."""
    _check_manageable(user, [unit])
    _check_can_end(unit, effective_on)
    new = Unit(name=new_name, code=new_code, short_name=new_short_name, kind=unit.kind, parent=unit.parent,
               address=unit.address, active_from=effective_on)
    try:
        new.full_clean()
    except ValidationError as exc:
        raise ValidationError({{"name": "new_name", "code": "new_code", "short_name": "new_short_name"}.get(k, k): v
                               for k, v in exc.message_dict.items()})
    new.save()
    UnitLineage.objects.create(kind=UnitLineage.Kind.RENAME, predecessor=unit, successor=new,
                               effective_on=effective_on, decision=decision, note=note)
    current = list(GroupMembership.objects.filter(unit=unit).filter(Q(left_on__isnull=True) | Q(left_on__gte=effective_on)))
    _end_unit(unit, effective_on)
    GroupMembership.objects.bulk_create(
        [GroupMembership(group_id=m.group_id, unit=new, joined_on=effective_on) for m in current]
    )
    moved = _move_contents(unit, new, people=True, children=True)
    record(new, "transition", user=user, changes={"renamed_from": [unit.name, new.name], **moved},
           note=_("Đổi tên “%(a)s” thành “%(b)s” từ %(day)s. %(decision)s")
           % {"a": unit.name, "b": new.name, "day": effective_on.strftime("%d/%m/%Y"), "decision": decision})
    return new


@transaction.atomic
def dissolve_unit(user, unit: Unit, effective_on: dt.date, *, decision="", note="", deactivate_people=True):
    _check_manageable(user, [unit])
    _check_can_end(unit, effective_on)
    live_children = Unit.objects.filter(parent=unit).active_on(effective_on)
    if live_children.exists():
        raise ValidationError(
            {"predecessor": _("Đơn vị còn %(n)d đơn vị trực thuộc đang hoạt động; hãy sắp xếp các đơn vị đó trước.")
             % {"n": live_children.count()}}
        )
    event = UnitLineage.objects.create(kind=UnitLineage.Kind.DISSOLVE, predecessor=unit, successor=None,
                                       effective_on=effective_on, decision=decision, note=note)
    _end_unit(unit, effective_on)
    if deactivate_people:
        n = Person.objects.filter(unit=unit, active=True).update(active=False)
        record(unit, "transition", user=user, changes={"people_deactivated": n},
               note=_("Giải thể từ %(day)s. %(decision)s") % {"day": effective_on.strftime("%d/%m/%Y"), "decision": decision})
    return event


LINEAGE_KINDS = ("merge", "split", "rename", "dissolve")


def reorganise_unit(user, unit: Unit, kind: str, data: dict) -> Unit:
    """Record one reorganisation of `unit` from a lineage form's cleaned data (orgs/forms.py LINEAGE_FORMS, the
    page and the API alike); returns the unit to show afterwards (the successor of a merge, the new record of a
    rename, else the unit itself)."""
    common = {"decision": data.get("decision", ""), "note": data.get("note", "")}
    if kind == "merge":
        merge_units(user, [unit], data["successor"], data["effective_on"], **common,
                    move_people=data["move_people"], move_children=data["move_children"])
        return data["successor"]
    if kind == "split":
        split_unit(user, unit, data["successors"], data["effective_on"], **common,
                   ends_predecessor=data["ends_predecessor"])
        return unit
    if kind == "rename":
        return rename_unit(user, unit, data["effective_on"], new_name=data["new_name"], new_code=data["new_code"],
                           new_short_name=data["new_short_name"], **common)
    if kind == "dissolve":
        dissolve_unit(user, unit, data["effective_on"], **common, deactivate_people=data["deactivate_people"])
        return unit
    raise ValidationError(_("Cách sắp xếp đơn vị không hợp lệ."))


# --- people ----------------------------------------------------------------------------------------------------


@dataclass
class Duplicate:
    person: Person
    reason: str  # "citizen_id" or "name_birth"
    in_scope: bool  # the user may open this person's page

    @property
    def reason_label(self) -> str:
        if self.reason == "citizen_id":
            return _("trùng số CCCD")
        return _("trùng họ tên và ngày sinh")


def find_duplicates(user, *, full_name: str, birth_date, citizen_id: str, exclude_pk=None) -> list[Duplicate]:
    """People anywhere in the province who look like the one being entered (same CCCD, or same name without
    diacritics and same birth date). Province-wide on purpose: the same person must not be entered twice."""
    q = Q(pk__in=[])
    if citizen_id:
        q |= Q(citizen_id=citizen_id)
    if full_name and birth_date:
        q |= Q(search_text=fold(" ".join(full_name.split())), birth_date=birth_date)
    qs = Person.objects.filter(q).select_related("unit").order_by("sort_key", "id")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    rows = list(qs[:20])
    visible = set(Person.objects.visible_to(user).filter(pk__in=[p.pk for p in rows]).values_list("pk", flat=True))
    return [
        Duplicate(p, "citizen_id" if citizen_id and p.citizen_id == citizen_id else "name_birth", p.pk in visible)
        for p in rows
    ]


def _check_person_unit(user, unit, *, assigning=True):
    if unit is None:
        raise ValidationError({"unit": _("Chọn đơn vị công tác.")})
    if not Unit.objects.editable_by(user).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("Bạn chỉ được khai báo cá nhân thuộc đơn vị của mình hoặc đơn vị cấp dưới.")})
    if assigning and unit.active_to and unit.active_to < dt.date.today():
        raise ValidationError({"unit": _("Đơn vị “%(unit)s” đã ngừng hoạt động từ %(day)s; chọn đơn vị kế thừa.")
                               % {"unit": unit.name, "day": (unit.active_to + ONE_DAY).strftime("%d/%m/%Y")}})


def _validate_person(person: Person):
    person.full_name = " ".join((person.full_name or "").split())
    person.citizen_id = (person.citizen_id or "").replace(" ", "")
    if person.birth_date and person.birth_date.year < 1900:
        raise ValidationError({"birth_date": _("Ngày sinh không hợp lệ (trước năm 1900).")})
    if person.joined_on and person.joined_on > dt.date.today():
        raise ValidationError({"joined_on": _("Ngày vào làm việc không được ở tương lai.")})
    if person.joined_on and person.birth_date and person.joined_on <= person.birth_date:
        raise ValidationError({"joined_on": _("Ngày vào làm việc phải sau ngày sinh.")})
    person.full_clean()


@transaction.atomic
def create_person(user, **fields) -> Person:
    require(user, "orgs.edit_records", message=READ_ONLY)
    person = Person(**{k: v for k, v in fields.items() if k in PERSON_FIELDS})
    _check_person_unit(user, person.unit)
    _validate_person(person)
    person.save()
    return person


@transaction.atomic
def update_person(user, person: Person, **fields) -> Person:
    if not Person.objects.editable_by(user).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền sửa thông tin cá nhân này."))
    old_unit_id = person.unit_id
    for key, value in fields.items():
        if key in PERSON_FIELDS:
            setattr(person, key, value)
    _check_person_unit(user, person.unit, assigning=person.unit_id != old_unit_id)
    _validate_person(person)
    person.save()
    return person


# --- emulation groups and periods ------------------------------------------------------------------------------


@transaction.atomic
def save_group(user, group: EmulationGroup) -> EmulationGroup:
    require(user, "orgs.manage_structure", message=PROVINCE_ONLY)
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def add_member(user, group: EmulationGroup, unit: Unit, joined_on=None) -> GroupMembership:
    require(user, "orgs.manage_structure", message=PROVINCE_ONLY)
    if unit.active_to and unit.active_to < dt.date.today():
        raise ValidationError({"unit": _("Đơn vị “%(unit)s” đã ngừng hoạt động.") % {"unit": unit.name}})
    membership = GroupMembership.objects.filter(group=group, unit=unit).first()
    if membership and membership.is_current:
        raise ValidationError({"unit": _("Đơn vị “%(unit)s” đã là thành viên.") % {"unit": unit.name}})
    if membership is None:
        membership = GroupMembership(group=group, unit=unit)
    membership.joined_on = joined_on
    membership.left_on = None
    membership.save()
    return membership


@transaction.atomic
def remove_member(user, membership: GroupMembership, left_on: dt.date) -> GroupMembership:
    require(user, "orgs.manage_structure", message=PROVINCE_ONLY)
    if membership.joined_on and left_on < membership.joined_on:
        raise ValidationError({"left_on": _("Ngày rời Cụm/Khối phải sau ngày tham gia.")})
    membership.left_on = left_on
    membership.save()
    return membership


def periods_for(group: EmulationGroup):
    """Groups run on the calendar year, or on the school year (the universities & colleges block)."""
    kind = Period.Kind.SCHOOL_YEAR if group.cycle == EmulationGroup.Cycle.SCHOOL_YEAR else Period.Kind.YEAR
    return Period.objects.filter(kind=kind)


@transaction.atomic
def set_leadership(user, group: EmulationGroup, period: Period, unit: Unit, role: str, decision="") -> GroupLeadership:
    """Set the head (replacing the previous one for the period) or add a deputy, with the approving decision."""
    require(user, "orgs.manage_structure", message=PROVINCE_ONLY)
    if not periods_for(group).filter(pk=period.pk).exists():
        raise ValidationError({"period": _("Kỳ không phù hợp: “%(group)s” hoạt động theo %(cycle)s.")
                               % {"group": group.name, "cycle": group.get_cycle_display().lower()}})
    if not group.memberships.filter(unit=unit).exists():
        raise ValidationError({"unit": _("Đơn vị “%(unit)s” không phải thành viên của Cụm/Khối.") % {"unit": unit.name}})
    if role not in GroupLeadership.Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    existing = GroupLeadership.objects.filter(group=group, period=period, unit=unit).first()
    if role == GroupLeadership.Role.HEAD:
        GroupLeadership.objects.filter(group=group, period=period, role=role).exclude(unit=unit).delete()
    leadership = existing or GroupLeadership(group=group, period=period, unit=unit)
    leadership.role = role
    leadership.decision = decision
    leadership.save()
    return leadership


@transaction.atomic
def remove_leadership(user, leadership: GroupLeadership):
    require(user, "orgs.manage_structure", message=PROVINCE_ONLY)
    leadership.delete()


@transaction.atomic
def create_period(user, kind: str, first_year: int, last_year: int | None = None) -> Period:
    require(user, "orgs.manage_structure", message=PROVINCE_ONLY)
    if not 1990 <= first_year <= 2100:
        raise ValidationError({"first_year": _("Năm không hợp lệ.")})
    if kind == Period.Kind.YEAR:
        label = str(first_year)
    elif kind == Period.Kind.SCHOOL_YEAR:
        label = f"{first_year}-{first_year + 1}"
    elif kind == Period.Kind.STAGE:
        if not last_year or last_year <= first_year:
            raise ValidationError({"last_year": _("Năm kết thúc giai đoạn phải sau năm bắt đầu.")})
        if last_year - first_year > 10:
            raise ValidationError({"last_year": _("Một giai đoạn không dài quá 10 năm.")})
        label = f"Giai đoạn {first_year}-{last_year}"
    else:
        raise ValidationError({"kind": _("Loại kỳ không hợp lệ.")})
    if Period.objects.filter(label=label).exists():
        raise ValidationError({"first_year": _("Kỳ “%(label)s” đã có.") % {"label": label}})
    if kind == Period.Kind.YEAR:
        return Period.year(first_year)
    if kind == Period.Kind.SCHOOL_YEAR:
        return Period.school_year(first_year)
    return Period.stage(first_year, last_year)
