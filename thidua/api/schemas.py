"""Shared pieces of the API's contract (docs/contracts.md "API"): the error body, enum fields that list their
values in the schema, and the one shape of a keyset-paginated list.

Lists: `?cursor=<opaque>&limit=<n>` → `{"items": [...], "next_cursor": "<opaque>" | null}`; the cursor comes from
the previous page's `next_cursor`, never built by hand (core/pagination.py keyset_page). Filters are plain query
parameters named like the fields they filter."""

from typing import Literal

from ninja import Schema

from thidua.core.pagination import keyset_page

MAX_LIMIT = 200


class Detail(Schema):
    detail: str


def choices(values, *extra):
    """`Literal[...]` of a TextChoices' values (plus `extra`), so the OpenAPI schema lists the allowed values."""
    values = tuple(values.values if isinstance(values, type) else values) + tuple(extra)
    return Literal[values]  # type: ignore[valid-type]


def page(queryset, order: list[str], cursor: str | None, limit: int = 50):
    """One page of a scoped queryset in a stable order; `limit` clamped to 1..MAX_LIMIT."""
    return keyset_page(queryset, order, cursor, size=max(1, min(limit or 50, MAX_LIMIT)))


def page_of_rows(rows: list, key, cursor: str | None, limit: int = 50) -> tuple[list, str | None]:
    """(one page, next cursor) of a short list computed in memory (e.g. a circular's forms), with the same
    parameters and the same kind of opaque, signed cursor as `page`: the last row's `key(row)`; a cursor that does
    not name a row is page one."""
    from django.core import signing

    size = max(1, min(limit or 50, MAX_LIMIT))
    start = 0
    if cursor:
        try:
            last = signing.loads(cursor, salt="keyset-rows")
        except signing.BadSignature:
            last = None
        keys = [key(r) for r in rows]
        start = keys.index(last) + 1 if last in keys else 0
    chunk = rows[start:start + size]
    more = start + size < len(rows)
    return chunk, signing.dumps(key(chunk[-1]), salt="keyset-rows") if more and chunk else None


# Errors a write can end in: the same 4xx statuses with `{"detail": …}` everywhere.
WRITE_ERRORS = {400: Detail, 403: Detail, 404: Detail, 409: Detail}
READ_ERRORS = {404: Detail}


def documented(values, *extra):
    """A plain string documented with its allowed values: for fields whose handler checks the value itself (with its
    own Vietnamese 400 message) and for answers (the document lists the codes; an answer is never refused)."""
    from typing import Annotated

    from pydantic import WithJsonSchema

    values = [*(values.values if isinstance(values, type) else values), *extra]
    return Annotated[str, WithJsonSchema({"type": "string", "enum": values})]


def xlsx_response(description: str) -> dict:
    """`openapi_extra` of an operation answering an XLSX file (an attachment named in Content-Disposition)."""
    from thidua.core.xlsx import XLSX

    return {"responses": {"200": {
        "description": description,
        "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
        "headers": {"Content-Disposition": {"description": "attachment; filename=\"….xlsx\"",
                                            "schema": {"type": "string"}}},
    }}}


def form_data(form) -> dict:
    """Run a page's form on API input (the same validation as the page): its cleaned data, or a 400 `{"detail"}`
    naming each field with its Vietnamese message."""
    from ninja.errors import HttpError

    if form.is_valid():
        return form.cleaned_data
    parts = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else None
        parts.extend(f"{label}: {message}" if label else str(message) for message in errors)
    raise HttpError(400, " ".join(parts) or "Dữ liệu không hợp lệ.")
