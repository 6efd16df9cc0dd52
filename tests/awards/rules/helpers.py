"""Builders for eligibility cases (DESIGN.md §4.2) and readers of verdicts."""

from thidua.awards.rules import evaluate

Y = 2025


def ratings(**by_year):
    """ratings(y2024="HTXSNV") → [{"year": 2024, "rating": "HTXSNV"}]."""
    return [{"year": int(k[1:]), "rating": v} for k, v in by_year.items()]


def rated(first, last, rating="HTTNV"):
    return [{"year": y, "rating": rating} for y in range(first, last + 1)]


def award(code, year, **extra):
    return {"award": code, "year": year, **extra}


def initiative(year, scope="co_so", **extra):
    return {"year": year, "scope": scope, **extra}


def case(award_code, year=Y, kind="individual", **fields):
    data = {"id": "t", "award": award_code, "year": year, "nominee": {"kind": kind}}
    if "months_in_service" in fields:
        data["nominee"]["months_in_service"] = fields.pop("months_in_service")
    data.update(fields)
    return data


def judge(case_data, overrides=()):
    return evaluate(case_data, overrides)


def unmet(verdict):
    return {u["criterion"]: u for u in verdict["unmet"]}


def met(verdict):
    return [m["criterion"] for m in verdict["met"]]


def status(case_data, criterion, overrides=()):
    """'met', 'unmet' or 'absent' for one criterion of the case's verdict."""
    verdict = judge(case_data, overrides)
    assert "error" not in verdict, verdict
    if criterion in met(verdict):
        return "met"
    if criterion in unmet(verdict):
        return "unmet"
    return "absent"


def message(case_data, criterion):
    return unmet(judge(case_data))[criterion]["message"]
