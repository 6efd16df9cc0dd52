"""Demo dossiers (DESIGN.md §5): one dossier in each workflow state, the provincial council with its members
(demo users `lanhdao_tinh` as chair, `thuongtruc`, `hoidong` and synthetic members), one closed session with
secret ballots and its tally, one decision with awards written into the history. Everything goes through the
services, so the demo shows real events, deadlines and audit entries. Idempotent: a second run changes nothing."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.core.demo import demo_password
from thidua.core.roles import Role

COUNCIL_NAME = "Hội đồng Thi đua – Khen thưởng tỉnh Hưng Yên"

SYNTHETIC_MEMBERS = [
    # username, full name, position, unit code, role in the council
    ("hd_uyvien01", "Nguyễn Văn Hải", "Giám đốc Sở Nội vụ", "so-noi-vu", "vice_chair"),
    ("hd_uyvien02", "Phạm Thị Hồng", "Phó Giám đốc Sở Tài chính", "so-tai-chinh", "member"),
    ("hd_uyvien03", "Lê Quang Vinh", "Phó Giám đốc Sở Giáo dục và Đào tạo", "so-gddt", "member"),
    ("hd_uyvien04", "Trần Thị Mai", "Phó Giám đốc Sở Y tế", "so-y-te", "member"),
    ("hd_uyvien05", "Vũ Đức Long", "Phó Chánh Văn phòng UBND tỉnh", "van-phong-ubnd", "member"),
    ("hd_uyvien06", "Đặng Thị Thu Hà", "Phó Giám đốc Sở Tư pháp", "so-tu-phap", "member"),
    ("hd_uyvien07", "Bùi Minh Tuấn", "Phó Chánh Thanh tra tỉnh", "thanh-tra-tinh", "member"),
    ("hd_uyvien08", "Hòang Văn Nam", "Phó Tổng Biên tập Báo Hưng Yên", "bao-hung-yen", "member"),
    ("hd_uyvien09", "Đỗ Thị Lan Anh", "Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch", "so-van-hoa-the-thao-du-lich",
     "member"),
]

PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >>"
       b" endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def _vn_name(user) -> str:
    """Vietnamese order: family name first (User keeps the given name in first_name)."""
    return f"{user.last_name} {user.first_name}".strip() or user.username


# The agencies the province consults before State and Government awards (lấy ý kiến hiệp y).
CONSULTED_AGENCIES = [
    ("Công an tỉnh", "Giám đốc Công an tỉnh", "việc chấp hành pháp luật về an ninh, trật tự"),
    ("Thuế tỉnh", "Thuế tỉnh", "việc chấp hành pháp luật về thuế"),
    ("Bảo hiểm xã hội tỉnh", "Giám đốc Bảo hiểm xã hội tỉnh",
     "việc chấp hành pháp luật về bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp"),
    ("Thanh tra tỉnh", "Chánh Thanh tra tỉnh", "việc chấp hành pháp luật về khiếu nại, tố cáo, phòng, chống tham nhũng"),
    ("Sở Nông nghiệp và Môi trường", "Giám đốc Sở Nông nghiệp và Môi trường",
     "việc chấp hành pháp luật về đất đai, bảo vệ môi trường"),
]


def load(ctx):
    """The consulted agencies (nothing else before the users exist)."""
    from thidua.dossiers.models import ConsultedAgency

    for order, (name, addressee, topic) in enumerate(CONSULTED_AGENCIES, start=1):
        ConsultedAgency.objects.get_or_create(name=name, defaults={"addressee": addressee, "topic": topic,
                                                                   "order": order})


def _council(ctx):
    from thidua.core.models import User
    from thidua.dossiers.models import Council, CouncilMember

    units, users = ctx["units"], ctx["users"]
    council, _ = Council.objects.get_or_create(
        name=COUNCIL_NAME,
        defaults={"unit": units["ubnd-tinh"], "established_by": "Quyết định số 1520/QĐ-UBND ngày 15/7/2025"},
    )
    fixed = [
        (users["lanhdao_tinh"], "Chủ tịch UBND tỉnh", "ubnd-tinh", CouncilMember.Role.CHAIR),
        (users["thuongtruc"], "Phó Giám đốc Sở Nội vụ", "so-noi-vu", CouncilMember.Role.STANDING),
        (users["hoidong"], "Phó Chánh Văn phòng UBND tỉnh", "van-phong-ubnd", CouncilMember.Role.MEMBER),
    ]
    for user, position, unit_code, role in fixed:
        CouncilMember.objects.get_or_create(council=council, user=user, defaults={
            "full_name": _vn_name(user), "position": position, "unit": units[unit_code], "role": role})
    for username, full_name, position, unit_code, role in SYNTHETIC_MEMBERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            family, _, given = full_name.rpartition(" ")
            user = User(username=username, role=Role.COUNCIL_MEMBER, unit=units[unit_code], first_name=given,
                        last_name=family)
            # Every member can sign in with the demo password and vote in the open demo session.
            user.set_password(demo_password())
            user.save()
            ctx.setdefault("logins", []).append((username, f"{Role(Role.COUNCIL_MEMBER).label} ({position})",
                                                 units[unit_code].name))
        CouncilMember.objects.get_or_create(council=council, user=user, defaults={
            "full_name": full_name, "position": position, "unit": units[unit_code], "role": role})
    return council


def _people(ctx, count):
    """Active people of Sở GD&ĐT's subtree without open proceedings, with ratings for the last two years."""
    from thidua.awards.models import PendingProceeding, Rating
    from thidua.orgs.models import Person

    unit = ctx["units"]["so-gddt"]
    held = PendingProceeding.objects.filter(closed_on=None).exclude(person=None).values("person_id")
    people = list(Person.objects.filter(unit__path__startswith=unit.path, active=True).exclude(pk__in=held)
                  .order_by("id")[:count])
    year = timezone.localdate().year
    for i, person in enumerate(people):
        for y in (year - 1, year):
            Rating.objects.get_or_create(person=person, year=y, defaults={"rating": "HTXSNV" if i % 3 else "HTTNV"})
    return people


def _dossier(officer, title, kind="cong_trang", nominees=(), award="LDTT", summary=""):
    from thidua.awards.models import AwardType
    from thidua.dossiers import services
    from thidua.dossiers.models import Attachment, Dossier, Nomination
    from thidua.dossiers.verdicts import verdicts_for

    year = timezone.localdate().year
    dossier = services.create_dossier(
        officer, unit=officer.unit, title=title, kind=kind, year=year,
        achievement_on=timezone.localdate() - dt.timedelta(days=10) if kind == Dossier.Kind.SUDDEN else None,
    )
    award_type = AwardType.objects.get(code=award)
    for person in nominees:
        services.save_nomination(officer, dossier, Nomination(
            person=person, award_type=award_type,
            achievement_summary=summary or f"{person.position or 'Viên chức'} hòan thành xuất sắc nhiệm vụ năm {year}; "
                                           "tích cực tham gia các phong trào thi đua của ngành.",
        ))
    nominations = list(dossier.nominations.select_related("award_type", "dossier"))
    verdicts = verdicts_for(nominations)
    for n in nominations:
        if verdicts[n.pk].get("eligible") is False:
            n.justification = "Đơn vị giải trình: thành tích nổi bật trong năm, đề nghị cơ quan thẩm định xem xét."
            services.save_nomination(officer, dossier, n)
    services.add_attachment(officer, dossier, SimpleUploadedFile("to-trinh.pdf", PDF), Attachment.Kind.PROPOSAL)
    if dossier.procedure == Dossier.Procedure.NORMAL:
        services.add_attachment(officer, dossier, SimpleUploadedFile("bao-cao-thanh-tich.pdf", PDF),
                                Attachment.Kind.REPORT)
    services.add_attachment(officer, dossier, SimpleUploadedFile("bien-ban-hop-xet.pdf", PDF), Attachment.Kind.MINUTES)
    return dossier


def _appraise_all(staff, dossier):
    from thidua.dossiers import services

    for n in dossier.nominations.all():
        services.appraise_nomination(staff, n, "accepted", "Hồ sơ đầy đủ, đủ điều kiện trình.")


def _age(dossier, working_days_ago):
    """Move a demo dossier's dates back so deadlines and the overdue list show something meaningful."""
    from thidua.core import workdays
    from thidua.dossiers import services
    from thidua.dossiers.models import Dossier

    cal = workdays.calendar()
    today = timezone.localdate()
    start = today
    for _ in range(working_days_ago):
        start -= dt.timedelta(days=1)
        while not cal.is_working_day(start):
            start -= dt.timedelta(days=1)
    fields = {}
    if dossier.due_kind == Dossier.DueKind.RECEIVE:
        fields = {"submitted_on": start, "due_on": cal.add_working_days(start, services.DAYS_TO_RECEIVE_OR_RETURN)}
    elif dossier.due_kind == Dossier.DueKind.APPRAISE:
        fields = {"received_on": start, "due_on": cal.add_working_days(start, services.DAYS_TO_APPRAISE)}
    if fields:
        Dossier.objects.filter(pk=dossier.pk).update(**fields)
    moment = timezone.make_aware(dt.datetime.combine(start, dt.time(9, 0)))
    dossier.events.update(at=moment)


# The demo secretary's passphrase for the closed demo session's ballot key (wiped when that session closed).
DEMO_BALLOT_PASSPHRASE = "kiem-phieu-demo-2025"
# The passphrase of the session that is open for voting in the demo: the secretary types it to close its ballots.
DEMO_OPEN_PASSPHRASE = "kiem-phieu-dot-2-demo"


def load_after_users(ctx):
    from thidua.awards.models import AwardType
    from thidua.dossiers import services
    from thidua.dossiers.models import Council, CouncilSession, Dossier, Nomination

    if "users" not in ctx or Council.objects.filter(name=COUNCIL_NAME, sessions__isnull=False).exists():
        return  # loaded before
    users = ctx["users"]
    officer, staff, leader, secretary = users["canbo_gddt"], users["sonoivu"], users["lanhdao_tinh"], users["thuongtruc"]
    unit_head = users.get("lanhdao_gddt")

    def send(dossier):
        """The officer sends it to the Sở's director, who approves it for the province (or sends it at once when the
        unit has no leader's account)."""
        if unit_head is None:
            services.transition(dossier, "resubmit" if dossier.state == "returned" else "submit", officer)
            return
        services.transition(dossier, "send_for_approval", officer)
        services.transition(dossier, "approve", unit_head)

    council = _council(ctx)
    people = _people(ctx, 24)
    if len(people) < 14:
        return
    today = timezone.localdate()
    year = today.year

    # decided: through a closed council session with secret ballots, then a decision
    # (a Bằng khen of the Chủ tịch UBND tỉnh: the province's leader signs it; CSTĐ cơ sở and LĐTT are the Sở's own)
    decided = _dossier(officer, f"Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm {year} (đợt 1)",
                       nominees=people[0:3], award="BK_TINH")
    send(decided)
    services.transition(decided, "receive", staff)
    _appraise_all(staff, decided)
    services.transition(decided, "appraise", staff, reason="Các cá nhân đủ tiêu chuẩn theo Điều 74 Luật Thi đua, "
                                                           "khen thưởng.")
    services.transition(decided, "send_to_council", staff)
    # not awarded: its only nomination fails the council's secret ballot, so it closes without going to signature
    not_awarded = None
    if len(people) > 15:
        not_awarded = _dossier(officer, f"Đề nghị công nhận danh hiệu Chiến sĩ thi đua cơ sở năm {year} (bổ sung)",
                               nominees=people[15:16], award="CSTD_CO_SO")
        send(not_awarded)
        services.transition(not_awarded, "receive", staff)
        _appraise_all(staff, not_awarded)
        services.transition(not_awarded, "appraise", staff)
        services.transition(not_awarded, "send_to_council", staff)
    session = services.create_session(secretary, council, title=f"Phiên họp xét khen thưởng tổng kết năm {year}",
                                      held_on=today, place="Phòng họp tầng 3, Sở Nội vụ")
    everyone = list(council.members.select_related("user").order_by("id"))
    absent = everyone[-1]
    services.set_attendance(secretary, session, [m.pk for m in everyone if m != absent], written_ids=[absent.pk])
    ballots = services.add_to_agenda(secretary, session, list(decided.nominations.all()))
    # yes votes: passes, passes, fails (a Bằng khen passes with more than half of all members)
    plan = [len(everyone), len(everyone) - 2, len(everyone) // 2]
    if not_awarded is not None:
        ballots += services.add_to_agenda(secretary, session, list(not_awarded.nominations.all()))
        plan.append(len(everyone) // 2)  # fails: the dossier closes as "không khen thưởng"
    services.open_session(secretary, session, DEMO_BALLOT_PASSPHRASE)
    for ballot, yes in zip(ballots, plan, strict=False):
        services.open_ballot(secretary, ballot)
        recused = set(ballot.recusals.values_list("member_id", flat=True))
        voters = [m for m in everyone if m.pk not in recused]
        for i, m in enumerate(voters):
            choice = "yes" if i < yes else "no"
            if m == absent:
                services.record_written_vote(secretary, ballot, m, choice)
            else:
                services.cast_vote(m.user, ballot, choice)
        services.close_ballot(secretary, ballot, DEMO_BALLOT_PASSPHRASE)
    services.close_session(secretary, session, "Hội đồng thống nhất trình Chủ tịch UBND tỉnh tặng Bằng khen cho các "
                                                "cá nhân đạt tỷ lệ phiếu đồng ý theo quy định.")
    services.transition(decided, "submit_for_decision", staff)
    services.record_proposal(staff, decided, signed_on=today)  # the Tờ trình, numbered from the register
    services.decide(leader, decided, signed_on=today, signer_name=_vn_name(leader),
                    signer_title="Chủ tịch", signer_capacity="head",  # lanhdao_tinh chairs the council
                    summary=f"Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm {year}")

    # council: on the agenda of an upcoming session
    council_d = _dossier(officer, f"Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm {year} (đợt 2)",
                         nominees=people[3:5], award="BK_TINH")
    send(council_d)
    services.transition(council_d, "receive", staff)
    _appraise_all(staff, council_d)
    services.transition(council_d, "appraise", staff)
    services.transition(council_d, "send_to_council", staff)
    # ... in a session that is open now, its ballots waiting for the members' votes (each member signs in with the
    # demo password; the secretary closes the ballots with DEMO_OPEN_PASSPHRASE).
    upcoming = services.create_session(secretary, council, title="Phiên họp xét Bằng khen đợt 2",
                                       held_on=today, place="Phòng họp UBND tỉnh")
    waiting = services.add_to_agenda(secretary, upcoming, list(council_d.nominations.all()))
    services.set_attendance(secretary, upcoming, [m.pk for m in everyone])
    services.open_session(secretary, upcoming, DEMO_OPEN_PASSPHRASE)
    for ballot in waiting:
        services.open_ballot(secretary, ballot)
    ctx.setdefault("notes", []).append(
        f"Phiên họp đang bỏ phiếu: «{upcoming.title}» — mật khẩu kiểm phiếu của Thường trực: {DEMO_OPEN_PASSPHRASE}")

    # for_decision: a sudden achievement (simplified procedure) needs no council
    sudden = _dossier(officer, "Khen thưởng đột xuất giáo viên dũng cảm cứu học sinh đuối nước", kind="dot_xuat",
                      nominees=people[5:6], award="BK_TINH",
                      summary="Ngày 12/7, dũng cảm lao xuống sông cứu hai học sinh bị đuối nước.")
    send(sudden)
    services.transition(sudden, "receive", staff)
    _appraise_all(staff, sudden)
    services.transition(sudden, "appraise", staff)
    services.transition(sudden, "submit_for_decision", staff)

    # appraised
    appraised = _dossier(officer, f"Đề nghị công nhận Lao động tiên tiến năm {year} (đợt 1)", nominees=people[6:8])
    send(appraised)
    services.transition(appraised, "receive", staff)
    _appraise_all(staff, appraised)
    services.transition(appraised, "appraise", staff)

    # received (appraisal clock running; aged so the countdown is nearly out)
    received = _dossier(officer, f"Đề nghị công nhận Lao động tiên tiến năm {year} (đợt 2)", nominees=people[8:10])
    send(received)
    services.transition(received, "receive", staff)
    _age(received, 18)

    # resubmitted after a return
    resub = _dossier(officer, "Đề nghị khen thưởng chuyên đề “Chuyển đổi số trong giáo dục”", kind="chuyen_de",
                     nominees=people[10:11])
    send(resub)
    services.transition(resub, "return", staff, reason="Bổ sung biên bản họp Hội đồng TĐKT của đơn vị có chữ ký.")
    send(resub)

    # returned, waiting for the unit
    returned = _dossier(officer, "Đề nghị khen thưởng phong trào “Dạy tốt – học tốt”", kind="phong_trao",
                        nominees=people[11:12])
    send(returned)
    services.transition(returned, "return", staff, reason="Báo cáo thành tích chưa có xác nhận của thủ trưởng đơn "
                                                          "vị; đề nghị bổ sung trong 05 ngày làm việc.")

    # submitted and overdue for reception
    submitted = _dossier(officer, "Đề nghị khen thưởng quá trình cống hiến", kind="cong_hien", nominees=people[12:13])
    send(submitted)
    _age(submitted, 7)

    # rejected, with the reason shown to the unit
    rejected = _dossier(officer, "Đề nghị tặng Giấy khen cá nhân (hồ sơ nộp muộn)", nominees=people[13:14])
    send(rejected)
    services.transition(rejected, "receive", staff)
    services.transition(rejected, "reject", staff, reason="Hồ sơ nộp sau thời hạn 10/12 theo Kế hoạch "
                                                          "196/KH-UBND; đề nghị đưa vào đợt xét năm sau.")

    # withdrawn by the unit
    withdrawn = _dossier(officer, "Đề nghị khen thưởng đối ngoại (đơn vị rút để hòan thiện)", kind="doi_ngoai",
                         nominees=people[14:15] or people[0:1])
    send(withdrawn)
    services.transition(withdrawn, "withdraw", officer, reason="Đơn vị rút hồ sơ để hòan thiện thành tích.")

    # waiting for the Sở's director to approve it before it goes to the province
    if unit_head is not None and len(people) > 16:
        awaiting = _dossier(officer, f"Đề nghị tặng Giấy khen của Giám đốc Sở năm {year}", nominees=people[16:17],
                            award="GIAY_KHEN")
        services.transition(awaiting, "send_for_approval", officer)

    # draft: collectives (schools of the department)
    draft = _dossier(officer, f"Đề nghị công nhận Tập thể lao động tiên tiến năm {year}", nominees=())
    for code in ("thpt-chuyen-hung-yen", "thpt-van-lam"):
        unit = ctx["units"].get(code)
        if unit is not None:
            services.save_nomination(officer, draft, Nomination(
                nominee_unit=unit, award_type=AwardType.objects.get(code="TTLDTT"),
                justification="Đơn vị giải trình: tập thể hòan thành tốt nhiệm vụ, số liệu xếp loại đang cập nhật.",
                achievement_summary=f"Tập thể {unit.name} hòan thành tốt nhiệm vụ năm học; 100% cán bộ, giáo viên "
                                    "hòan thành nhiệm vụ.",
            ))

    ctx["council_session"] = CouncilSession.objects.filter(council=council, state="closed").first()
    ctx["decision"] = getattr(Dossier.objects.get(pk=decided.pk), "decision", None)
