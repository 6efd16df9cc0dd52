"""One implementation of every list page: the keyset page with its total ("1–50 của 12.345"), the sortable
columns, the filters kept in the URL, the "Đang lọc" notice, and the XLSX export of what the list shows.

A list view calls `listing(request, queryset, sorts=…, default=…, shown=…)` and renders its template with the
returned context; the template includes `core/_pager.html` (total, first/prev/page numbers/next/last),
`core/_filtered.html` (the notice), `core/_export.html` (the export button, same filters and order) and uses
`{% sort_th sorting "key" label %}` / `{% keep_sort sorting %}` (templatetags/listing.py).

The export view calls `xlsx_export(request, queryset, columns, …)` with the same queryset and `sorting_order(…)`,
so the file holds the rows the list shows, in the same order; it is recorded in the audit log. Personal data
(CCCD, full birth date) go through `core.personal` in the column functions, masked unless the reader may see them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.pagination import Sorting, filtered, paginate

EXPORT_LIMIT = 100_000  # rows in one file; a wider export asks for a narrower filter (or a background job)


def listing(request, queryset, *, sorts: dict | None = None, default: str | None = None,
            order: list[str] | None = None, size: int = 50, shown: dict | None = None, count: bool = True) -> dict:
    """The context of a list page: `page` (with its total), `sorting` (None when the list has one order),
    `filtered` (when `shown` says which GET parameters are filters) and `list_query` (filters and sort, no cursor,
    for the export link)."""
    sorting = Sorting(request, sorts, default) if sorts else None
    page = paginate(request, queryset, sorting.order if sorting else list(order or ["-id"]), size=size, count=count)
    context = {"page": page, "sorting": sorting, "list_query": page.query}
    if shown is not None:
        context["filtered"] = filtered(request, shown)
    return context


def sorting_order(request, sorts: dict, default: str) -> list[str]:
    return Sorting(request, sorts, default).order


@dataclass
class Column:
    """One column of an export: its header, the value of a row (a callable), its width in characters."""

    header: str
    value: Callable
    width: int = 18


def _cell(ws, value):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "dd/mm/yyyy hh:mm"
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "dd/mm/yyyy"
        return cell
    if value is not None and not isinstance(value, (int, float, str)):
        value = str(value)
    return value


def export_rows(queryset, columns: list[Column], *, title: str, limit: int = EXPORT_LIMIT) -> tuple[bytes, int]:
    """(the XLSX file, rows written): a numbered header row, then one row per object (write-only, streamed from
    the database), at most `limit` rows; a cut export ends with a row saying so."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from thidua.core.xlsx import bold_row, workbook_bytes

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.column_dimensions["A"].width = 7
    for i, column in enumerate(columns, start=2):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    bold_row(ws, [_("STT"), *[str(c.header) for c in columns]])
    n = 0
    rows: Iterable = queryset[: limit + 1].iterator(chunk_size=2000) if limit else queryset.iterator(chunk_size=2000)
    for obj in rows:
        if limit and n >= limit:
            ws.append(["", _("Chỉ xuất %(n)s dòng đầu; hãy lọc hẹp hơn để xuất phần còn lại.") % {"n": f"{limit:,}".replace(",", ".")}])
            break
        n += 1
        ws.append([n, *[_cell(ws, c.value(obj)) for c in columns]])
    return workbook_bytes(wb), n


def xlsx_export(request, queryset, columns: list[Column], *, title: str, filename: str, note: str,
                limit: int = EXPORT_LIMIT):
    """The list's rows as an XLSX download named `filename`-yyyymmdd.xlsx, recorded in the audit log with the
    filters it was cut with."""
    from thidua.core.xlsx import download

    content, n = export_rows(queryset, columns, title=title, limit=limit)
    record_export(request, rows=n, note=note)
    return download(content, f"{filename}-{dt.date.today():%Y%m%d}.xlsx")


def record_export(request, *, rows: int, note: str) -> None:
    """Record in the audit log that `request.user` exported `rows` rows cut with the request's filters (every
    export does, also the official forms that keep their own layout)."""
    from thidua.core.audit import record

    user = request.user
    record(None, "export", user=user, unit_id=user.unit_id if getattr(user, "unit_id", None) else None,
           changes={"filters": {k: v for k, v in request.GET.items() if v}, "rows": rows}, note=note)
