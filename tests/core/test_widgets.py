"""Dates are typed and shown dd/mm/yyyy and file inputs speak the UI's language, whatever the browser's locale."""

import datetime as dt

from django import forms
from django.utils import translation

from thidua.core.forms import BootstrapMixin


class MeetingForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label="Ngày họp", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    minutes = forms.FileField(label="Biên bản", required=False)
    kind = forms.ChoiceField(label="Loại", choices=[("", "---------"), ("a", "Họp thường kỳ")])


def test_a_date_is_shown_day_first_in_a_text_box_not_the_browsers_date_control():
    html = str(MeetingForm(initial={"held_on": dt.date(2026, 12, 2)})["held_on"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="02/12/2026"' in html
    assert 'placeholder="dd/mm/yyyy"' in html


def test_a_typed_date_is_read_day_first_in_both_languages():
    for language in ("vi", "en"):
        with translation.override(language):
            for typed in ("02/12/2026", "2/12/2026", "02-12-2026", "02.12.2026", "2026-12-02"):
                form = MeetingForm(data={"held_on": typed, "kind": "a"})
                assert form.is_valid(), (language, typed, form.errors)
                assert form.cleaned_data["held_on"] == dt.date(2026, 12, 2)


def test_an_impossible_date_is_refused_not_swapped():
    form = MeetingForm(data={"held_on": "31/02/2026", "kind": "a"})
    assert not form.is_valid()
    form = MeetingForm(data={"held_on": "12/31/2026", "kind": "a"})  # month first is not a date here
    assert not form.is_valid()


def test_file_input_and_empty_choice_speak_the_ui_language():
    with translation.override("vi"):
        form = MeetingForm()
        file_html, kind_html = str(form["minutes"]), str(form["kind"])
        assert "Chọn tệp" in file_html and "Chưa chọn tệp" in file_html
        assert "---------" not in kind_html and "— Chọn —" in kind_html
    with translation.override("en"):
        form = MeetingForm()
        assert "Choose a file" in str(form["minutes"]) and "No file chosen" in str(form["minutes"])
        assert "— Choose —" in str(form["kind"])


def test_dates_on_pages_are_day_first_in_english_too(client, staff):
    from django.utils.formats import date_format

    with translation.override("en"):
        assert date_format(dt.date(2026, 12, 2), "SHORT_DATE_FORMAT") == "02/12/2026"
        assert date_format(dt.date(2026, 12, 2)) == "02/12/2026"
