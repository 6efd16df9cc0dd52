"""Live eligibility verdicts for nominations: the facts of every nominee are gathered set-wise by
`thidua.awards.facts` (a fixed number of queries whatever the number of nominations), then judged by the rules
engine with the province's parameter overrides (`awards.RuleParameter`)."""

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext as _


def _overrides():
    # The store skips invalid rows, so one bad parameter cannot turn every nomination into "cannot judge".
    from thidua.awards.param_store import load_overrides

    return tuple(load_overrides())


def _cannot_judge(case: dict, message: str) -> dict:
    return {"id": case.get("id"), "award": case.get("award"), "year": case.get("year"), "rule_set": None,
            "eligible": None, "error": message, "met": [], "unmet": [], "needs_judgement": []}


def bases_of(nominations) -> dict:
    """{nomination_id: `bases` of the case} (LAW-V2.md §B.1): the declared basis of each nomination, with
    evidence when the unit marked it or attached a “Tài liệu minh chứng” file to the nomination. One query."""
    from thidua.dossiers.models import Attachment

    declared = [n for n in nominations if n.pk and n.basis_route]
    if not declared:
        return {}
    with_file = set(
        Attachment.objects.filter(nomination_id__in=[n.pk for n in declared], kind=Attachment.Kind.EVIDENCE)
        .values_list("nomination_id", flat=True)
    )
    out = {}
    for n in declared:
        basis = {"route": n.basis_route, "evidence": bool(n.basis_evidence or n.pk in with_file)}
        if n.basis_movement_years is not None:
            basis["movement_years"] = n.basis_movement_years
        out[n.pk] = [basis]
    return out


def cases_for(nominations, *, received_on: dt.date | None = None) -> dict:
    """{nomination_id: §4.2 case} for nominations (with `award_type` and `dossier` loaded).

    The rule set follows the date the dossier was received (LAW-V2.md §A); a dossier not received yet will be
    received today at the earliest, so today's rule set judges it (as submission does)."""
    from django.utils import timezone

    from thidua.awards.facts import gather_person_cases, gather_unit_cases

    today = timezone.localdate()
    groups = defaultdict(lambda: ([], []))
    for n in nominations:
        key = (n.award_type.code, n.dossier.year, received_on or n.dossier.received_on or today)
        (groups[key][0] if n.person_id else groups[key][1]).append(n)
    result = {}
    for (code, year, day), (individuals, collectives) in groups.items():
        people = gather_person_cases({n.person_id for n in individuals}, (code,), year, day) if individuals else {}
        units = gather_unit_cases({n.nominee_unit_id for n in collectives}, (code,), year, day) if collectives else {}
        for n in individuals:
            result[n.pk] = dict(people.get(n.person_id) or {"award": code, "year": year,
                                                             "nominee": {"kind": "individual"}})
        for n in collectives:
            result[n.pk] = dict(units.get(n.nominee_unit_id) or {"award": code, "year": year,
                                                                 "nominee": {"kind": "collective"}})
    declared = bases_of(nominations)
    for n in nominations:
        result[n.pk]["id"] = str(n.pk)
        result[n.pk]["award"] = n.award_type.code
        if n.pk in declared:
            result[n.pk]["bases"] = declared[n.pk]
    return result


def verdicts_for(nominations, *, received_on: dt.date | None = None, bases: dict | None = None) -> dict:
    """{nomination_id: verdict} (DESIGN.md §4.2 shape) computed live from the database.

    `bases` ({nomination_id: bases}) replaces the stored declared basis (the form's unsaved values)."""
    from thidua.awards.rules import evaluate_many

    nominations = list(nominations)
    if not nominations:
        return {}
    cases = cases_for(nominations, received_on=received_on)
    for pk, declared in (bases or {}).items():
        if pk in cases:
            cases[pk]["bases"] = declared
    keys = list(cases)
    try:
        verdicts = evaluate_many([cases[k] for k in keys], _overrides())
    except Exception as exc:  # a bad case must never break a page: show it as "cannot judge"
        return {k: _cannot_judge(cases[k], _("Không đánh giá được: %(e)s") % {"e": exc}) for k in keys}
    return {k: _with_titles(v, cases[k]) for k, v in zip(keys, verdicts, strict=True)}


def _with_titles(verdict: dict, case: dict) -> dict:
    """A copy of the verdict with each criterion's Vietnamese title (what it requires) for pages.

    The engine may share one verdict between identical cases (its cache), so the verdict is never modified."""
    from thidua.awards.rules import criteria_for

    kind = (case.get("nominee") or {}).get("kind", "individual")
    titles = {c.code: c.title for c in criteria_for(verdict.get("award") or case.get("award", ""), kind,
                                                   verdict.get("rule_set"))}
    verdict = dict(verdict)
    for key in ("met", "unmet", "needs_judgement"):
        verdict[key] = [{**row, "title": row.get("title") or titles.get(row.get("criterion"), row.get("criterion", ""))}
                        for row in verdict.get(key) or []]
    return verdict


def verdict_for(nomination, *, bases: list | None = None) -> dict:
    return verdicts_for([nomination], bases=None if bases is None else {nomination.pk: bases})[nomination.pk]
