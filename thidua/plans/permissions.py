"""What a user may do to plans and their tasks (CONVENTIONS.md "Permissions: one layer"). Which plans and tasks a
user may change is the querysets' `editable_by` / `status_editable_by` / `reportable_by` (plans/models.py), so a
list and a single object answer the same; these permissions ask them for one object."""

import rules

from thidua.core.permissions import LOGIN, is_editor, is_province_staff


@rules.predicate
def edits_plan(user, plan) -> bool:
    from thidua.plans.models import Plan

    return plan is not None and Plan.objects.editable_by(user).filter(pk=plan.pk).exists()


@rules.predicate
def steers_task(user, task) -> bool:
    from thidua.plans.models import PlanTask

    return task is not None and PlanTask.objects.status_editable_by(user).filter(pk=task.pk).exists()


@rules.predicate
def reports_on_task(user, task) -> bool:
    from thidua.plans.models import PlanTask

    return task is not None and PlanTask.objects.reportable_by(user).filter(pk=task.pk).exists()


@rules.predicate
def is_province_plan(user, plan) -> bool:
    return plan is not None and plan.parent_id is None


@rules.predicate
def has_unit(user) -> bool:
    return getattr(user, "unit_id", None) is not None


# Province plans, their import from .docx: province staff.
rules.add_perm("plans.create_plan", is_province_staff)
rules.add_perm("plans.edit_plan", edits_plan)
rules.add_perm("plans.steer_task", steers_task)
rules.add_perm("plans.report_progress", reports_on_task)
# A unit's own plan from a province plan (III.2.a of 196/KH-UBND): a unit's officer, not the province.
rules.add_perm("plans.derive_sub_plan", is_province_plan & has_unit & is_editor & ~is_province_staff)


# Every page (URL name) and API operation of the app with its rule, checked by
# tests/test_authorization_matrix.py (a route missing here fails it). Rules: core/permissions.py "route rules".
ROUTES = {
    "plans:by_quarter": LOGIN,
    "plans:by_unit": LOGIN,
    "plans:dashboard": LOGIN,
    "plans:evidence_download": LOGIN,
    "plans:import_docx": "plans.create_plan",
    "plans:import_preview": "plans.create_plan",
    "plans:overdue": LOGIN,
    "plans:plan_create": "plans.create_plan",
    "plans:plan_detail": LOGIN,
    "plans:plan_edit": "plans.edit_plan",
    "plans:plan_export": LOGIN,
    "plans:plan_list": LOGIN,
    "plans:plan_sections": "plans.edit_plan",
    "plans:reports": LOGIN,
    "plans:sub_plan_create": "plans.derive_sub_plan",
    "plans:task_add": (LOGIN, "plans.edit_plan"),
    "plans:task_delete": "plans.edit_plan",
    "plans:task_detail": LOGIN,
    "plans:task_edit": (LOGIN, "plans.edit_plan"),
    "plans:task_report": (LOGIN, "plans.report_progress"),
    "plans:task_status": (LOGIN, "plans.steer_task"),
}
API = {
    "GET /api/v1/plans": LOGIN,
    "POST /api/v1/plans": "plans.create_plan",
    "PATCH /api/v1/plans/{plan_id}": "plans.edit_plan",
    "PUT /api/v1/plans/{plan_id}/sections": "plans.edit_plan",
    "POST /api/v1/plans/{plan_id}/tasks": "plans.edit_plan",
    "PATCH /api/v1/plans/{plan_id}/tasks/{order}": "plans.edit_plan",
    "DELETE /api/v1/plans/{plan_id}/tasks/{order}": "plans.edit_plan",
    "GET /api/v1/plans/{plan_id}": LOGIN,
    "GET /api/v1/plans/{plan_id}/tasks": LOGIN,
    "GET /api/v1/plans/{plan_id}/tasks/{order}/reports": LOGIN,
    "POST /api/v1/plans/{plan_id}/tasks/{order}/reports": "plans.report_progress",
    "POST /api/v1/plans/{plan_id}/tasks/{order}/status": "plans.steer_task",
}
