"""Plans (Kế hoạch), their content sections, appendix tasks (PlanTask), units' sub-plans and progress reports.

Scoping (DESIGN.md §1): a province plan (no `parent`) is a published document every signed-in user may read;
a unit's sub-plan belongs to that unit. A task is visible to the units it links as lead or co-ordinator (and the
units above them), and to the owner of the sub-plan it belongs to. Province-wide roles see everything."""

import datetime as dt
import re

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import audited
from thidua.core.models import ReportFile
from thidua.core.permissions import is_editor, is_province_staff
from thidua.core.scoping import ScopedQuerySet, unit_path_q
from thidua.core.text import fold
from thidua.core.uploads import stored_path
from thidua.plans import quarters as q


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Đã hòan thành")
    OVERDUE = "overdue", _("Quá hạn")


# What is stored; "overdue" is computed from the due date (never stored, no cron needed).
STORED_STATUSES = [c for c in TaskStatus.choices if c[0] != TaskStatus.OVERDUE]


def is_province_editor(user) -> bool:
    return bool(is_province_staff(user))


def _unit_path(user):
    unit = getattr(user, "unit", None)
    return unit.path if unit is not None else None


class PlanQuerySet(ScopedQuerySet):
    def editable_by(self, user):
        """Province staff edit every plan; a unit officer edits its own unit's sub-plans only."""
        if is_province_editor(user):
            return self.all()
        if not is_editor(user):
            return self.none()
        return self.filter(parent__isnull=False).filter(unit_path_q(user, "unit"))

    def province_plans(self):
        return self.filter(parent__isnull=True)

    def search(self, query: str):
        from thidua.core.text import search_terms

        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs


@audited
class Plan(models.Model):
    number = models.CharField(_("số kế hoạch"), max_length=50, help_text=_("Ví dụ: 196/KH-UBND"))
    title = models.CharField(_("trích yếu"), max_length=300)
    issued_on = models.DateField(_("ngày ban hành"))
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    preamble = models.TextField(_("căn cứ, mở đầu"), blank=True)
    closing = models.TextField(_("kết luận"), blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    appendix_title = models.CharField(_("tên phụ lục"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_plans",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    search_text = models.CharField(max_length=500, db_index=True, editable=False, default="")

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "number"], name="uniq_plan_number_per_unit_year"),
            models.UniqueConstraint(
                fields=["parent", "unit"], condition=Q(parent__isnull=False), name="one_sub_plan_per_unit"
            ),
        ]

    def __str__(self):
        return f"{self.number} — {self.title}"

    @classmethod
    def scope_q(cls, user) -> Q:
        return Q(parent__isnull=True) | unit_path_q(user, "unit")

    def audit_unit_id(self):
        return self.unit_id

    @property
    def is_sub_plan(self) -> bool:
        return self.parent_id is not None

    @staticmethod
    def normalize_number(number: str) -> str:
        """'196 /KH - UBND' → '196/KH-UBND' (numbers are typed with stray spaces around '/' and '-')."""
        return re.sub(r"\s*([/-])\s*", r"\1", " ".join((number or "").split()))

    def save(self, *args, **kwargs):
        self.number = self.normalize_number(self.number)
        self.search_text = fold(f"{self.number} {self.title} {self.issuer} {self.year}")
        super().save(*args, **kwargs)


@audited
class PlanSection(models.Model):
    """One heading or point of the plan's text: level 1 "I.", level 2 "1.", level 3 "a)"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("thứ tự"))
    level = models.PositiveSmallIntegerField(_("cấp"), choices=[(1, "I."), (2, "1."), (3, "a)")])
    label = models.CharField(_("số mục"), max_length=10, blank=True)
    title = models.TextField(_("tiêu đề"), blank=True)
    body = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("mục của kế hoạch")
        verbose_name_plural = _("mục của kế hoạch")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="uniq_section_position")]

    def __str__(self):
        return f"{self.display_label} {self.title or self.body[:60]}".strip()

    def audit_unit_id(self):
        return self.plan.unit_id

    @property
    def display_label(self) -> str:
        if not self.label:
            return ""
        return f"{self.label})" if self.level == 3 else f"{self.label}."


class PlanTaskQuerySet(ScopedQuerySet):
    def status_editable_by(self, user):
        """Tasks whose status this user may change: province staff — all; a unit officer — the tasks its unit
        (or a unit below it) leads, and the tasks of its own sub-plans. Co-ordinators report, they do not close."""
        if is_province_editor(user):
            return self.all()
        if not is_editor(user) or _unit_path(user) is None:
            return self.none()
        path = _unit_path(user)
        return self.filter(
            Q(lead_unit__path__startswith=path) | Q(plan__parent__isnull=False, plan__unit__path__startswith=path)
        )

    def reportable_by(self, user):
        """Tasks on which this user may file a progress report (lead, co-ordinator, sub-plan owner)."""
        if not is_editor(user):
            return self.none()
        return self.visible_to(user)

    def with_effective_status(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.annotate(
            effective_status=Case(
                When(status=TaskStatus.DONE, then=Value(TaskStatus.DONE.value)),
                When(due_on__lt=today, then=Value(TaskStatus.OVERDUE.value)),
                default="status",
                output_field=models.CharField(),
            )
        )

    def overdue(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.exclude(status=TaskStatus.DONE).filter(due_on__lt=today)

    def in_quarter(self, quarter: str):
        return self.filter(**{f"q{q.ROMAN.index(quarter) + 1}": True})

    def with_status(self, status: str, today: dt.date | None = None):
        today = today or timezone.localdate()
        if status == TaskStatus.OVERDUE:
            return self.overdue(today)
        if status == TaskStatus.DONE:
            return self.filter(status=TaskStatus.DONE)
        return self.filter(status=status).filter(due_on__gte=today)

    def search(self, query: str):
        from thidua.core.text import search_terms

        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs


@audited
class PlanTask(models.Model):
    """A row of the plan's appendix. The lead / co-ordinator cells are kept exactly as written; the links to
    units (resolved where a cell names a known unit) drive scoping and progress reporting."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveIntegerField(_("TT"))
    content = models.TextField(_("nội dung"))
    lead_unit_text = models.CharField(_("đơn vị chủ trì"), max_length=500, blank=True)
    coordinating_text = models.TextField(_("cơ quan phối hợp"), blank=True)
    schedule_text = models.CharField(_("thời gian thực hiện"), max_length=100, help_text=_("Ví dụ: Quý I,II"))
    q1 = models.BooleanField(_("quý I"), default=False)
    q2 = models.BooleanField(_("quý II"), default=False)
    q3 = models.BooleanField(_("quý III"), default=False)
    q4 = models.BooleanField(_("quý IV"), default=False)
    due_on = models.DateField(_("hạn hòan thành"), db_index=True)
    lead_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị chủ trì (liên kết)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_plan_tasks",
    )
    coordinating_units = models.ManyToManyField(
        "orgs.Unit", verbose_name=_("cơ quan phối hợp (liên kết)"), blank=True, related_name="coordinated_plan_tasks"
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=STORED_STATUSES, default=TaskStatus.NOT_STARTED, db_index=True
    )
    progress_percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    progress_note = models.TextField(_("ghi chú tiến độ"), blank=True)
    completed_on = models.DateField(_("ngày hòan thành"), null=True, blank=True)
    source_task = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ gốc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_tasks",
    )
    updated_at = models.DateTimeField(auto_now=True)
    search_text = models.TextField(editable=False, default="")

    objects = PlanTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="uniq_task_order_in_plan"),
            models.CheckConstraint(condition=Q(progress_percent__lte=100), name="task_percent_at_most_100"),
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False) | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="task_completed_on_iff_done",
            ),
        ]
        indexes = [models.Index(fields=["plan", "status", "due_on"])]

    def __str__(self):
        return f"{self.order}. {self.content[:80]}"

    @classmethod
    def scope_q(cls, user) -> Q:
        path = _unit_path(user)
        if path is None:
            return Q(pk__in=[])
        coordinated = PlanTask.coordinating_units.through.objects.filter(unit__path__startswith=path).values(
            "plantask_id"
        )
        return (
            Q(lead_unit__path__startswith=path)
            | Q(pk__in=coordinated)
            | Q(plan__parent__isnull=False, plan__unit__path__startswith=path)
        )

    def audit_unit_id(self):
        return self.lead_unit_id or self.plan.unit_id

    @property
    def quarters(self) -> list[str]:
        return [r for r, flag in zip(q.ROMAN, (self.q1, self.q2, self.q3, self.q4), strict=True) if flag]

    @property
    def schedule_label(self) -> str:
        """The schedule as written ("Quý I,II"), in English "Quarters I, II" when it names quarters only."""
        from django.utils.translation import get_language

        text = self.schedule_text or ""
        if (get_language() or "vi").startswith("vi") or not re.fullmatch(r"\s*Quý\s+[IV]+(\s*[,;]\s*[IV]+)*\s*", text):
            return text
        quarters = re.findall(r"[IV]+", text.split("Quý", 1)[1])
        return ("Quarter " if len(quarters) == 1 else "Quarters ") + ", ".join(quarters)

    def set_schedule(self, text: str, year: int):
        """Store the cell as written and derive the quarter flags and the due date (raises ScheduleError)."""
        quarters = q.parse_quarters(text)
        self.schedule_text = text
        self.q1, self.q2, self.q3, self.q4 = (r in quarters for r in q.ROMAN)
        self.due_on = q.due_on(year, quarters)

    @property
    def coordinating_list(self) -> list[str]:
        """The co-ordinator cell split on ';' (never on commas): '; '.join(list) gives the cell back."""
        if not self.coordinating_text:
            return []
        return [part.strip() for part in self.coordinating_text.split(";")]

    def effective_status_on(self, today: dt.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.status == TaskStatus.DONE:
            return TaskStatus.DONE.value
        if self.due_on < today:
            return TaskStatus.OVERDUE.value
        return self.status

    @property
    def effective_status(self) -> str:
        # A queryset annotation of the same name (with_effective_status) takes precedence via __dict__.
        return self.__dict__.get("effective_status") or self.effective_status_on()

    @effective_status.setter
    def effective_status(self, value):
        self.__dict__["effective_status"] = value

    @property
    def effective_status_label(self) -> str:
        return TaskStatus(self.effective_status).label

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.content} {self.lead_unit_text} {self.coordinating_text}")
        super().save(*args, **kwargs)


class ProgressReportQuerySet(ScopedQuerySet):
    pass


@audited
class ProgressReport(models.Model):
    """A unit's periodic progress report on a task it leads or co-ordinates (note, percent, status, evidence)."""

    task = models.ForeignKey(PlanTask, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="plan_reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người báo cáo"), null=True, blank=True, on_delete=models.SET_NULL
    )
    author_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), null=True, blank=True)
    status = models.CharField(_("trạng thái báo cáo"), max_length=16, choices=STORED_STATUSES, blank=True)
    note = models.TextField(_("nội dung báo cáo"))

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100), name="report_percent_at_most_100"
            )
        ]

    def __str__(self):
        return f"{self.unit} — {self.task}"

    @classmethod
    def scope_q(cls, user, prefix: str = "") -> Q:
        """A unit sees its own reports, and every report on tasks it leads or owns (province staff: all)."""
        path = _unit_path(user)
        if path is None:
            return Q(pk__in=[])
        return (
            Q(**{f"{prefix}unit__path__startswith": path})
            | Q(**{f"{prefix}task__lead_unit__path__startswith": path})
            | Q(**{f"{prefix}task__plan__parent__isnull": False, f"{prefix}task__plan__unit__path__startswith": path})
        )

    def audit_unit_id(self):
        return self.unit_id


def evidence_path(instance, filename):
    return stored_path("plans/evidence", filename)


class EvidenceFileQuerySet(ScopedQuerySet):
    pass


@audited
class EvidenceFile(ReportFile):
    """A file attached to a progress report: stored under MEDIA_ROOT (outside the web root), served only by the
    permission-checked download view."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=255)

    objects = EvidenceFileQuerySet.as_manager()

    class Meta(ReportFile.Meta):
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
