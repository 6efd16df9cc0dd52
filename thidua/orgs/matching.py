"""Finding units and people from what a list says about them.

Units: names as offices write them — "UBND xã Tân Hưng" ↔ "Ủy ban nhân dân xã Tân Hưng" ↔ "Xã Tân Hưng", "Sở GD&ĐT"
↔ "Sở Giáo dục và Đào tạo", with or without "tỉnh Hưng Yên" at the end — and a unit that no longer exists followed
through its lineage to today's unit. People: folded name (+ birth date or year) within a unit's family (the unit, its
sub-units, its predecessors), set-wise: one query for a whole list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from thidua.core.tabular import key
from thidua.core.text import fold
from thidua.orgs.models import Person, Unit, UnitLineage

_UNIT_REWRITES = [
    (r"\buy ban nhan dan\b", "ubnd"),
    (r"\bhoi dong nhan dan\b", "hdnd"),
    (r"\bmat tran to quoc viet nam\b", "mttq"),
    (r"\bmat tran to quoc\b", "mttq"),
    (r"\bgiao duc va dao tao\b|\bgd va dt\b|\bgd dt\b|\bgddt\b", "gddt"),
    (r"\blao dong thuong binh va xa hoi\b|\bld tb va xh\b|\bldtbxh\b", "ldtbxh"),
    (r"\btai nguyen va moi truong\b|\btn va mt\b|\btnmt\b", "tnmt"),
    (r"\bnong nghiep va phat trien nong thon\b|\bnn va ptnt\b|\bnnptnt\b", "nnptnt"),
    (r"\bnong nghiep va moi truong\b|\bnn va mt\b|\bnnmt\b", "nnmt"),
    (r"\bvan hoa the thao va du lich\b|\bvh tt va dl\b|\bvhttdl\b", "vhttdl"),
    (r"\bke hoach va dau tu\b|\bkh va dt\b|\bkhdt\b", "khdt"),
    (r"\bkhoa hoc va cong nghe\b|\bkh va cn\b|\bkhcn\b", "khcn"),
    (r"\bthong tin va truyen thong\b|\btt va tt\b|\btttt\b", "tttt"),
    (r"\bgiao thong van tai\b|\bgtvt\b", "gtvt"),
    (r"\btrung hoc pho thong\b", "thpt"),
    (r"\btrung hoc co so\b", "thcs"),
    (r"\bbenh vien da khoa\b", "bvdk"),
    (r"\bthanh pho\b", "tp"),
    (r"\btruong\b", "truong"),
    (r"^ubnd (xa|phuong|thi tran|dac khu|huyen|thi xa|tp|quan)\b", r"\1"),
]
_UNIT_REWRITES = [(re.compile(p), r) for p, r in _UNIT_REWRITES]


def unit_key(text) -> str:
    k = key(text)
    for pattern, repl in _UNIT_REWRITES:
        k = " ".join(pattern.sub(repl, k).split())
    return k


def _suffixes() -> re.Pattern:
    province = key(settings.THIDUA_PROVINCE_NAME)
    return re.compile(rf"( tinh)?( {re.escape(province)})?$" if province else r"( tinh)?$")


class UnitMatcher:
    """Built once per list from the units it may name (a queryset)."""

    def __init__(self, units):
        self.units: dict[int, Unit] = {}
        self.table: dict[str, int] = {}
        self.ambiguous: set[str] = set()
        self._suffix = _suffixes()
        for unit in units:
            self.units[unit.pk] = unit
            for k in {unit_key(unit.name), self._strip(unit_key(unit.name)), unit_key(unit.short_name),
                      unit.code.lower()}:
                if not k:
                    continue
                if k in self.table and self.table[k] != unit.pk:
                    self.ambiguous.add(k)
                self.table.setdefault(k, unit.pk)
        # today's unit for a unit that was merged, renamed or dissolved into another
        self.successor: dict[int, int] = {}
        if self.units:
            for pred, succ in UnitLineage.objects.exclude(successor=None).order_by("effective_on").values_list(
                    "predecessor_id", "successor_id"):
                self.successor[pred] = succ
        self._families: dict[int, set[int]] = {}
        self._by_length = sorted((k for k in self.table if len(k.split()) >= 2), key=len, reverse=True)

    def _strip(self, k: str) -> str:
        return self._suffix.sub("", k).strip() if k else k

    def today(self, unit_id: int) -> int:
        seen = {unit_id}
        while unit_id in self.successor and self.successor[unit_id] not in seen:
            unit_id = self.successor[unit_id]
            seen.add(unit_id)
        return unit_id

    def find(self, text, follow: bool = True) -> Unit | None:
        """The unit named exactly by `text` (variants allowed), followed to today's unit unless `follow` is False
        (an award book keeps the unit as it was); None when unknown."""
        k = self.key_of(text)
        if not k:
            return None
        unit_id = self.table[k]
        if follow:
            return self.units.get(self.today(unit_id)) or self.units[unit_id]
        return self.units[unit_id]

    def key_of(self, text) -> str:
        """The table key `text` resolves to ('' when unknown); `in self.ambiguous` when several units share it."""
        k = unit_key(text)
        if not k:
            return ""
        if k in self.table:
            return k
        stripped = self._strip(k)
        return stripped if stripped in self.table else ""

    def find_in(self, text) -> Unit | None:
        """The unit named somewhere in `text` ('Giáo viên Trường THCS Tân Hưng, xã Tân Hưng'): the longest known
        unit name it contains."""
        found = self.find(text)
        if found is not None:
            return found
        k = f" {unit_key(text)} "
        for name in self._by_length:
            if f" {name} " in k and name not in self.ambiguous:
                unit_id = self.table[name]
                return self.units.get(self.today(unit_id)) or self.units[unit_id]
        return None

    def family(self, unit: Unit) -> set[int]:
        """The unit, its sub-units and every unit that became (part of) one of them."""
        if unit.pk not in self._families:
            ids = set(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True)) | {unit.pk}
            for uid in list(ids):
                ids |= UnitLineage.lineage_ids(uid) if uid in self.successor.values() else set()
            self._families[unit.pk] = ids
        return self._families[unit.pk]


@dataclass
class PersonQuery:
    name: str
    birth_date: object = None  # date or None
    birth_year: int | None = None
    citizen_id: str = ""
    unit: Unit | None = None
    candidates: list[int] = field(default_factory=list)

    @property
    def person_id(self) -> int | None:
        return self.candidates[0] if len(self.candidates) == 1 else None


def match_people(queries: list[PersonQuery], matcher: UnitMatcher, people=None, scope: Unit | None = None) -> None:
    """Fill each query's `candidates` (person ids, best first): one query for all the names.

    A citizen id that matches decides alone. Otherwise people with the same folded name, narrowed by the birth date
    (or year) when the list gives one, then by the unit's family (the row's unit, else the sending unit `scope`)
    when that leaves anyone."""
    people = Person.objects.all() if people is None else people
    names = {fold(q.name) for q in queries if q.name}
    ids = {q.citizen_id for q in queries if q.citizen_id}
    rows = list(people.filter(Q(search_text__in=names) | Q(citizen_id__in=ids)).values(
        "id", "search_text", "birth_date", "unit_id", "citizen_id", "active").order_by("-active", "id")) if (
        names or ids) else []
    by_name: dict[str, list[dict]] = {}
    by_id: dict[str, list[dict]] = {}
    for p in rows:
        by_name.setdefault(p["search_text"], []).append(p)
        if p["citizen_id"]:
            by_id.setdefault(p["citizen_id"], []).append(p)
    for q in queries:
        if q.citizen_id and by_id.get(q.citizen_id):
            q.candidates = [p["id"] for p in by_id[q.citizen_id]]
            continue
        found = by_name.get(fold(q.name), [])
        if q.birth_date:
            found = [p for p in found if p["birth_date"] == q.birth_date]
        elif q.birth_year:
            found = [p for p in found if p["birth_date"] and p["birth_date"].year == q.birth_year]
        anchor = q.unit or scope
        if anchor is not None and found:
            family = matcher.family(anchor)
            here = [p for p in found if p["unit_id"] in family]
            if here or q.unit is None:
                found = here
        q.candidates = [p["id"] for p in found]
