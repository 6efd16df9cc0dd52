from django import template

register = template.Library()

_CLASSES = {
    "draft": "text-bg-light border",
    "awaiting_unit_approval": "text-bg-info",
    "submitted": "text-bg-primary",
    "returned": "text-bg-warning",
    "accepted": "text-bg-success",
}


@register.filter
def submission_badge(status: str) -> str:
    """Bootstrap classes of a report's status badge."""
    return _CLASSES.get(status, "text-bg-light")


@register.filter
def field_value(value, kind: str):
    """A field's value as typed in Vietnam: numbers with a decimal comma, dates dd/mm/yyyy."""
    import datetime as dt

    if value in (None, ""):
        return "—"
    if kind == "number":
        return str(value).replace(".", ",")
    if kind == "date":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except (TypeError, ValueError):
            return value
    return value
