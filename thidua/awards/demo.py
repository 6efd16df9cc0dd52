"""Demo award histories 2018–2025 for the demo people and units (deterministic, idempotent, set-wise).

Every person gets a yearly rating; good years bring Lao động tiên tiến, excellent ones Chiến sĩ thi đua cơ sở
(some on a recognised initiative), two CSTĐ cơ sở in a row a Bằng khen of the province's Chairman, three in a row
with a provincial initiative a CSTĐ cấp tỉnh. Units get ratings and collective titles; the Thái Bình agencies merged
into Hưng Yên on 01/7/2025 keep their awards, which show on their successors' pages. One discipline, one open
proceeding and one revoked award make the edge cases visible."""

import datetime as dt
import random
import unicodedata

from thidua.awards.models import Award, AwardType, Discipline, Initiative, PendingProceeding, Rating
from thidua.core.text import fold

YEARS = range(2018, 2026)
MARKER = "Dữ liệu minh họa"
INITIATIVE_TITLES = [
    "Ứng dụng phần mềm quản lý hồ sơ điện tử trong công tác văn thư",
    "Đổi mới phương pháp dạy học theo hướng phát triển năng lực học sinh",
    "Số hóa quy trình tiếp nhận và trả kết quả thủ tục hành chính",
    "Giải pháp tiết kiệm điện năng tại trụ sở cơ quan",
    "Xây dựng ngân hàng câu hỏi kiểm tra trực tuyến",
    "Cải tiến quy trình chăm sóc người bệnh sau phẫu thuật",
    "Mô hình tuyên truyền pháp luật qua mạng xã hội",
    "Quy trình thẩm định hồ sơ khen thưởng trên môi trường số",
]


def _symbol(unit) -> str:
    """Issuer symbol of a unit's own decisions: initials of its name ('Sở Giáo dục và Đào tạo' → 'SGDĐT')."""
    if unit.kind == "locality":
        return "UBND"
    words = [w for w in unit.name.split() if fold(w) not in {"va", "tinh"}]
    initials = "".join(unicodedata.normalize("NFC", w[0]).upper() for w in words if w[0].isalpha())
    return initials[:8] or "UBND"


class _Numbers:
    """Decision numbers per issuer and year, from 01 (Decree 30/2020 Art 15)."""

    def __init__(self):
        self.next: dict[tuple, int] = {}

    def __call__(self, symbol: str, year: int) -> str:
        n = self.next.get((symbol, year), 0) + 1
        self.next[(symbol, year)] = n
        return f"{n:02d}/QĐ-{symbol}"


def load(ctx):
    types = {t.code: t for t in AwardType.objects.all()}
    units = ctx["units"]
    people = ctx["people"]
    if Rating.objects.filter(note=MARKER).exists():
        return  # already loaded
    rng = random.Random(2018)
    number = _Numbers()
    ratings: list[Rating] = []
    awards: list[Award] = []
    initiatives: list[tuple[Initiative, Award | None]] = []

    def award(code, year, *, person=None, unit=None, issuer_symbol, issuer, date, kind="individual", ctype="cong_trang"):
        a = Award(
            award_type=types[code], person=person, unit=unit or person.unit, recipient_kind=kind, year=year,
            commendation_type=ctype, decision_number=number(issuer_symbol, date.year), decision_date=date,
            decision_issuer=issuer, source=Award.Source.MANUAL, achievement="",
        )
        awards.append(a)
        return a

    for idx, person in enumerate(people):
        quality = rng.random()
        unit = person.unit
        symbol = _symbol(unit)
        school = unit.kind == "school"
        history = {}
        for year in YEARS:
            r = rng.random()
            if r < 0.12 + 0.35 * quality:
                value = "HTXSNV"
            elif r < 0.9:
                value = "HTTNV"
            elif r < 0.98:
                value = "HTNV"
            else:
                value = "KHTNV"
            if idx == 17 and year == 2024:
                value = "HTNV"  # the disciplined year
            ratings.append(Rating(person=person, year=year, rating=value, note=MARKER))
            history[year] = value
        cstd_years = []
        bk_years = []
        for year in YEARS:
            if history[year] not in ("HTXSNV", "HTTNV"):
                continue
            date = dt.date(year, 7, 20) if school else dt.date(year, 12, 22)
            award("LDTT", year, person=person, issuer_symbol=symbol, issuer=f"Thủ trưởng {unit.name}", date=date)
            if history[year] == "HTXSNV" and rng.random() < 0.75:
                a = award("CSTD_CO_SO", year, person=person, issuer_symbol=symbol, issuer=f"Thủ trưởng {unit.name}",
                          date=date)
                cstd_years.append(year)
                if rng.random() < 0.4:
                    initiatives.append((Initiative(
                        person=person, title=INITIATIVE_TITLES[(idx + year) % len(INITIATIVE_TITLES)], year=year,
                        scope="co_so", recognition_decision=number(symbol, year).replace("QĐ", "QĐ-HĐSK"),
                        recognised_on=dt.date(year, 11, 15)), a))
            if (year - 1 in cstd_years and year in cstd_years and not {year - 1, year} & set(bk_years)
                    and rng.random() < 0.6):
                award("BK_TINH", year, person=person, issuer_symbol="UBND", issuer="Chủ tịch UBND tỉnh Hưng Yên",
                      date=dt.date(year + 1, 1, 15) if year < 2025 else dt.date(2026, 1, 20))
                bk_years.append(year)
            if all(y in cstd_years for y in (year - 2, year - 1, year)) and rng.random() < 0.5:
                provincial = Initiative(
                    person=person, title=INITIATIVE_TITLES[idx % len(INITIATIVE_TITLES)] + " (nhân rộng toàn tỉnh)",
                    year=year, scope="tinh", recognition_decision=number("UBND", year), recognised_on=dt.date(year, 10, 1))
                a = award("CSTD_TINH", year, person=person, issuer_symbol="UBND", issuer="Chủ tịch UBND tỉnh Hưng Yên",
                          date=dt.date(year + 1, 2, 10) if year < 2025 else dt.date(2026, 2, 10))
                initiatives.append((provincial, a))
                cstd_years = []  # a new chain starts after the provincial title
        if idx % 9 == 0:  # an initiative recognised in 2025, not yet used: candidates for 2025 awards
            initiatives.append((Initiative(
                person=person, title=INITIATIVE_TITLES[(idx // 9) % len(INITIATIVE_TITLES)], year=2025, scope="co_so",
                recognition_decision=number(symbol, 2025).replace("QĐ", "QĐ-HĐSK"),
                recognised_on=dt.date(2025, 11, 20)), None))
        if idx % 37 == 3:  # sudden achievements: do not count toward the chains
            award("GIAY_KHEN", 2024, person=person, issuer_symbol=symbol, issuer=f"Thủ trưởng {unit.name}",
                  date=dt.date(2024, 9, 5), ctype="dot_xuat")

    _units(units, types, award, ratings, rng)
    # Set-wise writes: a handful of INSERTs, whatever the number of people.
    for a in awards:
        a.refresh_search()
    Award.objects.bulk_create(awards, batch_size=1000)
    Rating.objects.bulk_create(ratings, batch_size=1000)
    for initiative, used_by in initiatives:
        initiative.used_by_award = used_by
    Initiative.objects.bulk_create([i for i, _ in initiatives], batch_size=1000)
    _edge_cases(people, types)


def _units(units, types, award, ratings, rng):
    staffed = [u for code, u in units.items() if code != "ubnd-tinh"]
    for unit in staffed:
        merged_away = unit.code.endswith("thai-binh")
        symbol = _symbol(unit)
        for year in YEARS:
            if merged_away and year > 2024:
                continue  # the Thái Bình agencies ceased on 30/6/2025
            value = "HTXSNV" if rng.random() < 0.45 else "HTTNV"
            ratings.append(Rating(unit=unit, year=year, rating=value, note=MARKER))
            date = dt.date(year + 1, 1, 10)
            issuer = "Chủ tịch UBND tỉnh Thái Bình" if merged_away else "Chủ tịch UBND tỉnh Hưng Yên"
            if value == "HTXSNV":
                award("TTLDXS", year, unit=unit, kind="collective", issuer_symbol="UBND", issuer=issuer, date=date)
            else:
                award("TTLDTT", year, unit=unit, kind="collective", issuer_symbol=symbol,
                      issuer=f"Thủ trưởng {unit.name}", date=dt.date(year, 12, 25))
        if merged_away:
            award("BK_TINH", 2022, unit=unit, kind="collective", issuer_symbol="UBND",
                  issuer="Chủ tịch UBND tỉnh Thái Bình", date=dt.date(2023, 1, 12))
            award("CO_TINH", 2023, unit=unit, kind="collective", issuer_symbol="UBND",
                  issuer="Chủ tịch UBND tỉnh Thái Bình", date=dt.date(2024, 1, 18))
    for code, year in (("so-gddt", 2024), ("ubnd-van-lam", 2023), ("dh-su-pham-ky-thuat", 2024)):
        if code in units:
            award("CO_TINH", year, unit=units[code], kind="collective", issuer_symbol="UBND",
                  issuer="Chủ tịch UBND tỉnh Hưng Yên", date=dt.date(year + 1, 1, 20))
    if "ubnd-khoai-chau" in units:
        household = award("BK_TINH", 2024, unit=units["ubnd-khoai-chau"], kind="household", issuer_symbol="UBND",
                          issuer="Chủ tịch UBND tỉnh Hưng Yên", date=dt.date(2024, 10, 2), ctype="phong_trao")
        household.household_name = "Hộ ông Nguyễn Văn Thịnh, thôn Đông Kết"
        household.achievement = "Hiến 450 m² đất làm đường giao thông nông thôn"


def _edge_cases(people, types):
    from thidua.orgs.models import Person, Unit

    # A record entered twice: once by the school, once from Thái Bình's old award book (duplicate-person report).
    original = people[60]
    old_unit = Unit.objects.filter(code="so-gddt-thai-binh").first()
    if old_unit is not None:
        twin, created = Person.objects.get_or_create(
            full_name=original.full_name.upper(), birth_date=original.birth_date, unit=old_unit,
            defaults={"gender": original.gender, "position": original.position},
        )
        if created:
            Award.objects.create(award_type=types["LDTT"], person=twin, unit=old_unit, recipient_kind="individual",
                                 year=2019, decision_number="27/QĐ-SGDĐT", decision_date=dt.date(2019, 7, 25),
                                 decision_issuer="Giám đốc Sở GD&ĐT Thái Bình", source=Award.Source.IMPORT)
    disciplined = people[17]
    Discipline.objects.get_or_create(
        person=disciplined, year=2024,
        defaults={"form": Discipline.Form.CANH_CAO, "decided_on": dt.date(2024, 5, 14),
                  "decision": "45/QĐ-KL", "ends_on": dt.date(2025, 5, 13),
                  "note": "Vi phạm quy định về quản lý tài chính"},
    )
    PendingProceeding.objects.get_or_create(
        person=people[42], kind=PendingProceeding.Kind.COMPLAINT,
        defaults={"opened_on": dt.date(2026, 9, 8), "note": "Đơn khiếu nại về kết quả bình xét thi đua năm 2025 đang được giải quyết"},
    )
    PendingProceeding.objects.get_or_create(
        person=people[43], kind=PendingProceeding.Kind.INSPECTION,
        defaults={"opened_on": dt.date(2025, 3, 3), "closed_on": dt.date(2025, 6, 30),
                  "note": "Kiểm tra công vụ; kết luận không có vi phạm"},
    )
    revoked = Award.objects.filter(person=people[5], award_type__code="LDTT", revoked=False).order_by("year").first()
    if revoked is not None:
        from thidua.awards.services import revoke

        revoke(revoked, "Kê khai thành tích không trung thực (kết luận kiểm tra năm 2023)", "112/QĐ-UBND ngày 10/8/2023",
               on=dt.date(2023, 8, 10))
