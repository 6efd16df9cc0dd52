"""XLSX import of units and people, and the matching templates and export.

Reading uses python-calamine (streaming rows). Every row is validated first; if any row fails, nothing is saved
and the caller shows the row-by-row report (row number as in Excel, column, Vietnamese message). Otherwise
everything is saved in one transaction with one audit entry for the import.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from thidua.core.audit import record
from thidua.core.permissions import require
from thidua.core.personal import mask_birth_date, may_see_personal_data
from thidua.core.text import clean_text, fold
from thidua.core.uploads import check_archive
from thidua.orgs.models import Person, Unit, is_province_staff
from thidua.orgs.permissions import READ_ONLY

MAX_ROWS = 20000
CODE_RE = re.compile(r"^[-a-z0-9_]+$")
_DATE_TEXT = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO_TEXT = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)

UNIT_COLUMNS = [
    ("code", "Mã đơn vị", True),
    ("name", "Tên đơn vị", True),
    ("short_name", "Tên viết tắt", False),
    ("kind", "Loại", True),
    ("parent", "Mã đơn vị cấp trên", False),
    ("active_from", "Hoạt động từ", False),
    ("active_to", "Hoạt động đến", False),
]
# The headings stay Vietnamese (they are the file's); the import page glosses them in the UI's language.
_HEADINGS = [gettext_noop("Mã đơn vị"), gettext_noop("Mã đơn vị cấp trên")]
PERSON_COLUMNS = [
    ("full_name", "Họ và tên", True),
    ("gender", "Giới tính", True),
    ("birth_date", "Ngày sinh", False),
    ("citizen_id", "Số CCCD", False),
    ("unit", "Mã đơn vị", True),
    ("position", "Chức vụ", False),
    ("direct_worker", "Lao động trực tiếp", False),
]


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error


class FileError(Exception):
    pass


# --- reading ---------------------------------------------------------------------------------------------------


# What the shared reading layer recognises in office and other systems' person lists → the person import's fields.
PERSON_SYNONYMS = {"name": "full_name", "birth_date": "birth_date", "birth_male": "birth_male",
                   "birth_female": "birth_female", "gender": "gender", "citizen_id": "citizen_id", "unit": "unit",
                   "position": "position", "position_unit": "position"}
_NOT_READABLE = gettext_lazy("Không đọc được tệp: tệp không phải bảng tính Excel (.xlsx) hợp lệ hoặc đã bị hỏng.")


def read_sheet(fileobj, columns, synonyms: dict[str, str] | None = None) -> list[tuple[int, dict]]:
    """Rows of the sheet as (Excel row number, {key: raw value}); blank rows skipped.

    The header may sit below title rows and span two merged rows (core/tabular.py); its names are matched without
    regard to case or diacritics, to the template's labels and, with `synonyms` ({reading-layer field: key}), to the
    names offices and other systems use. Unknown columns are ignored. .xlsx and .xls are read."""
    from thidua.core import tabular

    name = getattr(fileobj, "name", "") or ""
    if name and not name.lower().endswith((".xlsx", ".xls")):
        raise FileError(_("Chỉ nhận tệp Excel định dạng .xlsx hoặc .xls (tải biểu mẫu mẫu ở trang này)."))
    data = fileobj.read()
    try:
        check_archive(io.BytesIO(data), name)  # zip bombs and huge sheet areas, before a reader allocates them
    except ValidationError as exc:
        raise FileError(" ".join(exc.messages))
    try:
        sheets = tabular.read_sheets(data, name or "danh-sach.xlsx")
    except tabular.TableFileError:
        raise FileError(_NOT_READABLE)
    own = {key for key, _label, _req in columns}
    vocabulary = {tabular.key(label): key for key, label, _req in columns}
    best = None
    for sheet in sheets:
        header = tabular.find_header(sheet.rows, required=(), vocabulary=vocabulary, synonyms=bool(synonyms))
        if header is None:
            continue
        positions = {}
        for fld, idx in header.columns.items():
            mine = fld if fld in own else (synonyms or {}).get(fld)
            if mine and mine not in positions:
                positions[mine] = idx
        if best is None or len(positions) > len(best[2]):
            best = (sheet, header, positions)
    if best is None:
        if not any(sheet.rows for sheet in sheets):
            raise FileError(_("Tệp không có dữ liệu: dòng 1 phải là dòng tiêu đề cột."))
        best = (sheets[0], None, {})
    sheet, header, positions = best
    birth_split = "birth_male" in positions or "birth_female" in positions
    missing = [label for key, label, required in columns if required and key not in positions
               and not (key == "gender" and birth_split)]
    if missing:
        raise FileError(_("Thiếu cột bắt buộc ở dòng tiêu đề: %(cols)s.") % {"cols": ", ".join(missing)})
    out = []
    for index, row in enumerate(sheet.rows[header.data_start:], start=header.data_start + 1):
        if tabular.is_column_number_row(row):
            continue
        values = {key: (row[i] if i < len(row) else "") for key, i in positions.items()}
        if all(v in ("", None) for v in values.values()):
            continue
        if birth_split:  # "Ngày sinh" split into Nam / Nữ columns: the column says the gender
            male, female = values.pop("birth_male", ""), values.pop("birth_female", "")
            values["birth_date"] = male if male not in ("", None) else female
            if "gender" not in positions:
                values["gender"] = "Nam" if male not in ("", None) else ("Nữ" if female not in ("", None) else "")
        if len(out) >= MAX_ROWS:
            raise FileError(_("Tệp có quá nhiều dòng (tối đa %(n)d dòng mỗi lần nhập).") % {"n": MAX_ROWS})
        out.append((index, values))
    if not out:
        raise FileError(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return out


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(clean_text(str(value)).split())


def parse_date(value):
    """A real Excel date, a serial number, or dd/mm/yyyy (also yyyy-mm-dd) text. Raises ValueError."""
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 200000:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError
    s = str(value).strip()
    m = _DATE_TEXT.match(s)
    if m:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = _ISO_TEXT.match(s)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    raise ValueError


def parse_bool(value):
    if value in ("", None):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if value in (0, 1):
            return bool(value)
        raise ValueError
    folded = fold(str(value))
    if folded in {"co", "x", "1", "dung", "true", "yes", "c"}:
        return True
    if folded in {"khong", "0", "k", "false", "no"}:
        return False
    raise ValueError


def citizen_id_text(value) -> str:
    """A CCCD typed as a number loses its leading zero (all province codes start with 0): put it back."""
    from thidua.core import tabular

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return tabular.citizen_id(value).number
    return text(value).lstrip("'’`").replace(" ", "").replace(".", "")


def _kind_lookup():
    table = {}
    for value, label in Unit.Kind.choices:
        table[fold(value)] = value
        table[fold(str(label))] = value
    extra = {"so": "agency", "co quan": "agency", "so ban nganh": "agency", "dia phuong": "locality",
             "truong": "school", "truong hoc": "school", "doanh nghiep": "enterprise", "hoi": "mass_org",
             "bao chi": "press", "khac": "other", "tinh": "province"}
    table.update(extra)
    return table


# --- units -----------------------------------------------------------------------------------------------------


def import_units(user, fileobj) -> ImportResult:
    require(user, "orgs.edit_records", message=READ_ONLY)
    result = ImportResult()
    try:
        rows = read_sheet(fileobj, UNIT_COLUMNS)
    except FileError as exc:
        result.file_error = str(exc)
        return result
    labels = {key: label for key, label, _r in UNIT_COLUMNS}
    kinds = _kind_lookup()
    staff = is_province_staff(user)

    def err(row, key, message):
        result.errors.append(RowError(row, labels[key], message))

    codes = {text(v["code"]).lower() for _n, v in rows} | {text(v.get("parent")).lower() for _n, v in rows}
    existing = {u.code: u for u in Unit.objects.filter(code__in=codes - {""})}
    manageable = set(Unit.objects.manageable_by(user).filter(code__in=existing).values_list("code", flat=True))
    parent_ok = set(Unit.objects.parent_choices_for(user).filter(code__in=existing).values_list("code", flat=True))
    seen = {}
    parsed = []
    for number, v in rows:
        before = len(result.errors)
        code = text(v["code"]).lower()
        name = text(v["name"])
        short = text(v.get("short_name"))
        parent_code = text(v.get("parent")).lower()
        if not code:
            err(number, "code", _("Chưa nhập mã đơn vị."))
        elif not CODE_RE.match(code) or len(code) > 64:
            err(number, "code", _("Mã “%(code)s” không hợp lệ: chỉ gồm chữ thường không dấu, số, gạch nối (tối đa 64 ký tự).")
                % {"code": code})
        elif code in seen:
            err(number, "code", _("Mã “%(code)s” trùng với dòng %(row)d.") % {"code": code, "row": seen[code]})
        elif code in existing and code not in manageable:
            err(number, "code", _("Đơn vị mã “%(code)s” đã có và bạn không được sửa đơn vị này.") % {"code": code})
        if not name:
            err(number, "name", _("Chưa nhập tên đơn vị."))
        elif len(name) > 255:
            err(number, "name", _("Tên đơn vị dài quá 255 ký tự."))
        if len(short) > 100:
            err(number, "short_name", _("Tên viết tắt dài quá 100 ký tự."))
        kind = kinds.get(fold(text(v["kind"])))
        if not text(v["kind"]):
            err(number, "kind", _("Chưa nhập loại đơn vị."))
        elif kind is None:
            err(number, "kind", _("Loại “%(kind)s” không có trong danh mục (%(choices)s).")
                % {"kind": text(v["kind"]), "choices": "; ".join(str(label) for _v, label in Unit.Kind.choices)})
        if not parent_code:
            if not staff:
                err(number, "parent", _("Cần mã đơn vị cấp trên (đơn vị của bạn hoặc đơn vị cấp dưới)."))
        elif parent_code == code:
            err(number, "parent", _("Đơn vị cấp trên không được là chính nó."))
        elif parent_code in seen:
            pass  # a unit created by an earlier row of this file
        elif parent_code in existing:
            if parent_code not in parent_ok:
                err(number, "parent", _("Đơn vị cấp trên “%(code)s” không thuộc phạm vi của bạn.") % {"code": parent_code})
            elif code in existing and existing[parent_code].path.startswith(existing[code].path):
                err(number, "parent", _("Đơn vị cấp trên không được là đơn vị trực thuộc của chính nó."))
        else:
            err(number, "parent", _("Không có đơn vị mã “%(code)s” (đơn vị cấp trên phải có sẵn hoặc ở dòng phía trên).")
                % {"code": parent_code})
        dates = {}
        for key in ("active_from", "active_to"):
            try:
                dates[key] = parse_date(v.get(key))
            except (ValueError, OverflowError):
                err(number, key, _("Ngày “%(value)s” không hợp lệ; nhập ngày Excel hoặc dạng dd/mm/yyyy.")
                    % {"value": text(v.get(key))})
                dates[key] = None
        if dates["active_from"] and dates["active_to"] and dates["active_to"] < dates["active_from"]:
            err(number, "active_to", _("Ngày kết thúc hoạt động phải sau ngày bắt đầu."))
        if code and code not in seen:
            seen[code] = number
        if len(result.errors) == before:
            parsed.append((code, name, short, kind, parent_code, dates))
    if result.errors:
        return result
    with transaction.atomic():
        saved = dict(existing)
        for code, name, short, kind, parent_code, dates in parsed:
            unit = existing.get(code) or Unit(code=code)
            unit.name, unit.short_name, unit.kind = name, short, kind
            unit.parent = saved.get(parent_code) if parent_code else None
            unit.active_from, unit.active_to = dates["active_from"], dates["active_to"]
            if unit.pk:
                result.updated += 1
            else:
                result.created += 1
            unit.save()
            saved[code] = unit
        anchor = user.unit if getattr(user, "unit", None) else None
        record(anchor, "import", user=user, changes={"created": result.created, "updated": result.updated},
               note=_("Nhập danh sách đơn vị từ tệp %(name)s") % {"name": getattr(fileobj, "name", "")})
    return result


# --- people ----------------------------------------------------------------------------------------------------


def import_people(user, fileobj) -> ImportResult:
    require(user, "orgs.edit_records", message=READ_ONLY)
    result = ImportResult()
    try:
        rows = read_sheet(fileobj, PERSON_COLUMNS, synonyms=PERSON_SYNONYMS)
    except FileError as exc:
        result.file_error = str(exc)
        return result
    labels = {key: label for key, label, _r in PERSON_COLUMNS}

    def err(row, key, message):
        result.errors.append(RowError(row, labels[key], message))

    from thidua.core import tabular
    from thidua.orgs.matching import UnitMatcher

    codes = {text(v["unit"]).lower() for _n, v in rows} - {""}
    units = {u.code: u for u in Unit.objects.editable_by(user).filter(code__in=codes)}
    by_name = None  # unit names ("Đơn vị công tác") rather than codes: matched through their usual variants
    ids = {citizen_id_text(v.get("citizen_id")) for _n, v in rows} - {""}
    known_ids = set(Person.objects.filter(citizen_id__in=ids).values_list("citizen_id", flat=True))
    today = dt.date.today()
    seen_ids = {}
    people = []
    for number, v in rows:
        before = len(result.errors)
        title, name = tabular.split_title(text(v["full_name"]))  # "Ông", "Bà", "Đại tá"… are not the name
        name = tabular.normalise_name(name)
        if not name:
            err(number, "full_name", _("Chưa nhập họ và tên."))
        elif len(name) > 150:
            err(number, "full_name", _("Họ và tên dài quá 150 ký tự."))
        gender = {"nam": Person.Gender.MALE, "nu": Person.Gender.FEMALE}.get(fold(text(v.get("gender"))))
        if gender is None and not text(v.get("gender")):
            gender = {"ong": Person.Gender.MALE, "ba": Person.Gender.FEMALE}.get(fold(title).split(" ")[0])
        if gender is None:
            err(number, "gender", _("Giới tính phải là “Nam” hoặc “Nữ”."))
        try:
            birth = parse_date(v.get("birth_date"))
        except (ValueError, OverflowError):
            err(number, "birth_date", _("Ngày sinh “%(value)s” không hợp lệ; nhập ngày Excel hoặc dạng dd/mm/yyyy.")
                % {"value": text(v.get("birth_date"))})
            birth = None
        if birth and birth > today:
            err(number, "birth_date", _("Ngày sinh không được ở tương lai."))
        elif birth and birth.year < 1900:
            err(number, "birth_date", _("Ngày sinh không hợp lệ (trước năm 1900)."))
        cid = citizen_id_text(v.get("citizen_id"))
        if cid:
            if not tabular.citizen_id(cid).valid:
                err(number, "citizen_id", _("Số CCCD phải gồm đúng 12 chữ số (CMND cũ: 9 chữ số); nên định dạng ô là "
                                            "văn bản."))
            elif cid in seen_ids:
                err(number, "citizen_id", _("Số CCCD trùng với dòng %(row)d.") % {"row": seen_ids[cid]})
            elif cid in known_ids:
                err(number, "citizen_id", _("Số CCCD này đã có trong hệ thống."))
            seen_ids.setdefault(cid, number)
        code = text(v["unit"]).lower()
        unit = units.get(code)
        if unit is None and code and not CODE_RE.match(code):
            if by_name is None:
                by_name = UnitMatcher(Unit.objects.editable_by(user))
            unit = by_name.find(text(v["unit"]))
        if not code:
            err(number, "unit", _("Chưa nhập mã đơn vị."))
        elif unit is None and not CODE_RE.match(code):
            err(number, "unit", _("Không có đơn vị “%(name)s” trong phạm vi của bạn.") % {"name": text(v["unit"])})
        elif unit is None:
            err(number, "unit", _("Không có đơn vị mã “%(code)s” trong phạm vi của bạn.") % {"code": code})
        elif unit.active_to and unit.active_to < today:
            err(number, "unit", _("Đơn vị “%(unit)s” đã ngừng hoạt động.") % {"unit": unit.name})
        position = text(v.get("position"))
        if len(position) > 200:
            err(number, "position", _("Chức vụ dài quá 200 ký tự."))
        try:
            direct = parse_bool(v.get("direct_worker"))
        except ValueError:
            err(number, "direct_worker", _("Ô “Lao động trực tiếp” chỉ nhận “Có”, “Không”, “x” hoặc để trống."))
            direct = False
        if len(result.errors) == before:
            person = Person(full_name=name, gender=gender, birth_date=birth, citizen_id=cid, unit=unit,
                            position=position, direct_worker=direct)
            person.fill_derived()
            people.append(person)
    if result.errors:
        return result
    with transaction.atomic():
        Person.objects.bulk_create(people, batch_size=500)
        result.created = len(people)
        anchor = user.unit if getattr(user, "unit", None) else None
        record(anchor, "import", user=user, changes={"created": result.created},
               note=_("Nhập danh sách cá nhân từ tệp %(name)s") % {"name": getattr(fileobj, "name", "")})
    return result


# --- templates and export --------------------------------------------------------------------------------------


def _workbook(headers, notes):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Dữ liệu"))
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="EEF0F3")
    for i, _h in enumerate(headers):
        ws.column_dimensions[chr(ord("A") + i)].width = 24
    cells = []
    for h in headers:
        c = WriteOnlyCell(ws, value=h)
        c.font, c.fill = bold, fill
        cells.append(c)
    ws.append(cells)
    guide = wb.create_sheet(_("Hướng dẫn"))
    guide.column_dimensions["A"].width = 110
    for line in notes:
        guide.append([line])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def unit_template() -> bytes:
    kinds = "; ".join(str(label) for _v, label in Unit.Kind.choices)
    return _workbook(
        [label for _k, label, _r in UNIT_COLUMNS],
        [
            _("Nhập mỗi đơn vị một dòng ở trang “Dữ liệu”, giữ nguyên dòng tiêu đề."),
            _("Mã đơn vị: chữ thường không dấu, số, gạch nối, ví dụ so-noi-vu. Mã đã có thì dòng đó cập nhật đơn vị."),
            _("Loại: một trong các giá trị: %(kinds)s.") % {"kinds": kinds},
            _("Mã đơn vị cấp trên: mã một đơn vị có sẵn hoặc ở dòng phía trên trong tệp."),
            _("Ngày: ô kiểu ngày của Excel hoặc văn bản dạng dd/mm/yyyy, ví dụ 01/07/2025."),
            _("Nếu một dòng có lỗi, hệ thống không lưu dòng nào và báo lỗi theo từng dòng."),
        ],
    )


def person_template() -> bytes:
    return _workbook(
        [label for _k, label, _r in PERSON_COLUMNS],
        [
            _("Nhập mỗi cá nhân một dòng ở trang “Dữ liệu”, giữ nguyên dòng tiêu đề."),
            _("Giới tính: Nam hoặc Nữ. Ngày sinh: ô kiểu ngày của Excel hoặc dd/mm/yyyy."),
            _("Số CCCD: 12 chữ số, không bắt buộc; định dạng ô là văn bản để giữ số 0 ở đầu."),
            _("Mã đơn vị: mã của đơn vị bạn quản lý (xem ở trang Đơn vị)."),
            _("Lao động trực tiếp: Có / Không (hoặc x / để trống)."),
            _("Nếu một dòng có lỗi, hệ thống không lưu dòng nào và báo lỗi theo từng dòng."),
        ],
    )


def export_people(user, queryset) -> bytes:
    """The filtered list as XLSX (write-only, streamed from the database); CCCD masked unless province staff."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    show_ids = may_see_personal_data(user)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Cá nhân"))
    headers = [_("STT"), "Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Mã đơn vị", _("Tên đơn vị"), "Chức vụ",
               "Lao động trực tiếp", _("Đang công tác")]
    widths = [6, 28, 10, 12, 16, 22, 40, 24, 12, 12]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        c = WriteOnlyCell(ws, value=h)
        c.font = bold
        header_cells.append(c)
    ws.append(header_cells)
    yes, no = _("Có"), _("Không")
    for i, p in enumerate(queryset.select_related("unit").iterator(chunk_size=2000), start=1):
        if show_ids:
            birth = WriteOnlyCell(ws, value=p.birth_date)
            birth.number_format = "dd/mm/yyyy"
        else:  # Decree 13/2023: only the year for readers who do not need the date
            birth = mask_birth_date(p.birth_date)
        ws.append([i, p.full_name, p.get_gender_display(), birth, p.citizen_id if show_ids else p.masked_citizen_id,
                   p.unit.code, p.unit.name, p.position, yes if p.direct_worker else no, yes if p.active else no])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
