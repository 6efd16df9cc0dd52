"""Golden tests for the collective criteria of LAW.md §3."""

import pytest

from .helpers import Y, award, case, judge, met, ratings, status, unmet

MEMBERS = {
    "members": 20,
    "members_completed": 20,
    "members_ldtt": 15,
    "members_cstd_co_so": 1,
    "members_disciplined_canh_cao_or_more": 0,
}


def coll(award_code, collective=None, **fields):
    return case(award_code, kind="collective", collective=dict(MEMBERS, **(collective or {})), **fields)


# ------------------------------------------------------------------------------------------------ TTLDTT


def test_ttldtt_eligible_and_no_individual_discipline_check():
    verdict = judge(
        coll("TTLDTT", ratings=ratings(y2025="HTTNV"), discipline=[{"year": Y, "form": "canh_cao"}])
    )
    assert verdict["eligible"] is True
    assert verdict["met"] == [
        {"criterion": "rating_good_in_year", "article": "Luật Art 28"},
        {"criterion": "ldtt_ratio", "article": "Luật Art 28; provincial rule"},
        {"criterion": "no_member_disciplined", "article": "Luật Art 28; provincial rule"},
        {"criterion": "no_pending_proceedings", "article": "NĐ 152/2025 Art 4.4"},
    ]


@pytest.mark.parametrize(
    ("members", "ldtt", "expected"),
    [
        (20, 14, "met"),
        (20, 13, "unmet"),
        (10, 7, "met"),
        (3, 2, "unmet"),
        (1, 1, "met"),
        (1, 0, "unmet"),
        (100, 70, "met"),
        (100, 69, "unmet"),
    ],
)
def test_ldtt_ratio_boundary(members, ldtt, expected):
    data = coll(
        "TTLDTT",
        {"members": members, "members_ldtt": ldtt, "members_completed": members},
        ratings=ratings(y2025="HTTNV"),
    )
    assert status(data, "ldtt_ratio") == expected


def test_ldtt_ratio_message():
    data = coll("TTLDTT", {"members_ldtt": 13}, ratings=ratings(y2025="HTTNV"))
    message = unmet(judge(data))["ldtt_ratio"]["message"]
    assert "13/20" in message and "70%" in message


@pytest.mark.parametrize(("count", "expected"), [(0, "met"), (1, "unmet"), (5, "unmet")])
def test_no_member_disciplined(count, expected):
    data = coll("TTLDTT", {"members_disciplined_canh_cao_or_more": count}, ratings=ratings(y2025="HTTNV"))
    assert status(data, "no_member_disciplined") == expected


@pytest.mark.parametrize(
    ("rating", "expected"), [("HTXSNV", "met"), ("HTTNV", "met"), ("HTNV", "unmet"), ("KHTNV", "unmet")]
)
def test_ttldtt_rating(rating, expected):
    assert status(coll("TTLDTT", ratings=[{"year": Y, "rating": rating}]), "rating_good_in_year") == expected


def test_collective_block_absent_means_missing_information():
    verdict = judge(case("TTLDTT", kind="collective", ratings=ratings(y2025="HTTNV")))
    failed = unmet(verdict)
    assert set(failed) == {"ldtt_ratio", "no_member_disciplined"}
    for item in failed.values():
        assert item["message"].startswith("thiếu thông tin")
    assert verdict["eligible"] is False


def test_collective_field_absent_means_missing_information():
    data = case(
        "TTLDTT",
        kind="collective",
        ratings=ratings(y2025="HTTNV"),
        collective={"members": 10, "members_ldtt": 9},
    )
    failed = unmet(judge(data))
    assert list(failed) == ["no_member_disciplined"]
    assert failed["no_member_disciplined"]["message"].startswith("thiếu thông tin")


# ------------------------------------------------------------------------------------------------ TTLDXS


def test_ttldxs_eligible():
    verdict = judge(coll("TTLDXS", ratings=ratings(y2025="HTXSNV")))
    assert verdict["eligible"] is True
    assert [(m["criterion"], m["article"]) for m in verdict["met"]] == [
        ("rating_excellent_in_year", "Luật Art 27.1.a"),
        ("all_members_completed", "Luật Art 27.1.c"),
        ("ldtt_ratio", "Luật Art 27.1.c"),
        ("has_cstd_co_so", "Luật Art 27.1.d"),
        ("no_pending_proceedings", "NĐ 152/2025 Art 4.4"),
    ]


@pytest.mark.parametrize(("rating", "expected"), [("HTXSNV", "met"), ("HTTNV", "unmet"), (None, "unmet")])
def test_ttldxs_rating_excellent(rating, expected):
    data = coll("TTLDXS", ratings=[] if rating is None else [{"year": Y, "rating": rating}])
    assert status(data, "rating_excellent_in_year") == expected


@pytest.mark.parametrize(("completed", "expected"), [(20, "met"), (19, "unmet"), (0, "unmet")])
def test_ttldxs_all_members_completed(completed, expected):
    data = coll("TTLDXS", {"members_completed": completed}, ratings=ratings(y2025="HTXSNV"))
    assert status(data, "all_members_completed") == expected


@pytest.mark.parametrize(("count", "expected"), [(1, "met"), (4, "met"), (0, "unmet")])
def test_ttldxs_has_cstd_co_so(count, expected):
    data = coll("TTLDXS", {"members_cstd_co_so": count}, ratings=ratings(y2025="HTXSNV"))
    assert status(data, "has_cstd_co_so") == expected


def test_ttldxs_ldtt_ratio_and_missing_counts_listed_together():
    data = case(
        "TTLDXS",
        kind="collective",
        ratings=ratings(y2025="HTXSNV"),
        collective={"members": 10, "members_ldtt": 6},
    )
    failed = unmet(judge(data))
    assert set(failed) == {"all_members_completed", "ldtt_ratio", "has_cstd_co_so"}
    assert failed["all_members_completed"]["message"].startswith("thiếu thông tin")
    assert not failed["ldtt_ratio"]["message"].startswith("thiếu thông tin")


# ------------------------------------------------------------------------------------------------ BK_TINH (collective)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"ratings": ratings(y2024="HTXSNV", y2025="HTXSNV")}, "met"),
        ({"ratings": ratings(y2024="HTTNV", y2025="HTXSNV"), "awards": [award("TTLDXS", 2024)]}, "met"),
        (
            {
                "ratings": ratings(y2024="HTTNV", y2025="HTTNV"),
                "awards": [award("TTLDXS", 2024), award("TTLDXS", 2025)],
            },
            "met",
        ),
        ({"awards": [award("TTLDXS", 2024), award("TTLDXS", 2025)]}, "met"),
        ({"ratings": ratings(y2024="HTTNV", y2025="HTXSNV")}, "unmet"),
        ({"ratings": ratings(y2024="HTXSNV", y2025="HTTNV")}, "unmet"),
        (
            {
                "ratings": ratings(y2024="HTTNV", y2025="HTXSNV"),
                "awards": [award("TTLDXS", 2024, revoked=True)],
            },
            "unmet",
        ),
        (
            {
                "ratings": ratings(y2024="HTTNV", y2025="HTXSNV"),
                "awards": [award("TTLDXS", 2024, type="dot_xuat")],
            },
            "unmet",
        ),
        ({"ratings": ratings(y2023="HTXSNV", y2025="HTXSNV")}, "unmet"),
    ],
)
def test_bk_tinh_collective_two_year_record(fields, expected):
    assert status(case("BK_TINH", kind="collective", **fields), "two_year_record") == expected


def test_bk_tinh_collective_articles_and_interval():
    data = case(
        "BK_TINH",
        kind="collective",
        ratings=ratings(y2024="HTXSNV", y2025="HTXSNV"),
        awards=[award("BK_TINH", 2024)],
    )
    verdict = judge(data)
    assert verdict["met"][0] == {"criterion": "two_year_record", "article": "Luật Art 74.2"}
    # year 2025, received 01/12/2025 by default: rule set v2 (LAW-V2.md §A.2: the NĐ 98 article carried over)
    assert unmet(verdict)["interval"]["article"] == "NĐ 98/2023 Art 30.9 (carried over, unconfirmed)"
    assert "no_discipline_in_window" not in met(verdict) + list(unmet(verdict))
    data["awards"] = [award("BK_TINH", 2023)]
    assert judge(data)["eligible"] is True


def test_bk_tinh_without_kind_uses_collective_block():
    data = {
        "id": "x",
        "award": "BK_TINH",
        "year": Y,
        "ratings": ratings(y2024="HTXSNV", y2025="HTXSNV"),
        "collective": {},
    }
    verdict = judge(data)
    assert verdict["met"][0]["article"] == "Luật Art 74.2"


# ------------------------------------------------------------------------------------------------ CO_TINH / CO_CP


@pytest.mark.parametrize(("rank", "expected"), [(1, "met"), (2, "unmet")])
def test_co_tinh_leads_group(rank, expected):
    data = coll("CO_TINH", {"group_rank": rank}, ratings=ratings(y2025="HTXSNV"))
    assert status(data, "leads_group") == expected


def test_co_tinh_eligible_and_group_rank_missing():
    verdict = judge(coll("CO_TINH", {"group_rank": 1}, ratings=ratings(y2025="HTXSNV")))
    assert verdict["eligible"] is True
    assert verdict["met"][:2] == [
        {"criterion": "leads_group", "article": "Luật Art 26"},
        {"criterion": "rating_excellent_in_year", "article": "Luật Art 26"},
    ]
    failed = unmet(judge(coll("CO_TINH", ratings=ratings(y2025="HTTNV"))))
    assert set(failed) == {"leads_group", "rating_excellent_in_year"}
    assert failed["leads_group"]["message"].startswith("thiếu thông tin")


@pytest.mark.parametrize(
    ("votes", "members", "expected"),
    [(12, 15, "met"), (11, 15, "unmet"), (8, 10, "met"), (7, 10, "unmet"), (4, 5, "met")],
)
def test_co_tinh_ballot_80_percent_of_all_members(votes, members, expected):
    data = coll(
        "CO_TINH",
        {"group_rank": 1},
        ratings=ratings(y2025="HTXSNV"),
        ballot={"council_members": members, "votes_yes": votes},
    )
    assert status(data, "ballot_threshold") == expected


@pytest.mark.parametrize(
    ("awards", "expected"),
    [
        ([award("CO_TINH", 2025)], "met"),
        ([award("CO_TINH", 2024)], "unmet"),
        ([award("CO_TINH", 2025, type="phong_trao")], "unmet"),
        ([award("CO_TINH", 2025, revoked=True)], "unmet"),
    ],
)
def test_co_cp_co_tinh_in_year(awards, expected):
    assert status(coll("CO_CP", {"group_rank": 1}, awards=awards), "co_tinh_in_year") == expected


def test_co_cp_eligible_with_ballot():
    data = coll(
        "CO_CP",
        {"group_rank": 1},
        awards=[award("CO_TINH", 2025)],
        ballot={"council_members": 20, "votes_yes": 16},
    )
    verdict = judge(data)
    assert verdict["eligible"] is True
    assert [(m["criterion"], m["article"]) for m in verdict["met"]] == [
        ("leads_group", "Luật Art 25.1"),
        ("co_tinh_in_year", "Luật Art 25.1"),
        ("no_pending_proceedings", "NĐ 152/2025 Art 4.4"),
        ("ballot_threshold", "NĐ 98/2023 Art 30.7 (carried over, unconfirmed)"),  # rule set v2 (LAW-V2.md §A.2)
    ]
    data["ballot"]["votes_yes"] = 15
    assert list(unmet(judge(data))) == ["ballot_threshold"]


def test_collective_pending_proceedings():
    data = coll("TTLDTT", ratings=ratings(y2025="HTTNV"), pending=["thanh tra có dấu hiệu vi phạm"])
    failed = unmet(judge(data))
    assert list(failed) == ["no_pending_proceedings"]
    assert failed["no_pending_proceedings"]["article"] == "NĐ 152/2025 Art 4.4"
