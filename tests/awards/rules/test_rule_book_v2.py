"""Golden tests for rule book v2 (LAW-V2.md): rule sets by date, declared bases, the new codes, households,
district-era awards and the codes that stay "not specified". Every expectation is computed by hand here."""

import pytest

from thidua.awards.rules import evaluate

from .helpers import award, case, initiative, rated, ratings

V1_INTERVAL = "NĐ 98 Art 30.9"
V2_INTERVAL = "NĐ 98/2023 Art 30.9 (carried over, unconfirmed)"
V1_BALLOT = "NĐ 98/2023 Art 30.7"
V2_BALLOT = "NĐ 98/2023 Art 30.7 (carried over, unconfirmed)"
ART_4_4 = "NĐ 152/2025 Art 4.4"


def codes(verdict, key):
    return [entry["criterion"] for entry in verdict[key]]


def by_code(verdict, key):
    return {entry["criterion"]: entry for entry in verdict[key]}


def bk_tinh_individual(year=2025, **fields):
    """BK_TINH route d met: CSTĐ cơ sở in year-1 and year."""
    return case("BK_TINH", year=year, awards=[award("CSTD_CO_SO", year - 1), award("CSTD_CO_SO", year)], **fields)


# ------------------------------------------------------------------------------------------------ A. rule sets


@pytest.mark.parametrize(
    ("received_on", "rule_set"),
    [
        ("2023-12-31", None),
        ("2024-01-01", "v1"),
        ("2025-06-30", "v1"),
        ("2025-07-01", "v2"),
        ("2026-09-30", "v2"),
        ("2026-10-01", "v3"),
        ("2031-01-01", "v3"),
    ],
)
def test_rule_set_boundaries(received_on, rule_set):
    verdict = evaluate(bk_tinh_individual(received_on=received_on))
    assert verdict["rule_set"] == rule_set
    assert verdict["needs_judgement"] == []
    if rule_set is None:
        assert verdict["eligible"] is None and "01/01/2024" in verdict["error"]
        assert verdict["met"] == [] and verdict["unmet"] == []
        assert "unconfirmed" not in verdict
        return
    assert verdict["eligible"] is True
    interval = by_code(verdict, "met")["interval"]["article"]
    assert interval == (V1_INTERVAL if rule_set == "v1" else V2_INTERVAL)
    assert by_code(verdict, "met")["two_year_record"]["article"] == "Luật Art 74.1.d"
    assert by_code(verdict, "met")["no_pending_proceedings"]["article"] == ART_4_4
    if rule_set == "v3":
        # A.3: every reported criterion except the two of NĐ 152 Art 4.4, sorted.
        assert verdict["unconfirmed"] == ["interval", "two_year_record"]
    else:
        assert "unconfirmed" not in verdict


@pytest.mark.parametrize(("year", "rule_set"), [(2023, None), (2024, "v1"), (2025, "v2"), (2026, "v3")])
def test_default_received_on_is_first_of_december(year, rule_set):
    verdict = evaluate(case("LDTT", year=year, ratings=[{"year": year, "rating": "HTTNV"}]))
    assert verdict["rule_set"] == rule_set  # 01/12/2023 < 01/01/2024; 01/12/2026 ≥ 01/10/2026


def test_articles_that_differ_between_the_sets():
    data = case(
        "CSTD_TINH",
        ratings=rated(2023, 2025, "HTXSNV"),
        awards=[award("CSTD_CO_SO", y) for y in (2023, 2024, 2025)],
        initiatives=[initiative(2025, "tinh")],
        ballot={"council_members": 10, "votes_yes": 9},
        months_in_service=12,
    )
    v1 = evaluate(dict(data, received_on="2025-06-30"))
    v2 = evaluate(dict(data, received_on="2025-07-01"))
    assert by_code(v1, "met")["ballot_threshold"]["article"] == V1_BALLOT
    assert by_code(v2, "met")["ballot_threshold"]["article"] == V2_BALLOT
    ldtt = case("LDTT", ratings=ratings(y2025="HTTNV"), months_in_service=11)
    assert by_code(evaluate(dict(ldtt, received_on="2025-06-30")), "met")["service_months"]["article"] == (
        "TT 12/2019 practice, kept as province default"
    )
    assert by_code(evaluate(dict(ldtt, received_on="2025-07-01")), "met")["service_months"]["article"] == (
        "TT 12/2019 practice, kept as province default (carried over, unconfirmed under TT 15/2025/TT-BNV)"
    )


def test_v3_unconfirmed_lists_met_unmet_and_judged_but_never_article_4_4():
    data = case(
        "BK_TINH",
        year=2026,
        received_on="2026-10-01",
        awards=[award("BK_TINH", 2026)],
        bases=[{"route": "movement_achievement", "evidence": True}],
        pending=["đang giải quyết khiếu nại"],
    )
    verdict = evaluate(data)
    assert verdict["rule_set"] == "v3"
    assert codes(verdict, "needs_judgement") == ["movement_achievement"]
    assert codes(verdict, "unmet") == ["no_pending_proceedings"]
    assert codes(verdict, "met") == ["no_discipline_in_window"]
    assert verdict["unconfirmed"] == ["movement_achievement"]
    assert verdict["eligible"] is False


def test_v3_skipped_criteria_are_not_listed():
    verdict = evaluate(case("LDTT", year=2026, ratings=ratings(y2026="HTTNV")))  # no months, no ballot
    assert verdict["rule_set"] == "v3"
    assert verdict["unconfirmed"] == ["rating_good_in_year"]


def test_error_verdicts_carry_the_rule_set():
    v2 = evaluate(case("HCLD_2", year=2025))
    assert v2["rule_set"] == "v2" and v2["eligible"] is None and v2["needs_judgement"] == []
    assert "unconfirmed" not in v2
    v3 = evaluate(case("XYZ", year=2026))
    assert v3["rule_set"] == "v3" and v3["unconfirmed"] == [] and v3["needs_judgement"] == []
    malformed = evaluate(dict(case("LDTT", year=2026), ratings="HTTNV"))
    assert malformed["rule_set"] == "v3" and malformed["error"].startswith("Hồ sơ không hợp lệ")
    unreadable_date = evaluate(dict(case("LDTT"), received_on="01/12/2025"))
    assert unreadable_date["rule_set"] is None and unreadable_date["error"].startswith("Hồ sơ không hợp lệ")


def test_xa_tieu_bieu_is_renamed_from_v2():
    data = case("XA_TIEU_BIEU", kind="collective")
    v1 = evaluate(dict(data, received_on="2025-06-30"))
    v2 = evaluate(dict(data, received_on="2025-07-01"))
    assert "xã, phường, thị trấn tiêu biểu" in by_code(v1, "unmet")["declared_basis"]["message"]
    assert "xã, phường, đặc khu tiêu biểu" in by_code(v2, "unmet")["declared_basis"]["message"]
    individual = evaluate(dict(data, nominee={"kind": "individual"}, received_on="2025-06-30"))
    assert "Xã, phường, thị trấn tiêu biểu" in individual["error"]


# ------------------------------------------------------------------------------------------------ B. declared bases


def test_no_bases_keeps_the_v1_verdict():
    data = case("BK_TINH", awards=[award("CSTD_CO_SO", 2025)])
    for bases in (None, []):
        verdict = evaluate(dict(data, bases=bases) if bases is not None else data)
        assert verdict["eligible"] is False
        assert codes(verdict, "unmet") == ["two_year_record"]
        assert codes(verdict, "met") == ["interval", "no_pending_proceedings", "no_discipline_in_window"]
        assert verdict["needs_judgement"] == []


def test_declared_route_with_evidence_goes_to_the_council_and_hides_the_failed_route():
    data = case(
        "BK_TINH",
        awards=[award("CSTD_CO_SO", 2025), award("BK_TINH", 2025)],  # route d fails twice
        bases=[{"route": "movement_achievement", "evidence": True}],
    )
    verdict = evaluate(data)
    assert verdict["eligible"] is True
    assert verdict["unmet"] == []
    assert codes(verdict, "met") == ["no_pending_proceedings", "no_discipline_in_window"]  # neither d criterion
    assert verdict["needs_judgement"] == [
        {
            "criterion": "movement_achievement",
            "article": "Luật Art 74.1.a",
            "message": "Cần Hội đồng Thi đua – Khen thưởng đánh giá: thành tích xuất sắc, được bình xét trong "
            "phong trào thi đua.",
        }
    ]


def test_computable_route_met_ignores_declarations():
    verdict = evaluate(bk_tinh_individual(bases=[{"route": "socioeconomic_contribution", "evidence": True}]))
    assert verdict["eligible"] is True
    assert codes(verdict, "met")[:2] == ["two_year_record", "interval"]
    assert verdict["needs_judgement"] == []


def test_declared_without_evidence_fails_with_its_message():
    data = case(
        "BK_TINH",
        ratings=ratings(y2024="HTXSNV", y2025="HTTNV"),
        bases=[
            {"route": "many_or_sudden_achievements", "evidence": False},
            {"route": "worker_achievements"},
            {"route": "movement_achievement", "evidence": "true"},  # only JSON true counts
        ],
    )
    verdict = evaluate(data)
    assert verdict["eligible"] is False
    # The failed computable criterion, then the declared routes of the group in the rule book's order.
    assert codes(verdict, "unmet") == [
        "two_year_record",
        "movement_achievement",
        "many_or_sudden_achievements",
        "worker_achievements",
    ]
    assert codes(verdict, "met") == ["interval", "no_pending_proceedings", "no_discipline_in_window"]
    failed = by_code(verdict, "unmet")
    assert failed["worker_achievements"]["article"] == "Luật Art 74.1.đ"
    for route in ("movement_achievement", "many_or_sudden_achievements", "worker_achievements"):
        assert "đã kê khai nhưng không có minh chứng" in failed[route]["message"]


def test_one_basis_with_evidence_satisfies_the_group_whatever_else_was_declared():
    data = case(
        "BK_TINH",
        bases=[
            {"route": "many_or_sudden_achievements", "evidence": False},
            {"route": "socioeconomic_contribution", "evidence": True},
        ],
    )
    verdict = evaluate(data)
    assert verdict["eligible"] is True
    assert codes(verdict, "needs_judgement") == ["socioeconomic_contribution"]
    assert verdict["unmet"] == []


def test_interval_does_not_block_a_declared_route():
    data = case(
        "BK_TINH",
        awards=[award("CSTD_CO_SO", 2024), award("CSTD_CO_SO", 2025), award("BK_TINH", 2024)],
        bases=[{"route": "many_or_sudden_achievements", "evidence": True}],
    )
    verdict = evaluate(data)
    assert verdict["eligible"] is True  # route d failed only on interval: the declared route is judged
    assert "interval" not in codes(verdict, "met") + codes(verdict, "unmet")
    assert codes(verdict, "needs_judgement") == ["many_or_sudden_achievements"]


def test_a_basis_of_another_group_or_kind_is_ignored():
    data = case(
        "BK_TINH",
        kind="collective",
        bases=[{"route": "worker_achievements", "evidence": True}, {"route": "declared_basis", "evidence": True}],
    )
    verdict = evaluate(data)
    assert codes(verdict, "unmet") == ["two_year_record"]  # as v1: individual point đ is not a collective route
    assert verdict["needs_judgement"] == []


def test_cross_cutting_criteria_apply_whatever_the_route():
    data = case(
        "BK_TINH",
        bases=[{"route": "movement_achievement", "evidence": True}],
        discipline=[{"year": 2024, "form": "canh_cao"}],
    )
    verdict = evaluate(data)
    assert verdict["eligible"] is False
    assert codes(verdict, "unmet") == ["no_discipline_in_window"]
    assert codes(verdict, "needs_judgement") == ["movement_achievement"]


@pytest.mark.parametrize(
    "bases",
    [
        {"route": "movement_achievement"},
        "movement_achievement",
        [{"evidence": True}],
        [{"route": 3, "evidence": True}],
        ["movement_achievement"],
        [{"route": "pm_movement_leader", "evidence": True, "movement_years": "6"}],
    ],
)
def test_malformed_bases_make_the_case_malformed(bases):
    verdict = evaluate(case("BK_TINH", bases=bases))
    assert verdict["eligible"] is None
    assert verdict["error"].startswith("Hồ sơ không hợp lệ")
    assert verdict["rule_set"] == "v2"


def test_hcld_3_long_contribution_and_its_articles():
    data = case(
        "HCLD_3",
        ratings=rated(2021, 2025, "HTTNV"),  # route e: no BK_TTG, no HTXSNV, no CSTĐCS
        bases=[{"route": "long_contribution", "evidence": True}],
    )
    v1 = evaluate(dict(data, received_on="2025-06-30"))
    v2 = evaluate(dict(data, received_on="2025-07-01"))
    assert v1["eligible"] is True and v2["eligible"] is True
    assert v1["needs_judgement"][0]["article"] == "Luật Art 44.1.g"
    assert v2["needs_judgement"][0]["article"] == (
        "Luật Art 44.1.g; NĐ 152 Art 21 (tenure thresholds, P6), Art 4.7 (women leaders −1/3)"
    )
    # the discipline window stays year-4..year whatever the route (C.5)
    disciplined = evaluate(dict(data, discipline=[{"year": 2021, "form": "khien_trach"}]))
    assert codes(disciplined, "unmet") == ["no_discipline_in_window"]
    assert evaluate(dict(data, discipline=[{"year": 2020, "form": "khien_trach"}]))["eligible"] is True


# ------------------------------------------------------------------------------------------------ C.1 equivalents


def test_ministry_and_province_forms_count_alike_in_chains():
    toan_quoc = case(
        "CSTD_TOAN_QUOC",
        awards=[award("CSTD_BO_NGANH", 2022), award("CSTD_TINH", 2025)],
        initiatives=[initiative(2024, "toan_quoc")],
    )
    assert evaluate(toan_quoc)["eligible"] is True
    bk_ttg = case(
        "BK_TTG",
        ratings=rated(2021, 2025),
        awards=[award("BK_BO_NGANH", 2020)] + [award("CSTD_CO_SO", y) for y in (2021, 2023, 2025)],
    )
    assert evaluate(bk_ttg)["eligible"] is True
    co_cp = case("CO_CP", kind="collective", collective={"group_rank": 1}, awards=[award("CO_BO_NGANH", 2025)])
    assert evaluate(co_cp)["eligible"] is True
    bk_collective = case("BK_TINH", kind="collective", awards=[award("DVQT", 2024), award("TTLDXS", 2025)])
    assert evaluate(bk_collective)["eligible"] is True


def test_interval_reads_only_the_same_code_and_cstd_co_so_has_no_equivalent():
    # A BK_TINH in the year does not block BK_BO_NGANH, and vice versa.
    assert evaluate(case("BK_BO_NGANH", awards=[award("CSTD_CO_SO", 2024), award("CSTD_CO_SO", 2025),
                                                 award("BK_TINH", 2025)]))["eligible"] is True
    blocked = evaluate(case("BK_BO_NGANH", awards=[award("CSTD_CO_SO", 2024), award("CSTD_CO_SO", 2025),
                                                    award("BK_BO_NGANH", 2024)]))
    assert codes(blocked, "unmet") == ["interval"]
    assert by_code(blocked, "unmet")["interval"]["article"] == V2_INTERVAL
    # CSTĐ Bộ, ngành does not stand for CSTĐ cơ sở
    data = case("CSTD_TINH", awards=[award("CSTD_BO_NGANH", y) for y in (2023, 2024, 2025)],
                initiatives=[initiative(2025, "tinh")])
    assert codes(evaluate(data), "unmet") == ["cstd_co_so_3_consecutive"]


# ------------------------------------------------------------------------------------------------ C.2 individuals


def test_cstt_as_ldtt():
    verdict = evaluate(case("CSTT", ratings=ratings(y2025="HTXSNV"), months_in_service=10))
    assert verdict["eligible"] is True
    assert verdict["met"][0] == {"criterion": "rating_good_in_year", "article": "Luật Art 24.2"}
    assert codes(verdict, "met") == [
        "rating_good_in_year", "service_months", "no_pending_proceedings", "no_discipline_in_window"
    ]
    failed = evaluate(case("CSTT", ratings=ratings(y2025="HTNV"), months_in_service=9))
    assert codes(failed, "unmet") == ["rating_good_in_year", "service_months"]


@pytest.mark.parametrize(("votes", "expected"), [(14, True), (13, False)])  # 14/15 = 93.3%; 13/15 = 86.7% < 90%
def test_cstd_bo_nganh_and_its_90_percent_ballot(votes, expected):
    data = case(
        "CSTD_BO_NGANH",
        awards=[award("CSTD_CO_SO", y) for y in (2023, 2024, 2025)],
        initiatives=[initiative(2024, "tinh")],
        ballot={"council_members": 15, "votes_yes": votes},
    )
    verdict = evaluate(data)
    assert verdict["eligible"] is expected
    assert codes(verdict, "met")[:2] == ["cstd_co_so_3_consecutive", "initiative_scope_tinh"]
    assert verdict["met"][0]["article"] == "Luật Art 22.a"
    # discipline window year-2..year
    assert evaluate(dict(data, discipline=[{"year": 2023}]))["eligible"] is False
    assert "no_discipline_in_window" in codes(evaluate(dict(data, discipline=[{"year": 2022}])), "met")


def test_bk_bo_nganh_individual_declared_routes():
    verdict = evaluate(case("BK_BO_NGANH", bases=[{"route": "worker_achievements", "evidence": True}]))
    assert verdict["eligible"] is True
    assert verdict["needs_judgement"][0]["article"] == "Luật Art 74.1.đ"


def test_giay_khen_without_rating_and_without_basis():
    verdict = evaluate(case("GIAY_KHEN"))
    # task_result_good skipped (no rating in the year); the group has no computable route and nothing declared.
    assert verdict["eligible"] is False
    assert codes(verdict, "unmet") == ["declared_basis"]
    assert by_code(verdict, "unmet")["declared_basis"]["message"].startswith("chưa kê khai căn cứ thành tích")
    assert by_code(verdict, "unmet")["declared_basis"]["article"] == "Luật Art 75"
    assert codes(verdict, "met") == ["no_pending_proceedings", "no_discipline_in_window"]


@pytest.mark.parametrize(
    ("rating", "eligible", "met_first"),
    [(None, True, "no_pending_proceedings"), ("HTTNV", True, "task_result_good"), ("HTNV", False, None)],
)
def test_giay_khen_with_a_declared_basis(rating, eligible, met_first):
    data = case("GIAY_KHEN_XA", bases=[{"route": "many_or_sudden_achievements", "evidence": True}])
    if rating:
        data["ratings"] = ratings(y2025=rating)
    verdict = evaluate(data)
    assert verdict["eligible"] is eligible
    assert codes(verdict, "needs_judgement") == ["many_or_sudden_achievements"]
    if eligible:
        assert codes(verdict, "met")[0] == met_first
    else:
        assert codes(verdict, "unmet") == ["task_result_good"]
        assert by_code(verdict, "unmet")["task_result_good"]["article"].startswith("Luật Art 75")


def test_giay_khen_collective():
    data = case("GIAY_KHEN", kind="collective", ratings=ratings(y2025="HTXSNV"),
                bases=[{"route": "movement_achievement", "evidence": True}])
    verdict = evaluate(data)
    assert verdict["eligible"] is True
    assert codes(verdict, "met") == ["task_result_good", "no_pending_proceedings"]  # no discipline for collectives


def knc(**fields):
    nominee = {"kind": "individual", "gender": "male", "years_in_sector": 20}
    nominee.update(fields.pop("nominee", {}))
    return dict(case("KNC_BO_NGANH", **fields), nominee=nominee)


@pytest.mark.parametrize(
    ("gender", "years", "met"),
    [("male", 20, True), ("male", 19.5, False), ("female", 15, True), ("female", 14, False)],
)
def test_knc_service_years_by_gender(gender, years, met):
    verdict = evaluate(knc(nominee={"gender": gender, "years_in_sector": years}))
    assert verdict["eligible"] is met
    assert ("service_years_by_gender" in codes(verdict, "met")) is met


def test_knc_missing_facts_are_unmet():
    verdict = evaluate(knc(nominee={"gender": None}))
    assert codes(verdict, "unmet") == ["service_years_by_gender"]
    assert by_code(verdict, "unmet")["service_years_by_gender"]["message"].startswith("thiếu thông tin")
    assert by_code(verdict, "unmet")["service_years_by_gender"]["article"] == (
        "TT 15/2025/TT-BXD pattern (default parameter)"
    )


def test_knc_once_per_type_and_second_type_interval():
    same_type = evaluate(knc(knc_type="A", awards=[{"year": 2010, "award": "KNC_BO_NGANH", "knc_type": "A"}]))
    assert codes(same_type, "unmet") == ["once_per_type"]
    both_absent = evaluate(knc(awards=[award("KNC_BO_NGANH", 2010)]))
    assert codes(both_absent, "unmet") == ["once_per_type"]
    other_old = evaluate(knc(knc_type="B", awards=[{"year": 2022, "award": "KNC_BO_NGANH", "knc_type": "A"}]))
    assert other_old["eligible"] is True  # 2022 ≤ 2025-3
    other_recent = evaluate(knc(knc_type="B", awards=[{"year": 2023, "award": "KNC_BO_NGANH", "knc_type": "A"}]))
    assert codes(other_recent, "unmet") == ["second_type_interval"]
    revoked = evaluate(knc(knc_type="A", awards=[{"year": 2024, "award": "KNC_BO_NGANH", "knc_type": "A",
                                                   "revoked": True}]))
    assert revoked["eligible"] is True


def test_knc_discipline_window_is_every_year_up_to_the_year():
    assert codes(evaluate(knc(discipline=[{"year": 2001, "form": "khien_trach"}])), "unmet") == [
        "no_discipline_in_window"
    ]
    assert evaluate(knc(discipline=[{"year": 2026, "form": "khien_trach"}]))["eligible"] is True


@pytest.mark.parametrize(
    ("nominee", "eligible", "missing"),
    [
        ({"martyr": True}, True, False),
        ({"tnxp_months": 24}, True, False),
        ({"tnxp_months": 23, "martyr": False}, False, False),
        ({}, False, True),
        ({"martyr": False}, False, True),
    ],
)
def test_hctnxp_ve_vang(nominee, eligible, missing):
    data = dict(case("HCTNXP_VE_VANG"), nominee={"kind": "individual", **nominee})
    v1 = evaluate(dict(data, received_on="2025-06-30"))
    v2 = evaluate(data)
    assert v2["eligible"] is eligible and v1["eligible"] is eligible
    entries = by_code(v2, "met" if eligible else "unmet")
    assert entries["tnxp_service"]["article"] == (
        "Luật Art 96; NĐ 152/2025 (replaces NĐ 28/2024) — 24 months (carried over, unconfirmed)"
    )
    assert by_code(v1, "met" if eligible else "unmet")["tnxp_service"]["article"] == (
        "Luật Art 96; NĐ 28/2024 (article not in the research)"
    )
    if not eligible:
        assert entries["tnxp_service"]["message"].startswith("thiếu thông tin") is missing


# ------------------------------------------------------------------------------------------------ C.3 collectives


def coll(code, collective=None, **fields):
    return case(code, kind="collective", collective=collective or {}, **fields)


def test_dvtt_and_dvqt_as_ttldtt_and_ttldxs():
    members = {"members": 10, "members_completed": 10, "members_ldtt": 7, "members_cstd_co_so": 1,
               "members_disciplined_canh_cao_or_more": 0}
    dvtt = evaluate(coll("DVTT", members, ratings=ratings(y2025="HTTNV")))
    assert dvtt["eligible"] is True
    assert codes(dvtt, "met") == ["rating_good_in_year", "ldtt_ratio", "no_member_disciplined",
                                  "no_pending_proceedings"]
    dvqt = evaluate(coll("DVQT", dict(members, members_ldtt=6), ratings=ratings(y2025="HTXSNV")))
    assert codes(dvqt, "unmet") == ["ldtt_ratio"]  # 6/10 < 70%


@pytest.mark.parametrize(("votes", "eligible"), [(8, True), (7, False)])  # 8/10 = 80%
def test_co_bo_nganh(votes, eligible):
    data = coll("CO_BO_NGANH", {"group_rank": 1}, ratings=ratings(y2025="HTXSNV"),
                ballot={"council_members": 10, "votes_yes": votes})
    verdict = evaluate(data)
    assert verdict["eligible"] is eligible
    assert codes(verdict, "met")[:2] == ["leads_group", "rating_excellent_in_year"]


def test_bk_tinh_collective_declared_route():
    verdict = evaluate(coll("BK_TINH", bases=[{"route": "movement_achievement", "evidence": True}]))
    assert verdict["eligible"] is True
    assert verdict["needs_judgement"][0]["article"] == "Luật Art 74.2"


def bk_ttg_collective(**fields):
    base = {
        "ratings": rated(2021, 2025, "HTTNV") + [],
        "awards": [award("BK_TINH", 2020), award("TTLDXS", 2022), award("DVQT", 2024)],
    }
    base.update(fields)
    return coll("BK_TTG", **base)


def test_bk_ttg_collective_golden():
    verdict = evaluate(bk_ttg_collective())
    assert verdict["eligible"] is True
    assert codes(verdict, "met") == [
        "prior_bk_tinh", "five_years_good", "excellent_years", "interval", "no_pending_proceedings"
    ]
    assert verdict["met"][0]["article"] == "Luật Art 73.2 (best understanding, unconfirmed)"


def test_bk_ttg_collective_excellent_years_counts_a_year_once():
    # 2024 both HTXSNV and DVQT: one year only
    data = bk_ttg_collective(
        ratings=rated(2021, 2023, "HTTNV") + ratings(y2024="HTXSNV", y2025="HTTNV"),
        awards=[award("BK_BO_NGANH", 2019), award("DVQT", 2024)],
    )
    verdict = evaluate(data)
    assert codes(verdict, "unmet") == ["excellent_years"]
    assert codes(verdict, "met")[0] == "prior_bk_tinh"  # BK_BO_NGANH ≡ BK_TINH
    data["ratings"] = rated(2021, 2022, "HTTNV") + ratings(y2023="HTXSNV", y2024="HTXSNV", y2025="HTTNV")
    assert evaluate(data)["eligible"] is True


def test_bk_ttg_collective_interval_and_prior():
    assert codes(evaluate(bk_ttg_collective(awards=[award("BK_TINH", 2021), award("TTLDXS", 2022),
                                                    award("DVQT", 2024)])), "unmet") == ["prior_bk_tinh"]
    verdict = evaluate(bk_ttg_collective(awards=[award("BK_TINH", 2020), award("TTLDXS", 2022),
                                                 award("DVQT", 2024), award("BK_TTG", 2021)]))
    assert codes(verdict, "unmet") == ["interval"]


def test_co_cp_declared_routes_keep_the_ballot():
    data = coll("CO_CP", {"group_rank": 3}, bases=[{"route": "central_group_leader", "evidence": True}],
                ballot={"council_members": 10, "votes_yes": 7})
    verdict = evaluate(data)
    assert verdict["eligible"] is False
    assert codes(verdict, "needs_judgement") == ["central_group_leader"]
    assert codes(verdict, "unmet") == ["ballot_threshold"]
    assert verdict["needs_judgement"][0]["article"] == "Luật Art 25.2"


@pytest.mark.parametrize(
    ("years", "judged"), [(None, True), (5, True), (7.5, True), (4, False)]
)
def test_co_cp_pm_movement_leader_needs_five_years(years, judged):
    basis = {"route": "pm_movement_leader", "evidence": True}
    if years is not None:
        basis["movement_years"] = years
    verdict = evaluate(coll("CO_CP", {"group_rank": 1}, bases=[basis]))
    if judged:
        assert verdict["eligible"] is True
        assert codes(verdict, "needs_judgement") == ["pm_movement_leader"]
        assert verdict["needs_judgement"][0]["article"] == "Luật Art 25.3"
    else:
        assert verdict["eligible"] is False
        assert codes(verdict, "unmet") == ["co_tinh_in_year", "pm_movement_leader"]
        assert codes(verdict, "met") == ["leads_group", "no_pending_proceedings"]
        assert "4 năm" in by_code(verdict, "unmet")["pm_movement_leader"]["message"]


def test_xa_tieu_bieu_and_thon_van_hoa():
    xa = evaluate(coll("XA_TIEU_BIEU", bases=[{"route": "model_commune", "evidence": True}]))
    assert xa["eligible"] is True
    assert xa["needs_judgement"][0]["message"] == (
        "Cần Hội đồng Thi đua – Khen thưởng đánh giá: đạt tiêu chuẩn xã, phường, đặc khu tiêu biểu."
    )
    village = evaluate(case("THON_VAN_HOA", kind="collective", bases=[{"route": "cultural_village"}]))
    assert village["eligible"] is False
    assert codes(village, "unmet") == ["cultural_village"]  # declared, no evidence: not declared_basis
    no_kind = evaluate({"id": "v", "award": "THON_VAN_HOA", "year": 2025})  # its only kind: collective
    assert codes(no_kind, "unmet") == ["declared_basis"]


# ------------------------------------------------------------------------------------------------ C.4 / D households


def test_households():
    family = evaluate(case("GIA_DINH_VAN_HOA", kind="household",
                           bases=[{"route": "cultural_family", "evidence": True}]))
    assert family["eligible"] is True
    assert codes(family, "met") == ["no_pending_proceedings"]
    assert family["needs_judgement"][0]["article"] == "Luật Art 20.2"
    # ratings and discipline are not read for households
    gk = evaluate(case("GIAY_KHEN", kind="household", ratings=ratings(y2025="KHTNV"),
                       discipline=[{"year": 2025, "form": "canh_cao"}],
                       bases=[{"route": "household_contribution", "evidence": True}]))
    assert gk["eligible"] is True and codes(gk, "met") == ["no_pending_proceedings"]
    bk = evaluate(case("BK_TINH", kind="household", bases=[{"route": "movement_achievement", "evidence": True}]))
    assert codes(bk, "unmet") == ["declared_basis"]  # movement_achievement is not a household route of BK
    assert evaluate(case("BK_BO_NGANH", kind="household", pending=["tố cáo"],
                         bases=[{"route": "household_contribution", "evidence": True}]))["eligible"] is False


@pytest.mark.parametrize(
    ("code", "kind", "fragment"),
    [
        ("BK_TTG", "household", "Bộ quy tắc v2 chưa quy định tiêu chuẩn xét"),
        ("HCLD_3", "collective", "Bộ quy tắc v2 chưa quy định tiêu chuẩn xét"),
        ("HCLD_1", "individual", "Bộ quy tắc v2 chưa quy định tiêu chuẩn xét"),
        ("HC_DUNG_CAM", "individual", "Bộ quy tắc v2 chưa quy định tiêu chuẩn xét"),
        ("GIAI_THUONG_HCM", "collective", "Bộ quy tắc v2 chưa quy định tiêu chuẩn xét"),
        ("LDTT", "household", "hộ gia đình"),
        ("XA_TIEU_BIEU", "individual", "cá nhân"),
        ("THON_VAN_HOA", "household", "hộ gia đình"),
        ("GIA_DINH_VAN_HOA", "collective", "tập thể"),
        ("HC_DUNG_CAM", "collective", "tập thể"),
        ("NOT_A_CODE", "individual", "không có trong danh mục"),
    ],
)
def test_codes_and_kinds_without_rules_are_errors(code, kind, fragment):
    verdict = evaluate(case(code, kind=kind, bases=[{"route": "movement_achievement", "evidence": True}]))
    assert verdict["eligible"] is None
    assert fragment in verdict["error"]
    assert verdict["rule_set"] == "v2"
    assert verdict["met"] == verdict["unmet"] == verdict["needs_judgement"] == []
    if fragment.startswith("Bộ quy tắc"):
        assert verdict["error"].endswith(f"(mã {code}).")


def test_c6_message_names_the_kind_when_other_kinds_are_specified():
    assert evaluate(case("HCLD_3", kind="collective"))["error"] == (
        "Bộ quy tắc v2 chưa quy định tiêu chuẩn xét Huân chương Lao động hạng Ba cho tập thể (mã HCLD_3)."
    )
    assert evaluate(case("HCLD_2"))["error"] == (
        "Bộ quy tắc v2 chưa quy định tiêu chuẩn xét Huân chương Lao động hạng Nhì (mã HCLD_2)."
    )


# ------------------------------------------------------------------------------------------------ E. district era


def test_district_awards_keep_counting():
    plain = bk_tinh_individual()
    marked = case("BK_TINH", awards=[award("CSTD_CO_SO", 2024, issuer_level="huyen"),
                                     award("CSTD_CO_SO", 2025, issuer_level="xa")])
    assert evaluate(marked) == evaluate(plain)
    assert evaluate(case("BK_TINH", awards=[award("CSTD_CO_SO", 2024), award("CSTD_CO_SO", 2025),
                                            award("BK_TINH", 2024, issuer_level="huyen")]))["eligible"] is False


@pytest.mark.parametrize("award_type", ["phong_trao_chuyen_de", "chuyen_de", "cong_hien", "nien_han", "khac"])
def test_any_type_other_than_cong_trang_never_counts(award_type):
    """LAW-V2.md §A.4: the reported v3 types (and the award book's other types) are accepted and never count."""
    data = case("BK_TINH", awards=[award("CSTD_CO_SO", 2024), award("CSTD_CO_SO", 2025, type=award_type)])
    verdict = evaluate(data)
    assert "error" not in verdict
    assert codes(verdict, "unmet") == ["two_year_record"]


def test_pm_movement_leader_without_evidence_and_too_few_years_says_both():
    verdict = evaluate(coll("CO_CP", {"group_rank": 1},
                            bases=[{"route": "pm_movement_leader", "evidence": False, "movement_years": 3}]))
    message = by_code(verdict, "unmet")["pm_movement_leader"]["message"]
    assert "3 năm, chưa đủ 5 năm" in message and "đã kê khai nhưng không có minh chứng" in message
    enough = evaluate(coll("CO_CP", {"group_rank": 1},
                           bases=[{"route": "pm_movement_leader", "evidence": False, "movement_years": 6}]))
    assert by_code(enough, "unmet")["pm_movement_leader"]["message"].endswith(
        ": đã kê khai nhưng không có minh chứng.")


def test_historical_forms_are_not_conferred():
    verdict = evaluate(case("GIAY_KHEN_HUYEN"))
    assert verdict["eligible"] is None and verdict["rule_set"] == "v2"
    assert "không xét tặng" in verdict["error"]
    # … but a district chairman's Giấy khen in the history is simply not a prerequisite of anything
    assert evaluate(case("LDTT", ratings=ratings(y2025="HTTNV"),
                         awards=[award("GIAY_KHEN_HUYEN", 2024, issuer_level="huyen")]))["eligible"] is True
