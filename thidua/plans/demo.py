"""Demo: plan 196/KH-UBND of Hưng Yên with its sections and its 27 appendix tasks exactly as published
(`demo_data/plan_196.json`), progress as it stood at the end of 2025, and the Department of Education's sub-plan."""

import datetime as dt
import json
from pathlib import Path

from django.db.models import Q
from django.utils import timezone

from thidua.plans import services
from thidua.plans.models import Plan, PlanTask, TaskStatus

DATA = Path(__file__).resolve().parent / "demo_data" / "plan_196.json"


def plan_data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def rows_of(data: dict) -> list[services.TaskRow]:
    return [
        services.TaskRow(order=t["order"], content=t["content"], lead=t["lead"], coordinating=t["coordinating"],
                         schedule=t["time"])
        for t in data["tasks"]
    ]


def load(ctx):
    data = plan_data()
    unit = ctx["units"][data["issuer_unit"]]
    plan = Plan.objects.filter(unit=unit, year=data["year"], number=data["number"]).first()
    if plan is None:
        fields = {k: data[k] for k in ("number", "title", "place", "issuer", "year", "signer", "signer_title",
                                       "preamble", "closing", "recipients", "appendix_title")}
        fields["issued_on"] = dt.date.fromisoformat(data["issued_on"])
        fields["unit"] = unit
        plan = services.create_plan(None, fields=fields, sections=data["sections"], rows=rows_of(data),
                                    note="Dữ liệu mẫu: phụ lục Kế hoạch 196/KH-UBND")
    ctx["plan_196"] = plan


# order → (status, completion date, progress note): how the province reported at the end of 2025.
PROGRESS = {
    1: (TaskStatus.DONE, dt.date(2025, 1, 15), "Đã tổ chức Hội nghị ngày 15/01/2025."),
    2: (TaskStatus.DONE, dt.date(2025, 2, 20), "Đã gửi bản đăng ký thi đua về Ban Thi đua - Khen thưởng Trung ương."),
    3: (TaskStatus.DONE, dt.date(2025, 2, 28), "Kế hoạch hoạt động của Hội đồng đã được Chủ tịch Hội đồng ký."),
    4: (TaskStatus.DONE, dt.date(2025, 3, 25), "Đã ban hành các kế hoạch phát động thi đua chuyên đề."),
    5: (TaskStatus.DONE, dt.date(2025, 3, 31), "Phối hợp với Báo Hưng Yên mở chuyên mục «Gương sáng thi đua»."),
    6: (TaskStatus.DONE, dt.date(2025, 6, 20), "Các Cụm, Khối đã ký giao ước thi đua."),
    7: (TaskStatus.DONE, dt.date(2025, 6, 27), "Đã trình khen thưởng công tác năm 2024."),
    8: (TaskStatus.DONE, dt.date(2025, 5, 12), "Kế hoạch kiểm tra số 88/KH-HĐTĐKT."),
    9: (TaskStatus.DONE, dt.date(2025, 6, 25), "Hội nghị tổng kết năm học tổ chức ngày 25/6/2025."),
    10: (TaskStatus.DONE, dt.date(2025, 6, 18), "Phiên thứ nhất họp ngày 18/6/2025."),
    11: (TaskStatus.DONE, dt.date(2025, 6, 30), "Đã sơ kết."),
    12: (TaskStatus.DONE, dt.date(2025, 6, 30), "Đã gửi báo cáo sơ kết."),
    13: (TaskStatus.DONE, dt.date(2025, 9, 19), "Đại hội Thi đua yêu nước tỉnh lần thứ X tổ chức ngày 19/9/2025."),
    14: (TaskStatus.DONE, dt.date(2025, 8, 14), "Tập huấn cho 320 cán bộ làm công tác TĐKT."),
    15: (TaskStatus.DONE, dt.date(2025, 9, 5), "Đã tổ chức Hội nghị."),
    16: (TaskStatus.DONE, dt.date(2025, 9, 26), "Đã kiểm tra 12 cơ quan, đơn vị."),
    17: (TaskStatus.DONE, dt.date(2025, 9, 30), "Đã khen thưởng năm học 2024-2025."),
    18: (TaskStatus.DONE, dt.date(2025, 9, 10), "Quyết định phê duyệt Trưởng, Phó Khối đã ban hành."),
    19: (TaskStatus.DONE, dt.date(2025, 9, 24), "Phiên thứ hai họp ngày 24/9/2025."),
    20: (TaskStatus.IN_PROGRESS, None, "Đang tổng hợp báo cáo của các cơ quan, đơn vị."),
    21: (TaskStatus.IN_PROGRESS, None, "Đã nhận 18/25 hồ sơ đề nghị khen thưởng tổng kết phong trào."),
    22: (TaskStatus.DONE, dt.date(2025, 11, 28), "Quyết định thành lập Đoàn đại biểu đã ban hành."),
    23: (TaskStatus.DONE, dt.date(2025, 12, 5), "Tham gia Hội nghị sơ kết Cụm tại Hải Dương."),
    24: (TaskStatus.IN_PROGRESS, None, "Đang chuẩn bị Hội nghị tổng kết."),
    25: (TaskStatus.IN_PROGRESS, None, "Đang tổng hợp số liệu chấm điểm."),
    26: (TaskStatus.DONE, dt.date(2025, 12, 22), "Dự thảo Kế hoạch năm 2026 đã trình UBND tỉnh."),
    27: (TaskStatus.NOT_STARTED, None, ""),
}

SUB_PLAN_OWN_TASKS = [
    ("Phát động phong trào thi đua «Dạy tốt, học tốt» năm học 2024-2025 trong toàn ngành", "Quý I"),
    ("Hướng dẫn các trường đăng ký danh hiệu thi đua năm học 2025-2026", "Quý III"),
    ("Tổng hợp hồ sơ đề nghị khen thưởng ngành Giáo dục và Đào tạo trình Hội đồng TĐKT tỉnh", "Quý II,III"),
]


def load_after_users(ctx):
    plan = ctx.get("plan_196")
    users = ctx.get("users", {})
    staff, officer = users.get("sonoivu"), users.get("canbo_gddt")
    if plan is None or staff is None:
        return
    today = timezone.localdate()
    tasks = {t.order: t for t in plan.tasks.all()}
    if all(t.status == TaskStatus.NOT_STARTED for t in tasks.values()):
        for order, (status, done_on, note) in PROGRESS.items():
            task = tasks[order]
            if status == TaskStatus.NOT_STARTED or (done_on and done_on > today):
                continue
            if status == TaskStatus.DONE:
                services.report_progress(staff, task, note=note, percent=100, status=status, completed_on=done_on)
            else:
                services.report_progress(staff, task, note=note, percent=60, status=status)
    if officer is None or officer.unit is None or Plan.objects.filter(parent=plan, unit=officer.unit).exists():
        return
    visible = list(PlanTask.objects.visible_to(officer).filter(plan=plan).values_list("pk", flat=True))
    services.report_progress(officer, tasks[9], percent=100,
                             note="Sở GD&ĐT đã tổng hợp kết quả thi đua của 10 huyện, thị xã, thành phố và các trường.")
    sub = services.derive_sub_plan(
        officer, plan, number="25/KH-SGDĐT", title="Kế hoạch công tác thi đua, khen thưởng ngành Giáo dục năm 2025",
        issued_on=dt.date(2025, 1, 10), task_ids=visible, signer="Phạm Quang Huy",
    )
    for content, schedule in SUB_PLAN_OWN_TASKS:
        services.save_task(officer, sub, None, content=content, schedule=schedule, lead_unit_text=officer.unit.name,
                           coordinating_text="Các trường trực thuộc", lead_unit=officer.unit)
    first = sub.tasks.order_by("order").first()
    if dt.date(2025, 3, 20) <= today:
        services.report_progress(officer, first, note="Đã tổ chức hội nghị tổng kết năm học.", status=TaskStatus.DONE,
                                 completed_on=dt.date(2025, 6, 20))
    _backdate_reports(plan)


def _backdate_reports(plan):
    """The progress reports of a 2025 plan are dated when the work was reported (the day the task was completed, or
    its deadline), not the day the demo was loaded: a report of 25/06/2025 does not read "08/12/2026"."""
    from thidua.plans.models import ProgressReport

    for report in ProgressReport.objects.filter(Q(task__plan=plan) | Q(task__plan__parent=plan)).select_related("task"):
        on = min(d for d in (report.task.completed_on, report.task.due_on, timezone.localdate()) if d)
        if timezone.localtime(report.created_at).date() > on:
            moment = timezone.make_aware(dt.datetime.combine(on, dt.time(16, 30)))
            ProgressReport.objects.filter(pk=report.pk).update(created_at=moment)
