"""Reads for the plan pages: always from scoped querysets, facts gathered in a few aggregate queries."""

import datetime as dt

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.text import sort_key
from thidua.plans.models import Plan, PlanTask, TaskStatus
from thidua.plans.quarters import ROMAN

STATUS_ORDER = [TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED, TaskStatus.OVERDUE]


def status_q(status: str, today: dt.date) -> Q:
    if status == TaskStatus.DONE:
        return Q(status=TaskStatus.DONE)
    if status == TaskStatus.OVERDUE:
        return ~Q(status=TaskStatus.DONE) & Q(due_on__lt=today)
    return Q(status=status, due_on__gte=today)


def chosen_plan(user, plan_id) -> Plan | None:
    """The plan named by ?ke_hoach=, else the latest province plan the user can see."""
    qs = Plan.objects.visible_to(user)
    if plan_id:
        try:
            return qs.get(pk=int(plan_id))
        except (ValueError, Plan.DoesNotExist):
            raise Http404(_("Không tìm thấy kế hoạch hoặc bạn không có quyền xem."))
    return qs.province_plans().order_by("-year", "-issued_on", "-id").first()


def plan_tasks(user, plan: Plan):
    return (
        PlanTask.objects.visible_to(user)
        .filter(plan=plan)
        .with_effective_status()
        .select_related("lead_unit")
        .order_by("order")
    )


def progress_by_quarter(tasks_qs, today: dt.date | None = None) -> list[dict]:
    """For each quarter, how many tasks scheduled in it are done / in progress / not started / overdue."""
    today = today or timezone.localdate()
    aggregates = {}
    for i, roman in enumerate(ROMAN, start=1):
        for status in STATUS_ORDER:
            aggregates[f"{roman}_{status}"] = Count("id", filter=Q(**{f"q{i}": True}) & status_q(status, today))
    counts = tasks_qs.order_by().aggregate(**aggregates)
    rows = []
    for roman in ROMAN:
        row = {"quarter": roman, "counts": {s.value: counts[f"{roman}_{s}"] for s in STATUS_ORDER}}
        row["total"] = sum(row["counts"].values())
        row["done_percent"] = round(100 * row["counts"]["done"] / row["total"]) if row["total"] else 0
        rows.append(row)
    return rows


def status_totals(tasks_qs, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    counts = tasks_qs.order_by().aggregate(**{s.value: Count("id", filter=status_q(s, today)) for s in STATUS_ORDER})
    counts["total"] = sum(counts.values())
    return counts


def group_by_lead(tasks) -> list[dict]:
    """Tasks grouped by lead unit (the linked unit, or the cell text when no unit is linked)."""
    groups: dict = {}
    for task in tasks:
        key = ("u", task.lead_unit_id) if task.lead_unit_id else ("t", task.lead_unit_text)
        label = task.lead_unit.name if task.lead_unit_id else (task.lead_unit_text or _("(chưa ghi đơn vị chủ trì)"))
        group = groups.setdefault(key, {"label": label, "tasks": [], "counts": dict.fromkeys(TaskStatus.values, 0)})
        group["tasks"].append(task)
        group["counts"][task.effective_status] += 1
    result = sorted(groups.values(), key=lambda g: sort_key(g["label"]))
    for g in result:
        g["done_percent"] = round(100 * g["counts"]["done"] / len(g["tasks"]))
    return result
