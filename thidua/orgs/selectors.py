"""Reads for the orgs pages, the API and exports; always scoped to the user."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from thidua.core.personal import mask_birth_date
from thidua.orgs.models import EmulationGroup, GroupLeadership, GroupMembership, Person, Unit, UnitLineage


def _flag(value):
    return {"1": True, "0": False, "true": True, "false": False}.get(str(value).lower()) if value not in (None, "") else None


def people_for(user, *, q="", unit=None, gender="", direct=None, active=None):
    """People the user may see, filtered. `unit` (id) includes its sub-units; unknown or out-of-scope units
    give an empty list rather than widening the search."""
    qs = Person.objects.visible_to(user).select_related("unit")
    if q:
        qs = qs.search_for(user, q)
    if unit not in (None, ""):
        node = Unit.objects.visible_to(user).filter(pk=unit).only("path").first()
        qs = qs.in_unit_tree(node) if node else qs.none()
    if gender in Person.Gender.values:
        qs = qs.filter(gender=gender)
    direct = _flag(direct)
    if direct is not None:
        qs = qs.filter(direct_worker=direct)
    active = _flag(active)
    if active is not None:
        qs = qs.filter(active=active)
    return qs


def units_for(user, *, q="", kind="", active=None):
    qs = Unit.objects.visible_to(user).select_related("parent")
    if q:
        qs = qs.search(q)
    if kind in Unit.Kind.values:
        qs = qs.filter(kind=kind)
    active = _flag(active)
    today = dt.date.today()
    if active is True:
        qs = qs.active_on(today)
    elif active is False:
        qs = qs.filter(Q(active_to__lt=today) | Q(active_from__gt=today))
    return qs.order_by("sort_key", "id")


@dataclass
class TreeNode:
    unit: Unit
    depth: int
    children: list = field(default_factory=list)
    people: int = 0


def unit_tree(user, *, active_only=False) -> list[TreeNode]:
    """Visible units as a depth-first list (siblings in Vietnamese order), with people counts, in two queries."""
    qs = Unit.objects.visible_to(user)
    if active_only:
        qs = qs.active_on(dt.date.today())
    units = list(qs.order_by("sort_key", "id"))
    counts = dict(
        Person.objects.visible_to(user).filter(active=True).values_list("unit_id").annotate(n=Count("id")).order_by()
    )
    ids = {u.pk for u in units}
    children: dict = {}
    roots = []
    for u in units:
        if u.parent_id in ids:
            children.setdefault(u.parent_id, []).append(u)
        else:
            roots.append(u)
    out = []

    def walk(u, depth):
        out.append(TreeNode(u, depth, people=counts.get(u.pk, 0)))
        for child in children.get(u.pk, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return out


def unit_detail(user, unit: Unit) -> dict:
    """Everything the unit page shows, gathered in a fixed number of queries."""
    today = dt.date.today()
    sub_units = list(unit.children.visible_to(user).order_by("sort_key", "id"))
    people_direct = Person.objects.filter(unit=unit, active=True).count()
    people_tree = Person.objects.filter(unit__path__startswith=unit.path, active=True).count()
    memberships = list(GroupMembership.objects.filter(unit=unit).select_related("group").order_by("group__sort_key"))
    leaderships = list(GroupLeadership.objects.filter(unit=unit).select_related("group", "period")[:20])
    lineage_in = list(UnitLineage.objects.filter(successor=unit).select_related("predecessor").order_by("-effective_on"))
    lineage_out = list(UnitLineage.objects.filter(predecessor=unit).select_related("successor").order_by("-effective_on"))
    history_ids = unit.predecessor_ids() - {unit.pk}
    history = list(Unit.objects.filter(pk__in=history_ids).order_by("sort_key")) if history_ids else []
    return {
        "sub_units": sub_units,
        "people_direct": people_direct,
        "people_tree": people_tree,
        "memberships": memberships,
        "leaderships": leaderships,
        "lineage_in": lineage_in,
        "lineage_out": lineage_out,
        "history": history,
        "today": today,
    }


def groups_for(user, *, kind=""):
    qs = EmulationGroup.objects.visible_to(user).annotate(
        member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True), distinct=True)
    )
    if kind in EmulationGroup.Kind.values:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "sort_key", "id")


PICKER_LIMIT = 20


def picked_unit(user, unit_id):
    """The unit a list filter names, if the user may see it (for the picker's initial text); else None."""
    if unit_id in (None, ""):
        return None
    try:
        return Unit.objects.visible_to(user).only("id", "name", "short_name").get(pk=int(unit_id))
    except (Unit.DoesNotExist, ValueError, TypeError):
        return None


def unit_choices(user, q: str = "", limit: int = PICKER_LIMIT, root=None, active=None) -> list[dict]:
    """Units for the searchable picker: the user's scope only (optionally one unit's tree, `root`; only the
    units active today, `active`), matched without diacritics, Vietnamese order."""
    qs = Unit.objects.visible_to(user).select_related("parent").only("id", "name", "short_name", "parent__name",
                                                                     "active_to")
    if active:
        qs = qs.active_on(dt.date.today())
    if root not in (None, ""):
        node = Unit.objects.visible_to(user).filter(pk=root).only("path").first()
        qs = qs.filter(path__startswith=node.path) if node else qs.none()
    if q:
        qs = qs.search(q)
    today = dt.date.today()
    return [{"id": u.pk, "text": u.name,
             "hint": " · ".join(x for x in [u.parent.name if u.parent_id else "",
                                            str(_("đã giải thể")) if u.active_to and u.active_to < today else ""] if x)}
            for u in qs.order_by("sort_key", "id")[:limit]]


def person_choices(user, q: str = "", unit=None, limit: int = PICKER_LIMIT, active=None) -> list[dict]:
    """People for the searchable picker: the user's scope only (optionally one unit's tree, only those still
    working), by name."""
    qs = people_for(user, q=q, unit=unit, active=active).only("id", "full_name", "birth_date", "unit__name")
    return [{"id": p.pk, "text": p.full_name,
             # Only the year of birth, for everyone: a picker is no place to read personal data (Decree 13/2023).
             "hint": " · ".join(x for x in [mask_birth_date(p.birth_date), p.unit.name] if x)}
            for p in qs.order_by("sort_key", "id")[:limit]]


@dataclass(frozen=True)
class UnitEnding:
    """How and when a unit stopped: dissolved, merged or renamed into a successor (UnitLineage), or its active_to."""

    unit_id: int
    unit_name: str
    last_day: dt.date
    kind: str = ""  # UnitLineage.Kind, or '' when only `active_to` says it ended
    successor_name: str = ""

    @property
    def message(self) -> str:
        from django.utils.translation import gettext as _

        day = self.last_day.strftime("%d/%m/%Y")
        if self.kind == UnitLineage.Kind.DISSOLVE or (not self.kind and not self.successor_name):
            text = _("«%(unit)s» đã giải thể, kết thúc hoạt động ngày %(day)s") % {"unit": self.unit_name, "day": day}
        else:
            text = _("«%(unit)s» đã sắp xếp (sáp nhập, hợp nhất, đổi tên) vào «%(succ)s», kết thúc hoạt động ngày "
                     "%(day)s") % {"unit": self.unit_name, "succ": self.successor_name, "day": day}
        text += _(": không đề nghị khen thưởng đơn vị đã kết thúc hoạt động (Thông tư 15/2025/TT-BNV)")
        if self.successor_name:
            text += _("; hãy đề nghị đơn vị kế thừa «%(succ)s», thành tích trước đây được tính cho đơn vị này") % {
                "succ": self.successor_name}
        return text + "."


def unit_endings(unit_ids, on: dt.date) -> dict[int, UnitEnding]:
    """{unit id: UnitEnding} for the units that no longer exist on `on` (two queries): a dissolve, merge or rename
    effective on or before `on` ends the predecessor the day before; so does an `active_to` before `on`. A split
    leaves the divided unit in place unless its `active_to` says otherwise."""
    unit_ids = set(unit_ids) - {None}
    if not unit_ids:
        return {}
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    result = {}
    for uid, active_to in Unit.objects.filter(pk__in=unit_ids, active_to__lt=on).values_list("pk", "active_to"):
        result[uid] = UnitEnding(uid, names[uid], active_to)
    events = (UnitLineage.objects.filter(predecessor_id__in=unit_ids, effective_on__lte=on)
              .exclude(kind=UnitLineage.Kind.SPLIT).select_related("successor").order_by("effective_on", "id"))
    for event in events:
        last_day = event.effective_on - dt.timedelta(days=1)
        known = result.get(event.predecessor_id)
        result[event.predecessor_id] = UnitEnding(
            event.predecessor_id, names[event.predecessor_id],
            min(last_day, known.last_day) if known else last_day, event.kind,
            event.successor.name if event.successor_id else "")
    return result
