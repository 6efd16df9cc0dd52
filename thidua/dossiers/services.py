"""Every change to dossiers, council sessions, ballots and decisions happens here, inside `transaction.atomic()`.

Locking (pretix style, same semantics on SQLite and PostgreSQL):
- a workflow step is a conditional `UPDATE dossier SET state=…, version=version+1 WHERE id=… AND state=… AND
  version=…`; zero rows updated means someone else acted first (`ConcurrentChange`), nothing is applied twice;
- every edit of a dossier's content (nominations, attachments) first bumps the version with the same kind of
  conditional UPDATE restricted to editable states, so an edit and a transition can never interleave;
- a vote inserts `BallotParticipation` (unique per ballot and member) and seals its choice into the ballot's slot
  pool in one transaction holding the ballot's row lock; a second vote by the same member violates the constraint
  and is refused. What a database reader can and cannot link: docs/ballot-secrecy.md (dossiers/secrecy.py).
"""

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.core import audit, workdays
from thidua.core.events import announce
from thidua.core.numbering import allocate, format_number, next_number
from thidua.core.permissions import require
from thidua.core.roles import Role
from thidua.dossiers import secrecy
from thidua.dossiers.models import (
    EDITABLE_STATES,
    Attachment,
    Attendance,
    Ballot,
    BallotKey,
    BallotParticipation,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    Dossier,
    DossierEvent,
    DossierState,
    Nomination,
    PublicComment,
    Recusal,
    Vote,
)
from thidua.dossiers.permissions import SECRETARY_ONLY
from thidua.dossiers.workflow import (
    REASON_REQUIRED,
    SERVICE_ONLY,
    TRANSITIONS,
    approval_problem,
    role_may,
    target_of,
)

# Working-day deadlines (LAW.md §5; QĐ 311/QĐ-BNV 2025): default parameters of the workflow.
DAYS_TO_RECEIVE_OR_RETURN = 5
DAYS_TO_APPRAISE = 20
DAYS_TO_SEND_DECISION = 10
PUBLIC_POSTING_DAYS = 5
# Quorum (LAW.md §5): 2/3 of members; 80% when titles or forms of commendation are considered.
QUORUM = Decimal("0.6667")
QUORUM_TITLES = Decimal("0.80")
# Awards needing no ballot by law still go to the council; they pass with more than half of ALL members.
MAJORITY = Decimal("0.5")


class WorkflowError(Exception):
    """A step that is not possible; the message (Vietnamese) is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


class ConcurrentChange(WorkflowError):
    pass


UNIT_ROLES = {Role.UNIT_OFFICER, Role.UNIT_LEADER}


def _today():
    return timezone.localdate()


# --- who is told (thidua.core.events; the inbox drops the actor) --------------------------------------------


def unit_people(unit_id):
    """The TĐKT officers and the leader of a unit: they follow its dossiers."""
    from thidua.core.models import User

    return User.objects.filter(unit_id=unit_id, role__in=UNIT_ROLES, is_active=True)


def province_staff():
    from thidua.core.models import User

    return User.objects.filter(role=Role.PROVINCE_STAFF, is_active=True)


# A step of the workflow → (kind, who must act on it or hear of it).
_ANNOUNCED = {
    "submit": ("dossier.submitted", "province"),
    "resubmit": ("dossier.submitted", "province"),
    "approve": ("dossier.submitted", "province"),  # the unit's leader approved: it goes to the province
    "send_for_approval": ("dossier.awaiting_unit_approval", "leaders"),
    "unit_return": ("dossier.returned", "officers"),
    "receive": ("dossier.received", "unit"),
    "return": ("dossier.returned", "unit"),
    "appraise": ("dossier.appraised", "unit"),
}


def _announce_step(dossier, action, user, reason, due):
    """Tell the people who must act next (delivered after commit by the notifications app)."""
    if action not in _ANNOUNCED:
        return
    kind, who = _ANNOUNCED[action]
    if who == "province":
        recipients = province_staff()
    elif who in ("leaders", "officers"):
        role = Role.UNIT_LEADER if who == "leaders" else Role.UNIT_OFFICER
        recipients = unit_people(dossier.unit_id).filter(role=role)
    else:
        recipients = unit_people(dossier.unit_id)
    # A submitted dossier is due to be received (the province's deadline); the unit acts on no deadline here.
    announce(kind, dossier, list(recipients), actor=user, due=due if who == "province" else None, note=reason)


def _refuse_held(nominations):
    """Inside the caller's transaction: a nomination held by a pending proceeding goes no further."""
    from thidua.dossiers.holds import Held, refuse_if_held

    try:
        refuse_if_held(nominations, _today())
    except Held as exc:
        raise WorkflowError(" ".join(exc.messages))


def _check_visible(model_obj, user):
    if not type(model_obj).objects.visible_to(user).filter(pk=model_obj.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền với hồ sơ này."))


# --- dossier content ----------------------------------------------------------------------------------------


def _lock_for_edit(user, dossier):
    """Bump the version if (and only if) the dossier is still editable; refuse otherwise."""
    if not user.has_perm("dossiers.edit_dossier", dossier):
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị trình được sửa hồ sơ."))
    updated = Dossier.objects.filter(pk=dossier.pk, state__in=EDITABLE_STATES).update(version=F("version") + 1)
    if not updated:
        raise WorkflowError(_("Hồ sơ đã gửi đi, không thể sửa. Chỉ sửa được khi hồ sơ bị trả lại để bổ sung."))
    dossier.version = Dossier.objects.values_list("version", flat=True).get(pk=dossier.pk)


def create_dossier(user, *, unit, title, kind, year, procedure=None, achievement_on=None) -> Dossier:
    if not user.has_perm("dossiers.create_dossier"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT của đơn vị được lập hồ sơ đề nghị khen thưởng."))
    from thidua.orgs.models import Unit

    if not Unit.objects.visible_to(user).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("Đơn vị không thuộc phạm vi của bạn."))
    if procedure is None:
        procedure = Dossier.Procedure.SIMPLIFIED if kind == Dossier.Kind.SUDDEN else Dossier.Procedure.NORMAL
    with transaction.atomic():
        dossier = Dossier(unit=unit, title=title.strip(), kind=kind, year=year, procedure=procedure,
                          achievement_on=achievement_on, created_by=user)
        dossier.save()
    return dossier


def update_dossier(user, dossier, **fields) -> Dossier:
    allowed = {"title", "kind", "procedure", "year", "achievement_on"}
    with transaction.atomic():
        _lock_for_edit(user, dossier)
        for name, value in fields.items():
            if name in allowed:
                setattr(dossier, name, value)
        dossier.save(update_fields=[*(f for f in fields if f in allowed), "search_text", "version"])
    return dossier


def save_nomination(user, dossier, nomination: Nomination) -> Nomination:
    """Create or update a nomination of an editable dossier."""
    if nomination.person_id and nomination.nominee_unit_id:
        raise ValidationError(_("Chọn cá nhân hoặc tập thể, không chọn cả hai."))
    if not nomination.person_id and not nomination.nominee_unit_id:
        raise ValidationError(_("Cần chọn cá nhân hoặc tập thể được đề nghị."))
    if nomination.award_type_id and not nomination.award_type.conferrable:
        raise ValidationError(_("“%(award)s” là hình thức khen thưởng trước đây, không còn xét tặng.")
                              % {"award": nomination.award_type.name})
    ended = _ended_nominees([nomination])
    if ended:
        raise ValidationError(ended)
    with transaction.atomic():
        _lock_for_edit(user, dossier)
        nomination.dossier = dossier
        nomination.save()
    return nomination


def delete_nomination(user, nomination):
    with transaction.atomic():
        _lock_for_edit(user, nomination.dossier)
        nomination.delete()


def add_attachment(user, dossier, upload, kind, nomination=None) -> Attachment:
    from thidua.core.uploads import check_upload

    checked = check_upload(upload)
    with transaction.atomic():
        _lock_for_edit(user, dossier)
        att = Attachment(dossier=dossier, nomination=nomination, kind=kind, original_name=(upload.name or "")[:255],
                         content_type=checked.content_type, size=checked.size, sha256=checked.sha256, uploaded_by=user)
        att.file.save("upload", upload, save=False)
        try:
            att.save()
        except Exception:
            att.file.delete(save=False)
            raise
        if kind == Attachment.Kind.REPORT and nomination is not None and checked.content_type.endswith(
                "wordprocessingml.document"):
            # A báo cáo thành tích attached to a nomination fills its achievement summary.
            summary = summary_from_report(upload)
            if summary:
                nomination.achievement_summary = summary
                nomination.save(update_fields=["achievement_summary"])
    return att


def delete_attachment(user, attachment):
    with transaction.atomic():
        _lock_for_edit(user, attachment.dossier)
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


# --- submission checks ---------------------------------------------------------------------------------------


def _ended_nominees(nominations, on=None) -> list[str]:
    """A dissolved or merged unit cannot be nominated after its end date (Thông tư 15/2025/TT-BNV): its history
    follows its successor (UnitLineage), which is the one to propose."""
    from thidua.orgs.selectors import unit_endings

    endings = unit_endings({n.nominee_unit_id for n in nominations if n.nominee_unit_id}, on or _today())
    return [endings[n.nominee_unit_id].message for n in nominations if n.nominee_unit_id in endings]


def submission_problems(dossier) -> list[str]:
    """Why a dossier cannot be (re)submitted yet; empty when it can."""
    from thidua.dossiers.holds import hold_reasons
    from thidua.dossiers.verdicts import verdicts_for

    problems = []
    nominations = list(dossier.nominations.select_related("award_type", "person", "nominee_unit", "dossier"))
    if not nominations:
        problems.append(_("Hồ sơ chưa có đề nghị khen thưởng nào."))
    kinds = set(dossier.attachments.values_list("kind", flat=True))
    if Attachment.Kind.PROPOSAL not in kinds:
        problems.append(_("Thiếu tờ trình đề nghị khen thưởng."))
    if dossier.procedure == Dossier.Procedure.NORMAL and Attachment.Kind.REPORT not in kinds:
        problems.append(_("Thiếu báo cáo thành tích."))
    problems.extend(_ended_nominees(nominations))
    held = hold_reasons(nominations, _today())
    verdicts = verdicts_for(nominations, received_on=_today())
    for n in nominations:
        if n.pk in held:
            problems.extend(held[n.pk])
        elif verdicts[n.pk].get("eligible") is False and not n.justification.strip():
            problems.append(_("%(name)s chưa đủ tiêu chuẩn %(award)s: cần giải trình bằng văn bản.")
                            % {"name": n.nominee_name, "award": n.award_type.name})
    return problems


def _snapshot_verdicts(dossier):
    from thidua.dossiers.verdicts import verdicts_for

    nominations = list(dossier.nominations.select_related("award_type", "dossier"))
    verdicts = verdicts_for(nominations, received_on=_today())
    for n in nominations:
        n.verdict = verdicts[n.pk]
        n.eligible = verdicts[n.pk].get("eligible")
        n.flagged = n.eligible is False
    Nomination.objects.bulk_update(nominations, ["verdict", "eligible", "flagged"])


# --- transitions ---------------------------------------------------------------------------------------------


def _effects(action, dossier, reason, today) -> dict:
    """Field changes that come with a step: deadlines in working days, the reason shown to the unit."""
    cal = workdays.calendar()
    if action in ("submit", "resubmit", "approve"):
        return {"submitted_on": today, "due_on": cal.add_working_days(today, DAYS_TO_RECEIVE_OR_RETURN),
                "due_kind": Dossier.DueKind.RECEIVE, "last_reason": ""}
    if action == "receive":
        return {"received_on": today, "due_on": cal.add_working_days(today, DAYS_TO_APPRAISE),
                "due_kind": Dossier.DueKind.APPRAISE}
    if action == "decide":
        return {"due_on": cal.add_working_days(today, DAYS_TO_SEND_DECISION), "due_kind": Dossier.DueKind.SEND}
    if action == "unit_return":
        return {"last_reason": reason}
    if action in ("return", "reject", "withdraw", "submit_for_decision", "council_not_awarded"):
        fields = {"due_on": None, "due_kind": ""}
        if action in ("return", "reject", "council_not_awarded"):
            fields["last_reason"] = reason
        return fields
    return {}


def transition(dossier, action, user, reason: str = "", *, expected_version: int | None = None,
               _from_service=False) -> Dossier:
    """Apply one step of the workflow table, or raise WorkflowError / PermissionDenied / ConcurrentChange.

    `dossier.state` is the state the caller acts on; `expected_version` the version the user saw (pages send
    it back with the form). Without it, the version read at the start of this transaction is used, so an edit
    committed between the guard and the update still makes the step fail instead of slipping through."""
    from thidua.dossiers.workflow import ACTION_LABELS

    key = (dossier.state, action)
    if key not in TRANSITIONS:
        raise WorkflowError(
            _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”.")
            % {"action": ACTION_LABELS.get(action, action), "state": dossier.get_state_display()}
        )
    _target, permission, guard = TRANSITIONS[key]
    target = target_of(dossier, action)
    if action in SERVICE_ONLY and not _from_service:
        raise WorkflowError(_("Thao tác này được thực hiện ở trang quyết định khen thưởng."))
    if not role_may(user, permission, dossier):
        raise PermissionDenied(_("Vai trò của bạn không được thực hiện thao tác này."))
    _check_visible(dossier, user)
    reason = (reason or "").strip()
    if action in REASON_REQUIRED and not reason:
        raise WorkflowError(_("Cần ghi rõ lý do; lý do sẽ được gửi tới đơn vị."))
    problem = approval_problem(dossier, action, user)
    if problem:
        raise WorkflowError(problem)
    today = _today()
    with transaction.atomic():
        version = expected_version
        if version is None:
            version = Dossier.objects.values_list("version", flat=True).get(pk=dossier.pk)
        if guard is not None:
            problem = guard(dossier)
            if problem:
                raise WorkflowError(problem)
        fields = _effects(action, dossier, reason, today)
        if action == "appraise" and reason:
            fields["appraisal_note"] = reason
        updated = Dossier.objects.filter(pk=dossier.pk, state=dossier.state, version=version).update(
            state=target, version=F("version") + 1, **fields
        )
        if not updated:
            raise ConcurrentChange(_("Hồ sơ vừa được người khác xử lý; vui lòng tải lại trang và thử lại."))
        from_state = dossier.state
        DossierEvent.objects.create(dossier=dossier, action=action, from_state=from_state, to_state=target,
                                    actor=user, actor_name=user.display_name, reason=reason)
        audit.record(dossier, "transition", user=user, changes={"state": [from_state, target]},
                     note=reason, unit_id=dossier.unit_id)
        if action in ("submit", "resubmit", "approve"):
            _snapshot_verdicts(dossier)
        _announce_step(dossier, action, user, reason, fields.get("due_on"))
    dossier.state = target
    dossier.version = version + 1
    for name, value in fields.items():
        setattr(dossier, name, value)
    return dossier


# --- appraisal -----------------------------------------------------------------------------------------------


def appraise_nomination(user, nomination, result, note="") -> Nomination:
    if not user.has_perm("dossiers.appraise", nomination.dossier):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh được thẩm định."))
    if result not in (Nomination.Appraisal.ACCEPTED, Nomination.Appraisal.EXCLUDED, Nomination.Appraisal.PENDING):
        raise WorkflowError(_("Kết quả thẩm định không hợp lệ."))
    note = (note or "").strip()
    if result == Nomination.Appraisal.EXCLUDED and not note:
        raise WorkflowError(_("Cần ghi lý do đề nghị không đủ điều kiện."))
    with transaction.atomic():
        locked = Dossier.objects.filter(pk=nomination.dossier_id, state=DossierState.RECEIVED).update(
            version=F("version") + 1
        )
        if not locked:
            raise WorkflowError(_("Chỉ thẩm định được khi hồ sơ đã được tiếp nhận."))
        if result == Nomination.Appraisal.ACCEPTED:
            _refuse_held([nomination])
        nomination.appraisal, nomination.appraisal_note = result, note
        nomination.save(update_fields=["appraisal", "appraisal_note"])
    return nomination


# --- public posting and comments -----------------------------------------------------------------------------


def needs_public_posting(award_type) -> bool:
    """Huân chương and higher State awards, CSTĐ toàn quốc, Anh hùng (LAW.md §5; Luật Art 84.5)."""
    from thidua.awards.models import AwardType

    return (award_type.level == AwardType.Level.STATE or award_type.code == "CSTD_TOAN_QUOC"
            or award_type.group in (AwardType.Group.ORDER, AwardType.Group.HONORARY))


def start_public_posting(user, nomination, starts_on: dt.date) -> Nomination:
    if not user.has_perm("dossiers.post_publicly"):
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng hoặc cán bộ TĐKT tỉnh được đăng công khai."))
    nomination.posting_starts_on = starts_on
    # Posted for at least 5 working days: the ballot may open once they have elapsed.
    nomination.posting_ends_on = workdays.add_working_days(starts_on, PUBLIC_POSTING_DAYS - 1)
    with transaction.atomic():
        nomination.save(update_fields=["posting_starts_on", "posting_ends_on"])
    return nomination


def record_public_comment(user, nomination, *, author, content, received_on=None, blocking=False) -> PublicComment:
    if not user.has_perm("dossiers.post_publicly"):
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng hoặc cán bộ TĐKT tỉnh được ghi nhận góp ý."))
    with transaction.atomic():
        return PublicComment.objects.create(nomination=nomination, author=author.strip(), content=content.strip(),
                                            received_on=received_on or _today(), blocking=blocking, recorded_by=user)


def resolve_public_comment(user, comment, resolution) -> PublicComment:
    if not user.has_perm("dossiers.post_publicly"):
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng hoặc cán bộ TĐKT tỉnh được xử lý góp ý."))
    if not (resolution or "").strip():
        raise WorkflowError(_("Cần ghi kết quả xác minh."))
    with transaction.atomic():
        comment.resolved, comment.resolution = True, resolution.strip()
        comment.save(update_fields=["resolved", "resolution"])
    return comment


def posting_problem(nomination, today=None) -> str | None:
    """Why a high-level nomination may not be voted on yet: posting not done, or a blocking comment open."""
    today = today or _today()
    if not needs_public_posting(nomination.award_type):
        return None
    if nomination.posting_ends_on is None:
        return _("%(name)s: chưa đăng công khai (ít nhất 5 ngày làm việc).") % {"name": nomination.nominee_name}
    if nomination.posting_ends_on >= today:
        return _("%(name)s: thời gian công khai chưa kết thúc (đến hết ngày %(day)s).") % {
            "name": nomination.nominee_name, "day": nomination.posting_ends_on.strftime("%d/%m/%Y")}
    if nomination.public_comments.filter(blocking=True, resolved=False).exists():
        return _("%(name)s: có ý kiến góp ý chưa được xác minh, giải quyết.") % {"name": nomination.nominee_name}
    return None


# --- the standing body's Tờ trình ---------------------------------------------------------------------------

PROPOSAL_ISSUER = "SNV"  # Sở Nội vụ, the council's standing body (Tờ trình …/TTr-SNV)
MINUTES_ISSUER = "HĐTĐKT"  # the council (Biên bản …/BB-HĐTĐKT)
PROPOSAL_NUMBER = re.compile(r"^\d{1,6}/TTr-[0-9A-Za-zĐđ.\-]{1,40}$")


def record_proposal(user, dossier, *, signed_on: dt.date, number: str = "") -> Dossier:
    """Record the signed Tờ trình proposing this dossier's awards: its number (given, or the next of the Sở Nội
    vụ's register for that year) and date. The Quyết định then cites it, and its DOCX carries the number."""
    if not user.has_perm("dossiers.record_proposal", dossier):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh ghi số Tờ trình."))
    if signed_on > _today():
        raise WorkflowError(_("Ngày ký Tờ trình không được sau ngày hôm nay."))
    if signed_on.year < dossier.year:
        raise WorkflowError(_("Ngày ký Tờ trình không được trước năm thành tích của hồ sơ."))
    number = (number or "").strip()
    if number and not PROPOSAL_NUMBER.match(number):
        raise WorkflowError(_("Số Tờ trình phải có dạng số/TTr-ký hiệu cơ quan, ví dụ 25/TTr-SNV."))
    from thidua.dossiers.authorities import dossier_route

    route, _problem = dossier_route(dossier, list(conferrable(dossier)), signed_on)
    # A State award goes up as the People's Committee's own Tờ trình to the Thủ tướng (…/TTr-UBND).
    issuer = "UBND" if route is not None and route.by_proposal else PROPOSAL_ISSUER
    with transaction.atomic():
        if not number:
            number = allocate(issuer, "TTr", signed_on.year)
        before = [dossier.proposal_number, dossier.proposal_date.isoformat() if dossier.proposal_date else ""]
        Dossier.objects.filter(pk=dossier.pk).update(proposal_number=number, proposal_date=signed_on)
        dossier.proposal_number, dossier.proposal_date = number, signed_on
        audit.record(dossier, "update", user=user, changes={
            "proposal_number": [before[0], number], "proposal_date": [before[1], signed_on.isoformat()]})
    return dossier


# --- council sessions and secret ballots ---------------------------------------------------------------------


def create_session(user, council: Council, *, title, held_on, place="", considers_titles=True) -> CouncilSession:
    require(user, "dossiers.manage_sessions", message=SECRETARY_ONLY)
    with transaction.atomic():
        session = CouncilSession.objects.create(council=council, title=title, held_on=held_on, place=place,
                                                considers_titles=considers_titles, secretary=user)
        Attendance.objects.bulk_create(
            [Attendance(session=session, member=m) for m in council.members.filter(active=True)]
        )
        session.chair = council.members.filter(active=True, role=CouncilMember.Role.CHAIR).first()
        session.save(update_fields=["chair"])
        announce("council.scheduled", session, _member_users(council.members.filter(active=True)), actor=user,
                 due=held_on, note=place)
    return session


def _member_users(members):
    from thidua.core.models import User

    return list(User.objects.filter(pk__in=members.exclude(user=None).values("user_id"), is_active=True))


# Accounts a council member may vote with (the member's own login).
COUNCIL_LOGIN_ROLES = (Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY, Role.LEADER, Role.PROVINCE_STAFF)


def council_login_choices():
    from thidua.core.models import User

    return User.objects.filter(is_active=True, role__in=COUNCIL_LOGIN_ROLES)


def save_council(user, council: Council) -> Council:
    """Create a council (Hội đồng Thi đua – Khen thưởng of the province or of a unit, with the decision that
    established it) or change its name, decision, or whether it is active (Thường trực Hội đồng)."""
    require(user, "dossiers.manage_sessions", message=_("Chỉ Thường trực Hội đồng được quản lý Hội đồng."))
    council.name = " ".join((council.name or "").split())
    council.established_by = (council.established_by or "").strip()
    council.full_clean()
    with transaction.atomic():
        council.save()
    return council


def save_council_member(user, member: CouncilMember) -> CouncilMember:
    """Add or change a council member (Thường trực Hội đồng). Sessions already created keep their attendance
    list; the change applies to the next session. The name defaults to the member's login; a login belongs to one
    member of a council; an active council has one active chair."""
    require(user, "dossiers.manage_sessions", message=SECRETARY_ONLY)
    errors = {}
    member.full_name = " ".join((member.full_name or "").split())
    if member.user_id is not None and not council_login_choices().filter(pk=member.user_id).exists():
        errors["user"] = _("Tài khoản này không dùng được để bỏ phiếu: cần tài khoản đang hoạt động của thành viên "
                           "Hội đồng, lãnh đạo hoặc cán bộ TĐKT tỉnh.")
    elif not member.full_name:
        if member.user_id is not None:
            member.full_name = member.user.display_name
        else:
            errors["full_name"] = _("Nhập họ và tên thành viên (hoặc chọn tài khoản của thành viên).")
    others = CouncilMember.objects.filter(council_id=member.council_id).exclude(pk=member.pk)
    if member.user_id is not None and others.filter(user_id=member.user_id).exists():
        errors["user"] = _("Tài khoản này đã là thành viên của Hội đồng.")
    if member.active and member.role == CouncilMember.Role.CHAIR:
        chair = others.filter(active=True, role=CouncilMember.Role.CHAIR).first()
        if chair is not None:
            errors["role"] = _("Hội đồng đã có Chủ tịch: %(name)s. Thôi nhiệm vụ người này trước khi chọn Chủ tịch "
                               "mới.") % {"name": chair.full_name}
    if errors:
        raise ValidationError(errors)
    member.full_clean(exclude=["user", "person", "sort_key"])
    with transaction.atomic():
        member.save()
    return member


def declare_relative(user, member: CouncilMember, person, relation: str):
    """Record a relative the member has declared (kê khai): the member recuses from that person's nominations in
    every ballot opened from now on."""
    from thidua.dossiers.models import DeclaredRelative

    require(user, "dossiers.manage_sessions", message=SECRETARY_ONLY)
    if relation not in DeclaredRelative.Relation.values:
        raise WorkflowError(_("Quan hệ không hợp lệ."))
    if member.person_id and member.person_id == person.pk:
        raise WorkflowError(_("Không kê khai chính thành viên là người thân."))
    with transaction.atomic():
        relative, _created = DeclaredRelative.objects.update_or_create(member=member, person=person,
                                                                       defaults={"relation": relation})
        audit.record(member, "update", user=user, note=_("Kê khai người thân: %(name)s (%(relation)s)") % {
            "name": person.full_name, "relation": relative.get_relation_display()})
    return relative


def remove_relative(user, relative) -> None:
    require(user, "dossiers.manage_sessions", message=SECRETARY_ONLY)
    with transaction.atomic():
        audit.record(relative.member, "update", user=user,
                     note=_("Bỏ kê khai người thân: %(name)s") % {"name": relative.person.full_name})
        relative.delete()


def set_council_member_active(user, member: CouncilMember, active: bool) -> CouncilMember:
    """A member leaves the council (or returns): kept in the list for the minutes of past sessions."""
    require(user, "dossiers.manage_sessions", message=SECRETARY_ONLY)
    if active and member.role == CouncilMember.Role.CHAIR and CouncilMember.objects.filter(
            council=member.council, active=True, role=CouncilMember.Role.CHAIR).exclude(pk=member.pk).exists():
        raise WorkflowError(_("Hội đồng đã có Chủ tịch đang làm nhiệm vụ."))
    member.active = active
    member.save(update_fields=["active"])
    return member


def add_to_agenda(user, session, nominations) -> list[Ballot]:
    require(user, "dossiers.manage_sessions", message=SECRETARY_ONLY)
    if session.state == CouncilSession.State.CLOSED:
        raise WorkflowError(_("Phiên họp đã kết thúc."))
    created = []
    with transaction.atomic():
        order = (session.ballots.order_by("-order").values_list("order", flat=True).first() or 0)
        for n in nominations:
            if n.dossier.state != DossierState.COUNCIL or n.appraisal != Nomination.Appraisal.ACCEPTED:
                raise WorkflowError(_("%(name)s: chỉ đưa vào chương trình các đề nghị đã thẩm định đạt và hồ sơ "
                                      "đang trình Hội đồng.") % {"name": n.nominee_name})
            if n.council_result:
                continue
            _refuse_held([n])
            order += 1
            ballot, was_created = Ballot.objects.get_or_create(session=session, nomination=n, defaults={"order": order})
            if was_created:
                created.append(ballot)
    return created


def remove_from_agenda(user, ballot):
    require(user, "dossiers.manage_sessions", message=SECRETARY_ONLY)
    if ballot.state != Ballot.State.PENDING:
        raise WorkflowError(_("Chỉ bỏ khỏi chương trình các đề nghị chưa bỏ phiếu."))
    ballot.delete()


def set_attendance(user, session, present_ids, written_ids=()):
    require(user, "dossiers.manage_sessions", message=SECRETARY_ONLY)
    if session.state == CouncilSession.State.CLOSED:
        raise WorkflowError(_("Phiên họp đã kết thúc."))
    present_ids, written_ids = {int(i) for i in present_ids}, {int(i) for i in written_ids}
    with transaction.atomic():
        rows = list(session.attendance.all())
        for row in rows:
            row.present = row.member_id in present_ids
            row.written_vote = (not row.present) and row.member_id in written_ids
        Attendance.objects.bulk_update(rows, ["present", "written_vote"])
        audit.record(session, "update", user=user, note=_("Điểm danh: %(n)s có mặt") % {"n": len(present_ids)})


def quorum(session) -> dict:
    """Members (ALL active members of the council), present, the ratio needed, and whether it is met."""
    total = session.members_total or session.council.members.filter(active=True).count()
    present = session.attendance.filter(present=True).count()
    needed = QUORUM_TITLES if session.considers_titles else QUORUM
    met = total > 0 and Decimal(present) >= (needed * total).quantize(Decimal("0.0001")) - Decimal("0.00005")
    return {"total": total, "present": present, "needed": needed, "met": bool(met)}


def open_session(user, session, passphrase: str = "", passphrase_confirmation: str | None = None) -> CouncilSession:
    """Khai mạc: quorum checked, member count fixed, and the session's ballot key created under the secretary's
    passphrase (needed again at each tally; never stored)."""
    require(user, "dossiers.manage_sessions", message=SECRETARY_ONLY)
    q = quorum(session)
    if not q["met"]:
        raise WorkflowError(_("Chưa đủ số thành viên dự họp: có mặt %(p)s/%(t)s, cần tối thiểu %(r)s%%.")
                            % {"p": q["present"], "t": q["total"], "r": int(q["needed"] * 100)})
    try:
        secrecy.check_new_passphrase(passphrase, passphrase_confirmation)
    except secrecy.SecrecyError as exc:
        raise WorkflowError(str(exc))
    key_fields = secrecy.new_key_fields(passphrase)  # argon2id: before the transaction, not while holding locks
    with transaction.atomic():
        updated = CouncilSession.objects.filter(pk=session.pk, state=CouncilSession.State.PLANNED).update(
            state=CouncilSession.State.OPEN, opened_at=timezone.now(), members_total=q["total"]
        )
        if not updated:
            raise ConcurrentChange(_("Phiên họp đã được mở."))
        BallotKey.objects.create(session=session, **key_fields)
        audit.record(session, "transition", user=user, changes={"state": ["planned", "open"]})
    session.refresh_from_db()
    return session


def threshold_for(award_type, on: dt.date | None = None) -> Decimal:
    """Share of ALL members that must vote yes: the rule parameter in force on `on` (a province may set its own,
    `awards.RuleParameter` "ballot_threshold.<CODE>"), else the catalogue's value; awards that need no ballot by
    law pass with more than half."""
    if not award_type.needs_ballot:
        return MAJORITY
    from thidua.awards.rules import ParamResolver
    from thidua.dossiers.verdicts import _overrides

    params = ParamResolver(_overrides()).at(on or _today())
    value = params.ballot_thresholds.get(award_type.code) if params is not None else None
    if value is not None:
        return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.0001"))
    if award_type.ballot_threshold is not None:
        return Decimal(award_type.ballot_threshold)
    return MAJORITY


def recusals_for(members, nomination) -> list[Recusal]:
    """Recusals (unsaved) of the members who may not vote on a nomination: the nominee, the nominee's unit, the
    unit directly above or below it, declared relatives. Two queries whatever the number of members."""
    from thidua.dossiers.models import DeclaredRelative

    members = list(members.select_related("unit"))
    relatives = {}
    recusals = []
    # Reasons are stored in Vietnamese whatever the secretary's language: they go into the minutes.
    with translation.override("vi"):
        if nomination.person_id:
            for r in DeclaredRelative.objects.filter(member__in=members, person_id=nomination.person_id):
                relatives.setdefault(r.member_id, {})[r.person_id] = r.get_relation_display()
        for m in members:
            reason = m.conflict_with(nomination, relatives.get(m.pk, {}))
            if reason:
                recusals.append(Recusal(member=m, reason=reason))
    return recusals


def open_ballot(user, ballot) -> Ballot:
    require(user, "dossiers.manage_sessions", message=SECRETARY_ONLY)
    session = ballot.session
    if session.state != CouncilSession.State.OPEN:
        raise WorkflowError(_("Phiên họp chưa khai mạc hoặc đã kết thúc."))
    nomination = Nomination.objects.select_related(
        "award_type", "person", "person__unit", "nominee_unit").get(pk=ballot.nomination_id)
    problem = posting_problem(nomination)
    if problem:
        raise WorkflowError(problem)
    with transaction.atomic():
        _refuse_held([nomination])
        updated = Ballot.objects.filter(pk=ballot.pk, state=Ballot.State.PENDING).update(
            state=Ballot.State.OPEN, threshold=threshold_for(nomination.award_type, session.held_on),
            members_total=session.members_total,
        )
        if not updated:
            raise ConcurrentChange(_("Phiếu này đã được mở."))
        recusals = recusals_for(session.council.members.filter(active=True), nomination)
        for r in recusals:
            r.ballot = ballot
        Recusal.objects.bulk_create(recusals, ignore_conflicts=True)
        # One slot per member of the council: never fewer than the votes that can be cast.
        secrecy.allocate_slots(ballot, max(session.members_total, session.council.members.count()))
        # Present members who may vote on it (absent ones vote in writing through the secretary).
        voters = CouncilMember.objects.filter(council=session.council, active=True, attendance__session=session,
                                              attendance__present=True).exclude(pk__in=[r.member_id for r in recusals])
        announce("ballot.opened", ballot, _member_users(voters), actor=user, due=session.held_on,
                 title=f"{nomination.nominee_name} — {nomination.award_type.name}")
    ballot.refresh_from_db()
    return ballot


def _cast(ballot, entries, choices):
    """Record that each member of `entries` [(member, channel)] voted and seal `choices` into the ballot's pool, in
    one transaction that rewrites the whole pool and all participations (secrecy.fill_slots)."""
    if not choices or any(c not in Vote.Choice.values for c in choices):
        raise WorkflowError(_("Lựa chọn không hợp lệ."))
    members = [m for m, _channel in entries]
    if Recusal.objects.filter(ballot=ballot, member__in=members).exists():
        raise WorkflowError(_("Bạn phải tránh bỏ phiếu cho đề nghị này (xung đột lợi ích)."))
    try:
        with transaction.atomic():
            # The ballot's row lock serialises the votes of one ballot (two voters never pick the same slot).
            locked = Ballot.objects.select_for_update().filter(pk=ballot.pk, state=Ballot.State.OPEN).first()
            if locked is None:
                raise WorkflowError(_("Phiếu chưa mở hoặc đã kiểm phiếu."))
            _refuse_held([ballot.nomination])
            key = BallotKey.objects.filter(session_id=ballot.session_id).first()
            if key is None:
                raise WorkflowError(_("Phiên họp chưa có khóa kiểm phiếu."))
            BallotParticipation.objects.bulk_create(
                [BallotParticipation(ballot=ballot, member=m, channel=channel) for m, channel in entries])
            secrecy.fill_slots(ballot, bytes(key.public_key), choices)
    except IntegrityError:
        raise WorkflowError(_("Thành viên đã bỏ phiếu cho đề nghị này."))
    except secrecy.SecrecyError as exc:
        raise WorkflowError(str(exc))


def cast_vote(user, ballot, choice) -> None:
    """A council member votes once per nomination from their own login; only "has voted" is linked to them."""
    member = CouncilMember.objects.filter(council=ballot.session.council, user=user, active=True).first()
    if member is None or not user.has_perm("dossiers.vote", ballot):
        raise PermissionDenied(_("Chỉ thành viên Hội đồng được bỏ phiếu."))
    if not Attendance.objects.filter(session=ballot.session, member=member, present=True).exists():
        raise WorkflowError(_("Thành viên vắng mặt gửi phiếu bằng văn bản qua Thường trực Hội đồng."))
    _cast(ballot, [(member, BallotParticipation.Channel.ONLINE)], [choice])


def record_written_vote(user, ballot, member, choice) -> None:
    """The secretary enters an absent member's written vote (phiếu bằng văn bản)."""
    require(user, "dossiers.manage_sessions", message=SECRETARY_ONLY)
    if member.council_id != ballot.session.council_id:
        raise WorkflowError(_("Không phải thành viên của Hội đồng này."))
    if not Attendance.objects.filter(session=ballot.session, member=member, present=False, written_vote=True).exists():
        raise WorkflowError(_("Chỉ nhập phiếu bằng văn bản của thành viên vắng mặt đã gửi phiếu."))
    _cast(ballot, [(member, BallotParticipation.Channel.WRITTEN)], [choice])


def missing_voters(ballot) -> list[CouncilMember]:
    """Present members who may vote on this ballot (not recused) and have not voted yet."""
    voted = BallotParticipation.objects.filter(ballot=ballot).values("member_id")
    recused = Recusal.objects.filter(ballot=ballot).values("member_id")
    return list(CouncilMember.objects.filter(attendance__session_id=ballot.session_id, attendance__present=True)
                .exclude(pk__in=voted).exclude(pk__in=recused).order_by("sort_key", "id"))


def record_paper_ballots(user, ballot, *, yes: int, no: int) -> int:
    """The present members who have not voted online voted on paper: the secretary enters the counted paper
    ballots (so many yes, so many no), which must number exactly those members. Their participation is recorded
    (channel "paper"); the choices are sealed without identity like any other."""
    require(user, "dossiers.manage_sessions", message=SECRETARY_ONLY)
    try:
        yes, no = int(yes), int(no)
    except (TypeError, ValueError):
        raise WorkflowError(_("Số phiếu giấy phải là số nguyên."))
    if yes < 0 or no < 0:
        raise WorkflowError(_("Số phiếu giấy không được âm."))
    missing = missing_voters(ballot)
    if not missing:
        raise WorkflowError(_("Mọi thành viên có mặt đã bỏ phiếu; không còn phiếu giấy để nhập."))
    if yes + no != len(missing):
        raise WorkflowError(_("Số phiếu giấy (%(n)s) phải bằng số thành viên có mặt chưa bỏ phiếu (%(m)s).")
                            % {"n": yes + no, "m": len(missing)})
    _cast(ballot, [(m, BallotParticipation.Channel.PAPER) for m in missing],
          [Vote.Choice.YES] * yes + [Vote.Choice.NO] * no)
    return len(missing)


def passes(votes_yes: int, members_total: int, threshold: Decimal) -> bool:
    """Yes votes against ALL members of the council (NĐ 98/2023 Art 30.7): yes/total ≥ threshold, exactly."""
    if members_total <= 0:
        return False
    if threshold == MAJORITY:
        return votes_yes * 2 > members_total
    return Decimal(votes_yes) >= threshold * members_total


def close_ballot(user, ballot, passphrase: str = "") -> Ballot:
    """Kiểm phiếu: only when every present, non-recused member has voted (online or on paper). The secretary's
    passphrase opens the session key; the sealed choices are counted, only the totals are kept, the slots are
    destroyed and (after commit) no dead row version is left."""
    require(user, "dossiers.manage_sessions", message=SECRETARY_ONLY)
    missing = missing_voters(ballot)
    if missing:
        raise WorkflowError(
            _("Chưa thể kiểm phiếu: còn %(n)s thành viên có mặt chưa bỏ phiếu (%(names)s). Chờ các thành viên bỏ "
              "phiếu hoặc nhập số phiếu giấy của họ.") % {"n": len(missing), "names": ", ".join(m.full_name for m in missing)})
    key = BallotKey.objects.filter(session_id=ballot.session_id).first()
    if key is None:
        raise WorkflowError(_("Phiên họp chưa có khóa kiểm phiếu."))
    try:
        private_key = secrecy.open_private_key(key, passphrase)  # argon2id: before locking anything
    except secrecy.SecrecyError as exc:
        raise WorkflowError(str(exc))
    with transaction.atomic():
        updated = Ballot.objects.filter(pk=ballot.pk, state=Ballot.State.OPEN).update(state=Ballot.State.CLOSED)
        if not updated:
            raise ConcurrentChange(_("Phiếu chưa mở hoặc đã kiểm phiếu."))
        ballot.refresh_from_db()
        try:
            choices = secrecy.count_slots(ballot, private_key)
        except secrecy.SecrecyError as exc:
            raise WorkflowError(str(exc))
        cast = BallotParticipation.objects.filter(ballot=ballot).count()
        if len(choices) != cast:
            raise WorkflowError(_("Số phiếu kín (%(v)s) khác số thành viên đã bỏ phiếu (%(p)s): không kiểm phiếu.")
                                % {"v": len(choices), "p": cast})
        yes = choices.count(Vote.Choice.YES)
        no = choices.count(Vote.Choice.NO)
        del choices
        ballot.slots.all().delete()
        ballot.votes_yes, ballot.votes_no = yes, no
        ballot.passed = passes(yes, ballot.members_total, ballot.threshold)
        ballot.save(update_fields=["votes_yes", "votes_no", "passed"])
        Nomination.objects.filter(pk=ballot.nomination_id).update(
            council_result=Nomination.CouncilResult.PASSED if ballot.passed else Nomination.CouncilResult.FAILED
        )
        audit.record(ballot.nomination, "transition", user=user,
                     changes={"ballot": [None, {"yes": yes, "no": no, "total": ballot.members_total}]},
                     note=_("Kiểm phiếu"), unit_id=ballot.nomination.dossier.unit_id)
        close_if_nothing_passed(user, ballot.nomination.dossier)
    secrecy.purge_dead_versions(("dossiers_voteslot", "dossiers_ballotparticipation"))
    return ballot


def close_if_nothing_passed(user, dossier) -> bool:
    """When every nomination put to the council has been counted and none reached its threshold, the dossier
    closes as "không khen thưởng" (workflow `council_not_awarded`) with a notice to the unit, instead of going to
    signature."""
    dossier = Dossier.objects.get(pk=dossier.pk)
    if dossier.state != DossierState.COUNCIL:
        return False
    from thidua.dossiers.workflow import council_all_failed

    if council_all_failed(dossier) is not None:
        return False
    failed = list(dossier.nominations.filter(appraisal=Nomination.Appraisal.ACCEPTED)
                  .select_related("award_type").order_by("sort_key", "id"))
    notice = _("Hội đồng Thi đua – Khen thưởng đã bỏ phiếu kín; không đề nghị nào đạt tỷ lệ phiếu đồng ý theo quy định "
               "(%(list)s). Hồ sơ kết thúc: không khen thưởng.") % {
        "list": "; ".join(f"{n.nominee_name} — {n.award_type.name}" for n in failed)}
    transition(dossier, "council_not_awarded", user, reason=notice, _from_service=True)
    unit_id, title = dossier.unit_id, dossier.title
    transaction.on_commit(lambda: _notify_unit(unit_id, title, notice))
    return True


def _notify_unit(unit_id, title, notice):
    """E-mail the unit's TĐKT officers and leaders (the notice is also on the dossier's page and timeline)."""
    from django.core.mail import send_mail

    from thidua.core.models import User

    emails = list(User.objects.filter(unit_id=unit_id, is_active=True, role__in=UNIT_ROLES).exclude(email="")
                  .values_list("email", flat=True))
    if emails:
        send_mail(_("Thông báo kết quả xét khen thưởng: %(title)s") % {"title": title}, notice, None, emails,
                  fail_silently=True)


def close_session(user, session, conclusion="", *, confirm_missing=False) -> CouncilSession:
    """Kết thúc phiên họp. Open ballots must be counted first; agenda items never voted on are only left behind
    when the secretary confirms it (`confirm_missing`, after the page's warning). The session key is wiped."""
    require(user, "dossiers.manage_sessions", message=SECRETARY_ONLY)
    if session.ballots.filter(state=Ballot.State.OPEN).exists():
        raise WorkflowError(_("Còn phiếu đang mở; hãy kiểm phiếu trước khi kết thúc phiên họp."))
    pending = list(session.ballots.filter(state=Ballot.State.PENDING).select_related("nomination"))
    if pending and not confirm_missing:
        raise WorkflowError(_("Còn %(n)s đề nghị chưa bỏ phiếu (%(names)s). Xác nhận để kết thúc phiên họp mà không "
                              "bỏ phiếu các đề nghị này.") % {"n": len(pending),
                                                               "names": ", ".join(b.nomination.nominee_name for b in pending)})
    with transaction.atomic():
        updated = CouncilSession.objects.filter(pk=session.pk, state=CouncilSession.State.OPEN).update(
            state=CouncilSession.State.CLOSED, closed_at=timezone.now(), conclusion=conclusion.strip()
        )
        if not updated:
            raise ConcurrentChange(_("Phiên họp chưa khai mạc hoặc đã kết thúc."))
        # The biên bản gets the council's next number of the year (only a session that really closed takes one).
        CouncilSession.objects.filter(pk=session.pk).update(
            minutes_number=allocate(MINUTES_ISSUER, "BB", session.held_on.year))
        # Nothing is left to count: the private key goes, and with it any chance of opening an old copy's slots.
        BallotKey.objects.filter(session=session).update(sealed_private_key=b"")
        audit.record(session, "transition", user=user, changes={"state": ["open", "closed"]})
    secrecy.purge_dead_versions()
    session.refresh_from_db()
    return session


def minutes(session) -> dict:
    """Biên bản data: attendance, quorum, each ballot's tally against ALL members, recusals. Fixed query count."""
    session = CouncilSession.objects.select_related("council", "chair", "secretary").get(pk=session.pk)
    from thidua.dossiers.selectors import member_rank

    # The chair first, then vice-chairs, standing members and members (each group in Vietnamese name order).
    attendance = list(session.attendance.select_related("member", "member__unit")
                      .order_by(member_rank("member__role"), "member__sort_key", "member__id"))
    attendance.sort(key=lambda a: a.member_id != session.chair_id)  # whoever chairs this session opens the list
    ballots = list(
        session.ballots.select_related(
            "nomination", "nomination__award_type", "nomination__person", "nomination__nominee_unit",
            "nomination__dossier", "nomination__dossier__unit",
        ).prefetch_related("recusals__member").order_by("order", "id")
    )
    by_channel = {}
    for b_id, channel, n in (BallotParticipation.objects.filter(ballot__session=session)
                             .values_list("ballot_id", "channel").annotate(n=Count("id"))):
        by_channel[(b_id, channel)] = n
    rows = []
    for b in ballots:
        rows.append({
            "ballot": b, "nomination": b.nomination, "award_type": b.nomination.award_type,
            "nominee": b.nomination.nominee_name, "unit": b.nomination.dossier.unit.name,
            "threshold_percent": round(b.threshold * 100, 2), "members_total": b.members_total,
            "votes_yes": b.votes_yes, "votes_no": b.votes_no, "votes_cast": b.votes_cast,
            "written_votes": by_channel.get((b.pk, BallotParticipation.Channel.WRITTEN), 0),
            "paper_votes": by_channel.get((b.pk, BallotParticipation.Channel.PAPER), 0),
            "yes_percent": round(100 * b.votes_yes / b.members_total, 2) if b.members_total else 0,
            "passed": b.passed, "recusals": [(r.member.full_name, r.reason) for r in b.recusals.all()],
        })
    secretary_member = (CouncilMember.objects.filter(council=session.council, user=session.secretary).first()
                        if session.secretary_id else None)
    return {
        "session": session, "council": session.council, "quorum": quorum(session),
        "chair": session.chair, "secretary_name": (secretary_member.full_name if secretary_member
                                                   else session.secretary.display_name if session.secretary else ""),
        "present": [a for a in attendance if a.present], "absent": [a for a in attendance if not a.present],
        "ballots": rows, "recusals": [(row["nominee"], name, reason) for row in rows for name, reason in row["recusals"]],
    }


# --- decisions and revocation --------------------------------------------------------------------------------


_PROPOSAL_TITLE = re.compile(r"^\s*đề\s+nghị\s+(.+)$", re.IGNORECASE | re.DOTALL)


def decision_summary(title: str) -> str:
    """The default trích yếu of a dossier's decision, always in Vietnamese (it is printed on the decision): a dossier
    titled "Đề nghị tặng Bằng khen …" gives "Về việc tặng Bằng khen …" (not "Về việc khen thưởng Đề nghị tặng …");
    any other title "Về việc khen thưởng <title>"."""
    title = " ".join((title or "").split())
    proposal = _PROPOSAL_TITLE.match(title)
    if proposal:
        return f"Về việc {proposal.group(1)}"
    return f"Về việc khen thưởng {title}"


def conferrable(dossier):
    """Nominations a decision confers: accepted at appraisal, passed at the council (or no council for the
    simplified procedure), not held by a blocking public comment."""
    qs = dossier.nominations.filter(appraisal=Nomination.Appraisal.ACCEPTED).exclude(
        public_comments__blocking=True, public_comments__resolved=False
    )
    if dossier.events.filter(action="send_to_council").exists():
        qs = qs.filter(council_result=Nomination.CouncilResult.PASSED)
    return qs.select_related("award_type", "person", "person__unit", "nominee_unit", "dossier")


COMMENDATION_TYPE_OF_KIND = {
    Dossier.Kind.MERIT: "cong_trang", Dossier.Kind.SUDDEN: "dot_xuat", Dossier.Kind.THEMATIC: "chuyen_de",
    Dossier.Kind.MOVEMENT: "phong_trao", Dossier.Kind.DEDICATION: "cong_hien", Dossier.Kind.FOREIGN: "doi_ngoai",
}


# Awards that rest on an initiative (LAW.md §2): years back from `year`, the narrowest scope accepted, how many.
INITIATIVE_NEEDS = {"CSTD_CO_SO": (0, "co_so", 1), "CSTD_TINH": (2, "tinh", 1), "CSTD_TOAN_QUOC": (5, "toan_quoc", 1),
                    "BK_TINH": (1, "co_so", 2)}
_SCOPE_RANK = {"co_so": 0, "tinh": 1, "toan_quoc": 2}


def initiatives_to_use(nominations, year) -> dict:
    """{nomination_id: [Initiative]}: the unused initiatives an individual award rests on, marked used when it is
    conferred (one initiative, one use). Not used when the award rests on something else (an HTXSNV rating for
    CSTĐ cơ sở; CSTĐ cơ sở in both years for Bằng khen). Two queries for the whole decision."""
    from thidua.awards.models import Award, Initiative, Rating

    wanted = {n.pk: n for n in nominations if n.person_id and n.award_type.code in INITIATIVE_NEEDS}
    if not wanted:
        return {}
    person_ids = {n.person_id for n in wanted.values()}
    excellent = set(Rating.objects.filter(person_id__in=person_ids, year=year, rating="HTXSNV")
                    .values_list("person_id", flat=True))
    cstd_years = {}
    for pid, y in Award.objects.filter(person_id__in=person_ids, award_type__code="CSTD_CO_SO", revoked=False,
                                       commendation_type="cong_trang", year__in=[year - 1, year]).values_list("person_id", "year"):
        cstd_years.setdefault(pid, set()).add(y)
    free = {}
    for ini in Initiative.objects.filter(person_id__in=person_ids, used_by_award=None, year__gte=year - 5,
                                         year__lte=year).order_by("-year", "id"):
        free.setdefault(ini.person_id, []).append(ini)
    result, taken = {}, set()
    for n in wanted.values():
        code = n.award_type.code
        back, scope, count = INITIATIVE_NEEDS[code]
        if code == "CSTD_CO_SO" and n.person_id in excellent:
            continue
        if code == "BK_TINH" and cstd_years.get(n.person_id, set()) >= {year - 1, year}:
            continue
        chosen = [i for i in free.get(n.person_id, []) if i.pk not in taken and year - back <= i.year <= year
                  and _SCOPE_RANK.get(i.scope, 0) >= _SCOPE_RANK[scope]][:count]
        taken.update(i.pk for i in chosen)
        if chosen:
            result[n.pk] = chosen
    return result


def signing_route(dossier, nominations=None, day: dt.date | None = None):
    """(Route, None) — who decides this dossier's awards on `day` — or (None, why it cannot be decided here)."""
    from thidua.dossiers.authorities import dossier_route

    nominations = list(conferrable(dossier)) if nominations is None else nominations
    route, problem = dossier_route(dossier, nominations, day or _today())
    if problem:
        return None, problem
    if route is not None and route.by_proposal:
        return None, _("Khen thưởng cấp Nhà nước, của Chính phủ hoặc Thủ tướng Chính phủ: Chủ tịch UBND tỉnh trình Thủ "
                       "tướng Chính phủ bằng Tờ trình, không ký quyết định khen thưởng tại tỉnh.")
    return route, None


def may_sign(user, dossier, route) -> bool:
    """The province's leaders sign for the Chủ tịch UBND tỉnh; a local authority's decision is signed by the
    leader of the dossier's own unit (the head of the Sở or unit, the Chủ tịch UBND xã)."""
    return bool(user and user.is_authenticated and user.has_perm("dossiers.sign_decision", route))


def decide(user, dossier, *, signed_on: dt.date, signer_name: str, signer_title: str, summary: str = "",
           signer_capacity: str | None = None, issuer: str | None = None) -> Decision:
    """Sign the decision of the dossier's conferring authority (`authorities.route`): allocate its number (01/QĐ-UBND,
    per issuer and year), write the awards into the history (awards.services.confer, which also marks the initiatives
    used), and move the dossier to `decided`. `signer_capacity`: 'head' or 'deputy' (signs "KT."), by default read
    from the title ('Phó …' = deputy)."""
    from thidua.awards import services as award_services
    from thidua.dossiers.authorities import capacity_from_title, issuance, unit_symbol

    if not user.has_perm("dossiers.sign", dossier):
        raise PermissionDenied(_("Chỉ người có thẩm quyền được ký quyết định khen thưởng."))
    if dossier.state != DossierState.FOR_DECISION:
        raise WorkflowError(_("Hồ sơ chưa được trình ký quyết định."))
    if not signer_name.strip() or not signer_title.strip():
        raise WorkflowError(_("Cần ghi người ký và chức vụ người ký."))
    capacity = signer_capacity or capacity_from_title(signer_title)
    if capacity not in ("head", "deputy"):
        raise WorkflowError(_("Hình thức ký không hợp lệ."))
    nominations = list(conferrable(dossier))
    if not nominations:
        raise WorkflowError(_("Không có đề nghị nào đủ điều kiện để quyết định khen thưởng."))
    route, problem = signing_route(dossier, nominations, signed_on)
    if problem:
        raise WorkflowError(problem)
    if not may_sign(user, dossier, route):
        raise PermissionDenied(_("Quyết định này thuộc thẩm quyền của %(who)s.") % {"who": route.label})
    issuer_unit = dossier.unit if not route.is_provincial else None
    if route.is_provincial:
        symbol = register = issuer or "UBND"
    else:
        symbol = "UBND" if route.kind != "unit_head" else unit_symbol(dossier.unit)
        register = f"{symbol}-{dossier.unit_id}"
    issued = issuance(route.kind, unit_name=issuer_unit.name if issuer_unit else "", capacity=capacity,
                      signer_title=signer_title, signer_name=signer_name.strip())
    with transaction.atomic():
        # Lock the dossier first: a second signer fails here, before a number is used up.
        locked = Dossier.objects.filter(pk=dossier.pk, state=DossierState.FOR_DECISION).update(version=F("version") + 1)
        if not locked:
            raise ConcurrentChange(_("Hồ sơ vừa được người khác xử lý; vui lòng tải lại trang."))
        dossier.version = Dossier.objects.values_list("version", flat=True).get(pk=dossier.pk)
        _refuse_held(nominations)
        number = format_number(next_number(register, "QĐ", signed_on.year), "QĐ", symbol)
        decision = Decision.objects.create(
            dossier=dossier, issuer=register, doc_type="QĐ", year=signed_on.year, number=number, signed_on=signed_on,
            signer=user, signer_name=signer_name.strip(), signer_title=signer_title.strip(),
            authority_kind=route.kind, issuer_unit=issuer_unit, signer_capacity=capacity,
            summary=(summary or dossier.title).strip()[:500],
        )
        commendation_type = COMMENDATION_TYPE_OF_KIND.get(dossier.kind, "cong_trang")
        used = initiatives_to_use(nominations, dossier.year)
        for n in nominations:
            try:
                award = award_services.confer(
                    award_type=n.award_type, person=n.person, unit=n.person.unit if n.person_id else n.nominee_unit,
                    year=dossier.year, commendation_type=commendation_type, decision_number=number,
                    decision_date=signed_on, decision_issuer=issued.authority_text[:255],
                    achievement=n.achievement_summary,
                    source="dossier", nomination_id=n.pk, initiatives=used.get(n.pk, ()), user=user,
                )
            except ValidationError as exc:
                raise WorkflowError(f"{n.nominee_name}: " + " ".join(exc.messages))
            n.decision, n.award = decision, award
        Nomination.objects.bulk_update(nominations, ["decision", "award"])
        transition(dossier, "decide", user, reason=number, expected_version=dossier.version, _from_service=True)
        # The unit hears of its awards; the province's officers must send the decision within the deadline.
        announce("decision.signed", decision, [*unit_people(dossier.unit_id), *province_staff()], actor=user,
                 due=dossier.due_on, note=decision.summary, title=f"{number} — {dossier.title}")
    return decision


def mark_decision_sent(user, decision, sent_on=None) -> Decision:
    if not user.has_perm("dossiers.mark_decision_sent", decision):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh được xác nhận đã gửi quyết định."))
    with transaction.atomic():
        decision.sent_on = sent_on or _today()
        decision.save(update_fields=["sent_on"])
        Dossier.objects.filter(pk=decision.dossier_id, due_kind=Dossier.DueKind.SEND).update(due_on=None, due_kind="")
    return decision


def revoke_award(user, award, *, reason, decision_number, revoked_on=None):
    """Luật Art 93: the award stays in the history, marked revoked with the reason and the annulling decision."""
    from thidua.awards import services as award_services

    if not user.has_perm("dossiers.revoke_award", award):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh được thực hiện hủy bỏ quyết định khen thưởng."))
    if not (reason or "").strip() or not (decision_number or "").strip():
        raise WorkflowError(_("Cần ghi lý do và số quyết định hủy bỏ."))
    if award.revoked:
        raise WorkflowError(_("Khen thưởng này đã bị hủy bỏ."))
    try:
        return award_services.revoke(award, reason=reason.strip(), decision=decision_number.strip(), user=user,
                                     on=revoked_on or _today())
    except ValidationError as exc:
        raise WorkflowError(" ".join(exc.messages))


# --- proposal lists, candidates, bulk appraisal ---------------------------------------------------------------

PROPOSAL_LIST_KINDS = ("docx", "doc", "xlsx", "xls")


def upload_proposal_list(user, dossier, upload, level="tinh"):
    """Keep a unit's proposal list on an editable dossier for the preview (checked by the core upload checks)."""
    from thidua.awards.recognise import LEVELS
    from thidua.core.uploads import check_upload
    from thidua.dossiers.models import ProposalUpload

    checked = check_upload(upload, PROPOSAL_LIST_KINDS)
    content, stored_name = upload, upload.name or "danh-sach"
    if stored_name.lower().endswith(".doc"):
        # Word 97–2003: converted once here (LibreOffice), so the preview reads a .docx every time
        from django.core.files.base import ContentFile

        from thidua.core.tabular import TableFileError, doc_to_docx

        upload.seek(0)
        try:
            content, stored_name = ContentFile(doc_to_docx(upload.read())), stored_name[:-4] + ".docx"
        except TableFileError as exc:
            raise ValidationError(str(exc))
    with transaction.atomic():
        _lock_for_edit(user, dossier)
        item = ProposalUpload(dossier=dossier, original_name=(upload.name or "")[:255], sha256=checked.sha256,
                              level=level if level in LEVELS else "tinh", uploaded_by=user)
        item.file.save(stored_name, content, save=False)
        try:
            item.save()
        except Exception:
            item.file.delete(save=False)
            raise
        audit.record(dossier, "import", user=user,
                     note=_("Tải lên danh sách đề nghị “%(name)s”.") % {"name": item.original_name})
    return item


def assign_list_columns(user, dossier, assignments: dict[str, tuple[str, str]]) -> None:
    """Remember, for the dossier's unit, which field each named column of its lists holds ({header key: (header
    text, field or "")})."""
    from thidua.core.tabular import LABELS
    from thidua.dossiers.models import ListColumnMapping

    if not user.has_perm("dossiers.edit_dossier", dossier):
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị trình được sửa hồ sơ."))
    with transaction.atomic():
        for header_key, (text, field) in assignments.items():
            if field not in LABELS and field != "":
                raise ValidationError(_("Trường “%(f)s” không hợp lệ.") % {"f": field})
            ListColumnMapping.objects.update_or_create(
                unit=dossier.unit, header_key=header_key[:200],
                defaults={"header_text": text[:300], "field": field, "updated_by": user, "updated_at": timezone.now()})
        audit.record(dossier.unit, "update", user=user, changes={k: v[1] for k, v in assignments.items()},
                     note=_("Gán cột cho danh sách đề nghị của đơn vị."))


def create_nominations_from_list(user, dossier, upload, items: list[dict]) -> list[Nomination]:
    """The confirmed rows of a proposal list become nominations of the dossier, all or nothing.

    Each item: {"row", "kind": individual|collective, "award_type_id", "achievement_summary", and for an
    individual "person_id" or "new_person": {full_name, birth_date, gender, unit_id, position, citizen_id}; for a
    collective "unit_id"}. Any refused item refuses the whole list (ValidationError listing every row)."""
    from thidua.awards.models import AwardType
    from thidua.orgs.models import Person, Unit

    if not items:
        raise ValidationError(_("Chưa chọn dòng nào để tạo đề nghị."))
    with transaction.atomic():
        _lock_for_edit(user, dossier)
        if upload is not None:
            claimed = type(upload).objects.filter(pk=upload.pk, dossier=dossier, used_at=None).update(
                used_at=timezone.now(), created_count=len(items))
            if not claimed:
                raise WorkflowError(_("Danh sách này đã được dùng để tạo đề nghị; hãy tải lên lại nếu cần."))
        scope_units = Unit.objects.visible_to(user).filter(path__startswith=dossier.unit.path)
        unit_ids = set(scope_units.values_list("pk", flat=True))
        people = Person.objects.visible_to(user).filter(unit_id__in=unit_ids)
        award_types = {a.pk: a for a in AwardType.objects.filter(pk__in={i.get("award_type_id") for i in items})}
        wanted_people = {i.get("person_id") for i in items if i.get("person_id")}
        known_people = {p.pk: p for p in people.filter(pk__in=wanted_people)}
        errors, nominations = [], []
        for item in items:
            label = _("Dòng %(n)s") % {"n": item.get("row", "?")}
            if item.get("problems"):
                errors.extend(f"{label}: {p}" for p in item["problems"])
                continue
            award = award_types.get(item.get("award_type_id"))
            kind = item.get("kind")
            if award is None:
                errors.append(_("%(row)s: chưa chọn danh hiệu/hình thức khen thưởng.") % {"row": label})
                continue
            if not (award.active and award.conferrable):
                errors.append(_("%(row)s: “%(award)s” không còn xét tặng.") % {"row": label, "award": award.name})
                continue
            kinds = set(award.subject_kinds or [])
            if kind == Nomination.Kind.INDIVIDUAL:
                if "individual" not in kinds:
                    errors.append(_("%(row)s: “%(award)s” không tặng cho cá nhân.") % {"row": label, "award": award.name})
                    continue
                person = known_people.get(item.get("person_id"))
                if person is None and item.get("new_person"):
                    person = _new_person(item["new_person"], unit_ids, dossier, label, errors)
                elif person is None:
                    errors.append(_("%(row)s: chưa xác định cá nhân (chọn một người trong danh sách gợi ý hoặc "
                                    "thêm người mới).") % {"row": label})
                if person is None:
                    continue
                nomination = Nomination(dossier=dossier, person=person, award_type=award)
            elif kind == Nomination.Kind.COLLECTIVE:
                if not kinds & {"collective", "village"}:
                    errors.append(_("%(row)s: “%(award)s” không tặng cho tập thể.") % {"row": label, "award": award.name})
                    continue
                if item.get("unit_id") not in unit_ids:
                    errors.append(_("%(row)s: chưa chọn tập thể (đơn vị thuộc phạm vi hồ sơ).") % {"row": label})
                    continue
                nomination = Nomination(dossier=dossier, nominee_unit_id=item["unit_id"], award_type=award)
                nomination.nominee_unit = Unit.objects.get(pk=item["unit_id"])
            else:
                errors.append(_("%(row)s: hồ sơ đề nghị chỉ nhận cá nhân hoặc tập thể; hộ gia đình đề nghị theo "
                                "hồ sơ riêng.") % {"row": label})
                continue
            nomination.achievement_summary = (item.get("achievement_summary") or "").strip() or _(
                "Theo danh sách đề nghị khen thưởng kèm theo.")
            nominations.append(nomination)
        if errors:
            raise ValidationError(errors)
        for nomination in nominations:
            nomination.save()
        audit.record(dossier, "import", user=user, changes={"nominations": len(nominations)},
                     note=_("Tạo %(n)d đề nghị từ danh sách “%(name)s”.")
                     % {"n": len(nominations), "name": upload.original_name if upload else ""})
    return nominations


def _new_person(data: dict, unit_ids: set, dossier, label, errors):
    from thidua.orgs.models import Person

    name = " ".join((data.get("full_name") or "").split())
    unit_id = data.get("unit_id") if data.get("unit_id") in unit_ids else dossier.unit_id
    if not name:
        errors.append(_("%(row)s: thiếu họ tên.") % {"row": label})
        return None
    gender = data.get("gender") or ""
    if gender not in (Person.Gender.MALE, Person.Gender.FEMALE):
        words = name.lower().split()
        gender = Person.Gender.FEMALE if "thị" in words[1:-1] else Person.Gender.MALE
    person = Person(full_name=name, gender=gender, birth_date=data.get("birth_date"), unit_id=unit_id,
                    position=(data.get("position") or "")[:200], citizen_id=(data.get("citizen_id") or "")[:12])
    person.fill_derived()
    person.save()
    return person


def summary_from_report(upload) -> str:
    """The achievement part of a báo cáo thành tích (.docx): the text under its "Thành tích" heading, else the
    whole text; '' when the file has no text."""
    import io

    import docx
    from django.core.exceptions import ValidationError

    from thidua.core.uploads import check_archive

    upload.seek(0)
    try:
        data = upload.read()
        check_archive(io.BytesIO(data), getattr(upload, "name", ""))  # no zip bomb reaches python-docx
        document = docx.Document(io.BytesIO(data))
    except (ValidationError, Exception):
        return ""
    finally:
        upload.seek(0)
    paragraphs = [" ".join(p.text.split()) for p in document.paragraphs]
    paragraphs = [p for p in paragraphs if p]
    from thidua.core.tabular import key

    start = next((i for i, p in enumerate(paragraphs) if "thanh tich" in key(p) and len(p) < 120
                  and i > 0 and "bao cao thanh tich" not in key(p)), None)
    if start is None:
        return "\n".join(paragraphs)[:20000]
    body = []
    for p in paragraphs[start + 1:]:
        k = key(p)
        if re.match(r"^(i{1,3}|iv|v|vi{0,3})\s", k) and ("khen thuong" in k or "ky luat" in k or "de nghi" in k):
            break
        body.append(p)
    return "\n".join(body)[:20000]


def add_people_to_dossier(user, dossier, people, award_type, achievement_summary="") -> list[Nomination]:
    """The ticked people of the candidate list become nominations for `award_type`, all or nothing; people already
    proposed for that award in the dossier are skipped."""
    items = []
    existing = set(dossier.nominations.filter(award_type=award_type).values_list("person_id", flat=True))
    for n, person in enumerate(people, start=1):
        if person.pk in existing:
            continue
        items.append({"row": n, "kind": Nomination.Kind.INDIVIDUAL, "person_id": person.pk,
                      "award_type_id": award_type.pk, "achievement_summary": achievement_summary})
    if not items:
        raise ValidationError(_("Những người đã chọn đều đã có trong hồ sơ với hình thức này."))
    return create_nominations_from_list(user, dossier, None, items)


def appraise_many(user, nominations, result, note="") -> int:
    """Bulk appraisal: the same result for several nominations of one dossier, through `appraise_nomination` (its
    checks apply to each), in one transaction: all or nothing."""
    count = 0
    with transaction.atomic():
        for nomination in nominations:
            appraise_nomination(user, nomination, result, note)
            count += 1
    return count
