"""One interpreter for every form: JSON rows × columns → cell counts, in one aggregate query per form.

Counting rules (docs/statistics-forms.md):
- Period of year Y: 01/12/(Y-1) to 30/11/Y (TT 02/2023/TT-BNV). Awards count by their decision date; an award
  recorded without one counts in period Y when its achievement year is Y (legacy records). Movements count by
  the date of the launching document, else their start date; drafts never count.
- Revoked awards (Luật Thi đua, khen thưởng, Điều 93) never count.
- Scope: the chosen unit's subtree, plus the units that became (part of) a unit of that subtree (UnitLineage),
  so a merged unit's history counts for its successor; always inside what the user may see.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.utils.translation import gettext as _

HERE = Path(__file__).resolve().parent
DEFAULT_CIRCULAR = "02/2023/TT-BNV"

# The filter vocabulary: JSON key → (source, ORM lookup). Values are lists except the booleans / gender.
FILTER_KEYS = {
    "awards": {
        "codes": "award_type__code__in",
        "groups": "award_type__group__in",
        "levels": "award_type__level__in",
        "categories": "award_type__category__in",
        "commendation_types": "commendation_type__in",
        "recipient_kinds": "recipient_kind__in",
        "unit_kinds": "unit__kind__in",
        "gender": "person__gender",
        "direct_worker": "person__direct_worker",
    },
    "movements": {
        "movement_kinds": "kind__in",
        "lead_unit_kinds": "lead_unit__kind__in",
    },
}
# Keys every source understands: combinators, code prefixes (awards), duration in days (movements).
_COMBINATORS = {"not", "any"}


class FormSpecError(ValueError):
    """A circular's JSON uses a key the interpreter does not know (caught by the tests, never at a user)."""


@cache
def circulars() -> dict[str, dict]:
    """Every circular's spec by its code ("02/2023/TT-BNV"), read once from the JSON files here."""
    out = {}
    for path in sorted(HERE.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        for form in spec["forms"]:
            for part in [form.get("base")] + [c.get("filter") for c in form["columns"]] + [
                    r.get("filter") for r in form["rows"] if not r.get("heading")]:
                if part is not None and form["source"]:
                    to_q(form["source"], part)  # validate early
        out[spec["circular"]] = spec
    return out


def form_spec(key: str, circular: str = DEFAULT_CIRCULAR) -> dict | None:
    spec = circulars().get(circular)
    if spec is None:
        return None
    return next((f for f in spec["forms"] if f["key"] == key), None)


def to_q(source: str, spec: dict) -> Q:
    """A JSON filter as a Q object (all keys AND-ed; `not` negates a filter, `any` ORs a list of filters)."""
    lookups = FILTER_KEYS[source]
    q = Q()
    for key, value in spec.items():
        if key == "not":
            q &= ~to_q(source, value)
        elif key == "any":
            alt = Q(pk__in=[])
            for part in value:
                alt |= to_q(source, part)
            q &= alt
        elif key == "code_prefixes" and source == "awards":
            alt = Q(pk__in=[])
            for prefix in value:
                alt |= Q(award_type__code__startswith=prefix)
            q &= alt
        elif key == "duration_days" and source == "movements":
            low, high = value
            q &= Q(_duration__gte=dt.timedelta(days=low))
            if high is not None:
                q &= Q(_duration__lt=dt.timedelta(days=high))
        elif key in lookups:
            q &= Q(**{lookups[key]: value})
        else:
            raise FormSpecError(f"unknown filter key {key!r} for source {source!r}")
    return q


def period_of(year: int, spec: dict) -> tuple[dt.date, dt.date]:
    """The reporting period of year `year`: for TT 02/2023, 01/12/(year-1) – 30/11/year."""
    sm, sd = (int(x) for x in spec["period"]["start"].split("-"))
    em, ed = (int(x) for x in spec["period"]["end"].split("-"))
    start_year = year - 1 if (sm, sd) > (em, ed) else year
    return dt.date(start_year, sm, sd), dt.date(year, em, ed)


def scope_unit_ids(unit) -> tuple[str, set[int]]:
    """The unit's subtree (by path) and the units that became (part of) one of its units, transitively."""
    from thidua.orgs.models import UnitLineage

    edges: dict[int, set[int]] = {}
    roots: set[int] = set()
    for pred, succ, succ_path in UnitLineage.objects.exclude(successor=None).values_list(
            "predecessor_id", "successor_id", "successor__path"):
        edges.setdefault(succ, set()).add(pred)
        if succ_path.startswith(unit.path):
            roots.add(succ)
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        for pred in edges.get(stack.pop(), ()):
            if pred not in seen:
                seen.add(pred)
                stack.append(pred)
    return unit.path, seen


@dataclass
class Row:
    code: str
    label: str
    indent: int = 0
    heading: bool = False
    note: str = ""
    cells: list[int | None] = field(default_factory=list)


@dataclass
class FormResult:
    circular: dict
    form: dict
    year: int
    unit: object
    date_from: dt.date
    date_to: dt.date
    columns: list[dict]
    rows: list[Row]

    @property
    def key(self) -> str:
        return self.form["key"]

    def cell(self, row_code: str, column_code: str):
        """The value at (row code, column code) — the form's own codes."""
        j = next(i for i, c in enumerate(self.columns) if c["code"] == column_code)
        row = next(r for r in self.rows if r.code == row_code and not r.heading)
        return row.cells[j]

    def snapshot(self) -> dict[str, dict[str, int | None]]:
        return {r.code: {c["code"]: v for c, v in zip(self.columns, r.cells, strict=True)}
                for r in self.rows if not r.heading}

    @property
    def header_groups(self) -> list[tuple[str, int]]:
        """Consecutive columns sharing a `group` label: (label, span); an ungrouped column has label ''."""
        out: list[tuple[str, int]] = []
        for column in self.columns:
            group = column.get("group", "")
            if out and group and out[-1][0] == group:
                out[-1] = (group, out[-1][1] + 1)
            else:
                out.append((group, 1))
        return out

    @property
    def header_top(self) -> list[tuple[str, int, bool]]:
        """The first heading row: (label, column span, is a group) — a group spans its columns; an ungrouped
        column shows its own label (and spans both heading rows when the form has groups)."""
        out, j = [], 0
        for group, span in self.header_groups:
            out.append((group, span, True) if group else (self.columns[j]["label"], 1, False))
            j += span
        return out

    @property
    def grouped(self) -> bool:
        return any(c.get("group") for c in self.columns)


def _source_queryset(source: str, user, unit, date_from, date_to, year):
    path, predecessors = scope_unit_ids(unit)
    if source == "awards":
        from thidua.awards.models import Award

        in_scope = Q(unit__path__startswith=path) | Q(unit_id__in=predecessors)
        in_period = Q(decision_date__gte=date_from, decision_date__lte=date_to) | Q(
            decision_date__isnull=True, year=year)
        return Award.objects.visible_to(user).filter(in_scope, in_period, revoked=False)
    if source == "movements":
        from thidua.movements.models import Movement

        in_scope = Q(lead_unit__path__startswith=path) | Q(lead_unit_id__in=predecessors)
        in_period = Q(launch_doc_date__gte=date_from, launch_doc_date__lte=date_to) | Q(
            launch_doc_date__isnull=True, start__gte=date_from, start__lte=date_to)
        # Inclusive length: a movement from 01/01 to 31/12 lasts 365 days.
        return Movement.objects.visible_to(user).exclude(status=Movement.Status.DRAFT).filter(
            in_scope, in_period).annotate(_duration=ExpressionWrapper(
                F("end") - F("start") + dt.timedelta(days=1), output_field=DurationField()))
    raise FormSpecError(f"unknown source {source!r}")


def compute(user, key: str, year: int, unit, circular: str = DEFAULT_CIRCULAR) -> FormResult | None:
    """The form's cells for `unit`'s scope in the period of `year`, in one aggregate query (None: unknown form)."""
    spec = circulars().get(circular)
    form = form_spec(key, circular)
    if form is None:
        return None
    date_from, date_to = period_of(year, spec)
    columns = form["columns"]
    rows = [Row(code=r.get("code", ""), label=r["label"], indent=r.get("indent", 0), heading=bool(r.get("heading")),
                note=r.get("note", "")) for r in form["rows"]]
    source = form["source"]
    aggregates = {}
    if source:
        base = to_q(source, form.get("base") or {})
        for i, row_spec in enumerate(form["rows"]):
            if row_spec.get("heading") or row_spec.get("filter") is None:
                continue
            row_q = to_q(source, row_spec["filter"])
            for j, col in enumerate(columns):
                if col.get("filter") is None:
                    continue
                aggregates[f"c{i}_{j}"] = Count("id", filter=base & row_q & to_q(source, col["filter"]))
    values = {}
    if aggregates:
        values = _source_queryset(source, user, unit, date_from, date_to, year).order_by().aggregate(**aggregates)
    for i, row in enumerate(rows):
        if not row.heading:
            row.cells = [values.get(f"c{i}_{j}") for j in range(len(columns))]
    return FormResult(circular=spec, form=form, year=year, unit=unit, date_from=date_from, date_to=date_to,
                      columns=columns, rows=rows)


def forms_menu(circular: str = DEFAULT_CIRCULAR) -> list[tuple[str, str, str]]:
    """(key, code, title) of the circular's forms, for the page's chooser."""
    spec = circulars().get(circular) or {"forms": []}
    return [(f["key"], f["code"], f["title"]) for f in spec["forms"]]


def describe_missing(form: dict) -> str:
    return form.get("source_missing") or (_("Số liệu tính từ sổ khen thưởng.") if form["source"] == "awards"
                                         else _("Số liệu tính từ danh sách phong trào thi đua."))
