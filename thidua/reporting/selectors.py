"""Reads of report requests, always scoped (`visible_to`): the list with its counts, a request's table of units."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from thidua.reporting.models import PENDING, SENT, ReportRequest, ReportSubmission, SubmissionStatus


def requests_for(user, today: dt.date | None = None):
    """The requests the user sees, each with `n_units`, `n_sent`, `n_late` (owed past the due date), `n_pending`
    and `n_awaiting_review` counted over the submissions the user sees (a unit: its own)."""
    today = today or timezone.localdate()
    mine = Q(submissions__in=ReportSubmission.objects.visible_to(user))
    return (
        ReportRequest.objects.visible_to(user)
        .annotate(
            n_units=Count("submissions", filter=mine, distinct=True),
            n_sent=Count("submissions", filter=mine & Q(submissions__status__in=SENT), distinct=True),
            n_pending=Count("submissions", filter=mine & Q(submissions__status__in=PENDING), distinct=True),
            n_late=Count(
                "submissions",
                filter=mine & Q(submissions__status__in=PENDING, due_on__lt=today),
                distinct=True,
            ),
            n_awaiting_review=Count(
                "submissions", filter=mine & Q(submissions__status=SubmissionStatus.SUBMITTED), distinct=True
            ),
        )
        .order_by("-due_on", "-id")
    )


def unit_rows(user, request: ReportRequest, today: dt.date | None = None) -> list[ReportSubmission]:
    """The request's reports the user sees, one per unit, with `late_days` set (0 when on time)."""
    today = today or timezone.localdate()
    rows = list(
        ReportSubmission.objects.visible_to(user)
        .filter(request=request)
        .select_related("unit", "request")
        .order_by("unit__sort_key", "id")
    )
    for s in rows:
        s.late_days = s.days_late(today)
    return rows


def tally(rows) -> dict[str, int]:
    """Submitted (on time / late), still owed (late / not yet due) among the rows of `unit_rows`."""
    sent = [s for s in rows if s.is_sent]
    owed = [s for s in rows if not s.is_sent]
    return {
        "units": len(rows),
        "sent": len(sent),
        "sent_late": sum(1 for s in sent if s.late_days),
        "owed": len(owed),
        "late": sum(1 for s in owed if s.late_days),
        "returned": sum(1 for s in owed if s.status == SubmissionStatus.RETURNED),
    }
