from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

STATE_COLORS = {
    "draft": "secondary", "unit_review": "secondary", "submitted": "primary", "received": "info", "returned": "warning",
    "resubmitted": "primary", "appraised": "info", "council": "dark", "for_decision": "primary",
    "decided": "success", "rejected": "danger", "not_awarded": "danger", "withdrawn": "secondary",
}


@register.simple_tag
def state_badge(dossier):
    return format_html('<span class="badge text-bg-{}">{}</span>', STATE_COLORS.get(dossier.state, "secondary"),
                       dossier.get_state_display())


@register.simple_tag
def countdown(days_left, badge=""):
    """'còn N ngày làm việc' / 'quá hạn N ngày làm việc' badge."""
    if days_left is None:
        return ""
    if days_left < 0:
        text = _("Quá hạn %(n)s ngày làm việc") % {"n": -days_left}
    elif days_left == 0:
        text = _("Hết hạn hôm nay")
    else:
        text = _("Còn %(n)s ngày làm việc") % {"n": days_left}
    return format_html('<span class="badge text-bg-{}"><i class="bi bi-hourglass-split"></i> {}</span>',
                       badge or "secondary", text)


@register.filter
def percent(value):
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def editable_dossiers(user):
    """The dossiers this user's unit may still add nominations to (draft or returned), newest first."""
    from thidua.dossiers.models import EDITABLE_STATES, Dossier
    if not (user.is_authenticated and user.has_perm("dossiers.create_dossier")):
        return []
    return list(Dossier.objects.visible_to(user).filter(state__in=EDITABLE_STATES).order_by("-created_at")[:50])


@register.filter
def recusal_reason(reason) -> str:
    """`{{ r.reason|recusal_reason }}`: a stored (Vietnamese) recusal reason in the page's language."""
    from thidua.dossiers import recusal

    return recusal.display(str(reason or ""))


@register.inclusion_tag("dossiers/_person_nominations_panel.html", takes_context=True)
def person_nominations(context, person, limit: int = 20):
    """The dossiers that nominate `person`, those the viewer may see, newest first (the person page's panel)."""
    from thidua.dossiers.models import Dossier, Nomination

    request = context.get("request")
    user = getattr(request, "user", None)
    rows = []
    if user is not None and user.is_authenticated:
        rows = list(Nomination.objects.filter(person=person, dossier__in=Dossier.objects.visible_to(user))
                    .select_related("dossier", "award_type").order_by("-dossier__created_at", "-id")[: limit + 1])
    return {"rows": rows[:limit], "more": len(rows) > limit, "person": person}
