from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Django's empty choice label; shown to officers it reads as a broken list.
_DASHES = "---------"
EMPTY_LABEL = _("— Chọn —")


def date_widget(widget: forms.DateInput) -> None:
    """Make a date input a text box typed and shown dd/mm/yyyy, whatever the browser's locale.

    `<input type="date">` displays and parses in the browser's own locale (2 December reads "12/02/2026" on an
    English browser); a text box with the server's dd/mm/yyyy format (thidua/formats) reads the same everywhere."""
    widget.input_type = "text"
    widget.attrs.pop("type", None)
    widget.format = "%d/%m/%Y"
    widget.attrs.setdefault("placeholder", "dd/mm/yyyy")
    widget.attrs.setdefault("inputmode", "numeric")
    widget.attrs.setdefault("autocomplete", "off")
    widget.attrs["data-date-input"] = ""
    widget.attrs.setdefault("maxlength", "10")


def _replace_dashes(field) -> None:
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == _DASHES:
            field.empty_label = EMPTY_LABEL
    elif isinstance(field, forms.ChoiceField) and not callable(getattr(field, "_choices", None)):
        choices = list(field.choices)
        if any(value == "" and label == _DASHES for value, label in choices):
            field.choices = [(value, EMPTY_LABEL if value == "" and label == _DASHES else label)
                             for value, label in choices]


class BootstrapMixin:
    """Gives every widget its Bootstrap class, so forms render consistently via `core/_form.html`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if isinstance(widget, forms.DateInput):
                date_widget(widget)
            _replace_dashes(field)


def add_service_errors(form, exc: ValidationError):
    """Put a service's ValidationError on the form: on the field it names when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)
