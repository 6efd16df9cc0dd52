"""Eligibility engine (rule book v2 = LAW.md + LAW-V2.md): pure Python, no Django. Facts in, verdict out.

Public API:
    evaluate(case, overrides=()) -> dict               one verdict in the DESIGN.md §4.2 shape
    evaluate_many(cases, overrides=()) -> list[dict]
    evaluate_facts(facts, award, params, case_id=None) -> dict    typed facts (Facts.from_records)
    evaluate_awards(facts, awards, params, messages=True, cache=None) -> {award: verdict}
    evaluate_case_awards(case, awards, overrides=(), resolver=None) -> {award: verdict}   one parse, many awards
    ParamResolver(overrides).at(received_on) -> Params | None     parameters in force on a date (cached)
    ParameterOverride(name, value, effective_from), PARAMETERS, RULE_SETS, normalise(name, value)
    AWARD_RULES[award][kind] -> criterion codes in order; criteria_for(award, kind, rule_set) -> (Criterion, ...)
    RULE_BOOK[(award, kind)] -> the rule as data (book.py); CATALOGUE[code] -> (name, kinds)
    Facts, Basis, CollectiveFacts, BallotFacts, CaseError
    citation(article) -> the Vietnamese citation of an article code ("điểm d khoản 1 Điều 74 Luật …")
"""

from .book import RULE_BOOK
from .citation import citation
from .codes import CATALOGUE
from .criteria import (
    AWARD_NAMES,
    BALLOT_AWARDS,
    COLLECTIVE,
    HOUSEHOLD,
    INDIVIDUAL,
    Criterion,
)
from .engine import (
    AWARD_RULES,
    CRITERIA,
    award_name_in,
    criteria_for,
    evaluate,
    evaluate_awards,
    evaluate_case_awards,
    evaluate_facts,
    evaluate_many,
    kinds_for,
    signature,
)
from .facts import RATINGS, SCOPES, BallotFacts, Basis, CaseError, CollectiveFacts, Facts
from .params import (
    PARAMETERS,
    RULE_SETS,
    RULE_SETS_BY_VERSION,
    ParameterError,
    ParameterOverride,
    ParamResolver,
    Params,
    RuleSet,
    default_received_on,
    normalise,
    resolve_params,
    rule_set_on,
)

__all__ = [
    "CATALOGUE",
    "RULE_BOOK",
    "RULE_SETS_BY_VERSION",
    "Basis",
    "RuleSet",
    "award_name_in",
    "citation",
    "rule_set_on",
    "AWARD_NAMES",
    "AWARD_RULES",
    "BALLOT_AWARDS",
    "COLLECTIVE",
    "CRITERIA",
    "HOUSEHOLD",
    "INDIVIDUAL",
    "PARAMETERS",
    "RATINGS",
    "RULE_SETS",
    "SCOPES",
    "BallotFacts",
    "CaseError",
    "CollectiveFacts",
    "Criterion",
    "Facts",
    "ParamResolver",
    "ParameterError",
    "ParameterOverride",
    "Params",
    "criteria_for",
    "default_received_on",
    "evaluate",
    "evaluate_awards",
    "evaluate_case_awards",
    "signature",
    "evaluate_facts",
    "evaluate_many",
    "kinds_for",
    "normalise",
    "resolve_params",
]
