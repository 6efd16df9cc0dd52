"""Report requests (yêu cầu báo cáo): the province asks a set of units for a report (6-month review, annual review,
thematic, registration) with a due date and a form of structured fields; each unit's answer is a
`ReportSubmission` — the glossary's «báo cáo định kỳ» of a unit to the province — prepared by the unit's TĐKT
officer, approved by the unit's head, then submitted (plan 196/KH-UBND III.2.a: «định kỳ báo cáo Ủy ban nhân dân
tỉnh (qua Sở Nội vụ)»; appendix tasks 11, 12, 24).

Statuses move only through `services.py` (core/transitions.py: a conditional UPDATE plus an audit row).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import audited
from thidua.core.models import ReportFile
from thidua.core.scoping import ScopedQuerySet, unit_path_q
from thidua.core.uploads import stored_path


class FieldKind(models.TextChoices):
    TEXT = "text", _("Văn bản")
    NUMBER = "number", _("Số")
    DATE = "date", _("Ngày")


class RequestKind(models.TextChoices):
    HALF_YEAR = "half_year", _("Báo cáo sơ kết 6 tháng")
    ANNUAL = "annual", _("Báo cáo tổng kết năm")
    THEMATIC = "thematic", _("Báo cáo chuyên đề")
    REGISTRATION = "registration", _("Báo cáo đăng ký thi đua")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    AWAITING_UNIT_APPROVAL = "awaiting_unit_approval", _("Chờ lãnh đạo đơn vị duyệt")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


# The unit still owes the report in these states; «submitted» and «accepted» count as sent.
PENDING = (SubmissionStatus.DRAFT, SubmissionStatus.AWAITING_UNIT_APPROVAL, SubmissionStatus.RETURNED)
SENT = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED)
# The officer edits the report in these states.
EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class ReportTemplateQuerySet(ScopedQuerySet):
    pass


@audited
class ReportTemplate(models.Model):
    """A reusable form of a report: an ordered list of fields `{"key", "label", "kind", "required"}`."""

    name = models.CharField(_("tên mẫu"), max_length=255, unique=True)
    description = models.TextField(_("hướng dẫn"), blank=True)
    fields = models.JSONField(_("các trường"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReportTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mẫu báo cáo")
        verbose_name_plural = _("mẫu báo cáo")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, user) -> Q:
        return Q()  # a form holds no unit's data: every signed-in user may read it


class ReportRequestQuerySet(ScopedQuerySet):
    pass


@audited
class ReportRequest(models.Model):
    """What the province asks for, of whom, for which period and by when. The fields are copied from the template
    when the request is issued, so editing the template later does not change a request already sent."""

    kind = models.CharField(_("loại báo cáo"), max_length=16, choices=RequestKind.choices)
    title = models.CharField(_("tên báo cáo"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm"))
    period_start = models.DateField(_("kỳ báo cáo từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    due_on = models.DateField(_("hạn gửi báo cáo"))
    due_working_days = models.PositiveSmallIntegerField(_("số ngày làm việc"), null=True, blank=True)
    instructions = models.TextField(_("hướng dẫn, yêu cầu"), blank=True)
    template = models.ForeignKey(
        ReportTemplate,
        verbose_name=_("mẫu báo cáo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    fields = models.JSONField(_("các trường"), default=list)
    units = models.ManyToManyField("orgs.Unit", through="ReportSubmission", related_name="report_requests")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày yêu cầu"), default=timezone.now)

    objects = ReportRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("yêu cầu báo cáo")
        verbose_name_plural = _("yêu cầu báo cáo")
        ordering = ["-due_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="report_request_period_ordered"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reporting:request_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user) -> Q:
        """A unit sees the requests addressed to it (or to a unit below it)."""
        return Q(pk__in=ReportSubmission.objects.filter(unit_path_q(user, "unit")).values("request_id"))

    @property
    def is_review(self) -> bool:
        return self.kind in (RequestKind.HALF_YEAR, RequestKind.ANNUAL)


class ReportSubmissionQuerySet(ScopedQuerySet):
    def pending(self):
        return self.filter(status__in=PENDING)

    def late(self, today: dt.date):
        """Still owed after the due date."""
        return self.pending().filter(request__due_on__lt=today)

    def fillable_by(self, user):
        """Submissions the user's unit prepares (its TĐKT officer)."""
        from thidua.reporting.permissions import is_unit_editor

        if not is_unit_editor(user):
            return self.none()
        return self.filter(unit_path_q(user, "unit"))

    def approvable_by(self, user):
        from thidua.core.permissions import is_unit_leader

        if not is_unit_leader(user):
            return self.none()
        return self.filter(unit_path_q(user, "unit"), status=SubmissionStatus.AWAITING_UNIT_APPROVAL)


@audited
class ReportSubmission(models.Model):
    """One unit's answer to a request: the values of the request's fields, a narrative, attachments."""

    request = models.ForeignKey(
        ReportRequest, verbose_name=_("yêu cầu báo cáo"), on_delete=models.CASCADE, related_name="submissions"
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị báo cáo"),
        on_delete=models.PROTECT,
        related_name="report_submissions",
    )
    status = models.CharField(
        _("trạng thái"), max_length=32, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    values = models.JSONField(_("số liệu, nội dung"), default=dict, blank=True)
    summary = models.TextField(_("nội dung báo cáo"), blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    prepared_at = models.DateTimeField(_("ngày trình duyệt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lại"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("ngày trả lại"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    accepted_at = models.DateTimeField(_("ngày tiếp nhận"), null=True, blank=True)
    reminded_on = models.DateField(_("ngày nhắc gần nhất"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["request", "unit__sort_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "unit"], name="report_submission_once_per_unit")
        ]
        indexes = [models.Index(fields=["status", "request"], name="report_submission_status")]

    def __str__(self):
        return f"{self.request} — {self.unit}"

    def get_absolute_url(self):
        return reverse("reporting:submission_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, prefix: str = "") -> Q:
        return unit_path_q(user, f"{prefix}unit")

    def audit_unit_id(self):
        return self.unit_id

    @property
    def is_sent(self) -> bool:
        return self.status in SENT

    @property
    def submitted_on(self) -> dt.date | None:
        return timezone.localtime(self.submitted_at).date() if self.submitted_at else None

    def days_late(self, today: dt.date | None = None) -> int:
        """Calendar days past the due date: of the day it was sent, or of today while it is still owed."""
        if self.is_sent:
            end = self.submitted_on
        else:
            end = today or timezone.localdate()
        return max((end - self.request.due_on).days, 0) if end else 0

    def is_late(self, today: dt.date | None = None) -> bool:
        return self.days_late(today) > 0


def attachment_path(instance, filename):
    return stored_path("reporting/attachments", filename)


class ReportAttachmentQuerySet(ScopedQuerySet):
    pass


@audited
class ReportAttachment(ReportFile):
    """A file sent with a unit's report (the signed report itself, annexes), checked by core/uploads.py."""

    report = models.ForeignKey(ReportSubmission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)

    objects = ReportAttachmentQuerySet.as_manager()

    class Meta(ReportFile.Meta):
        verbose_name = _("tệp đính kèm báo cáo")
        verbose_name_plural = _("tệp đính kèm báo cáo")
