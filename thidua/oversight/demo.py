"""Demo: the council's 2025 inspection plan (appendix task 8 of plan 196/KH-UBND, «Kế hoạch kiểm tra số
88/KH-HĐTĐKT»), its inspections of seed units in quarter III (task 16) with findings in every follow-up state, and a
handful of petitions of each kind in various states (dates of open ones are relative to today so their countdowns
mean something). Idempotent: the plan and each petition are looked up before anything is created."""

import datetime as dt

from django.utils import timezone

from thidua.oversight import services
from thidua.oversight.models import InspectionPlan, Petition

PLAN_NUMBER = "88/KH-HĐTĐKT"

# unit code, start, end, content, conclusion notice number/date, findings
INSPECTIONS = [
    ("so-gddt", dt.date(2025, 9, 8), dt.date(2025, 9, 10),
     "Kiểm tra việc thực hiện pháp luật về thi đua, khen thưởng; hồ sơ đề nghị khen thưởng năm học 2024-2025",
     ("21/TB-HĐTĐKT", dt.date(2025, 9, 30)), [
         ("over_ratio", "Tỷ lệ cá nhân được công nhận Chiến sĩ thi đua cơ sở năm học 2024-2025 vượt 15% số cá nhân "
                        "đạt danh hiệu Lao động tiên tiến.",
          "Rà soát, sửa đổi Quy chế thi đua, khen thưởng của ngành; bình xét đúng tỷ lệ từ năm học 2025-2026.",
          "remedied"),
         ("wrong_procedure", "03 hồ sơ đề nghị Bằng khen của Chủ tịch UBND tỉnh thiếu biên bản họp Hội đồng TĐKT "
                             "cơ sở và kết quả bỏ phiếu kín.",
          "Bổ sung biên bản, kết quả bỏ phiếu; lưu trữ đầy đủ hồ sơ theo quy định.", "reported"),
         ("late_report", "Báo cáo sơ kết 6 tháng công tác thi đua, khen thưởng gửi chậm 12 ngày so với thời hạn.",
          "Chấn chỉnh việc báo cáo định kỳ; gửi báo cáo đúng hạn.", "open_due"),
     ]),
    ("xa-nhu-quynh", dt.date(2025, 9, 15), dt.date(2025, 9, 16),
     "Kiểm tra công tác thi đua, khen thưởng và hoạt động của Hội đồng TĐKT xã sau sắp xếp",
     ("23/TB-HĐTĐKT", dt.date(2025, 10, 6)), [
         ("council", "Hội đồng Thi đua - Khen thưởng xã chưa kiện toàn sau khi sắp xếp đơn vị hành chính.",
          "Kiện toàn Hội đồng Thi đua - Khen thưởng; ban hành quy chế hoạt động mới.", "overdue"),
         ("fund", "Quỹ thi đua, khen thưởng năm 2024 trích lập thấp hơn mức quy định.",
          "Trích lập quỹ đúng tỷ lệ theo Nghị định 152/2025/NĐ-CP.", "open_due"),
     ]),
    ("dh-su-pham-ky-thuat", dt.date(2025, 9, 22), dt.date(2025, 9, 23),
     "Kiểm tra việc tổ chức phong trào thi đua và công tác khen thưởng năm học 2024-2025", None, []),
    ("bao-hung-yen", dt.date(2025, 9, 24), dt.date(2025, 9, 24),
     "Kiểm tra công tác tuyên truyền điển hình tiên tiến, việc đăng ký và bình xét danh hiệu thi đua",
     ("24/TB-HĐTĐKT", dt.date(2025, 10, 8)), []),
    ("so-y-te", dt.date(2025, 9, 29), dt.date(2025, 9, 30),
     "Kiểm tra việc thực hiện khen thưởng thường xuyên, đột xuất của ngành Y tế", None, []),
]

TEAM = [("Đỗ Minh Tuấn", "Phó Giám đốc Sở Nội vụ, Thường trực Hội đồng — Trưởng đoàn"),
        ("Nguyễn Thị Hương", "Chuyên viên Phòng Thi đua - Khen thưởng, Sở Nội vụ"),
        ("Lê Văn Hải", "Chuyên viên Thanh tra tỉnh")]


def load(ctx):
    """Everything needs the province officer who acts (see `load_after_users`)."""


def _person_in(ctx, code):
    unit = ctx["units"][code]
    people = [p for p in ctx.get("people", []) if p.unit_id == unit.pk]
    return people[0] if people else None


def load_after_users(ctx):
    users = ctx.get("users", {})
    staff = users.get("sonoivu")
    plan_196 = ctx.get("plan_196")
    if staff is None or "units" not in ctx:
        return
    today = timezone.localdate()
    if today < dt.date(2025, 12, 31):
        return  # the demo tells 2025 as it happened; it is not loaded into a clock set before then
    _inspections(ctx, staff, plan_196, today)
    _petitions(ctx, staff, today)


def _inspections(ctx, staff, plan_196, today):
    if InspectionPlan.objects.filter(year=2025, number=PLAN_NUMBER).exists():
        return
    tasks = {t.order: t for t in plan_196.tasks.all()} if plan_196 else {}
    plan = services.save_inspection_plan(
        staff, None, year=2025, number=PLAN_NUMBER, issued_on=dt.date(2025, 5, 12), signer="Đỗ Minh Tuấn",
        title="Kế hoạch kiểm tra công tác thi đua, khen thưởng của Hội đồng Thi đua - Khen thưởng tỉnh năm 2025",
        purpose="Kiểm tra việc thực hiện pháp luật về thi đua, khen thưởng của các cơ quan, đơn vị, địa phương nhằm "
                "kịp thời chấn chỉnh, tháo gỡ những khó khăn, vướng mắc ở cơ sở (Kế hoạch 196/KH-UBND, mục II.10).",
        plan_task=tasks.get(8),
    )
    members = [{"name": n, "title": t} for n, t in TEAM[1:]]
    for i, (code, start, end, content, conclusion, findings) in enumerate(INSPECTIONS, start=1):
        inspection = services.save_inspection(
            staff, None, plan=plan, plan_task=tasks.get(16), unit=ctx["units"][code], planned_start=start,
            planned_end=end, content=content, scope="Công tác thi đua, khen thưởng từ 01/01/2024 đến thời điểm kiểm tra",
            decision_number=f"{100 + i}/QĐ-HĐTĐKT", decision_date=start - dt.timedelta(days=7),
            team_head=TEAM[0][0], members=members,
        )
        if code == "so-y-te":
            continue  # still planned: postponed to quarter IV
        services.start_inspection(staff, inspection, start)
        if conclusion:
            services.conclude_inspection(
                staff, inspection, conclusion_number=conclusion[0], conclusion_date=conclusion[1],
                conclusion="Đơn vị đã triển khai công tác thi đua, khen thưởng cơ bản đúng quy định; còn một số tồn "
                           "tại nêu tại thông báo kết luận, yêu cầu khắc phục trong 30 ngày làm việc.")
        for category, description, recommendation, state in findings:
            kwargs = {"working_days": 30} if state != "open_due" else {"due_on": today + dt.timedelta(days=40)}
            finding = services.save_finding(staff, inspection, None, category=category, description=description,
                                            recommendation=recommendation, **kwargs)
            officer = ctx.get("users", {}).get("canbo_gddt") if code == "so-gddt" else staff
            if state in ("remedied", "reported"):
                services.report_remediation(officer, finding, note="Đơn vị đã thực hiện: " + recommendation)
            if state == "remedied":
                services.review_finding(staff, finding, accept=True, note="Đã kiểm tra quyết định sửa đổi.",
                                        remedied_on=dt.date(2025, 12, 15))


def _petitions(ctx, staff, today):
    units = ctx["units"]
    person_gddt = _person_in(ctx, "thpt-van-lam") or _person_in(ctx, "so-gddt")
    person_vl = _person_in(ctx, "xa-nhu-quynh")
    person_yt = _person_in(ctx, "so-y-te")
    ago = lambda n: today - dt.timedelta(days=n)  # noqa: E731
    rows = [
        # kind, received, name, address, unit, person, summary, steps
        ("complaint", dt.date(2025, 3, 3), "Trần Thị Bình", "Thôn Đông, xã Nghĩa Trụ, huyện Văn Giang (nay là xã Nghĩa Trụ, tỉnh Hưng Yên)",
         "so-gddt", person_gddt, "Khiếu nại việc không được bình xét danh hiệu Chiến sĩ thi đua cơ sở năm học 2023-2024",
         [("accept", dt.date(2025, 3, 10)),
          ("resolve", "Giữ nguyên kết quả bình xét; người khiếu nại chưa đủ tiêu chuẩn sáng kiến.", "12/QĐ-SGDĐT",
           dt.date(2025, 4, 4))]),
        ("complaint", ago(20), "Nguyễn Văn Hòa", "Phường Phố Hiến, tỉnh Hưng Yên", "xa-nhu-quynh", person_vl,
         "Khiếu nại quyết định không khen thưởng đột xuất thành tích cứu người bị nạn",
         [("accept", ago(15)), ("start",)]),
        ("complaint", ago(3), "Phạm Thị Lan", "Xã Lạc Đạo, tỉnh Hưng Yên", "xa-lac-dao", None,
         "Khiếu nại việc công khai danh sách đề nghị khen thưởng không đầy đủ", []),
        ("denunciation", ago(50), "Vũ Đức Minh", "Xã Yên Mỹ, tỉnh Hưng Yên", "so-y-te", person_yt,
         "Tố cáo kê khai không đúng thành tích trong hồ sơ đề nghị Bằng khen",
         [("complex",), ("accept", ago(45)), ("start",), ("extend", "Cần xác minh tại nhiều đơn vị liên quan.")]),
        ("denunciation", dt.date(2025, 6, 2), "", "", "so-tai-chinh", None,
         "Đơn không ký tên tố cáo việc bình xét thi đua thiếu dân chủ",
         [("reject", "Đơn nặc danh, không rõ họ tên, địa chỉ người tố cáo (Luật Tố cáo 2018 Điều 25).",
           dt.date(2025, 6, 6))]),
        ("denunciation", dt.date(2025, 8, 11), "Lê Thị Nga", "Xã Tân Hưng, tỉnh Hưng Yên", "xa-tan-hung", None,
         "Tố cáo cán bộ xã lợi dụng việc xét khen thưởng để vụ lợi",
         [("forward", "Thanh tra tỉnh", dt.date(2025, 8, 14))]),
        ("recommendation", dt.date(2025, 10, 20), "Hòang Văn Sơn", "Phường Mỹ Hào, tỉnh Hưng Yên", "phuong-my-hao", None,
         "Kiến nghị công khai kết quả bình xét danh hiệu «Gia đình văn hóa» trên loa truyền thanh",
         [("accept", dt.date(2025, 10, 27)),
          ("resolve", "Đã đề nghị UBND phường chỉ đạo các tổ dân phố niêm yết và thông báo công khai.", "215/SNV-TĐKT",
           dt.date(2025, 11, 12))]),
        ("recommendation", ago(25), "Đặng Thị Thu", "Phường Đường Hào, tỉnh Hưng Yên", "so-gddt", None,
         "Phản ánh việc chậm trao Giấy khen cho học sinh đạt giải cấp tỉnh", []),
        ("recommendation", ago(6), "Bùi Quang Huy", "Xã Văn Giang, tỉnh Hưng Yên", "so-van-hoa-the-thao-du-lich", None,
         "Kiến nghị bổ sung tiêu chí khen thưởng cho vận động viên khuyết tật", [("accept", ago(2))]),
    ]
    for kind, received, name, address, code, person, summary, steps in rows:
        if Petition.objects.filter(summary=summary).exists():
            continue
        channel = "transferred" if not name else ("direct" if kind == "complaint" else "post")
        petition = services.save_petition(
            staff, None, kind=kind, received_on=received, channel=channel,
            forwarded_by="Ban Tiếp công dân tỉnh" if channel == "transferred" else "", petitioner_name=name,
            petitioner_address=address, petitioner_phone="", subject_unit=units[code], person=person,
            dossier=None, award=None, summary=summary, content="", complex_case=("complex",) in steps,
            remote_area=False,
        )
        for step in steps:
            action = step[0]
            if action == "complex":
                continue  # set when registering
            if action == "accept":
                services.accept_petition(staff, petition, step[1])
            elif action == "start":
                services.start_resolving(staff, petition, note="Giao Phòng Thi đua - Khen thưởng xác minh.")
            elif action == "extend":
                services.extend_petition(staff, petition, note=step[1])
            elif action == "resolve":
                services.resolve_petition(staff, petition, result=step[1], decision_number=step[2],
                                          decision_date=step[3])
            elif action == "reject":
                services.reject_petition(staff, petition, reason=step[1], on=step[2])
            elif action == "forward":
                services.forward_petition(staff, petition, to=step[1], on=step[2])
