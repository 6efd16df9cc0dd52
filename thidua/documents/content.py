"""What goes into an administrative document, as plain data (no ORM): issuer, number, date, signer, lists.

The DOCX masters (`masters/*.docx`) only lay this out; `services.py` fills these dataclasses from the database
and `rendering.py` turns them into files. Formatting rules of Decree 30/2020 (Phụ lục I) that are about text, not
layout, live here: the "Số:" number with a leading zero, the place-and-date line ("Hưng Yên, ngày 05 tháng 02
năm 2025": day < 10 and month < 3 get a leading 0), căn cứ lines ending ";" and the last ".", annexed lists in
Vietnamese name order (given name first, `thidua.core.text.person_sort_key`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from thidua.core.text import person_sort_key, sort_key

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def roman(n: int) -> str:
    return ROMAN[n - 1] if 0 < n <= len(ROMAN) else str(n)


def upper_vi(text: str) -> str:
    return (text or "").upper()


def date_words(day: dt.date | None, year: int | None = None) -> str:
    """'ngày 05 tháng 02 năm 2025'; an unsigned draft leaves the day and month blank for the clerk."""
    if day is None:
        return f"ngày      tháng      năm {year or dt.date.today().year}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def with_final_punctuation(lines: list[str]) -> list[str]:
    """Căn cứ: every line ends with ';' and the last one with '.'."""
    cleaned = [line.strip().rstrip(";.,").rstrip() for line in lines if line and line.strip()]
    return [line + (";" if i < len(cleaned) - 1 else ".") for i, line in enumerate(cleaned)]


def ratio_text(yes: int, total: int) -> str:
    """'80,0%' (Vietnamese decimal comma); '—' when nobody could vote."""
    if not total:
        return "—"
    return f"{100 * yes / total:.1f}%".replace(".", ",")


@dataclass(frozen=True)
class Issuer:
    """Tên cơ quan ban hành: `lines` bold upper case (e.g. 'ỦY BAN NHÂN DÂN' / 'TỈNH HƯNG YÊN'), `parent` the cơ
    quan chủ quản above it (upright), `symbol` its ký hiệu in numbers ('UBND', 'SNV'), `place` the địa danh."""

    lines: tuple[str, ...]
    symbol: str
    place: str
    parent: str = ""
    body: str = ""  # the collective body a signer acts for: 'TM. ỦY BAN NHÂN DÂN'
    name: str = ""  # in running text: 'Ủy ban nhân dân tỉnh Hưng Yên'
    head: str = ""  # its head in running text: 'Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên'

    @classmethod
    def people_committee(cls, province: str) -> Issuer:
        return cls(
            lines=("ỦY BAN NHÂN DÂN", f"TỈNH {upper_vi(province)}"),
            symbol="UBND",
            place=province,
            body="ỦY BAN NHÂN DÂN",
            name=f"Ủy ban nhân dân tỉnh {province}",
            head=f"Chủ tịch Ủy ban nhân dân tỉnh {province}",
        )

    @classmethod
    def provincial_agency(cls, name: str, symbol: str, province: str, head: str = "Giám đốc") -> Issuer:
        """A department under the provincial committee, e.g. Sở Nội vụ ('SNV')."""
        return cls(
            lines=(upper_vi(name),),
            symbol=symbol,
            place=province,
            parent=f"UBND TỈNH {upper_vi(province)}",
            name=name,
            head=f"{head} {name}",
        )

    @classmethod
    def council(cls, province: str) -> Issuer:
        return cls(
            lines=("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",),
            symbol="HĐTĐKT",
            place=province,
            parent=f"UBND TỈNH {upper_vi(province)}",
            body="HỘI ĐỒNG",
            name=f"Hội đồng Thi đua - Khen thưởng tỉnh {province}",
            head=f"Chủ tịch Hội đồng Thi đua - Khen thưởng tỉnh {province}",
        )


@dataclass(frozen=True)
class Signer:
    """Signature block (NĐ 30 Art 13): 'TM. ỦY BAN NHÂN DÂN' / 'CHỦ TỊCH' / name; 'KT. CHỦ TỊCH' / 'PHÓ CHỦ TỊCH'."""

    position: str
    name: str
    authority: str = ""


@dataclass
class Header:
    issuer: Issuer
    doc_type: str  # ký hiệu of the document type: QĐ, TTr, BB
    number: str = ""  # '12/QĐ-UBND'; empty until allocated
    issued_on: dt.date | None = None
    year: int | None = None

    @property
    def number_text(self) -> str:
        return self.number or f"{' ' * 8}/{self.doc_type}-{self.issuer.symbol}"

    @property
    def place_date(self) -> str:
        return f"{self.issuer.place}, {date_words(self.issued_on, self.year)}"

    def context(self) -> dict:
        return {
            "issuer_parent": self.issuer.parent,
            "issuer_lines": list(self.issuer.lines),
            "number": self.number_text,
            "place_date": self.place_date,
        }


@dataclass
class ListEntry:
    """One line of an annexed list: a person or a collective, with position/unit, and the award it receives."""

    name: str
    detail: str = ""
    collective: bool = False
    award: str = ""
    honorific: str = ""  # 'Ông' / 'Bà'; shown, never used for ordering

    @property
    def order_key(self) -> str:
        return sort_key(self.name) if self.collective else person_sort_key(self.name)


def list_sections(entries: list[ListEntry], award_order: list[str] | None = None) -> list[dict]:
    """Group entries by award (in `award_order`, else first appearance), collectives before individuals, each
    group in Vietnamese order and numbered from 1. Returns [{title, award, collective, rows: [{no, name, detail}]}]."""
    awards: list[str] = list(award_order or [])
    for e in entries:
        if e.award not in awards:
            awards.append(e.award)
    groups: dict[tuple[str, bool], list[ListEntry]] = {}
    for e in entries:
        groups.setdefault((e.award, e.collective), []).append(e)
    single_award = len([a for a in awards if any((a, c) in groups for c in (True, False))]) <= 1
    sections, n = [], 0
    for award in awards:
        for collective in (True, False):
            members = groups.get((award, collective))
            if not members:
                continue
            n += 1
            members.sort(key=lambda e: (e.order_key, e.name))
            kind = "TẬP THỂ" if collective else "CÁ NHÂN"
            count = f"{len(members):,}".replace(",", ".")
            title = f"{roman(n)}. {kind} ({count})" if single_award else f"{roman(n)}. {award} – {kind.lower()} ({count})"
            sections.append({
                "title": title,
                "award": award,
                "collective": collective,
                "rows": [
                    {"no": i, "name": f"{e.honorific} {e.name}".strip(), "detail": e.detail}
                    for i, e in enumerate(members, start=1)
                ],
            })
    return sections


@dataclass
class Article:
    heading: str  # 'Điều 1.'
    text: str


@dataclass
class DecisionDocument:
    """Quyết định (cá biệt) with its annexed list."""

    header: Header
    abstract: str
    authority: str  # 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN'
    bases: list[str]
    articles: list[Article]
    signer: Signer
    recipients: list[str] = field(default_factory=list)
    entries: list[ListEntry] = field(default_factory=list)
    annex_title: str = ""
    title: str = "QUYẾT ĐỊNH"

    @property
    def annex_reference(self) -> str:
        h = self.header
        number = h.number or h.number_text.strip()
        return f"(Kèm theo Quyết định số {number} {date_words(h.issued_on, h.year)} của {h.issuer.head})"

    def context(self) -> dict:
        return {
            **self.header.context(),
            "title": self.title,
            "abstract": self.abstract,
            "authority": self.authority,
            "bases": with_final_punctuation(self.bases),
            "articles": [{"heading": a.heading, "text": a.text} for a in self.articles],
            "recipients": self.recipients,
            "signer_authority": self.signer.authority,
            "signer_position": self.signer.position,
            "signer_name": self.signer.name,
            "annex_heading": "DANH SÁCH",
            "annex_title": self.annex_title,
            "annex_reference": self.annex_reference,
            "annex_sections": list_sections(self.entries),
        }


@dataclass
class SummaryLine:
    award: str
    collectives: int = 0
    individuals: int = 0


@dataclass
class ProposalDocument:
    """Tờ trình: the standing body asks the signer to confer awards; a summary table and the proposed list."""

    header: Header
    abstract: str
    addressee: str
    bases: list[str]
    body: list[str]
    closing: list[str]
    signer: Signer
    recipients: list[str] = field(default_factory=list)
    summary: list[SummaryLine] = field(default_factory=list)
    entries: list[ListEntry] = field(default_factory=list)
    annex_title: str = ""
    title: str = "TỜ TRÌNH"

    def context(self) -> dict:
        h = self.header
        number = h.number or h.number_text.strip()
        rows = [{"no": i, "name": s.award, "collectives": s.collectives, "individuals": s.individuals}
                for i, s in enumerate(self.summary, start=1)]
        if rows:
            rows.append({"no": "", "name": "Tổng cộng", "collectives": sum(s.collectives for s in self.summary),
                         "individuals": sum(s.individuals for s in self.summary)})
        return {
            **h.context(),
            "title": self.title,
            "abstract": self.abstract,
            "addressee": self.addressee,
            "bases": with_final_punctuation(self.bases),
            "body": self.body,
            "summary_sections": [{"title": "", "rows": rows}] if rows else [],
            "closing": self.closing,
            "recipients": self.recipients,
            "signer_authority": self.signer.authority,
            "signer_position": self.signer.position,
            "signer_name": self.signer.name,
            "annex_heading": "DANH SÁCH",
            "annex_title": self.annex_title,
            "annex_reference": f"(Kèm theo Tờ trình số {number} {date_words(h.issued_on, h.year)} của {h.issuer.name})",
            "annex_sections": list_sections(self.entries),
        }


@dataclass
class TallyLine:
    """One nomination's secret-ballot result."""

    name: str
    award: str
    votes_yes: int
    votes_total: int  # the council's members: thresholds are a share of ALL members (NĐ 152)
    passed: bool | None  # None: the ballot has not been counted yet
    collective: bool = False

    @property
    def order_key(self) -> str:
        return sort_key(self.name) if self.collective else person_sort_key(self.name)


@dataclass
class MinutesDocument:
    """Biên bản of a council session."""

    header: Header
    abstract: str
    opening: list[str]
    attendance: list[str]
    tally: list[TallyLine]
    conclusion: list[str]
    secretary: Signer
    chair: Signer
    recusals: list[str] = field(default_factory=list)
    tally_intro: list[str] = field(default_factory=list)
    title: str = "BIÊN BẢN"

    def context(self) -> dict:
        lines = sorted(self.tally, key=lambda t: (t.award, t.order_key, t.name))
        rows = [
            {"no": i, "name": t.name, "award": t.award,
             "yes": f"{t.votes_yes}/{t.votes_total}" if t.passed is not None else "—",
             "ratio": ratio_text(t.votes_yes, t.votes_total) if t.passed is not None else "—",
             "outcome": {True: "Đạt", False: "Không đạt", None: "Chưa kiểm phiếu"}[t.passed]}
            for i, t in enumerate(lines, start=1)
        ]
        return {
            **self.header.context(),
            "title": self.title,
            "abstract": self.abstract,
            "opening": self.opening,
            "attendance": self.attendance,
            "tally_intro": self.tally_intro,
            "tally_sections": [{"title": "", "rows": rows}] if rows else [],
            "recusals": self.recusals,
            "conclusion": self.conclusion,
            "secretary_title": self.secretary.position,
            "secretary_name": self.secretary.name,
            "chair_title": self.chair.position,
            "chair_name": self.chair.name,
        }
