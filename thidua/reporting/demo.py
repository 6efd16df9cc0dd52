"""Demo: the province's request for the 6-month review of 2025 (plan 196/KH-UBND appendix tasks 11–12) sent on
01/7/2025 (the day the communes and wards came directly under the province) to every unit under
the province, due 15/7/2025, with its reusable template. Sở GD&ĐT's report went the
whole way through the pages' services (its officer prepared it, its head approved it); four other units, which have
no demo accounts, are recorded as having sent theirs (one of them late); the others are still owed, so the request's
page shows submitted, late and missing units. Idempotent: the request is looked up by its title first."""

import datetime as dt

from django.utils import timezone

from thidua.reporting import services
from thidua.reporting.models import ReportRequest, ReportSubmission, ReportTemplate, SubmissionStatus

TITLE = "Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2025"
TEMPLATE = "Báo cáo sơ kết, tổng kết công tác thi đua, khen thưởng"
FIELDS = [
    {"label": "Số phong trào thi đua đã phát động", "kind": "number", "required": True},
    {"label": "Số tập thể được khen thưởng", "kind": "number", "required": True},
    {"label": "Số cá nhân được khen thưởng", "kind": "number", "required": True},
    {"label": "Ngày tổ chức hội nghị sơ kết", "kind": "date", "required": False},
    {"label": "Kết quả nổi bật", "kind": "text", "required": True},
    {"label": "Khó khăn, vướng mắc, kiến nghị", "kind": "text", "required": False},
]
# unit code, values (f1…f6), sent on (day of July 2025)
SENT = [
    (
        "so-y-te",
        {
            "f1": 2,
            "f2": 14,
            "f3": 86,
            "f5": "Phong trào «Đổi mới phong cách, thái độ phục vụ của cán bộ y tế».",
        },
        8,
    ),
    ("bao-hung-yen", {"f1": 1, "f2": 3, "f3": 12, "f5": "Tuyên truyền 42 gương điển hình tiên tiến."}, 9),
    (
        "xa-nhu-quynh",
        {
            "f1": 3,
            "f2": 21,
            "f3": 140,
            "f4": "2025-07-04",
            "f5": "Phong trào «Chung sức xây dựng nông thôn mới» đạt kết quả tốt.",
        },
        10,
    ),
    (
        "dh-su-pham-ky-thuat",
        {
            "f1": 2,
            "f2": 6,
            "f3": 45,
            "f5": "Thi đua dạy tốt, học tốt năm học 2024-2025.",
            "f6": "Đề nghị hướng dẫn khen thưởng theo năm học.",
        },
        18,
    ),
]


def load(ctx):
    """Everything needs the province officer who acts (see `load_after_users`)."""


def _at(day: dt.date, hour: int = 9):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def load_after_users(ctx):
    users = ctx.get("users", {})
    staff, officer, leader = users.get("sonoivu"), users.get("canbo_gddt"), users.get("lanhdao_gddt")
    if staff is None or "units" not in ctx or ReportRequest.objects.filter(title=TITLE).exists():
        return
    if timezone.localdate() < dt.date(2025, 12, 31):
        return  # the demo tells 2025 as it happened; it is not loaded into a clock set before then
    template = ReportTemplate.objects.filter(name=TEMPLATE).first() or services.save_template(
        staff, name=TEMPLATE, fields=FIELDS, description="Dùng cho báo cáo sơ kết 6 tháng và tổng kết năm."
    )
    issued = dt.date(2025, 7, 1)
    units = list(services.province_units(issued))
    request = services.issue_request(
        staff,
        kind="half_year",
        title=TITLE,
        year=2025,
        due_on=dt.date(2025, 7, 15),
        template=template,
        instructions="Thực hiện Kế hoạch số 196/KH-UBND, đề nghị các cơ quan, đơn vị, địa phương báo cáo kết quả "
        "công tác thi đua, khen thưởng 6 tháng đầu năm 2025 (số liệu tính đến 30/6/2025), gửi về Sở "
        "Nội vụ (qua hệ thống) trước ngày 15/7/2025.",
        units=units,
        today=issued,
    )
    ReportRequest.objects.filter(pk=request.pk).update(created_at=_at(issued))

    gddt = ctx["units"].get("so-gddt")
    if officer is not None and leader is not None and gddt is not None:
        sub = ReportSubmission.objects.get(request=request, unit=gddt)
        services.save_submission(
            officer,
            sub,
            values={
                "f1": "4",
                "f2": "35",
                "f3": "412",
                "f4": "02/07/2025",
                "f5": "Phong trào «Đổi mới, sáng tạo trong dạy và học» lan tỏa tới 100% cơ sở giáo dục.",
            },
            summary="Sở GD&ĐT đã sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2025.",
        )
        services.send_for_approval(officer, sub)
        services.approve(leader, sub)
        ReportSubmission.objects.filter(pk=sub.pk).update(
            prepared_at=_at(dt.date(2025, 7, 7)), submitted_at=_at(dt.date(2025, 7, 8), 15)
        )
    for code, values, day in SENT:
        unit = ctx["units"].get(code)
        if unit is None:
            continue
        ReportSubmission.objects.filter(request=request, unit=unit).update(
            status=SubmissionStatus.SUBMITTED,
            values=values,
            submitted_at=_at(dt.date(2025, 7, day), 10),
            prepared_at=_at(dt.date(2025, 7, day), 8),
        )
    # A report of July 2025 is not still owed at the end of 2026: the other units sent theirs in the second half of
    # July (several of them late), so the home page does not count 34 units "late since 15/07/2025".
    owed = ReportSubmission.objects.filter(request=request).exclude(status=SubmissionStatus.SUBMITTED).order_by("id")
    for i, sub in enumerate(owed):
        day = 11 + i % 15
        ReportSubmission.objects.filter(pk=sub.pk, status=SubmissionStatus.DRAFT).update(
            status=SubmissionStatus.SUBMITTED, values=_values(i), submitted_at=_at(dt.date(2025, 7, day), 14),
            prepared_at=_at(dt.date(2025, 7, day), 9),
        )
    _current_request(staff, template)


def _values(i: int) -> dict:
    return {"f1": 1 + i % 3, "f2": 3 + i % 7, "f3": 12 + (i * 7) % 40,
            "f5": "Triển khai các phong trào thi đua theo Kế hoạch 196/KH-UBND, bảo đảm tiến độ."}


def _current_request(staff, template):
    """Today's request: the year-end review of the current year, sent two weeks ago and due next week; a few units
    have sent theirs, Sở GD&ĐT and the wards (demo officers canbo_gddt, canbo_xa) still have theirs to write."""
    today = timezone.localdate()
    title = f"Báo cáo tổng kết công tác thi đua, khen thưởng năm {today.year}"
    if ReportRequest.objects.filter(title=title).exists():
        return
    issued = today - dt.timedelta(days=14)
    units = list(services.province_units(issued))
    request = services.issue_request(
        staff, kind="annual", title=title, year=today.year, due_on=today + dt.timedelta(days=7), template=template,
        instructions=f"Đề nghị các cơ quan, đơn vị, địa phương báo cáo tổng kết công tác thi đua, khen thưởng năm "
                     f"{today.year} (số liệu tính đến ngày 30/11/{today.year}), gửi về Sở Nội vụ qua hệ thống.",
        units=units, today=issued,
    )
    ReportRequest.objects.filter(pk=request.pk).update(created_at=_at(issued))
    early = ["so-y-te", "bao-hung-yen", "so-tai-chinh", "thanh-tra-tinh", "xa-nhu-quynh", "dh-su-pham-ky-thuat"]
    for i, sub in enumerate(ReportSubmission.objects.filter(request=request, unit__code__in=early).order_by("id")):
        day = issued + dt.timedelta(days=3 + i)
        ReportSubmission.objects.filter(pk=sub.pk).update(
            status=SubmissionStatus.SUBMITTED, values=_values(i), submitted_at=_at(day, 15), prepared_at=_at(day, 9))
