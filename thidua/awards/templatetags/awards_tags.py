"""Template helpers of the award pages, and the award panel shown on the orgs person page."""

from django import template

from thidua.awards import selectors

register = template.Library()

RATING_CSS = {"HTXSNV": "success", "HTTNV": "primary", "HTNV": "secondary", "KHTNV": "danger"}


@register.filter
def vnd(value):
    """2340000 → '2.340.000' (Vietnamese thousands separator)."""
    if value in (None, ""):
        return ""
    return f"{int(value):,}".replace(",", ".")


@register.filter
def multiple(value):
    """Decimal('1.50') → '1,5'."""
    if value in (None, ""):
        return ""
    text = f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
    return text.replace(".", ",")


@register.filter
def percent(value):
    if value in (None, ""):
        return ""
    return f"{round(float(value) * 100)}%"


@register.filter
def rating_css(value):
    return RATING_CSS.get(getattr(value, "rating", value), "secondary")


@register.inclusion_tag("awards/_person_panel_body.html", takes_context=True)
def person_award_panel(context, person, years: int = 6):
    timeline = selectors.person_timeline(person)
    request = context.get("request")
    user = getattr(request, "user", None)
    from thidua.orgs.models import Person as P

    return {
        "person": person, "timeline": timeline, "years": timeline["years"][:years],
        "more": len(timeline["years"]) > years, "request": request,
        "can_edit": bool(user) and P.objects.editable_by(user).filter(pk=person.pk).exists(),
    }
