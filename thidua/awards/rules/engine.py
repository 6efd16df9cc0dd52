"""The public entry points: a JSON case in, a verdict out (DESIGN.md §4.2, LAW.md, LAW-V2.md).

    evaluate(case, overrides=()) -> verdict dict
    evaluate_many(cases, overrides=()) -> [verdict dict]
    evaluate_facts(facts, award, params, case_id=None) -> verdict dict (typed facts, no JSON parsing)

A verdict is {"id", "award", "year", "rule_set", "eligible", "unmet": [{"criterion", "article", "message"}],
"met": [{"criterion", "article"}], "needs_judgement": [{"criterion", "article", "message"}]}, plus
"unconfirmed" under rule set v3 (LAW-V2.md §A.3) and, when the case cannot be judged, "eligible": None and
"error". The `met` entries are shared between verdicts (they never change): serialise verdicts, don't mutate
them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .book import (
    PM_MOVEMENT_LEADER,
    RULE_BOOK,
    cross_cutting,
    listing,
    resolve_article,
    route_basis,
)
from .codes import CATALOGUE, HISTORICAL
from .criteria import (
    AWARD_NAMES,
    BALLOT_AWARDS,
    COLLECTIVE,
    DECLARED_BASIS,
    DISCIPLINE_WINDOWS,
    HOUSEHOLD,
    INDIVIDUAL,
    NO_DISCIPLINE,
    NO_PENDING,
    Criterion,
)
from .crosscutting import SKIP, ballot_threshold, no_discipline_in_window, no_pending_proceedings
from .facts import CaseError, Facts, parse_date, parse_facts, parse_header, parse_kind
from .params import RULE_SETS, RULE_SETS_BY_VERSION, ParameterOverride, ParamResolver, Params, RuleSet

KIND_LABELS = {INDIVIDUAL: "cá nhân", COLLECTIVE: "tập thể", HOUSEHOLD: "hộ gia đình"}
JUDGEMENT_LEAD = "Cần Hội đồng Thi đua – Khen thưởng đánh giá: "
NO_EVIDENCE = "đã kê khai nhưng không có minh chứng"
NOT_DECLARED = "chưa kê khai căn cứ thành tích"  # LAW-V2.md §B.2 wording (lower case, like "thiếu thông tin")

# ------------------------------------------------------------------------------------------------ compiling


@dataclass(frozen=True, slots=True)
class _Group:
    computable: tuple  # (code, article, check, met entry)
    routes: tuple  # (code, article, basis, needs_judgement entry, no-evidence message)
    route_codes: frozenset
    declared_basis: dict | None  # the unmet entry when nothing of a group without computable route is declared


@dataclass(frozen=True, slots=True)
class _Rule:
    specific: tuple
    group: _Group | None
    cross: tuple


def _row(code: str, article: str, check) -> tuple:
    return (code, article, check, {"criterion": code, "article": article})


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cross_check(code: str, award: str):
    if code == NO_PENDING:
        return no_pending_proceedings
    if code == NO_DISCIPLINE:
        return no_discipline_in_window(*DISCIPLINE_WINDOWS[award])
    return ballot_threshold(award)


def compile_rule_set(rule_set: RuleSet) -> dict[str, dict[str, _Rule]]:
    """kind → award → the compiled rule under `rule_set` (articles and names of the set resolved)."""
    articles, names = rule_set.articles, rule_set.names
    out: dict[str, dict[str, _Rule]] = {}
    for (award, kind), rule in RULE_BOOK.items():
        specific = tuple(_row(r.code, resolve_article(r.article, articles), r.check) for r in rule.specific)
        group = None
        if rule.group is not None:
            g = rule.group
            routes = []
            for route in g.declared:
                article = resolve_article(route.article, articles)
                basis = route_basis(route, names)
                judged = {"criterion": route.code, "article": article, "message": f"{JUDGEMENT_LEAD}{basis}."}
                routes.append((route.code, article, basis, judged, f"{_capital(basis)}: {NO_EVIDENCE}."))
            declared_basis = None
            if not g.computable:
                listed = "; ".join(basis for _code, _article, basis, _j, _m in routes)
                declared_basis = {
                    "criterion": DECLARED_BASIS,
                    "article": g.article,
                    "message": f"{NOT_DECLARED}: đơn vị đề nghị cần kê khai, kèm minh chứng, căn cứ {listed}.",
                }
            group = _Group(
                tuple(_row(r.code, resolve_article(r.article, articles), r.check) for r in g.computable),
                tuple(routes),
                frozenset(code for code, *_ in routes),
                declared_basis,
            )
        cross = tuple(
            _row(code, resolve_article(key, articles), _cross_check(code, award))
            for code, key in cross_cutting(award, kind)
        )
        out.setdefault(kind, {})[award] = _Rule(specific, group, cross)
    return out


# Compiled tables per rule set version (params.RULE_SETS): a later set compiles its own.
RULES_BY_VERSION: dict[str, dict[str, dict[str, _Rule]]] = {rs.version: compile_rule_set(rs) for rs in RULE_SETS}
_NONE: dict = {}

# ------------------------------------------------------------------------------------------------ listing


def criteria_for(award: str, kind: str = INDIVIDUAL, rule_set: str | None = None) -> tuple[Criterion, ...]:
    """Every criterion `award` may report for nominees of `kind` under a rule set (default v1), in order."""
    found = RULE_SETS_BY_VERSION.get(rule_set or "v1") or RULE_SETS[0]
    return listing(award, kind, found.articles, found.names)


# (award, kind) -> every criterion the engine may report for it under rule set v1, in the verdict's order.
CRITERIA: dict[tuple[str, str], tuple[Criterion, ...]] = {key: criteria_for(*key) for key in RULE_BOOK}
# award code -> {kind: (criterion codes in order)}.
AWARD_RULES: dict[str, dict[str, tuple[str, ...]]] = {}
for (_award, _kind), _rows in CRITERIA.items():
    AWARD_RULES.setdefault(_award, {})[_kind] = tuple(c.code for c in _rows)


def kinds_for(award: str) -> tuple[str, ...]:
    return tuple(AWARD_RULES.get(award, {}))


# ------------------------------------------------------------------------------------------------ verdicts


def _scalar(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool) else None


def _error(case_id: Any, award: Any, year: Any, message: str, rule_set: RuleSet | None = None) -> dict:
    verdict = {
        "id": _scalar(case_id),
        "award": _scalar(award),
        "year": _scalar(year),
        "rule_set": rule_set.version if rule_set is not None else None,
        "eligible": None,
        "unmet": [],
        "met": [],
        "needs_judgement": [],
        "error": message,
    }
    if rule_set is not None and rule_set.flags_unconfirmed:
        verdict["unconfirmed"] = []
    return verdict


def _judge_group(group: _Group, facts: Facts, params: Params, met: list, unmet: list, judged: list, messages: bool):
    """LAW-V2.md §B.2, in its order: a computable route met; else declared routes with evidence go to the
    council; else the group fails."""
    results = [(row, row[2](facts, params)) for row in group.computable]
    if results and all(result is None or result is SKIP for _row_, result in results):
        met.extend(row[3] for row, result in results if result is None)
        return
    declared: dict[str, list] = {}
    for basis in facts.bases:
        if basis.route in group.route_codes:
            declared.setdefault(basis.route, []).append(basis)
    minimum = params["pm_movement_min_years"]

    def short(basis) -> bool:
        return basis.route == PM_MOVEMENT_LEADER and basis.movement_years is not None and basis.movement_years < minimum

    if declared:
        qualifying = [
            route
            for route in group.routes
            if any(b.evidence and not short(b) for b in declared.get(route[0], ()))
        ]
        if qualifying:
            judged.extend(route[3] for route in qualifying)
            return
    for row, result in results:
        if result is None:
            met.append(row[3])
        elif result is not SKIP:
            unmet.append({"criterion": row[0], "article": row[1], "message": result()} if messages else row[3])
    for code, article, basis, _judged, no_evidence in group.routes:
        bases = declared.get(code)
        if not bases:
            continue
        if not messages:
            unmet.append({"criterion": code, "article": article})
            continue
        short_years = [b.movement_years for b in bases if short(b)]
        if short_years:  # pm_movement_leader: fewer than 5 years declared (with or without evidence)
            parts = [f"thời gian dẫn đầu phong trào đã kê khai là {min(short_years):g} năm, chưa đủ {minimum:g} năm"]
            if not any(b.evidence for b in bases):
                parts.append(NO_EVIDENCE)
            message = f"{_capital(basis)}: {'; '.join(parts)}."
        else:
            message = no_evidence
        unmet.append({"criterion": code, "article": article, "message": message})
    if not declared and group.declared_basis is not None:
        entry = group.declared_basis
        unmet.append(entry if messages else {"criterion": entry["criterion"], "article": entry["article"]})


def evaluate_facts(
    facts: Facts, award: str, params: Params | None, case_id: Any = None, *, messages: bool = True
) -> dict:
    """Judge typed facts for one award under resolved parameters (see `params.ParamResolver.at`).

    With `messages=False` the unmet entries carry only criterion and article (bulk screening: messages are
    the costly part); call again with messages for the few verdicts a person will read."""
    if params is None:
        return _error(case_id, award, facts.year, _no_rule_set_message(facts.received_on))
    rule_set = params.rule_set
    rules = RULES_BY_VERSION[rule_set.version].get(facts.kind, _NONE).get(award)
    if rules is None:
        return _error(case_id, award, facts.year, _no_rules_message(award, facts.kind, rule_set), rule_set)
    unmet: list = []
    met: list = []
    judged: list = []
    for code, article, check, met_entry in rules.specific:
        result = check(facts, params)
        if result is None:
            met.append(met_entry)
        elif result is not SKIP:
            unmet.append({"criterion": code, "article": article, "message": result()} if messages else met_entry)
    if rules.group is not None:
        _judge_group(rules.group, facts, params, met, unmet, judged, messages)
    for code, article, check, met_entry in rules.cross:
        result = check(facts, params)
        if result is None:
            met.append(met_entry)
        elif result is not SKIP:
            unmet.append({"criterion": code, "article": article, "message": result()} if messages else met_entry)
    verdict = {
        "id": case_id,
        "award": award,
        "year": facts.year,
        "rule_set": rule_set.version,
        "eligible": not unmet,
        "unmet": unmet,
        "met": met,
        "needs_judgement": judged,
    }
    if rule_set.flags_unconfirmed:
        confirmed = rule_set.confirmed
        verdict["unconfirmed"] = sorted(
            entry["criterion"] for entries in (met, unmet, judged) for entry in entries
            if entry["criterion"] not in confirmed
        )
    return verdict


# Award codes the rules read from the history, and how far back (LAW.md §2–3, LAW-V2.md §C): the window of years
# that can change a verdict is year-5..year, plus "is there one in a year ≤ year-5" for the prerequisites.
_READ_CODES = (
    "CSTD_CO_SO", "CSTD_TINH", "CSTD_BO_NGANH", "BK_TINH", "BK_BO_NGANH", "BK_TTG", "HCLD_3", "TTLDXS", "DVQT",
    "CO_TINH", "CO_BO_NGANH",
)


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
        frozenset(y for y in facts.discipline_years if y <= year) if facts.discipline_years else None,
        facts.pending,
        facts.months_in_service,
        facts.collective,
        facts.ballot,
        facts.bases,
        facts.gender,
        facts.years_in_sector,
        facts.knc_type,
        facts.knc_awards,
        facts.tnxp_months,
        facts.martyr,
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


# ------------------------------------------------------------------------------------------------ messages


def award_name_in(award: str, rule_set: RuleSet | None) -> str:
    """The award's Vietnamese name under a rule set (XA_TIEU_BIEU is renamed in v2, LAW-V2.md §A.2)."""
    if rule_set is not None and award in rule_set.names:
        return rule_set.names[award]
    if award in AWARD_NAMES:
        return AWARD_NAMES[award]
    return CATALOGUE.get(award, (award, ()))[0]


def _unknown_code_message(award: str) -> str:
    if award in HISTORICAL:
        return (
            f"{HISTORICAL[award]} ({award}) là hình thức khen thưởng trước đây, chỉ dùng để ghi nhận lịch sử khen "
            "thưởng; không xét tặng."
        )
    return (
        f"Mã khen thưởng {award!r} không có trong danh mục danh hiệu thi đua, hình thức khen thưởng "
        "(LAW.md, LAW-V2.md)."
    )


def _no_rules_message(award: str, kind: str, rule_set: RuleSet | None) -> str:
    """Why (award, kind) is not judged: a code outside the catalogue, a kind the catalogue does not list for the
    code, or a catalogue code the rule book does not specify (LAW-V2.md §C.6)."""
    if award not in CATALOGUE:
        return _unknown_code_message(award)
    name = award_name_in(award, rule_set)
    kinds = CATALOGUE[award][1]
    if kind not in kinds:
        listed = " hoặc ".join(KIND_LABELS.get(k, k) for k in kinds)
        return (
            f"Danh mục không có {name} ({award}) cho {KIND_LABELS.get(kind, kind)}: "
            f"danh hiệu/hình thức này chỉ áp dụng cho {listed}."
        )
    partly = any((award, k) in RULE_BOOK for k in kinds)
    whom = f" cho {KIND_LABELS.get(kind, kind)}" if partly else ""
    return f"Bộ quy tắc v2 chưa quy định tiêu chuẩn xét {name}{whom} (mã {award})."


def _no_rule_set_message(received: dt.date | None) -> str:
    when = f"ngày {received:%d/%m/%Y}" if received else "ngày nhận hồ sơ"
    return (
        f"Không có bộ quy tắc nào có hiệu lực vào {when} (ngày nhận hồ sơ): các bộ quy tắc chỉ áp dụng cho hồ sơ "
        "nhận từ ngày 01/01/2024."
    )


# ------------------------------------------------------------------------------------------------ JSON cases


def _kind(case: Mapping, award: str) -> str:
    kind = parse_kind(case)
    if kind:
        return kind
    # Nominee kind not given: the award's only kind, or for awards of several kinds, collective when a
    # `collective` block is present, else individual.
    kinds = CATALOGUE[award][1] if award in CATALOGUE else ()
    if len(kinds) == 1:
        return kinds[0]
    return COLLECTIVE if isinstance(case.get("collective"), Mapping) else INDIVIDUAL


def _received_on(case: Mapping) -> dt.date | None:
    """The date choosing the rule set: `received_on`, else 1 December of `year`; None when neither is usable."""
    raw = case.get("received_on")
    if raw is not None:
        try:
            return parse_date(raw, "received_on")
        except CaseError:
            return None
    year = case.get("year")
    if isinstance(year, int) and not isinstance(year, bool) and 1 <= year <= 9998:
        return dt.date(year, 12, 1)
    if isinstance(year, float) and year.is_integer() and 1 <= year <= 9998:
        return dt.date(int(year), 12, 1)
    return None


class _Parsed:
    """Per-case state shared by the awards judged for one case (evaluate_case_awards parses once)."""

    __slots__ = ("case", "resolver", "received_on", "params", "facts")

    def __init__(self, case: Mapping, resolver: ParamResolver):
        self.case = case
        self.resolver = resolver
        self.received_on = _received_on(case)
        self.params = resolver.at(self.received_on) if self.received_on is not None else None
        self.facts: dict[tuple, Facts] = {}


def _judge_award(parsed: _Parsed, award_raw: Any, messages: bool = True) -> dict:
    case = parsed.case
    case_id = case.get("id")
    year = case.get("year")
    params = parsed.params
    rule_set = params.rule_set if params is not None else None
    try:
        award, year = parse_header({"award": award_raw, "year": year})
    except CaseError as exc:
        return _error(case_id, award_raw, year, f"Hồ sơ không hợp lệ: {exc}", rule_set)
    if case.get("received_on") is not None and parsed.received_on is None:
        try:
            parse_date(case.get("received_on"), "received_on")
        except CaseError as exc:
            return _error(case_id, award, year, f"Hồ sơ không hợp lệ: {exc}")
    if params is None:
        return _error(case_id, award, year, _no_rule_set_message(parsed.received_on))
    if award not in CATALOGUE:
        return _error(case_id, award, year, _unknown_code_message(award), rule_set)
    try:
        kind = _kind(case, award)
    except CaseError as exc:
        return _error(case_id, award, year, f"Hồ sơ không hợp lệ: {exc}", rule_set)
    if (award, kind) not in RULE_BOOK:
        return _error(case_id, award, year, _no_rules_message(award, kind, rule_set), rule_set)
    needs_ballot = award in BALLOT_AWARDS
    key = (kind, needs_ballot)
    facts = parsed.facts.get(key)
    if facts is None:
        try:
            facts, _received = parse_facts(case, award, year, kind, needs_ballot)
        except CaseError as exc:
            return _error(case_id, award, year, f"Hồ sơ không hợp lệ: {exc}", rule_set)
        parsed.facts[key] = facts
    return evaluate_facts(facts, award, params, _scalar(case_id), messages=messages)


def _judge(case: Any, resolver: ParamResolver) -> dict:
    if not isinstance(case, Mapping):
        return _error(None, None, None, "Hồ sơ không hợp lệ: mỗi hồ sơ phải là một đối tượng JSON.")
    return _judge_award(_Parsed(case, resolver), case.get("award"))


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
    if not isinstance(case, Mapping):
        return {award: _judge(case, resolver) for award in awards}
    parsed = _Parsed(case, resolver)
    return {award: _judge_award(parsed, award, messages) for award in awards}


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
