"""Statutory deadlines of petitions (đơn thư) — pure functions over a `WorkCalendar`, no database.

What the law says, and how it is counted here:

* **Khiếu nại** (complaint) — Luật Khiếu nại 2011 (văn bản hợp nhất 03/VBHN-VPQH 2021):
  - Art 27: the competent person accepts (thụ lý) a complaint within **10 days** of receiving it. The procedure
    sheets of the Government Inspectorate (thủ tục giải quyết khiếu nại lần đầu) read this as 10 *working* days,
    which is what we count.
  - Art 28: first-time resolution within **30 days** of acceptance, **45 days** for a complex case; in remote,
    hard-to-reach areas (vùng sâu, vùng xa) **45 days**, **60 days** for a complex case.
* **Tố cáo** (denunciation) — Luật Tố cáo 2018 (25/2018/QH14):
  - Art 24, 29: within **7 working days** of receipt the denunciation is registered, checked and accepted or not.
  - Art 30: resolution within **30 days** of acceptance; a complex case may be extended once by up to 30 days,
    an especially complex case twice, each time by up to 30 days (so at most 60 or 90 days in total).
    (The 60-day term with a 30/60-day extension belonged to the repealed Luật Tố cáo 2011, Art 21.)
* **Kiến nghị, phản ánh** (recommendation, feedback) — Luật Tiếp công dân 2013 Art 28 and the Inspectorate's
  rules on handling letters (Thông tư 05/2021/TT-TTCP): a letter is classified and handled — accepted, or the
  sender told why not — within **10 working days** of receipt. The law sets no general time limit for the answer
  itself; the province answers within **30 days** of acceptance (`RECOMMENDATION_ANSWER_DAYS`, an internal
  target, not a statutory one).

Counting (Bộ luật Dân sự 2015 Art 147–148): a term in days starts the day after the event (receipt, acceptance);
terms the law states in days are calendar days, and when the last day is a weekend or public holiday (Tết
included) the term ends on the next working day. Terms stated in working days skip weekends, public holidays and
the administrator's extra days off, and count make-up Saturdays (`core.workdays`).
"""

import datetime as dt
from dataclasses import dataclass

from thidua.core.workdays import WorkCalendar

COMPLAINT = "complaint"
DENUNCIATION = "denunciation"
RECOMMENDATION = "recommendation"

ACCEPT_WORKING_DAYS = {COMPLAINT: 10, DENUNCIATION: 7, RECOMMENDATION: 10}
RECOMMENDATION_ANSWER_DAYS = 30
DENUNCIATION_EXTENSION_DAYS = 30
MAX_DENUNCIATION_EXTENSIONS = 2

BASIS_ACCEPT = {
    COMPLAINT: "Luật Khiếu nại 2011, Điều 27",
    DENUNCIATION: "Luật Tố cáo 2018, Điều 24, 29",
    RECOMMENDATION: "Luật Tiếp công dân 2013, Điều 28; Thông tư 05/2021/TT-TTCP",
}
BASIS_RESOLVE = {
    COMPLAINT: "Luật Khiếu nại 2011, Điều 28",
    DENUNCIATION: "Luật Tố cáo 2018, Điều 30",
    RECOMMENDATION: "Chỉ tiêu của tỉnh (pháp luật không quy định thời hạn chung)",
}


def roll_forward(cal: WorkCalendar, day: dt.date) -> dt.date:
    """A term ending on a day off ends on the next working day (BLDS 2015 Art 148)."""
    while not cal.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def resolution_days(kind: str, *, complex_case: bool = False, remote_area: bool = False, extensions: int = 0) -> int:
    """Calendar days from acceptance to the resolution deadline."""
    if kind == COMPLAINT:
        if remote_area:
            return 60 if complex_case else 45
        return 45 if complex_case else 30
    if kind == DENUNCIATION:
        extensions = max(0, min(int(extensions or 0), MAX_DENUNCIATION_EXTENSIONS))
        return 30 + DENUNCIATION_EXTENSION_DAYS * extensions
    if kind == RECOMMENDATION:
        return RECOMMENDATION_ANSWER_DAYS
    raise ValueError(f"unknown petition kind: {kind!r}")


@dataclass(frozen=True)
class Deadlines:
    accept_by: dt.date
    resolve_by: dt.date | None  # None until the petition is accepted
    accept_basis: str
    resolve_basis: str
    resolve_days: int


def compute(cal: WorkCalendar, kind: str, received_on: dt.date, accepted_on: dt.date | None = None, *,
            complex_case: bool = False, remote_area: bool = False, extensions: int = 0) -> Deadlines:
    if kind not in ACCEPT_WORKING_DAYS:
        raise ValueError(f"unknown petition kind: {kind!r}")
    days = resolution_days(kind, complex_case=complex_case, remote_area=remote_area, extensions=extensions)
    resolve_by = None
    if accepted_on is not None:
        resolve_by = roll_forward(cal, accepted_on + dt.timedelta(days=days))
    return Deadlines(
        accept_by=cal.add_working_days(received_on, ACCEPT_WORKING_DAYS[kind]),
        resolve_by=resolve_by,
        accept_basis=BASIS_ACCEPT[kind],
        resolve_basis=BASIS_RESOLVE[kind],
        resolve_days=days,
    )
