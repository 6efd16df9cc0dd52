"""Cross-cutting criteria (LAW.md §1): pending proceedings, discipline window, ballot threshold."""

import pytest

from .helpers import Y, award, case, initiative, judge, met, rated, ratings, status, unmet

ELIGIBLE = {
    "LDTT": {"ratings": ratings(y2025="HTTNV")},
    "CSTD_CO_SO": {"ratings": ratings(y2025="HTXSNV")},
    "CSTD_TINH": {
        "awards": [award("CSTD_CO_SO", y) for y in (2023, 2024, 2025)],
        "initiatives": [initiative(2025, "tinh")],
    },
    "CSTD_TOAN_QUOC": {
        "awards": [award("CSTD_TINH", 2022), award("CSTD_TINH", 2025)],
        "initiatives": [initiative(2025, "toan_quoc")],
    },
    "BK_TINH": {"awards": [award("CSTD_CO_SO", 2024), award("CSTD_CO_SO", 2025)]},
    "BK_TTG": {
        "awards": [award("BK_TINH", 2020)] + [award("CSTD_CO_SO", y) for y in (2023, 2024, 2025)],
        "ratings": rated(2021, 2025),
    },
    "HCLD_3": {
        "awards": [award("BK_TTG", 2020)] + [award("CSTD_CO_SO", y) for y in (2023, 2024, 2025)],
        "ratings": rated(2021, 2025, "HTXSNV"),
    },
}
WINDOWS = {
    "LDTT": (2025, 2025),
    "CSTD_CO_SO": (2025, 2025),
    "CSTD_TINH": (2023, 2025),
    "CSTD_TOAN_QUOC": (2020, 2025),
    "BK_TINH": (2024, 2025),
    "BK_TTG": (2021, 2025),
    "HCLD_3": (2021, 2025),
}


@pytest.mark.parametrize("code", list(ELIGIBLE))
def test_baseline_is_eligible(code):
    assert judge(case(code, **ELIGIBLE[code]))["eligible"] is True


@pytest.mark.parametrize("code", list(ELIGIBLE))
@pytest.mark.parametrize("form", ["khien_trach", "canh_cao", "buoc_thoi_viec"])
def test_discipline_window_edges(code, form):
    first, last = WINDOWS[code]
    for year, expected in ((first - 1, "met"), (first, "unmet"), (last, "unmet"), (last + 1, "met")):
        data = case(code, **ELIGIBLE[code], discipline=[{"year": year, "form": form}])
        assert status(data, "no_discipline_in_window") == expected, (code, year)


def test_discipline_message_says_which_year():
    data = case("CSTD_TINH", **ELIGIBLE["CSTD_TINH"], discipline=[{"year": 2024, "form": "canh_cao"}])
    failed = unmet(judge(data))["no_discipline_in_window"]
    assert failed["article"] == "NĐ 152/2025 Art 4.4"
    assert "2024" in failed["message"]


@pytest.mark.parametrize("code", list(ELIGIBLE))
def test_pending_proceedings(code):
    data = case(code, **ELIGIBLE[code], pending=["đơn tố cáo đang giải quyết"])
    verdict = judge(data)
    assert verdict["eligible"] is False
    assert list(unmet(verdict)) == ["no_pending_proceedings"]
    assert "đơn tố cáo" in unmet(verdict)["no_pending_proceedings"]["message"]
    assert status(case(code, **ELIGIBLE[code], pending=[]), "no_pending_proceedings") == "met"


@pytest.mark.parametrize(
    ("code", "votes", "members", "expected"),
    [
        ("CSTD_TINH", 9, 10, "met"),
        ("CSTD_TINH", 27, 30, "met"),
        ("CSTD_TINH", 14, 15, "met"),
        ("CSTD_TINH", 13, 15, "unmet"),
        ("CSTD_TINH", 8, 10, "unmet"),
        ("CSTD_TOAN_QUOC", 18, 20, "met"),
        ("CSTD_TOAN_QUOC", 17, 20, "unmet"),
        ("CSTD_CO_SO", 12, 15, "met"),
        ("CSTD_CO_SO", 4, 5, "met"),
        ("CSTD_CO_SO", 11, 15, "unmet"),
        ("CSTD_CO_SO", 15, 15, "met"),
        ("CSTD_CO_SO", 0, 15, "unmet"),
    ],
)
def test_ballot_threshold(code, votes, members, expected):
    data = case(code, **ELIGIBLE[code], ballot={"council_members": members, "votes_yes": votes})
    assert status(data, "ballot_threshold") == expected


def test_ballot_message_and_article():
    data = case("CSTD_TINH", **ELIGIBLE["CSTD_TINH"], ballot={"council_members": 15, "votes_yes": 13})
    failed = unmet(judge(data))["ballot_threshold"]
    assert failed["article"] == "NĐ 98/2023 Art 30.7 (carried over, unconfirmed)"  # rule set v2 (LAW-V2.md §A.2)
    assert "13/15" in failed["message"] and "90%" in failed["message"]


@pytest.mark.parametrize("code", ["CSTD_TINH", "CSTD_TOAN_QUOC", "CSTD_CO_SO"])
def test_ballot_skipped_when_absent(code):
    verdict = judge(case(code, **ELIGIBLE[code]))
    assert "ballot_threshold" not in met(verdict) and "ballot_threshold" not in unmet(verdict)
    verdict = judge(case(code, **ELIGIBLE[code], ballot=None))
    assert "ballot_threshold" not in met(verdict)


@pytest.mark.parametrize("code", ["LDTT", "BK_TINH", "BK_TTG", "HCLD_3"])
def test_ballot_ignored_for_awards_without_vote(code):
    verdict = judge(case(code, **ELIGIBLE[code], ballot={"council_members": 15, "votes_yes": 1}))
    assert verdict["eligible"] is True
    assert "ballot_threshold" not in met(verdict)


def test_ballot_with_a_missing_count_is_missing_information():
    data = case("CSTD_TINH", **ELIGIBLE["CSTD_TINH"], ballot={"council_members": 15})
    assert unmet(judge(data))["ballot_threshold"]["message"].startswith("thiếu thông tin")


def test_received_on_later_does_not_change_windows():
    data = case("CSTD_TINH", **ELIGIBLE["CSTD_TINH"], received_on="2026-01-15", discipline=[{"year": 2022}])
    assert judge(data)["eligible"] is True
    assert Y == 2025
