"""Invariants of the engine, checked with hypothesis over generated cases."""

import copy
import datetime as dt
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.awards.rules import (
    AWARD_RULES,
    BALLOT_AWARDS,
    ParamResolver,
    evaluate,
    evaluate_awards,
    evaluate_case_awards,
    evaluate_facts,
)
from thidua.awards.rules.engine import _kind
from thidua.awards.rules.facts import parse_facts

CODES = sorted(AWARD_RULES)
HISTORY_CODES = CODES + ["GIAY_KHEN", "HCLD_2"]
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
    return data


@given(cases())
@SETTINGS
def test_generated_cases_are_judged_and_consistent(data):
    verdict = evaluate(data)
    assert "error" not in verdict, verdict
    assert verdict["eligible"] is (not verdict["unmet"])
    codes = [m["criterion"] for m in verdict["met"]] + [u["criterion"] for u in verdict["unmet"]]
    assert len(codes) == len(set(codes))
    expected = list(AWARD_RULES[data["award"]][data["nominee"]["kind"]])
    if "ballot" not in data or data["award"] not in BALLOT_AWARDS:
        expected.remove("ballot_threshold") if "ballot_threshold" in expected else None
    if "months_in_service" not in data["nominee"] and "service_months" in expected:
        expected.remove("service_months")
    assert sorted(codes) == sorted(expected)
    for item in verdict["unmet"]:
        assert item["message"] and item["article"]


@given(
    cases(),
    st.sampled_from(HISTORY_CODES),
    st.integers(2010, 2030),
    st.sampled_from(["dot_xuat", "chuyen_de", "phong_trao"]),
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
    if data["nominee"]["kind"] == "individual":
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
    awards = list(AWARD_RULES) + ["XYZ"]
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
