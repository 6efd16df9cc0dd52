"""Council API at /api/v1/council: councils (create, edit) and their members (add, edit, leaving), sessions (attendance, agenda, opening with the ballot
key's passphrase, closing), and secret ballots (opening, a member's own vote, paper ballots, the tally).

Ballot secrecy (dossiers/secrecy.py, docs/ballot-secrecy.md): nothing here reads or returns an individual choice.
A ballot shows how many members have voted, whether the caller has, and — once counted — only the totals. Sessions
are for the council and the province's TĐKT staff (`selectors.may_see_council`); anyone else gets a 404, as for
the minutes' download. Every change goes through `services`, the functions the session page calls."""

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from thidua.api.schemas import READ_ERRORS, WRITE_ERRORS, Detail, choices, documented, page
from thidua.dossiers import selectors, services
from thidua.dossiers.models import (
    Ballot,
    Council,
    CouncilMember,
    CouncilSession,
    DeclaredRelative,
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
    unit_id: int
    unit: str
    established_by: str
    active: bool
    members: list[CouncilMemberOut]


class CouncilPage(Schema):
    items: list[CouncilOut]
    next_cursor: str | None


class CouncilIn(Schema):
    name: str
    unit_id: int  # the province (or the unit whose council it is)
    established_by: str = ""  # the decision that established it


class CouncilPatch(Schema):
    name: str | None = None
    established_by: str | None = None
    active: bool | None = None


class CouncilMemberIn(Schema):
    full_name: str = ""  # default: the name of the member's login
    position: str = ""
    unit_id: int  # where the member works (a member abstains on nominees of that unit)
    role: choices(CouncilMember.Role) = CouncilMember.Role.MEMBER.value
    user_id: int | None = None  # the member's own login, to vote on the system


class CouncilMemberPatch(Schema):
    full_name: str | None = None
    position: str | None = None
    unit_id: int | None = None
    role: choices(CouncilMember.Role) | None = None
    user_id: int | None = None
    active: bool | None = None  # false: the member leaves the council (kept for past minutes)


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


def _member_out(m) -> dict:
    return {
        "id": m.pk,
        "full_name": m.full_name,
        "position": m.position,
        "unit": m.unit.name,
        "role": m.role,
        "active": m.active,
        "has_login": m.user_id is not None,
    }


def _councils_out(councils) -> list[dict]:
    members = {}
    for m in (
        CouncilMember.objects.filter(council__in=[c.pk for c in councils])
        .select_related("unit")
        .order_by(selectors.member_rank(), "sort_key", "id")
    ):
        members.setdefault(m.council_id, []).append(_member_out(m))
    return [
        {
            "id": c.pk,
            "name": c.name,
            "unit_id": c.unit_id,
            "unit": c.unit.name,
            "established_by": c.established_by,
            "active": c.active,
            "members": members.get(c.pk, []),
        }
        for c in councils
    ]


def _council(request, pk) -> Council:
    _guard(request.user)
    return get_object_or_404(Council.objects.select_related("unit"), pk=pk)


def _unit_or_400(unit_id):
    from ninja.errors import HttpError

    from thidua.orgs.models import Unit

    unit = Unit.objects.filter(pk=unit_id).first() if unit_id is not None else None
    if unit is None:
        raise HttpError(400, "Không có đơn vị này trong danh mục.")
    return unit


def _login_or_400(user_id):
    from ninja.errors import HttpError

    from thidua.core.models import User

    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise HttpError(400, "Không có tài khoản này.")
    return user


@router.get(
    "/councils",
    response={200: CouncilPage, **READ_ERRORS},
    summary="Hội đồng TĐKT và thành viên (phân trang bằng con trỏ)",
)
def list_councils(
    request,
    active: bool | None = None,
    unit: int | None = None,
    q: str = "",
    cursor: str | None = None,
    limit: int = 50,
):
    _guard(request.user)
    qs = Council.objects.select_related("unit")
    if active is not None:
        qs = qs.filter(active=active)
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    result = page(qs, ["id"], cursor, limit)
    return {"items": _councils_out(result.rows), "next_cursor": result.next_cursor}


@router.get(
    "/councils/{int:council_id}", response={200: CouncilOut, **READ_ERRORS}, summary="Một Hội đồng và thành viên"
)
def get_council(request, council_id: int):
    return _councils_out([_council(request, council_id)])[0]


@router.post(
    "/councils", response={201: CouncilOut, **WRITE_ERRORS}, summary="Ghi nhận Hội đồng TĐKT (Thường trực)"
)
def create_council(request, payload: CouncilIn):
    _guard(request.user)
    council = Council(name=payload.name, unit=_unit_or_400(payload.unit_id), established_by=payload.established_by)
    services.save_council(request.user, council)
    return Status(201, _councils_out([_council(request, council.pk)])[0])


@router.patch(
    "/councils/{int:council_id}",
    response={200: CouncilOut, **WRITE_ERRORS},
    summary="Sửa tên, quyết định thành lập; ngừng (active=false) hoặc hoạt động lại",
)
def update_council(request, council_id: int, payload: CouncilPatch):
    council = _council(request, council_id)
    for key, value in payload.dict(exclude_unset=True).items():
        if value is not None:
            setattr(council, key, value)
    services.save_council(request.user, council)
    return _councils_out([_council(request, council_id)])[0]


@router.post(
    "/councils/{int:council_id}/members",
    response={201: CouncilMemberOut, **WRITE_ERRORS},
    summary="Thêm thành viên Hội đồng (áp dụng từ phiên họp sau)",
)
def add_member(request, council_id: int, payload: CouncilMemberIn):
    council = _council(request, council_id)
    member = CouncilMember(council=council, full_name=payload.full_name, position=payload.position.strip(),
                           unit=_unit_or_400(payload.unit_id), role=payload.role,
                           user=_login_or_400(payload.user_id))
    services.save_council_member(request.user, member)
    return Status(201, _member_out(member))


@router.patch(
    "/members/{int:member_id}",
    response={200: CouncilMemberOut, **WRITE_ERRORS},
    summary="Sửa thành viên Hội đồng; active=false: thôi là thành viên (giữ trong biên bản các phiên trước)",
)
def update_member(request, member_id: int, payload: CouncilMemberPatch):
    _guard(request.user)
    member = get_object_or_404(CouncilMember.objects.select_related("council", "unit"), pk=member_id)
    data = payload.dict(exclude_unset=True)
    active = data.pop("active", None)
    if "unit_id" in data:
        member.unit = _unit_or_400(data.pop("unit_id"))
    if "user_id" in data:
        member.user = _login_or_400(data.pop("user_id"))
    for key, value in data.items():
        if value is not None:
            setattr(member, key, value.strip() if isinstance(value, str) else value)
    if payload.model_fields_set - {"active"}:
        services.save_council_member(request.user, member)
    if active is not None and active != member.active:
        services.set_council_member_active(request.user, member, active)
    member.refresh_from_db()
    return _member_out(member)


# --- declared relatives (kê khai): the member abstains on their nominations ----------------------------------


class RelativeOut(Schema):
    id: int
    member_id: int
    person_id: int
    full_name: str
    unit: str
    relation: documented(DeclaredRelative.Relation)


class RelativePage(Schema):
    items: list[RelativeOut]
    next_cursor: str | None


class RelativeIn(Schema):
    person_id: int
    relation: choices(DeclaredRelative.Relation)


def _relative_out(r) -> dict:
    return {"id": r.pk, "member_id": r.member_id, "person_id": r.person_id, "full_name": r.person.full_name,
            "unit": r.person.unit.name, "relation": r.relation}


def _member_for_relatives(request, pk) -> CouncilMember:
    from thidua.core.permissions import require
    from thidua.dossiers.permissions import SECRETARY_ONLY

    _guard(request.user)
    member = get_object_or_404(CouncilMember.objects.select_related("council"), pk=pk)
    require(request.user, "dossiers.manage_sessions", message=SECRETARY_ONLY)  # as the page: Thường trực only
    return member


@router.get(
    "/members/{int:member_id}/relatives",
    response={200: RelativePage, **READ_ERRORS, 403: Detail},
    summary="Người thân thành viên đã kê khai (Thường trực)",
)
def list_relatives(request, member_id: int, cursor: str | None = None, limit: int = 50):
    member = _member_for_relatives(request, member_id)
    qs = DeclaredRelative.objects.filter(member=member).select_related("person", "person__unit")
    result = page(qs, ["person__sort_key", "id"], cursor, limit)
    return {"items": [_relative_out(r) for r in result.rows], "next_cursor": result.next_cursor}


@router.post(
    "/members/{int:member_id}/relatives",
    response={201: RelativeOut, **WRITE_ERRORS},
    summary="Ghi nhận người thân thành viên kê khai: thành viên không bỏ phiếu cho đề nghị của người đó",
)
def declare_relative(request, member_id: int, payload: RelativeIn):
    from ninja.errors import HttpError

    from thidua.orgs.models import Person

    member = _member_for_relatives(request, member_id)
    person = Person.objects.visible_to(request.user).select_related("unit").filter(pk=payload.person_id).first()
    if person is None:
        raise HttpError(400, "Không có cá nhân này trong phạm vi của bạn.")
    relative = services.declare_relative(request.user, member, person, payload.relation)
    return Status(201, _relative_out(relative))


@router.delete(
    "/members/{int:member_id}/relatives/{int:relative_id}",
    response={200: Detail, **WRITE_ERRORS},
    summary="Bỏ kê khai người thân",
)
def remove_relative(request, member_id: int, relative_id: int):
    member = _member_for_relatives(request, member_id)
    relative = get_object_or_404(DeclaredRelative.objects.select_related("member", "person"), pk=relative_id,
                                 member=member)
    services.remove_relative(request.user, relative)
    return {"detail": "Đã bỏ kê khai."}


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
