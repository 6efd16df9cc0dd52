"""Keyset pagination: lists of any size page in constant time (no OFFSET), with a cheap total.

The cursor is the boundary row's ordering values (plus the position of the page's first row and the direction),
signed so it cannot be forged into a query on other fields. "Rows after the cursor" is a row-value comparison
`(a, b, id) > (…)` that the database turns into an index range bound (PostgreSQL and SQLite both have row
values); an ordering with mixed directions (e.g. `-year, sort_key, id`) is split into its runs of one direction
and read run by run, each run one index range scan (`(year = y AND (sort_key, id) > (s, i))`, then `year < y`),
so no page depth ever walks the index from the start.

Totals: an exact count when the result holds at most `COUNT_CAP` rows (a count bounded by LIMIT, so never a
scan of more than that), otherwise the planner's estimate on PostgreSQL (shown as "≈ 5,3 triệu"), remembered for
a few minutes so a large list pays neither again. Nothing here writes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from django.core import signing
from django.core.cache import cache
from django.db import connections
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import Expression
from django.utils.formats import get_format
from django.utils.translation import gettext as _

COUNT_CAP = 10_000
ESTIMATE_TTL = 300
LAST = "cuoi"  # the cursor value of the last page (`?sau=cuoi`): the ordering read backwards from its end
NUMBER_PARAM = "trang"  # `?trang=7`: a page by number, only where the total is exact and small (≤ COUNT_CAP rows)


@dataclass
class Page:
    rows: list
    next_cursor: str | None
    prev_cursor: str | None
    has_next: bool
    start: int | None = 1  # 1-based position of the first row (None: unknown, e.g. an old cursor)
    total: int | None = None
    total_estimated: bool = False
    first_cursor_given: bool = False
    query: str = ""  # the page's other GET parameters, url-encoded (without the cursor)
    param: str = "sau"
    number_param: str = NUMBER_PARAM
    size: int = 50
    is_last: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def has_prev(self) -> bool:
        return self.prev_cursor is not None

    @property
    def end(self) -> int | None:
        return None if self.start is None else self.start + len(self.rows) - 1

    @property
    def total_display(self) -> str:
        if self.total is None:
            return ""
        return approximate(self.total) if self.total_estimated else grouped(self.total)

    @property
    def summary(self) -> str:
        """"1–50 của 12.345", "51–100 của ≈ 5,3 triệu", "Không có dòng nào"."""
        if not self.rows:
            return _("Không có dòng nào") if not self.first_cursor_given else ""
        if self.start is None:
            if self.total is not None:
                return _("%(total)s dòng") % {"total": self.total_display}
            return ""
        if self.total is not None:
            return _("%(start)s–%(end)s của %(total)s") % {
                "start": grouped(self.start),
                "end": grouped(self.end), "total": self.total_display}
        return _("%(start)s–%(end)s") % {"start": grouped(self.start),
                                          "end": grouped(self.end)}

    def link(self, cursor: str | None) -> str:
        parts = [self.query] if self.query else []
        if cursor:
            parts.append(f"{self.param}={cursor}")
        return "?" + "&".join(parts)

    @property
    def next_url(self) -> str:
        return self.link(self.next_cursor)

    @property
    def prev_url(self) -> str:
        return self.link(self.prev_cursor)

    @property
    def first_url(self) -> str:
        return self.link(None)

    @property
    def last_url(self) -> str | None:
        """The last page: the order read backwards from its end, one index scan however long the list."""
        if self.is_last or not self.has_next:
            return None
        return self.link(LAST)

    @property
    def numbered(self) -> bool:
        """Page numbers are offered when the total is exact and small (an OFFSET within COUNT_CAP rows)."""
        return (self.total is not None and not self.total_estimated and self.total <= COUNT_CAP
                and self.total > self.size and self.start is not None)

    @property
    def number(self) -> int | None:
        return None if self.start is None else (self.start - 1) // self.size + 1

    @property
    def page_count(self) -> int | None:
        if self.total is None or self.total_estimated:
            return None
        return max(1, -(-self.total // self.size))

    @property
    def page_links(self) -> list:
        """[(number, url, current) or None for a gap]: the first, the last and two either side of this page."""
        if not self.numbered:
            return []
        current, count = self.number, self.page_count
        shown = sorted({1, count, *range(max(1, current - 2), min(count, current + 2) + 1)})
        links, previous = [], 0
        for n in shown:
            if n - previous > 1:
                links.append(None)
            parts = [self.query] if self.query else []
            if n > 1:
                parts.append(f"{self.number_param}={n}")
            links.append((n, "?" + "&".join(parts), n == current))
            previous = n
        return links


def grouped(n: int | float, decimals: int | None = None) -> str:
    """A number with the language's separators ("12.345", "5,3" in Vietnamese; "12,345", "5.3" in English),
    grouped whatever the locale's NUMBER_GROUPING (Django's Vietnamese format does not set it)."""
    text = f"{n:,.{decimals}f}" if decimals is not None else f"{n:,}"
    return "".join(get_format("THOUSAND_SEPARATOR") if ch == "," else get_format("DECIMAL_SEPARATOR") if ch == "."
                   else ch for ch in text)


def approximate(n: int) -> str:
    """A large count rounded for display: "≈ 5,3 triệu", "≈ 240.000"."""
    if n >= 1_000_000_000:
        return _("≈ %(n)s tỉ") % {"n": grouped(round(n / 1e9, 1), 1)}
    if n >= 1_000_000:
        return _("≈ %(n)s triệu") % {"n": grouped(round(n / 1e6, 1), 1)}
    if n >= 10_000:
        return "≈ " + grouped(round(n, -3))
    return "≈ " + grouped(n)


class RowCompare(Expression):
    """`(f1, f2, …) > (v1, v2, …)` (or `<`): one row-value comparison, an index range bound."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, fields: list[str], values: list, op: str):
        super().__init__()
        if op not in (">", "<"):
            raise ValueError(op)
        self.fields = [F(f) for f in fields]
        self.values = list(values)
        self.op = op

    def get_source_expressions(self):
        return self.fields

    def set_source_expressions(self, exprs):
        self.fields = list(exprs)

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        c = self.copy()
        c.is_summary = summarize
        c.fields = [f.resolve_expression(query, allow_joins, reuse, summarize, for_save) for f in self.fields]
        return c

    def as_sql(self, compiler, connection):
        cols, params, marks = [], [], []
        for expr, value in zip(self.fields, self.values, strict=True):
            sql, p = compiler.compile(expr)
            cols.append(sql)
            params.extend(p)
            out = expr.output_field
            target = getattr(out, "target_field", None) or out
            value = target.get_db_prep_value(target.to_python(value), connection, prepared=False)
            marks.append("%s")
            params.append(value)
        if len(cols) == 1:
            return f"{cols[0]} {self.op} {marks[0]}", params
        # Values first compiled, then bound: the column list's params precede the values'.
        return f"({', '.join(cols)}) {self.op} ({', '.join(marks)})", params


def _value(obj, name):
    value = obj
    for part in name.split("__"):
        value = getattr(value, part)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _runs(order: list[str]) -> list[tuple[int, int, bool]]:
    """Maximal runs of one direction in `order`: (start, end, descending)."""
    runs, start = [], 0
    for i in range(1, len(order) + 1):
        if i == len(order) or order[i].startswith("-") != order[start].startswith("-"):
            runs.append((start, i, order[start].startswith("-")))
            start = i
    return runs


def _rows_after(qs, order: list[str], values: list, limit: int) -> list:
    """Up to `limit` rows of `qs` (already ordered by `order`) strictly after `values`, in order: one query per
    run of one direction, deepest run first (rows sharing the longest prefix with the cursor come first)."""
    names = [f.lstrip("-") for f in order]
    rows: list = []
    for start, end, desc in reversed(_runs(order)):
        if any(v is None for v in values[start:end]):
            continue  # NULLs have no "after" in a row comparison; that run is skipped
        cond = Q(**{names[j]: values[j] for j in range(start)}) if start else Q()
        bound = RowCompare(names[start:end], values[start:end], "<" if desc else ">")
        part = _keys_then_rows(qs.filter(cond, bound), qs, limit - len(rows))
        rows.extend(part)
        if len(rows) >= limit:
            break
    return rows


def _keys_then_rows(qs, base, limit: int) -> list:
    """The first `limit` rows of `qs` (`base` narrowed by a cursor's row comparison): when it joins related tables
    (`select_related`), the page's keys first from the list's own table, then the rows with their related ones from
    `base` by primary key (the row comparison left out: the keys already satisfy it).

    A row comparison's selectivity is a guess: where the leading column has one dominant value the planner can
    estimate a whole index range as one row and then join it by hashing, materialising the range before cutting
    the page (PostgreSQL, 5.3M awards: 11.7 s for a middle page of the award book instead of 1 ms). Read alone,
    the range is one index scan stopped after `limit` rows whatever the estimate; the joins then see 50 keys."""
    if not qs.query.select_related:
        return list(qs[:limit])
    return _by_keys(base, list(qs.values_list("pk", flat=True)[:limit]))


def _by_keys(queryset, keys: list) -> list:
    """The rows of `queryset` with these primary keys, in the keys' order."""
    if not keys:
        return []
    found = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=keys)}
    return [found[k] for k in keys if k in found]


def _flip(order: list[str]) -> list[str]:
    return [f[1:] if f.startswith("-") else "-" + f for f in order]


def _signed(values: list, start: int | None, back: bool = False, order: list[str] | None = None) -> str:
    data = {"v": values, "n": start, "b": back}
    if order:
        data["o"] = ",".join(order)  # a cursor of one sort order is no position in another
    return signing.dumps(data, salt="keyset")


def _decode(cursor: str | None, n: int, order: list[str] | None = None):
    if not cursor:
        return None
    try:
        data = signing.loads(cursor, salt="keyset")
    except signing.BadSignature:
        return None
    if isinstance(data, list):  # cursors issued before positions were kept
        data = {"v": data, "n": None, "b": False}
    if not isinstance(data, dict) or not isinstance(data.get("v"), list) or len(data["v"]) != n:
        return None
    if order and "o" in data and data["o"] != ",".join(order):
        return None
    start = data.get("n")
    return data["v"], (start if isinstance(start, int) and start > 0 else None), bool(data.get("b"))


def count_rows(queryset, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(total, estimated): exact up to `cap` rows (a LIMIT-bounded count), else the planner's estimate on
    PostgreSQL, remembered for ESTIMATE_TTL seconds; other databases count exactly."""
    total, estimated, _keys = _count(queryset, cap)
    return total, estimated


def _count(queryset, cap: int = COUNT_CAP, order: list[str] | None = None, first: int = 0):
    """`count_rows`, and with `order` and `first` also the keys of the first `first` rows in that order when the
    total is exact (else None): on PostgreSQL one pass over the (at most `cap` + 1) matching rows gives both, so a
    search's first page reads its index once instead of twice (the count, then the page)."""
    qs = queryset.order_by()
    db = qs.db
    connection = connections[db]
    try:
        sql, params = qs.query.get_compiler(db).as_sql()
    except Exception:  # an empty result set (`.none()`, `pk__in=[]`) has no SQL
        return 0, False, []
    key = "keyset-count:" + hashlib.sha256(f"{db}|{sql}|{params!r}".encode()).hexdigest()
    known = cache.get(key)
    if known is not None:
        return known, True, None
    if connection.vendor != "postgresql":
        return qs.count(), False, None
    names = [f.lstrip("-") for f in order or []]
    pk = next((i for i, n in enumerate(names) if n in ("pk", qs.model._meta.pk.name)), None)
    if first and pk is not None and len(set(names)) == len(names):
        inner, inner_params = qs.values_list(*names)[: cap + 1].query.get_compiler(db).as_sql()
        cols = ", ".join(f"c{i}" for i in range(len(names)))
        by = ", ".join(f"c{i}{' DESC' if f.startswith('-') else ''}" for i, f in enumerate(order))
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*), (array_agg(c{pk} ORDER BY {by}))[1:{int(first)}] "
                        f"FROM ({inner}) AS s({cols})", inner_params)
            n, keys = cur.fetchone()
        keys = keys or []
    else:
        n, keys = qs.values("pk")[: cap + 1].count(), None
    if n <= cap:
        return n, False, keys
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cur.fetchone()[0]
    if isinstance(plan, str):
        import json

        plan = json.loads(plan)
    estimate = max(int(plan[0]["Plan"]["Plan Rows"]), cap + 1)
    cache.set(key, estimate, ESTIMATE_TTL)
    return estimate, True, None


def keyset_page(queryset, order: list[str], cursor: str | None, size: int = 50, *, count: bool = False,
                number: int | None = None) -> Page:
    """One page of `queryset` in `order` (which must end with a unique field, e.g. ['sort_key', 'id']) after
    (or, for a backwards cursor, before) `cursor`. `count=True` also fills `total` (see `count_rows`).

    `cursor == LAST`: the last page (the flipped order's first rows, reversed). `number`: the page of that number,
    by OFFSET, only when the total is exact and at most COUNT_CAP rows (otherwise the first page)."""
    qs = queryset.order_by(*order)
    names = [f.lstrip("-") for f in order]
    total, estimated, first_keys = None, False, None
    if count:
        first_page = not cursor and not (number and number > 1)
        total, estimated, first_keys = _count(queryset, order=order, first=size + 1 if first_page else 0)
    if cursor == LAST:
        return _last_page(queryset, order, size, total, estimated)
    if number and number > 1 and total is not None and not estimated and total <= COUNT_CAP:
        return _numbered_page(qs, order, size, number, total)
    decoded = _decode(cursor, len(order), order)
    start: int | None = 1
    if decoded is None:
        rows = _by_keys(queryset, first_keys) if first_keys is not None else list(qs[: size + 1])
        has_more = len(rows) > size
        rows = rows[:size]
        has_before = False
    else:
        values, start, back = decoded
        if back:
            rows = _rows_after(queryset.order_by(*_flip(order)), _flip(order), values, size + 1)
            has_before = len(rows) > size
            if has_before:
                rows = rows[:size][::-1]
                has_more = True
                if start is not None:
                    start = max(1, start - len(rows))
            else:  # back at the beginning: the first page, whole
                rows = list(qs[: size + 1])
                has_more = len(rows) > size
                rows = rows[:size]
                start = 1
        else:
            rows = _rows_after(qs, order, values, size + 1)
            has_more = len(rows) > size
            rows = rows[:size]
            has_before = True
    next_cursor, prev_cursor = _cursors(rows, names, order, start, has_more, has_before)
    return Page(rows=rows, next_cursor=next_cursor, prev_cursor=prev_cursor, has_next=next_cursor is not None,
                start=start, first_cursor_given=decoded is not None, total=total, total_estimated=estimated,
                size=size)


def _cursors(rows, names, order, start, has_more, has_before):
    next_cursor = _signed([_value(rows[-1], n) for n in names], (start + len(rows)) if start else None,
                          order=order) if has_more and rows else None
    prev_cursor = _signed([_value(rows[0], n) for n in names], start, back=True, order=order) \
        if has_before and rows else None
    return next_cursor, prev_cursor


def _last_page(queryset, order, size, total, estimated) -> Page:
    """The list's end: the flipped order's first rows (one index scan backwards), as many as make the pages line
    up with page numbers when the total is exact."""
    names = [f.lstrip("-") for f in order]
    take = size
    if total is not None and not estimated and total > 0:
        take = total - (-(-total // size) - 1) * size
    rows = list(queryset.order_by(*_flip(order))[: take + 1])
    has_before = len(rows) > take
    rows = rows[:take][::-1]
    start = (total - len(rows) + 1) if total is not None and not estimated else None
    if not has_before:
        start = 1
    next_cursor, prev_cursor = _cursors(rows, names, order, start, False, has_before)
    return Page(rows=rows, next_cursor=None, prev_cursor=prev_cursor, has_next=False, start=start,
                first_cursor_given=has_before, total=total, total_estimated=estimated, size=size, is_last=True)


def _numbered_page(qs, order, size, number, total) -> Page:
    names = [f.lstrip("-") for f in order]
    count = max(1, -(-total // size))
    number = min(number, count)
    offset = (number - 1) * size
    rows = list(qs[offset: offset + size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    start = offset + 1
    next_cursor, prev_cursor = _cursors(rows, names, order, start, has_more, offset > 0)
    return Page(rows=rows, next_cursor=next_cursor, prev_cursor=prev_cursor, has_next=has_more, start=start,
                first_cursor_given=offset > 0, total=total, total_estimated=False, size=size,
                is_last=not has_more)


def paginate(request, queryset, order: list[str], size: int = 50, *, param: str = "sau", count: bool = True,
             number_param: str = NUMBER_PARAM) -> Page:
    """`keyset_page` for a page view: reads the cursor from `request.GET[param]` (and a page number from
    `number_param`), counts the total, and keeps the other GET parameters (filters, sort) for the pager's links
    (`core/_pager.html`). Two lists on one page use two pairs of parameters."""
    raw = request.GET.get(number_param, "")
    number = int(raw) if raw.isdigit() and len(raw) < 7 else None
    page = keyset_page(queryset, order, request.GET.get(param), size, count=count, number=number)
    query = request.GET.copy()
    query.pop(param, None)
    query.pop(number_param, None)
    page.query = query.urlencode()
    page.param = param
    page.number_param = number_param
    return page


# --- sortable columns and the "filtered" notice -----------------------------------------------------------------


@dataclass
class SortColumn:
    key: str
    url: str
    active: bool
    descending: bool

    @property
    def aria_sort(self) -> str:
        if not self.active:
            return "none"
        return "descending" if self.descending else "ascending"


class Sorting:
    """Sortable columns of a keyset list, chosen with `?sap_xep=ten` (ascending) or `?sap_xep=-ten` (descending).

    `columns` maps a key to its (ascending, descending) orders; each must end with a unique field and should follow
    an index (forwards or backwards), so every page stays one index range scan. An unknown key falls back to
    `default`. The pager carries the choice (it keeps the other GET parameters) and its cursors are bound to the
    order they were cut in; a header link drops the cursor, since a new order starts from its first page."""

    param = "sap_xep"

    def __init__(self, request, columns: dict[str, tuple[list[str], list[str]]], default: str, *, cursor: str = "sau",
                 aliases: dict[str, str] | None = None):
        raw = request.GET.get(self.param, "")
        raw = (aliases or {}).get(raw, raw)  # older values of the parameter ("cu-nhat" → "ngay")
        if raw.lstrip("-") not in columns:
            raw = default
        self.key = raw.lstrip("-")
        self.descending = raw.startswith("-")
        self.value = raw
        self.default = default
        ascending, descending = columns[self.key]
        self.order = list(descending if self.descending else ascending)
        self._columns = columns
        self._query = request.GET.copy()
        self._query.pop(cursor, None)
        self._query.pop(NUMBER_PARAM, None)

    def url(self, key: str) -> str:
        query = self._query.copy()
        query[self.param] = ("-" + key) if key == self.key and not self.descending else key
        return "?" + query.urlencode()

    @cached_property  # read by every header and by the views' order menus: its URLs are built once
    def columns(self) -> dict[str, SortColumn]:
        return {key: SortColumn(key, self.url(key), key == self.key, self.descending and key == self.key)
                for key in self._columns}


@dataclass
class Filtered:
    """What a list is filtered by, for the notice "Đang lọc: Đơn vị: Sở Y tế · Năm: 2025 · Bỏ lọc"."""

    parts: list[tuple[str, str]]
    clear_url: str

    def __bool__(self) -> bool:
        return bool(self.parts)

    @property
    def text(self) -> str:
        return " · ".join(f"{label}: {value}" for label, value in self.parts)


def filtered(request, shown: dict[str, tuple[str, str | None]], keep: tuple[str, ...] = (Sorting.param,)) -> Filtered:
    """The active filters among `shown` ({GET parameter: (label, text shown for its value or None to show the
    value itself)}) and a link clearing them (the sort order kept)."""
    parts = []
    for param, (label, text) in shown.items():
        value = request.GET.get(param, "").strip()
        if value:
            parts.append((str(label), str(text) if text not in (None, "") else value))
    query = request.GET.copy()
    for param in list(query.keys()):
        if param not in keep:
            query.pop(param)
    return Filtered(parts, "?" + query.urlencode() if query else request.path)
