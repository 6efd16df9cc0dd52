"""Keyset pagination: lists of any size page in constant time (no OFFSET). The cursor is the last row's
ordering values, signed so it cannot be forged into a query on other fields."""

from dataclasses import dataclass

from django.core import signing
from django.db.models import Q


@dataclass
class Page:
    rows: list
    next_cursor: str | None
    prev_cursor: str | None
    has_next: bool


def _value(obj, field):
    value = obj
    for part in field.split("__"):
        value = getattr(value, part)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _after_q(order: list[str], values: list) -> Q:
    """Rows strictly after `values` in the ordering `order` (fields may start with '-')."""
    q = Q(pk__in=[])
    for i, field in enumerate(order):
        name = field.lstrip("-")
        op = "lt" if field.startswith("-") else "gt"
        cond = Q(**{f"{name}__{op}": values[i]})
        for j in range(i):
            cond &= Q(**{order[j].lstrip("-"): values[j]})
        q |= cond
    return q


def keyset_page(queryset, order: list[str], cursor: str | None, size: int = 50) -> Page:
    """`order` must end with a unique field (e.g. ['sort_key', 'id'])."""
    qs = queryset.order_by(*order)
    if cursor:
        try:
            values = signing.loads(cursor, salt="keyset")
        except signing.BadSignature:
            values = None
        if isinstance(values, list) and len(values) == len(order):
            qs = qs.filter(_after_q(order, values))
    rows = list(qs[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    next_cursor = signing.dumps([_value(rows[-1], f.lstrip("-")) for f in order], salt="keyset") if has_next else None
    return Page(rows=rows, next_cursor=next_cursor, prev_cursor=None, has_next=has_next)
