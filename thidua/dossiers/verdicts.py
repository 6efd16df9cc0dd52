"""Live eligibility verdicts for nominations: gather the facts of every nominee set-wise (a fixed number of
queries whatever the number of nominations), build DESIGN.md §4.2 cases and run the rules engine.

When `thidua.awards.facts` (the set-wise fact gathering shared with the candidates lists) is available it is
used; otherwise the minimal gathering below builds the same case shape.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext as _


def _evaluate(case: dict) -> dict:
    try:
        from thidua.awards.rules import evaluate
    except ImportError:  # pragma: no cover - the engine ships with the awards app
        return {"id": case.get("id"), "award": case.get("award"), "year": case.get("year"), "eligible": None,
                "error": _("Chưa có bộ quy tắc xét khen thưởng."), "met": [], "unmet": []}
    try:
        return evaluate(case)
    except Exception as exc:  # a bad case must never break a page: show it as "cannot judge"
        return {"id": case.get("id"), "award": case.get("award"), "year": case.get("year"), "eligible": None,
                "error": str(exc), "met": [], "unmet": []}


def _months_between(start: dt.date | None, end: dt.date) -> int | None:
    if start is None:
        return None
    return max(0, (end.year - start.year) * 12 + end.month - start.month)


def _award_row(year, code, commendation_type, revoked):
    return {"year": year, "award": code, "type": commendation_type or "cong_trang", "revoked": bool(revoked)}


def gather_person_cases(person_ids, award_code: str, year: int) -> dict:
    """{person_id: case} for individuals (minimal version of awards.facts.gather_person_cases)."""
    from thidua.awards.models import Award, Discipline, Initiative, PendingProceeding, Rating
    from thidua.orgs.models import Person

    ids = list(set(person_ids))
    end = dt.date(year, 12, 31)
    cases = {}
    for pk, joined_on, direct in Person.objects.filter(pk__in=ids).values_list("pk", "joined_on", "direct_worker"):
        nominee = {"kind": "individual", "direct_worker": bool(direct)}
        months = _months_between(joined_on, end)
        if months is not None:
            nominee["months_in_service"] = months
        cases[pk] = {"award": award_code, "year": year, "nominee": nominee, "ratings": [], "awards": [],
                     "initiatives": [], "discipline": [], "pending": []}
    for pk, y, r in Rating.objects.filter(person_id__in=ids).values_list("person_id", "year", "rating"):
        cases[pk]["ratings"].append({"year": y, "rating": r})
    for pk, y, code, ctype, revoked in Award.objects.filter(person_id__in=ids).values_list(
        "person_id", "year", "award_type__code", "commendation_type", "revoked"
    ):
        cases[pk]["awards"].append(_award_row(y, code, ctype, revoked))
    for iid, pk, y, scope, used in Initiative.objects.filter(person_id__in=ids).values_list(
        "id", "person_id", "year", "scope", "used_by_award__award_type__code"
    ):
        cases[pk]["initiatives"].append({"id": str(iid), "year": y, "scope": scope, "used_for": used})
    for pk, y, form in Discipline.objects.filter(person_id__in=ids).values_list("person_id", "year", "form"):
        cases[pk]["discipline"].append({"year": y, "form": form})
    for pk, kind in PendingProceeding.objects.filter(person_id__in=ids, closed_on=None).values_list("person_id", "kind"):
        cases[pk]["pending"].append(kind)
    return cases


def gather_unit_cases(unit_ids, award_code: str, year: int) -> dict:
    """{unit_id: case} for collectives, with member counts from the unit's active people."""
    from thidua.awards.models import Award, Discipline, Initiative, PendingProceeding, Rating
    from thidua.orgs.models import Person

    ids = list(set(unit_ids))
    cases = {
        pk: {"award": award_code, "year": year, "nominee": {"kind": "collective"}, "ratings": [], "awards": [],
             "initiatives": [], "discipline": [], "pending": [],
             "collective": {"members": 0, "members_completed": 0, "members_ldtt": 0, "members_cstd_co_so": 0,
                            "members_disciplined_canh_cao_or_more": 0}}
        for pk in ids
    }
    for pk, y, r in Rating.objects.filter(unit_id__in=ids).values_list("unit_id", "year", "rating"):
        cases[pk]["ratings"].append({"year": y, "rating": r})
    for pk, y, code, ctype, revoked in Award.objects.filter(unit_id__in=ids, person=None).values_list(
        "unit_id", "year", "award_type__code", "commendation_type", "revoked"
    ):
        cases[pk]["awards"].append(_award_row(y, code, ctype, revoked))
    for iid, pk, y, scope, used in Initiative.objects.filter(unit_id__in=ids, person=None).values_list(
        "id", "unit_id", "year", "scope", "used_by_award__award_type__code"
    ):
        cases[pk]["initiatives"].append({"id": str(iid), "year": y, "scope": scope, "used_for": used})
    for pk, kind in PendingProceeding.objects.filter(unit_id__in=ids, closed_on=None).values_list("unit_id", "kind"):
        cases[pk]["pending"].append(kind)
    members = Person.objects.filter(unit_id__in=ids, active=True)
    for row in members.values("unit_id").annotate(
        n=Count("id", distinct=True),
        completed=Count("ratings", filter=Q(ratings__year=year) & ~Q(ratings__rating="KHTNV"), distinct=True),
    ):
        c = cases[row["unit_id"]]["collective"]
        c["members"], c["members_completed"] = row["n"], row["completed"]
    counting = Q(awards__year=year, awards__revoked=False)
    for row in members.values("unit_id").annotate(
        ldtt=Count("awards__person", filter=counting & Q(awards__award_type__code="LDTT"), distinct=True),
        cstd=Count("awards__person", filter=counting & Q(awards__award_type__code="CSTD_CO_SO"), distinct=True),
    ):
        c = cases[row["unit_id"]]["collective"]
        c["members_ldtt"], c["members_cstd_co_so"] = row["ldtt"], row["cstd"]
    disciplined = (
        Discipline.objects.filter(person__unit_id__in=ids, person__active=True, year=year)
        .exclude(form="khien_trach").values("person__unit_id").annotate(n=Count("person", distinct=True))
    )
    for row in disciplined:
        cases[row["person__unit_id"]]["collective"]["members_disciplined_canh_cao_or_more"] = row["n"]
    return cases


def _gatherers():
    try:
        from thidua.awards import facts
    except ImportError:
        return gather_person_cases, gather_unit_cases
    return (getattr(facts, "gather_person_cases", gather_person_cases),
            getattr(facts, "gather_unit_cases", gather_unit_cases))


def cases_for(nominations, *, received_on: dt.date | None = None) -> dict:
    """{nomination_id: case} for nominations (with `award_type` and `dossier` loaded)."""
    person_gather, unit_gather = _gatherers()
    groups = defaultdict(lambda: ([], []))
    for n in nominations:
        key = (n.award_type.code, n.dossier.year)
        (groups[key][0] if n.person_id else groups[key][1]).append(n)
    result = {}
    for (code, year), (individuals, collectives) in groups.items():
        people = person_gather([n.person_id for n in individuals], code, year) if individuals else {}
        units = unit_gather([n.nominee_unit_id for n in collectives], code, year) if collectives else {}
        for n in individuals:
            result[n.pk] = dict(people.get(n.person_id) or {"award": code, "year": year,
                                                             "nominee": {"kind": "individual"}})
        for n in collectives:
            result[n.pk] = dict(units.get(n.nominee_unit_id) or {"award": code, "year": year,
                                                                 "nominee": {"kind": "collective"}})
    for n in nominations:
        case = result[n.pk]
        case["id"] = str(n.pk)
        day = received_on or n.dossier.received_on
        if day:
            case["received_on"] = day.isoformat()
    return result


def verdicts_for(nominations, *, received_on: dt.date | None = None) -> dict:
    """{nomination_id: verdict} (DESIGN.md §4.2 shape) computed live from the database."""
    nominations = list(nominations)
    if not nominations:
        return {}
    return {pk: _evaluate(case) for pk, case in cases_for(nominations, received_on=received_on).items()}


def verdict_for(nomination) -> dict:
    return verdicts_for([nomination])[nomination.pk]


def pending_of(verdict: dict) -> bool:
    """True when the verdict says an open proceeding holds the nomination (it may not be submitted)."""
    return any(u.get("criterion") == "no_pending_proceedings" for u in verdict.get("unmet", []))
