"""Reads for pages, API and jobs: always scoped, with a fixed number of queries per page."""

import datetime as dt

from django.db.models import Case, Count, Prefetch, Q, When
from django.utils import timezone

from thidua.core import workdays
from thidua.dossiers.models import (
    Attachment,
    Ballot,
    BallotParticipation,
    Council,
    CouncilMember,
    CouncilSession,
    Dossier,
    DossierState,
    Nomination,
)


def dossiers_for(user, *, state="", kind="", year=None, unit_id=None, query="", overdue=False):
    qs = Dossier.objects.visible_to(user).select_related("unit")
    if state in DossierState.values:
        qs = qs.filter(state=state)
    if kind in Dossier.Kind.values:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if query:
        qs = qs.search(query)
    if overdue:
        qs = qs.overdue(timezone.localdate())
    return qs


def with_nomination_counts(dossiers):
    """Attach `nomination_count` to each dossier of a page: one grouped query over those dossiers only (the list
    itself never aggregates nominations, so its cost does not grow with the nomination table)."""
    ids = [d.pk for d in dossiers]
    counts = dict(Nomination.objects.filter(dossier_id__in=ids).order_by().values_list("dossier_id")
                  .annotate(n=Count("id")).values_list("dossier_id", "n")) if ids else {}
    for d in dossiers:
        d.nomination_count = counts.get(d.pk, 0)
    return dossiers


def with_countdowns(dossiers, today: dt.date | None = None):
    """Attach `days_left` (working days until `due_on`; negative = overdue) to each dossier. One calendar query."""
    today = today or timezone.localdate()
    cal = workdays.calendar()
    for d in dossiers:
        d.days_left = cal.working_days_between(today, d.due_on) if d.due_on else None
    return dossiers


def badge_class(days_left) -> str:
    if days_left is None:
        return ""
    if days_left < 0:
        return "danger"
    if days_left <= 2:
        return "warning"
    return "success"


def is_council_secretary(user) -> bool:
    """Thường trực Hội đồng (or the province's TĐKT staff): prepares sessions, ballots, minutes and members."""
    return user.has_perm("dossiers.manage_sessions")


def may_see_council(user) -> bool:
    return bool(user.is_authenticated and user.has_perm("dossiers.view_council"))


def sessions_for(user):
    if not may_see_council(user):
        return CouncilSession.objects.none()
    return CouncilSession.objects.select_related("council").annotate(
        ballot_count=Count("ballots", distinct=True),
        open_ballots=Count("ballots", filter=Q(ballots__state=Ballot.State.OPEN), distinct=True),
    )


def member_of(user, council: Council) -> CouncilMember | None:
    return CouncilMember.objects.filter(council=council, user=user, active=True).first()


def member_rank(field="role"):
    """Order of precedence in lists and minutes: the chair first, then vice-chairs, standing members, members."""
    return Case(*(When(**{field: role}, then=i) for i, role in enumerate(CouncilMember.Role.values)), default=99)


def agenda(session) -> list[Ballot]:
    """A session's ballots in agenda order, each with its nomination, dossier, the achievement reports to read
    (`reports`: the nomination's own, else the dossier's), recusals and `voted_ids` (members who have voted — never
    what). Five queries whatever the length of the agenda."""
    reports = Attachment.objects.filter(kind=Attachment.Kind.REPORT).order_by("uploaded_at", "id")
    ballots = list(session.ballots.select_related(
        "nomination", "nomination__award_type", "nomination__person", "nomination__nominee_unit",
        "nomination__dossier", "nomination__dossier__unit",
    ).prefetch_related(
        "recusals__member", Prefetch("nomination__dossier__attachments", queryset=reports, to_attr="report_files"),
    ).order_by("order", "id"))
    voted = {}
    for ballot_id, member_id in BallotParticipation.objects.filter(ballot__session=session).values_list(
            "ballot_id", "member_id"):
        voted.setdefault(ballot_id, set()).add(member_id)
    for b in ballots:
        b.voted_ids = voted.get(b.pk, set())
        b.participation_count = len(b.voted_ids)
        files = b.nomination.dossier.report_files
        b.reports = [a for a in files if a.nomination_id == b.nomination_id] or [a for a in files if not a.nomination_id]
    return ballots
