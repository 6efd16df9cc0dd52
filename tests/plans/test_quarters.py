import datetime as dt

import pytest

from thidua.plans.quarters import ScheduleError, due_on, parse_quarters


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quý I", ["I"]),
        ("Quý I,II", ["I", "II"]),
        ("Quý III, IV", ["III", "IV"]),
        ("Quý I,II,III,IV", ["I", "II", "III", "IV"]),
        ("Quý II,III", ["II", "III"]),
        ("quý 1 - 3", ["I", "II", "III"]),
        ("Quý II và Quý IV", ["II", "IV"]),
        ("Cả năm", ["I", "II", "III", "IV"]),
    ],
)
def test_parse_quarters(text, expected):
    assert parse_quarters(text) == expected


@pytest.mark.parametrize("text", ["", "Tháng 13", "Quý V", "Quý IV-I", "sớm nhất có thể"])
def test_unreadable_schedule_has_vietnamese_message(text):
    with pytest.raises(ScheduleError) as exc:
        parse_quarters(text)
    assert "thời gian thực hiện" in str(exc.value).lower()


def test_due_date_is_last_day_of_last_quarter():
    assert due_on(2025, ["I"]) == dt.date(2025, 3, 31)
    assert due_on(2025, ["I", "II"]) == dt.date(2025, 6, 30)
    assert due_on(2025, ["II", "III"]) == dt.date(2025, 9, 30)
    assert due_on(2025, ["III", "IV"]) == dt.date(2025, 12, 31)
