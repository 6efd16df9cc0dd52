"""Read a plan's appendix table from the .docx the province publishes (python-docx).

The table is found by its header (TT / Nội dung / Đơn vị chủ trì / Cơ quan phối hợp / Thời gian thực hiện). Tables
that run over a page break are handled both ways Word produces them: one table with the header row repeated, or
a second table with its own header; a row with an empty TT continues the previous task (task 12 of 196/KH-UBND)."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.core.text import fold
from thidua.plans.services import TaskRow

COLUMNS = {
    "order": ("tt", "stt", "so tt"),
    "content": ("noi dung",),
    "lead": ("chu tri",),
    "coordinating": ("phoi hop",),
    "schedule": ("thoi gian",),
}
REQUIRED = ("order", "content", "lead", "schedule")


class DocxImportError(ValueError):
    """A Vietnamese message for the user; nothing has been saved."""


def _text(cell) -> str:
    text = " ".join(p.text for p in cell.paragraphs)
    return " ".join(unicodedata.normalize("NFC", text).split())


def _header_map(cells: list[str]) -> dict[str, int] | None:
    mapping: dict[str, int] = {}
    for index, text in enumerate(cells):
        key = fold(text).strip(" .:")
        for column, names in COLUMNS.items():
            if column in mapping:
                continue
            if (column == "order" and key in names) or (column != "order" and any(n in key for n in names)):
                mapping[column] = index
                break
    return mapping if all(c in mapping for c in REQUIRED) else None


def parse_docx(fileobj) -> tuple[list[TaskRow], list[str]]:
    """(rows, warnings). Raises DocxImportError with a Vietnamese message for a file that cannot be used."""
    import docx

    from thidua.core.uploads import check_archive

    not_word = _("Tệp không phải tệp Word .docx hợp lệ hoặc đã bị hỏng; hãy lưu lại bằng Word (định dạng .docx) rồi "
                 "thử lại.")
    try:
        check_archive(fileobj)  # a .docx that expands hugely is refused before python-docx parses it
    except ValidationError as exc:
        raise DocxImportError(not_word if exc.code == "corrupt" else " ".join(exc.messages))
    try:
        document = docx.Document(fileobj)
    except Exception:  # noqa: BLE001 - python-docx raises many kinds (zip, xml, package) for a bad file
        raise DocxImportError(not_word)
    rows: list[TaskRow] = []
    warnings: list[str] = []
    found_table = False
    try:
        tables = list(document.tables)
        for table in tables:
            mapping = None
            previous_tcs: list = []
            for raw_row in table.rows:
                row_cells = raw_row.cells
                cells = [_text(c) for c in row_cells]
                # A cell merged down from the row above (vMerge) is the same XML cell: not new text.
                merged = {i for i, c in enumerate(row_cells) if i < len(previous_tcs) and c._tc is previous_tcs[i]}
                previous_tcs = [c._tc for c in row_cells]
                header = _header_map(cells)
                if header:  # first header, or the header repeated after a page break
                    mapping = header
                    found_table = True
                    continue
                if mapping is None:
                    break  # not an appendix table
                row = _row(cells, mapping, rows, warnings, merged)
                if row:
                    rows.append(row)
    except DocxImportError:
        raise
    except Exception:  # noqa: BLE001 - a damaged table structure
        raise DocxImportError(_("Không đọc được bảng trong tệp .docx (cấu trúc bảng bị hỏng)."))
    if not found_table:
        raise DocxImportError(_("Không tìm thấy bảng phụ lục có các cột TT, Nội dung, Đơn vị chủ trì, "
                                "Thời gian thực hiện trong tệp."))
    if not rows:
        raise DocxImportError(_("Bảng phụ lục không có nhiệm vụ nào."))
    return rows, warnings


def _cell(cells, mapping, column) -> str:
    index = mapping.get(column)
    return cells[index] if index is not None and index < len(cells) else ""


def _row(cells, mapping, rows, warnings, merged=frozenset()) -> TaskRow | None:
    order_text = _cell(cells, mapping, "order").rstrip(".")
    values = {c: _cell(cells, mapping, c) for c in ("content", "lead", "coordinating", "schedule")}
    continuation = {c: ("" if mapping.get(c) in merged else v) for c, v in values.items()}
    if not order_text:
        if not any(continuation.values()):
            return None  # empty row, or only cells merged down from the row above
        if not rows:
            warnings.append(_("Bỏ qua dòng không có số thứ tự ở đầu bảng: «%(t)s».") % {"t": values["content"][:80]})
            return None
        previous = rows[-1]  # the task continues from the previous page
        for column, attr in (("content", "content"), ("lead", "lead"), ("coordinating", "coordinating"),
                             ("schedule", "schedule")):
            if continuation[column]:
                current = getattr(previous, attr)
                setattr(previous, attr, f"{current} {continuation[column]}" if current else continuation[column])
        return None
    if not re.fullmatch(r"\d{1,4}", order_text):
        warnings.append(_("Bỏ qua dòng tiêu đề nhóm «%(n)s %(t)s».") % {"n": order_text, "t": values["content"][:80]})
        return None
    return TaskRow(order=int(order_text), content=values["content"], lead=values["lead"],
                   coordinating=values["coordinating"], schedule=values["schedule"])
