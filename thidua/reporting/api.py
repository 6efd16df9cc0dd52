"""Report requests API (read-only): the requests a user sees with their counts, and one request with its units'
status (sent on, days late). Scoped exactly like the pages: a unit sees the requests addressed to it and only its
own rows; anything outside the user's scope is a 404."""

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema

from thidua.api.schemas import documented
from thidua.core.scoping import get_visible_or_404
from thidua.reporting import selectors
from thidua.reporting.models import ReportRequest, RequestKind, SubmissionStatus

router = Router(tags=["reporting"])


class Detail(Schema):
    detail: str


class RequestOut(Schema):
    id: int
    kind: documented(RequestKind)
    title: str
    year: int
    period_start: dt.date
    period_end: dt.date
    due_on: dt.date
    units: int
    sent: int
    late: int


class UnitRowOut(Schema):
    id: int
    unit: str
    unit_code: str
    status: documented(SubmissionStatus)
    submitted_on: dt.date | None
    days_late: int
    return_reason: str


class RequestDetailOut(RequestOut):
    fields: list[dict]
    rows: list[UnitRowOut]


def _request_out(r, units: int, sent: int, late: int) -> dict:
    return {
        "id": r.pk,
        "kind": r.kind,
        "title": r.title,
        "year": r.year,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "due_on": r.due_on,
        "units": units,
        "sent": sent,
        "late": late,
    }


@router.get("/requests", response=list[RequestOut], summary="Yêu cầu báo cáo")
def list_requests(request, year: int | None = None):
    qs = selectors.requests_for(request.user)
    if year is not None:
        qs = qs.filter(year=year)
    return [_request_out(r, r.n_units, r.n_sent, r.n_late) for r in qs[:500]]


@router.get(
    "/requests/{int:request_id}",
    response={200: RequestDetailOut, 404: Detail},
    summary="Một yêu cầu báo cáo và tình hình báo cáo của từng đơn vị",
)
def get_request(request, request_id: int):
    req = get_visible_or_404(ReportRequest, request.user, pk=request_id)
    today = timezone.localdate()
    rows = selectors.unit_rows(request.user, req, today)
    tally = selectors.tally(rows)
    return {
        **_request_out(req, tally["units"], tally["sent"], tally["late"]),
        "fields": req.fields,
        "rows": [
            {
                "id": s.pk,
                "unit": s.unit.name,
                "unit_code": s.unit.code,
                "status": s.status,
                "submitted_on": s.submitted_on,
                "days_late": s.late_days,
                "return_reason": s.return_reason,
            }
            for s in rows
        ],
    }
