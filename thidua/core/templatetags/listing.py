"""Tags of the list pages: a sortable column header (core.pagination.Sorting)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def sort_th(sorting, key, label, css=""):
    """`<th>` whose link sorts the list by `key` (again: the other way), with aria-sort for screen readers; a plain
    `<th>` where the list has no such sort (e.g. a table shared with a public page)."""
    column = sorting.columns.get(key) if sorting else None
    if column is None:
        return format_html('<th scope="col" class="{}">{}</th>', css, label)
    if column.active:
        icon = "bi-sort-down" if column.descending else "bi-sort-up"
        hint = _("đang sắp xếp giảm dần") if column.descending else _("đang sắp xếp tăng dần")
        mark = format_html(
            ' <i class="bi {}" aria-hidden="true"></i><span class="visually-hidden">({})</span>', icon, hint
        )
    else:
        mark = ""
    return format_html(
        '<th scope="col" class="{}" aria-sort="{}"><a class="sort-link" href="{}">{}{}</a></th>',
        css,
        column.aria_sort,
        column.url,
        label,
        mark,
    )


@register.simple_tag
def keep_sort(sorting):
    """A filter form's hidden input keeping the chosen sort order (filtering does not reset it)."""
    if not sorting or sorting.value == sorting.default:
        return ""
    return format_html('<input type="hidden" name="{}" value="{}">', sorting.param, sorting.value)
