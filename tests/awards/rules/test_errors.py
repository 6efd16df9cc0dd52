"""Cases the engine cannot judge: a verdict with `eligible: null` and `error`, never an exception."""

import pytest

from thidua.awards.rules import evaluate, evaluate_many

from .helpers import Y, case, ratings


def assert_error(verdict, case_id="t", award_code=None, year=Y):
    assert verdict["eligible"] is None
    assert isinstance(verdict["error"], str) and verdict["error"]
    assert verdict["id"] == case_id
    if award_code is not None:
        assert verdict["award"] == award_code
    assert verdict["year"] == year
    assert verdict["unmet"] == [] and verdict["met"] == []


def test_household_gets_an_error():
    verdict = evaluate(case("LDTT", kind="household", ratings=ratings(y2025="HTTNV")))
    assert_error(verdict, award_code="LDTT")
    assert "hộ gia đình" in verdict["error"]


@pytest.mark.parametrize("code", ["XYZ", "ldtt", "GIAY_KHEN_HUYEN", "HCLD_2"])
def test_unknown_award_code(code):
    assert_error(evaluate(case(code)), award_code=code)


@pytest.mark.parametrize(
    ("code", "kind"),
    [("LDTT", "collective"), ("CSTD_TINH", "collective"), ("TTLDTT", "individual"), ("CO_CP", "individual")],
)
def test_award_kind_combination_without_rules(code, kind):
    assert_error(evaluate(case(code, kind=kind, collective={"members": 1})), award_code=code)


@pytest.mark.parametrize(
    ("year", "received_on", "judged"),
    [
        (2025, "2023-12-31", False),
        (2024, "2023-12-31", False),
        (2023, None, False),  # default: 1 December 2023
        (2025, "2024-01-01", True),
        (2023, "2024-01-01", True),
        (2024, None, True),
    ],
)
def test_rule_set_chosen_by_received_on(year, received_on, judged):
    data = case("LDTT", year=year, ratings=[{"year": year, "rating": "HTTNV"}])
    if received_on:
        data["received_on"] = received_on
    verdict = evaluate(data)
    if judged:
        assert verdict["eligible"] is True
        assert "error" not in verdict
    else:
        assert_error(verdict, award_code="LDTT", year=year)
        assert "01/01/2024" in verdict["error"]


MALFORMED = {
    "year missing": ({"year": None}, None),
    "year string": ({"year": "2025"}, "2025"),
    "year fractional": ({"year": 2025.5}, 2025.5),
    "year boolean": ({"year": True}, True),
    "year list": ({"year": [2025]}, None),
    "award not a string": ({"award": 5}, Y),
    "award missing": ({"award": None}, Y),
    "ratings not a list": ({"ratings": {"year": 2025, "rating": "HTTNV"}}, Y),
    "rating value": ({"ratings": [{"year": 2025, "rating": "XUAT_SAC"}]}, Y),
    "rating lowercase": ({"ratings": [{"year": 2025, "rating": "httnv"}]}, Y),
    "rating item not object": ({"ratings": ["HTTNV"]}, Y),
    "rating year missing": ({"ratings": [{"rating": "HTTNV"}]}, Y),
    "conflicting ratings": (
        {"ratings": [{"year": 2025, "rating": "HTTNV"}, {"year": 2025, "rating": "HTNV"}]},
        Y,
    ),
    "awards not a list": ({"awards": "LDTT"}, Y),
    "award item without code": ({"awards": [{"year": 2024}]}, Y),
    "award type not a string": ({"awards": [{"year": 2024, "award": "LDTT", "type": 3}]}, Y),
    "award type empty": ({"awards": [{"year": 2024, "award": "LDTT", "type": " "}]}, Y),
    "award revoked type": ({"awards": [{"year": 2024, "award": "LDTT", "revoked": "yes"}]}, Y),
    "initiative scope": ({"initiatives": [{"year": 2025, "scope": "huyen"}]}, Y),
    "initiative used_for type": ({"initiatives": [{"year": 2025, "scope": "tinh", "used_for": 5}]}, Y),
    "discipline form": ({"discipline": [{"year": 2025, "form": "phat_tien"}]}, Y),
    "discipline not a list": ({"discipline": 3}, Y),
    "pending not a list": ({"pending": "đang điều tra"}, Y),
    "pending item not a string": ({"pending": [1]}, Y),
    "received_on format": ({"received_on": "01/12/2025"}, Y),
    "received_on type": ({"received_on": 20251201}, Y),
    "nominee kind": ({"nominee": {"kind": "company"}}, Y),
    "nominee not object": ({"nominee": "individual"}, Y),
    "months negative": ({"nominee": {"kind": "individual", "months_in_service": -1}}, Y),
    "months string": ({"nominee": {"kind": "individual", "months_in_service": "12"}}, Y),
    "direct_worker": ({"nominee": {"kind": "individual", "direct_worker": "có"}}, Y),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_case(name):
    changes, year_echo = MALFORMED[name]
    data = case("LDTT", ratings=ratings(y2025="HTTNV"))
    data.update(changes)
    if "nominee" in changes:
        data["nominee"] = changes["nominee"]
    verdict = evaluate(data)
    assert verdict["eligible"] is None, name
    assert verdict["error"].startswith("Hồ sơ không hợp lệ"), verdict["error"]
    assert verdict["id"] == "t"
    assert verdict["year"] == year_echo


@pytest.mark.parametrize(
    "collective",
    [
        {"members": "20"},
        {"members": 0},
        {"members": 10, "members_ldtt": 11},
        {"members": 10, "members_ldtt": -1},
        {"group_rank": 0},
        [1, 2],
    ],
)
def test_malformed_collective_block(collective):
    verdict = evaluate(
        case("TTLDTT", kind="collective", ratings=ratings(y2025="HTTNV"), collective=collective)
    )
    assert verdict["eligible"] is None and "collective" in verdict["error"]


@pytest.mark.parametrize(
    "ballot",
    [
        {"council_members": 10, "votes_yes": 11},
        {"council_members": 0, "votes_yes": 0},
        {"council_members": "15", "votes_yes": 12},
        15,
    ],
)
def test_malformed_ballot_for_award_with_vote(ballot):
    verdict = evaluate(case("CSTD_CO_SO", ratings=ratings(y2025="HTXSNV"), ballot=ballot))
    assert verdict["eligible"] is None and "ballot" in verdict["error"]


@pytest.mark.parametrize("bad", [None, 3, "case", [1, 2], True])
def test_case_that_is_not_an_object(bad):
    verdict = evaluate(bad)
    assert verdict["eligible"] is None and verdict["error"]
    assert verdict["id"] is None and verdict["award"] is None and verdict["year"] is None


def test_malformed_case_never_stops_the_others():
    good = case("LDTT", ratings=ratings(y2025="HTTNV"))
    verdicts = evaluate_many(
        [good, "x", dict(good, year="năm"), dict(good, id="z", award="??"), dict(good, id="last")]
    )
    assert [v["eligible"] for v in verdicts] == [True, None, None, None, True]
    assert [v["id"] for v in verdicts] == ["t", None, "t", "z", "last"]


def test_absent_lists_are_empty_and_unknown_keys_ignored():
    data = {"id": 7, "award": "LDTT", "year": 2025, "ratings": ratings(y2025="HTTNV"), "ghi_chu": "khác"}
    verdict = evaluate(data)
    assert verdict["eligible"] is True and verdict["id"] == 7


def test_nulls_are_absent():
    data = case(
        "CSTD_CO_SO",
        ratings=ratings(y2025="HTXSNV"),
        awards=None,
        initiatives=None,
        discipline=None,
        pending=None,
        ballot=None,
        received_on=None,
    )
    data["nominee"]["months_in_service"] = None
    assert evaluate(data)["eligible"] is True
