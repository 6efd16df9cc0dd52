from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()

_CLASSES = {
    "planned": "text-bg-light border", "in_progress": "text-bg-primary", "concluded": "text-bg-success",
    "cancelled": "text-bg-secondary", "open": "text-bg-warning", "reported": "text-bg-info",
    "remedied": "text-bg-success", "overdue": "text-bg-danger", "received": "text-bg-light border",
    "accepted": "text-bg-primary", "not_accepted": "text-bg-secondary", "resolved": "text-bg-success",
    "forwarded": "text-bg-secondary",
}


@register.filter
def status_badge(status: str) -> str:
    """Bootstrap classes of a status badge."""
    return _CLASSES.get(status, "text-bg-light")


@register.simple_tag
def countdown(days_left) -> str:
    """`{% countdown days %}`: "còn 3 ngày", "hết hạn hôm nay", "quá hạn 2 ngày" (red when due or late, amber within
    five days). Python rather than an inclusion template: the petition list shows it on every row."""
    if days_left is None:
        return mark_safe('<span class="text-muted">—</span>\n')
    if days_left < 0:
        text = ngettext("quá hạn %(n)s ngày", "quá hạn %(n)s ngày", -days_left) % {"n": -days_left}
        css = "text-danger fw-semibold text-nowrap"
    elif days_left == 0:
        text, css = gettext("hết hạn hôm nay"), "text-danger fw-semibold text-nowrap"
    else:
        text = ngettext("còn %(n)s ngày", "còn %(n)s ngày", days_left) % {"n": days_left}
        css = "text-warning-emphasis fw-semibold text-nowrap" if days_left <= 5 else "text-nowrap"
    return mark_safe(f'<span class="{css}">{conditional_escape(text)}</span>\n')  # noqa: S308 — escaped


@register.inclusion_tag("oversight/_petitions_panel.html", takes_context=True)
def petitions_panel(context, **about):
    """Petitions about a record, for that record's page: `{% petitions_panel dossier=dossier %}` (also `person=`,
    `award=`). Load it alone — `{% load petitions_panel from oversight_tags %}` — to keep the host's tag names.
    Only petitions the viewer may see are listed; the petitioner is never shown here."""
    from thidua.oversight.models import Petition, is_province_editor

    request = context.get("request")
    user = getattr(request, "user", None)
    (field, obj), = about.items()
    if obj is None or field not in ("person", "dossier", "award"):
        return {"petitions": []}
    petitions = list(Petition.objects.visible_to(user).filter(**{field: obj}).order_by("-received_on", "-id")[:10])
    param = {"person": "ca_nhan", "dossier": "ho_so", "award": "khen_thuong"}[field]
    return {"petitions": petitions, "can_add": is_province_editor(user), "param": param, "pk": obj.pk}


@register.inclusion_tag("oversight/_inspections_panel.html", takes_context=True)
def inspections_panel(context, task):
    """Inspection plans and inspections carrying out a task of the annual plan, for the plan task's page:
    `{% load inspections_panel from oversight_tags %}{% inspections_panel task %}`. Read-only; only what the viewer
    may see (inspection plans are province documents, an inspection belongs to the inspected unit)."""
    from django.db.models import Q

    from thidua.oversight.models import Inspection, InspectionPlan

    request = context.get("request")
    user = getattr(request, "user", None)
    if task is None or user is None:
        return {"plans": [], "inspections": []}
    plans = list(InspectionPlan.objects.visible_to(user).filter(plan_task=task).order_by("-issued_on", "-id")[:10])
    inspections = list(Inspection.objects.visible_to(user).filter(Q(plan_task=task) | Q(plan__plan_task=task))
                       .select_related("unit").order_by("planned_start", "id")[:30])
    return {"plans": plans, "inspections": inspections}
