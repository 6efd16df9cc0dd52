"""Every change to award history goes through here (views, imports, the dossiers app, the API)."""

import datetime as dt
from collections.abc import Iterable
from contextlib import nullcontext

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.awards.models import Award, AwardType, CommendationType, Initiative, PendingProceeding
from thidua.core.audit import record
from thidua.core.middleware import acting_as


def _acting(user):
    return acting_as(user) if user is not None else nullcontext()


def _award_type(value) -> AwardType:
    if isinstance(value, AwardType):
        return value
    try:
        return AwardType.objects.get(code=value)
    except AwardType.DoesNotExist:
        raise ValidationError(
            {"award_type": _("Không có danh hiệu, hình thức khen thưởng mã %(code)s.") % {"code": value}}
        )


def confer(
    *,
    award_type,
    year: int,
    person=None,
    unit=None,
    recipient_kind: str | None = None,
    household_name: str = "",
    period=None,
    commendation_type: str = CommendationType.CONG_TRANG,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    decision_issuer: str = "",
    achievement: str = "",
    source: str = Award.Source.MANUAL,
    nomination_id: int | None = None,
    initiatives: Iterable[Initiative] = (),
    user=None,
    hold_checked: bool | None = None,
) -> Award:
    """Record a conferred award. For an individual, `unit` defaults to the person's unit at award time.

    A new conferral (from a dossier, `hold_checked` defaults to True there) is refused while a pending proceeding
    holds the recipient (khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP); recording a past award from the book is not.

    Initiatives given become "used" by this award (one initiative, one use: Công văn 5007/BNV-TĐKT)."""
    award_type = _award_type(award_type)
    if hold_checked is None:
        hold_checked = source == Award.Source.DOSSIER
    if recipient_kind is None:
        recipient_kind = (
            Award.RecipientKind.INDIVIDUAL
            if person is not None
            else Award.RecipientKind.HOUSEHOLD
            if household_name
            else Award.RecipientKind.COLLECTIVE
        )
    if unit is None and person is not None:
        unit = person.unit
    if unit is None:
        raise ValidationError({"unit": _("Cần chọn đơn vị.")})
    award = Award(
        award_type=award_type,
        person=person,
        unit=unit,
        recipient_kind=recipient_kind,
        household_name=household_name,
        year=year,
        period=period,
        commendation_type=commendation_type,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_issuer=decision_issuer,
        achievement=achievement,
        source=source,
        nomination_id=nomination_id,
        created_by=user if user is not None and user.pk else None,
    )
    award.full_clean(exclude=["import_batch", "created_by"])
    initiatives = list(initiatives)
    with transaction.atomic(), _acting(user):
        if hold_checked:
            # Inside the transaction: a matter recorded after the decision was prepared still stops the conferral.
            held = PendingProceeding.objects.holding(
                person_ids=[person.pk] if person is not None else [],
                unit_ids=[unit.pk] if person is None and recipient_kind == Award.RecipientKind.COLLECTIVE else [],
                on=dt.date.today(),
            ).first()
            if held is not None:
                raise ValidationError(hold_message(held))
        award.save()
        if initiatives:
            ids = [i.pk for i in initiatives]
            used = Initiative.objects.select_for_update().filter(pk__in=ids).exclude(used_by_award=None)
            if used.exists():
                raise ValidationError(
                    _("Sáng kiến “%(title)s” đã được dùng làm căn cứ khen thưởng khác.")
                    % {"title": used.first().title}
                )
            for initiative in Initiative.objects.filter(pk__in=ids):
                initiative.used_by_award = award
                initiative.save(update_fields=["used_by_award"])
    return award


def revoke(award: Award, reason: str, decision: str, user=None, on: dt.date | None = None) -> Award:
    """Annul an award (Luật Art 93): it stays in history, marked revoked with the reason and annulling decision,
    and stops counting in every chain. Initiatives it used become free again only by explicit staff action."""
    reason, decision = (reason or "").strip(), (decision or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Cần nêu lý do hủy bỏ.")
    if not decision:
        errors["decision"] = _("Cần nhập quyết định hủy bỏ.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), _acting(user):
        updated = Award.objects.filter(pk=award.pk, revoked=False).update(
            revoked=True, revoked_reason=reason, revoked_decision=decision, revoked_on=on or dt.date.today()
        )
        if not updated:
            raise ValidationError(_("Khen thưởng này đã bị hủy bỏ trước đó."))
        award.refresh_from_db()
        record(
            award,
            "transition",
            user=user,
            changes={
                "revoked": [False, True],
                "revoked_reason": ["", reason],
                "revoked_decision": ["", decision],
            },
            note=_("Hủy bỏ quyết định khen thưởng"),
        )
    return award


# --- pending proceedings (NĐ 152/2025 Art 4.4) ----------------------------------------------------------------


def hold_message(proceeding: PendingProceeding) -> str:
    """Why a nomination is held, in Vietnamese, for every role (no personal data of a petitioner)."""
    who = proceeding.person.full_name if proceeding.person_id else (proceeding.unit.name if proceeding.unit_id else "")
    return _("%(who)s: %(what)s (từ ngày %(day)s) — chưa xét khen thưởng cho đến khi có kết luận (khoản 4 Điều 4 "
             "Nghị định 152/2025/NĐ-CP).") % {
        "who": who, "what": proceeding.get_kind_display().lower(), "day": proceeding.opened_on.strftime("%d/%m/%Y")}


def open_proceeding(*, kind: str, opened_on: dt.date, person=None, unit=None, note: str = "", user=None
                    ) -> PendingProceeding:
    """Record a matter that holds the person's awards, or the unit's collective awards, until it is closed."""
    if kind not in PendingProceeding.Kind.values:
        raise ValidationError({"kind": _("Loại việc không hợp lệ.")})
    if person is None and unit is None:
        raise ValidationError(_("Cần chọn cá nhân hoặc tập thể bị xem xét."))
    if opened_on > dt.date.today():
        raise ValidationError({"opened_on": _("Ngày bắt đầu không được ở tương lai.")})
    proceeding = PendingProceeding(kind=kind, opened_on=opened_on, person=person,
                                   unit=unit if person is None else None, note=(note or "").strip())
    with transaction.atomic(), _acting(user):
        proceeding.full_clean()
        proceeding.save()
    return proceeding


def close_proceeding(proceeding: PendingProceeding, *, closed_on: dt.date, note: str = "", user=None
                     ) -> PendingProceeding:
    """The matter is concluded (kết luận, quyết định giải quyết): the nominations it held may continue."""
    if closed_on < proceeding.opened_on:
        raise ValidationError({"closed_on": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    if closed_on > dt.date.today():
        raise ValidationError({"closed_on": _("Ngày kết thúc không được ở tương lai.")})
    with transaction.atomic(), _acting(user):
        updated = PendingProceeding.objects.filter(pk=proceeding.pk, closed_on__isnull=True).update(
            closed_on=closed_on, closing_note=(note or "").strip())
        if not updated:
            raise ValidationError(_("Việc này đã được ghi nhận kết thúc trước đó."))
        proceeding.closed_on, proceeding.closing_note = closed_on, (note or "").strip()
        record(proceeding, "transition", user=user, changes={"closed_on": [None, closed_on.isoformat()]},
               note=proceeding.closing_note)
    return proceeding


# --- corrections, ratings, initiatives, discipline ------------------------------------------------------------

CORRECTABLE = ("year", "commendation_type", "decision_number", "decision_date", "decision_issuer", "achievement",
               "household_name", "period")


def correct(award: Award, *, user=None, **fields) -> Award:
    """Correct a recorded award's particulars (a typo in the decision number, the wrong year…): validated like a new
    record and audited with the values before and after. A revoked award is kept as it was annulled; an award written
    by a signed decision is corrected by correcting the decision, not here."""
    unknown = set(fields) - set(CORRECTABLE)
    if unknown:
        raise ValidationError(_("Không sửa được các trường: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if award.revoked:
        raise ValidationError(_("Khen thưởng đã bị hủy bỏ, không sửa được."))
    if award.source == Award.Source.DOSSIER:
        raise ValidationError(_("Khen thưởng theo quyết định đã ký trên hệ thống: sửa bằng quyết định đính chính."))
    changes = {}
    for name, value in fields.items():
        before = getattr(award, name)
        if before != value:
            changes[name] = [str(before) if before is not None else None, str(value) if value is not None else None]
            setattr(award, name, value)
    if award.period_id and award.period.end_year != award.year:
        raise ValidationError({"year": _("Năm thành tích phải là năm kết thúc của kỳ đã chọn (%(y)s).")
                                       % {"y": award.period.end_year}})
    award.full_clean(exclude=["import_batch", "created_by"])
    if not changes:
        return award
    with transaction.atomic(), _acting(user):
        award.save()
        record(award, "update", user=user, changes=changes, note=_("Đính chính khen thưởng"))
    return award


def save_record(record_obj, *, user=None):
    """Save a rating, an initiative or a disciplinary measure of a person or a unit (pages, API): validated, one
    rating per subject and year (a second one for the same year is refused here; re-rating edits the existing row)."""
    from django.db import IntegrityError

    from thidua.awards.models import Discipline

    if isinstance(record_obj, Discipline) and record_obj.decided_on and record_obj.ends_on \
            and record_obj.ends_on < record_obj.decided_on:
        raise ValidationError({"ends_on": _("Ngày hết thời hạn kỷ luật phải sau ngày quyết định.")})
    record_obj.full_clean()
    try:
        with transaction.atomic(), _acting(user):
            record_obj.save()
    except IntegrityError:
        raise ValidationError(_("Đã có bản ghi này (mỗi năm một xếp loại)."))
    return record_obj
