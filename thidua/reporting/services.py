"""Every change to report requests and units' reports: issue a request, fill, send to the head, approve, return,
accept, remind. Each checks the permission and the current state, runs inside `transaction.atomic()`, moves a
status only through `core.transitions.transition_status` (conditional UPDATE + audit row) and announces the events
a user must act on (`core.events.announce`, delivered after commit)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import audit, workdays
from thidua.core.events import announce
from thidua.core.models import User
from thidua.core.roles import Role
from thidua.core.transitions import transition_status
from thidua.core.uploads import EVIDENCE, check_upload
from thidua.orgs.models import EmulationGroup, Unit
from thidua.reporting.models import (
    EDITABLE,
    PENDING,
    FieldKind,
    ReportAttachment,
    ReportRequest,
    ReportSubmission,
    ReportTemplate,
    RequestKind,
    SubmissionStatus,
)

DUE_SOON_WORKING_DAYS = 3  # «report.due_soon» goes out this many working days before the due date
UNIT_EDITOR_ROLES = (Role.UNIT_OFFICER, Role.GROUP_HEAD)


def _require(user, perm: str, obj=None, message: str = ""):
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("Bạn không có quyền thực hiện thao tác này."))


# ---------------------------------------------------------------------------------------------------------------
# Fields of a form (template or request)


def clean_fields(rows) -> list[dict]:
    """The ordered field list from rows `{"label", "kind", "required"}` (blank labels skipped); keys f1, f2, … in
    order. ValidationError when no field is left, a kind is unknown or two labels repeat."""
    out, seen = [], set()
    for row in rows or []:
        label = " ".join(str(row.get("label") or "").split())
        if not label:
            continue
        kind = row.get("kind") or FieldKind.TEXT
        if kind not in FieldKind.values:
            raise ValidationError(_("Loại trường «%(kind)s» không hợp lệ.") % {"kind": kind})
        if label.casefold() in seen:
            raise ValidationError(_("Trường «%(label)s» bị lặp.") % {"label": label})
        seen.add(label.casefold())
        out.append(
            {
                "key": f"f{len(out) + 1}",
                "label": label[:300],
                "kind": kind,
                "required": bool(row.get("required")),
            }
        )
    if not out:
        raise ValidationError(_("Mẫu báo cáo cần ít nhất một trường."))
    return out


def save_template(user, *, name: str, fields, description: str = "", template: ReportTemplate | None = None):
    _require(user, "reporting.manage_requests")
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Cần nhập tên mẫu báo cáo."))
    cleaned = clean_fields(fields)
    clash = ReportTemplate.objects.filter(name__iexact=name)
    if template is not None:
        clash = clash.exclude(pk=template.pk)
    if clash.exists():
        raise ValidationError(_("Đã có mẫu báo cáo tên «%(name)s».") % {"name": name})
    with transaction.atomic():
        template = template or ReportTemplate(created_by=user)
        template.name, template.description, template.fields = name, description.strip(), cleaned
        template.save()
    return template


# ---------------------------------------------------------------------------------------------------------------
# Issuing a request


def province_units(today: dt.date | None = None):
    """«All units»: the active units directly under the province (agencies, localities, schools…)."""
    today = today or timezone.localdate()
    return Unit.objects.active_on(today).filter(parent__kind=Unit.Kind.PROVINCE)


def requestable_units(today: dt.date | None = None):
    """The units a request may name one by one: every active unit but the province itself (the page's list)."""
    today = today or timezone.localdate()
    return Unit.objects.active_on(today).exclude(kind=Unit.Kind.PROVINCE).order_by("sort_key")


def target_units(*, all_units: bool = False, groups=(), units=(), today: dt.date | None = None) -> list[Unit]:
    """The union of: every province unit, the current members of the chosen Cụm/Khối, the listed units."""
    today = today or timezone.localdate()
    q = Q(pk__in=[u.pk for u in units])
    if all_units:
        q |= Q(pk__in=province_units(today).values("pk"))
    group_ids = [g.pk for g in groups]
    if group_ids:
        members = EmulationGroup.members.through.objects.filter(group_id__in=group_ids).filter(
            Q(left_on__isnull=True) | Q(left_on__gte=today)
        )
        q |= Q(pk__in=members.values("unit_id"))
    return list(Unit.objects.filter(q).order_by("sort_key", "pk"))


def period_of(kind: str, year: int) -> tuple[dt.date, dt.date]:
    """The usual period of a 6-month or annual review (1/1–30/6, 1/1–31/12)."""
    if kind == RequestKind.HALF_YEAR:
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def unit_people(unit_ids, roles) -> dict[int, list[User]]:
    out: dict[int, list[User]] = {}
    for u in User.objects.filter(is_active=True, unit_id__in=set(unit_ids), role__in=roles).order_by("id"):
        out.setdefault(u.unit_id, []).append(u)
    return out


def issue_request(
    user,
    *,
    kind: str,
    title: str,
    year: int,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    due_on: dt.date | None = None,
    due_working_days: int | None = None,
    instructions: str = "",
    template: ReportTemplate | None = None,
    fields=None,
    units,
    today: dt.date | None = None,
) -> ReportRequest:
    """Send a request to `units`: one draft report per unit, and «report.requested» to their officers and heads.
    The due date is a date or a number of working days after today (core/workdays.py)."""
    _require(user, "reporting.manage_requests")
    today = today or timezone.localdate()
    errors = {}
    if kind not in RequestKind.values:
        errors["kind"] = _("Loại báo cáo không hợp lệ.")
    title = " ".join((title or "").split())
    if not title:
        errors["title"] = _("Cần nhập tên báo cáo.")
    if (due_on is None) == (due_working_days is None):
        errors["due_on"] = _("Nhập hạn gửi: hoặc một ngày cụ thể, hoặc số ngày làm việc (không cả hai).")
    elif due_working_days is not None:
        if due_working_days < 1:
            errors["due_working_days"] = _("Số ngày làm việc phải lớn hơn 0.")
        else:
            due_on = workdays.add_working_days(today, due_working_days)
    elif due_on < today:
        errors["due_on"] = _("Hạn gửi báo cáo không được trước hôm nay.")
    if kind in RequestKind.values and (period_start is None or period_end is None):
        if kind in (RequestKind.HALF_YEAR, RequestKind.ANNUAL):
            period_start, period_end = period_of(kind, year)
        else:
            errors["period_start"] = _("Cần nhập kỳ báo cáo (từ ngày, đến ngày).")
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = _("Ngày kết thúc kỳ báo cáo không được trước ngày bắt đầu.")
    units = list(units)
    if not units:
        errors["units"] = _("Chọn ít nhất một đơn vị phải báo cáo.")
    try:
        cleaned = clean_fields(template.fields if template is not None and not fields else fields)
    except ValidationError as exc:
        errors["fields"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = ReportRequest.objects.create(
            kind=kind,
            title=title,
            year=year,
            period_start=period_start,
            period_end=period_end,
            due_on=due_on,
            due_working_days=due_working_days,
            instructions=(instructions or "").strip(),
            template=template,
            fields=cleaned,
            created_by=user,
        )
        ReportSubmission.objects.bulk_create([ReportSubmission(request=request, unit=u) for u in units])
        audit.record(
            request,
            "update",
            user=user,
            changes={"units": [u.name for u in units]},
            note=_("Gửi yêu cầu báo cáo đến %(n)d đơn vị") % {"n": len(units)},
        )
        people = unit_people([u.pk for u in units], (*UNIT_EDITOR_ROLES, Role.UNIT_LEADER))
        recipients = [p for u in units for p in people.get(u.pk, [])]
        announce("report.requested", request, recipients, actor=user, due=due_on)
    return request


# ---------------------------------------------------------------------------------------------------------------
# A unit's report

MAX_NUMBER = Decimal(10) ** 15  # a report's figures are counts and amounts, never beyond this
_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")


def parse_number(raw: str):
    """'1.234,5' (Vietnamese), '1234.5', '1 234' → a number; ValueError otherwise."""
    text = re.sub(r"\s", "", str(raw))
    if _THOUSANDS.fullmatch(text):
        text = text.replace(".", "").replace(",", ".")
    elif "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text)
    if not value.is_finite() or abs(value) >= MAX_NUMBER:
        raise ValueError(text)
    return int(value) if value == value.to_integral_value() else float(value)


def clean_values(fields: list[dict], raw: dict, *, complete: bool) -> dict:
    """The values of the request's fields typed by the officer, converted by kind (numbers as numbers, dates ISO).
    With `complete`, a required field left blank is an error (sending); a draft may be partial."""
    values, errors = {}, {}
    for f in fields:
        value = raw.get(f["key"])
        text = "" if value is None else str(value).strip()  # a figure of 0 is an answer, not a blank
        if not text:
            if complete and f.get("required"):
                errors[f["key"]] = _("Cần nhập «%(label)s».") % {"label": f["label"]}
            continue
        if f["kind"] == FieldKind.NUMBER:
            try:
                values[f["key"]] = parse_number(text)
            except ValueError:
                errors[f["key"]] = _("«%(label)s» phải là một số.") % {"label": f["label"]}
        elif f["kind"] == FieldKind.DATE:
            try:
                values[f["key"]] = dt.datetime.strptime(text, "%d/%m/%Y").date().isoformat()
            except ValueError:
                try:
                    values[f["key"]] = dt.date.fromisoformat(text).isoformat()
                except ValueError:
                    errors[f["key"]] = _("«%(label)s»: nhập ngày dạng ngày/tháng/năm.") % {
                        "label": f["label"]
                    }
        else:
            values[f["key"]] = text[:10000]
    if errors:
        raise ValidationError(errors)
    return values


def save_submission(user, submission: ReportSubmission, *, values: dict, summary: str = "", files=()):
    """The officer saves the unit's report (a draft may be incomplete) and attaches files."""
    _require(
        user,
        "reporting.prepare_submission",
        submission,
        _("Chỉ cán bộ TĐKT của đơn vị được soạn báo cáo khi báo cáo đang soạn hoặc bị trả lại."),
    )
    cleaned = clean_values(submission.request.fields, values, complete=False)
    checked = [check_upload(f, EVIDENCE) for f in files]
    with transaction.atomic():
        updated = ReportSubmission.objects.filter(pk=submission.pk, status__in=EDITABLE).update(
            values=cleaned, summary=(summary or "").strip(), prepared_by=user, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError(_("Trạng thái của bản ghi đã thay đổi, vui lòng tải lại trang."))
        submission.values, submission.summary, submission.prepared_by = cleaned, (summary or "").strip(), user
        audit.record(
            submission, "update", user=user, changes={"values": cleaned, "summary": submission.summary}
        )
        for upload, check in zip(files, checked, strict=True):
            ReportAttachment.objects.create(
                report=submission,
                file=upload,
                original_name=upload.name[:255],
                content_type=check.content_type,
                size=upload.size,
            )
    return submission


def send_for_approval(user, submission: ReportSubmission):
    """The officer sends the finished report to the unit's head («report.awaiting_unit_approval»). A unit without
    an active head's account sends it to the province at once, as its dossiers do (dossiers.workflow)."""
    _require(
        user,
        "reporting.prepare_submission",
        submission,
        _("Chỉ cán bộ TĐKT của đơn vị được trình báo cáo khi báo cáo đang soạn hoặc bị trả lại."),
    )
    clean_values(submission.request.fields, submission.values, complete=True)
    leaders = unit_people([submission.unit_id], (Role.UNIT_LEADER,)).get(submission.unit_id, [])
    with transaction.atomic():
        if not leaders:
            return transition_status(
                ReportSubmission,
                submission,
                EDITABLE,
                SubmissionStatus.SUBMITTED,
                user=user,
                note=_("Đơn vị chưa có tài khoản lãnh đạo đơn vị: báo cáo được gửi thẳng lên tỉnh."),
                extra={"prepared_by": user, "prepared_at": timezone.now(), "submitted_at": timezone.now(),
                       "return_reason": ""},
            )
        transition_status(
            ReportSubmission,
            submission,
            EDITABLE,
            SubmissionStatus.AWAITING_UNIT_APPROVAL,
            user=user,
            note=_("Trình lãnh đạo đơn vị duyệt"),
            extra={"prepared_by": user, "prepared_at": timezone.now()},
        )
        announce(
            "report.awaiting_unit_approval", submission, leaders, actor=user, due=submission.request.due_on
        )
    return submission


def approve(user, submission: ReportSubmission, *, note: str = ""):
    """The unit's head approves: the report goes to the province."""
    _require(
        user,
        "reporting.approve_submission",
        submission,
        _("Chỉ lãnh đạo đơn vị được duyệt báo cáo đang chờ duyệt."),
    )
    return transition_status(
        ReportSubmission,
        submission,
        [SubmissionStatus.AWAITING_UNIT_APPROVAL],
        SubmissionStatus.SUBMITTED,
        user=user,
        note=note.strip() or _("Lãnh đạo đơn vị duyệt, gửi tỉnh"),
        extra={"approved_by": user, "submitted_at": timezone.now(), "return_reason": ""},
    )


def return_submission(user, submission: ReportSubmission, *, reason: str):
    """Back to the officer with a reason: by the unit's head before it leaves the unit, or by the province after
    it arrived («report.returned» to the unit's officers, and to its heads when the province returns it)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần nêu lý do trả lại.")})
    if user.has_perm("reporting.approve_submission", submission):
        from_state, roles = SubmissionStatus.AWAITING_UNIT_APPROVAL, UNIT_EDITOR_ROLES
    elif user.has_perm("reporting.review_submission", submission):
        from_state, roles = SubmissionStatus.SUBMITTED, (*UNIT_EDITOR_ROLES, Role.UNIT_LEADER)
    else:
        raise PermissionDenied(_("Bạn không có quyền trả lại báo cáo này."))
    with transaction.atomic():
        transition_status(
            ReportSubmission,
            submission,
            [from_state],
            SubmissionStatus.RETURNED,
            user=user,
            note=reason,
            extra={"returned_by": user, "returned_at": timezone.now(), "return_reason": reason},
        )
        people = unit_people([submission.unit_id], roles).get(submission.unit_id, [])
        announce(
            "report.returned", submission, people, actor=user, due=submission.request.due_on, note=reason
        )
    return submission


def accept(user, submission: ReportSubmission):
    _require(
        user,
        "reporting.review_submission",
        submission,
        _("Chỉ cán bộ TĐKT cấp tỉnh tiếp nhận báo cáo đã gửi."),
    )
    return transition_status(
        ReportSubmission,
        submission,
        [SubmissionStatus.SUBMITTED],
        SubmissionStatus.ACCEPTED,
        user=user,
        note=_("Tiếp nhận báo cáo"),
        extra={"accepted_at": timezone.now()},
    )


# ---------------------------------------------------------------------------------------------------------------
# Reminders


def due_for_reminder(today: dt.date, cal=None, *, days: int = DUE_SOON_WORKING_DAYS):
    """Reports still owed whose due date is within `days` working days (not yet passed) or already passed, not
    reminded today. Each row gets `reminder_kind` ('report.due_soon' or 'report.late')."""
    cal = cal or workdays.calendar()
    horizon = cal.add_working_days(today, days)
    rows = list(
        ReportSubmission.objects.pending()
        .filter(request__due_on__lte=horizon)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .select_related("request", "unit")
        .order_by("request__due_on", "request_id", "id")
    )
    for s in rows:
        s.reminder_kind = "report.late" if s.request.due_on < today else "report.due_soon"
    return rows


def remind(
    submissions, today: dt.date | None = None, *, user=None, dry_run: bool = False
) -> list[ReportSubmission]:
    """Announce «report.due_soon» / «report.late» to the officers and heads of each unit still owing its report,
    at most once a day per report (`reminded_on`). Returns the reports reminded (or that would be, in a dry run)."""
    today = today or timezone.localdate()
    chosen = [
        s for s in submissions if s.status in PENDING and (s.reminded_on is None or s.reminded_on < today)
    ]
    for s in chosen:
        if not hasattr(s, "reminder_kind"):
            s.reminder_kind = "report.late" if s.request.due_on < today else "report.due_soon"
    if dry_run or not chosen:
        return chosen
    people = unit_people({s.unit_id for s in chosen}, (*UNIT_EDITOR_ROLES, Role.UNIT_LEADER))
    with transaction.atomic():
        # Claim the rows first: a second run (or a second worker) the same day finds nothing left to remind.
        claimed = set(
            ReportSubmission.objects.filter(pk__in=[s.pk for s in chosen])
            .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
            .values_list("pk", flat=True)
        )
        ReportSubmission.objects.filter(pk__in=claimed).update(reminded_on=today)
        done = []
        for s in chosen:
            if s.pk not in claimed:
                continue
            s.reminded_on = today
            audit.record(
                s,
                "update",
                user=user,
                changes={"reminded_on": today.isoformat()},
                note=_("Nhắc hạn gửi báo cáo (quá hạn)")
                if s.reminder_kind == "report.late"
                else _("Nhắc hạn gửi báo cáo (sắp đến hạn)"),
            )
            announce(s.reminder_kind, s, people.get(s.unit_id, []), actor=user, due=s.request.due_on)
            done.append(s)
    return done


def send_reminders(today: dt.date | None = None, *, dry_run: bool = False) -> list[ReportSubmission]:
    """The daily run (`thidua send_report_reminders`): every report due within 3 working days or late."""
    today = today or timezone.localdate()
    return remind(due_for_reminder(today), today, dry_run=dry_run)


def remind_units(user, request: ReportRequest, submissions=None, today: dt.date | None = None):
    """The province reminds now, from the request's page, the units (all or the chosen ones) still owing it."""
    _require(user, "reporting.manage_requests")
    qs = request.submissions.pending().select_related("request", "unit")
    if submissions is not None:
        qs = qs.filter(pk__in=[s.pk for s in submissions])
    return remind(list(qs), today, user=user)
