"""Eligibility engine (LAW.md rule book v1): pure Python, no Django. Facts in, verdict out.

Public API:
    evaluate(case, overrides=()) -> dict               one verdict in the DESIGN.md §4.2 shape
    evaluate_many(cases, overrides=()) -> list[dict]
    evaluate_facts(facts, award, params, case_id=None) -> dict    typed facts (Facts.from_records)
    evaluate_awards(facts, awards, params, messages=True, cache=None) -> {award: verdict}
    evaluate_case_awards(case, awards, overrides=(), resolver=None) -> {award: verdict}   one parse, many awards
    ParamResolver(overrides).at(received_on) -> Params | None     parameters in force on a date (cached)
    ParameterOverride(name, value, effective_from), PARAMETERS, RULE_SETS, normalise(name, value)
    AWARD_RULES[award][kind] -> criterion codes in order; criteria_for(award, kind) -> (Criterion, ...)
    Facts, CollectiveFacts, BallotFacts, CaseError
"""

from .criteria import (
    AWARD_NAMES,
    AWARD_RULES,
    BALLOT_AWARDS,
    COLLECTIVE,
    CRITERIA,
    HOUSEHOLD,
    INDIVIDUAL,
    Criterion,
    criteria_for,
    kinds_for,
)
from .engine import evaluate, evaluate_awards, evaluate_case_awards, evaluate_facts, evaluate_many, signature
from .facts import RATINGS, SCOPES, BallotFacts, CaseError, CollectiveFacts, Facts
from .params import (
    PARAMETERS,
    RULE_SETS,
    ParameterError,
    ParameterOverride,
    ParamResolver,
    Params,
    default_received_on,
    normalise,
    resolve_params,
)

__all__ = [
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
