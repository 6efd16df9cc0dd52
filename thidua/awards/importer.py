"""Import of legacy award books (sổ khen thưởng) kept by provinces as spreadsheets.

Three steps, each callable from a page or the `import_awards` command:
1. `stage(batch)`: stream the rows (constant memory), check each one, match people by name + birth date + unit, and
   write staged `ImportRow`s in chunks, updating the batch's progress as it goes. Nothing touches award history.
2. Review: rows that match people in other units, or several people, wait for a person to be chosen
   (`resolve(row, person_id | None)`).
3. `commit(batch)`: one transaction; creates the new people, then the awards. A file with any row error is never
   committed: all or nothing, with a row-level error report (`error_report`).

Reading: large .xlsx files are streamed with openpyxl's read-only parser (SAX, constant memory); small files and
.xls/.ods (≤ 65,536 rows by format) go through python-calamine, which is faster but loads the sheet.
"""

import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.models import Award, AwardType, CommendationType, ImportBatch, ImportRow
from thidua.awards.recognise import LEVEL_UNIT, AwardRecogniser
from thidua.core import tabular
from thidua.core.audit import record
from thidua.core.bulk import TableWriter, reserve_ids
from thidua.core.text import clean_text, fold, person_sort_key, sort_key
from thidua.core.uploads import check_archive
from thidua.orgs.matching import UnitMatcher
from thidua.orgs.models import Person, Unit

CHUNK = 1000
CALAMINE_MAX_BYTES = 1_000_000  # above this, stream with openpyxl so memory stays flat whatever the file size
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


def _is_xlsx(name: str) -> bool:
    return name.lower().endswith((".xlsx", ".xlsm"))


def iter_sheet_rows(fileobj, name: str, size: int) -> Iterator[tuple]:
    """Rows of the first sheet as tuples of cell values, streamed."""
    if _is_xlsx(name) and size > CALAMINE_MAX_BYTES:
        import openpyxl

        try:
            wb = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
        except Exception as exc:  # corrupt zip, not xlsx, …
            raise ImportFileError(_("Không đọc được tệp Excel: %(err)s") % {"err": exc})
        try:
            yield from wb.worksheets[0].iter_rows(values_only=True)
        finally:
            wb.close()
        return
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_filelike(fileobj)
        sheet = wb.get_sheet_by_index(0)
    except Exception as exc:
        raise ImportFileError(_("Không đọc được tệp bảng tính: %(err)s") % {"err": exc})
    for row in sheet.iter_rows():
        yield tuple(row)


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
    _title, name = tabular.split_title(text)  # "Ông", "Đại tá"… are not the name
    return tabular.normalise_name(name)[:255]


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


def _check(values: dict, lookups: Lookups) -> tuple[ImportRow, list[dict]]:
    errors: list[dict] = []

    def err(field, message):
        errors.append({"column": HEADER_LABELS[field], "message": message})

    row = ImportRow()
    row.full_name = lookups.name[_text(values.get("full_name"))]
    row.name_key = lookups.fold[row.full_name]
    unit_text = _text(values.get("unit")) or _text(values.get("position_unit"))
    row.unit_name = unit_text[:255]
    row.award_name = _text(values.get("award"))[:255]
    row.decision_number = _text(values.get("decision_number"))[:100]
    raw_cid = values.get("citizen_id")
    cid = tabular.citizen_id(raw_cid)
    if _text(raw_cid) and not cid.valid:
        err("citizen_id", _("Số CCCD/CMND “%(value)s” không hợp lệ: CCCD gồm 12 chữ số, CMND gồm 9 chữ số.")
            % {"value": _text(raw_cid)})
    row.citizen_id = cid.number if cid.valid else ""

    try:
        row.birth_date = tabular.parse_birth(values.get("birth_date")).date  # a year alone: matched by name + unit
    except (ValueError, TypeError, OverflowError):
        err("birth_date", _("Ngày “%(value)s” không đúng dạng ngày/tháng/năm.") % {"value": _text(values.get("birth_date"))})
    try:
        row.decision_date = parse_date(values.get("decision_date"))
    except (ValueError, TypeError):
        err("decision_date", _("Ngày “%(value)s” không đúng dạng ngày/tháng/năm.")
            % {"value": _text(values.get("decision_date"))})
    raw_year = values.get("year")
    if raw_year in (None, ""):
        # no year column: the year of the decision, else the year given for the whole book
        row.year = row.decision_date.year if row.decision_date else lookups.batch_year
        if row.year is None:
            err("year", _("Thiếu năm thành tích (sổ không có cột năm và dòng không có ngày quyết định: hãy ghi năm "
                          "khi tải sổ lên)."))
    else:
        try:
            row.year = parse_year(raw_year)
            if not 1945 <= row.year <= dt.date.today().year + 1:
                raise ValueError
        except (ValueError, TypeError):
            row.year = None
            err("year", _("Năm “%(value)s” không hợp lệ.") % {"value": _text(raw_year)})

    award_type = lookups.award[row.award_name] if row.award_name else None
    if not row.award_name:
        err("award", _("Thiếu danh hiệu/hình thức khen thưởng."))
    elif award_type is None:
        err("award", _("Không có “%(value)s” trong danh mục danh hiệu, hình thức khen thưởng.") % {"value": row.award_name})
    row.award_type = award_type

    if not row.unit_name:
        unit = lookups.batch_unit  # a unit's own book often has no unit column
    else:
        unit_key, unit = lookups.unit[row.unit_name]
        if unit is None and values.get("position_unit") not in (None, "") and not values.get("unit"):
            unit = lookups.units.find_in(row.unit_name)
        if unit is None:
            err("unit", _("Không tìm thấy đơn vị “%(value)s” trong phạm vi đơn vị nhập.") % {"value": row.unit_name})
        elif unit_key in lookups.units.ambiguous:
            err("unit", _("Tên đơn vị “%(value)s” trùng nhiều đơn vị; hãy ghi mã đơn vị.") % {"value": row.unit_name})
    row.unit = unit

    raw_type = key(values.get("commendation_type"))
    if raw_type:
        ctype = COMMENDATION_ALIASES.get(raw_type) or next(
            (v for k, v in COMMENDATION_ALIASES.items() if k in raw_type), None)
        if ctype is None:
            err("commendation_type", _("Loại hình khen thưởng “%(value)s” không hợp lệ.") % {"value": _text(values.get("commendation_type"))})
        else:
            row.commendation_type = ctype

    kind = key(values.get("classification")).replace(" ", "")
    collective = kind in ("tapthe", "tt") or (not row.full_name)
    if not collective:
        if award_type is not None and not award_type.for_individuals:
            err("award", _("“%(award)s” không tặng cho cá nhân.") % {"award": award_type.name})
        if row.birth_date and row.birth_date > dt.date.today():
            err("birth_date", _("Ngày sinh ở tương lai."))
        row.status = ImportRow.Status.NEW
    else:
        if not row.full_name:
            if award_type is not None and not award_type.for_collectives:
                err("full_name", _("Thiếu họ tên: “%(award)s” chỉ tặng cho cá nhân.") % {"award": award_type.name})
        else:  # the collective named in the name column
            named = lookups.units.find(row.full_name, follow=False)
            if named is None:
                err("full_name", _("Không tìm thấy tập thể “%(value)s” trong phạm vi đơn vị nhập.")
                    % {"value": row.full_name})
            else:
                row.unit = named
            row.full_name, row.name_key = "", ""
        row.status = ImportRow.Status.COLLECTIVE
    return row, errors


def _match_chunk(rows: list[ImportRow], lookups: Lookups) -> None:
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
        size = batch.file.size
        with batch.file.open("rb") as fh:
            try:  # zip bombs and huge sheet areas are refused before any reader opens the file
                check_archive(fh, batch.original_name)
            except ValidationError as exc:
                raise ImportFileError(" ".join(exc.messages))
            total = _count_hint(fh, batch.original_name, size)
            if total:
                ImportBatch.objects.filter(pk=batch.pk).update(total_rows=total)
            counts["total"] = total
            fh.seek(0)
            _stage_rows(batch, iter_sheet_rows(fh, batch.original_name, size), counts, progress)
    except ImportFileError as exc:
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


def _count_hint(fh, name: str, size: int) -> int:
    """Row count for the progress bar when the file says it cheaply (xlsx dimension tag), else 0."""
    if not (_is_xlsx(name) and size > CALAMINE_MAX_BYTES):
        return 0
    import openpyxl

    try:
        wb = openpyxl.load_workbook(fh, read_only=True)
        ws = wb.worksheets[0]
        total = max((ws.max_row or 1) - 1, 0)  # files written without a dimension tag give 0: count as we go
        wb.close()
        return total
    except Exception:
        return 0


def _stage_rows(batch, rows: Iterator[tuple], counts: dict, progress=None) -> None:
    lookups = Lookups(batch)
    head: list[tuple] = []
    for cells in rows:
        head.append(cells)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    found = map_header(head)
    if found is None:
        raise ImportFileError(_("Không tìm thấy dòng tiêu đề (cần các cột: %(cols)s).")
                              % {"cols": ", ".join(HEADER_LABELS[f] for f in REQUIRED)})
    data_start, header = found
    chunk: list[ImportRow] = []

    def all_rows():
        yield from enumerate(head, start=1)
        yield from enumerate(rows, start=len(head) + 1)

    for number, cells in all_rows():
        if number <= data_start or tabular.is_column_number_row(cells):
            continue
        values = {field: (cells[idx] if idx < len(cells) else None) for field, idx in header.items()}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue  # blank line
        if _is_section_row(values):
            continue
        row, errors = _check(values, lookups)
        row.batch_id, row.row_number = batch.pk, number
        if errors:
            row.status, row.errors = ImportRow.Status.ERROR, errors
        chunk.append(row)
        if len(chunk) >= CHUNK:
            _flush(batch, chunk, lookups, counts)
            chunk = []
            if progress is not None:
                progress(counts["rows"], counts["total"] or None)
    if chunk:
        _flush(batch, chunk, lookups, counts)


STAGED_COLUMNS = ["batch_id", "row_number", "status", "full_name", "name_key", "citizen_id", "birth_date",
                  "unit_name", "award_name", "year", "decision_number", "decision_date", "commendation_type",
                  "unit_id", "award_type_id", "person_id", "candidate_ids", "errors"]


def _is_section_row(values: dict) -> bool:
    """A heading inside the book ("I. CÁ NHÂN", "Năm 2019"): only the name (or only one) column filled, no award."""
    filled = [k for k, v in values.items() if _text(v)]
    return "award" not in filled and len(filled) <= 1


def _flush(batch, chunk: list[ImportRow], lookups: Lookups, counts: dict) -> None:
    _match_chunk(chunk, lookups)
    with transaction.atomic():
        TableWriter(ImportRow, STAGED_COLUMNS).insert(
            tuple(getattr(r, c) for c in STAGED_COLUMNS) for r in chunk)
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
    """Write the staged rows to award history, all at once. Returns the number of awards created."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status not in (ImportBatch.Status.REVIEW, ImportBatch.Status.COMMITTING):
            raise CommitRefused(_("Chỉ nhập được tệp đã kiểm tra, không có lỗi và chưa nhập."))
        rows = ImportRow.objects.filter(batch=locked)
        if rows.filter(status=ImportRow.Status.ERROR).exists():
            raise CommitRefused(_("Tệp còn dòng lỗi; sửa tệp và tải lên lại."))
        if rows.filter(status=ImportRow.Status.AMBIGUOUS).exists():
            raise CommitRefused(_("Còn dòng chưa xác định cá nhân; hãy chọn cá nhân ở màn hình xác nhận."))
        new_people, created = _create_people_and_awards(locked, rows.filter(status=ImportRow.Status.NEW), user)
        created += _create_awards(locked, rows.filter(status__in=[ImportRow.Status.MATCHED,
                                                                  ImportRow.Status.COLLECTIVE]), user)
        ImportBatch.objects.filter(pk=locked.pk).update(
            status=ImportBatch.Status.COMMITTED, committed_count=created, committed_at=timezone.now(),
            new_person_count=new_people,
        )
        record(locked, "import", user=user, changes={"awards": [0, created], "people": [0, new_people]},
               note=_("Nhập sổ khen thưởng “%(name)s”: %(awards)s khen thưởng, %(people)s cá nhân mới.")
               % {"name": locked.original_name, "awards": created, "people": new_people})
    batch.refresh_from_db()
    return created


PERSON_COLUMNS = ["id", "full_name", "gender", "birth_date", "citizen_id", "unit_id", "search_text", "sort_key"]
AWARD_COLUMNS = ["award_type_id", "person_id", "unit_id", "recipient_kind", "year", "commendation_type",
                 "decision_number", "decision_date", "source", "import_batch_id", "created_by_id", "search_text",
                 "sort_key"]
ROW_FIELDS = ["unit_id", "name_key", "birth_date", "citizen_id", "full_name", "award_type_id", "year",
              "commendation_type", "decision_number", "decision_date", "person_id"]
COMMIT_CHUNK = 5000


class _PersonIds:
    """Ids for the people the commit creates: PostgreSQL takes blocks from the table's sequence; SQLite (one
    writer, and this transaction holds the write lock) counts on from the largest id used."""

    def __init__(self):
        from django.db import connection

        self.postgres = connection.vendor == "postgresql"
        self.pool: list[int] = []
        self.next_id: int | None = None

    def take(self) -> int:
        if self.postgres:
            if not self.pool:
                self.pool = reserve_ids(Person, COMMIT_CHUNK)[::-1]
            return self.pool.pop()
        if self.next_id is None:
            self.next_id = reserve_ids(Person, 1)[0]
        self.next_id += 1
        return self.next_id - 1


def _award_row(batch, row: tuple, user_id, *, person_id, name: str, text_cache, sort_cache) -> tuple:
    (unit_id, _name_key, _birth, _cid, _full_name, award_type_id, year, ctype, number, decided, _pid) = row
    individual = bool(person_id)
    return (award_type_id, person_id, unit_id,
            Award.RecipientKind.INDIVIDUAL if individual else Award.RecipientKind.COLLECTIVE, year, ctype, number,
            decided, Award.Source.IMPORT, batch.pk, user_id, text_cache[f"{name} {number}"][:400],
            sort_cache[(individual, name)][:1200])


def _caches():
    return (_Memo(fold), _Memo(lambda k: person_sort_key(k[1]) if k[0] else sort_key(k[1])))


def _create_people_and_awards(batch, rows, user) -> tuple[int, int]:
    """One new person per (unit, folded name, birth date, citizen id) among the NEW rows, with their awards. Rows
    come sorted by that key, so equal keys are adjacent and only the current person is remembered (constant
    memory); people and then their awards are written in chunks with COPY / executemany (core/bulk.py), ids
    assigned here so that no insert has to return them."""
    people_created = awards_created = 0
    current_key, current_id = None, None
    ids = _PersonIds()
    user_id = user.pk if user is not None and user.pk else None
    text_cache, sort_cache = _caches()
    people_writer, award_writer = TableWriter(Person, PERSON_COLUMNS), TableWriter(Award, AWARD_COLUMNS)
    pending_people: list[tuple] = []
    pending_awards: list[tuple] = []

    def flush():
        nonlocal pending_people, pending_awards, awards_created
        people_writer.insert(pending_people)
        award_writer.insert(pending_awards)
        awards_created += len(pending_awards)
        pending_people, pending_awards = [], []

    ordered = rows.order_by("unit_id", "name_key", "birth_date", "citizen_id", "row_number").values_list(*ROW_FIELDS)
    for row in ordered.iterator(chunk_size=COMMIT_CHUNK):
        k = row[:4]
        name = " ".join(row[4].split())
        if k != current_key:
            if len(pending_awards) >= COMMIT_CHUNK:
                flush()
            current_id = ids.take()
            pending_people.append((current_id, name, _guess_gender(name), row[2], row[3], row[0],
                                   text_cache[name], sort_cache[(True, name)]))
            current_key = k
            people_created += 1
        pending_awards.append(_award_row(batch, row, user_id, person_id=current_id, name=name,
                                         text_cache=text_cache, sort_cache=sort_cache))
    flush()
    return people_created, awards_created


def _guess_gender(full_name: str) -> str:
    """Vietnamese middle name “Thị” marks a woman; otherwise unknown is recorded as male for staff to correct."""
    words = fold(full_name).split()
    return Person.Gender.FEMALE if "thi" in words[1:-1] else Person.Gender.MALE


def _create_awards(batch, rows, user) -> int:
    """Awards of matched people and of collectives, written in chunks (core/bulk.py)."""
    created = 0
    user_id = user.pk if user is not None and user.pk else None
    text_cache, sort_cache = _caches()
    writer = TableWriter(Award, AWARD_COLUMNS)
    pending: list[tuple] = []
    unit_names = dict(Unit.objects.filter(pk__in=rows.filter(person=None).values("unit_id")).values_list("pk", "name"))
    for row in rows.order_by("row_number").values_list(*ROW_FIELDS).iterator(chunk_size=COMMIT_CHUNK):
        person_id = row[10]
        name = row[4] if person_id else unit_names.get(row[0], "")
        pending.append(_award_row(batch, row, user_id, person_id=person_id, name=name, text_cache=text_cache,
                                  sort_cache=sort_cache))
        if len(pending) >= COMMIT_CHUNK:
            created += writer.insert(pending)
            pending = []
    if pending:
        created += writer.insert(pending)
    return created


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
