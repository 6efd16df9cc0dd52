"""Invariants of the engine, checked with hypothesis over generated cases."""

import copy
import datetime as dt
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.awards.rules import (
    AWARD_RULES,
    BALLOT_AWARDS,
    CATALOGUE,
    RULE_BOOK,
    ParamResolver,
    criteria_for,
    evaluate,
    evaluate_awards,
    evaluate_case_awards,
    evaluate_facts,
)
from thidua.awards.rules.engine import _kind
from thidua.awards.rules.facts import parse_facts

CODES = sorted(AWARD_RULES)
HISTORY_CODES = CODES + ["HCLD_2", "HC_DUNG_CAM"]
ROUTES = [
    "movement_achievement",
    "many_or_sudden_achievements",
    "socioeconomic_contribution",
    "worker_achievements",
    "household_contribution",
    "long_contribution",
    "central_group_leader",
    "pm_movement_leader",
    "model_commune",
    "cultural_village",
    "cultural_family",
    "declared_basis",
    "no_such_route",
]
CONFIRMED = {"no_pending_proceedings", "no_discipline_in_window"}
# Awards whose rule reads awards of later years (KNC_BO_NGANH second_type_interval: "every … in a year ≤ year-3").
READS_LATER_YEARS = {"KNC_BO_NGANH"}
RATING = st.sampled_from(["HTXSNV", "HTTNV", "HTNV", "KHTNV"])
SCOPE = st.sampled_from(["co_so", "tinh", "toan_quoc"])
FORM = st.sampled_from(
    ["khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec"]
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw):
    award = draw(st.sampled_from(CODES))
    kind = draw(st.sampled_from(sorted(AWARD_RULES[award])))
    year = draw(st.integers(2024, 2027))
    years = st.integers(year - 8, year + 1)
    rating_years = draw(st.sets(st.integers(year - 6, year + 1), max_size=8))
    data = {
        "id": draw(st.text(max_size=4)),
        "award": award,
        "year": year,
        "nominee": {"kind": kind},
        "ratings": [{"year": y, "rating": draw(RATING)} for y in sorted(rating_years)],
        "awards": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"year": years, "award": st.sampled_from(HISTORY_CODES)},
                    optional={"type": st.sampled_from(["cong_trang", "dot_xuat"]), "revoked": st.booleans()},
                ),
                max_size=8,
            )
        ),
        "initiatives": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"year": years, "scope": SCOPE}, optional={"used_for": st.sampled_from([None, "BK_TINH"])}
                ),
                max_size=4,
            )
        ),
        "discipline": draw(st.lists(st.fixed_dictionaries({"year": years, "form": FORM}), max_size=2)),
    }
    if draw(st.booleans()):
        data["pending"] = draw(st.lists(st.sampled_from(["điều tra", "khiếu nại"]), max_size=1))
    if kind == "individual" and draw(st.booleans()):
        data["nominee"]["months_in_service"] = draw(st.integers(0, 14))
    if kind == "collective" and draw(st.booleans()):
        members = draw(st.integers(1, 40))
        data["collective"] = {
            "members": members,
            "members_completed": draw(st.integers(0, members)),
            "members_ldtt": draw(st.integers(0, members)),
            "members_cstd_co_so": draw(st.integers(0, members)),
            "members_disciplined_canh_cao_or_more": draw(st.integers(0, min(members, 2))),
            "group_rank": draw(st.integers(1, 4)),
        }
    if draw(st.booleans()):
        council = draw(st.integers(1, 30))
        data["ballot"] = {"council_members": council, "votes_yes": draw(st.integers(0, council))}
    if draw(st.booleans()):
        data["received_on"] = draw(st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31))).isoformat()
    if draw(st.booleans()):
        data["bases"] = draw(
            st.lists(
                st.fixed_dictionaries(
                    {"route": st.sampled_from(ROUTES)},
                    optional={
                        "evidence": st.sampled_from([True, False, None, "true", 1]),
                        "movement_years": st.integers(0, 9),
                    },
                ),
                max_size=3,
            )
        )
    if kind == "individual" and draw(st.booleans()):
        data["nominee"]["gender"] = draw(st.sampled_from(["male", "female"]))
        data["nominee"]["years_in_sector"] = draw(st.integers(0, 30))
    if kind == "individual" and draw(st.booleans()):
        data["nominee"]["tnxp_months"] = draw(st.integers(0, 40))
        data["nominee"]["martyr"] = draw(st.booleans())
    if draw(st.booleans()):
        data["knc_type"] = draw(st.sampled_from(["A", "B"]))
        data["awards"].append(
            {"year": draw(years), "award": "KNC_BO_NGANH", "knc_type": draw(st.sampled_from(["A", "B"]))}
        )
    return data


def _reported(verdict):
    return [
        entry["criterion"] for key in ("met", "unmet", "needs_judgement") for entry in verdict[key]
    ]


@given(cases())
@SETTINGS
def test_generated_cases_are_judged_and_consistent(data):
    verdict = evaluate(data)
    assert "error" not in verdict, verdict
    assert verdict["eligible"] is (not verdict["unmet"])
    codes = _reported(verdict)
    # A criterion appears in exactly one of met / unmet / needs_judgement (LAW-V2.md §B.2).
    assert len(codes) == len(set(codes))
    possible = set(AWARD_RULES[data["award"]][data["nominee"]["kind"]])
    assert set(codes) <= possible
    for item in verdict["unmet"] + verdict["needs_judgement"]:
        assert item["message"] and item["article"]
    for item in verdict["needs_judgement"]:
        assert item["message"].startswith("Cần Hội đồng Thi đua – Khen thưởng đánh giá: ")
    received = dt.date.fromisoformat(data.get("received_on") or f"{data['year']}-12-01")
    expected_set = "v1" if received <= dt.date(2025, 6, 30) else "v2" if received <= dt.date(2026, 9, 30) else "v3"
    assert verdict["rule_set"] == expected_set
    if expected_set == "v3":
        # LAW-V2.md §A.3: exactly the reported criteria except the two of NĐ 152 Art 4.4, sorted.
        assert verdict["unconfirmed"] == sorted(c for c in codes if c not in CONFIRMED)
    else:
        assert "unconfirmed" not in verdict
    groupless = not any(c.declared for c in criteria_for(data["award"], data["nominee"]["kind"]))
    if groupless:
        expected = list(AWARD_RULES[data["award"]][data["nominee"]["kind"]])
        if "ballot" not in data or data["award"] not in BALLOT_AWARDS:
            expected.remove("ballot_threshold") if "ballot_threshold" in expected else None
        if "months_in_service" not in data["nominee"] and "service_months" in expected:
            expected.remove("service_months")
        if "task_result_good" in expected and not any(r["year"] == data["year"] for r in data["ratings"]):
            expected.remove("task_result_good")
        assert sorted(codes) == sorted(expected)
        assert verdict["needs_judgement"] == []


@given(cases())
@SETTINGS
def test_without_bases_the_three_rule_sets_agree_on_eligible_and_unmet(data):
    """LAW-V2.md §A.1, B.5: the sets differ only in articles and flags; no bases = the computable routes only."""
    data.pop("bases", None)
    verdicts = [
        evaluate(dict(data, received_on=day)) for day in ("2025-06-30", "2025-07-01", "2026-09-30", "2026-10-01")
    ]
    assert [v["rule_set"] for v in verdicts] == ["v1", "v2", "v2", "v3"]
    for verdict in verdicts:
        assert verdict["needs_judgement"] == []
        assert verdict["eligible"] == verdicts[0]["eligible"]
        assert [u["criterion"] for u in verdict["unmet"]] == [u["criterion"] for u in verdicts[0]["unmet"]]
        assert [m["criterion"] for m in verdict["met"]] == [m["criterion"] for m in verdicts[0]["met"]]
        if data["award"] != "XA_TIEU_BIEU":  # renamed "Xã, phường, đặc khu tiêu biểu" from v2 (§A.2)
            assert [u["message"] for u in verdict["unmet"]] == [u["message"] for u in verdicts[0]["unmet"]]


@given(cases(), st.sampled_from(sorted(set(CATALOGUE) - {a for a, _k in RULE_BOOK})))
@SETTINGS
def test_catalogue_codes_without_rules_are_never_silently_true(data, code):
    verdict = evaluate(dict(data, award=code, nominee={"kind": CATALOGUE[code][1][0]}))
    assert verdict["eligible"] is None
    assert verdict["error"].startswith("Bộ quy tắc v2 chưa quy định tiêu chuẩn xét ")
    assert f"(mã {code})" in verdict["error"]
    assert verdict["rule_set"] in ("v1", "v2", "v3")
    assert verdict["needs_judgement"] == [] and verdict["met"] == [] and verdict["unmet"] == []
    if verdict["rule_set"] == "v3":
        assert verdict["unconfirmed"] == []


@given(
    cases(),
    st.sampled_from(HISTORY_CODES),
    st.integers(2010, 2030),
    st.sampled_from(["dot_xuat", "chuyen_de", "phong_trao", "phong_trao_chuyen_de", "cong_hien"]),
)
@SETTINGS
def test_revoked_or_non_merit_awards_never_change_a_verdict(data, code, year, award_type):
    before = evaluate(data)
    revoked = copy.deepcopy(data)
    revoked["awards"].append({"year": year, "award": code, "revoked": True})
    assert evaluate(revoked) == before
    other_type = copy.deepcopy(data)
    other_type["awards"].append({"year": year, "award": code, "type": award_type})
    assert evaluate(other_type) == before


@given(cases(), st.sampled_from(HISTORY_CODES), st.integers(1, 5))
@SETTINGS
def test_awards_after_the_year_never_change_a_verdict(data, code, later):
    if data["award"] in READS_LATER_YEARS:
        return
    before = evaluate(data)
    data["awards"].append({"year": data["year"] + later, "award": code})
    assert evaluate(data) == before


@given(cases(), st.integers(2010, 2030), SCOPE)
@SETTINGS
def test_used_initiatives_never_count(data, year, scope):
    before = evaluate(data)
    data["initiatives"].append({"year": year, "scope": scope, "used_for": "CSTD_CO_SO"})
    assert evaluate(data) == before


@given(cases(), st.integers(2010, 2030), SCOPE)
@SETTINGS
def test_a_new_unused_initiative_never_breaks_a_met_criterion(data, year, scope):
    before = {m["criterion"] for m in evaluate(data)["met"]}
    data["initiatives"].append({"year": year, "scope": scope})
    after = {m["criterion"] for m in evaluate(data)["met"]}
    assert before <= after


@given(cases())
@SETTINGS
def test_pending_proceedings_always_make_ineligible(data):
    data["pending"] = ["đang xem xét kỷ luật"]
    verdict = evaluate(data)
    assert verdict["eligible"] is False
    assert "no_pending_proceedings" in {u["criterion"] for u in verdict["unmet"]}


@given(cases(), FORM)
@SETTINGS
def test_discipline_in_the_year_makes_an_individual_ineligible(data, form):
    data["discipline"].append({"year": data["year"], "form": form})
    verdict = evaluate(data)
    if data["nominee"]["kind"] == "individual":  # every individual award has a window holding `year` (§C.5)
        assert verdict["eligible"] is False
        assert "no_discipline_in_window" in {u["criterion"] for u in verdict["unmet"]}
    else:
        assert "no_discipline_in_window" not in {u["criterion"] for u in verdict["unmet"]}


@given(cases(), st.randoms(use_true_random=False))
@SETTINGS
def test_order_of_history_does_not_matter(data, rnd: random.Random):
    before = evaluate(data)
    for key in ("ratings", "awards", "initiatives", "discipline"):
        rnd.shuffle(data[key])
    assert evaluate(data) == before


@given(cases())
@SETTINGS
def test_one_parse_for_many_awards_agrees_with_single_evaluations(data):
    awards = list(AWARD_RULES) + ["XYZ", "HCLD_2"]
    together = evaluate_case_awards(data, awards)
    for code in awards:
        assert together[code] == evaluate(dict(data, award=code)), code


@given(st.lists(cases(), min_size=1, max_size=6))
@SETTINGS
def test_cached_bulk_evaluation_agrees(batch):
    resolver = ParamResolver()
    cache: dict = {}
    for data in batch:
        kind = _kind(data, data["award"])
        facts, received_on = parse_facts(data, data["award"], data["year"], kind, True)
        params = resolver.at(received_on)
        awards = sorted(code for code in AWARD_RULES if kind in AWARD_RULES[code])
        plain = {code: evaluate_facts(facts, code, params) for code in awards}
        assert evaluate_awards(facts, awards, params, cache=cache) == plain
        assert evaluate_awards(facts, awards, params, cache=cache) == plain
        quiet = evaluate_awards(facts, awards, params, messages=False)
        for code in awards:
            assert quiet[code]["eligible"] == plain[code]["eligible"]
            assert [u["criterion"] for u in quiet[code]["unmet"]] == [
                u["criterion"] for u in plain[code]["unmet"]
            ]
    assert dt.date(2024, 1, 1)
