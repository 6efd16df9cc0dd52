"""Template helpers of the orgs pages."""

from django import template
from django.template.loader import get_template

register = template.Library()


@register.simple_tag(takes_context=True)
def include_if_exists(context, template_name):
    """Render `template_name` with the current context if some app provides it, else nothing.

    The person page uses it for `awards/_person_panel.html` (award timeline, eligibility verdicts), so orgs does
    not depend on the awards app."""
    try:
        tmpl = get_template(template_name)
    except template.TemplateDoesNotExist:
        return ""
    return tmpl.render(context.flatten(), context.get("request"))


@register.filter
def citizen_id_for(person, user):
    """`{{ person|citizen_id_for:user }}`: full for province staff, masked for everyone else."""
    return person.citizen_id_for(user)


@register.filter
def birth_date_for(person, user):
    """`{{ person|birth_date_for:user }}`: dd/mm/yyyy for those who may see personal data (the view records the
    unmasked view), only the year for everyone else (Decree 13/2023)."""
    return person.birth_date_for(user) if person is not None else ""


@register.filter
def masked_birth_date(value):
    """`{{ person.birth_date|masked_birth_date }}`: only the year (Decree 13/2023)."""
    from thidua.core.personal import mask_birth_date

    return mask_birth_date(value)


@register.simple_tag
def indent(depth):
    return depth * 1.5
