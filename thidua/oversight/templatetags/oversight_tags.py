from django import template

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


@register.inclusion_tag("oversight/_countdown.html")
def countdown(days_left):
    return {"days": days_left, "late": -days_left if days_left is not None and days_left < 0 else 0}
