"""Parameters: rule set v1 defaults, province overrides with effective dates (LAW.md §0)."""

import datetime as dt
from fractions import Fraction

import pytest

from thidua.awards.rules import (
    PARAMETERS,
    ParameterError,
    ParameterOverride,
    ParamResolver,
    evaluate,
    resolve_params,
)

from .helpers import case, ratings, status


def test_defaults_of_rule_set_v1():
    params = resolve_params(dt.date(2024, 1, 1))
    assert params.rule_set.version == "v1"
    assert params.ldtt_service_months == 10
    assert params.ldtt_ratio == Fraction(7, 10)
    assert params.ballot_thresholds == {
        "CSTD_TINH": Fraction(9, 10),
        "CSTD_TOAN_QUOC": Fraction(9, 10),
        "CSTD_CO_SO": Fraction(4, 5),
        "CO_TINH": Fraction(4, 5),
        "CO_CP": Fraction(4, 5),
        "CSTD_BO_NGANH": Fraction(9, 10),  # LAW-V2.md §C.5
        "CO_BO_NGANH": Fraction(4, 5),
    }
    assert params["deadline_appraise_working_days"] == 20
    assert params["council_quorum_ratio"] == Fraction(2, 3)
    assert params["dossier_due_province"] == (12, 10)
    assert resolve_params(dt.date(2023, 12, 31)) is None


def _ldtt(months, received_on):
    return case("LDTT", ratings=ratings(y2025="HTTNV"), months_in_service=months, received_on=received_on)


def test_override_applies_from_its_effective_date():
    overrides = [ParameterOverride("ldtt_service_months", 12, dt.date(2025, 6, 1))]
    assert status(_ldtt(11, "2025-05-31"), "service_months", overrides) == "met"
    assert status(_ldtt(11, "2025-06-01"), "service_months", overrides) == "unmet"
    assert status(_ldtt(12, "2025-06-01"), "service_months", overrides) == "met"


def test_latest_override_in_force_wins():
    overrides = [
        ParameterOverride("ldtt_service_months", 6, dt.date(2026, 1, 1)),
        ParameterOverride("ldtt_service_months", 12, dt.date(2025, 1, 1)),
    ]
    assert status(_ldtt(11, "2025-12-01"), "service_months", overrides) == "unmet"
    assert status(_ldtt(7, "2026-02-01"), "service_months", overrides) == "met"
    assert status(_ldtt(9, "2024-12-01"), "service_months", overrides) == "unmet"  # default 10 before 2025


@pytest.mark.parametrize("value", [0.75, "0.75", "75%", 75, "3/4"])
def test_ratio_override_forms(value):
    overrides = [ParameterOverride("ldtt_ratio", value, dt.date(2024, 1, 1))]
    base = case("TTLDTT", kind="collective", ratings=ratings(y2025="HTTNV"))
    at_70 = dict(
        base, collective={"members": 20, "members_ldtt": 14, "members_disciplined_canh_cao_or_more": 0}
    )
    at_75 = dict(
        base, collective={"members": 20, "members_ldtt": 15, "members_disciplined_canh_cao_or_more": 0}
    )
    assert status(at_70, "ldtt_ratio") == "met"
    assert status(at_70, "ldtt_ratio", overrides) == "unmet"
    assert status(at_75, "ldtt_ratio", overrides) == "met"


def test_ballot_threshold_override():
    overrides = [ParameterOverride("ballot_threshold.CSTD_CO_SO", 1, dt.date(2024, 1, 1))]
    data = case(
        "CSTD_CO_SO", ratings=ratings(y2025="HTXSNV"), ballot={"council_members": 15, "votes_yes": 14}
    )
    assert status(data, "ballot_threshold") == "met"
    assert status(data, "ballot_threshold", overrides) == "unmet"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("khong_co", 1),
        ("ldtt_ratio", "abc"),
        ("ldtt_ratio", 150),
        ("ldtt_ratio", True),
        ("ldtt_service_months", -1),
        ("deadline_appraise_working_days", 2.5),
        ("dossier_due_province", "13-40"),
    ],
)
def test_invalid_override(name, value):
    with pytest.raises(ParameterError):
        ParamResolver([ParameterOverride(name, value, dt.date(2024, 1, 1))])


def test_every_parameter_has_a_vietnamese_description():
    for spec in PARAMETERS.values():
        assert spec.description


def test_resolution_is_cached_per_date():
    resolver = ParamResolver()
    assert resolver.at(dt.date(2025, 12, 1)) is resolver.at(dt.date(2025, 12, 1))


def test_overrides_as_plain_tuples():
    verdict = evaluate(_ldtt(11, "2025-12-01"), [("ldtt_service_months", 12, dt.date(2025, 1, 1))])
    assert verdict["eligible"] is False


def test_overrides_as_mappings_with_iso_dates():
    overrides = [{"name": "ldtt_service_months", "value": "12", "effective_from": "2025-01-01"}]
    assert evaluate(_ldtt(11, "2025-12-01"), overrides)["eligible"] is False
    assert evaluate(_ldtt(11, "2024-12-01"), overrides)["eligible"] is True
    with pytest.raises(ParameterError):
        ParamResolver([{"name": "ldtt_ratio", "value": 0.8, "effective_from": "01/01/2025"}])
