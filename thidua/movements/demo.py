"""Demo data of the "Thi đua" area (plan 196/KH-UBND, sections II.2–II.7, appendix tasks 1, 2, 4, 6, 11, 21, 24, 25):
the 2025 regular movement launched at the conference of task 1 with its sơ kết (task 11) and tổng kết (task 24), a
thematic movement (task 4), the 2021–2025 stage movement (task 21), a 2026 movement in preparation, the province's
2025 registration with the Government and the Red River Delta cluster (task 2), unit registrations in each state,
a signed pact and a scored, ranked rubric for every demo Cụm/Khối (task 6, 25). Idempotent; scores are synthetic
but deterministic."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from thidua.core.audit import record
from thidua.movements import services
from thidua.movements.models import (
    Criterion,
    Movement,
    MovementReview,
    Pact,
    PactSignature,
    Registration,
    RegistrationTitle,
    Score,
    Scorecard,
    ScoringRubric,
)
from thidua.orgs.models import EmulationGroup, GroupLeadership, Period, Person

UBND = "UBND tỉnh Hưng Yên"

MOVEMENTS = [
    {
        "key": "regular-2025",
        "name": "Phong trào thi đua yêu nước năm 2025: thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội năm 2025",
        "kind": Movement.Kind.REGULAR, "period": ("year", 2025), "lead": "so-noi-vu",
        "doc": ("196/KH-UBND", dt.date(2024, 12, 24), UBND),
        "launched_at": "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024, phát động phong trào thi đua yêu nước năm 2025",
        "start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31), "status": Movement.Status.CONCLUDED,
        "description": "Đẩy mạnh các phong trào thi đua yêu nước, phát huy sức mạnh tổng hợp của cả hệ thống chính trị và "
                       "các tầng lớp nhân dân, quyết tâm thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội năm 2025.",
        "participants": "Các cơ quan, đơn vị, địa phương, doanh nghiệp; các Cụm, Khối thi đua của tỉnh; cán bộ, công chức, "
                        "viên chức, người lao động và Nhân dân trên địa bàn tỉnh.",
        "targets": "1. Hòan thành và hòan thành vượt mức các chỉ tiêu phát triển kinh tế - xã hội năm 2025.\n"
                   "2. Lập thành tích chào mừng các ngày lễ lớn và Đại hội Thi đua yêu nước tỉnh lần thứ X.\n"
                   "3. 100% Cụm, Khối thi đua ký kết giao ước, tự chấm điểm và bình xét theo bộ tiêu chí.\n"
                   "4. Phát hiện, biểu dương, nhân rộng điển hình tiên tiến; chú trọng khen thưởng người lao động trực tiếp.",
        "award_standards": "Cờ thi đua của UBND tỉnh cho đơn vị dẫn đầu Cụm, Khối thi đua; Bằng khen của Chủ tịch UBND tỉnh; "
                           "danh hiệu Tập thể lao động xuất sắc, Chiến sĩ thi đua cơ sở theo Luật Thi đua, khen thưởng 2022.",
        "reviews": [
            (MovementReview.Kind.INTERIM, dt.date(2025, 7, 15), "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2025",
             "Báo cáo sơ kết 6 tháng đầu năm 2025 của UBND tỉnh",
             "Các Cụm, Khối thi đua đã ký kết giao ước và triển khai bộ tiêu chí chấm điểm; 100% cơ quan, đơn vị gửi bản "
             "đăng ký thi đua đúng hạn. Một số đơn vị chậm gửi báo cáo định kỳ, cần khắc phục trong 6 tháng cuối năm.",
             None, None),
            (MovementReview.Kind.FINAL, dt.date(2025, 12, 26), "Tổng kết công tác thi đua, khen thưởng năm 2025",
             "Báo cáo tổng kết công tác thi đua, khen thưởng năm 2025",
             "Phong trào thi đua được triển khai sâu rộng; các Cụm, Khối thi đua đã chấm điểm, bình xét, suy tôn đơn vị "
             "dẫn đầu đề nghị tặng Cờ thi đua của UBND tỉnh.",
             12, 48),
        ],
    },
    {
        "key": "thematic-2025",
        "name": "Thi đua lập thành tích chào mừng Đại hội Thi đua yêu nước tỉnh Hưng Yên lần thứ X và các ngày lễ lớn năm 2025",
        "kind": Movement.Kind.THEMATIC, "period": ("year", 2025), "lead": "so-noi-vu",
        "doc": ("25/KH-UBND", dt.date(2025, 2, 10), UBND),
        "launched_at": "",
        "start": dt.date(2025, 2, 15), "end": dt.date(2025, 9, 30), "status": Movement.Status.LAUNCHED,
        "description": "Thi đua chuyên đề gắn với kỷ niệm 95 năm thành lập Đảng, 50 năm giải phóng miền Nam, thống nhất đất "
                       "nước và Đại hội Thi đua yêu nước tỉnh lần thứ X.",
        "participants": "Các cơ quan, đơn vị, địa phương thuộc các Cụm, Khối thi đua của tỉnh.",
        "targets": "Mỗi cơ quan, đơn vị đăng ký ít nhất một công trình, phần việc cụ thể chào mừng; giới thiệu điển hình "
                   "tiên tiến tham dự Đại hội.",
        "award_standards": "Khen thưởng theo chuyên đề (không dùng làm căn cứ xét khen thưởng cấp cao hơn).",
        "reviews": [
            (MovementReview.Kind.INTERIM, dt.date(2025, 6, 20), "Sơ kết đợt thi đua chào mừng Đại hội",
             "", "Đã có 46 công trình, phần việc được đăng ký; 31 công trình hòan thành trước Đại hội.", 5, 14),
        ],
    },
    {
        "key": "stage-2021-2025",
        "name": "Phong trào thi đua “Hưng Yên chung sức xây dựng nông thôn mới” giai đoạn 2021–2025",
        "kind": Movement.Kind.STAGE, "period": ("stage", 2021, 2025), "lead": "so-nong-nghiep-moi-truong",
        "doc": ("90/KH-UBND", dt.date(2021, 6, 11), UBND),
        "launched_at": "Hội nghị phát động phong trào thi đua giai đoạn 2021–2025",
        "start": dt.date(2021, 6, 11), "end": dt.date(2025, 12, 31), "status": Movement.Status.CONCLUDED,
        "description": "Huy động các nguồn lực xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu.",
        "participants": "UBND các huyện, thị xã, thành phố; các sở, ngành; doanh nghiệp và Nhân dân.",
        "targets": "100% xã đạt chuẩn nông thôn mới nâng cao; ít nhất 30% xã đạt chuẩn nông thôn mới kiểu mẫu.",
        "award_standards": "Khen thưởng tổng kết giai đoạn: Bằng khen của Chủ tịch UBND tỉnh; đề nghị Bằng khen của Thủ "
                           "tướng Chính phủ cho tập thể, cá nhân tiêu biểu xuất sắc.",
        "reviews": [
            (MovementReview.Kind.INTERIM, dt.date(2023, 8, 30), "Sơ kết giữa giai đoạn 2021–2023", "",
             "Giữa giai đoạn, 82% số xã đạt chuẩn nông thôn mới nâng cao.", 8, 20),
            (MovementReview.Kind.FINAL, dt.date(2025, 11, 20), "Tổng kết phong trào giai đoạn 2021–2025",
             "Báo cáo tổng kết giai đoạn 2021–2025",
             "Hòan thành mục tiêu giai đoạn; đề nghị khen thưởng tổng kết các tập thể, cá nhân tiêu biểu (nhiệm vụ 21).",
             15, 32),
        ],
    },
    {
        "key": "regular-2026",
        "name": "Phong trào thi đua yêu nước năm 2026",
        "kind": Movement.Kind.REGULAR, "period": ("year", 2026), "lead": "so-noi-vu",
        "doc": ("", None, ""), "launched_at": "",
        "start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31), "status": Movement.Status.DRAFT,
        "description": "Dự thảo theo nhiệm vụ 26 (Xây dựng Kế hoạch công tác thi đua, khen thưởng năm 2026).",
        "participants": "", "targets": "", "award_standards": "", "reviews": [],
    },
]

CRITERIA = [
    ("I", "Thực hiện nhiệm vụ chính trị, chuyên môn được giao", None, Criterion.Kind.STANDARD),
    ("I.1", "Kết quả thực hiện các chỉ tiêu, nhiệm vụ trọng tâm năm", Decimal("30"), None),
    ("I.2", "Cải cách hành chính, chuyển đổi số", Decimal("10"), None),
    ("I.3", "Chấp hành chế độ thông tin, báo cáo", Decimal("10"), None),
    ("II", "Tổ chức phong trào thi đua và công tác khen thưởng", None, Criterion.Kind.STANDARD),
    ("II.1", "Ban hành kế hoạch, phát động, đăng ký và ký giao ước thi đua", Decimal("10"), None),
    ("II.2", "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", Decimal("10"), None),
    ("II.3", "Sơ kết, tổng kết; khen thưởng đúng quy định, chú trọng người lao động trực tiếp", Decimal("10"), None),
    ("III", "Xây dựng tổ chức Đảng, đoàn thể", None, Criterion.Kind.STANDARD),
    ("III.1", "Tổ chức Đảng hòan thành tốt nhiệm vụ trở lên", Decimal("10"), None),
    ("III.2", "Công đoàn, Đoàn Thanh niên hòan thành tốt nhiệm vụ", Decimal("10"), None),
    ("IV", "Điểm thưởng", Decimal("5"), Criterion.Kind.BONUS),
    ("IV.1", "Được Trung ương khen thưởng trong năm", Decimal("3"), None),
    ("IV.2", "Có sáng kiến, mô hình mới được nhân rộng", Decimal("2"), None),
    ("V", "Điểm trừ", None, Criterion.Kind.PENALTY),
    ("V.1", "Có cán bộ, công chức bị kỷ luật từ khiển trách trở lên", Decimal("5"), None),
    ("V.2", "Chậm gửi báo cáo, hồ sơ theo quy định", Decimal("5"), None),
]

PACT_TEXT = (
    "Căn cứ Luật Thi đua, khen thưởng năm 2022 và Kế hoạch số 196/KH-UBND ngày 24/12/2024 của UBND tỉnh, các đơn vị "
    "thành viên {group} thống nhất ký kết giao ước thi đua năm {period} với các nội dung:\n\n"
    "1. Thi đua hòan thành xuất sắc nhiệm vụ chính trị, chỉ tiêu, kế hoạch được giao.\n"
    "2. Đẩy mạnh cải cách hành chính, chuyển đổi số; thực hiện tốt chế độ thông tin, báo cáo.\n"
    "3. Tổ chức tốt phong trào thi đua; phát hiện, nhân rộng điển hình tiên tiến; khen thưởng kịp thời, đúng quy định.\n"
    "4. Xây dựng tổ chức Đảng, đoàn thể trong sạch, vững mạnh; không có cán bộ vi phạm kỷ luật.\n"
    "5. Tự chấm điểm theo bộ tiêu chí của {group}, gửi Trưởng {kind} trước ngày 05/12/{year} để bình xét, suy tôn."
)

# (name prefix of the group, register a tie at the top that the Chair decided)
TIE_GROUP = "Cụm thi đua số II"


def load(ctx):
    units = ctx["units"]
    movements = _movements(units)
    ctx["movements"] = movements
    _registrations(units, movements)
    year = Period.year(2025)
    school_year = Period.school_year(2024)
    universities = None
    for group in EmulationGroup.objects.order_by("kind", "sort_key"):
        members = list(services.member_units(group))
        if not members:
            continue
        period = school_year if group.cycle == EmulationGroup.Cycle.SCHOOL_YEAR else year
        if group.cycle == EmulationGroup.Cycle.SCHOOL_YEAR:
            universities = group
            # The block's head for 2024-2025 (approved the year before, as task 18 does for 2025-2026).
            if not GroupLeadership.objects.filter(group=group, period=period, role=GroupLeadership.Role.HEAD).exists():
                later = GroupLeadership.objects.filter(group=group, role=GroupLeadership.Role.HEAD).first()
                GroupLeadership.objects.create(group=group, period=period, unit=later.unit if later else members[0],
                                               role=GroupLeadership.Role.HEAD,
                                               decision="Quyết định phê duyệt Trưởng, Phó Khối năm học 2024-2025")
        _pact(group, period, members)
        _rubric(group, period, members, finalise=True)
    if universities is not None:  # the school year that followed: scoring still open for the group head to run
        next_year = Period.school_year(2025)
        members = list(services.member_units(universities))
        _pact(universities, next_year, members)
        _rubric(universities, next_year, members, finalise=False)


def _period(spec):
    if spec[0] == "year":
        return Period.year(spec[1])
    if spec[0] == "stage":
        return Period.stage(spec[1], spec[2])
    return Period.school_year(spec[1])


def _movements(units):
    out = {}
    for spec in MOVEMENTS:
        movement = Movement.objects.filter(name=spec["name"]).first()
        if movement is None:
            number, date, issuer = spec["doc"]
            movement = Movement.objects.create(
                name=spec["name"], kind=spec["kind"], period=_period(spec["period"]), lead_unit=units[spec["lead"]],
                launch_doc_number=number, launch_doc_date=date, launch_doc_issuer=issuer,
                launched_at=spec["launched_at"], description=spec["description"], participants=spec["participants"],
                targets=spec["targets"], award_standards=spec["award_standards"],
                start=spec["start"], end=spec["end"], status=spec["status"],
            )
            for kind, held_on, title, document, summary, collectives, individuals in spec["reviews"]:
                MovementReview.objects.create(movement=movement, kind=kind, held_on=held_on, title=title,
                                              document=document, summary=summary,
                                              collectives_commended=collectives, individuals_commended=individuals)
        out[spec["key"]] = movement
    return out


REGISTRATIONS = [
    # unit, status, registered with, targets, [(title code, other name, quantity)]
    ("ubnd-tinh", Registration.Status.ACCEPTED,
     "Chính phủ; Hội đồng Thi đua - Khen thưởng Trung ương; Cụm thi đua các tỉnh Đồng bằng sông Hồng",
     "Đăng ký thi đua năm 2025 của tỉnh (nhiệm vụ 2, mục II.2.b Kế hoạch 196/KH-UBND):\n"
     "1. Tốc độ tăng trưởng GRDP đạt 8% trở lên.\n2. Thu ngân sách nhà nước trên địa bàn đạt và vượt dự toán.\n"
     "3. 100% xã đạt chuẩn nông thôn mới nâng cao.\n4. Chỉ số cải cách hành chính (PAR Index) thuộc nhóm dẫn đầu Cụm.",
     [("CO_CP", "", 1)]),
    ("so-gddt", Registration.Status.SUBMITTED, "Hội đồng Thi đua - Khen thưởng tỉnh",
     "Hòan thành xuất sắc nhiệm vụ năm 2025; tỷ lệ học sinh tốt nghiệp THPT đạt trên 99%; 100% trường học triển khai "
     "chuyển đổi số trong quản lý.",
     [("CO_TINH", "", 1), ("TTLDXS", "", 1), ("CSTD_CO_SO", "", 6), ("LDTT", "", 45)]),
    ("so-y-te", Registration.Status.ACCEPTED, "Hội đồng Thi đua - Khen thưởng tỉnh",
     "Hòan thành các chỉ tiêu y tế năm 2025; 95% dân số tham gia bảo hiểm y tế.",
     [("TTLDXS", "", 1), ("BK_TINH", "", 1), ("LDTT", "", 60)]),
    ("bao-hung-yen", Registration.Status.DRAFT, "Hội đồng Thi đua - Khen thưởng tỉnh",
     "Xây dựng chuyên trang tuyên truyền điển hình tiên tiến; tăng 20% lượt truy cập báo điện tử.",
     [("TTLDTT", "", 1), ("LDTT", "", 30)]),
    ("xa-nhu-quynh", Registration.Status.SUBMITTED, "Hội đồng Thi đua - Khen thưởng tỉnh",
     "Thu ngân sách vượt 10% dự toán; xã đạt chuẩn nông thôn mới nâng cao; 100% thủ tục hành chính trực tuyến.",
     [("CO_TINH", "", 1), ("OTHER", "Bằng khen của Thủ tướng Chính phủ (tổng kết giai đoạn)", 1)]),
]


def _registrations(units, movements):
    year = Period.year(2025)
    regular = movements["regular-2025"]
    now = timezone.now()
    for code, status, registered_with, targets, titles in REGISTRATIONS:
        unit = units[code]
        if Registration.objects.filter(unit=unit, period=year, movement=regular, person=None).exists():
            continue
        reg = Registration.objects.create(
            unit=unit, period=year, movement=regular, registered_with=registered_with, targets=targets, status=status,
            submitted_at=now if status != Registration.Status.DRAFT else None,
            accepted_at=now if status == Registration.Status.ACCEPTED else None,
        )
        for title, other, qty in titles:
            RegistrationTitle.objects.create(registration=reg, code=title, other_name=other, quantity=qty)
    person = Person.objects.filter(unit=units["so-gddt"], active=True).order_by("sort_key", "id").first()
    if person is not None and not Registration.objects.filter(person=person, period=year, movement=regular).exists():
        reg = Registration.objects.create(
            unit=units["so-gddt"], person=person, period=year, movement=regular, status=Registration.Status.DRAFT,
            targets="Hòan thành xuất sắc nhiệm vụ; có sáng kiến được công nhận phạm vi cơ sở.",
        )
        RegistrationTitle.objects.create(registration=reg, code="CSTD_CO_SO", quantity=1)


def _pact(group, period, members):
    if Pact.objects.filter(group=group, period=period).exists():
        return
    kind = "Khối" if group.kind == EmulationGroup.Kind.BLOCK else "Cụm"
    signing = dt.date(period.start.year, 3, 5) if period.kind == Period.Kind.YEAR else dt.date(period.start.year, 10, 8)
    pact = Pact.objects.create(
        group=group, period=period, title=f"Giao ước thi đua năm {period.label} — {group.name}",
        content=PACT_TEXT.format(group=group.name, period=period.label, kind=kind, year=period.end.year),
        signing_place=f"Trụ sở {members[0].name}", signing_date=signing,
    )
    # Everyone signs at the ceremony, except in the open school year where the last member signs later.
    signers = members if period.end.year <= 2025 else members[:-1]
    for i, unit in enumerate(signers):
        PactSignature.objects.create(pact=pact, unit=unit, signer_name=_signer(group.pk * 10 + i),
                                     signer_title="Thủ trưởng đơn vị", signed_on=signing)


def _signer(seed):
    from thidua.orgs.demo import FAMILY, GIVEN_M, MIDDLE_M

    rng = random.Random(seed)
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"


def _rubric(group, period, members, *, finalise):
    if ScoringRubric.objects.filter(group=group, period=period).exists():
        return
    rubric = ScoringRubric.objects.create(group=group, period=period,
                                          title=f"Bộ tiêu chí chấm điểm thi đua {group.name} năm {period.label}")
    by_code = {}
    for position, (code, name, max_points, kind) in enumerate(CRITERIA):
        parent = by_code.get(code.rsplit(".", 1)[0]) if "." in code else None
        by_code[code] = Criterion.objects.create(
            rubric=rubric, parent=parent, code=code, name=name, max_points=max_points,
            kind=parent.kind if parent else kind, position=position, is_leaf="." in code,
        )
    leaves = [c for c in by_code.values() if c.is_leaf]
    rubric.status = ScoringRubric.Status.OPEN
    rubric.save(update_fields=["status"])
    rng = random.Random(f"{group.name}|{period.label}")
    cards = []
    for index, unit in enumerate(members):
        done = finalise or index < len(members) - 1  # in the open round the last unit is still scoring
        card = Scorecard.objects.create(
            rubric=rubric, unit=unit,
            status=(Scorecard.Status.REVIEWED if finalise else Scorecard.Status.SUBMITTED) if done else Scorecard.Status.DRAFT,
            submitted_at=timezone.now() if done else None,
        )
        scores = []
        for c in leaves:
            if c.kind == Criterion.Kind.STANDARD:
                own = c.max_points - Decimal(rng.choice([0, 0, 0.5, 1, 1, 1.5, 2]))
            elif c.kind == Criterion.Kind.BONUS:
                own = Decimal(rng.choice([0, 0, 1, c.max_points]))
            else:
                own = Decimal(rng.choice([0, 0, 0, 1, 2]))
            cross = own - Decimal("0.5") if (c.kind == Criterion.Kind.STANDARD and own > 0 and rng.random() < 0.2) else None
            final = (cross if cross is not None else own) - Decimal("0.5") if (
                finalise and c.kind == Criterion.Kind.STANDARD and own > 1 and rng.random() < 0.1) else None
            scores.append(Score(scorecard=card, criterion=c, self_score=own if done or index % 2 == 0 else None,
                                cross_score=cross if finalise else None, final_score=final,
                                evidence="Báo cáo tổng kết năm của đơn vị" if c.code == "I.1" and done else ""))
        Score.objects.bulk_create(scores)
        cards.append(card)
    if group.name.startswith(TIE_GROUP) and finalise and len(cards) >= 2:
        _make_tie(cards[0], cards[1])
    services.compute_ranking(rubric)
    if finalise:
        tied = services.tied_groups(services.rank_cards(list(Scorecard.objects.filter(rubric=rubric))))
        for i, group_cards in enumerate(tied):
            for priority, card in enumerate(sorted(group_cards, key=lambda c: c.unit.sort_key), start=1):
                card.chair_priority = priority
                card.chair_decision = f"Văn bản số {15 + i}/UBND-NC ngày 18/12/{period.end.year} của Chủ tịch UBND tỉnh"
                card.save(update_fields=["chair_priority", "chair_decision", "updated_at"])
        services.compute_ranking(rubric)
        rubric.status = ScoringRubric.Status.FINALISED
        rubric.finalised_at = timezone.now()
        rubric.save(update_fields=["status", "finalised_at"])
        record(rubric, "transition", changes={"status": ["open", "finalised"]}, note="Chốt kết quả chấm điểm (dữ liệu mẫu)")


def _make_tie(first, second):
    """Give two units identical points everywhere: equal total and equal section I, so the Chair decides."""
    top = {s.criterion_id: s for s in Score.objects.filter(scorecard=first)}
    other = list(Score.objects.filter(scorecard=second))
    for s in other:
        src = top[s.criterion_id]
        s.self_score, s.cross_score, s.final_score = src.self_score, src.cross_score, src.final_score
    Score.objects.bulk_update(other, ["self_score", "cross_score", "final_score"])
    # and make sure they are on top of the group
    best = Score.objects.filter(scorecard__in=[first, second], criterion__code="IV.1")
    best.update(self_score=Decimal("3"), cross_score=None, final_score=None)
