"""Golden tests for the individual criteria of LAW.md §2, hand-computed, with the boundaries of each window."""

import pytest

from .helpers import Y, award, case, initiative, judge, met, rated, ratings, status, unmet

# ------------------------------------------------------------------------------------------------ LDTT


@pytest.mark.parametrize(
    ("rating", "expected"), [("HTXSNV", "met"), ("HTTNV", "met"), ("HTNV", "unmet"), ("KHTNV", "unmet")]
)
def test_ldtt_rating_good_in_year(rating, expected):
    assert status(case("LDTT", ratings=[{"year": Y, "rating": rating}]), "rating_good_in_year") == expected


def test_ldtt_rating_of_another_year_does_not_count_and_missing_rating_says_so():
    verdict = judge(case("LDTT", ratings=ratings(y2024="HTXSNV")))
    failed = unmet(verdict)["rating_good_in_year"]
    assert failed["article"] == "Luật Art 24.1.a"
    assert failed["message"].startswith("thiếu thông tin")
    assert "2025" in failed["message"]


@pytest.mark.parametrize(
    ("months", "expected"),
    [(10, "met"), (10.0, "met"), (24, "met"), (9, "unmet"), (9.9, "unmet"), (0, "unmet")],
)
def test_ldtt_service_months_boundary(months, expected):
    data = case("LDTT", ratings=ratings(y2025="HTTNV"), months_in_service=months)
    assert status(data, "service_months") == expected


def test_ldtt_service_months_skipped_when_absent():
    verdict = judge(case("LDTT", ratings=ratings(y2025="HTTNV")))
    assert verdict["eligible"] is True
    assert "service_months" not in met(verdict) and "service_months" not in unmet(verdict)


def test_ldtt_golden_verdict():
    verdict = judge(case("LDTT", ratings=ratings(y2025="HTTNV"), months_in_service=12))
    assert verdict == {
        "id": "t",
        "award": "LDTT",
        "year": 2025,
        "rule_set": "v2",  # received 01/12/2025 by default (LAW-V2.md §A.1)
        "eligible": True,
        "unmet": [],
        "met": [
            {"criterion": "rating_good_in_year", "article": "Luật Art 24.1.a"},
            {
                "criterion": "service_months",
                "article": "TT 12/2019 practice, kept as province default "
                "(carried over, unconfirmed under TT 15/2025/TT-BNV)",
            },
            {"criterion": "no_pending_proceedings", "article": "NĐ 152/2025 Art 4.4"},
            {"criterion": "no_discipline_in_window", "article": "NĐ 152/2025 Art 4.4"},
        ],
        "needs_judgement": [],
    }


def test_ldtt_lists_every_failed_criterion():
    data = case(
        "LDTT",
        ratings=ratings(y2025="HTNV"),
        months_in_service=6,
        discipline=[{"year": 2025, "form": "khien_trach"}],
        pending=["đang xem xét kỷ luật"],
    )
    verdict = judge(data)
    assert verdict["eligible"] is False
    assert [u["criterion"] for u in verdict["unmet"]] == [
        "rating_good_in_year",
        "service_months",
        "no_pending_proceedings",
        "no_discipline_in_window",
    ]
    assert verdict["met"] == []
    assert "6 tháng" in unmet(verdict)["service_months"]["message"]


# ------------------------------------------------------------------------------------------------ CSTD_CO_SO


def test_design_example_case():
    data = {
        "id": "c1",
        "award": "CSTD_CO_SO",
        "year": 2025,
        "nominee": {"kind": "individual", "months_in_service": 24, "direct_worker": False},
        "ratings": [{"year": 2024, "rating": "HTXSNV"}, {"year": 2025, "rating": "HTXSNV"}],
        "awards": [{"year": 2024, "award": "LDTT"}],
        "initiatives": [{"year": 2025, "scope": "co_so"}],
        "discipline": [{"year": 2025, "form": "khien_trach"}],
        "collective": {
            "members": 20,
            "members_completed": 20,
            "members_ldtt": 15,
            "members_cstd_co_so": 1,
            "members_disciplined_canh_cao_or_more": 0,
        },
        "ballot": {"council_members": 15, "votes_yes": 12},
    }
    verdict = judge(data)
    assert verdict["id"] == "c1" and verdict["award"] == "CSTD_CO_SO" and verdict["year"] == 2025
    assert verdict["eligible"] is False
    assert [u["criterion"] for u in verdict["unmet"]] == ["no_discipline_in_window"]
    assert verdict["unmet"][0]["article"] == "NĐ 152/2025 Art 4.4"
    assert met(verdict) == [
        "ldtt_standard",
        "excellence_or_initiative",
        "no_pending_proceedings",
        "ballot_threshold",
    ]


@pytest.mark.parametrize(
    ("rating", "months", "expected"),
    [
        ("HTTNV", 12, "met"),
        ("HTXSNV", None, "met"),
        ("HTTNV", 10, "met"),
        ("HTTNV", 9, "unmet"),
        ("HTNV", 12, "unmet"),
        ("KHTNV", None, "unmet"),
    ],
)
def test_cstd_co_so_ldtt_standard(rating, months, expected):
    extra = {} if months is None else {"months_in_service": months}
    data = case("CSTD_CO_SO", ratings=[{"year": Y, "rating": rating}], **extra)
    assert status(data, "ldtt_standard") == expected


def test_cstd_co_so_ldtt_standard_missing_rating():
    verdict = judge(case("CSTD_CO_SO", initiatives=[initiative(Y)]))
    failed = unmet(verdict)["ldtt_standard"]
    assert failed["article"] == "Luật Art 23.1"
    assert failed["message"].startswith("thiếu thông tin")
    assert "excellence_or_initiative" in met(verdict)


def test_cstd_co_so_reports_cross_cutting_once_under_own_code():
    verdict = judge(
        case("CSTD_CO_SO", ratings=ratings(y2025="HTXSNV"), discipline=[{"year": Y, "form": "canh_cao"}])
    )
    assert "ldtt_standard" in met(verdict)
    assert [u["criterion"] for u in verdict["unmet"]] == ["no_discipline_in_window"]


@pytest.mark.parametrize(
    ("rating", "initiatives", "expected"),
    [
        ("HTXSNV", [], "met"),
        ("HTTNV", [initiative(Y, "co_so")], "met"),
        ("HTTNV", [initiative(Y, "toan_quoc")], "met"),
        ("HTTNV", [initiative(Y, "co_so", used_for=None, id="sk1")], "met"),
        ("HTTNV", [], "unmet"),
        ("HTTNV", [initiative(Y - 1, "tinh")], "unmet"),
        ("HTTNV", [initiative(Y + 1, "tinh")], "unmet"),
        ("HTTNV", [initiative(Y, "tinh", used_for="BK_TINH")], "unmet"),
        ("HTTNV", [initiative(Y, "tinh", used_for="CSTD_CO_SO")], "unmet"),
    ],
)
def test_cstd_co_so_excellence_or_initiative(rating, initiatives, expected):
    data = case("CSTD_CO_SO", ratings=[{"year": Y, "rating": rating}], initiatives=initiatives)
    assert status(data, "excellence_or_initiative") == expected


def test_cstd_co_so_articles():
    verdict = judge(case("CSTD_CO_SO", ratings=ratings(y2025="HTXSNV")))
    assert verdict["eligible"] is True
    assert {m["criterion"]: m["article"] for m in verdict["met"]} == {
        "ldtt_standard": "Luật Art 23.1",
        "excellence_or_initiative": "Luật Art 23.2",
        "no_pending_proceedings": "NĐ 152/2025 Art 4.4",
        "no_discipline_in_window": "NĐ 152/2025 Art 4.4",
    }


# ------------------------------------------------------------------------------------------------ CSTD_TINH


def _cstd_tinh(**fields):
    base = {
        "awards": [award("CSTD_CO_SO", y) for y in (2023, 2024, 2025)],
        "initiatives": [initiative(2024, "tinh")],
    }
    base.update(fields)
    return case("CSTD_TINH", **base)


def test_cstd_tinh_eligible():
    verdict = judge(_cstd_tinh())
    assert verdict["eligible"] is True
    assert met(verdict) == [
        "cstd_co_so_3_consecutive",
        "initiative_scope_tinh",
        "no_pending_proceedings",
        "no_discipline_in_window",
    ]


@pytest.mark.parametrize(
    ("awards", "expected"),
    [
        ([award("CSTD_CO_SO", y) for y in (2023, 2024, 2025)], "met"),
        ([award("CSTD_CO_SO", y) for y in (2022, 2023, 2024, 2025)], "met"),
        ([award("CSTD_CO_SO", y) for y in (2024, 2025)], "unmet"),
        ([award("CSTD_CO_SO", y) for y in (2022, 2024, 2025)], "unmet"),
        ([award("CSTD_CO_SO", y) for y in (2022, 2023, 2024)], "unmet"),
        (
            [award("CSTD_CO_SO", 2023, revoked=True), award("CSTD_CO_SO", 2024), award("CSTD_CO_SO", 2025)],
            "unmet",
        ),
        (
            [
                award("CSTD_CO_SO", 2023),
                award("CSTD_CO_SO", 2024, type="dot_xuat"),
                award("CSTD_CO_SO", 2025),
            ],
            "unmet",
        ),
        (
            [
                award("CSTD_CO_SO", 2023),
                award("CSTD_CO_SO", 2024, type="cong_trang"),
                award("CSTD_CO_SO", 2025),
            ],
            "met",
        ),
        ([award("LDTT", y) for y in (2023, 2024, 2025)], "unmet"),
    ],
)
def test_cstd_tinh_three_consecutive(awards, expected):
    assert status(_cstd_tinh(awards=awards), "cstd_co_so_3_consecutive") == expected


def test_cstd_tinh_three_consecutive_message_names_missing_year():
    data = _cstd_tinh(awards=[award("CSTD_CO_SO", y) for y in (2024, 2025)])
    failed = unmet(judge(data))["cstd_co_so_3_consecutive"]
    assert failed["article"] == "Luật Art 22.a"
    assert "2023" in failed["message"]


@pytest.mark.parametrize(
    ("initiatives", "expected"),
    [
        ([initiative(2023, "tinh")], "met"),
        ([initiative(2025, "toan_quoc")], "met"),
        ([initiative(2022, "tinh")], "unmet"),
        ([initiative(2025, "co_so")], "unmet"),
        ([initiative(2024, "tinh", used_for="CSTD_CO_SO")], "unmet"),
        ([initiative(2024, "tinh", used_for="CSTD_CO_SO"), initiative(2025, "tinh")], "met"),
        ([initiative(2026, "toan_quoc")], "unmet"),
    ],
)
def test_cstd_tinh_initiative_scope(initiatives, expected):
    assert status(_cstd_tinh(initiatives=initiatives), "initiative_scope_tinh") == expected


@pytest.mark.parametrize(
    ("year", "expected"), [(2022, "met"), (2023, "unmet"), (2025, "unmet"), (2026, "met")]
)
def test_cstd_tinh_discipline_window(year, expected):
    data = _cstd_tinh(discipline=[{"year": year, "form": "khien_trach"}])
    assert status(data, "no_discipline_in_window") == expected


# ------------------------------------------------------------------------------------------------ CSTD_TOAN_QUOC


def _cstd_tq(**fields):
    base = {
        "awards": [award("CSTD_TINH", 2022), award("CSTD_TINH", 2025)],
        "initiatives": [initiative(2021, "toan_quoc")],
    }
    base.update(fields)
    return case("CSTD_TOAN_QUOC", **base)


def test_cstd_toan_quoc_eligible():
    verdict = judge(_cstd_tq())
    assert verdict["eligible"] is True
    assert met(verdict)[:2] == ["cstd_tinh_2_consecutive", "initiative_scope_toan_quoc"]
    assert {m["article"] for m in verdict["met"][:2]} == {"Luật Art 21"}


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ((2022, 2025), "met"),
        ((2023, 2025), "unmet"),
        ((2025,), "unmet"),
        ((2022,), "unmet"),
        ((2019, 2022), "unmet"),
    ],
)
def test_cstd_toan_quoc_two_cstd_tinh(years, expected):
    assert (
        status(_cstd_tq(awards=[award("CSTD_TINH", y) for y in years]), "cstd_tinh_2_consecutive") == expected
    )


def test_cstd_toan_quoc_revoked_cstd_tinh_does_not_count():
    data = _cstd_tq(awards=[award("CSTD_TINH", 2022, revoked=True), award("CSTD_TINH", 2025)])
    assert "2022" in unmet(judge(data))["cstd_tinh_2_consecutive"]["message"]


@pytest.mark.parametrize(
    ("initiatives", "expected"),
    [
        ([initiative(2020, "toan_quoc")], "met"),
        ([initiative(2025, "toan_quoc")], "met"),
        ([initiative(2019, "toan_quoc")], "unmet"),
        ([initiative(2025, "tinh")], "unmet"),
        ([initiative(2024, "toan_quoc", used_for="CSTD_TINH")], "unmet"),
    ],
)
def test_cstd_toan_quoc_initiative(initiatives, expected):
    assert status(_cstd_tq(initiatives=initiatives), "initiative_scope_toan_quoc") == expected


@pytest.mark.parametrize(("year", "expected"), [(2019, "met"), (2020, "unmet"), (2025, "unmet")])
def test_cstd_toan_quoc_discipline_window(year, expected):
    data = _cstd_tq(discipline=[{"year": year, "form": "khien_trach"}])
    assert status(data, "no_discipline_in_window") == expected


# ------------------------------------------------------------------------------------------------ BK_TINH


def _bk_tinh(**fields):
    base = {"awards": [award("CSTD_CO_SO", 2024), award("CSTD_CO_SO", 2025)]}
    base.update(fields)
    return case("BK_TINH", **base)


def test_bk_tinh_eligible_by_cstd_co_so():
    verdict = judge(_bk_tinh())
    assert verdict["eligible"] is True
    assert met(verdict) == [
        "two_year_record",
        "interval",
        "no_pending_proceedings",
        "no_discipline_in_window",
    ]
    assert verdict["met"][0]["article"] == "Luật Art 74.1.d"
    assert verdict["met"][1]["article"] == "NĐ 98/2023 Art 30.9 (carried over, unconfirmed)"  # rule set v2 (LAW-V2.md §A.2)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"awards": [award("CSTD_CO_SO", 2025)]}, "unmet"),
        ({"awards": [award("CSTD_CO_SO", 2023), award("CSTD_CO_SO", 2024)]}, "unmet"),
        # route 2: HTXSNV in both years and ≥ 2 unused initiatives recognised in those two years
        (
            {
                "awards": [],
                "ratings": rated(2024, 2025, "HTXSNV"),
                "initiatives": [initiative(2024), initiative(2025)],
            },
            "met",
        ),
        (
            {
                "awards": [],
                "ratings": rated(2024, 2025, "HTXSNV"),
                "initiatives": [initiative(2025), initiative(2025)],
            },
            "met",
        ),
        ({"awards": [], "ratings": rated(2024, 2025, "HTXSNV"), "initiatives": [initiative(2025)]}, "unmet"),
        (
            {
                "awards": [],
                "ratings": rated(2024, 2025, "HTXSNV"),
                "initiatives": [initiative(2023), initiative(2025)],
            },
            "unmet",
        ),
        (
            {
                "awards": [],
                "ratings": rated(2024, 2025, "HTXSNV"),
                "initiatives": [initiative(2024, used_for="CSTD_CO_SO"), initiative(2025)],
            },
            "unmet",
        ),
        (
            {
                "awards": [],
                "ratings": ratings(y2024="HTXSNV", y2025="HTTNV"),
                "initiatives": [initiative(2024), initiative(2025)],
            },
            "unmet",
        ),
        (
            {
                "awards": [],
                "ratings": ratings(y2025="HTXSNV"),
                "initiatives": [initiative(2024), initiative(2025)],
            },
            "unmet",
        ),
        # mixed: CSTĐ cơ sở in one year is not enough without the other route
        (
            {
                "awards": [award("CSTD_CO_SO", 2025)],
                "ratings": rated(2024, 2025, "HTXSNV"),
                "initiatives": [initiative(2025)],
            },
            "unmet",
        ),
    ],
)
def test_bk_tinh_two_year_record(fields, expected):
    assert status(_bk_tinh(**fields), "two_year_record") == expected


def test_bk_tinh_two_year_record_missing_rating_message():
    data = _bk_tinh(
        awards=[], ratings=ratings(y2025="HTXSNV"), initiatives=[initiative(2024), initiative(2025)]
    )
    assert unmet(judge(data))["two_year_record"]["message"].startswith("thiếu thông tin")


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        (award("BK_TINH", 2023), "met"),
        (award("BK_TINH", 2024), "unmet"),
        (award("BK_TINH", 2025), "unmet"),
        (award("BK_TINH", 2026), "met"),
        (award("BK_TINH", 2024, type="dot_xuat"), "met"),
        (award("BK_TINH", 2024, type="chuyen_de"), "met"),
        (award("BK_TINH", 2024, revoked=True), "met"),
        (award("BK_TTG", 2024), "met"),
    ],
)
def test_bk_tinh_interval(previous, expected):
    data = _bk_tinh(awards=[award("CSTD_CO_SO", 2024), award("CSTD_CO_SO", 2025), previous])
    assert status(data, "interval") == expected


@pytest.mark.parametrize(("year", "expected"), [(2023, "met"), (2024, "unmet"), (2025, "unmet")])
def test_bk_tinh_discipline_window(year, expected):
    assert (
        status(_bk_tinh(discipline=[{"year": year, "form": "khien_trach"}]), "no_discipline_in_window")
        == expected
    )


def test_bk_tinh_needs_no_ballot_even_a_malformed_one():
    verdict = judge(_bk_tinh(ballot={"council_members": 15, "votes_yes": 0}))
    assert verdict["eligible"] is True and "ballot_threshold" not in met(verdict)
    verdict = judge(_bk_tinh(ballot="không hợp lệ"))
    assert verdict["eligible"] is True


# ------------------------------------------------------------------------------------------------ BK_TTG


def _bk_ttg(**fields):
    base = {
        "awards": [award("BK_TINH", 2020)] + [award("CSTD_CO_SO", y) for y in (2021, 2023, 2025)],
        "ratings": rated(2021, 2025),
    }
    base.update(fields)
    return case("BK_TTG", **base)


def test_bk_ttg_eligible():
    verdict = judge(_bk_ttg())
    assert verdict["eligible"] is True
    assert met(verdict) == [
        "prior_bk_tinh",
        "five_years_good",
        "three_cstd_co_so",
        "interval",
        "no_pending_proceedings",
        "no_discipline_in_window",
    ]
    assert [m["article"] for m in verdict["met"][:4]] == ["Luật Art 73.1.b"] * 3 + [
        "NĐ 98/2023 Art 30.9 (carried over, unconfirmed)"  # rule set v2 (LAW-V2.md §A.2)
    ]


CSTD3 = [award("CSTD_CO_SO", y) for y in (2021, 2023, 2025)]


@pytest.mark.parametrize(
    ("bk_tinh", "expected"),
    [
        (award("BK_TINH", 2020), "met"),
        (award("BK_TINH", 2012), "met"),
        (award("BK_TINH", 2021), "unmet"),
        (award("BK_TINH", 2020, type="dot_xuat"), "unmet"),
        (award("BK_TINH", 2020, type="phong_trao"), "unmet"),
        (award("BK_TINH", 2020, revoked=True), "unmet"),
        (award("BK_TTG", 2019), "unmet"),
    ],
)
def test_bk_ttg_prior_bk_tinh(bk_tinh, expected):
    assert status(_bk_ttg(awards=[bk_tinh] + CSTD3), "prior_bk_tinh") == expected


@pytest.mark.parametrize(
    ("ratings_list", "expected"),
    [
        (rated(2021, 2025, "HTTNV"), "met"),
        (rated(2021, 2025, "HTXSNV"), "met"),
        (rated(2022, 2025), "unmet"),
        (rated(2020, 2024), "unmet"),
        (rated(2021, 2024) + ratings(y2025="HTNV"), "unmet"),
        (ratings(y2021="KHTNV") + rated(2022, 2025), "unmet"),
    ],
)
def test_bk_ttg_five_years_good(ratings_list, expected):
    assert status(_bk_ttg(ratings=ratings_list), "five_years_good") == expected


def test_five_years_good_messages():
    assert unmet(judge(_bk_ttg(ratings=rated(2022, 2025))))["five_years_good"]["message"].startswith(
        "thiếu thông tin xếp loại năm 2021"
    )
    message = unmet(judge(_bk_ttg(ratings=rated(2021, 2024) + ratings(y2025="HTNV"))))["five_years_good"][
        "message"
    ]
    assert "2025" in message and "HTNV" in message


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ((2021, 2023, 2025), "met"),
        ((2021, 2022, 2023), "met"),
        ((2020, 2023, 2025), "unmet"),
        ((2023, 2025), "unmet"),
        ((2023, 2025, 2026), "unmet"),
    ],
)
def test_bk_ttg_three_cstd_co_so(years, expected):
    data = _bk_ttg(awards=[award("BK_TINH", 2019)] + [award("CSTD_CO_SO", y) for y in years])
    assert status(data, "three_cstd_co_so") == expected


@pytest.mark.parametrize(
    ("previous", "expected"),
    [(award("BK_TTG", 2020), "met"), (award("BK_TTG", 2021), "unmet"), (award("BK_TTG", 2025), "unmet")],
)
def test_bk_ttg_interval(previous, expected):
    data = _bk_ttg(awards=[award("BK_TINH", 2020), previous] + CSTD3)
    assert status(data, "interval") == expected


@pytest.mark.parametrize(("year", "expected"), [(2020, "met"), (2021, "unmet"), (2025, "unmet")])
def test_bk_ttg_discipline_window(year, expected):
    assert (
        status(_bk_ttg(discipline=[{"year": year, "form": "khien_trach"}]), "no_discipline_in_window")
        == expected
    )


# ------------------------------------------------------------------------------------------------ HCLD_3


def _hcld(**fields):
    base = {
        "awards": [award("BK_TTG", 2020)] + CSTD3,
        "ratings": rated(2021, 2024) + ratings(y2025="HTXSNV"),
    }
    base.update(fields)
    return case("HCLD_3", **base)


def test_hcld_3_eligible():
    verdict = judge(_hcld())
    assert verdict["eligible"] is True
    assert met(verdict) == [
        "prior_bk_ttg",
        "five_years_good",
        "one_year_excellent",
        "three_cstd_co_so",
        "interval",
        "no_pending_proceedings",
        "no_discipline_in_window",
    ]
    assert {m["article"] for m in verdict["met"][:4]} == {"Luật Art 44.1.e"}


@pytest.mark.parametrize(
    ("prior", "expected"),
    [(award("BK_TTG", 2020), "met"), (award("BK_TTG", 2021), "unmet"), (award("BK_TINH", 2010), "unmet")],
)
def test_hcld_3_prior_bk_ttg(prior, expected):
    assert status(_hcld(awards=[prior] + CSTD3), "prior_bk_ttg") == expected


@pytest.mark.parametrize(
    ("ratings_list", "expected"),
    [
        (ratings(y2021="HTXSNV") + rated(2022, 2025), "met"),
        (rated(2021, 2025), "unmet"),
        (ratings(y2020="HTXSNV") + rated(2021, 2025), "unmet"),
        (ratings(y2026="HTXSNV") + rated(2021, 2025), "unmet"),
    ],
)
def test_hcld_3_one_year_excellent(ratings_list, expected):
    assert status(_hcld(ratings=ratings_list), "one_year_excellent") == expected


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        (award("HCLD_3", 2020), "met"),
        (award("HCLD_3", 2021), "unmet"),
        (award("HCLD_3", 2023, revoked=True), "met"),
    ],
)
def test_hcld_3_interval(previous, expected):
    assert status(_hcld(awards=[award("BK_TTG", 2020), previous] + CSTD3), "interval") == expected


def test_hcld_3_three_cstd_co_so_and_discipline():
    data = _hcld(awards=[award("BK_TTG", 2020), award("CSTD_CO_SO", 2025)], discipline=[{"year": 2021}])
    failed = unmet(judge(data))
    assert set(failed) == {"three_cstd_co_so", "no_discipline_in_window"}
    assert failed["three_cstd_co_so"]["article"] == "Luật Art 44.1.e"


def test_awards_later_than_the_year_change_nothing():
    base = judge(_hcld())
    later = _hcld(awards=[award("BK_TTG", 2020), award("HCLD_3", 2026), award("BK_TINH", 2026)] + CSTD3)
    assert judge(later) == base
