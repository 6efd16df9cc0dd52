"""Template filters that speak the rule book: `{{ article|law_citation }}` (Vietnamese legal citation in the
Vietnamese UI, the compact code in English), `{{ verdict.rule_set|rule_set_label }}`, `{{ code|route_label }}`."""

from django import template

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
