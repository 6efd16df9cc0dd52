"""Proposal lists (danh sách đề nghị khen thưởng) read as units send them (DESIGN.md §4.7).

`read_list` turns a .docx / .doc table or an .xlsx / .xls sheet into preview rows: kind, title and name, birth date,
position and unit, the recognised award, the person match and the problems that stop a row from becoming a
nomination. It writes nothing; `thidua proposals preview` prints it, the upload page shows it, and
`services.create_nominations_from_list` turns the confirmed rows into nominations, all or nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from thidua.awards.models import AwardType
from thidua.awards.recognise import LEVEL_PROVINCE, AwardRecogniser
from thidua.core import tabular
from thidua.core.tabular import Sheet, TableFileError, cell_text, key
from thidua.orgs.matching import PersonQuery, UnitMatcher, match_people
from thidua.orgs.models import Person, Unit

INDIVIDUAL, COLLECTIVE, HOUSEHOLD = "individual", "collective", "household"
KIND_LABELS = {INDIVIDUAL: "Cá nhân", COLLECTIVE: "Tập thể", HOUSEHOLD: "Hộ gia đình"}

_SECTION_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|[A-HĐ]|\d{1,2})\s*[.)/:-]\s*", re.IGNORECASE)
_ROMAN_OR_LETTER = re.compile(r"^\s*(?:[IVXLC]+|[a-hđA-HĐ])\s*[.)]?\s*$")
_SKIP_STARTS = ("tong cong", "cong ", "tong so", "nguoi lap", "thu truong", "xac nhan", "lanh dao", "ky ten",
                "noi nhan", "ghi chu")
_COLLECTIVE_STARTS = (
    "tap the", "phong", "truong", "so", "ban", "khoa", "to", "doi", "hoi", "trung tam", "chi cuc", "cuc", "vien",
    "benh vien", "cong ty", "tong cong ty", "ubnd", "uy ban", "xa", "phuong", "thi tran", "thon", "to dan pho",
    "chi bo", "dang uy", "cong doan", "doan", "lien doan", "van phong", "thanh tra", "kho bac", "chi nhanh",
    "hop tac xa", "ngan hang", "bao", "dai", "cong an", "bo chi huy", "ban chi huy", "lop", "nha", "tram",
    "xi nghiep", "nha may", "ky tuc xa", "thu vien", "bao tang", "quy", "don vi", "huyen", "thi xa", "thanh pho",
    "mat tran", "hoi dong", "chi hoi", "cau lac bo", "nhom", "hoi phu nu", "doanh nghiep", "cty", "tt", "ptnt",
)
_HOUSEHOLD = re.compile(r"^(ho gia dinh|ho|gia dinh)\s+(ong|ba|anh|chi)?\b")


@dataclass
class ProposalRow:
    row: int
    kind: str
    title: str = ""
    name: str = ""
    birth_date: dt.date | None = None
    birth_year: int | None = None
    gender: str = ""  # "male" / "female" when the list says (split birth-date columns, a gender column)
    position_unit: str = ""
    award: AwardType | None = None
    award_text: str = ""
    citizen_id: str = ""
    achievement: str = ""
    unit: Unit | None = None  # the person's unit, or the collective itself
    candidates: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    data_problems: list[str] = field(default_factory=list)

    @property
    def person_id(self) -> int | None:
        return self.candidates[0] if self.kind == INDIVIDUAL and len(self.candidates) == 1 else None

    def as_contract(self) -> dict:
        return {
            "row": self.row, "kind": self.kind, "title": self.title, "name": self.name,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "position_unit": self.position_unit, "award": self.award.code if self.award else None,
            "person": {"id": self.person_id, "candidates": len(self.candidates) if self.kind == INDIVIDUAL else 0},
            "problems": list(self.problems),
        }


@dataclass
class ProposalList:
    rows: list[ProposalRow]
    columns: dict[str, str]  # field → header text as written
    unmapped: dict[str, str]  # folded header → header as written, for columns no field matched
    sheet: str = ""

    def as_contract(self) -> dict:
        return {"rows": [r.as_contract() for r in self.rows]}


def read_list(data: bytes, filename: str, *, sender: Unit | None = None, level: str = LEVEL_PROVINCE,
              year: int | None = None, people=None, units=None, overrides: dict[str, str] | None = None,
              award_types=None) -> ProposalList:
    """Read a proposal list. `sender` narrows person matching to the sending unit's family; `people` / `units` are
    the querysets matches may come from (the user's scope on a page); `overrides` = the officer's column
    assignments ({folded header: field or ""}). Raises TableFileError when the file cannot be read."""
    sheets = tabular.read_sheets(data, filename)
    found = []
    for sheet in sheets:
        header = tabular.find_header(sheet.rows, required=("name",), overrides=overrides)
        if header is not None:
            found.append((sheet, header))
    if not found:
        raise TableFileError(_("Không tìm thấy dòng tiêu đề của danh sách (cần ít nhất cột “Họ và tên” hoặc “Tên tập "
                               "thể/cá nhân”)."))
    if found[0][0].word_table:
        chosen = found  # a Word document: every table with a header belongs to the list (cá nhân, tập thể…)
    else:
        chosen = [max(found, key=lambda sh: len(sh[0].rows) - sh[1].data_start)]
    codes = tabular.code_sheet(sheets, skip=chosen[0][0] if len(chosen) == 1 else None)
    recogniser = AwardRecogniser(AwardType.objects.all() if award_types is None else award_types, level)
    matcher = UnitMatcher(Unit.objects.all() if units is None else units)
    rows: list[ProposalRow] = []
    columns, unmapped = {}, {}
    for sheet, header in chosen:
        columns.update({f: header.texts.get(i, "") for f, i in header.columns.items()})
        unmapped.update({key(t): t for t in header.unmapped.values()})
        rows.extend(_rows(sheet, header, recogniser, matcher, codes, start=len(rows)))
    _match(rows, matcher, sender, people)
    for r in rows:
        _check(r, year)
    return ProposalList(rows=rows, columns=columns, unmapped=unmapped, sheet=chosen[0][0].name)


def _cell(row, header, fld):
    idx = header.columns.get(fld)
    if idx is None or idx >= len(row):
        return None
    return row[idx]


def _kind_in(text: str) -> str | None:
    k = key(text).replace(" ", "")
    if not k:
        return None
    if k in {"canhan", "cn"} or "canhan" in k and "tapthe" not in k:
        return INDIVIDUAL
    if k in {"hogiadinh", "hgd", "giadinh", "ho"} or "hogiadinh" in k:
        return HOUSEHOLD
    if k in {"tapthe", "tt"} or "tapthe" in k:
        return COLLECTIVE
    return None


def _rows(sheet: Sheet, header, recogniser, matcher, codes, start: int):
    kind_default = _kind_in(sheet.caption) if sheet.caption else None
    if kind_default is None:
        name_header = key(header.texts.get(header.columns["name"], ""))
        if "tap the" in name_header and "ca nhan" not in name_header and "ho ten" not in name_header:
            kind_default = COLLECTIVE
    award_default = None
    position = start
    for raw in sheet.rows[header.data_start:]:
        texts = [cell_text(c) for c in raw]
        filled = [t for t in texts if t]
        if not filled or tabular.is_column_number_row(raw):
            continue
        name_raw = _cell(raw, header, "name")
        name_text = "\n".join(line.strip() for line in str(name_raw).splitlines() if line.strip()) if name_raw else ""
        tt = _cell(raw, header, "number")
        number = tabular.number_of(tt)
        joined = " ".join(dict.fromkeys(filled))
        if key(joined).startswith(_SKIP_STARTS) and number is None:
            continue
        section = _section(raw, header, texts, number, name_text, recogniser)
        if section is not None:
            kind, award = section
            if kind:
                kind_default = kind
            if award is not None:
                award_default = award
            continue
        position += 1
        yield _row(raw, header, number or position, name_text, kind_default, award_default, recogniser, matcher,
                   codes)


def _section(raw, header, texts, number, name_text, recogniser):
    """(kind, award) when the row is a section heading ("I. CÁ NHÂN", "II. Tập thể", "1. Bằng khen của Chủ tịch
    UBND tỉnh"), else None."""
    data_fields = [f for f in ("birth_date", "birth_male", "birth_female", "position_unit", "unit", "position",
                               "citizen_id", "award") if cell_text(_cell(raw, header, f))]
    distinct = list(dict.fromkeys(t for t in texts if t))
    tt_text = cell_text(_cell(raw, header, "number"))
    if len(distinct) > 2 or (data_fields and len(distinct) > 1):
        return None
    text = " ".join(distinct)
    if number is not None and name_text and not _SECTION_NUMBER.match(text):
        # "1 | Nguyễn Văn An" alone is a data row with little filled in, not a heading
        body = name_text
    else:
        body = _SECTION_NUMBER.sub("", text) if _SECTION_NUMBER.match(text) else text
    body_key = key(body)
    kind = _kind_in(body) if len(body_key.split()) <= 8 else None
    award_part = re.split(r"\s+(?:cho|đối với|doi voi)\s+|:", body, maxsplit=1, flags=re.IGNORECASE)[0]
    award = recogniser.recognise(re.sub(r"\s*\([^)]*\)", "", award_part))
    heading_marker = bool(_ROMAN_OR_LETTER.match(tt_text)) or bool(_SECTION_NUMBER.match(text)) or text.isupper()
    # "1. | Tập thể Phòng Kế toán" numbered in the TT column is a row; "1. | Cá nhân" is a heading
    if kind and (heading_marker or number is None) and (number is None or _only_kind_words(body_key)):
        return kind, award
    if award is not None and (heading_marker or number is None) and not data_fields:
        return None, award
    if number is None and not name_text and not data_fields:
        return None, None  # a stray line (a unit heading, a note): not a row
    return None


_KIND_WORDS = re.compile(r"\b(khen thuong|danh sach|de nghi|doi voi|ca nhan|tap the|ho gia dinh|gia dinh|so|\d+)\b")


def _only_kind_words(folded: str) -> bool:
    """'ca nhan', 'tap the (05)', 'khen thuong ca nhan' — a heading, not a collective's name."""
    return not _KIND_WORDS.sub(" ", folded).split()


def _row(raw, header, number, name_text, kind_default, award_default, recogniser, matcher, codes) -> ProposalRow:
    lines = name_text.split("\n") if name_text else [""]
    name_cell, extra_lines = lines[0], lines[1:]
    m = re.match(r"^(.*?)\s*[(\[](.+?)[)\]]\s*$", name_cell)
    if m and m.group(1).strip():  # "Nguyễn Văn An (Trưởng phòng)": the note is position, not name
        name_cell, extra_lines = m.group(1), [m.group(2), *extra_lines]
    classification = cell_text(_cell(raw, header, "classification"))
    kind = _kind_in(codes.get(key(classification), classification)) if classification else None

    birth_problem = ""
    birth = tabular.Birth()
    gender = ""
    for fld, g in (("birth_date", ""), ("birth_male", "male"), ("birth_female", "female")):
        value = _cell(raw, header, fld)
        if value in (None, "") or cell_text(value) == "":
            continue
        try:
            birth = tabular.parse_birth(value)
        except (ValueError, OverflowError):
            birth_problem = _("Ngày sinh “%(value)s” không hợp lệ.") % {"value": cell_text(value)}
        gender = g or gender
        break
    gender_cell = key(_cell(raw, header, "gender"))
    if gender_cell in ("nam", "nu"):
        gender = "male" if gender_cell == "nam" else "female"

    folded_name = key(name_cell)
    if kind is None:
        kind = kind_default
    if kind is None:
        if birth.date or birth.year or birth_problem or gender:
            kind = INDIVIDUAL
        elif _HOUSEHOLD.match(folded_name):
            kind = HOUSEHOLD
        elif tabular.split_title(name_cell)[0]:
            kind = INDIVIDUAL
        elif folded_name.startswith(_COLLECTIVE_STARTS) and _starts_with_unit_word(folded_name):
            kind = COLLECTIVE

    award_raw = cell_text(_cell(raw, header, "award")) or cell_text(_cell(raw, header, "award_alt"))
    award = recogniser.recognise(award_raw, codes) if award_raw else award_default
    if kind is None:
        kinds = set(award.subject_kinds or []) if award is not None else set()
        kind = COLLECTIVE if kinds and INDIVIDUAL not in kinds and kinds & {"collective", "village"} else (
            HOUSEHOLD if kinds == {"household"} else INDIVIDUAL)

    title, name = "", tabular.normalise_name(name_cell)
    if kind == INDIVIDUAL:
        title, name = tabular.split_title(name_cell)
        name = tabular.normalise_name(name)
    elif kind == HOUSEHOLD:
        m = _HOUSEHOLD.match(folded_name)
        if m:
            words = name_cell.split()
            cut = len(m.group(0).split())
            title = " ".join(words[:cut])
            name = tabular.normalise_name(" ".join(words[cut:]))
    position = cell_text(_cell(raw, header, "position"))
    unit_text = cell_text(_cell(raw, header, "unit"))
    pos_unit = cell_text(_cell(raw, header, "position_unit"))
    parts = [p for p in (pos_unit, position, unit_text, *[cell_text(x) for x in extra_lines]) if p]
    position_unit = ", ".join(dict.fromkeys(parts))

    unit = None
    if kind == COLLECTIVE:
        unit = matcher.find(name) or matcher.find_in(name)
    else:
        unit = (matcher.find(unit_text) if unit_text else None) or (
            matcher.find_in(position_unit) if position_unit else None)
    cid = tabular.citizen_id(_cell(raw, header, "citizen_id"))
    row = ProposalRow(
        row=number, kind=kind, title=title, name=name, birth_date=birth.date, birth_year=birth.year, gender=gender,
        position_unit=position_unit, award=award, award_text=award_raw, citizen_id=cid.number if cid.valid else "",
        achievement=cell_text(_cell(raw, header, "achievement")), unit=unit,
    )
    if birth_problem:
        row.problems.append(birth_problem)
    return row


def _starts_with_unit_word(folded: str) -> bool:
    first_two = " ".join(folded.split()[:2])
    return any(first_two == w or first_two.startswith(w + " ") or folded == w for w in _COLLECTIVE_STARTS)


def _match(rows: list[ProposalRow], matcher: UnitMatcher, sender: Unit | None, people) -> None:
    queries = []
    individuals = [r for r in rows if r.kind == INDIVIDUAL and r.name]
    for r in individuals:
        queries.append(PersonQuery(name=r.name, birth_date=r.birth_date, birth_year=r.birth_year,
                                   citizen_id=r.citizen_id, unit=r.unit))
    match_people(queries, matcher, people=Person.objects.all() if people is None else people, scope=sender)
    for r, q in zip(individuals, queries, strict=True):
        r.candidates = q.candidates


def _check(r: ProposalRow, year: int | None) -> None:
    if not r.name:
        r.problems.insert(0, _("Thiếu họ tên (tên tập thể)."))
    if r.birth_date and r.birth_date > dt.date.today():
        r.problems.append(_("Ngày sinh ở tương lai."))
    r.data_problems = list(r.problems)  # what choosing another award on the page does not fix
    if r.award is None:
        if r.award_text:
            r.problems.append(_("Không nhận ra danh hiệu/hình thức khen thưởng “%(award)s” trong danh mục.")
                              % {"award": r.award_text})
        else:
            r.problems.append(_("Chưa ghi danh hiệu/hình thức khen thưởng."))
        return
    kinds = set(r.award.subject_kinds or [])
    allowed = {INDIVIDUAL: {"individual"}, COLLECTIVE: {"collective", "village"}, HOUSEHOLD: {"household"}}[r.kind]
    if not kinds & allowed:
        r.problems.append(_("“%(award)s” không tặng cho %(kind)s.")
                          % {"award": r.award.name, "kind": _(KIND_LABELS[r.kind]).lower()})
    if not r.award.conferrable:
        r.problems.append(_("“%(award)s” là hình thức khen thưởng trước đây, không còn xét tặng.")
                          % {"award": r.award.name})
    elif not r.award.active:
        r.problems.append(_("“%(award)s” đã ngừng sử dụng trong danh mục.") % {"award": r.award.name})


def preview_upload(upload, user) -> ProposalList:
    """The page's preview of an uploaded list: matches among the people the user may see in the dossier's unit,
    columns as the sending unit's officers assigned them before."""
    from thidua.dossiers.models import ListColumnMapping

    dossier = upload.dossier
    people = Person.objects.visible_to(user).filter(unit__path__startswith=dossier.unit.path)
    with upload.file.open("rb") as fh:
        data = fh.read()
    stored_as = os.path.splitext(upload.file.name)[1] or os.path.splitext(upload.original_name)[1]
    return read_list(data, f"danh-sach{stored_as}", sender=dossier.unit, level=upload.level, year=dossier.year,
                     people=people, overrides=ListColumnMapping.overrides_for(dossier.unit))
