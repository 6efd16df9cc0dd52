"""Reading lists as offices and other TĐKT systems really send them — one layer for the proposal lists
(danh sách đề nghị khen thưởng), the legacy award book and the person import.

What comes in: a Word table (.docx, or legacy .doc converted by LibreOffice when it is installed), a workbook (.xlsx,
.xls through python-calamine). What comes out: `Sheet`s of rows of plain values. `find_header` then finds the header
below any title rows ("UBND TỈNH …", "DANH SÁCH ĐỀ NGHỊ …"), also when it spans two merged rows ("Ngày sinh" over
"Nam" | "Nữ"), and maps each column to a field through the names offices and other systems use
("Tên tập thể/cá nhân/hộ gia đình", "Đơn vị công tác", "Danh hiệu thi đua/Hình thức khen thưởng", "Phân loại khen
thưởng"…). Columns it cannot map are kept (`Header.unmapped`) so a page can ask the officer to assign them.

Pure helpers for the values found there: `split_title` (honorifics and ranks kept apart from the name),
`parse_date` / `parse_birth` (dates in every form a cell takes), `citizen_id` (a leading apostrophe, 9-digit CMND and
12-digit CCCD), `code_sheet` (a workbook's own code → name sheet, e.g. award codes of another system's export).

No Django models here: `core` sits under every app.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _

from thidua.core.text import clean_text as text_clean
from thidua.core.text import fold

HEADER_SCAN_ROWS = 25
EXCEL_EPOCH = dt.date(1899, 12, 30)
MAX_ROWS = 100_000
_PUNCT = re.compile(r"[^0-9a-z ]+")


class TableFileError(Exception):
    """The file as a whole cannot be read; the message (Vietnamese) is shown to the user."""


def key(text) -> str:
    """Folded, punctuation-free comparison key: '“Lao động tiên tiến”' → 'lao dong tien tien'."""
    return " ".join(_PUNCT.sub(" ", fold(str(text if text is not None else ""))).split())


def cell_text(value) -> str:
    """A cell as one line of NFC text with single spaces ('12.0' numbers back to '12')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    # NFC, without invisible and bidi-override characters (core/text.py), single spaces
    return " ".join(text_clean(str(value)).replace("\u00a0", " ").split())


# ----------------------------------------------------------------------------------------------------------
# Files → sheets


@dataclass
class Sheet:
    name: str
    rows: list[list]
    caption: str = ""  # the paragraph just above a Word table ("I. CÁ NHÂN"), which may say what the table lists
    word_table: bool = False  # a table of a Word document (several of them may make up one list)


def _extension(name: str) -> str:
    return os.path.splitext((name or "").lower())[1]


def read_sheets(data: bytes, name: str) -> list[Sheet]:
    """Every table of a Word document or every sheet of a workbook, as rows of cell values.

    Raises TableFileError with a Vietnamese message when the file cannot be read."""
    from django.core.exceptions import ValidationError

    from thidua.core.uploads import check_archive

    ext = _extension(name)
    try:
        check_archive(io.BytesIO(data), os.path.basename(name))  # zip bombs, huge sheet areas: before any parser
    except ValidationError as exc:
        raise TableFileError(" ".join(exc.messages))
    # What the bytes are decides, not the name: systems export HTML as ".xls", offices rename files.
    if data.startswith(b"PK\x03\x04"):
        if _zip_has(data, "word/document.xml"):
            return _read_docx(data)
        return _read_workbook(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if ext == ".doc" or (ext != ".xls" and b"W\x00o\x00r\x00d\x00D\x00o\x00c" in data[:65536]):
            return _read_doc(data)
        return _read_workbook(data)
    text = _as_text(data)
    if text is not None and re.search(r"<\s*table\b", text[:200000], re.IGNORECASE):
        return _read_html(text)
    if text is not None and ext in (".csv", ".txt"):
        return _read_csv(text)
    if ext in (".docx", ".doc", ".xlsx", ".xlsm", ".xls", ".ods"):
        raise TableFileError(_("Không đọc được tệp: nội dung không phải tài liệu Word hay bảng tính Excel (tệp hỏng "
                               "hoặc sai định dạng)."))
    raise TableFileError(_("Chỉ đọc được danh sách dạng Word (.docx, .doc) hoặc Excel (.xlsx, .xls)."))


def _zip_has(data: bytes, member: str) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _as_text(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "utf-16", "cp1258"):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, UnicodeError):
            continue
        if "\x00" not in text[:1000]:
            return text
    return None


def _read_csv(text: str) -> list[Sheet]:
    import csv

    sample = text[:5000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [list(r) for r, _i in zip(csv.reader(io.StringIO(text), dialect), range(MAX_ROWS), strict=False)]
    return [Sheet("CSV", rows)]


def _read_html(text: str) -> list[Sheet]:
    """Tables of an HTML page saved as ".xls" (a common export of web systems); colspan / rowspan spread like merged
    cells (text in the first cell only)."""
    from html.parser import HTMLParser

    class Tables(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tables, self.stack = [], []

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.stack.append({"rows": [], "row": None, "cell": None, "spans": {}})
            elif not self.stack:
                return
            t = self.stack[-1] if self.stack else None
            if tag == "tr":
                t["row"] = []
            elif tag in ("td", "th") and t["row"] is not None:
                a = dict(attrs)
                t["cell"] = {"text": [], "colspan": _int(a.get("colspan")), "rowspan": _int(a.get("rowspan"))}
            elif tag == "br" and t["cell"] is not None:
                t["cell"]["text"].append("\n")

        def handle_data(self, data):
            if self.stack and self.stack[-1]["cell"] is not None:
                self.stack[-1]["cell"]["text"].append(data)

        def handle_endtag(self, tag):
            if not self.stack:
                return
            t = self.stack[-1]
            if tag in ("td", "th") and t["cell"] is not None and t["row"] is not None:
                cell = t["cell"]
                value = "\n".join(" ".join(line.split()) for line in "".join(cell["text"]).split("\n")).strip()
                row, r = t["row"], len(t["rows"])
                while (r, len(row)) in t["spans"]:
                    row.append(None)
                for k in range(cell["colspan"]):
                    for j in range(cell["rowspan"]):
                        if j:
                            t["spans"][(r + j, len(row) + k)] = True
                row.append(value)
                row.extend([None] * (cell["colspan"] - 1))
                t["cell"] = None
            elif tag == "tr" and t["row"] is not None:
                r = len(t["rows"])
                while (r, len(t["row"])) in t["spans"]:
                    t["row"].append(None)
                t["rows"].append(t["row"])
                t["row"] = None
            elif tag == "table":
                self.tables.append(self.stack.pop()["rows"])

    parser = Tables()
    parser.feed(text)
    sheets = [Sheet(_("Bảng %(n)d") % {"n": n}, rows) for n, rows in enumerate(parser.tables, start=1) if rows]
    if not sheets:
        raise TableFileError(_("Tệp không có bảng nào."))
    return sheets


def _int(value) -> int:
    try:
        return max(1, min(int(value), 100))
    except (TypeError, ValueError):
        return 1


def _read_workbook(data: bytes) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for sheet_name in wb.sheet_names:
            rows = []
            for i, row in enumerate(wb.get_sheet_by_name(sheet_name).iter_rows()):
                if i >= MAX_ROWS:
                    raise TableFileError(_("Tệp có quá nhiều dòng (tối đa %(n)d dòng).") % {"n": MAX_ROWS})
                rows.append(list(row))
            sheets.append(Sheet(sheet_name, rows))
    except TableFileError:
        raise
    except Exception:  # calamine raises several error types for broken zips, XML, passwords, OLE
        raise TableFileError(_("Không đọc được tệp: tệp không phải bảng tính Excel hợp lệ hoặc đã bị hỏng."))
    if not sheets:
        raise TableFileError(_("Tệp bảng tính không có trang tính nào."))
    return sheets


def _cell_text(cell) -> str:
    lines = [" ".join(p.text.split()) for p in cell.paragraphs]
    return "\n".join(line for line in lines if line)


def _read_docx(data: bytes) -> list[Sheet]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        raise TableFileError(_("Không đọc được tệp Word: tệp không phải .docx hợp lệ hoặc đã bị hỏng."))
    from docx.table import Table

    sheets = []
    caption = ""
    tables = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = " ".join("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")).split())
            if text:
                caption = text
        elif tag == "tbl":
            tables.append((Table(child, document), caption))
            caption = ""
    for n, (table, caption) in enumerate(tables, start=1):
        rows = []
        for row in table.rows:
            cells, last = [], None
            for cell in row.cells:
                # A horizontally merged cell appears once per grid column: keep it in the first one only, as a
                # spreadsheet would, so the two-row header logic treats both formats alike.
                cells.append(_cell_text(cell) if cell._tc is not last else None)
                last = cell._tc
            rows.append(cells)
        sheets.append(Sheet(_("Bảng %(n)d") % {"n": n}, rows, caption, word_table=True))
    if not sheets:
        raise TableFileError(_("Tệp Word không có bảng nào: danh sách phải ở dạng bảng (mỗi người một dòng)."))
    return sheets


def _read_doc(data: bytes) -> list[Sheet]:
    return _read_docx(doc_to_docx(data))


def doc_to_docx(data: bytes) -> bytes:
    """Word 97–2003 (.doc) converted to .docx by LibreOffice (headless) when it is installed; TableFileError with
    what to do otherwise. An upload converts once and keeps the .docx, so previews do not convert again."""
    if not data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise TableFileError(_("Tệp .doc bị hỏng hoặc không phải tài liệu Word 97–2003."))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise TableFileError(_("Máy chủ chưa cài LibreOffice nên chưa đọc được tệp Word 97–2003 (.doc). Hãy mở tệp "
                               "bằng Word và lưu lại dưới dạng .docx (hoặc Excel .xlsx) rồi tải lên lại."))
    with tempfile.TemporaryDirectory(prefix="thidua-doc-") as tmp:
        src = os.path.join(tmp, "list.doc")
        with open(src, "wb") as fh:
            fh.write(data)
        try:
            subprocess.run(
                [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                 "--convert-to", "docx", "--outdir", tmp, src],
                check=True, capture_output=True, timeout=120,
            )
            with open(os.path.join(tmp, "list.docx"), "rb") as fh:
                converted = fh.read()
        except (subprocess.SubprocessError, OSError):
            raise TableFileError(_("Không chuyển đổi được tệp Word 97–2003 (.doc); hãy lưu lại dưới dạng .docx rồi "
                                   "tải lên lại."))
    return converted


# ----------------------------------------------------------------------------------------------------------
# Header: found below title rows, across two merged rows, columns named as offices name them

# Field → header names (as `key()` folds them). Exact names first; `_CONTAINS` catches longer variants.
FIELDS: dict[str, list[str]] = {
    "number": ["tt", "stt", "so tt", "so thu tu", "thu tu"],
    "name": ["ho va ten", "ho ten", "ten tap the ca nhan ho gia dinh", "ten tap the ca nhan", "ten ca nhan tap the",
             "ten ca nhan", "ho ten ca nhan", "ten tap the", "tap the ca nhan", "ca nhan tap the",
             "ho va ten ten tap the", "ten don vi ca nhan", "ten tap the ca nhan duoc de nghi",
             "ho va ten ca nhan ten tap the", "ten doi tuong", "doi tuong de nghi", "ho ten ten tap the",
             "ten tap the ho ten ca nhan", "ten tap the ca nhan ho gia dinh duoc de nghi"],
    "birth_date": ["ngay sinh", "ngay thang nam sinh", "nam sinh", "ngay thang sinh", "sinh ngay"],
    "gender": ["gioi tinh", "nam nu"],
    "position": ["chuc vu", "chuc danh", "chuc vu chuc danh"],
    "unit": ["don vi cong tac", "don vi", "noi cong tac", "co quan don vi", "co quan cong tac", "co quan",
             "co quan don vi cong tac", "ten don vi", "don vi cong tac hien nay"],
    "position_unit": ["chuc vu don vi cong tac", "chuc vu don vi", "chuc vu noi cong tac", "chuc danh don vi cong tac",
                      "chuc vu chuc danh don vi cong tac", "chuc vu co quan don vi", "chuc vu va don vi cong tac",
                      "chuc vu co quan cong tac", "chuc danh don vi"],
    "award": ["danh hieu thi dua hinh thuc khen thuong", "hinh thuc khen thuong", "danh hieu thi dua", "danh hieu",
              "hinh thuc", "danh hieu hinh thuc", "danh hieu hinh thuc khen thuong", "hinh thuc de nghi",
              "danh hieu de nghi", "hinh thuc khen thuong de nghi", "de nghi khen thuong", "muc khen thuong",
              "danh hieu thi dua hinh thuc khen thuong de nghi", "khen thuong de nghi", "ma danh hieu",
              "ma hinh thuc khen thuong", "ma danh hieu hinh thuc", "loai khen thuong"],
    "classification": ["phan loai khen thuong", "phan loai", "loai doi tuong", "doi tuong", "phan loai doi tuong",
                       "ca nhan tap the"],
    "citizen_id": ["so cccd", "cccd", "can cuoc", "so dinh danh", "cmnd", "so cmnd", "so cmnd cccd", "so cccd cmnd",
                   "so can cuoc cong dan", "can cuoc cong dan", "so dinh danh ca nhan", "cmnd cccd", "cccd cmnd"],
    "year": ["nam thanh tich", "nam hoc", "nam", "ky", "nam de nghi", "nam khen thuong"],
    "decision_number": ["so quyet dinh", "so qd", "quyet dinh so", "quyet dinh", "so ky hieu quyet dinh"],
    "decision_date": ["ngay quyet dinh", "ngay qd", "ngay ky", "ngay ky quyet dinh"],
    "commendation_type": ["loai hinh khen thuong", "loai hinh"],
    "achievement": ["thanh tich", "tom tat thanh tich", "thanh tich dat duoc", "noi dung thanh tich",
                    "thanh tich tieu bieu"],
    "note": ["ghi chu"],
}
# Longer headers recognised by the words they contain (order matters: first match wins).
_CONTAINS: list[tuple[str, tuple[str, ...]]] = [
    ("position_unit", ("chuc vu", "don vi")),
    ("position_unit", ("chuc vu", "co quan")),
    ("position_unit", ("chuc danh", "don vi")),
    ("classification", ("phan loai",)),
    ("birth_date", ("ngay", "sinh")),
    ("birth_date", ("nam sinh",)),
    ("citizen_id", ("cccd",)),
    ("citizen_id", ("cmnd",)),
    ("citizen_id", ("can cuoc",)),
    ("award", ("danh hieu",)),
    ("award", ("hinh thuc",)),
    ("name", ("ho va ten",)),
    ("name", ("ho ten",)),
    ("name", ("ten", "ca nhan")),
    ("name", ("ten", "tap the")),
    ("name", ("ten", "doi tuong")),
    ("decision_number", ("quyet dinh", "so")),
    ("decision_date", ("quyet dinh", "ngay")),
    ("unit", ("don vi",)),
    ("unit", ("noi cong tac",)),
    ("achievement", ("thanh tich",)),
    ("position", ("chuc vu",)),
]
LABELS = {
    "number": "TT", "name": "Họ và tên / Tên tập thể", "birth_date": "Ngày sinh", "birth_male": "Ngày sinh (Nam)",
    "birth_female": "Ngày sinh (Nữ)", "gender": "Giới tính", "position": "Chức vụ", "unit": "Đơn vị công tác",
    "position_unit": "Chức vụ, đơn vị công tác", "award": "Danh hiệu / Hình thức khen thưởng",
    "classification": "Phân loại (cá nhân / tập thể / hộ gia đình)", "citizen_id": "Số CCCD/CMND",
    "year": "Năm", "decision_number": "Số quyết định", "decision_date": "Ngày quyết định",
    "commendation_type": "Loại hình khen thưởng", "achievement": "Tóm tắt thành tích", "note": "Ghi chú",
}
_EXACT = {name: f for f, names in FIELDS.items() for name in names}


def field_for(header_text: str) -> str | None:
    """The field a header names, or None."""
    k = key(header_text)
    if not k:
        return None
    if k in _EXACT:
        return _EXACT[k]
    words = f" {k} "
    for fld, parts in _CONTAINS:
        if all(f" {p} " in words for p in parts):
            return fld
    return None


@dataclass
class Header:
    """Where the header is and what each column holds."""

    first_row: int  # index of the header's first row in the sheet
    last_row: int  # index of its last row (== first_row for one-row headers)
    columns: dict[str, int]  # field → column index
    texts: dict[int, str]  # column index → header text as written (both rows joined)
    unmapped: dict[int, str] = field(default_factory=dict)  # columns with a header no field matches

    @property
    def data_start(self) -> int:
        return self.last_row + 1


def _row_texts(row) -> list[str]:
    return [cell_text(c).replace("\n", " ") if c is not None else "" for c in row]


def _combine(top: list[str], bottom: list[str]) -> list[str]:
    """Header texts of a two-row header: a merged top cell spreads over the columns that have a text below it."""
    width = max(len(top), len(bottom))
    top = top + [""] * (width - len(top))
    bottom = bottom + [""] * (width - len(bottom))
    out, carry = [], ""
    for t, b in zip(top, bottom, strict=True):
        if t:
            carry = t
        elif not b:
            carry = ""
        above = t or (carry if b else "")
        if above and b and key(above) != key(b):
            out.append(f"{above} {b}")
        else:
            out.append(above or b)
    return out


def _map(texts: list[str], overrides: dict[str, str] | None = None, vocabulary: dict[str, str] | None = None,
         synonyms: bool = True) -> tuple[dict[str, int], dict[int, str]]:
    columns: dict[str, int] = {}
    unmapped: dict[int, str] = {}
    overrides = dict(vocabulary or {}, **(overrides or {}))
    for idx, text in enumerate(texts):
        if not text:
            continue
        k = key(text)
        if k in overrides:
            fld = overrides[k]
        elif synonyms:
            fld = _split_birth(k) or field_for(text)
        else:
            fld = None
        if fld == "":  # the officer said: ignore this column
            continue
        if fld is None:
            if not _is_column_number(text):
                unmapped[idx] = text
            continue
        if fld not in columns:
            columns[fld] = idx
        elif fld == "award" and "award_alt" not in columns:
            columns["award_alt"] = idx
    if "birth_male" in columns or "birth_female" in columns:
        columns.pop("birth_date", None)
    if "position_unit" in columns and "unit" in columns and columns["unit"] == columns["position_unit"]:
        columns.pop("unit")
    return columns, unmapped


def _split_birth(k: str) -> str | None:
    """'ngay sinh nam' / 'nam sinh nu' — a birth-date header split into Nam / Nữ columns."""
    for prefix in ("ngay thang nam sinh", "ngay sinh", "nam sinh", "ngay thang sinh"):
        if k.startswith(prefix + " "):
            rest = k[len(prefix) + 1:]
            if rest == "nam":
                return "birth_male"
            if rest == "nu":
                return "birth_female"
    return None


def _is_column_number(text: str) -> bool:
    return bool(re.fullmatch(r"\(?\d{1,2}\)?(\s*=.*)?", text.strip()))


def find_header(rows: list[list], required=("name",), overrides: dict[str, str] | None = None,
                vocabulary: dict[str, str] | None = None, synonyms: bool = True) -> Header | None:
    """The header among the first rows: the (one- or two-row) block whose columns map to the most fields and that
    has every `required` field. `overrides` maps a folded header text to a field ("" = ignore), as the officer
    assigned it; `vocabulary` adds a caller's own header names (folded → field), and `synonyms=False` keeps to
    them alone. None when no row qualifies."""
    best: Header | None = None
    best_score = 0
    limit = min(len(rows), HEADER_SCAN_ROWS)
    for i in range(limit):
        top = _row_texts(rows[i])
        if sum(1 for t in top if t) < 2:
            continue
        candidates = [(i, top)]
        if i + 1 < len(rows):
            bottom = _row_texts(rows[i + 1])
            if any(bottom) and not _looks_like_data(rows[i + 1]) and not is_column_number_row(rows[i + 1]):
                candidates.append((i + 1, _combine(top, bottom)))
        one_row = None
        for last, texts in candidates:
            columns, unmapped = _map(texts, overrides, vocabulary, synonyms)
            if last == i:
                one_row = len(columns)
            elif len(columns) <= (one_row or 0) or sum(1 for t in _row_texts(rows[last]) if t) < 2:
                continue  # the next row adds nothing (a section row, a note): a one-row header
            if not all(r in columns for r in required):
                continue
            score = len(columns) * 10 - len(unmapped) + (1 if last > i else 0)
            if score > best_score:
                best_score = score
                best = Header(i, last, columns, {j: t for j, t in enumerate(texts) if t}, unmapped)
    return best


def _looks_like_data(row) -> bool:
    """A data row (a number in the first cell, a date somewhere) rather than the second row of a header."""
    texts = _row_texts(row)
    if all(_is_column_number(t) for t in texts if t):
        return False
    first = next((t for t in texts if t), "")
    return bool(re.fullmatch(r"\d{1,5}\.?", first)) or any(
        isinstance(c, (dt.date, dt.datetime)) or re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", t)
        for c, t in zip(row, texts, strict=False))


def is_column_number_row(row) -> bool:
    """The '(1) (2) (3)…' or '1 2 3…' row some lists put under the header."""
    texts = [t for t in _row_texts(row) if t]
    if len(texts) < 3:
        return False
    if all(re.fullmatch(r"\(\d{1,2}\)", t) for t in texts):
        return True
    nums = [t for t in texts if re.fullmatch(r"\d{1,2}", t)]
    return len(nums) == len(texts) and [int(t) for t in nums] == list(range(int(nums[0]), int(nums[0]) + len(nums)))


# ----------------------------------------------------------------------------------------------------------
# A workbook's own code sheet (lists exported by other TĐKT systems carry codes whose names are in the file)


def code_sheet(sheets: list[Sheet], skip: Sheet | None = None) -> dict[str, str]:
    """{folded code: name} from every other sheet with a code column next to a name column."""
    codes: dict[str, str] = {}
    for sheet in sheets:
        if sheet is skip:
            continue
        for row in sheet.rows[:5000]:
            texts = [cell_text(c) for c in row]
            filled = [(i, t) for i, t in enumerate(texts) if t]
            for (_i, a), (_j, b) in zip(filled, filled[1:], strict=False):
                if _looks_like_code(a) and len(b) > len(a) and not _looks_like_code(b):
                    codes.setdefault(key(a), b)
                    break
                if _looks_like_code(b) and len(a) > len(b) and not _looks_like_code(a) and len(filled) == 2:
                    codes.setdefault(key(b), a)  # "Tên | Mã" order
                    break
    return codes


def _looks_like_code(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9_.\-]{1,20}", text)) and not re.fullmatch(r"\d{1,3}", text)


# ----------------------------------------------------------------------------------------------------------
# Values

_HONORIFICS = [
    "ba me viet nam anh hung", "me viet nam anh hung", "bmvnah", "liet si", "anh hung llvtnd", "anh hung lao dong",
    "ong ba", "ba me", "dong chi", "d c", "ong", "ba", "anh", "chi", "cu", "thay giao", "co giao", "thay", "co", "me",
    "dai tuong", "thuong tuong", "trung tuong", "thieu tuong", "dai ta", "thuong ta", "trung ta", "thieu ta",
    "dai uy", "thuong uy", "trung uy", "thieu uy", "chuan uy", "thuong si", "trung si", "ha si", "binh nhat",
    "binh nhi", "hoa thuong", "thuong toa", "dai duc", "ni su", "linh muc", "muc su",
    "gs ts", "pgs ts", "gs", "pgs", "ts", "ths", "bs", "bsck i", "bsck ii", "bscki", "bsckii", "ds", "ks", "cn",
    "nga", "ngnd", "ngut", "nsnd", "nsut", "ttnd", "ttut", "nha giao", "bac si", "tien si", "thac si", "ky su",
]
_HONORIFIC_WORDS = sorted((h.split() for h in _HONORIFICS), key=len, reverse=True)
_HONORIFIC_FIRST = {words[0] for words in _HONORIFIC_WORDS}
_NAME_SPLIT = re.compile(r"[\s.:,/]+")


@lru_cache(maxsize=65536)  # a list's names repeat their words
def _token_parts(token: str) -> tuple[str, ...]:
    """The folded pieces of one written token ('Đ/c' → ('d', 'c'), 'PGS.TS' → ('pgs', 'ts'))."""
    return tuple(p for p in _NAME_SPLIT.split(key(token).replace(" ", ".")) if p)


def split_title(raw: str, clean: bool = False) -> tuple[str, str]:
    """('Đại tá', 'Nguyễn Văn An') from 'Đại tá Nguyễn Văn An'; honorifics and ranks go to the title, repeated ones
    too ('Đồng chí Đại tá …'). At least two words always stay in the name. `clean`: `raw` is already `cell_text`'s
    own output (NFC, single spaces)."""
    text = raw if clean else cell_text(raw)
    tokens = text.split()  # (cell_text leaves single spaces)
    first = next((parts[0] for t in tokens if (parts := _token_parts(t))), None)
    if first not in _HONORIFIC_FIRST:  # most names: no honorific can start them
        return "", text.strip(" :,-")
    title_tokens: list[str] = []
    while True:
        # "Đ/c", "PGS.TS" are one token: split on punctuation for the comparison
        parts = []
        owner = []
        for i, t in enumerate(tokens):
            for p in _token_parts(t):
                parts.append(p)
                owner.append(i)
        if not parts or parts[0] not in _HONORIFIC_FIRST:
            break  # (most names: no honorific can start here)
        matched = None
        for words in _HONORIFIC_WORDS:
            n = len(words)
            if parts[:n] == words:
                last_token = owner[n - 1]
                # the honorific must end at a token boundary
                if n < len(parts) and owner[n] == last_token:
                    continue
                matched = last_token + 1
                break
        if matched is None or len(tokens) - matched < 2:
            break
        title_tokens.extend(tokens[:matched])
        tokens = tokens[matched:]
    title = " ".join(title_tokens).rstrip(":,")
    name = " ".join(tokens).strip(" :,-")
    return title, name


def normalise_name(raw: str, clean: bool = False) -> str:
    """NFC, single spaces, no stray punctuation around; capitalisation as written. `clean`: as for `split_title`."""
    return (raw if clean else cell_text(raw)).strip(" :,;-.")


_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_YEAR_ONLY = re.compile(r"^\s*((?:19|20)\d{2})\s*$")


@dataclass(frozen=True)
class Birth:
    """A birth date as a list gives it: a full date, or a year only."""

    date: dt.date | None = None
    year: int | None = None


def parse_date(value) -> dt.date | None:
    """A real date, an Excel serial number, dd/mm/yyyy (also with . or -) or yyyy-mm-dd text; None when empty.
    Raises ValueError for what is not a possible date (31/02/1980)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 200000:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(value)
    text = cell_text(value).lstrip("'")
    m = _DMY.match(text)
    if m:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = _ISO.match(text)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    raise ValueError(text)


def parse_birth(value) -> Birth:
    """A birth cell: a date, or only a year ('1975', 1975). Raises ValueError for an impossible date."""
    if value is None or value == "":
        return Birth()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return Birth(year=int(value))
    text = cell_text(value).lstrip("'")
    m = _YEAR_ONLY.match(text)
    if m:
        return Birth(year=int(m.group(1)))
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 3653:
        raise ValueError(value)  # a day or month alone, not an Excel date of birth (serial 3653 = 1910)
    date = parse_date(value)
    return Birth(date=date, year=date.year if date else None)


@dataclass(frozen=True)
class CitizenId:
    number: str  # digits only
    kind: str  # "cccd" (12 digits), "cmnd" (9 digits) or "" when not a valid number

    @property
    def valid(self) -> bool:
        return bool(self.kind)


def citizen_id(value) -> CitizenId:
    """A citizen id as typed: '\\'001085012345' (apostrophe to keep the zero), 1085012345.0 (a number that lost its
    zero), '001 085 012 345'. 12 digits = CCCD, 9 digits = CMND (old identity card)."""
    if value is None or value == "":
        return CitizenId("", "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = str(int(value))
        if len(digits) in (10, 11):
            digits = digits.zfill(12)  # every CCCD starts with a 0xx province code: typed as a number, zeros go
        elif len(digits) == 8:
            digits = digits.zfill(9)
    else:
        text = cell_text(value).lstrip("'’`")
        digits = re.sub(r"[\s.\-]", "", text)
        if not (digits.isascii() and digits.isdigit()):  # "０１２…" or Arabic-Indic digits are not an id
            return CitizenId(digits, "")
    if len(digits) == 12:
        return CitizenId(digits, "cccd")
    if len(digits) == 9:
        return CitizenId(digits, "cmnd")
    return CitizenId(digits, "")


def number_of(value) -> int | None:
    """The TT of a row: 1, '1', '1.', '01' → 1; anything else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() and value > 0 else None
    m = re.fullmatch(r"\s*(\d{1,5})\s*\.?\s*", cell_text(value))
    return int(m.group(1)) if m else None
