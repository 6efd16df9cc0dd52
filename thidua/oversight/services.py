"""Every write of the oversight app: inspection plans and inspections with their state changes, findings and
their follow-up (remediation reports with evidence, review by the province), and petitions with their statutory
deadlines and the hook into the eligibility facts (`awards.PendingProceeding`).

Views, the API and the demo call these functions. Each state change is a conditional UPDATE on the current state
(two officers clicking at once cannot both win) and leaves an audit entry; bad input raises `ValidationError`
with a Vietnamese message, a user without the right raises `PermissionDenied`."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.events import announce
from thidua.core.numbering import next_number
from thidua.core.permissions import require
from thidua.core.workdays import calendar
from thidua.oversight.models import (
    Finding,
    FindingStatus,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    Petition,
    PetitionKind,
    PetitionStatus,
    RemediationFile,
    RemediationReport,
    TeamMember,
)
from thidua.oversight.permissions import PROVINCE_ONLY


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""



def _not_future(day: dt.date | None, label: str):
    if day and day > timezone.localdate():
        raise ValidationError(_("%(f)s không được ở tương lai.") % {"f": label})


def _transition(model, obj, old: str | tuple, values: dict, user, note: str = ""):
    """UPDATE … WHERE status IN old; raise if someone else moved it first; audit the change."""
    olds = old if isinstance(old, tuple) else (old,)
    if obj.status not in olds:
        raise ValidationError(_("Không thể thực hiện thao tác này khi bản ghi đang ở trạng thái «%(s)s».")
                              % {"s": obj.get_status_display()})
    with transaction.atomic():
        updated = model.objects.filter(pk=obj.pk, status=obj.status).update(**values)
        if not updated:
            raise ValidationError(_("Bản ghi vừa được người khác cập nhật; hãy tải lại trang."))
        changes = {}
        for key, value in values.items():
            before = getattr(obj, key)
            if before != value:
                changes[key] = [before.isoformat() if hasattr(before, "isoformat") else before,
                                value.isoformat() if hasattr(value, "isoformat") else value]
            setattr(obj, key, value)
        audit.record(obj, "transition", user=user, changes=changes, note=note)
    return obj


# ---------------------------------------------------------------------------------------------------------------
# Who may be named (pages and API offer the same people)


def team_candidates():
    """The accounts an inspection team (its head, its members) is chosen from: active province-wide users."""
    from thidua.core.models import User
    from thidua.core.roles import PROVINCE_WIDE_ROLES

    return User.objects.filter(is_active=True, role__in=PROVINCE_WIDE_ROLES).order_by("last_name", "first_name")


def handler_candidates():
    """The officers a petition can be given to: active province TĐKT staff."""
    from thidua.core.models import User
    from thidua.core.roles import Role

    return User.objects.filter(role=Role.PROVINCE_STAFF, is_active=True).order_by("last_name", "first_name",
                                                                                   "username")


def plan_task_choices():
    """The tasks of the province's year plans (not of units' own plans) an inspection plan or inspection carries out."""
    from thidua.plans.models import PlanTask

    return PlanTask.objects.filter(plan__parent__isnull=True).select_related("plan").order_by("-plan__year",
                                                                                                "plan__number", "order")


def clean_phone(raw: str) -> str:
    """A petitioner's phone as digits (spaces and dots dropped, an optional leading +); ValidationError otherwise."""
    import re

    phone = re.sub(r"[\s.]", "", raw or "")
    if phone and not re.fullmatch(r"\+?\d{8,15}", phone):
        raise ValidationError(_("Số điện thoại chỉ gồm chữ số (8–15 số)."))
    return phone


# ---------------------------------------------------------------------------------------------------------------
# Inspection plans


def save_inspection_plan(user, plan: InspectionPlan | None, *, year: int, number: str, issued_on: dt.date,
                         title: str, issuer: str = "", signer: str = "", purpose: str = "", plan_task=None):
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Năm kế hoạch không hợp lệ."))
    if issued_on.year not in (year - 1, year):
        raise ValidationError(_("Kế hoạch kiểm tra năm %(y)s phải ban hành trong năm %(y)s hoặc cuối năm trước.")
                              % {"y": year})
    if not (number or "").strip():
        raise ValidationError(_("Cần nhập số kế hoạch."))
    plan = plan or InspectionPlan()
    for key, value in {"year": year, "number": number, "issued_on": issued_on, "title": title.strip(),
                       "signer": signer, "purpose": purpose, "plan_task": plan_task}.items():
        setattr(plan, key, value)
    if issuer:
        plan.issuer = issuer
    clash = InspectionPlan.objects.filter(year=year, number=" ".join(number.split())).exclude(pk=plan.pk)
    if clash.exists():
        raise ValidationError(_("Kế hoạch kiểm tra số %(n)s năm %(y)s đã có.") % {"n": number, "y": year})
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise ValidationError(_("Kế hoạch kiểm tra số %(n)s năm %(y)s đã có.") % {"n": number, "y": year})
    return plan


# ---------------------------------------------------------------------------------------------------------------
# Inspections


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def save_inspection(user, inspection: Inspection | None, *, unit, planned_start: dt.date, planned_end: dt.date,
                    content: str, plan: InspectionPlan | None = None, plan_task=None, quarter: int | None = None,
                    scope: str = "", decision_number: str = "", decision_date: dt.date | None = None,
                    team_head: str = "", team_head_user=None, members: list[dict] | None = None) -> Inspection:
    """Create or edit a planned or running inspection. `members`: [{"name", "title", "user"}] (replaces the team)."""
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    if inspection is not None and inspection.status in (InspectionStatus.CONCLUDED, InspectionStatus.CANCELLED):
        raise ValidationError(_("Cuộc kiểm tra đã kết thúc; không sửa được nữa."))
    if planned_end < planned_start:
        raise ValidationError(_("Ngày kết thúc dự kiến không được trước ngày bắt đầu."))
    if plan is not None and planned_start.year != plan.year:
        raise ValidationError(_("Cuộc kiểm tra thuộc kế hoạch năm %(y)s phải bắt đầu trong năm %(y)s.")
                              % {"y": plan.year})
    if not content.strip():
        raise ValidationError(_("Cần nhập nội dung kiểm tra."))
    if decision_date and decision_date > planned_start:
        raise ValidationError(_("Quyết định kiểm tra phải ban hành trước ngày bắt đầu kiểm tra."))
    if team_head_user is not None and not team_head:
        team_head = team_head_user.display_name
    quarter = quarter or quarter_of(planned_start)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("Quý phải là I, II, III hoặc IV."))
    inspection = inspection or Inspection()
    fields = {"unit": unit, "planned_start": planned_start, "planned_end": planned_end, "content": content.strip(),
              "plan": plan, "plan_task": plan_task,
              "quarter": quarter, "scope": scope, "decision_number": decision_number, "decision_date": decision_date,
              "team_head": team_head, "team_head_user": team_head_user}
    for key, value in fields.items():
        setattr(inspection, key, value)
    with transaction.atomic():
        inspection.save()
        if members is not None:
            inspection.members.all().delete()
            for i, m in enumerate(members):
                name = (m.get("name") or (m["user"].display_name if m.get("user") else "")).strip()
                if name:
                    TeamMember.objects.create(inspection=inspection, user=m.get("user"), name=name[:150],
                                              title=(m.get("title") or "")[:200], position=i)
    return inspection


def start_inspection(user, inspection: Inspection, started_on: dt.date | None = None) -> Inspection:
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    started_on = started_on or timezone.localdate()
    _not_future(started_on, _("Ngày bắt đầu kiểm tra"))
    return _transition(Inspection, inspection, InspectionStatus.PLANNED,
                       {"status": InspectionStatus.IN_PROGRESS, "started_on": started_on}, user)


def conclude_inspection(user, inspection: Inspection, *, conclusion: str, conclusion_number: str,
                        conclusion_date: dt.date) -> Inspection:
    """Record the conclusion notice (thông báo kết luận kiểm tra)."""
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    if not conclusion.strip():
        raise ValidationError(_("Cần nhập nội dung kết luận kiểm tra."))
    if not conclusion_number.strip():
        raise ValidationError(_("Cần nhập số thông báo kết luận."))
    _not_future(conclusion_date, _("Ngày thông báo kết luận"))
    if inspection.started_on and conclusion_date < inspection.started_on:
        raise ValidationError(_("Ngày thông báo kết luận (%(c)s) không được trước ngày bắt đầu kiểm tra (%(s)s).")
                              % {"c": _d(conclusion_date), "s": _d(inspection.started_on)})
    return _transition(Inspection, inspection, InspectionStatus.IN_PROGRESS, {
        "status": InspectionStatus.CONCLUDED, "conclusion": conclusion.strip(),
        "conclusion_number": " ".join(conclusion_number.split()), "conclusion_date": conclusion_date,
    }, user)


def cancel_inspection(user, inspection: Inspection, reason: str) -> Inspection:
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    if not reason.strip():
        raise ValidationError(_("Cần nêu lý do hủy cuộc kiểm tra."))
    return _transition(Inspection, inspection, InspectionStatus.PLANNED,
                       {"status": InspectionStatus.CANCELLED, "cancel_reason": reason.strip()}, user)


# ---------------------------------------------------------------------------------------------------------------
# Findings and their follow-up


def finding_due_on(inspection: Inspection, *, due_on: dt.date | None, working_days: int | None) -> dt.date:
    """The remediation deadline: a date, or N working days after the conclusion notice (or today, before it)."""
    if (due_on is None) == (working_days is None):
        raise ValidationError(_("Nhập hạn khắc phục: hoặc một ngày cụ thể, hoặc số ngày làm việc (không cả hai)."))
    base = inspection.conclusion_date or inspection.started_on or timezone.localdate()
    if working_days is not None:
        if not 1 <= working_days <= 365:
            raise ValidationError(_("Số ngày làm việc để khắc phục phải từ 1 đến 365."))
        return calendar().add_working_days(base, working_days)
    if due_on < base:
        raise ValidationError(_("Hạn khắc phục (%(d)s) không được trước ngày %(b)s.") % {"d": _d(due_on), "b": _d(base)})
    return due_on


def save_finding(user, inspection: Inspection, finding: Finding | None, *, category: str, description: str,
                 recommendation: str, responsible_unit=None, due_on: dt.date | None = None,
                 working_days: int | None = None) -> Finding:
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    if inspection.status not in (InspectionStatus.IN_PROGRESS, InspectionStatus.CONCLUDED):
        raise ValidationError(_("Chỉ ghi tồn tại khi cuộc kiểm tra đang tiến hành hoặc đã kết luận."))
    if category not in Finding.Category.values:
        raise ValidationError(_("Loại tồn tại không hợp lệ."))
    if not description.strip() or not recommendation.strip():
        raise ValidationError(_("Cần nhập cả tồn tại, hạn chế và kiến nghị khắc phục."))
    if finding is not None and finding.status == FindingStatus.REMEDIED:
        raise ValidationError(_("Tồn tại này đã được xác nhận khắc phục; không sửa được nữa."))
    finding = finding or Finding(inspection=inspection)
    finding.category = category
    finding.description = description.strip()
    finding.recommendation = recommendation.strip()
    finding.responsible_unit = responsible_unit or inspection.unit
    finding.due_on = finding_due_on(inspection, due_on=due_on, working_days=working_days)
    finding.due_working_days = working_days
    finding.save()
    return finding


def report_remediation(user, finding: Finding, *, note: str, files=()) -> RemediationReport:
    """The responsible unit reports what it did (evidence: PDF, Word, Excel, images — checked like plans)."""
    from thidua.plans.services import check_evidence

    if not user.has_perm("oversight.report_remediation", finding):
        raise PermissionDenied(_("Chỉ đơn vị chịu trách nhiệm khắc phục được báo cáo tồn tại này."))
    if finding.status == FindingStatus.REMEDIED:
        raise ValidationError(_("Tồn tại này đã được xác nhận khắc phục."))
    if not note.strip():
        raise ValidationError(_("Cần nhập kết quả khắc phục."))
    unit_id = user.unit_id or finding.responsible_unit_id
    content_types = [check_evidence(f) for f in files]
    today = timezone.localdate()
    with transaction.atomic():
        report = RemediationReport.objects.create(finding=finding, unit_id=unit_id, author=user,
                                                  author_name=user.display_name, note=note.strip())
        for upload, content_type in zip(files, content_types, strict=True):
            RemediationFile.objects.create(report=report, file=upload, original_name=upload.name[:255],
                                           content_type=content_type, size=upload.size)
        if finding.status == FindingStatus.OPEN:
            _transition(Finding, finding, FindingStatus.OPEN,
                        {"status": FindingStatus.REPORTED, "reported_on": today}, user, note=note.strip())
        else:
            Finding.objects.filter(pk=finding.pk).update(reported_on=today)
            finding.reported_on = today
    return report


def review_finding(user, finding: Finding, *, accept: bool, note: str = "",
                   remedied_on: dt.date | None = None) -> Finding:
    """Province staff confirm the remediation (→ remedied) or send it back (→ open, the deadline runs again)."""
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    if accept:
        remedied_on = remedied_on or timezone.localdate()
        _not_future(remedied_on, _("Ngày xác nhận khắc phục"))
        return _transition(Finding, finding, (FindingStatus.OPEN, FindingStatus.REPORTED),
                           {"status": FindingStatus.REMEDIED, "remedied_on": remedied_on, "review_note": note.strip()},
                           user, note=note.strip())
    if not note.strip():
        raise ValidationError(_("Cần nêu lý do yêu cầu đơn vị tiếp tục khắc phục."))
    return _transition(Finding, finding, FindingStatus.REPORTED,
                       {"status": FindingStatus.OPEN, "review_note": note.strip()}, user, note=note.strip())


def mark_finding_violation(user, finding: Finding, *, person=None, opened_on: dt.date | None = None,
                           note: str = "") -> Finding:
    """Mark a finding as a sign of violation: it opens a pending proceeding (kind «inspection») that holds the
    awards of the person named, or else the collective awards of the unit responsible, until it is cleared."""
    from thidua.awards import services as award_services
    from thidua.awards.models import PendingProceeding

    require(user, "oversight.manage", message=PROVINCE_ONLY)
    opened_on = opened_on or timezone.localdate()
    _not_future(opened_on, _("Ngày ghi nhận dấu hiệu vi phạm"))
    if finding.proceeding_id and finding.proceeding.closed_on is None:
        raise ValidationError(_("Tồn tại này đã được ghi nhận là có dấu hiệu vi phạm; hãy kết thúc việc đó trước."))
    inspection = finding.inspection
    if person is not None and not person.unit.path.startswith(inspection.unit.path) \
            and not person.unit.path.startswith(finding.responsible_unit.path):
        raise ValidationError(_("Cá nhân được chọn không thuộc đơn vị được kiểm tra."))
    text = _("Kiểm tra %(unit)s%(decision)s — tồn tại: %(what)s") % {
        "unit": inspection.unit.name,
        "decision": (_(" (Quyết định số %(n)s)") % {"n": inspection.decision_number}) if inspection.decision_number else "",
        "what": finding.description[:300]}
    if note.strip():
        text += f". {note.strip()}"
    with transaction.atomic():
        locked = Finding.objects.filter(pk=finding.pk, proceeding=finding.proceeding_id).update(proceeding=None)
        if not locked:
            raise ValidationError(_("Bản ghi vừa được người khác cập nhật; hãy tải lại trang."))
        proceeding = award_services.open_proceeding(
            kind=PendingProceeding.Kind.INSPECTION, opened_on=opened_on, person=person,
            unit=None if person is not None else finding.responsible_unit, note=text, user=user)
        Finding.objects.filter(pk=finding.pk).update(proceeding=proceeding)
        finding.proceeding = proceeding
        audit.record(finding, "transition", user=user, note=note.strip(),
                     changes={"violation": [False, True], "proceeding": [None, proceeding.pk]})
    return finding


def clear_finding_violation(user, finding: Finding, *, closed_on: dt.date | None = None, note: str) -> Finding:
    """The sign of violation is cleared (verified, concluded): the awards it held may go on."""
    from thidua.awards import services as award_services

    require(user, "oversight.manage", message=PROVINCE_ONLY)
    if not note.strip():
        raise ValidationError(_("Cần ghi kết quả xác minh, kết luận."))
    closed_on = closed_on or timezone.localdate()
    proceeding = finding.proceeding if finding.proceeding_id else None
    if proceeding is None or proceeding.closed_on is not None:
        raise ValidationError(_("Tồn tại này không có dấu hiệu vi phạm nào đang xem xét."))
    with transaction.atomic():
        award_services.close_proceeding(proceeding, closed_on=closed_on, note=note, user=user)
        audit.record(finding, "transition", user=user, note=note.strip(), changes={"violation": [True, False]})
    return finding


# ---------------------------------------------------------------------------------------------------------------
# Petitions


def _petition_number(year: int) -> str:
    return f"ĐT-{year}-{next_number('TĐKT', 'ĐT', year):03d}"


def _check_links(fields: dict):
    award, person, dossier = fields.get("award"), fields.get("person"), fields.get("dossier")
    if award is not None and person is not None and award.person_id and award.person_id != person.pk:
        raise ValidationError(_("Khen thưởng được chọn không phải của cá nhân được chọn."))
    if award is not None and person is None and award.person_id:
        fields["person"] = award.person
    if dossier is not None and person is not None:
        from thidua.dossiers.models import Nomination

        if not Nomination.objects.filter(dossier=dossier, person=person).exists():
            raise ValidationError(_("Cá nhân được chọn không có trong hồ sơ khen thưởng được chọn."))


PETITION_FIELDS = ("kind", "received_on", "channel", "forwarded_by", "petitioner_name", "petitioner_address",
                   "petitioner_phone", "subject_unit", "person", "dossier", "award", "summary", "content",
                   "complex_case", "remote_area")


def save_petition(user, petition: Petition | None, **fields) -> Petition:
    """Register a new petition (numbered ĐT-<year>-<nnn>) or correct an open one; deadlines follow."""
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    unknown = set(fields) - set(PETITION_FIELDS)
    if unknown:
        raise ValueError(f"unknown petition fields: {sorted(unknown)}")
    if petition is not None and not petition.is_open:
        raise ValidationError(_("Đơn đã kết thúc xử lý; không sửa được nữa."))
    kind = fields.get("kind", petition.kind if petition else None)
    if kind not in PetitionKind.values:
        raise ValidationError(_("Loại đơn không hợp lệ."))
    received_on = fields.get("received_on", petition.received_on if petition else None)
    if received_on is None:
        raise ValidationError(_("Cần nhập ngày nhận đơn."))
    _not_future(received_on, _("Ngày nhận đơn"))
    if petition is not None and petition.accepted_on and received_on > petition.accepted_on:
        raise ValidationError(_("Ngày nhận đơn không được sau ngày thụ lý."))
    if not (fields.get("summary", petition.summary if petition else "") or "").strip():
        raise ValidationError(_("Cần nhập tóm tắt nội dung đơn."))
    if fields.get("channel") == Petition.Channel.TRANSFERRED and not (fields.get("forwarded_by") or "").strip():
        raise ValidationError(_("Đơn do cơ quan khác chuyển đến: cần ghi tên cơ quan chuyển đơn."))
    if petition is not None and petition.accepted_on:
        for key in ("kind", "person", "award"):
            if key in fields and fields[key] != getattr(petition, key):
                raise ValidationError(_("Đơn đã thụ lý: không đổi loại đơn, cá nhân hay khen thưởng liên quan; nếu "
                                        "ghi nhầm, hãy kết thúc đơn này (chuyển hoặc ghi kết quả) và ghi đơn mới."))
    _check_links(fields)
    petition = petition or Petition(created_at=timezone.now())
    for key, value in fields.items():
        setattr(petition, key, value)
    if kind != PetitionKind.COMPLAINT:
        petition.remote_area = False
    with transaction.atomic():
        if not petition.number:
            petition.number = _petition_number(received_on.year)
        petition.refresh_deadlines()
        petition.save()
    return petition


def _proceeding_subject(petition: Petition) -> dict | None:
    """Whom an accepted complaint or denunciation holds (NĐ 152/2025 Art 4.4): the person it concerns (directly or
    through their award), or the collective whose award it concerns; naming neither, the unit complained about or
    denounced (its collective nominations, not its members')."""
    if petition.person_id:
        return {"person_id": petition.person_id}
    if petition.award_id:
        award = petition.award
        return {"person_id": award.person_id} if award.person_id else {"unit_id": award.unit_id}
    if petition.subject_unit_id:
        return {"unit_id": petition.subject_unit_id}
    return None


def _open_proceeding(petition: Petition, user):
    from thidua.awards.models import PendingProceeding

    if petition.kind not in (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION) or petition.proceeding_id:
        return
    subject = _proceeding_subject(petition)
    if subject is None:
        return
    kind = (PendingProceeding.Kind.COMPLAINT if petition.kind == PetitionKind.COMPLAINT
            else PendingProceeding.Kind.DENUNCIATION)
    proceeding = PendingProceeding.objects.create(
        kind=kind, opened_on=petition.accepted_on,
        note=_("Đơn %(k)s số %(n)s, thụ lý ngày %(d)s: %(s)s")
        % {"k": petition.get_kind_display().lower(), "n": petition.number, "d": _d(petition.accepted_on),
           "s": petition.summary[:200]},
        **subject,
    )
    Petition.objects.filter(pk=petition.pk).update(proceeding=proceeding)
    petition.proceeding = proceeding


def _close_proceeding(petition: Petition, on: dt.date):
    from thidua.awards.models import PendingProceeding

    if not petition.proceeding_id:
        return
    proceeding = PendingProceeding.objects.filter(pk=petition.proceeding_id, closed_on__isnull=True).first()
    if proceeding is not None:
        proceeding.closed_on = max(on, proceeding.opened_on)
        proceeding.save(update_fields=["closed_on"])


def accept_petition(user, petition: Petition, accepted_on: dt.date | None = None, note: str = "") -> Petition:
    """Thụ lý. A complaint or denunciation must name the sender and their address (Luật Khiếu nại 2011 Art 8;
    Luật Tố cáo 2018 Art 23, 25 — an anonymous denunciation is not accepted). An accepted complaint or
    denunciation about a person or an award opens a pending proceeding that holds their awards until it closes."""
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    accepted_on = accepted_on or timezone.localdate()
    _not_future(accepted_on, _("Ngày thụ lý"))
    if accepted_on < petition.received_on:
        raise ValidationError(_("Ngày thụ lý không được trước ngày nhận đơn (%(d)s).") % {"d": _d(petition.received_on)})
    if petition.kind in (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION) and not (
        petition.petitioner_name.strip() and petition.petitioner_address.strip()
    ):
        raise ValidationError(_("Đơn %(k)s không ghi rõ họ tên, địa chỉ người gửi nên không đủ điều kiện thụ lý; "
                                "hãy chọn «Không thụ lý» và nêu lý do.") % {"k": petition.get_kind_display().lower()})
    preview = Petition(kind=petition.kind, received_on=petition.received_on, accepted_on=accepted_on,
                       complex_case=petition.complex_case, remote_area=petition.remote_area,
                       extensions=petition.extensions)
    resolve_by = preview.deadlines().resolve_by
    with transaction.atomic():
        _transition(Petition, petition, PetitionStatus.RECEIVED,
                    {"status": PetitionStatus.ACCEPTED, "accepted_on": accepted_on, "resolve_by": resolve_by},
                    user, note=note)
        _open_proceeding(petition, user)
    return petition


def reject_petition(user, petition: Petition, *, reason: str, on: dt.date | None = None) -> Petition:
    """Không thụ lý, with the reason (e.g. đơn nặc danh, hết thời hiệu, không thuộc thẩm quyền)."""
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    if not reason.strip():
        raise ValidationError(_("Cần nêu lý do không thụ lý."))
    on = on or timezone.localdate()
    _not_future(on, _("Ngày thông báo không thụ lý"))
    return _transition(Petition, petition, PetitionStatus.RECEIVED, {
        "status": PetitionStatus.NOT_ACCEPTED, "not_accepted_reason": reason.strip(), "closed_on": on,
    }, user, note=reason.strip())


def start_resolving(user, petition: Petition, note: str = "") -> Petition:
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    return _transition(Petition, petition, PetitionStatus.ACCEPTED, {"status": PetitionStatus.IN_PROGRESS}, user,
                       note=note)


def extend_petition(user, petition: Petition, *, note: str) -> Petition:
    """Gia hạn giải quyết tố cáo (Luật Tố cáo 2018 Art 30): once for a complex case, twice for an especially complex
    one, 30 days each. Complaints have no extension beyond the complex-case term of Art 28."""
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    if petition.kind != PetitionKind.DENUNCIATION:
        raise ValidationError(_("Chỉ gia hạn giải quyết đối với đơn tố cáo; với khiếu nại, đánh dấu «vụ việc phức tạp»."))
    if petition.status not in (PetitionStatus.ACCEPTED, PetitionStatus.IN_PROGRESS):
        raise ValidationError(_("Chỉ gia hạn khi đơn đã thụ lý và đang giải quyết."))
    if not petition.complex_case:
        raise ValidationError(_("Chỉ gia hạn đối với vụ việc phức tạp; hãy đánh dấu «vụ việc phức tạp» trước."))
    if petition.extensions >= 2:
        raise ValidationError(_("Đã gia hạn hai lần — mức tối đa đối với vụ việc đặc biệt phức tạp."))
    if not note.strip():
        raise ValidationError(_("Cần nêu lý do gia hạn."))
    extensions = petition.extensions + 1
    preview = Petition(kind=petition.kind, received_on=petition.received_on, accepted_on=petition.accepted_on,
                       extensions=extensions)
    return _transition(Petition, petition, (PetitionStatus.ACCEPTED, PetitionStatus.IN_PROGRESS),
                       {"extensions": extensions, "resolve_by": preview.deadlines().resolve_by}, user,
                       note=note.strip())


def resolve_petition(user, petition: Petition, *, result: str, decision_number: str = "",
                     decision_date: dt.date | None = None) -> Petition:
    """Đã giải quyết: the result and the resolving document (quyết định giải quyết khiếu nại, kết luận nội dung tố
    cáo, văn bản trả lời kiến nghị). Closes the pending proceeding it opened."""
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    if not result.strip():
        raise ValidationError(_("Cần nhập kết quả giải quyết."))
    if petition.kind in (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION) and not decision_number.strip():
        raise ValidationError(_("Cần nhập số quyết định giải quyết khiếu nại hoặc kết luận nội dung tố cáo."))
    decision_date = decision_date or timezone.localdate()
    _not_future(decision_date, _("Ngày văn bản giải quyết"))
    if petition.accepted_on and decision_date < petition.accepted_on:
        raise ValidationError(_("Ngày văn bản giải quyết không được trước ngày thụ lý (%(d)s).")
                              % {"d": _d(petition.accepted_on)})
    with transaction.atomic():
        _transition(Petition, petition, (PetitionStatus.ACCEPTED, PetitionStatus.IN_PROGRESS), {
            "status": PetitionStatus.RESOLVED, "result": result.strip(),
            "decision_number": " ".join(decision_number.split()), "decision_date": decision_date,
            "closed_on": decision_date,
        }, user)
        _close_proceeding(petition, decision_date)
    return petition


def assign_petition(user, petition: Petition, handler, note: str = "") -> Petition:
    """Giao xử lý: put a province TĐKT officer in charge of an open petition; they are told (unless they assigned
    it to themselves) and get its deadline reminders."""
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    if not petition.is_open:
        raise ValidationError(_("Đơn đã kết thúc xử lý; không giao xử lý được nữa."))
    if handler is None or not handler.has_perm("oversight.manage"):
        raise ValidationError(_("Chỉ giao đơn cho cán bộ TĐKT cấp tỉnh đang làm việc."))
    before = petition.handler.display_name if petition.handler_id else ""
    with transaction.atomic():
        updated = Petition.objects.filter(pk=petition.pk, status=petition.status).update(handler=handler)
        if not updated:
            raise ValidationError(_("Bản ghi vừa được người khác cập nhật; hãy tải lại trang."))
        petition.handler = handler
        audit.record(petition, "update", user=user, changes={"handler": [before, handler.display_name]},
                     note=note.strip())
        announce("petition.assigned", petition, [handler], actor=user, due=petition.current_due_on,
                 note=note.strip() or petition.summary[:300])
    return petition


def forward_petition(user, petition: Petition, *, to: str, on: dt.date | None = None, note: str = "") -> Petition:
    """Chuyển đơn to the competent body (không thuộc thẩm quyền); closes any pending proceeding it opened here."""
    require(user, "oversight.manage", message=PROVINCE_ONLY)
    if not to.strip():
        raise ValidationError(_("Cần ghi cơ quan có thẩm quyền nhận đơn chuyển."))
    on = on or timezone.localdate()
    _not_future(on, _("Ngày chuyển đơn"))
    if on < petition.received_on:
        raise ValidationError(_("Ngày chuyển đơn không được trước ngày nhận đơn."))
    with transaction.atomic():
        _transition(Petition, petition, (PetitionStatus.RECEIVED, PetitionStatus.ACCEPTED, PetitionStatus.IN_PROGRESS),
                    {"status": PetitionStatus.FORWARDED, "forwarded_to": to.strip(), "closed_on": on}, user,
                    note=note)
        _close_proceeding(petition, on)
    return petition
