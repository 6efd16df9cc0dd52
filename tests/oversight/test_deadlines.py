"""Statutory deadlines of petitions, counted across weekends and Tết (pure functions, no database)."""

import datetime as dt

import pytest

from thidua.core.workdays import WorkCalendar
from thidua.oversight import deadlines as D

CAL = WorkCalendar()


def test_complaint_acceptance_skips_tet():
    # Friday 24/01/2025, then Tết Ất Tỵ (25/01–02/02 off): ten working days end on 14/02, not 07/02.
    d = D.compute(CAL, D.COMPLAINT, dt.date(2025, 1, 24))
    assert d.accept_by == dt.date(2025, 2, 14)
    assert d.resolve_by is None and "Điều 27" in d.accept_basis


def test_resolution_ending_in_tet_moves_to_next_working_day():
    # Accepted 29/12/2024: 30 days end on 28/01/2025 (Tết) → Monday 03/02/2025 (BLDS Art 148).
    d = D.compute(CAL, D.COMPLAINT, dt.date(2024, 12, 27), dt.date(2024, 12, 29))
    assert d.resolve_by == dt.date(2025, 2, 3) and d.resolve_days == 30 and "Điều 28" in d.resolve_basis


@pytest.mark.parametrize("complex_case, remote, days", [(False, False, 30), (True, False, 45), (False, True, 45),
                                                         (True, True, 60)])
def test_complaint_terms(complex_case, remote, days):
    assert D.resolution_days(D.COMPLAINT, complex_case=complex_case, remote_area=remote) == days


def test_denunciation_terms_and_extensions():
    assert D.resolution_days(D.DENUNCIATION) == 30
    assert D.resolution_days(D.DENUNCIATION, extensions=1) == 60
    assert D.resolution_days(D.DENUNCIATION, extensions=2) == 90
    assert D.resolution_days(D.DENUNCIATION, extensions=5) == 90  # never beyond two extensions
    d = D.compute(CAL, D.DENUNCIATION, dt.date(2025, 3, 3), dt.date(2025, 3, 10))
    assert d.accept_by == dt.date(2025, 3, 12)  # 7 working days
    assert d.resolve_by == dt.date(2025, 4, 9)


def test_recommendation_and_extra_days_off():
    cal = WorkCalendar(extra_days_off=frozenset({dt.date(2025, 3, 4)}))
    assert D.compute(cal, D.RECOMMENDATION, dt.date(2025, 3, 3)).accept_by == dt.date(2025, 3, 18)
    assert D.compute(CAL, D.RECOMMENDATION, dt.date(2025, 3, 3)).accept_by == dt.date(2025, 3, 17)


def test_unknown_kind():
    with pytest.raises(ValueError):
        D.compute(CAL, "other", dt.date(2025, 3, 3))
