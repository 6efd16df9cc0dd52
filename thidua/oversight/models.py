"""Inspections of the emulation and commendation work (kiểm tra, seed plan II.10, appendix tasks 8 and 16) and
petitions (đơn thư: khiếu nại, tố cáo, kiến nghị, phản ánh) with their statutory deadlines.

Scoping (DESIGN.md §1):
* an inspection plan is a published province document: every signed-in user may read it;
* an inspection, its findings and remediation reports belong to the inspected unit: its officers (and the units
  above it) see them; a finding is also visible to the unit made responsible for it;
* a petition belongs to the unit it concerns; a denunciation (tố cáo) stays with province-wide roles (the
  denouncer's protection, Luật Tố cáo 2018 Art 47–48). The petitioner's name, address and phone are shown in full
  to province staff only (`Petition.petitioner_for`).
Province-wide roles read everything; only province TĐKT staff change inspections and petitions; a unit's officer
reports remediation of the findings it is responsible for."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import audited
from thidua.core.models import ReportFile
from thidua.core.permissions import is_group_head, is_unit_officer
from thidua.core.scoping import ReadByAllMixin, ScopedQuerySet
from thidua.core.text import SearchMixin, SearchTextMixin, fold, person_sort_key, search_terms
from thidua.core.uploads import stored_path
from thidua.oversight import deadlines


def is_province_editor(user) -> bool:
    return bool(user is not None and user.has_perm("oversight.manage"))


def _path(user):
    unit = getattr(user, "unit", None)
    return unit.path if unit is not None else None


class ProvinceEditedQuerySet(SearchMixin, ScopedQuerySet):
    def editable_by(self, user):
        return self.visible_to(user) if is_province_editor(user) else self.none()


QUARTERS = [(1, "I"), (2, "II"), (3, "III"), (4, "IV")]


# ---------------------------------------------------------------------------------------------------------------
# Inspections


@audited
class InspectionPlan(SearchTextMixin, ReadByAllMixin, models.Model):
    """The council's yearly inspection plan (appendix task 8), e.g. «Kế hoạch kiểm tra công tác thi đua, khen
    thưởng của Hội đồng TĐKT tỉnh năm 2025». A published province document: every signed-in user reads it."""

    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số kế hoạch"), max_length=50, help_text=_("Ví dụ: 88/KH-HĐTĐKT"))
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=300)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, default="Hội đồng Thi đua - Khen thưởng tỉnh")
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    purpose = models.TextField(_("mục đích, yêu cầu, nội dung kiểm tra"), blank=True)
    plan_task = models.ForeignKey(
        "plans.PlanTask", verbose_name=_("nhiệm vụ trong kế hoạch năm"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="inspection_plans",
        help_text=_("Nhiệm vụ của phụ lục kế hoạch công tác năm mà kế hoạch kiểm tra này thực hiện."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    search_text = models.CharField(max_length=600, db_index=True, editable=False, default="")

    objects = ProvinceEditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-year", "-issued_on", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["year", "number"], name="uniq_inspection_plan_number",
            violation_error_message=_("Đã có kế hoạch kiểm tra cùng số trong năm này."))]

    def __str__(self):
        return f"{self.number} — {self.title}"

    def audit_unit_id(self):
        return None

    def search_source(self) -> str:
        return f"{self.number} {self.title} {self.year}"

    def save(self, *args, **kwargs):
        self.number = " ".join((self.number or "").split())
        super().save(*args, **kwargs)


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Theo kế hoạch")
    IN_PROGRESS = "in_progress", _("Đang kiểm tra")
    CONCLUDED = "concluded", _("Đã kết luận")
    CANCELLED = "cancelled", _("Đã hủy")


class InspectionQuerySet(ProvinceEditedQuerySet):
    pass


@audited
class Inspection(SearchTextMixin, models.Model):
    """The inspection of one unit: when, by whom, what; then its conclusion notice (thông báo kết luận)."""

    Status = InspectionStatus

    plan = models.ForeignKey(InspectionPlan, verbose_name=_("kế hoạch kiểm tra"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="inspections",
                             help_text=_("Để trống nếu là cuộc kiểm tra đột xuất."))
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị được kiểm tra"), on_delete=models.PROTECT,
                             related_name="inspections")
    plan_task = models.ForeignKey(
        "plans.PlanTask", verbose_name=_("nhiệm vụ trong kế hoạch năm"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="inspections",
    )
    quarter = models.PositiveSmallIntegerField(_("quý"), choices=QUARTERS)
    planned_start = models.DateField(_("dự kiến từ ngày"))
    planned_end = models.DateField(_("dự kiến đến ngày"))
    content = models.TextField(_("nội dung kiểm tra"))
    scope = models.CharField(_("phạm vi, thời kỳ kiểm tra"), max_length=300, blank=True,
                             help_text=_("Ví dụ: công tác thi đua, khen thưởng từ 01/01/2023 đến 31/12/2024"))
    decision_number = models.CharField(_("số quyết định kiểm tra"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định kiểm tra"), null=True, blank=True)
    team_head = models.CharField(_("trưởng đoàn"), max_length=150, blank=True)
    team_head_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("trưởng đoàn (tài khoản)"),
                                       null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=12, choices=InspectionStatus.choices,
                              default=InspectionStatus.PLANNED, editable=False, db_index=True)
    started_on = models.DateField(_("ngày bắt đầu kiểm tra"), null=True, blank=True, editable=False)
    conclusion = models.TextField(_("kết luận kiểm tra"), blank=True, editable=False)
    conclusion_number = models.CharField(_("số thông báo kết luận"), max_length=50, blank=True, editable=False)
    conclusion_date = models.DateField(_("ngày thông báo kết luận"), null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    search_text = models.CharField(max_length=800, db_index=True, editable=False, default="")

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["planned_start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_end__gte=models.F("planned_start")),
                                   name="inspection_end_after_start"),
        ]

    def __str__(self):
        return f"{_('Kiểm tra')} {self.unit.name if self.unit_id else ''} ({self.planned_start:%d/%m/%Y})"

    @classmethod
    def scope_q(cls, user, prefix: str = "") -> Q:
        path = _path(user)
        if path is None:
            return Q(pk__in=[])
        return Q(**{f"{prefix}unit__path__startswith": path})

    def audit_unit_id(self):
        return self.unit_id

    @property
    def quarter_label(self) -> str:
        return dict(QUARTERS).get(self.quarter, "")

    @property
    def team_display(self) -> str:
        return ", ".join(m.display for m in self.members.all())

    def search_source(self) -> str:
        from thidua.orgs.models import Unit

        unit_name = Unit.objects.filter(pk=self.unit_id).values_list("name", flat=True).first() or ""
        return f"{unit_name} {self.content} {self.scope} {self.decision_number} {self.conclusion_number} {self.team_head}"


@audited
class TeamMember(models.Model):
    """A member of the inspection team: a user of the system or a name (from another agency)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    name = models.CharField(_("họ và tên"), max_length=150)
    title = models.CharField(_("chức vụ, đơn vị"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("thành viên đoàn kiểm tra")
        verbose_name_plural = _("thành viên đoàn kiểm tra")
        ordering = ["position", "id"]

    def __str__(self):
        return self.display

    @property
    def display(self) -> str:
        return f"{self.name} ({self.title})" if self.title else self.name

    def audit_unit_id(self):
        return self.inspection.unit_id


class FindingCategory(models.TextChoices):
    WRONG_PROCEDURE = "wrong_procedure", _("Hồ sơ khen thưởng sai quy trình, thủ tục")
    OVER_RATIO = "over_ratio", _("Khen thưởng vượt tỷ lệ quy định")
    LATE_REPORT = "late_report", _("Chậm báo cáo, chậm gửi hồ sơ")
    CRITERIA = "criteria", _("Đề nghị khen thưởng chưa đủ tiêu chuẩn")
    NO_PLAN = "no_plan", _("Chưa ban hành kế hoạch, hướng dẫn thi đua")
    COUNCIL = "council", _("Hội đồng TĐKT chưa kiện toàn, hoạt động chưa đúng quy chế")
    FUND = "fund", _("Quỹ thi đua, khen thưởng trích lập, sử dụng chưa đúng")
    RECORDS = "records", _("Lưu trữ hồ sơ, sổ khen thưởng chưa đầy đủ")
    OTHER = "other", _("Khác")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Chưa khắc phục")
    REPORTED = "reported", _("Đơn vị đã báo cáo khắc phục")
    REMEDIED = "remedied", _("Đã khắc phục")
    OVERDUE = "overdue", _("Quá hạn khắc phục")


STORED_FINDING_STATUSES = [c for c in FindingStatus.choices if c[0] != FindingStatus.OVERDUE]


class FindingQuerySet(ProvinceEditedQuerySet):
    def overdue(self, today: dt.date | None = None):
        """Open past the deadline. A remediation report filed in time stops the clock while it is reviewed."""
        today = today or timezone.localdate()
        return self.filter(status=FindingStatus.OPEN, due_on__lt=today)

    def reportable_by(self, user):
        """Findings whose remediation this user may report: province staff — all; an officer of the responsible
        unit (or a unit above it)."""
        if is_province_editor(user):
            return self.all()
        if not (is_unit_officer(user) or is_group_head(user)):
            return self.none()
        path = _path(user)
        if path is None:
            return self.none()
        return self.filter(responsible_unit__path__startswith=path)

    def with_status(self, status: str, today: dt.date | None = None):
        today = today or timezone.localdate()
        if status == FindingStatus.OVERDUE:
            return self.overdue(today)
        if status == FindingStatus.OPEN:
            return self.filter(status=FindingStatus.OPEN).exclude(due_on__lt=today)
        return self.filter(status=status)


@audited
class Finding(models.Model):
    """One shortcoming found by an inspection, what to do about it, by whom and by when; then the follow-up."""

    Category = FindingCategory
    Status = FindingStatus

    inspection = models.ForeignKey(Inspection, verbose_name=_("cuộc kiểm tra"), on_delete=models.CASCADE,
                                   related_name="findings")
    category = models.CharField(_("loại tồn tại"), max_length=20, choices=FindingCategory.choices)
    description = models.TextField(_("tồn tại, hạn chế"))
    recommendation = models.TextField(_("kiến nghị, yêu cầu khắc phục"))
    responsible_unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị chịu trách nhiệm khắc phục"),
                                         on_delete=models.PROTECT, related_name="inspection_findings")
    due_on = models.DateField(_("hạn khắc phục"), db_index=True)
    due_working_days = models.PositiveSmallIntegerField(_("số ngày làm việc"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=10, choices=STORED_FINDING_STATUSES,
                              default=FindingStatus.OPEN, editable=False, db_index=True)
    reported_on = models.DateField(_("ngày báo cáo khắc phục"), null=True, blank=True, editable=False)
    remedied_on = models.DateField(_("ngày xác nhận đã khắc phục"), null=True, blank=True, editable=False)
    review_note = models.TextField(_("ý kiến của cơ quan kiểm tra"), blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The day the last deadline reminder included this finding (`reminders`): at most one a day.
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    # Marked as a sign of violation: the pending proceeding that holds the awards of the unit (or the person)
    # concerned until the finding is cleared (khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP).
    proceeding = models.OneToOneField("awards.PendingProceeding", null=True, blank=True, editable=False,
                                      on_delete=models.SET_NULL, related_name="finding")

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("tồn tại, kiến nghị")
        verbose_name_plural = _("tồn tại, kiến nghị")
        ordering = ["inspection", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.get_category_display()}: {self.description[:80]}"

    @classmethod
    def scope_q(cls, user, prefix: str = "") -> Q:
        path = _path(user)
        if path is None:
            return Q(pk__in=[])
        return (Q(**{f"{prefix}inspection__unit__path__startswith": path})
                | Q(**{f"{prefix}responsible_unit__path__startswith": path}))

    def audit_unit_id(self):
        return self.responsible_unit_id

    def effective_status_on(self, today: dt.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.status == FindingStatus.OPEN and self.due_on < today:
            return FindingStatus.OVERDUE.value
        return self.status

    @property
    def effective_status(self) -> str:
        return self.effective_status_on()

    @property
    def effective_status_label(self) -> str:
        return FindingStatus(self.effective_status).label

    @property
    def days_left(self) -> int:
        return (self.due_on - timezone.localdate()).days


@audited
class RemediationReport(models.Model):
    """The responsible unit's report on how it remedied a finding (with evidence files)."""

    finding = models.ForeignKey(Finding, verbose_name=_("tồn tại"), on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT,
                             related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    author_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    note = models.TextField(_("kết quả khắc phục"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo khắc phục")
        verbose_name_plural = _("báo cáo khắc phục")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.unit} — {self.finding}"

    @classmethod
    def scope_q(cls, user, prefix: str = "") -> Q:
        return Finding.scope_q(user, prefix=f"{prefix}finding__")

    def audit_unit_id(self):
        return self.unit_id


def evidence_path(instance, filename):
    return stored_path("oversight/evidence", filename)


@audited
class RemediationFile(ReportFile):
    """Evidence of a remediation report: stored under MEDIA_ROOT, served only by the scoped download view."""

    report = models.ForeignKey(RemediationReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=evidence_path, max_length=255)

    class Meta(ReportFile.Meta):
        verbose_name = _("tệp minh chứng khắc phục")
        verbose_name_plural = _("tệp minh chứng khắc phục")


# ---------------------------------------------------------------------------------------------------------------
# Petitions


class PetitionKind(models.TextChoices):
    COMPLAINT = deadlines.COMPLAINT, _("Khiếu nại")
    DENUNCIATION = deadlines.DENUNCIATION, _("Tố cáo")
    RECOMMENDATION = deadlines.RECOMMENDATION, _("Kiến nghị, phản ánh")


class PetitionChannel(models.TextChoices):
    DIRECT = "direct", _("Trực tiếp tại trụ sở tiếp công dân")
    POST = "post", _("Qua bưu chính")
    ELECTRONIC = "electronic", _("Thư điện tử, cổng thông tin")
    TRANSFERRED = "transferred", _("Cơ quan khác chuyển đến")


class PetitionStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ACCEPTED = "accepted", _("Đã thụ lý")
    NOT_ACCEPTED = "not_accepted", _("Không thụ lý")
    IN_PROGRESS = "in_progress", _("Đang giải quyết")
    RESOLVED = "resolved", _("Đã giải quyết")
    FORWARDED = "forwarded", _("Đã chuyển cơ quan có thẩm quyền")


OPEN_PETITION_STATUSES = (PetitionStatus.RECEIVED, PetitionStatus.ACCEPTED, PetitionStatus.IN_PROGRESS)


def overdue_q(today: dt.date | None = None) -> Q:
    """Not accepted in time, or not resolved in time."""
    today = today or timezone.localdate()
    return (Q(status=PetitionStatus.RECEIVED, accept_by__lt=today)
            | Q(status__in=(PetitionStatus.ACCEPTED, PetitionStatus.IN_PROGRESS), resolve_by__lt=today))


class PetitionQuerySet(ProvinceEditedQuerySet):
    def search_for(self, user, query: str):
        """Every word must match the summary, number, unit or decision — or, for province staff only, the
        petitioner's name or address (others must not find a masked sender by typing a name)."""
        qs = self
        personal = user.has_perm("oversight.view_petitioner")
        for term in search_terms(query):
            q = Q(search_text__contains=term)
            if personal:
                q |= Q(petitioner_search__contains=term)
            qs = qs.filter(q)
        return qs

    def open(self):
        return self.filter(status__in=OPEN_PETITION_STATUSES)

    def overdue(self, today: dt.date | None = None):
        """Not accepted in time, or not resolved in time."""
        return self.filter(overdue_q(today))

    def open_and_overdue_counts(self, today: dt.date | None = None) -> dict:
        """{"open": n, "overdue": m} in one read of the open petitions (the petition list's two badges; overdue ones
        are open ones)."""
        return self.open().aggregate(open=models.Count("pk"), overdue=models.Count("pk", filter=overdue_q(today)))

    def current_due(self):
        """Annotate `due_on`: the deadline now running (acceptance, then resolution)."""
        return self.annotate(due_on=models.Case(
            models.When(status=PetitionStatus.RECEIVED, then="accept_by"),
            models.When(status__in=(PetitionStatus.ACCEPTED, PetitionStatus.IN_PROGRESS), then="resolve_by"),
            default=models.Value(None), output_field=models.DateField(),
        ))


@audited
class Petition(SearchTextMixin, models.Model):
    """A complaint, denunciation or recommendation about the emulation and commendation work."""

    Kind = PetitionKind
    Channel = PetitionChannel
    Status = PetitionStatus

    number = models.CharField(_("số vào sổ"), max_length=30, editable=False, db_index=True)
    kind = models.CharField(_("loại đơn"), max_length=16, choices=PetitionKind.choices, db_index=True)
    received_on = models.DateField(_("ngày nhận đơn"), db_index=True)
    channel = models.CharField(_("nguồn đơn"), max_length=12, choices=PetitionChannel.choices,
                               default=PetitionChannel.DIRECT)
    forwarded_by = models.CharField(_("cơ quan chuyển đơn"), max_length=255, blank=True)
    petitioner_name = models.CharField(_("họ tên người gửi đơn"), max_length=150, blank=True)
    petitioner_address = models.CharField(_("địa chỉ người gửi đơn"), max_length=300, blank=True)
    petitioner_phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    subject_unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị bị khiếu nại, tố cáo, kiến nghị"),
                                     on_delete=models.PROTECT, related_name="petitions")
    person = models.ForeignKey("orgs.Person", verbose_name=_("cá nhân liên quan"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="petitions")
    dossier = models.ForeignKey("dossiers.Dossier", verbose_name=_("hồ sơ khen thưởng liên quan"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="petitions")
    award = models.ForeignKey("awards.Award", verbose_name=_("khen thưởng liên quan"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="petitions")
    summary = models.CharField(_("tóm tắt nội dung"), max_length=500)
    content = models.TextField(_("nội dung chi tiết"), blank=True)
    complex_case = models.BooleanField(_("vụ việc phức tạp"), default=False)
    remote_area = models.BooleanField(_("vùng sâu, vùng xa, đi lại khó khăn"), default=False)
    extensions = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0, editable=False)
    status = models.CharField(_("trạng thái"), max_length=14, choices=PetitionStatus.choices,
                              default=PetitionStatus.RECEIVED, editable=False, db_index=True)
    accept_by = models.DateField(_("hạn thụ lý"), editable=False, db_index=True)
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True, editable=False)
    resolve_by = models.DateField(_("hạn giải quyết"), null=True, blank=True, editable=False, db_index=True)
    not_accepted_reason = models.TextField(_("lý do không thụ lý"), blank=True, editable=False)
    result = models.TextField(_("kết quả giải quyết"), blank=True, editable=False)
    decision_number = models.CharField(_("số văn bản giải quyết"), max_length=50, blank=True, editable=False)
    decision_date = models.DateField(_("ngày văn bản giải quyết"), null=True, blank=True, editable=False)
    forwarded_to = models.CharField(_("chuyển đến cơ quan"), max_length=255, blank=True, editable=False)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True, editable=False)
    proceeding = models.OneToOneField("awards.PendingProceeding", null=True, blank=True, editable=False,
                                      on_delete=models.SET_NULL, related_name="petition")
    # The province officer in charge (services.assign_petition): told when assigned and when a deadline nears.
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cán bộ được giao xử lý"), null=True,
                                blank=True, editable=False, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The day the last deadline reminder included this petition (`reminders`): at most one a day.
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    search_text = models.CharField(max_length=900, db_index=True, editable=False, default="")
    # Personal data is searchable by province staff only (`PetitionQuerySet.search_for`).
    petitioner_search = models.CharField(max_length=450, editable=False, default="")
    sort_key = models.CharField(max_length=1200, db_index=True, editable=False, default="")

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn thư")
        verbose_name_plural = _("đơn thư")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["status", "accept_by"]), models.Index(fields=["status", "resolve_by"])]

    def __str__(self):
        return f"{self.number} — {self.get_kind_display()}: {self.summary[:60]}"

    def get_absolute_url(self):
        return reverse("oversight:petition_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user) -> Q:
        path = _path(user)
        if path is None:
            return Q(pk__in=[])
        return Q(subject_unit__path__startswith=path) & ~Q(kind=PetitionKind.DENUNCIATION)

    def audit_unit_id(self):
        return self.subject_unit_id

    # --- personal data -----------------------------------------------------------------------------------------

    @staticmethod
    def mask_name(name: str) -> str:
        """'Nguyễn Văn An' → 'N*** V*** A**' — enough to tell letters apart, not to identify the sender."""
        return " ".join(w[0] + "*" * max(len(w) - 1, 2) for w in name.split()) if name else ""

    def petitioner_for(self, user) -> dict:
        if user.has_perm("oversight.view_petitioner"):
            return {"name": self.petitioner_name, "address": self.petitioner_address,
                    "phone": self.petitioner_phone, "masked": False}
        return {"name": self.mask_name(self.petitioner_name), "address": "***" if self.petitioner_address else "",
                "phone": "***" if self.petitioner_phone else "", "masked": True}

    # --- deadlines -----------------------------------------------------------------------------------------------

    def deadlines(self, cal=None) -> deadlines.Deadlines:
        from thidua.core.workdays import calendar

        return deadlines.compute(cal or calendar(), self.kind, self.received_on, self.accepted_on,
                                 complex_case=self.complex_case, remote_area=self.remote_area,
                                 extensions=self.extensions)

    def refresh_deadlines(self, cal=None):
        d = self.deadlines(cal)
        self.accept_by, self.resolve_by = d.accept_by, d.resolve_by

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PETITION_STATUSES

    @property
    def current_due_on(self) -> dt.date | None:
        if self.status == PetitionStatus.RECEIVED:
            return self.accept_by
        if self.status in (PetitionStatus.ACCEPTED, PetitionStatus.IN_PROGRESS):
            return self.resolve_by
        return None

    @property
    def days_left(self) -> int | None:
        due = self.current_due_on
        return (due - timezone.localdate()).days if due else None

    @property
    def is_overdue(self) -> bool:
        left = self.days_left
        return left is not None and left < 0

    def search_source(self) -> str:
        from thidua.orgs.models import Unit

        unit_name = Unit.objects.filter(pk=self.subject_unit_id).values_list("name", flat=True).first() or ""
        return f"{self.number} {self.summary} {unit_name} {self.decision_number}"

    def save(self, *args, **kwargs):
        if not self.accept_by:
            self.refresh_deadlines()
        self.petitioner_search = fold(f"{self.petitioner_name} {self.petitioner_address}")[:450]
        self.sort_key = person_sort_key(self.petitioner_name)[:1200]
        super().save(*args, **kwargs)

