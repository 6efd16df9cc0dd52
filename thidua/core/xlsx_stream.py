"""Rows of the first sheet of an .xlsx/.xlsm file, read as a stream: constant memory whatever the sheet's size.

python-calamine (0.9) builds the whole sheet in native memory before giving its first row (≈ 0.7 KB a row of ten
columns: 700 MB for a 1,000,000-row award book); its Rust core's streaming reader is not exposed to Python. This
module decompresses the sheet's XML a megabyte at a time and cuts it into rows and cells with two regular
expressions run in C, so a row costs a few tuple look-ups in Python and memory holds one chunk of XML, the
workbook's shared strings (as one UTF-8 buffer plus offsets, not one Python object each) and nothing else.

Values are what python-calamine gives for the same cells, so both readers are interchangeable for the importers:
text as `str` (shared, inline and formula strings; entities decoded), numbers as `float`, date-formatted numbers
as `datetime.date` / `datetime.datetime` / `datetime.time`, booleans as `bool`, empty cells as "". Rows are
numbered from the sheet's first row (missing rows come as empty lists, so `enumerate(rows, 1)` gives the sheet's
row numbers); columns start at the sheet's first used column (its `<dimension>`), as calamine's do.

Safety (the zip-bomb rules of `core.uploads.check_archive`): the caller checks the archive's declared sizes and
ratios first (`check_archive(…, scan=False)`, central directory only); the real decompressed bytes of every member
read here are counted as they come, against the member's declared size and the archive budget
(THIDUA_ARCHIVE_MAX_BYTES), so the file is decompressed once — not once to check it and again to read it.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
import zlib
from array import array
from collections.abc import Iterator

_CHUNK = 1 << 20
MAX_ROW_BYTES = 32 << 20  # one row's XML; a longer one is not a spreadsheet row anyone typed

# One match per row start or cell. Attributes in any order; r, s and t captured by their own alternatives (each
# appears once in a tag, so the repeated group keeps it). Groups: row marker, row attributes, column letters, style,
# type, inner XML of a cell ("" for <c …/>).
_ATTR = rb"""(?:\s+(?:r=["']([A-Z]{1,3})[0-9]*["']|s=["']([0-9]+)["']|t=["']([A-Za-z]+)["']|[\w:.-]+=(?:"[^"]*"|'[^']*')))*"""
_TOKENS = re.compile(
    rb"<(?:[\w.-]+:)?(row)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    rb"|<(?:[\w.-]+:)?c" + _ATTR + rb"\s*(?:/>|>(.*?)</(?:[\w.-]+:)?c>)",
    re.DOTALL,
)
# The same for the cells every writer seen produces (Excel, LibreOffice, openpyxl: `<c r="B7" s="3" t="s">`), without
# the any-order attribute loop: used for a block when it finds every cell of it (counted with bytes.count).
_FAST_TOKENS = re.compile(
    rb"<(row)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    rb'|<c r="([A-Z]{1,3})[0-9]+"(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?\s*(?:/>|>(.*?)</c>)',
    re.DOTALL,
)
_ROW_R = re.compile(rb"""\sr=["']([0-9]+)["']""")
_V = re.compile(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?>([^<]*)</(?:[\w.-]+:)?v>")
_V_EMPTY = re.compile(rb"<(?:[\w.-]+:)?v\s*/>")
# text runs of a string item, phonetic runs (<rPh>) left out
_RPH = re.compile(rb"<(?:[\w.-]+:)?rPh\b.*?</(?:[\w.-]+:)?rPh>", re.DOTALL)
_T = re.compile(rb"<(?:[\w.-]+:)?t(?:\s[^>]*)?>([^<]*)</(?:[\w.-]+:)?t>")
_SI = re.compile(rb"<(?:[\w.-]+:)?si\b[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?si>)", re.DOTALL)
_SI_END = re.compile(rb"</(?:[\w.-]+:)?si>|<(?:[\w.-]+:)?si\b[^>]*/>")
_ROW_END = re.compile(rb"</(?:[\w.-]+:)?row>|<(?:[\w.-]+:)?row\b[^>]*/>")
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\sref=[\"']([A-Z]{1,3})[0-9]*")
_ESCAPE_XML = re.compile(r"_x([0-9A-Fa-f]{4})_")

# numFmtIds Excel shows as dates or times (ECMA-376 18.8.30, plus the East Asian ids calamine also takes)
_BUILTIN_DATE_FORMATS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}


class XlsxStreamError(Exception):
    """The file is not a readable .xlsx (the message is technical; callers wrap it)."""


class XlsxTooBig(XlsxStreamError):
    """A member expands beyond its declared size or the archive's budget (a zip bomb)."""


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _last_end(pattern: re.Pattern, data: bytes, start: int) -> int:
    cut = -1
    for m in pattern.finditer(data, start):
        cut = m.end()
    return cut


_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9A-Fa-f]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _entity(m: re.Match) -> str:
    name = m.group(1)
    if name[0] != "#":
        return _NAMED[name]
    try:
        return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
    except (ValueError, OverflowError):
        return m.group(0)


def _decode(raw: bytes) -> str:
    """XML text → str: the five named entities and character references (openpyxl writes every non-ASCII letter
    as one, "Nguy&#7877;n"), then Excel's "_x000D_" escapes."""
    text = raw.decode("utf-8")
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    if "_x" in text:
        text = _ESCAPE_XML.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


def _is_date_format(code: str) -> bool:
    """Whether a custom number format shows a date or time (d, m, y, h, s outside quotes, brackets and escapes)."""
    code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.', "", code.split(";", 1)[0]).lower()
    return any(ch in code for ch in "dmyhs") and "general" not in code


class _SharedStrings:
    """The workbook's shared strings in one UTF-8 buffer (not one Python object per string)."""

    def __init__(self):
        self.blob = bytearray()
        self.offsets = array("Q", [0])

    def add(self, text: str) -> None:
        self.blob += text.encode("utf-8")
        self.offsets.append(len(self.blob))

    def __getitem__(self, i: int) -> str:
        return self.blob[self.offsets[i]:self.offsets[i + 1]].decode("utf-8")

    def __len__(self) -> int:
        return len(self.offsets) - 1


class XlsxStream:
    """The first sheet of a workbook: `rows()` yields lists of cell values, one row at a time."""

    def __init__(self, fileobj, max_bytes: int):
        self.max_bytes = max_bytes
        self.read_bytes = 0
        try:
            self.archive = zipfile.ZipFile(fileobj)
            self.infos = {i.filename: i for i in self.archive.infolist()}
            workbook = self._read_small("xl/workbook.xml")
            self.date1904 = bool(re.search(rb"""date1904=["'](1|true)["']""", workbook))
            self.sheet_path = self._first_sheet(workbook)
            self.date_styles = self._date_styles()
            self.shared = self._shared_strings()
        except (zipfile.BadZipFile, OSError, EOFError, KeyError, NotImplementedError, RuntimeError,
                zlib.error, ValueError, UnicodeDecodeError) as exc:
            raise XlsxStreamError(str(exc) or exc.__class__.__name__) from exc
        self.first_col = 0
        self.height: int | None = None

    # -- members ------------------------------------------------------------------------------------------------

    def _chunks(self, name: str) -> Iterator[bytes]:
        info = self.infos[name]
        read = 0
        with self.archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                read += len(chunk)
                self.read_bytes += len(chunk)
                if read > info.file_size or self.read_bytes > self.max_bytes:
                    raise XlsxTooBig(name)
                yield chunk

    def _read_small(self, name: str, limit: int = 32 << 20) -> bytes:
        if self.infos[name].file_size > limit:
            raise XlsxTooBig(name)
        return b"".join(self._chunks(name))

    def _first_sheet(self, workbook: bytes) -> str:
        sheet = re.search(rb"<(?:[\w.-]+:)?sheet\b([^>]*)>", workbook)
        if sheet is None:
            raise XlsxStreamError("no sheet")
        rid = re.search(rb"""\s(?:[\w.-]+:)?id=["']([^"']+)["']""", sheet.group(1))
        rels_name = "xl/_rels/workbook.xml.rels"
        if rid and rels_name in self.infos:
            for rel in re.finditer(rb"<(?:[\w.-]+:)?Relationship\b([^>]*)>", self._read_small(rels_name)):
                attrs = rel.group(1)
                if re.search(rb"""\sId=["']""" + re.escape(rid.group(1)) + rb"""["']""", attrs):
                    target = re.search(rb"""\sTarget=["']([^"']+)["']""", attrs).group(1).decode()
                    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                    if path in self.infos:
                        return path
        fallback = sorted(n for n in self.infos if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n))
        if not fallback:
            raise XlsxStreamError("no worksheet")
        return fallback[0]

    def _date_styles(self) -> frozenset[int]:
        if "xl/styles.xml" not in self.infos:
            return frozenset()
        styles = self._read_small("xl/styles.xml")
        dates = set(_BUILTIN_DATE_FORMATS)
        for m in re.finditer(rb"<(?:[\w.-]+:)?numFmt\b([^>]*)>", styles):
            fid = re.search(rb"""numFmtId=["']([0-9]+)["']""", m.group(1))
            code = re.search(rb"""formatCode=(?:"([^"]*)"|'([^']*)')""", m.group(1))
            if fid and code:
                n = int(fid.group(1))
                text = _decode(code.group(1) or code.group(2) or b"")
                (dates.add if _is_date_format(text) else dates.discard)(n)
        xfs = re.search(rb"<(?:[\w.-]+:)?cellXfs\b.*?</(?:[\w.-]+:)?cellXfs>", styles, re.DOTALL)
        out = set()
        if xfs:
            for i, xf in enumerate(re.finditer(rb"<(?:[\w.-]+:)?xf\b([^>]*)>", xfs.group(0))):
                fid = re.search(rb"""numFmtId=["']([0-9]+)["']""", xf.group(1))
                if fid and int(fid.group(1)) in dates:
                    out.add(i)
        return frozenset(out)

    def _shared_strings(self) -> _SharedStrings:
        shared = _SharedStrings()
        name = next((n for n in ("xl/sharedStrings.xml", "xl/sharedstrings.xml") if n in self.infos), None)
        if name is None:
            return shared
        for block in self._blocks(name, _SI_END):
            for m in _SI.finditer(block):
                inner = m.group(1) or b""
                if b"rPh" in inner:
                    inner = _RPH.sub(b"", inner)
                shared.add("".join(_decode(t) for t in _T.findall(inner)))
        return shared

    def _blocks(self, name: str, end: re.Pattern) -> Iterator[bytes]:
        """The member's XML in pieces that end after a complete element matched by `end` (a row, a string item)."""
        pending = b""
        for chunk in self._chunks(name):
            data = pending + chunk if pending else chunk
            tail = max(0, len(data) - (256 << 10))  # elements are far shorter than that: look in the tail first
            cut = _last_end(end, data, tail)
            if cut < 0 and tail:
                cut = _last_end(end, data, 0)
            if cut < 0:
                if len(data) > MAX_ROW_BYTES:
                    raise XlsxTooBig(name)
                pending = data
                continue
            yield data[:cut]
            pending = data[cut:]
        if pending:
            yield pending

    # -- rows ---------------------------------------------------------------------------------------------------

    def _number(self, raw: bytes, style: bytes):
        value = float(raw)
        if style and int(style) in self.date_styles:
            return self._date(value)
        return value

    def _date(self, serial: float):
        if self.date1904:
            base = dt.datetime(1904, 1, 1)
        else:  # the 1900 system counts a 29/02/1900 that never was
            base = dt.datetime(1899, 12, 31) if serial < 60 else dt.datetime(1899, 12, 30)
        if serial < 1 and not self.date1904:
            seconds = round(serial * 86400)
            return dt.time(seconds // 3600 % 24, seconds // 60 % 60, seconds % 60)
        try:
            moment = base + dt.timedelta(milliseconds=round(serial * 86_400_000))
        except OverflowError:
            return serial
        if moment.hour == moment.minute == moment.second == moment.microsecond == 0:
            return moment.date()
        return moment.replace(microsecond=0) if moment.microsecond < 1000 else moment

    def _value(self, kind: bytes, style: bytes, inner: bytes | None):
        if not inner:
            return ""
        if kind == b"inlineStr":
            if b"rPh" in inner:
                inner = _RPH.sub(b"", inner)
            return "".join(_decode(t) for t in _T.findall(inner))
        if inner.startswith(b"<v>") and inner.endswith(b"</v>") and b"<" not in inner[3:-4]:
            raw = inner[3:-4]
        else:
            m = _V.search(inner)
            if m is None:
                return ""
            raw = m.group(1)
        if kind == b"s":
            return self.shared[int(raw)]
        if not raw:
            return ""
        if kind == b"" or kind == b"n":
            return self._number(raw, style)
        if kind == b"str" or kind == b"e":
            return _decode(raw)
        if kind == b"b":
            return raw.strip() in (b"1", b"true")
        if kind == b"d":
            text = _decode(raw)
            try:
                moment = dt.datetime.fromisoformat(text)
            except ValueError:
                return text
            return moment.date() if "T" not in text else moment
        return _decode(raw)

    def rows(self) -> Iterator[list]:
        shared = self.shared
        date_styles = self.date_styles
        first_col = None
        row_number = 0  # the last row given
        cells: list | None = None
        value = self._value
        texts: dict[bytes, str] = {}  # inline strings: a book repeats its units, award names, dates and names
        columns: dict[bytes, int] = {}  # "AB" → its index
        try:
            for block in self._blocks(self.sheet_path, _ROW_END):
                if first_col is None:
                    dim = _DIMENSION.search(block)
                    first_col = _column_index(dim.group(1)) if dim else 0
                    self.first_col = first_col
                tokens = _FAST_TOKENS.findall(block)
                expected = block.count(b"<c ") + block.count(b"<c>") + block.count(b"<row ") + block.count(b"<row>")
                if not expected or len(tokens) != expected:
                    tokens = _TOKENS.findall(block)
                for is_row, row_attrs, letters, style, kind, inner in tokens:
                    if is_row:
                        if cells is not None:
                            yield cells
                        if row_attrs.endswith(b"/"):  # <row r="7"/>: no cells
                            cells = None
                            continue
                        m = _ROW_R.search(row_attrs)
                        number = int(m.group(1)) if m else row_number + 1
                        while row_number < number - 1:
                            row_number += 1
                            yield []
                        row_number = number
                        cells = []
                        continue
                    if cells is None:
                        continue
                    if letters:
                        col = columns.get(letters)
                        if col is None:
                            col = columns[letters] = _column_index(letters) - first_col
                        if col != len(cells):  # a gap (empty cells left out), or a cell out of place
                            if col < 0:
                                continue
                            if col > len(cells):
                                cells.extend([""] * (col - len(cells)))
                    else:
                        col = len(cells)
                    # the common cells first: a shared string, an inline string, a plain number
                    if kind == b"s" and inner.startswith(b"<v>"):
                        v = shared[int(inner[3:-4])]
                    elif kind == b"inlineStr":
                        v = texts.get(inner)
                        if v is None:
                            if len(texts) >= 100_000:
                                texts.clear()
                            v = texts[inner] = value(kind, style, inner)
                    elif ((not kind or kind == b"n") and inner.startswith(b"<v>") and inner.endswith(b"</v>")
                          and (not style or int(style) not in date_styles)):
                        v = float(inner[3:-4]) if len(inner) > 7 else ""
                    else:
                        v = value(kind, style, inner)
                    if col == len(cells):
                        cells.append(v)
                    else:
                        cells[col] = v
            if cells is not None:
                yield cells
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, UnicodeDecodeError, IndexError) as exc:
            raise XlsxStreamError(str(exc) or exc.__class__.__name__) from exc
        except ValueError as exc:
            raise XlsxStreamError(str(exc)) from exc

    def estimated_height(self) -> int | None:
        """The sheet's last row as its <dimension> says or, when it has none (openpyxl's write-only books), the
        rows of its first megabyte scaled to the sheet's size: for the progress bar, not a count. Reads the
        sheet's first megabyte."""
        budget = self.read_bytes
        chunks = self._chunks(self.sheet_path)
        try:
            head = next(chunks, b"")
        finally:
            chunks.close()
            self.read_bytes = budget
        m = re.search(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\sref=[\"'][A-Z]{1,3}([0-9]+)(?::[A-Z]{1,3}([0-9]+))?", head)
        if m:
            return int(m.group(2) or m.group(1))
        rows = len(_ROW_END.findall(head))
        if not rows or not head:
            return None
        return max(rows, round(rows * self.infos[self.sheet_path].file_size / len(head)))


def is_xlsx(fileobj) -> bool:
    """A zip with a workbook part (.xlsx, .xlsm); .xls (OLE) and .ods are not."""
    fileobj.seek(0)
    head = fileobj.read(4)
    fileobj.seek(0)
    if head != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(fileobj) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        fileobj.seek(0)
