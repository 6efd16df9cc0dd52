"""The public entry points: a JSON case in, a verdict out (DESIGN.md §4.2).

    evaluate(case, overrides=()) -> verdict dict
    evaluate_many(cases, overrides=()) -> [verdict dict]
    evaluate_facts(facts, award, params, case_id=None) -> verdict dict (typed facts, no JSON parsing)

A verdict is {"id", "award", "year", "eligible", "unmet": [{"criterion", "article", "message"}],
"met": [{"criterion", "article"}]} and, when the case cannot be judged, "eligible": None plus "error".
The `met` entries are shared between verdicts (they never change): serialise verdicts, don't mutate them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from . import collective, individual
from .criteria import (
    AWARD_NAMES,
    AWARD_RULES,
    BALLOT,
    BALLOT_AWARDS,
    COLLECTIVE,
    CRITERIA,
    DISCIPLINE_WINDOWS,
    HOUSEHOLD,
    INDIVIDUAL,
    NO_DISCIPLINE,
    NO_PENDING,
)
from .crosscutting import SKIP, ballot_threshold, no_discipline_in_window, no_pending_proceedings
from .facts import CaseError, Facts, parse_facts, parse_header, parse_kind
from .params import ParameterOverride, ParamResolver, Params

KIND_LABELS = {INDIVIDUAL: "cá nhân", COLLECTIVE: "tập thể", HOUSEHOLD: "hộ gia đình"}


def _compile() -> dict[tuple[str, str], tuple[tuple[str, str, Any, dict], ...]]:
    compiled = {}
    for (award, kind), criteria in CRITERIA.items():
        checks = (individual.CHECKS if kind == INDIVIDUAL else collective.CHECKS)[award]
        rows = []
        for criterion in criteria:
            if criterion.code == NO_PENDING:
                check = no_pending_proceedings
            elif criterion.code == NO_DISCIPLINE:
                check = no_discipline_in_window(*DISCIPLINE_WINDOWS[award])
            elif criterion.code == BALLOT:
                check = ballot_threshold(award)
            else:
                check = checks[criterion.code]
            met = {"criterion": criterion.code, "article": criterion.article}
            rows.append((criterion.code, criterion.article, check, met))
        compiled[(award, kind)] = tuple(rows)
    return compiled


_RULES = _compile()
_RULES_BY_KIND: dict[str, dict[str, tuple]] = {}
for (_award, _kind), _rows in _RULES.items():
    _RULES_BY_KIND.setdefault(_kind, {})[_award] = _rows
_NONE: dict = {}
# Criteria tables per rule set version (params.RULE_SETS): a later rule book adds its own compiled table here.
RULES_BY_VERSION: dict[str, dict[str, dict[str, tuple]]] = {"v1": _RULES_BY_KIND}


def _scalar(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool) else None


def _error(case_id: Any, award: Any, year: Any, message: str) -> dict:
    return {
        "id": _scalar(case_id),
        "award": _scalar(award),
        "year": _scalar(year),
        "eligible": None,
        "unmet": [],
        "met": [],
        "error": message,
    }


def evaluate_facts(
    facts: Facts, award: str, params: Params | None, case_id: Any = None, *, messages: bool = True
) -> dict:
    """Judge typed facts for one award under resolved parameters (see `params.ParamResolver.at`).

    With `messages=False` the unmet entries carry only criterion and article (bulk screening: messages are
    the costly part); call again with messages for the few verdicts a person will read."""
    if params is None:
        return _error(case_id, award, facts.year, _no_rule_set_message(facts))
    rules = RULES_BY_VERSION[params.rule_set.version].get(facts.kind, _NONE).get(award)
    if rules is None:
        return _error(case_id, award, facts.year, _no_rules_message(award, facts.kind))
    unmet = []
    met = []
    for code, article, check, met_entry in rules:
        result = check(facts, params)
        if result is None:
            met.append(met_entry)
        elif result is not SKIP:
            if messages:
                unmet.append({"criterion": code, "article": article, "message": result()})
            else:
                unmet.append(met_entry)
    return {
        "id": case_id,
        "award": award,
        "year": facts.year,
        "eligible": not unmet,
        "unmet": unmet,
        "met": met,
    }


# Award codes the rules read from the history, and how far back (LAW.md §2–3): the window of years that can
# change a verdict is year-5..year, plus "is there one in a year ≤ year-5" for the prerequisites.
_READ_CODES = ("CSTD_CO_SO", "CSTD_TINH", "BK_TINH", "BK_TTG", "HCLD_3", "TTLDXS", "CO_TINH")


def signature(facts: Facts) -> tuple:
    """A hashable key such that facts with equal signatures get identical verdicts (messages included)."""
    year = facts.year
    first = year - 5
    get = facts.ratings.get
    awards = facts.awards
    history = []
    for code in _READ_CODES:
        held = awards.get(code)
        if held:
            history.append(
                (code, frozenset(y for y in held if first < y <= year), any(y <= first for y in held))
            )
    return (
        facts.kind,
        year,
        (get(year - 4), get(year - 3), get(year - 2), get(year - 1), get(year)),
        tuple(history),
        tuple(sorted(i for i in facts.initiatives if first <= i[0] <= year)) if facts.initiatives else (),
        frozenset(y for y in facts.discipline_years if first <= y <= year)
        if facts.discipline_years
        else None,
        facts.pending,
        facts.months_in_service,
        facts.collective,
        facts.ballot,
    )


def evaluate_awards(
    facts: Facts,
    awards: Sequence[str],
    params: Params | None,
    *,
    messages: bool = True,
    cache: dict | None = None,
) -> dict[str, dict]:
    """Several awards for the same facts (e.g. every individual award for one person): award → verdict.

    Pass the same `cache` dict for a whole run (same `params`) to share verdicts between people whose facts
    have the same `signature`: the verdicts returned are then shared objects (set no id on them; read only)."""
    if cache is None:
        return {award: evaluate_facts(facts, award, params, messages=messages) for award in awards}
    key = (signature(facts), tuple(awards), id(params), messages)
    found = cache.get(key)
    if found is None:
        found = cache[key] = {
            award: evaluate_facts(facts, award, params, messages=messages) for award in awards
        }
    return found


def _no_rules_message(award: str, kind: str) -> str:
    if award not in AWARD_RULES:
        return (
            f"Mã khen thưởng {award!r} không có trong bộ quy tắc v1 "
            f"(các mã được hỗ trợ: {', '.join(AWARD_NAMES)})."
        )
    if kind == HOUSEHOLD:
        return "Bộ quy tắc v1 không có quy định xét khen thưởng cho hộ gia đình."
    kinds = " hoặc ".join(KIND_LABELS[k] for k in AWARD_RULES[award])
    return (
        f"Bộ quy tắc v1 không có quy định xét {AWARD_NAMES[award]} ({award}) cho {KIND_LABELS.get(kind, kind)}; "
        f"chỉ áp dụng cho {kinds}."
    )


def _no_rule_set_message(facts: Facts) -> str:
    received = facts.received_on
    when = f"ngày {received:%d/%m/%Y}" if received else "ngày nhận hồ sơ"
    return (
        f"Không có bộ quy tắc nào có hiệu lực vào {when} (ngày nhận hồ sơ): bộ quy tắc v1 chỉ áp dụng cho hồ sơ "
        "nhận từ ngày 01/01/2024."
    )


def _kind(case: Mapping, award: str) -> str:
    kind = parse_kind(case)
    if kind:
        return kind
    # Nominee kind not given: the award's only kind, or for awards of both kinds, collective when a
    # `collective` block is present.
    kinds = AWARD_RULES[award]
    if len(kinds) == 1:
        return next(iter(kinds))
    return COLLECTIVE if isinstance(case.get("collective"), Mapping) else INDIVIDUAL


def _judge(case: Any, resolver: ParamResolver) -> dict:
    if not isinstance(case, Mapping):
        return _error(None, None, None, "Hồ sơ không hợp lệ: mỗi hồ sơ phải là một đối tượng JSON.")
    case_id = case.get("id")
    award = case.get("award")
    year = case.get("year")
    try:
        award, year = parse_header(case)
        if award not in AWARD_RULES:
            return _error(case_id, award, year, _no_rules_message(award, ""))
        kind = _kind(case, award)
        if (award, kind) not in _RULES:
            return _error(case_id, award, year, _no_rules_message(award, kind))
        facts, received_on = parse_facts(case, award, year, kind, award in BALLOT_AWARDS)
    except CaseError as exc:
        return _error(case_id, award, year, f"Hồ sơ không hợp lệ: {exc}")
    params = resolver.at(received_on)
    return evaluate_facts(facts, award, params, _scalar(case_id))


def evaluate_case_awards(
    case: Mapping,
    awards: Sequence[str],
    overrides: Sequence[ParameterOverride] = (),
    *,
    resolver: ParamResolver | None = None,
    messages: bool = True,
) -> dict[str, dict]:
    """One case judged for several awards, parsing it once (its own `award` is ignored): award → verdict.

    Equivalent to `evaluate({**case, "award": a})` for each award `a`."""
    resolver = resolver or ParamResolver(overrides)
    out: dict[str, dict] = {}
    parsed: dict[tuple, tuple] = {}
    for award in awards:
        case_id = case.get("id") if isinstance(case, Mapping) else None
        try:
            if not isinstance(case, Mapping):
                raise CaseError("mỗi hồ sơ phải là một đối tượng JSON.")
            _, year = parse_header({"award": award, "year": case.get("year")})
            if award not in AWARD_RULES:
                out[award] = _error(case_id, award, year, _no_rules_message(award, ""))
                continue
            kind = _kind(case, award)
            if (award, kind) not in _RULES:
                out[award] = _error(case_id, award, year, _no_rules_message(award, kind))
                continue
            needs_ballot = award in BALLOT_AWARDS
            key = (kind, needs_ballot)
            if key not in parsed:
                parsed[key] = parse_facts(case, award, year, kind, needs_ballot)
            facts, received_on = parsed[key]
        except CaseError as exc:
            out[award] = _error(
                case_id,
                award,
                case.get("year") if isinstance(case, Mapping) else None,
                f"Hồ sơ không hợp lệ: {exc}",
            )
            continue
        out[award] = evaluate_facts(
            facts, award, resolver.at(received_on), _scalar(case_id), messages=messages
        )
    return out


def evaluate_many(
    cases: Iterable[Any],
    overrides: Sequence[ParameterOverride] = (),
    *,
    resolver: ParamResolver | None = None,
) -> list[dict]:
    """One verdict per case, in order; a malformed case yields a verdict with `error` and never stops the rest."""
    resolver = resolver or ParamResolver(overrides)
    verdicts = []
    for case in cases:
        try:
            verdicts.append(_judge(case, resolver))
        except Exception as exc:  # a bug must not cost the other cases their verdicts
            verdicts.append(
                _error(
                    case.get("id") if isinstance(case, Mapping) else None,
                    case.get("award") if isinstance(case, Mapping) else None,
                    case.get("year") if isinstance(case, Mapping) else None,
                    f"Không đánh giá được hồ sơ do lỗi không mong đợi: {type(exc).__name__}: {exc}",
                )
            )
    return verdicts


def evaluate(
    case: Mapping, overrides: Sequence[ParameterOverride] = (), *, resolver: ParamResolver | None = None
) -> dict:
    """The verdict for one case (DESIGN.md §4.2)."""
    return evaluate_many((case,), overrides, resolver=resolver)[0]
