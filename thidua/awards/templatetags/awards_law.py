"""Template filters that speak the rule book: `{{ article|law_citation }}` (Vietnamese legal citation in the
Vietnamese UI, the compact code in English), `{{ verdict.rule_set|rule_set_label }}`, `{{ code|route_label }}`."""

from django import template

from thidua.awards import criteria_display
from thidua.awards.law_display import ROUTE_LABELS, cite
from thidua.awards.law_display import rule_set_label as _rule_set_label

register = template.Library()


@register.filter
def law_citation(article) -> str:
    return cite(str(article or ""))


@register.filter
def rule_set_label(version) -> str:
    return _rule_set_label(version or None)


@register.filter
def route_label(code) -> str:
    return str(ROUTE_LABELS.get(code, code or ""))


@register.filter
def criterion_title(text) -> str:
    """`{{ c.title|criterion_title }}`: the engine's Vietnamese title, translated in English."""
    return criteria_display.title(str(text or ""))


@register.filter
def criterion_message(c, status="unmet") -> str:
    """`{{ c|criterion_message }}` / `{{ c|criterion_message:"judgement" }}`: an unmet (or to-be-judged)
    criterion's message in the page's language, chosen by criterion code in English."""
    code = c.get("code") or c.get("criterion") or ""
    return criteria_display.message(code, c.get("message") or "", c.get("status") or status)
