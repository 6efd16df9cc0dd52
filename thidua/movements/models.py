"""Emulation movements (phong trào thi đua), registrations, pacts of Cụm/Khối, and group scoring and ranking.

Law: Luật TĐKT 2022 Art 16–17 (forms and organising content of a movement: launch, implement, sơ kết, tổng kết);
Art 25–26 (Cờ thi đua for the collective leading its Cụm/Khối). The point scales and tie-breaks of group scoring
are the province's (LAW-RESEARCH §9): each rubric carries its own criteria and its tie-break rule.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import audited
from thidua.core.scoping import (
    ReadByAllMixin,
    ScopedModelMixin,
    ScopedQuerySet,
    can_edit,
    is_province_wide,
    unit_path_q,
)
from thidua.core.text import fold, search_terms, sort_key


def groups_of_user_q(user, field: str = "group") -> Q:
    """Records of the Cụm/Khối that the user's unit (or a unit below it) belongs to."""
    from thidua.orgs.models import GroupMembership

    unit = getattr(user, "unit", None)
    if unit is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__in": GroupMembership.objects.filter(unit__path__startswith=unit.path).values("group_id")})


# ---------------------------------------------------------------------------------------------------------------
# Movements
# ---------------------------------------------------------------------------------------------------------------


class MovementQuerySet(ScopedQuerySet):
    def editable_by(self, user):
        """Province staff edit every movement; a unit's officer edits the movements its unit (or a unit below it)
        leads — e.g. a sector movement launched by the Sở GD&ĐT."""
        if not can_edit(user):
            return self.none()
        if is_province_wide(user):
            return self
        return self.filter(unit_path_q(user, "lead_unit"))

    def search(self, query: str):
        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs


@audited
class Movement(ReadByAllMixin, models.Model):
    """A movement launched by a document (Kế hoạch/Quyết định phát động), for a period, led by a unit. Launched
    publicly to every agency, locality and enterprise: every signed-in user reads it (that is how units know what to
    register for); who may change it is `editable_by`."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Thường xuyên")
        THEMATIC = "thematic", _("Chuyên đề")
        STAGE = "stage", _("Theo giai đoạn")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        LAUNCHED = "launched", _("Đang triển khai")
        CONCLUDED = "concluded", _("Đã tổng kết")

    name = models.CharField(_("tên phong trào"), max_length=400)
    kind = models.CharField(_("loại phong trào"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    period = models.ForeignKey("orgs.Period", verbose_name=_("kỳ thi đua"), on_delete=models.PROTECT, related_name="movements")
    lead_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="led_movements"
    )
    launch_doc_number = models.CharField(_("số văn bản phát động"), max_length=100, blank=True)
    launch_doc_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    launch_doc_issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    launched_at = models.CharField(
        _("phát động tại"), max_length=300, blank=True,
        help_text=_("Ví dụ: Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024."),
    )
    description = models.TextField(_("mục đích, yêu cầu"), blank=True)
    participants = models.TextField(_("đối tượng thi đua"), blank=True)
    targets = models.TextField(_("nội dung, chỉ tiêu thi đua"), blank=True)
    award_standards = models.TextField(_("hình thức, tiêu chuẩn khen thưởng"), blank=True)
    start = models.DateField(_("bắt đầu"))
    end = models.DateField(_("kết thúc"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_text = models.CharField(max_length=800, db_index=True, editable=False, default="")
    sort_key = models.CharField(max_length=2400, editable=False, default="")

    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["-start", "-id"], name="movement_start_idx")]

    def __str__(self):
        return self.name

    def audit_unit_id(self):
        return self.lead_unit_id

    @property
    def launch_document(self) -> str:
        parts = [self.launch_doc_number]
        if self.launch_doc_date:
            parts.append(_("ngày %(d)s") % {"d": self.launch_doc_date.strftime("%d/%m/%Y")})
        if self.launch_doc_issuer:
            parts.append(_("của %(issuer)s") % {"issuer": self.launch_doc_issuer})
        return " ".join(str(p) for p in parts if p)

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
        if self.kind == self.Kind.STAGE and self.start and self.end and self.end.year == self.start.year:
            errors["end"] = _("Phong trào theo giai đoạn phải kéo dài nhiều năm (ví dụ 2021–2025).")
        if self.period_id and self.start and self.end and (self.end < self.period.start or self.start > self.period.end):
            errors["period"] = _("Thời gian phong trào không nằm trong kỳ đã chọn.")
        if self.launch_doc_date and self.end and self.launch_doc_date > self.end:
            errors["launch_doc_date"] = _("Ngày ban hành văn bản phát động không được sau ngày kết thúc phong trào.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.launch_doc_number}")[:800]
        self.sort_key = sort_key(self.name)[:2400]
        super().save(*args, **kwargs)


@audited
class MovementReview(models.Model):
    """Sơ kết (interim) or tổng kết (final) of a movement: when, under which document, and what it found."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Sơ kết")
        FINAL = "final", _("Tổng kết")

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("hình thức"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("ngày sơ kết/tổng kết"))
    title = models.CharField(_("tiêu đề"), max_length=300, help_text=_("Ví dụ: Sơ kết 6 tháng đầu năm 2025."))
    document = models.CharField(_("báo cáo / văn bản"), max_length=200, blank=True)
    summary = models.TextField(_("kết quả, đánh giá"))
    collectives_commended = models.PositiveIntegerField(_("số tập thể được khen thưởng"), null=True, blank=True)
    individuals_commended = models.PositiveIntegerField(_("số cá nhân được khen thưởng"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sơ kết, tổng kết phong trào")
        verbose_name_plural = _("sơ kết, tổng kết phong trào")
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def audit_unit_id(self):
        return self.movement.lead_unit_id if self.movement_id else None


# ---------------------------------------------------------------------------------------------------------------
# Registrations
# ---------------------------------------------------------------------------------------------------------------

# Titles and forms a unit or person commonly registers for (codes of the catalogue in LAW.md).
TITLE_CHOICES = [
    ("CO_CP", _("Cờ thi đua của Chính phủ")),
    ("CO_TINH", _("Cờ thi đua của UBND tỉnh")),
    ("TTLDXS", _("Tập thể lao động xuất sắc")),
    ("TTLDTT", _("Tập thể lao động tiên tiến")),
    ("BK_TTG", _("Bằng khen của Thủ tướng Chính phủ")),
    ("BK_TINH", _("Bằng khen của Chủ tịch UBND tỉnh")),
    ("CSTD_TOAN_QUOC", _("Chiến sĩ thi đua toàn quốc")),
    ("CSTD_TINH", _("Chiến sĩ thi đua cấp tỉnh")),
    ("CSTD_CO_SO", _("Chiến sĩ thi đua cơ sở")),
    ("LDTT", _("Lao động tiên tiến")),
    ("OTHER", _("Khác (ghi rõ)")),
]


class RegistrationQuerySet(ScopedQuerySet):
    def search(self, query: str):
        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs


@audited
class Registration(ScopedModelMixin, models.Model):
    """Đăng ký thi đua: what a unit (or one of its people) undertakes for a period, within a movement."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        # The unit officer prepared it; the unit's leader approves it (→ submitted) or returns it (→ draft).
        UNIT_REVIEW = "unit_review", _("Chờ lãnh đạo đơn vị duyệt")
        SUBMITTED = "submitted", _("Đã gửi")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị đăng ký"), on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("cá nhân đăng ký"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="registrations",
        help_text=_("Để trống nếu đơn vị đăng ký cho tập thể."),
    )
    period = models.ForeignKey("orgs.Period", verbose_name=_("kỳ thi đua"), on_delete=models.PROTECT, related_name="+")
    movement = models.ForeignKey(
        Movement, verbose_name=_("phong trào"), null=True, blank=True, on_delete=models.PROTECT, related_name="registrations"
    )
    registered_with = models.CharField(
        _("nơi nhận đăng ký"), max_length=300, default=_("Hội đồng Thi đua - Khen thưởng tỉnh"),
        help_text=_("Ví dụ: Chính phủ; Hội đồng TĐKT Trung ương; Cụm thi đua các tỉnh Đồng bằng sông Hồng."),
    )
    targets = models.TextField(_("nội dung, chỉ tiêu đăng ký"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("ngày tiếp nhận"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_note = models.TextField(_("lý do trả lại"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_text = models.CharField(max_length=600, db_index=True, editable=False, default="")

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["-period__start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "movement"], condition=Q(person__isnull=True, movement__isnull=False),
                name="uniq_unit_registration_movement",
                violation_error_message=_("Đơn vị đã có bản đăng ký cho phong trào này trong kỳ đã chọn."),
            ),
            models.UniqueConstraint(
                fields=["unit", "period"], condition=Q(person__isnull=True, movement__isnull=True),
                name="uniq_unit_registration_period",
                violation_error_message=_("Đơn vị đã có bản đăng ký chung cho kỳ đã chọn."),
            ),
            models.UniqueConstraint(
                fields=["person", "period", "movement"], condition=Q(person__isnull=False, movement__isnull=False),
                name="uniq_person_registration_movement",
                violation_error_message=_("Cá nhân đã có bản đăng ký cho phong trào này trong kỳ đã chọn."),
            ),
            models.UniqueConstraint(
                fields=["person", "period"], condition=Q(person__isnull=False, movement__isnull=True),
                name="uniq_person_registration_period",
                violation_error_message=_("Cá nhân đã có bản đăng ký chung cho kỳ đã chọn."),
            ),
        ]
        indexes = [models.Index(fields=["status", "period"], name="registration_status_idx")]

    def __str__(self):
        who = self.person.full_name if self.person_id else self.unit.name
        return _("Đăng ký thi đua %(period)s — %(who)s") % {"period": self.period, "who": who}

    @property
    def is_individual(self) -> bool:
        return self.person_id is not None

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("movements:registration_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.person_id and self.unit_id and self.person.unit_id != self.unit_id:
            errors["person"] = _("Cá nhân đăng ký phải thuộc đơn vị đăng ký.")
        if self.movement_id and self.period_id:
            m, p = self.movement, self.period
            if m.end < p.start or m.start > p.end:
                errors["movement"] = _("Phong trào không diễn ra trong kỳ đã chọn.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        who = self.person.full_name if self.person_id else ""
        self.search_text = fold(f"{self.unit.name} {self.unit.short_name} {who}")[:600]
        super().save(*args, **kwargs)


@audited
class RegistrationTitle(models.Model):
    """A title or form the registrant undertakes to reach (with how many people, for individual titles)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="titles")
    code = models.CharField(_("danh hiệu / hình thức"), max_length=20, choices=TITLE_CHOICES)
    other_name = models.CharField(_("tên (nếu chọn Khác)"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(_("số lượng"), default=1, validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("danh hiệu đăng ký")
        verbose_name_plural = _("danh hiệu đăng ký")
        ordering = ["id"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return self.other_name if self.code == "OTHER" else str(self.get_code_display())

    def audit_unit_id(self):
        return self.registration.unit_id if self.registration_id else None

    def clean(self):
        if self.code == "OTHER" and not self.other_name.strip():
            raise ValidationError({"other_name": _("Ghi rõ tên danh hiệu, hình thức khen thưởng.")})


# ---------------------------------------------------------------------------------------------------------------
# Pacts
# ---------------------------------------------------------------------------------------------------------------


class GroupScopedQuerySet(ScopedQuerySet):
    """Records of a Cụm/Khối: seen by its member units (and units above them) and by province-wide roles."""

    def for_group_period(self, group, period):
        return self.filter(group=group, period=period)


@audited
class Pact(models.Model):
    """Giao ước thi đua of a Cụm/Khối for a period, signed by its member units."""

    group = models.ForeignKey("orgs.EmulationGroup", verbose_name=_("Cụm/Khối thi đua"), on_delete=models.PROTECT, related_name="pacts")
    period = models.ForeignKey("orgs.Period", verbose_name=_("kỳ thi đua"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("tiêu đề"), max_length=300)
    content = models.TextField(_("nội dung giao ước"))
    signing_place = models.CharField(_("địa điểm ký kết"), max_length=200, blank=True)
    signing_date = models.DateField(_("ngày tổ chức ký kết"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GroupScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")
        ordering = ["-period__start", "group__sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "period"], name="uniq_pact_group_period",
                violation_error_message=_("Cụm/Khối đã có giao ước thi đua cho kỳ này."),
            )
        ]

    def __str__(self):
        return self.title

    @classmethod
    def scope_q(cls, user) -> Q:
        return groups_of_user_q(user)


@audited
class PactSignature(models.Model):
    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="signatures")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị ký"), on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    signed_on = models.DateField(_("ngày ký"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("chữ ký giao ước")
        verbose_name_plural = _("chữ ký giao ước")
        ordering = ["signed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pact", "unit"], name="uniq_pact_signature",
                violation_error_message=_("Đơn vị đã ký giao ước này."),
            )
        ]

    def __str__(self):
        return f"{self.unit} — {self.signer_name} ({self.signed_on:%d/%m/%Y})"

    def audit_unit_id(self):
        return self.unit_id


# ---------------------------------------------------------------------------------------------------------------
# Scoring and ranking
# ---------------------------------------------------------------------------------------------------------------

DEFAULT_TIE_BREAK = _(
    "Bằng tổng điểm: đơn vị có điểm Phần I (nhiệm vụ chính trị) cao hơn xếp trên; nếu vẫn bằng, "
    "Chủ tịch UBND tỉnh (Chủ tịch Hội đồng TĐKT tỉnh) quyết định."
)


@audited
class ScoringRubric(models.Model):
    """Bộ tiêu chí chấm điểm of a Cụm/Khối for a period; its lifecycle is the group's scoring round."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang xây dựng tiêu chí")
        OPEN = "open", _("Đang chấm điểm")
        FINALISED = "finalised", _("Đã chốt kết quả")

    group = models.ForeignKey("orgs.EmulationGroup", verbose_name=_("Cụm/Khối thi đua"), on_delete=models.PROTECT, related_name="rubrics")
    period = models.ForeignKey("orgs.Period", verbose_name=_("kỳ thi đua"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("tên bộ tiêu chí"), max_length=300)
    tie_break_rule = models.TextField(_("nguyên tắc xếp hạng khi bằng điểm"), default=DEFAULT_TIE_BREAK)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    finalised_at = models.DateTimeField(_("ngày chốt"), null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GroupScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ tiêu chí chấm điểm")
        verbose_name_plural = _("bộ tiêu chí chấm điểm")
        ordering = ["-period__start", "group__sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "period"], name="uniq_rubric_group_period",
                violation_error_message=_("Cụm/Khối đã có bộ tiêu chí chấm điểm cho kỳ này."),
            )
        ]

    def __str__(self):
        return self.title

    @classmethod
    def scope_q(cls, user) -> Q:
        return groups_of_user_q(user)

    @property
    def year(self) -> int:
        """The year the ranking counts in (a school year counts in the year it ends)."""
        return self.period.end_year


@audited
class Criterion(models.Model):
    """A row of the criteria table. Codes carry the tree: 'I' is a section, 'I.1' a criterion under it, 'I.1.a'
    under that. Only leaves are scored; a section's score is the sum of its leaves, capped by its own maximum
    when one is given. Bonus (điểm thưởng) rows add to the total, penalty (điểm trừ) rows subtract."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Tiêu chí chấm điểm")
        BONUS = "bonus", _("Điểm thưởng")
        PENALTY = "penalty", _("Điểm trừ")

    rubric = models.ForeignKey(ScoringRubric, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    code = models.CharField(_("mã"), max_length=30)
    name = models.CharField(_("nội dung tiêu chí"), max_length=500)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=7, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.STANDARD)
    position = models.PositiveIntegerField(default=0)
    is_leaf = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["rubric", "code"], name="uniq_criterion_code")]

    def __str__(self):
        return f"{self.code}. {self.name}"

    @property
    def depth(self) -> int:
        return self.code.count(".")

    @property
    def named_after_kind(self) -> bool:
        """A bonus / penalty section named just "Điểm thưởng" / "Điểm trừ": pages show its kind's label (in their
        language) alone, instead of the Vietnamese name followed by the same label translated."""
        if self.kind == self.Kind.STANDARD or self.parent_id:
            return False
        from django.utils import translation

        with translation.override("vi"):
            label = str(self.Kind(self.kind).label)
        return self.name.strip().casefold() == label.casefold()

    def audit_unit_id(self):
        return None


class ScorecardQuerySet(ScopedQuerySet):
    pass


@audited
class Scorecard(models.Model):
    """One member unit's scores in a rubric: self-score, the group's cross-score, the province's appraisal."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đơn vị đang tự chấm")
        SUBMITTED = "submitted", _("Đã gửi tự chấm")
        REVIEWED = "reviewed", _("Cụm/Khối đã chấm chéo")

    rubric = models.ForeignKey(ScoringRubric, on_delete=models.CASCADE, related_name="scorecards")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="scorecards")
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    self_total = models.DecimalField(_("tổng tự chấm"), max_digits=8, decimal_places=2, null=True, blank=True)
    cross_total = models.DecimalField(_("tổng chấm chéo"), max_digits=8, decimal_places=2, null=True, blank=True)
    final_total = models.DecimalField(_("tổng điểm thẩm định"), max_digits=8, decimal_places=2, null=True, blank=True)
    first_section_total = models.DecimalField(_("điểm Phần I"), max_digits=8, decimal_places=2, null=True, blank=True)
    chair_priority = models.PositiveIntegerField(
        _("thứ tự theo quyết định của Chủ tịch"), null=True, blank=True,
        help_text=_("Chỉ dùng khi bằng cả tổng điểm và điểm Phần I."),
    )
    chair_decision = models.CharField(_("quyết định của Chủ tịch"), max_length=300, blank=True)
    rank = models.PositiveIntegerField(_("xếp hạng"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("ngày gửi tự chấm"), null=True, blank=True)
    note = models.TextField(_("nhận xét"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        ordering = ["rank", "unit__sort_key", "id"]
        constraints = [models.UniqueConstraint(fields=["rubric", "unit"], name="uniq_scorecard_unit")]
        indexes = [models.Index(fields=["unit", "rank"], name="scorecard_unit_rank_idx")]

    def __str__(self):
        return _("Phiếu chấm %(unit)s — %(rubric)s") % {"unit": self.unit, "rubric": self.rubric}

    def audit_unit_id(self):
        return self.unit_id

    @classmethod
    def scope_q(cls, user) -> Q:
        """A unit sees its own scorecards; the head unit of a group (role group_head) sees every scorecard of the
        group for the periods it leads."""
        from thidua.core.permissions import is_group_head
        from thidua.orgs.models import GroupLeadership

        q = unit_path_q(user, "unit")
        unit = getattr(user, "unit", None)
        if unit is not None and is_group_head(user):
            led = ScoringRubric.objects.filter(
                group__leaderships__unit=unit,
                group__leaderships__role=GroupLeadership.Role.HEAD,
                group__leaderships__period=models.F("period"),
            ).values("pk")
            q |= Q(rubric__in=led)
        return q


class Score(models.Model):
    """The points of one criterion in one scorecard. Changes are audited per scorecard by the services."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    self_score = models.DecimalField(_("tự chấm"), max_digits=7, decimal_places=2, null=True, blank=True)
    cross_score = models.DecimalField(_("chấm chéo"), max_digits=7, decimal_places=2, null=True, blank=True)
    final_score = models.DecimalField(_("thẩm định"), max_digits=7, decimal_places=2, null=True, blank=True)
    evidence = models.CharField(_("minh chứng, giải trình"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [models.UniqueConstraint(fields=["scorecard", "criterion"], name="uniq_score_criterion")]

    def __str__(self):
        return f"{self.criterion.code}: {self.effective}"

    @property
    def effective(self):
        """The score that counts: the province's appraisal, else the group's, else the unit's own."""
        for value in (self.final_score, self.cross_score, self.self_score):
            if value is not None:
                return value
        return None
