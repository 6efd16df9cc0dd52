"""The table rows of the long lists (people, award book, petitions), written in Python instead of the template
engine.

A page of 50 rows with ~20 variables, tags and filters each is ~1,000 template nodes: Django's engine resolves each
variable through its lookup chain, reverses a URL per row, translates per row and renders an inclusion tag's
template per row, which cost more than the rest of the page (issue #10: the lists served 23–30 % of the login
page's throughput at 32 clients). Here each row is one f-string of escaped values; the labels are translated once
per page and the detail URLs come from one `reverse()`.

The markup is the one the templates wrote (same elements, classes, attributes and text); the templates keep the
table's head, the empty-list row and everything around it. Every value goes through `conditional_escape`, as the
template engine's autoescaping does."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from django.urls import reverse
from django.utils.safestring import SafeData

_MARK = 2_147_483_646


def e(value) -> str:
    """A value as `{{ value }}` renders it: escaped unless already safe (`conditional_escape` without its lazy-string
    wrapper, the same characters escaped: & < > " ')."""
    if isinstance(value, SafeData):
        return value
    return html.escape(str(value))


def url_for(name: str) -> Callable[[object], str]:
    """`pk → URL` of a detail view taking one integer argument, from a single `reverse()`."""
    head, tail = reverse(name, args=[_MARK]).split(str(_MARK))
    return lambda pk: f"{head}{pk}{tail}"


def dmy(value) -> str:
    """`{{ value|date:"d/m/Y" }}` for a date ("" for None, as the filter)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def display(choices) -> Callable[[object], str]:
    """`value → label` of a field's choices, as `get_FOO_display()` (the value itself when unknown), translated now
    (the labels are lazy)."""
    labels = {k: str(v) for k, v in choices}
    return lambda value: labels.get(value, value)
