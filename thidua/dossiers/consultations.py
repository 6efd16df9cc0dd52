"""Consultations (lấy ý kiến hiệp y) on a dossier's nominations: who must be consulted, and every change.

Khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP: a matter reported by a consulted body holds the award until it is verified.
Before State and Government awards (and the award types the province lists in `ConsultationPolicy`) go on, the
province's TĐKT staff write to the agencies (one letter each, Decree 30 layout) and record each agency's answer per
nominee. The workflow (`workflow._consulted`) refuses to move such a dossier past appraisal while a nominee has not
been through a closed consultation. A negative answer (or a missing one the province counts as negative) opens a
`PendingProceeding` of kind "consultation" that holds the nomination through `dossiers.holds` until staff clear it
with a reason.

Every change runs inside `transaction.atomic()` and is audited (the models are `@audited`; the closing of a round
and the clearing of a proceeding write a transition entry)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.models import AwardType, PendingProceeding
from thidua.core import audit, workdays
from thidua.core.events import announce
from thidua.core.roles import Role
from thidua.dossiers.models import Dossier, DossierState, Nomination
from thidua.dossiers.models_consultation import (
    Answer,
    Consultation,
    ConsultationPolicy,
    ConsultationReply,
    ConsultedAgency,
    NoReplyMeans,
)

# Levels that always need a consultation: awards the President or the Prime Minister confers.
ALWAYS_CONSULTED = frozenset({AwardType.Level.STATE, AwardType.Level.GOVERNMENT})
# States in which the province consults (after receipt, before the council and signature).
CONSULTING_STATES = frozenset({DossierState.RECEIVED, DossierState.APPRAISED})
DUE_SOON_DAYS = 2


def _today():
    return timezone.localdate()


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh được lấy ý kiến hiệp y."))


# --- who needs one ---------------------------------------------------------------------------------------------


def extra_award_type_ids(policy: ConsultationPolicy | None = None) -> set[int]:
    policy = policy or ConsultationPolicy.current()
    return set(policy.extra_award_types.values_list("id", flat=True))


def requires_consultation(award_type, extra_ids: set[int]) -> bool:
    return award_type.level in ALWAYS_CONSULTED or award_type.pk in extra_ids


def nominations_needing(dossier) -> list[Nomination]:
    """The dossier's nominations (not excluded at appraisal) whose award needs a consultation."""
    extra = extra_award_type_ids()
    nominations = (
        dossier.nominations.exclude(appraisal=Nomination.Appraisal.EXCLUDED)
        .select_related("award_type", "person", "person__unit", "nominee_unit")
        .order_by("sort_key", "id")
    )
    return [n for n in nominations if requires_consultation(n.award_type, extra)]


def consultation_problem(dossier) -> str | None:
    """Why the dossier may not go past appraisal yet for want of a consultation (None = fine)."""
    needed = nominations_needing(dossier)
    if not needed:
        return None
    done = set(
        ConsultationReply.objects.filter(
            nomination__in=needed, consultation__closed_on__isnull=False
        ).values_list("nomination_id", flat=True)
    )
    missing = [n for n in needed if n.pk not in done]
    if not missing:
        return None
    running = (
        Consultation.objects.open()
        .filter(dossier=dossier, nominations__in=missing)
        .order_by("due_on")
        .first()
    )
    if running is not None:
        return _(
            "Đang lấy ý kiến hiệp y (%(code)s, hạn trả lời %(due)s): chờ các cơ quan trả lời đủ, hoặc hết hạn "
            "thì kết thúc lấy ý kiến, rồi mới chuyển bước tiếp theo."
        ) % {"code": running.code, "due": running.due_on.strftime("%d/%m/%Y")}
    return _(
        "Chưa lấy ý kiến hiệp y cho: %(names)s (khen thưởng cấp Nhà nước, Chính phủ hoặc hình thức tỉnh quy định "
        "phải hiệp y). Hãy gửi văn bản lấy ý kiến các cơ quan trước khi chuyển bước tiếp theo."
    ) % {"names": ", ".join(n.nominee_name for n in missing)}


# --- starting a round ------------------------------------------------------------------------------------------


def start_consultation(
    user, dossier, *, nominations, agencies, days=None, sent_on=None, number=""
) -> Consultation:
    """Ask `agencies` about `nominations` of the dossier; the deadline is `days` working days after `sent_on`."""
    _require(user, "dossiers.manage_consultations", dossier)
    if not Dossier.objects.visible_to(user).filter(pk=dossier.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền với hồ sơ này."))
    if dossier.state not in CONSULTING_STATES:
        raise ValidationError(
            _("Chỉ lấy ý kiến hiệp y khi hồ sơ đã được tiếp nhận và chưa trình Hội đồng, trình ký.")
        )
    nominations, agencies = list(nominations), list(agencies)
    if not nominations:
        raise ValidationError(_("Cần chọn ít nhất một đề nghị để lấy ý kiến."))
    if not agencies:
        raise ValidationError(_("Cần chọn ít nhất một cơ quan được lấy ý kiến."))
    if any(n.dossier_id != dossier.pk or n.appraisal == Nomination.Appraisal.EXCLUDED for n in nominations):
        raise ValidationError(_("Chỉ lấy ý kiến cho đề nghị của hồ sơ này, chưa bị loại khi thẩm định."))
    if any(not a.active for a in agencies):
        raise ValidationError(_("Cơ quan đã ngừng lấy ý kiến không được chọn."))
    policy = ConsultationPolicy.current()
    days = policy.default_days if days is None else int(days)
    if not 1 <= days <= 60:
        raise ValidationError(_("Thời hạn trả lời từ 1 đến 60 ngày làm việc."))
    sent_on = sent_on or _today()
    if sent_on > _today():
        raise ValidationError(_("Ngày gửi không được ở tương lai."))
    with transaction.atomic():
        consultation = Consultation.objects.create(
            dossier=dossier,
            number=(number or "").strip(),
            sent_on=sent_on,
            days=days,
            due_on=workdays.calendar().add_working_days(sent_on, days),
            no_reply_means=policy.no_reply_means,
            created_by=user,
        )
        consultation.agencies.set(agencies)
        consultation.nominations.set(nominations)
        ConsultationReply.objects.bulk_create(
            [
                ConsultationReply(consultation=consultation, agency=a, nomination=n)
                for a in agencies
                for n in nominations
            ]
        )
        audit.record(
            consultation,
            "create",
            user=user,
            unit_id=dossier.unit_id,
            note=_("Gửi %(a)s cơ quan, %(n)s đề nghị, hạn trả lời %(due)s")
            % {"a": len(agencies), "n": len(nominations), "due": consultation.due_on.strftime("%d/%m/%Y")},
        )
    return consultation


def set_number(user, consultation, number: str) -> Consultation:
    _require(user, "dossiers.manage_consultations", consultation.dossier)
    with transaction.atomic():
        consultation.number = (number or "").strip()[:60]
        consultation.save(update_fields=["number"])
    return consultation


# --- answers ---------------------------------------------------------------------------------------------------


def _proceeding_note(reply) -> str:
    c = reply.consultation
    ref = c.number or c.code
    if reply.answer == Answer.NO_REPLY:
        return _(
            "%(agency)s không trả lời văn bản lấy ý kiến hiệp y %(ref)s đúng hạn (%(due)s); tỉnh quy định coi như "
            "không đồng ý, cần xác minh."
        ) % {"agency": reply.agency.name, "ref": ref, "due": c.due_on.strftime("%d/%m/%Y")}
    return _("%(agency)s không đồng ý khi lấy ý kiến hiệp y %(ref)s: %(reason)s") % {
        "agency": reply.agency.name,
        "ref": ref,
        "reason": reply.reason,
    }


def _open_hold(reply, user, day):
    """A negative answer holds the nomination (person, or the collective) until staff clear it."""
    from thidua.awards.services import open_proceeding

    n = reply.nomination
    proceeding = open_proceeding(
        kind=PendingProceeding.Kind.CONSULTATION,
        opened_on=min(day, _today()),
        person=n.person if n.person_id else None,
        unit=None if n.person_id else n.nominee_unit,
        note=_proceeding_note(reply),
        user=user,
    )
    reply.proceeding = proceeding
    reply.save(update_fields=["proceeding"])
    return proceeding


def _announce_disagreement(consultation, replies, user):
    from thidua.core.models import User

    dossier = consultation.dossier
    recipients = User.objects.filter(is_active=True).filter(
        role__in=[Role.PROVINCE_STAFF]
    ) | User.objects.filter(
        is_active=True, role__in=[Role.UNIT_OFFICER, Role.UNIT_LEADER], unit_id=dossier.unit_id
    )
    names = sorted({r.nomination.nominee_name for r in replies})
    announce(
        "consultation.disagreed", consultation, list(recipients.distinct()), actor=user, note=", ".join(names)
    )


def record_replies(user, consultation, answers: dict, *, answered_on: dt.date | None = None) -> int:
    """`answers`: {reply id: (answer, reason)}. A disagreement needs its reason and opens a hold. An answer that
    already holds a nomination is not changed here: it is cleared (`clear_reply`). Returns how many changed."""
    _require(user, "dossiers.manage_consultations", consultation.dossier)
    answered_on = answered_on or _today()
    if answered_on > _today():
        raise ValidationError(_("Ngày trả lời không được ở tương lai."))
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.closed_on is not None:
            raise ValidationError(_("Đợt lấy ý kiến đã kết thúc, không sửa được ý kiến."))
        replies = {
            r.pk: r
            for r in locked.replies.select_related(
                "agency", "nomination", "nomination__person", "nomination__nominee_unit"
            )
        }
        changed, negatives = 0, []
        for pk, (answer, reason) in answers.items():
            reply = replies.get(pk)
            if reply is None:
                raise ValidationError(_("Ý kiến không thuộc đợt lấy ý kiến này."))
            answer, reason = answer or Answer.PENDING, (reason or "").strip()
            if answer not in (Answer.PENDING, Answer.AGREE, Answer.DISAGREE):
                raise ValidationError(_("Ý kiến không hợp lệ."))
            if answer == reply.answer and reason == reply.reason:
                continue
            if reply.proceeding_id:
                raise ValidationError(
                    _(
                        "Ý kiến không đồng ý của %(agency)s về %(name)s đang giữ đề nghị: hãy ghi kết "
                        "quả xác minh để gỡ, không sửa ý kiến."
                    )
                    % {"agency": reply.agency.name, "name": reply.nomination.nominee_name}
                )
            if answer == Answer.DISAGREE and not reason:
                raise ValidationError(
                    _("%(agency)s không đồng ý về %(name)s: cần ghi lý do.")
                    % {"agency": reply.agency.name, "name": reply.nomination.nominee_name}
                )
            reply.consultation = locked
            reply.answer, reply.reason = answer, reason
            reply.answered_on = answered_on if answer else None
            reply.recorded_by = user
            reply.save(update_fields=["answer", "reason", "answered_on", "recorded_by"])
            changed += 1
            if answer == Answer.DISAGREE:
                _open_hold(reply, user, answered_on)
                negatives.append(reply)
        if negatives:
            _announce_disagreement(locked, negatives, user)
        if not locked.replies.filter(answer=Answer.PENDING).exists():
            _close(locked, user, _today())
    consultation.refresh_from_db()
    return changed


def _close(consultation, user, day):
    """Close the round: answers still missing become "no reply", counted as the province decided."""
    updated = Consultation.objects.filter(pk=consultation.pk, closed_on__isnull=True).update(closed_on=day)
    if not updated:
        raise ValidationError(_("Đợt lấy ý kiến đã kết thúc."))
    consultation.closed_on = day
    missing = list(
        consultation.replies.filter(answer=Answer.PENDING).select_related(
            "agency", "nomination", "nomination__person", "nomination__nominee_unit"
        )
    )
    for reply in missing:
        reply.consultation = consultation
        reply.answer = Answer.NO_REPLY
        reply.save(update_fields=["answer"])
    negatives = []
    if consultation.no_reply_means == NoReplyMeans.DISAGREE:
        for reply in missing:
            _open_hold(reply, user, day)
            negatives.append(reply)
    if negatives:
        _announce_disagreement(consultation, negatives, user)
    audit.record(
        consultation,
        "transition",
        user=user,
        unit_id=consultation.dossier.unit_id,
        changes={"closed_on": [None, day.isoformat()]},
    )


def close_consultation(user, consultation) -> Consultation:
    """End the round once every agency answered or the deadline has passed."""
    _require(user, "dossiers.manage_consultations", consultation.dossier)
    today = _today()
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.closed_on is not None:
            raise ValidationError(_("Đợt lấy ý kiến đã kết thúc."))
        if locked.replies.filter(answer=Answer.PENDING).exists() and today <= locked.due_on:
            raise ValidationError(
                _("Chưa hết hạn trả lời (%(due)s) và còn cơ quan chưa trả lời: chưa thể kết thúc lấy ý kiến.")
                % {"due": locked.due_on.strftime("%d/%m/%Y")}
            )
        _close(locked, user, today)
    consultation.refresh_from_db()
    return consultation


def clear_reply(user, reply, *, note: str, closed_on: dt.date | None = None) -> PendingProceeding:
    """Province staff record the result of verifying a negative answer: the hold it opened ends."""
    from thidua.awards.services import close_proceeding

    _require(user, "dossiers.manage_consultations", reply.consultation.dossier)
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Cần ghi kết quả xác minh, căn cứ để gỡ việc tạm dừng xét khen thưởng."))
    if reply.proceeding_id is None or not reply.proceeding.is_open:
        raise ValidationError(_("Ý kiến này không giữ đề nghị nào."))
    with transaction.atomic():
        return close_proceeding(reply.proceeding, closed_on=closed_on or _today(), note=note, user=user)


# --- reminders -------------------------------------------------------------------------------------------------


def announce_due(today: dt.date) -> int:
    """Tell the staff who started an open round that its answers are due within `DUE_SOON_DAYS` working days (or
    late). Run daily with the deadline reminders; returns how many rounds were announced."""
    horizon = workdays.calendar().add_working_days(today, DUE_SOON_DAYS)
    rounds = list(
        Consultation.objects.open()
        .filter(due_on__lte=horizon, replies__answer=Answer.PENDING)
        .exclude(created_by=None)
        .select_related("created_by", "dossier")
        .distinct()
    )
    for c in rounds:
        announce("consultation.reply_due", c, [c.created_by], due=c.due_on, note=c.dossier.title)
    return len(rounds)


# --- reading ---------------------------------------------------------------------------------------------------


def status_of(dossier) -> dict:
    """What the dossier page shows: the rounds, how many answers are missing, and what still needs one."""
    rounds = list(dossier.consultations.prefetch_related("agencies").order_by("-sent_on", "-id"))
    counts = {}
    for cid, answer, proceeding_id, cleared_on in ConsultationReply.objects.filter(
        consultation__dossier=dossier
    ).values_list("consultation_id", "answer", "proceeding_id", "proceeding__closed_on"):
        entry = counts.setdefault(cid, {"pending": 0, "held": 0, "total": 0})
        entry["total"] += 1
        entry["pending"] += answer == Answer.PENDING
        entry["held"] += bool(proceeding_id and cleared_on is None)
    for c in rounds:
        c.counts = counts.get(c.pk, {"pending": 0, "held": 0, "total": 0})
    return {
        "rounds": rounds,
        "problem": consultation_problem(dossier) if dossier.state in CONSULTING_STATES else None,
        "needed": nominations_needing(dossier) if not dossier.is_final else [],
    }


def agencies_for_choice():
    return ConsultedAgency.objects.filter(active=True).order_by("order", "name")


# --- the province's settings (pages: ConsultationPolicyForm, ConsultedAgencyForm) ------------------------------


def extra_award_type_choices():
    """The award types the province may add to the consultation list (State and Government ones always need one)."""
    return AwardType.objects.conferrable().exclude(level__in=ALWAYS_CONSULTED).order_by("order", "name")


def save_policy(user, *, default_days: int, no_reply_means: str, extra_award_types) -> ConsultationPolicy:
    _require(user, "dossiers.manage_consultation_settings")
    if not 1 <= default_days <= 60:
        raise ValidationError(_("Thời hạn trả lời từ 1 đến 60 ngày làm việc."))
    if no_reply_means not in NoReplyMeans.values:
        raise ValidationError(_("Giá trị không hợp lệ."))
    allowed = set(extra_award_type_choices().values_list("pk", flat=True))
    extra = list(extra_award_types)
    if any(t.pk not in allowed for t in extra):
        raise ValidationError(_("Chỉ thêm được hình thức khen thưởng cấp tỉnh, cấp bộ (cấp Nhà nước, Chính phủ "
                                "luôn phải lấy ý kiến hiệp y)."))
    with transaction.atomic():
        policy = ConsultationPolicy.current()
        policy.default_days, policy.no_reply_means = default_days, no_reply_means
        policy.save()
        policy.extra_award_types.set(extra)
    return policy


def save_agency(user, agency: ConsultedAgency | None, *, name: str, addressee: str = "", topic: str = "",
                active: bool = True, order: int = 0) -> ConsultedAgency:
    _require(user, "dossiers.manage_consultation_settings")
    agency = agency or ConsultedAgency()
    agency.name, agency.addressee, agency.topic = " ".join((name or "").split()), addressee.strip(), topic.strip()
    agency.active, agency.order = active, order
    agency.full_clean()
    with transaction.atomic():
        agency.save()
    return agency
