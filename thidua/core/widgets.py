"""Form widgets shared by every app.

`PickerWidget`: a searchable chooser for a person or a unit (static/thidua/picker.js) in place of a `<select>` of a
whole unit tree. The field keeps its scoped queryset, so validation still refuses anything outside the user's
scope; the widget only changes how a choice is found: the text box searches a scoped JSON endpoint
(orgs:person_choices, orgs:unit_choices) and a hidden input carries the chosen id.

`FilteredSelect`: a `<select>` whose options carry data attributes (an award type's recipient kinds and level) and
that a small search box above it narrows, the same script hiding what does not fit the chosen kind.
"""

from __future__ import annotations

import json

from django import forms
from django.urls import reverse


def _label(choices, value):
    """The chosen object's label, read through the field's (scoped) queryset; '' when none or out of scope."""
    if value in (None, "", []):
        return ""
    queryset = getattr(choices, "queryset", None)
    if queryset is None:
        return ""
    try:
        obj = queryset.filter(pk=value).first()
    except (ValueError, TypeError):
        return ""
    if obj is None:
        return ""
    field = getattr(choices, "field", None)
    return field.label_from_instance(obj) if field is not None else str(obj)


class PickerWidget(forms.Widget):
    """A searchable person / unit chooser.

    `url`: a URL name of a picker endpoint (JSON {"results": [{id, text, hint}]}, scoped to the user);
    `params`: fixed query parameters narrowing it to the field's queryset (e.g. {"don_vi": 12, "dang_lam": 1});
    `depends`: {query parameter: other field's name}, read from the form when searching (a person in the chosen
    unit)."""

    template_name = "core/widgets/picker.html"

    def __init__(
        self,
        url: str,
        *,
        params: dict | None = None,
        depends: dict | None = None,
        placeholder: str | None = None,
        attrs: dict | None = None,
    ):
        super().__init__(attrs)
        self.url = url
        self.params = dict(params or {})
        self.depends = dict(depends or {})
        self.placeholder = placeholder
        self.choices = []  # set by ModelChoiceField (its queryset's iterator)

    def __deepcopy__(self, memo):
        obj = super().__deepcopy__(memo)
        obj.params = dict(self.params)
        obj.depends = dict(self.depends)
        return obj

    def endpoint(self) -> str:
        url = reverse(self.url)
        params = {k: v for k, v in self.params.items() if v not in (None, "")}
        if params:
            from urllib.parse import urlencode

            url += "?" + urlencode(params)
        return url

    def format_value(self, value):
        if value in (None, ""):
            return ""
        return str(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["url"] = self.endpoint()
        widget["text"] = _label(self.choices, widget["value"])
        widget["depends"] = json.dumps(self.depends) if self.depends else ""
        widget["placeholder"] = self.placeholder or ""
        widget["list_id"] = f"{widget['attrs'].get('id') or 'id_' + name}-list"
        return context

    def use_required_attribute(self, initial):
        return False  # the visible box is a search box; the field's own validation says what is missing


class FilteredSelect(forms.Select):
    """A `<select>` with a search box above it; each option may carry `data-*` attributes from `option_data`
    (a callable: object → dict) that static/thidua/choices.js uses to hide options not fitting another field
    (`data-filter-field` / `data-filter-attr`)."""

    template_name = "core/widgets/filtered_select.html"

    def __init__(
        self, *, option_data=None, filter_field: str = "", filter_attr: str = "", attrs=None, choices=()
    ):
        super().__init__(attrs, choices)
        self.option_data = option_data
        self.filter_field = filter_field
        self.filter_attr = filter_attr

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.filter_field:
            context["widget"]["attrs"]["data-filter-field"] = self.filter_field
            context["widget"]["attrs"]["data-filter-attr"] = self.filter_attr
        return context

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and self.option_data is not None:
            for key, item in self.option_data(instance).items():
                option["attrs"][f"data-{key}"] = item
        return option


class ChoiceButtons(forms.RadioSelect):
    """One choice among a few, as a row of toggle buttons (the nominee's kind: cá nhân / tập thể)."""

    template_name = "core/widgets/choice_buttons.html"


PERSON_PICKER = "orgs:person_choices"
UNIT_PICKER = "orgs:unit_choices"


def use_picker(
    field,
    url: str,
    *,
    params: dict | None = None,
    depends: dict | None = None,
    placeholder: str | None = None,
) -> None:
    """Turn a person / unit ModelChoiceField into a searchable picker, keeping its (scoped) queryset: the widget
    is swapped first, then the queryset handed back so the widget reads the chosen object's name through it."""
    queryset = field.queryset
    field.widget = PickerWidget(
        url, params=params, depends=depends, placeholder=placeholder, attrs={"class": "form-control"}
    )
    field.queryset = queryset
