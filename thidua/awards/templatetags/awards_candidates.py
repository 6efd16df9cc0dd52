"""Template helpers of the eligibility, candidate and quota pages."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def pct(value) -> str:
    """0.153 → '15,3%' (Vietnamese decimal comma); None → '—'."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.1f}%".replace(".", ",")


@register.filter
def get(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def award_name(code: str) -> str:
    from thidua.awards.rules import AWARD_NAMES

    return AWARD_NAMES.get(code, code)


@register.simple_tag
def cap_cell(row, code):
    """Count and share of a title in a quota row, and whether a cap on it is exceeded."""
    caps = [c for c in row.caps if c.award_code == code]
    exceeded = [c for c in caps if c.exceeded]
    title = "; ".join(
        (_("Tối đa %(ratio)s%% %(base)s: được %(allowed)s, hiện có %(count)s")
         % {"ratio": f"{c.max_ratio * 100:.0f}", "base": c.base_label, "allowed": c.allowed, "count": c.count}
         ).replace(".", ",")
        for c in caps
    )
    return {"count": row.titles.get(code, 0), "share": row.title_share(code), "exceeded": bool(exceeded),
            "title": title}
