"""Import of legacy award books (sổ khen thưởng) kept by provinces as spreadsheets.

Three steps, each callable from a page or the `import_awards` command:
1. `stage(batch)`: read the rows, check each one (each distinct cell value is read once per batch: a book repeats
   its units, award names, dates and people), match people by name + birth date + unit a chunk at a time, and
   write staged `ImportRow`s in chunks (COPY / executemany), updating the batch's progress as it goes. Nothing
   touches award history.
2. Review: rows that match people in other units, or several people, wait for a person to be chosen
   (`resolve(row, person_id | None)`).
3. `commit(batch)`: one transaction; creates the new people, then the awards, set-wise (INSERT … SELECT from the
   staged rows). A file with any row error is never committed: all or nothing, with a row-level error report
   (`error_report`).

Reading: .xlsx/.xlsm streamed a megabyte at a time (`core.xlsx_stream`: constant memory, the file decompressed
once — the zip-bomb limits are enforced while it is read); .xls/.ods through python-calamine.
"""

import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.models import Award, AwardType, CommendationType, ImportBatch, ImportRow
from thidua.awards.recognise import LEVEL_UNIT, AwardRecogniser
from thidua.core import tabular, xlsx_stream
from thidua.core.audit import record
from thidua.core.bulk import TableWriter, reserve_ids
from thidua.core.text import clean_text, fold, person_sort_key, sort_key
from thidua.core.uploads import check_archive
from thidua.orgs.matching import UnitMatcher
from thidua.orgs.models import Person, Unit

CHUNK = 5000  # rows checked, matched and written together; the progress is committed after each chunk
HEADER_SCAN_ROWS = tabular.HEADER_SCAN_ROWS

# Fields of the shared reading layer (core/tabular.py) → fields of an award-book row.
FIELD_OF = {
    "name": "full_name", "birth_date": "birth_date", "birth_male": "birth_date", "birth_female": "birth_date",
    "citizen_id": "citizen_id", "unit": "unit", "position_unit": "position_unit", "award": "award", "year": "year",
    "decision_number": "decision_number", "decision_date": "decision_date", "commendation_type": "commendation_type",
    "classification": "classification",
}
REQUIRED = ["full_name", "award"]
HEADER_LABELS = {
    "position_unit": "Đơn vị", "classification": "Phân loại",
    "full_name": "Họ và tên", "birth_date": "Ngày sinh", "citizen_id": "Số CCCD", "unit": "Đơn vị",
    "award": "Danh hiệu/Hình thức", "year": "Năm", "decision_number": "Số quyết định",
    "decision_date": "Ngày quyết định", "commendation_type": "Loại hình khen thưởng",
}
TEMPLATE_HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Đơn vị", "Danh hiệu/Hình thức", "Năm", "Số quyết định",
                    "Ngày quyết định", "Số CCCD", "Loại hình khen thưởng"]

COMMENDATION_ALIASES = {
    "cong trang": CommendationType.CONG_TRANG, "thuong xuyen": CommendationType.CONG_TRANG,
    "dot xuat": CommendationType.DOT_XUAT, "chuyen de": CommendationType.CHUYEN_DE,
    "phong trao": CommendationType.PHONG_TRAO, "cong hien": CommendationType.CONG_HIEN,
    "qua trinh cong hien": CommendationType.CONG_HIEN, "doi ngoai": CommendationType.DOI_NGOAI,
    "nien han": CommendationType.NIEN_HAN,
}

key = tabular.key


class ImportFileError(Exception):
    """The file as a whole cannot be read (not a spreadsheet, no header row)."""


# ----------------------------------------------------------------------------------------------------------
# Reading


def open_sheet(fileobj):
    """The first sheet of an .xlsx/.xlsm/.xls/.ods file, read by python-calamine (whatever the size: it reads
    ≈ 10× faster than openpyxl's streaming parser; its sheet lives in native memory, ≈ 0.6 KB per row of ten
    columns)."""
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(fileobj).get_sheet_by_index(0)
    except Exception as exc:  # corrupt zip, not a spreadsheet, …
        raise ImportFileError(_("Không đọc được tệp bảng tính: %(err)s") % {"err": exc})


def sheet_rows(sheet) -> Iterator[list]:
    """Rows of a sheet as lists of cell values (Python objects made one row at a time)."""
    return iter(sheet.iter_rows())


def _refused(name: str) -> ImportFileError:
    from thidua.core.uploads import _too_big

    return ImportFileError(" ".join(_too_big(name).messages))


def _streamed(stream: xlsx_stream.XlsxStream, name: str) -> Iterator[list]:
    try:
        yield from stream.rows()
    except xlsx_stream.XlsxTooBig:
        raise _refused(name)
    except xlsx_stream.XlsxStreamError as exc:
        raise ImportFileError(_("Không đọc được tệp bảng tính: %(err)s") % {"err": exc})


def open_rows(fh, name: str = "") -> tuple[Iterator[list], int]:
    """(rows of the file's first sheet, the number of data rows to expect — for the progress bar, an estimate).

    .xlsx/.xlsm: streamed (`core.xlsx_stream`), constant memory whatever the book's size; the archive's central
    directory is checked first and the real decompressed bytes are counted while the sheet is read — one pass over
    the file. .xls/.ods: python-calamine, after the full zip-bomb and sheet-area check (`check_archive`)."""
    streaming = xlsx_stream.is_xlsx(fh)
    try:  # zip bombs and huge sheet areas are refused before any reader opens the file
        check_archive(fh, name, scan=not streaming)
    except ValidationError as exc:
        raise ImportFileError(" ".join(exc.messages))
    fh.seek(0)
    if not streaming:
        sheet = open_sheet(fh)
        return sheet_rows(sheet), max(sheet.height - 1, 0)  # (the header row; title rows make it an upper bound)
    from thidua.core.uploads import _limits

    try:
        stream = xlsx_stream.XlsxStream(fh, max_bytes=_limits()[0])
        height = stream.estimated_height()
    except xlsx_stream.XlsxTooBig:
        raise _refused(name)
    except xlsx_stream.XlsxStreamError as exc:
        raise ImportFileError(_("Không đọc được tệp bảng tính: %(err)s") % {"err": exc})
    return _streamed(stream, name), max((height or 0) - 1, 0)


def iter_sheet_rows(fileobj, name: str = "", size: int = 0) -> Iterator[list]:
    """Rows of the first sheet of a file."""
    return open_rows(fileobj, name)[0]


def map_header(rows: list) -> tuple[int, dict[str, int]] | None:
    """(index of the first data row, {field: column index}) when the header is among `rows` (the first rows of the
    sheet, below any title rows, possibly over two merged rows), else None."""
    header = tabular.find_header(rows, required=("name", "award"))
    if header is None:
        return None
    found: dict[str, int] = {}
    for fld, idx in header.columns.items():
        mine = FIELD_OF.get(fld)
        if mine and mine not in found:
            found[mine] = idx
    return header.data_start, found


# ----------------------------------------------------------------------------------------------------------
# Parsing cell values

_DATE_RE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_YEAR_RE = re.compile(r"(19|20)\d{2}")


def parse_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern, order in ((_DATE_RE, (3, 2, 1)), (_ISO_RE, (1, 2, 3))):
        m = pattern.match(text)
        if m:
            y, mo, d = (int(m.group(i)) for i in order)
            return dt.date(y, mo, d)  # ValueError for 31/02 → caller reports
    raise ValueError(text)


def parse_year(value) -> int:
    """'2024', 2024.0, 'Năm học 2023-2024' (counts in 2024), a date (its year)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    years = [int(m.group(0)) for m in _YEAR_RE.finditer(str(value or ""))]
    if not years:
        raise ValueError(value)
    return max(years)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(clean_text(str(value)).split())


# ----------------------------------------------------------------------------------------------------------
# Per-row work: cached, because an award book repeats its units, award names, dates and people's names


class _Memo(dict):
    """A bounded cache of a pure function of one argument (cleared when full, so memory stays flat)."""

    def __init__(self, fn, limit: int = 50_000):
        super().__init__()
        self.fn, self.limit = fn, limit

    def __missing__(self, arg):
        if len(self) >= self.limit:
            self.clear()
        value = self[arg] = self.fn(arg)
        return value


def _person_name(text: str) -> str:
    """`text`: a cell as `_text` gives it (clean, single spaces: what `tabular.cell_text` would make of it)."""
    _title, name = tabular.split_title(text, clean=True)  # "Ông", "Đại tá"… are not the name
    return tabular.normalise_name(name, clean=True)[:255]


# ----------------------------------------------------------------------------------------------------------
# Lookups (small tables, loaded once per batch)


class Lookups:
    def __init__(self, batch: ImportBatch):
        # A legacy book holds every award ever given, historical ones included; a bare "Giấy khen" is the unit's.
        self.awards = AwardRecogniser(AwardType.objects.all(), LEVEL_UNIT)
        self.batch_unit = batch.unit
        self.batch_year = batch.year
        from thidua.core.scoping import is_province_wide

        if is_province_wide(batch.created_by):
            units = Unit.objects.all()
        else:
            scope = Unit.objects.filter(path__startswith=batch.unit.path)
            units = Unit.objects.filter(Q(pk__in=scope.values("pk")) | Q(pk__in=_predecessors_of(scope)))
        self.units = UnitMatcher(units)
        self.lineage: dict[int, set[int]] = {}
        # A book repeats its units, award names and people (several awards each): each distinct text is read once.
        self.fold = _Memo(fold)
        self.name = _Memo(_person_name)
        self.award = _Memo(self.awards.recognise)
        self.unit = _Memo(self._unit)

    def _unit(self, text: str):
        unit_key = self.units.key_of(text)
        return unit_key, (self.units.find(text, follow=False) if unit_key else None)

    def unit_family(self, unit: Unit) -> set[int]:
        if unit.pk not in self.lineage:
            self.lineage[unit.pk] = unit.predecessor_ids()
        return self.lineage[unit.pk]


def _predecessors_of(units_qs) -> set[int]:
    from thidua.orgs.models import UnitLineage

    ids: set[int] = set()
    for unit_id in units_qs.filter(lineage_in__isnull=False).values_list("pk", flat=True).distinct():
        ids |= UnitLineage.lineage_ids(unit_id)
    return ids


# ----------------------------------------------------------------------------------------------------------
# Stage 1


class _Row:
    """A staged row while its chunk is checked and matched (a plain object: one per row of the book, so no model
    instance). Written to `ImportRow` as a tuple of STAGED_COLUMNS."""

    __slots__ = ("row_number", "status", "full_name", "name_key", "citizen_id", "birth_date", "unit_name",
                 "award_name", "year", "decision_number", "decision_date", "commendation_type", "unit", "award_type",
                 "person_id", "candidate_ids", "errors", "search_text", "sort_key")

    def __init__(self):
        self.person_id = None
        self.candidate_ids = []
        self.errors = []
        self.commendation_type = CommendationType.CONG_TRANG


_NUMBERISH = re.compile(r"\(?\d{1,2}\)?")


class _Checker:
    """Checks rows of one book. Each cell's reading (name, unit, award, dates, year…) depends on the cell alone, so
    it is computed once per distinct value of the column (`_Memo`) — a book repeats its units, award names,
    years, decision numbers and people — and a row costs a handful of dictionary look-ups."""

    def __init__(self, header: dict[str, int], lookups: Lookups):
        self.lookups = lookups
        self.header = header
        self.index = {f: header.get(f, -1) for f in (*HEADER_LABELS, "full_name")}
        self.columns = tuple(self.index[f] for f in (
            "full_name", "unit", "position_unit", "decision_number", "citizen_id", "birth_date", "decision_date",
            "year", "commendation_type", "classification"))
        self.width = max(header.values()) + 1
        self.today = dt.date.today()
        self.max_year = self.today.year + 1
        self.names = _Memo(self._name)
        self.awards = _Memo(self._award)
        self.units = _Memo(self._unit)
        self.births = _Memo(self._birth)
        self.dates = _Memo(self._decision_date)
        self.years = _Memo(self._year)
        self.numbers = _Memo(self._number)
        self.ctypes = _Memo(self._ctype)
        self.kinds = _Memo(lambda raw: key(raw).replace(" ", "") in ("tapthe", "tt"))
        self.unit_texts = _Memo(lambda unit: (fold(unit.name), sort_key(unit.name)[:1200]))

    # One column's value → (reading, error message or None)

    def _name(self, raw):
        full_name = self.lookups.name[_text(raw)]
        return full_name, fold(full_name), person_sort_key(full_name)[:1200]

    def _award(self, raw):
        name = _text(raw)[:255]
        # a '1 2 3…' row under the header can only be one where the award cell is empty or a small number
        numberish = not name or bool(_NUMBERISH.fullmatch(tabular.cell_text(raw)))
        if not name:
            return name, None, _("Thiếu danh hiệu/hình thức khen thưởng."), numberish
        award_type = self.lookups.award[name]
        if award_type is None:
            return name, None, _("Không có “%(value)s” trong danh mục danh hiệu, hình thức khen thưởng.") % {
                "value": name}, numberish
        return name, award_type, None, numberish

    def _unit(self, raws):
        raw_unit, raw_position = raws
        unit_name = (_text(raw_unit) or _text(raw_position))[:255]
        lookups = self.lookups
        if not unit_name:
            return unit_name, lookups.batch_unit, None  # a unit's own book often has no unit column
        unit_key, unit = lookups.unit[unit_name]
        if unit is None and raw_position not in (None, "") and not raw_unit:
            unit = lookups.units.find_in(unit_name)
        if unit is None:
            return unit_name, None, _("Không tìm thấy đơn vị “%(value)s” trong phạm vi đơn vị nhập.") % {
                "value": unit_name}
        if unit_key in lookups.units.ambiguous:
            return unit_name, unit, _("Tên đơn vị “%(value)s” trùng nhiều đơn vị; hãy ghi mã đơn vị.") % {
                "value": unit_name}
        return unit_name, unit, None

    def _birth(self, raw):
        try:
            return tabular.parse_birth(raw).date, None  # a year alone: matched by name + unit
        except (ValueError, TypeError, OverflowError):
            return None, _("Ngày “%(value)s” không đúng dạng ngày/tháng/năm.") % {"value": _text(raw)}

    def _decision_date(self, raw):
        try:
            return parse_date(raw), None
        except (ValueError, TypeError):
            return None, _("Ngày “%(value)s” không đúng dạng ngày/tháng/năm.") % {"value": _text(raw)}

    def _year(self, raw):
        try:
            year = parse_year(raw)
            if not 1945 <= year <= self.max_year:
                raise ValueError
            return year, None
        except (ValueError, TypeError):
            return None, _("Năm “%(value)s” không hợp lệ.") % {"value": _text(raw)}

    def _number(self, raw):
        text = _text(raw)[:100]
        return text, fold(text)

    def _ctype(self, raw):
        raw_type = key(raw)
        if not raw_type:
            return CommendationType.CONG_TRANG, None
        ctype = COMMENDATION_ALIASES.get(raw_type) or next(
            (v for k, v in COMMENDATION_ALIASES.items() if k in raw_type), None)
        if ctype is None:
            return CommendationType.CONG_TRANG, _("Loại hình khen thưởng “%(value)s” không hợp lệ.") % {
                "value": _text(raw)}
        return ctype, None

    def row(self, cells, number: int) -> _Row | None:
        """The staged row of `cells`, or None for lines that are not records (blank, section headings, the
        column-number row)."""
        if len(cells) < self.width:
            cells = [*cells, *([None] * (self.width - len(cells)))]
        else:
            cells = list(cells)
        ix = self.index
        raw_award = cells[ix["award"]]
        award_name, award_type, award_error, numberish = self.awards[raw_award]
        if numberish and tabular.is_column_number_row(cells):
            return None
        if not award_name:
            values = {f: cells[i] for f, i in self.header.items()}
            if all(v is None or str(v).strip() == "" for v in values.values()):
                return None  # blank line
            if _is_section_row(values):
                return None

        cells.append(None)  # (cells[-1]: the value of a column the book does not have; the list is the row's own)
        (i_name, i_unit, i_position, i_number, i_cid, i_birth, i_date, i_year, i_type,
         i_class) = self.columns

        errors = []
        lookups = self.lookups
        row = _Row()
        row.row_number = number
        row.full_name, row.name_key, name_sort = self.names[cells[i_name]]
        row.award_name, row.award_type = award_name, award_type
        raw_unit, raw_position = cells[i_unit], cells[i_position]
        row.unit_name, row.unit, unit_error = self.units[(raw_unit, raw_position)]
        row.decision_number, number_key = self.numbers[cells[i_number]]
        raw_cid = cells[i_cid]
        row.citizen_id = ""
        if raw_cid is not None and raw_cid != "":
            cid = tabular.citizen_id(raw_cid)
            if _text(raw_cid) and not cid.valid:
                errors.append({"column": HEADER_LABELS["citizen_id"], "message": _(
                    "Số CCCD/CMND “%(value)s” không hợp lệ: CCCD gồm 12 chữ số, CMND gồm 9 chữ số.")
                    % {"value": _text(raw_cid)}})
            row.citizen_id = cid.number if cid.valid else ""
        row.birth_date, error = self.births[cells[i_birth]]
        if error:
            errors.append({"column": HEADER_LABELS["birth_date"], "message": error})
        row.decision_date, error = self.dates[cells[i_date]]
        if error:
            errors.append({"column": HEADER_LABELS["decision_date"], "message": error})
        raw_year = cells[i_year]
        if raw_year is None or raw_year == "":
            # no year column: the year of the decision, else the year given for the whole book
            row.year = row.decision_date.year if row.decision_date else lookups.batch_year
            if row.year is None:
                errors.append({"column": HEADER_LABELS["year"], "message": _(
                    "Thiếu năm thành tích (sổ không có cột năm và dòng không có ngày quyết định: hãy ghi năm "
                    "khi tải sổ lên).")})
        else:
            row.year, error = self.years[raw_year]
            if error:
                errors.append({"column": HEADER_LABELS["year"], "message": error})
        if award_error:  # messages in the order of the checks: identity, dates, year, award, unit, type
            errors.append({"column": HEADER_LABELS["award"], "message": award_error})
        if unit_error:
            errors.append({"column": HEADER_LABELS["unit"], "message": unit_error})
        raw_type = cells[i_type]
        if raw_type is not None and raw_type != "":
            row.commendation_type, error = self.ctypes[raw_type]
            if error:
                errors.append({"column": HEADER_LABELS["commendation_type"], "message": error})

        if not (row.full_name and not self.kinds[cells[i_class]]):
            return self._collective(row, errors, number_key)
        if award_type is not None and not award_type.for_individuals:
            errors.append({"column": HEADER_LABELS["award"],
                           "message": _("“%(award)s” không tặng cho cá nhân.") % {"award": award_type.name}})
        if row.birth_date and row.birth_date > self.today:
            errors.append({"column": HEADER_LABELS["birth_date"], "message": _("Ngày sinh ở tương lai.")})
        row.status = ImportRow.Status.NEW
        row.search_text = (f"{row.name_key} {number_key}" if number_key else row.name_key)[:400]
        row.sort_key = name_sort
        return self._done(row, errors)

    def _collective(self, row: _Row, errors: list, number_key: str) -> _Row:
        award_type = row.award_type
        if not row.full_name:
            if award_type is not None and not award_type.for_collectives:
                errors.append({"column": HEADER_LABELS["full_name"], "message": _(
                    "Thiếu họ tên: “%(award)s” chỉ tặng cho cá nhân.") % {"award": award_type.name}})
        else:  # the collective named in the name column
            named = self.lookups.units.find(row.full_name, follow=False)
            if named is None:
                errors.append({"column": HEADER_LABELS["full_name"], "message": _(
                    "Không tìm thấy tập thể “%(value)s” trong phạm vi đơn vị nhập.") % {"value": row.full_name}})
            else:
                row.unit = named
            row.full_name, row.name_key = "", ""
        row.status = ImportRow.Status.COLLECTIVE
        if row.unit is not None:  # awards of a collective are found and sorted by the unit's name
            unit_key, unit_sort = self.unit_texts[row.unit]
            row.search_text = (f"{unit_key} {number_key}" if number_key else unit_key)[:400]
            row.sort_key = unit_sort
        else:
            row.search_text = row.sort_key = ""
        return self._done(row, errors)

    @staticmethod
    def _done(row: _Row, errors: list) -> _Row:
        if errors:
            row.status, row.errors = ImportRow.Status.ERROR, errors
        return row


def _match_chunk(rows: list[_Row], lookups: Lookups) -> None:
    """Match the chunk's individual rows to people, set-wise (one query for the chunk), and mark rows already
    in the award history as duplicates (one more query)."""
    people_rows = [r for r in rows if r.status == ImportRow.Status.NEW]
    if people_rows:
        names = {r.name_key for r in people_rows}
        cids = {r.citizen_id for r in people_rows if r.citizen_id}
        by_name: dict[tuple, list[dict]] = {}
        by_name_only: dict[str, list[dict]] = {}
        by_cid: dict[str, list[dict]] = {}
        for p in Person.objects.filter(Q(search_text__in=names) | Q(citizen_id__in=cids)).values(
            "id", "search_text", "birth_date", "unit_id", "citizen_id"
        ):
            by_name.setdefault((p["search_text"], p["birth_date"]), []).append(p)
            by_name_only.setdefault(p["search_text"], []).append(p)
            if p["citizen_id"]:
                by_cid.setdefault(p["citizen_id"], []).append(p)
        for r in people_rows:
            if not (r.citizen_id in by_cid or r.name_key in by_name_only):
                continue  # nobody of that name or id yet: a new person
            candidates = by_cid.get(r.citizen_id, []) if r.citizen_id else []
            family = lookups.unit_family(r.unit)
            if not candidates and r.birth_date:
                candidates = by_name.get((r.name_key, r.birth_date), [])
            elif not candidates and not r.citizen_id:
                # no birth date in the book: the same name within the unit's family (ambiguous ones are chosen)
                candidates = [p for p in by_name_only.get(r.name_key, []) if p["unit_id"] in family]
            here = [p for p in candidates if p["unit_id"] in family or p["unit_id"] == r.unit.pk]
            if len(candidates) == 1 and (here or r.citizen_id):
                r.status, r.person_id = ImportRow.Status.MATCHED, candidates[0]["id"]
            elif len(here) == 1 and not r.citizen_id:
                r.status, r.person_id = ImportRow.Status.MATCHED, here[0]["id"]
            elif candidates:
                r.status, r.candidate_ids = ImportRow.Status.AMBIGUOUS, sorted(p["id"] for p in candidates)
    matched = [r for r in rows if r.status in (ImportRow.Status.MATCHED, ImportRow.Status.COLLECTIVE)]
    if not matched:
        return
    existing = set()
    q = Q(pk__in=[])
    person_ids = {r.person_id for r in matched if r.person_id}
    unit_ids = {r.unit.pk for r in matched if not r.person_id}
    if person_ids:
        q |= Q(person_id__in=person_ids)
    if unit_ids:
        q |= Q(unit_id__in=unit_ids, recipient_kind=Award.RecipientKind.COLLECTIVE)
    for pid, uid, tid, year, _kind in Award.objects.filter(q).values_list(
        "person_id", "unit_id", "award_type_id", "year", "recipient_kind"
    ):
        existing.add((pid, None if pid else uid, tid, year))
    for r in matched:
        k = (r.person_id, None if r.person_id else r.unit.pk, r.award_type.pk, r.year)
        if k in existing:
            r.status = ImportRow.Status.DUPLICATE


def stage(batch: ImportBatch, progress=None) -> ImportBatch:
    """Read the batch's file and stage its rows. Progress is committed every CHUNK rows, so another request can
    show it (and reported to `progress(done, total)`, a job's, when given). Re-staging starts over, so a job run
    again after its worker died stages the file afresh."""
    ImportRow.objects.filter(batch=batch).delete()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.PARSING, processed_rows=0, error_count=0, ambiguous_count=0, new_person_count=0,
        message="",
    )
    counts = {"rows": 0, "errors": 0, "ambiguous": 0, "new": 0}
    try:
        with batch.file.open("rb") as fh:
            rows, counts["total"] = open_rows(fh, batch.original_name)
            ImportBatch.objects.filter(pk=batch.pk).update(total_rows=counts["total"])
            _stage_rows(batch, rows, counts, progress)
    except ImportFileError as exc:
        ImportRow.objects.filter(batch=batch).delete()  # a file found broken half-way: nothing of it stays
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.INVALID, message=str(exc))
        batch.refresh_from_db()
        return batch
    status = ImportBatch.Status.INVALID if counts["errors"] else ImportBatch.Status.REVIEW
    message = ""
    if counts["rows"] == 0:
        status, message = ImportBatch.Status.INVALID, _("Tệp không có dòng dữ liệu nào.")
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status, total_rows=counts["rows"], processed_rows=counts["rows"], error_count=counts["errors"],
        ambiguous_count=counts["ambiguous"], new_person_count=counts["new"], message=message,
    )
    batch.refresh_from_db()
    return batch


def _stage_rows(batch, rows: Iterator, counts: dict, progress=None) -> None:
    lookups = Lookups(batch)
    head: list = []
    for cells in rows:
        head.append(cells)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    found = map_header(head)
    if found is None:
        raise ImportFileError(_("Không tìm thấy dòng tiêu đề (cần các cột: %(cols)s).")
                              % {"cols": ", ".join(HEADER_LABELS[f] for f in REQUIRED)})
    data_start, header = found
    checker = _Checker(header, lookups)
    chunk: list[_Row] = []

    def all_rows():
        yield from enumerate(head, start=1)
        yield from enumerate(rows, start=len(head) + 1)

    for number, cells in all_rows():
        if number <= data_start:
            continue
        row = checker.row(cells, number)
        if row is None:
            continue
        chunk.append(row)
        if len(chunk) >= CHUNK:
            _flush(batch, chunk, lookups, counts)
            chunk = []
            if progress is not None:  # (the total is an estimate: the book's rows are counted as they are read)
                progress(counts["rows"], max(counts["total"], counts["rows"]) or None)
    if chunk:
        _flush(batch, chunk, lookups, counts)


STAGED_COLUMNS = ["batch_id", "row_number", "status", "full_name", "name_key", "citizen_id", "birth_date",
                  "unit_name", "award_name", "year", "decision_number", "decision_date", "commendation_type",
                  "unit_id", "award_type_id", "person_id", "candidate_ids", "errors", "search_text", "sort_key"]


def _is_section_row(values: dict) -> bool:
    """A heading inside the book ("I. CÁ NHÂN", "Năm 2019"): only the name (or only one) column filled, no award."""
    filled = [k for k, v in values.items() if _text(v)]
    return "award" not in filled and len(filled) <= 1


def _flush(batch, chunk: list[_Row], lookups: Lookups, counts: dict) -> None:
    _match_chunk(chunk, lookups)
    batch_id = batch.pk
    # the tuples in the database's own terms (TableWriter.insert(adapted=True)): JSON as text, and on SQLite dates as
    # ISO text (what Django's adapter gives), without a per-value adapter call
    pg = connection.vendor == "postgresql"
    dumps = json.dumps
    with transaction.atomic():
        TableWriter(ImportRow, STAGED_COLUMNS).insert(
            ((batch_id, r.row_number, r.status, r.full_name, r.name_key, r.citizen_id,
              r.birth_date if pg or r.birth_date is None else r.birth_date.isoformat(), r.unit_name,
              r.award_name, r.year, r.decision_number,
              r.decision_date if pg or r.decision_date is None else r.decision_date.isoformat(), r.commendation_type,
              r.unit.id if r.unit is not None else None, r.award_type.id if r.award_type is not None else None,
              r.person_id, dumps(r.candidate_ids) if r.candidate_ids else "[]", dumps(r.errors) if r.errors else "[]",
              r.search_text, r.sort_key) for r in chunk), adapted=True)
        counts["rows"] += len(chunk)
        for r in chunk:
            if r.status == ImportRow.Status.ERROR:
                counts["errors"] += 1
            elif r.status == ImportRow.Status.AMBIGUOUS:
                counts["ambiguous"] += 1
            elif r.status == ImportRow.Status.NEW:
                counts["new"] += 1
        ImportBatch.objects.filter(pk=batch.pk).update(processed_rows=counts["rows"], error_count=counts["errors"])


# ----------------------------------------------------------------------------------------------------------
# Stage 2: review


def resolve(row: ImportRow, person_id: int | None) -> ImportRow:
    """Choose the person for an ambiguous row (one of its candidates), or None to create a new person."""
    if row.status not in (ImportRow.Status.AMBIGUOUS, ImportRow.Status.MATCHED, ImportRow.Status.NEW):
        raise ValueError("row not reviewable")
    if person_id is not None and person_id not in (row.candidate_ids or []):
        raise ValueError("not a candidate")
    row.person_id = person_id
    row.status = ImportRow.Status.MATCHED if person_id else ImportRow.Status.NEW
    row.save(update_fields=["person", "status"])
    return row


def refresh_counts(batch: ImportBatch) -> ImportBatch:
    rows = ImportRow.objects.filter(batch=batch)
    batch.ambiguous_count = rows.filter(status=ImportRow.Status.AMBIGUOUS).count()
    batch.new_person_count = rows.filter(status=ImportRow.Status.NEW).count()
    ImportBatch.objects.filter(pk=batch.pk).update(
        ambiguous_count=batch.ambiguous_count, new_person_count=batch.new_person_count
    )
    return batch


# ----------------------------------------------------------------------------------------------------------
# Stage 3: commit


class CommitRefused(Exception):
    pass


def start_commit(batch: ImportBatch) -> bool:
    """Claim a reviewed batch for a background commit (REVIEW → COMMITTING); False if someone else did."""
    return bool(ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.REVIEW).update(
        status=ImportBatch.Status.COMMITTING, message=""))


def commit_or_reopen(batch: ImportBatch, user=None) -> int | None:
    """Background commit: on refusal or failure the batch goes back to review with the reason (nothing written)."""
    try:
        return commit(batch, user=user)
    except Exception as exc:  # the transaction rolled back; tell the user why
        message = str(exc) if isinstance(exc, CommitRefused) else _("Lỗi khi nhập: %(err)s") % {"err": exc}
        ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.COMMITTING).update(
            status=ImportBatch.Status.REVIEW, message=message)
        return None


def commit(batch: ImportBatch, user=None) -> int:
    """Write the staged rows to award history, all at once. Returns the number of awards created.

    Set-wise: the new people and every award are inserted by a few INSERT … SELECT statements over the staged rows
    (no row passes through Python), in one transaction. On SQLite the per-row triggers of the per-person summary
    and of the award statistics are replaced, inside that transaction, by one set-wise refresh of the people and
    cells the batch touched (`_set_wise_summaries`); PostgreSQL's statement-level triggers already are set-wise."""
    from django.db import connection

    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status not in (ImportBatch.Status.REVIEW, ImportBatch.Status.COMMITTING):
            raise CommitRefused(_("Chỉ nhập được tệp đã kiểm tra, không có lỗi và chưa nhập."))
        rows = ImportRow.objects.filter(batch=locked)
        if rows.filter(status=ImportRow.Status.ERROR).exists():
            raise CommitRefused(_("Tệp còn dòng lỗi; sửa tệp và tải lên lại."))
        if rows.filter(status=ImportRow.Status.AMBIGUOUS).exists():
            raise CommitRefused(_("Còn dòng chưa xác định cá nhân; hãy chọn cá nhân ở màn hình xác nhận."))
        user_id = user.pk if user is not None and user.pk else None
        with _set_wise_summaries(connection, locked.pk):
            new_people, created = _create_people_and_awards(connection, locked.pk, user_id)
            created += _create_awards(connection, locked.pk, user_id)
        ImportBatch.objects.filter(pk=locked.pk).update(
            status=ImportBatch.Status.COMMITTED, committed_count=created, committed_at=timezone.now(),
            new_person_count=new_people,
        )
        record(locked, "import", user=user, changes={"awards": [0, created], "people": [0, new_people]},
               note=_("Nhập sổ khen thưởng “%(name)s”: %(awards)s khen thưởng, %(people)s cá nhân mới.")
               % {"name": locked.original_name, "awards": created, "people": new_people})
    batch.refresh_from_db()
    return created


PERSON_COLUMNS = ["full_name", "gender", "birth_date", "citizen_id", "unit_id", "search_text", "sort_key"]
AWARD_COLUMNS = ["award_type_id", "person_id", "unit_id", "recipient_kind", "year", "commendation_type",
                 "decision_number", "decision_date", "source", "import_batch_id", "created_by_id", "search_text",
                 "sort_key"]
STAGED = "awards_importrow"

# The award columns taken from a staged row `r` (person and recipient kind given by the caller).
_AWARD_FROM_ROW = ("r.award_type_id", "{person}", "r.unit_id", "{kind}", "r.year", "r.commendation_type",
                   "r.decision_number", "r.decision_date", "%s", "r.batch_id", "%s", "r.search_text",
                   "SUBSTR(r.sort_key, 1, 1200)")


def _award_select(person: str, kind: str) -> list[str]:
    return [c.format(person=person, kind=kind) for c in _AWARD_FROM_ROW]


def _new_people_source() -> str:
    """The first staged row (by row number) of each new person: one per (unit, folded name, birth date, citizen id)
    among the NEW rows, the key on which the awards find their person again."""
    return f"""SELECT unit_id, name_key, birth_date, citizen_id, full_name, sort_key FROM (
        SELECT unit_id, name_key, birth_date, citizen_id, full_name, sort_key,
               ROW_NUMBER() OVER (PARTITION BY unit_id, name_key, birth_date, citizen_id ORDER BY row_number) AS k
          FROM {STAGED} WHERE batch_id = %s AND status = %s) x WHERE k = 1"""


# Vietnamese middle name “Thị” marks a woman; otherwise unknown is recorded as male for staff to correct.
_PERSON_SELECT = ["SUBSTR(full_name, 1, 150)", "CASE WHEN name_key LIKE %s THEN %s ELSE %s END", "birth_date",
                  "citizen_id", "unit_id", "name_key", "SUBSTR(sort_key, 1, 600)"]


def _person_params() -> list:
    return ["% thi %", Person.Gender.FEMALE, Person.Gender.MALE]


def _create_people_and_awards(connection, batch_id: int, user_id) -> tuple[int, int]:
    """New people (one per key of the NEW rows) and their awards: two statements, whatever the book's size."""
    people = TableWriter(Person, PERSON_COLUMNS, connection=connection)
    awards = TableWriter(Award, AWARD_COLUMNS, connection=connection)
    new = ImportRow.Status.NEW
    award_params = [Award.Source.IMPORT, user_id]
    with connection.cursor() as cur:
        # (no counting pass first: the statements below say how many people and awards they inserted)
        if connection.vendor == "postgresql":
            # The inserted people come back from RETURNING with their key: the awards join them in the same
            # statement (safe with other transactions creating people meanwhile).
            person_sql, person_params = people.insert_select_sql(
                _PERSON_SELECT, f"FROM ({_new_people_source()}) n")
            award_sql, award_extra = awards.insert_select_sql(
                _award_select("p.id", "'individual'"),
                f"""FROM {STAGED} r JOIN ins p ON p.unit_id = r.unit_id AND p.search_text = r.name_key
                      AND p.citizen_id = r.citizen_id
                      AND COALESCE(p.birth_date, DATE '0001-01-01') = COALESCE(r.birth_date, DATE '0001-01-01')
                    WHERE r.batch_id = %s AND r.status = %s""")
            # The planner cannot count what the CTE returns (it guesses a few rows) and would match every staged
            # row against every new person in a nested loop: a hash join, for this statement only.
            cur.execute("SET LOCAL enable_nestloop = off")
            cur.execute(f"WITH ins AS ({person_sql} RETURNING id, unit_id, search_text, birth_date, citizen_id), "
                        f"aw AS ({award_sql} RETURNING 1) "
                        f"SELECT (SELECT COUNT(*) FROM ins), (SELECT COUNT(*) FROM aw)",
                        [*_person_params(), *person_params, batch_id, new,
                         *award_params, *award_extra, batch_id, new])
            n_people, created = cur.fetchone()
            cur.execute("SET LOCAL enable_nestloop = on")
            return n_people, created
        # SQLite: this transaction holds the database's only write lock, so the people with ids above the
        # largest one before the insert are exactly the ones it created.
        top = reserve_ids(Person, 1, connection=connection)[0] - 1
        person_sql, person_params = people.insert_select_sql(_PERSON_SELECT, f"FROM ({_new_people_source()}) n")
        cur.execute(person_sql, [*_person_params(), *person_params, batch_id, new])
        n_people = cur.rowcount
        if not n_people:
            return 0, 0
        award_sql, award_extra = awards.insert_select_sql(
            _award_select("p.id", "'individual'"),
            # CROSS JOIN: SQLite keeps this order, the staged rows outside, each finding its person by the
            # search_text index; the unary + keeps the planner off the unit and citizen-id indexes (a unit's
            # hundreds of people, or everyone without an id, scanned for every staged row).
            f"""FROM {STAGED} r CROSS JOIN orgs_person p
                WHERE r.batch_id = %s AND r.status = %s AND p.search_text = r.name_key AND +p.unit_id = r.unit_id
                  AND +p.citizen_id = r.citizen_id AND p.birth_date IS r.birth_date AND +p.id > %s""")
        cur.execute(award_sql, [*award_params, *award_extra, batch_id, new, top])
        return n_people, cur.rowcount


def _create_awards(connection, batch_id: int, user_id) -> int:
    """Awards of matched people and of collectives: one statement."""
    awards = TableWriter(Award, AWARD_COLUMNS, connection=connection)
    sql, extra = awards.insert_select_sql(
        _award_select("r.person_id", "CASE WHEN r.person_id IS NULL THEN 'collective' ELSE 'individual' END"),
        f"FROM {STAGED} r WHERE r.batch_id = %s AND r.status IN (%s, %s)")
    with connection.cursor() as cur:
        cur.execute(sql, [Award.Source.IMPORT, user_id, *extra, batch_id, ImportRow.Status.MATCHED,
                          ImportRow.Status.COLLECTIVE])
        return cur.rowcount


@contextmanager
def _set_wise_summaries(connection, batch_id: int):
    """SQLite: the insert triggers of the per-person summary and of the award statistics recompute one person /
    one cell per inserted row (most of a large commit's time). Inside the commit's transaction they are dropped,
    the rows inserted, the people and cells of the batch's awards refreshed set-wise, and the triggers created
    again — all or nothing with the commit (SQLite's DDL is transactional, and this transaction holds the only
    write lock). PostgreSQL: nothing to do, its statement-level triggers see each INSERT … SELECT as one set."""
    if connection.vendor != "sqlite":
        yield
        return
    from thidua.awards import award_stats, person_facts

    triggers = person_facts.sqlite_insert_triggers() + award_stats.sqlite_insert_triggers()
    with connection.cursor() as cur:
        for name, _create in triggers:
            cur.execute(f"DROP TRIGGER IF EXISTS {name}")
    yield
    batch_awards = f"SELECT person_id FROM {AWARD_TABLE} WHERE import_batch_id = {int(batch_id)}"
    with connection.cursor() as cur:
        for statement in person_facts.refresh_sql("sqlite", batch_awards):
            cur.execute(statement)
        cur.execute(award_stats.add_sql("sqlite", f"(SELECT * FROM {AWARD_TABLE} WHERE import_batch_id = "
                                                  f"{int(batch_id)})"))
        for _name, create in triggers:
            cur.execute(create)


AWARD_TABLE = "awards_award"


# ----------------------------------------------------------------------------------------------------------
# Spreadsheets out: template, error report


def write_book(rows: Iterable[Iterable], headers: list[str], title: str = "Sổ khen thưởng") -> bytes:
    """An XLSX file (write-only, streamed row by row)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    bold = Font(bold=True)
    head = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = bold
        head.append(cell)
    ws.append(head)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_book() -> bytes:
    example = [1, "Nguyễn Thị Hoa", dt.date(1985, 3, 12), "Sở Giáo dục và Đào tạo", "Lao động tiên tiến", 2024,
               "125/QĐ-SGDĐT", dt.date(2024, 12, 20), "", "Công trạng"]
    return write_book([example], TEMPLATE_HEADERS)


def error_rows(batch: ImportBatch) -> Iterator[list]:
    for row in ImportRow.objects.filter(batch=batch, status=ImportRow.Status.ERROR).order_by("row_number").iterator(
        chunk_size=2000
    ):
        for error in row.errors:
            yield [row.row_number, error["column"], error["message"], row.full_name, row.unit_name, row.award_name]


def error_report(batch: ImportBatch) -> bytes:
    return write_book(error_rows(batch), ["Dòng", "Cột", "Lỗi", "Họ và tên", "Đơn vị", "Danh hiệu/Hình thức"],
                      title="Báo lỗi")
