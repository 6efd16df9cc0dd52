"""Council API at /api/v1/council: councils and members, sessions (attendance, agenda, opening with the ballot
key's passphrase, closing), and secret ballots (opening, a member's own vote, paper ballots, the tally).

Ballot secrecy (dossiers/secrecy.py, docs/ballot-secrecy.md): nothing here reads or returns an individual choice.
A ballot shows how many members have voted, whether the caller has, and — once counted — only the totals. Sessions
are for the council and the province's TĐKT staff (`selectors.may_see_council`); anyone else gets a 404, as for
the minutes' download. Every change goes through `services`, the functions the session page calls."""

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from thidua.api.schemas import READ_ERRORS, WRITE_ERRORS, choices, documented, page
from thidua.dossiers import selectors, services
from thidua.dossiers.models import (
    Ballot,
    Council,
    CouncilMember,
    CouncilSession,
    Nomination,
    Recusal,
    Vote,
)

prefix = "/council"
router = Router(tags=["council"])
exception_handlers = {services.WorkflowError: 400, services.ConcurrentChange: 409}


class CouncilMemberOut(Schema):
    id: int
    full_name: str
    position: str
    unit: str
    role: documented(CouncilMember.Role)
    active: bool
    has_login: bool


class CouncilOut(Schema):
    id: int
    name: str
    unit: str
    established_by: str
    members: list[CouncilMemberOut]


class SessionOut(Schema):
    id: int
    council_id: int
    title: str
    held_on: dt.date
    place: str
    considers_titles: bool
    state: documented(CouncilSession.State)
    members_total: int
    minutes_number: str
    conclusion: str


class SessionPage(Schema):
    items: list[SessionOut]
    next_cursor: str | None


class QuorumOut(Schema):
    total: int
    present: int
    needed_percent: float
    met: bool


class AttendanceOut(Schema):
    member_id: int
    full_name: str
    role: documented(CouncilMember.Role)
    present: bool
    written_vote: bool


class BallotOut(Schema):
    id: int
    session_id: int
    order: int
    nomination_id: int
    dossier_id: int
    nominee: str
    award: str
    state: documented(Ballot.State)
    threshold_percent: float
    members_total: int
    participation: int  # members who have voted (never what)
    recusals: int
    i_voted: bool
    i_am_recused: bool
    votes_yes: int | None  # the totals, once counted
    votes_no: int | None
    passed: bool | None


class SessionDetailOut(SessionOut):
    quorum: QuorumOut
    attendance: list[AttendanceOut]
    ballots: list[BallotOut]


class SessionIn(Schema):
    council_id: int
    title: str
    held_on: dt.date
    place: str = ""
    considers_titles: bool = True


class AttendanceIn(Schema):
    present: list[int]  # member ids
    written: list[int] = []  # absent members who sent a written vote


class AgendaIn(Schema):
    nomination_ids: list[int]


class OpenSessionIn(Schema):
    passphrase: str
    passphrase_confirmation: str | None = None


class CloseSessionIn(Schema):
    conclusion: str = ""
    confirm_missing: bool = False


class VoteIn(Schema):
    choice: choices(Vote.Choice)


class PaperBallotsIn(Schema):
    yes: int
    no: int


class TallyIn(Schema):
    passphrase: str


def _guard(user):
    if not selectors.may_see_council(user):
        raise Http404


def _session(request, pk) -> CouncilSession:
    _guard(request.user)
    return get_object_or_404(CouncilSession.objects.select_related("council"), pk=pk)


def _ballot(request, pk) -> Ballot:
    _guard(request.user)
    return get_object_or_404(
        Ballot.objects.select_related("session", "session__council", "nomination"), pk=pk
    )


def _session_out(s) -> dict:
    return {
        "id": s.pk,
        "council_id": s.council_id,
        "title": s.title,
        "held_on": s.held_on,
        "place": s.place,
        "considers_titles": s.considers_titles,
        "state": s.state,
        "members_total": s.members_total,
        "minutes_number": s.minutes_number,
        "conclusion": s.conclusion,
    }


def _ballots_out(user, session, ballots) -> list[dict]:
    member = selectors.member_of(user, session.council)
    recused = set()
    if member is not None:
        recused = set(
            Recusal.objects.filter(member=member, ballot__session=session).values_list("ballot_id", flat=True)
        )
    out = []
    for b in ballots:
        counted = b.state == Ballot.State.CLOSED
        out.append(
            {
                "id": b.pk,
                "session_id": b.session_id,
                "order": b.order,
                "nomination_id": b.nomination_id,
                "dossier_id": b.nomination.dossier_id,
                "nominee": b.nomination.nominee_name,
                "award": b.nomination.award_type.code,
                "state": b.state,
                "threshold_percent": float(round(b.threshold * 100, 2)),
                "members_total": b.members_total,
                "participation": b.participation_count,
                "recusals": len(b.recusals.all()),
                "i_voted": member is not None and member.pk in b.voted_ids,
                "i_am_recused": b.pk in recused,
                "votes_yes": b.votes_yes if counted else None,
                "votes_no": b.votes_no if counted else None,
                "passed": b.passed if counted else None,
            }
        )
    return out


def _session_detail(request, session) -> dict:
    session.refresh_from_db()
    q = services.quorum(session)
    attendance = session.attendance.select_related("member").order_by(
        selectors.member_rank("member__role"), "member__sort_key", "member__id"
    )
    return {
        **_session_out(session),
        "quorum": {
            "total": q["total"],
            "present": q["present"],
            "needed_percent": float(q["needed"] * 100),
            "met": q["met"],
        },
        "attendance": [
            {
                "member_id": a.member_id,
                "full_name": a.member.full_name,
                "role": a.member.role,
                "present": a.present,
                "written_vote": a.written_vote,
            }
            for a in attendance
        ],
        "ballots": _ballots_out(request.user, session, selectors.agenda(session)),
    }


def _ballot_out(request, ballot) -> dict:
    session = CouncilSession.objects.select_related("council").get(pk=ballot.session_id)
    ballots = [b for b in selectors.agenda(session) if b.pk == ballot.pk]
    return _ballots_out(request.user, session, ballots)[0]


# --- councils ------------------------------------------------------------------------------------------------


@router.get(
    "/councils", response={200: list[CouncilOut], **READ_ERRORS}, summary="Hội đồng TĐKT và thành viên"
)
def list_councils(request):
    _guard(request.user)
    councils = Council.objects.filter(active=True).select_related("unit").order_by("id")
    members = {}
    for m in (
        CouncilMember.objects.filter(council__in=councils)
        .select_related("unit")
        .order_by(selectors.member_rank(), "sort_key", "id")
    ):
        members.setdefault(m.council_id, []).append(
            {
                "id": m.pk,
                "full_name": m.full_name,
                "position": m.position,
                "unit": m.unit.name,
                "role": m.role,
                "active": m.active,
                "has_login": m.user_id is not None,
            }
        )
    return [
        {
            "id": c.pk,
            "name": c.name,
            "unit": c.unit.name,
            "established_by": c.established_by,
            "members": members.get(c.pk, []),
        }
        for c in councils
    ]


# --- sessions ------------------------------------------------------------------------------------------------


@router.get(
    "/sessions",
    response={200: SessionPage, **READ_ERRORS},
    summary="Phiên họp Hội đồng (mới nhất trước, phân trang bằng con trỏ)",
)
def list_sessions(
    request,
    state: choices(CouncilSession.State) | None = None,
    year: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
):
    _guard(request.user)
    qs = CouncilSession.objects.all()
    if state:
        qs = qs.filter(state=state)
    if year is not None:
        qs = qs.filter(held_on__year=year)
    result = page(qs, ["-held_on", "-id"], cursor, limit)
    return {"items": [_session_out(s) for s in result.rows], "next_cursor": result.next_cursor}


@router.post(
    "/sessions", response={201: SessionDetailOut, **WRITE_ERRORS}, summary="Tạo phiên họp (Thường trực)"
)
def create_session(request, payload: SessionIn):
    _guard(request.user)
    council = get_object_or_404(Council, pk=payload.council_id, active=True)
    if not payload.title.strip():
        return Status(400, {"detail": "Cần nhập nội dung phiên họp."})
    session = services.create_session(
        request.user,
        council,
        title=payload.title.strip(),
        held_on=payload.held_on,
        place=payload.place.strip(),
        considers_titles=payload.considers_titles,
    )
    return Status(201, _session_detail(request, session))


@router.get(
    "/sessions/{int:session_id}",
    response={200: SessionDetailOut, **READ_ERRORS},
    summary="Phiên họp: số có mặt, chương trình, phiếu (chỉ tổng số khi đã kiểm phiếu)",
)
def get_session(request, session_id: int):
    return _session_detail(request, _session(request, session_id))


@router.put(
    "/sessions/{int:session_id}/attendance",
    response={200: SessionDetailOut, **WRITE_ERRORS},
    summary="Điểm danh: thành viên có mặt, vắng mặt gửi phiếu bằng văn bản",
)
def set_attendance(request, session_id: int, payload: AttendanceIn):
    session = _session(request, session_id)
    services.set_attendance(request.user, session, payload.present, payload.written)
    return _session_detail(request, session)


@router.post(
    "/sessions/{int:session_id}/agenda",
    response={200: SessionDetailOut, **WRITE_ERRORS},
    summary="Đưa đề nghị (đã thẩm định đạt, hồ sơ đang trình Hội đồng) vào chương trình",
)
def add_to_agenda(request, session_id: int, payload: AgendaIn):
    session = _session(request, session_id)
    nominations = list(Nomination.objects.filter(pk__in=payload.nomination_ids).select_related("dossier"))
    if len(nominations) != len(set(payload.nomination_ids)):
        return Status(400, {"detail": "Có đề nghị không tồn tại."})
    services.add_to_agenda(request.user, session, nominations)
    return _session_detail(request, session)


@router.post(
    "/sessions/{int:session_id}/open",
    response={200: SessionDetailOut, **WRITE_ERRORS},
    summary="Khai mạc: kiểm tra số có mặt, tạo khóa kiểm phiếu với mật khẩu của Thường trực",
)
def open_session(request, session_id: int, payload: OpenSessionIn):
    session = _session(request, session_id)
    services.open_session(request.user, session, payload.passphrase, payload.passphrase_confirmation)
    return _session_detail(request, session)


@router.post(
    "/sessions/{int:session_id}/close",
    response={200: SessionDetailOut, **WRITE_ERRORS},
    summary="Kết thúc phiên họp (cấp số biên bản, hủy khóa kiểm phiếu)",
)
def close_session(request, session_id: int, payload: CloseSessionIn):
    session = _session(request, session_id)
    services.close_session(request.user, session, payload.conclusion, confirm_missing=payload.confirm_missing)
    return _session_detail(request, session)


# --- ballots -------------------------------------------------------------------------------------------------


@router.get(
    "/ballots/{int:ballot_id}",
    response={200: BallotOut, **READ_ERRORS},
    summary="Một phiếu: số đã bỏ phiếu; tổng số đồng ý/không đồng ý khi đã kiểm phiếu",
)
def get_ballot(request, ballot_id: int):
    return _ballot_out(request, _ballot(request, ballot_id))


@router.post(
    "/ballots/{int:ballot_id}/open", response={200: BallotOut, **WRITE_ERRORS}, summary="Mở bỏ phiếu"
)
def open_ballot(request, ballot_id: int):
    ballot = _ballot(request, ballot_id)
    services.open_ballot(request.user, ballot)
    return _ballot_out(request, ballot)


@router.post(
    "/ballots/{int:ballot_id}/vote",
    response={200: BallotOut, **WRITE_ERRORS},
    summary="Bỏ phiếu kín (thành viên Hội đồng có mặt, bằng tài khoản của mình; không lưu ai chọn gì)",
)
def cast_vote(request, ballot_id: int, payload: VoteIn):
    ballot = _ballot(request, ballot_id)
    services.cast_vote(request.user, ballot, payload.choice)
    return _ballot_out(request, ballot)


@router.post(
    "/ballots/{int:ballot_id}/paper",
    response={200: BallotOut, **WRITE_ERRORS},
    summary="Nhập số phiếu giấy của các thành viên có mặt chưa bỏ phiếu trên hệ thống",
)
def record_paper_ballots(request, ballot_id: int, payload: PaperBallotsIn):
    ballot = _ballot(request, ballot_id)
    services.record_paper_ballots(request.user, ballot, yes=payload.yes, no=payload.no)
    return _ballot_out(request, ballot)


@router.post(
    "/ballots/{int:ballot_id}/tally",
    response={200: BallotOut, **WRITE_ERRORS},
    summary="Kiểm phiếu với mật khẩu kiểm phiếu (chỉ lưu tổng số)",
)
def tally(request, ballot_id: int, payload: TallyIn):
    ballot = _ballot(request, ballot_id)
    services.close_ballot(request.user, ballot, payload.passphrase)
    return _ballot_out(request, ballot)
