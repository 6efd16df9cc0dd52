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
    allow_multiple_selected = False

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
        widget["text"] = "" if self.allow_multiple_selected else _label(self.choices, widget["value"])
        widget["depends"] = json.dumps(self.depends) if self.depends else ""
        widget["placeholder"] = self.placeholder or ""
        widget["list_id"] = f"{widget['attrs'].get('id') or 'id_' + name}-list"
        return context

    def use_required_attribute(self, initial):
        return False  # the visible box is a search box; the field's own validation says what is missing


def _labels(choices, values) -> list[dict]:
    """[{id, text}] of the chosen objects, read through the field's (scoped) queryset in the order chosen; ids
    that are not numbers or are out of scope are dropped (the field's validation reports them)."""
    ids = []
    for value in values or []:
        text = str(value).strip()
        if text.isdigit() and int(text) not in ids:
            ids.append(int(text))
    queryset = getattr(choices, "queryset", None)
    if not ids or queryset is None:
        return []
    field = getattr(choices, "field", None)
    found = {obj.pk: obj for obj in queryset.filter(pk__in=ids[:500])}
    return [{"id": pk, "text": field.label_from_instance(found[pk]) if field is not None else str(found[pk])}
            for pk in ids if pk in found]


class MultiPickerWidget(PickerWidget):
    """The searchable picker choosing several people or units: each choice is a chip (its hidden input carries
    the id, its button takes it back), the text box searches as in PickerWidget. Keyboard: ↑ ↓ Enter to add,
    Backspace in the empty box removes the last choice, Tab reaches each chip's remove button."""

    template_name = "core/widgets/multi_picker.html"
    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # an empty selection is a value: nothing chosen

    def format_value(self, value):
        if value in (None, ""):
            return []
        if not isinstance(value, (list, tuple)):
            value = [value]
        return [str(getattr(v, "pk", v)) for v in value]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["chosen"] = _labels(self.choices, widget["value"])
        widget["chosen_id"] = f"{widget['attrs'].get('id') or 'id_' + name}-chosen"
        return context


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
    """Turn a person / unit ModelChoiceField into a searchable picker (a ModelMultipleChoiceField into the
    multi-choice picker), keeping its (scoped) queryset: the widget is swapped first, then the queryset handed
    back so the widget reads the chosen objects' names through it."""
    queryset = field.queryset
    widget_class = MultiPickerWidget if isinstance(field, forms.ModelMultipleChoiceField) else PickerWidget
    field.widget = widget_class(
        url, params=params, depends=depends, placeholder=placeholder, attrs={"class": "form-control"}
    )
    field.queryset = queryset
