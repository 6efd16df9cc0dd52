"""Outreach (tuyên truyền): exemplars and their media coverage, the legal library, training courses, and
patriotic emulation congresses with their delegations.

Plan 196/KH-UBND: I.2.b and II.1 (discover, commend and publicise exemplars and good models in the media;
disseminate the Law, NĐ 98/2023 and QĐ 11/2024), II.5 and appendix tasks 13, 22 (congresses, the province's
delegation to the national congress), II.8 and task 14 (training of TĐKT officers), task 20 (report on
KH 90/KH-UBND). What is shown to the public (no login) is only what province staff published, never personal
data (citizen id, birth date).
"""


from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
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
from thidua.core.text import SearchMixin, SearchTextMixin, person_sort_key, sort_key
from thidua.core.uploads import stored_path

YEAR_VALIDATORS = [MinValueValidator(1945), MaxValueValidator(2100)]


class StaffEditedQuerySet(SearchMixin, ScopedQuerySet):
    """Rows that only province TĐKT staff change (the library, congresses, delegations)."""

    def editable_by(self, user):
        from thidua.outreach import access

        return self if access.is_province_staff(user) else self.none()


class SearchableRecord(SearchTextMixin, models.Model):
    """When the row was created, and its folded search words (`search_source()`, 800 characters) kept by save()."""

    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.CharField(max_length=800, db_index=True, editable=False, default="")

    class Meta:
        abstract = True


class PersonSortKeyMixin:
    """save() orders the row by its person's name, given name first (Vietnamese list order)."""

    def save(self, *args, **kwargs):
        self.sort_key = person_sort_key(self.person.full_name)[:600]
        super().save(*args, **kwargs)


# Random names without the extension: the original name and type are kept in the database only.
def exemplar_photo_path(instance, filename):
    return stored_path("outreach/photos")


def legal_file_path(instance, filename):
    return stored_path("outreach/legal")


def training_material_path(instance, filename):
    return stored_path("outreach/training")


class Sector(models.TextChoices):
    """Ngành, lĩnh vực of an exemplar (the sectors the province's blocks and clusters cover)."""

    ADMINISTRATION = "administration", _("Quản lý nhà nước, hành chính")
    EDUCATION = "education", _("Giáo dục và đào tạo")
    HEALTH = "health", _("Y tế")
    AGRICULTURE = "agriculture", _("Nông nghiệp, nông thôn mới")
    INDUSTRY = "industry", _("Công nghiệp, doanh nghiệp")
    SCIENCE = "science", _("Khoa học, công nghệ, chuyển đổi số")
    CULTURE = "culture", _("Văn hóa, thể thao, du lịch")
    SOCIAL = "social", _("Lao động, xã hội, an sinh")
    SECURITY = "security", _("Quốc phòng, an ninh")
    MEDIA = "media", _("Báo chí, truyền thông")
    COMMUNITY = "community", _("Cộng đồng dân cư, người tốt việc tốt")
    OTHER = "other", _("Lĩnh vực khác")


# ---------------------------------------------------------------------------------------------------------------
# Exemplars
# ---------------------------------------------------------------------------------------------------------------


class ExemplarQuerySet(SearchMixin, ScopedQuerySet):
    def published(self):
        return self.filter(status=Exemplar.Status.PUBLISHED)


@audited
class Exemplar(SearchTextMixin, ScopedModelMixin, models.Model):
    """An exemplary person, collective or model (điển hình tiên tiến, gương người tốt việc tốt, mô hình tiêu biểu)
    proposed by a unit and published by province staff on the public pages."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Cá nhân")
        COLLECTIVE = "collective", _("Tập thể")
        MODEL = "model", _("Mô hình, cách làm hay")

    class Category(models.TextChoices):
        ADVANCED = "advanced", _("Điển hình tiên tiến")
        GOOD_DEED = "good_deed", _("Gương người tốt, việc tốt")
        MODEL = "model", _("Mô hình tiêu biểu")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đơn vị đã gửi")
        PUBLISHED = "published", _("Đã công bố")
        REJECTED = "rejected", _("Bị trả lại")

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị đề xuất"), on_delete=models.PROTECT, related_name="exemplars"
    )
    kind = models.CharField(_("đối tượng"), max_length=16, choices=Kind.choices, default=Kind.PERSON)
    category = models.CharField(_("loại điển hình"), max_length=16, choices=Category.choices, default=Category.ADVANCED)
    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="exemplars", help_text=_("Bắt buộc khi đối tượng là cá nhân."),
    )
    collective = models.ForeignKey(
        "orgs.Unit", verbose_name=_("tập thể"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="exemplar_profiles", help_text=_("Bắt buộc khi đối tượng là tập thể."),
    )
    subject_name = models.CharField(
        _("tên hiển thị"), max_length=255, blank=True,
        help_text=_("Tên cá nhân, tập thể hoặc mô hình hiển thị công khai; để trống để lấy theo hồ sơ."),
    )
    subject_position = models.CharField(_("chức vụ, nơi công tác"), max_length=300, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=300)
    summary = models.CharField(_("tóm tắt"), max_length=500, blank=True)
    story = models.TextField(_("nội dung (câu chuyện, thành tích)"), help_text=_("Mỗi đoạn cách nhau một dòng trống."))
    sector = models.CharField(_("ngành, lĩnh vực"), max_length=20, choices=Sector.choices)
    year = models.PositiveSmallIntegerField(_("năm"), validators=YEAR_VALIDATORS)
    movement = models.ForeignKey(
        "movements.Movement", verbose_name=_("phong trào thi đua"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="exemplars",
    )
    photo = models.FileField(_("ảnh"), upload_to=exemplar_photo_path, max_length=255, blank=True)
    photo_content_type = models.CharField(max_length=40, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    reject_reason = models.TextField(_("lý do trả lại"), blank=True)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    published_at = models.DateTimeField(_("ngày công bố"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_text = models.CharField(max_length=1200, db_index=True, editable=False, default="")

    objects = ExemplarQuerySet.as_manager()

    class Meta:
        verbose_name = _("điển hình tiên tiến")
        verbose_name_plural = _("điển hình tiên tiến")
        ordering = ["-year", "-id"]
        indexes = [
            models.Index(fields=["status", "-year", "-id"], name="exemplar_status_year_idx"),
            models.Index(fields=["unit", "status"], name="exemplar_unit_status_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def display_name(self) -> str:
        if self.subject_name:
            return self.subject_name
        if self.kind == self.Kind.PERSON and self.person_id:
            return self.person.full_name
        if self.kind == self.Kind.COLLECTIVE and self.collective_id:
            return self.collective.name
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.story.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def is_editable_state(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.REJECTED)

    def clean(self):
        errors = {}
        if self.kind == self.Kind.PERSON:
            if not self.person_id:
                errors["person"] = _("Cần chọn cá nhân được giới thiệu.")
            elif self.unit_id and not self.person.unit.path.startswith(self.unit.path):
                errors["person"] = _("Cá nhân phải thuộc đơn vị đề xuất hoặc đơn vị trực thuộc.")
        if self.kind == self.Kind.COLLECTIVE:
            if not self.collective_id:
                errors["collective"] = _("Cần chọn tập thể được giới thiệu.")
            elif self.unit_id and not self.collective.path.startswith(self.unit.path):
                errors["collective"] = _("Tập thể phải là đơn vị đề xuất hoặc đơn vị trực thuộc.")
        if self.year and self.year > timezone.localdate().year + 1:
            errors["year"] = _("Năm không được ở tương lai quá một năm.")
        if self.story is not None and len(self.story.strip()) < 30:
            errors["story"] = _("Nội dung quá ngắn; cần giới thiệu thành tích, cách làm (ít nhất 30 ký tự).")
        if errors:
            raise ValidationError(errors)

    def fill_derived(self):
        if self.kind != self.Kind.PERSON:
            self.person = None
        if self.kind != self.Kind.COLLECTIVE:
            self.collective = None
        self.subject_name = " ".join((self.subject_name or "").split())

    def search_source(self) -> str:
        return f"{self.title} {self.display_name} {self.summary} {self.subject_position}"

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)


class MediaCoverageQuerySet(SearchMixin, ScopedQuerySet):
    pass


@audited
class MediaCoverage(ScopedModelMixin, SearchableRecord):
    """A press, radio or TV item about an exemplar or a movement (plan 196 II.1.b, III.3; appendix task 5)."""

    class Medium(models.TextChoices):
        PRINT = "print", _("Báo in")
        ONLINE = "online", _("Báo điện tử, cổng thông tin")
        RADIO = "radio", _("Phát thanh")
        TELEVISION = "television", _("Truyền hình")
        SOCIAL = "social", _("Mạng xã hội, trang tin của đơn vị")
        OTHER = "other", _("Hình thức khác")

    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị cập nhật"), on_delete=models.PROTECT,
                             related_name="media_coverage")
    outlet = models.CharField(_("cơ quan báo chí"), max_length=200, help_text=_("Ví dụ: Báo Hưng Yên; Đài PT-TH Hưng Yên."))
    medium = models.CharField(_("loại hình"), max_length=16, choices=Medium.choices, default=Medium.PRINT)
    published_on = models.DateField(_("ngày đăng, phát sóng"))
    title = models.CharField(_("tiêu đề tin, bài"), max_length=400)
    url = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    exemplar = models.ForeignKey(Exemplar, verbose_name=_("điển hình"), null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="coverage")
    movement = models.ForeignKey("movements.Movement", verbose_name=_("phong trào thi đua"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="media_coverage")
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = MediaCoverageQuerySet.as_manager()

    class Meta:
        verbose_name = _("tin, bài tuyên truyền")
        verbose_name_plural = _("tin, bài tuyên truyền")
        ordering = ["-published_on", "-id"]

    def __str__(self):
        return f"{self.outlet}: {self.title}"

    def clean(self):
        if self.published_on and self.published_on > timezone.localdate():
            raise ValidationError({"published_on": _("Ngày đăng không được ở tương lai.")})

    def search_source(self) -> str:
        return f"{self.title} {self.outlet}"

    def save(self, *args, **kwargs):
        self.outlet = " ".join(self.outlet.split())
        super().save(*args, **kwargs)


# ---------------------------------------------------------------------------------------------------------------
# Legal library
# ---------------------------------------------------------------------------------------------------------------


class LegalDocumentQuerySet(StaffEditedQuerySet):
    def public(self):
        return self.filter(is_public=True)


@audited
class LegalDocument(SearchTextMixin, models.Model):
    """A text of the legal library (thư viện văn bản): law, decree, circular, the province's decisions and plans."""

    class Kind(models.TextChoices):
        LAW = "law", _("Luật")
        DECREE = "decree", _("Nghị định")
        CIRCULAR = "circular", _("Thông tư")
        DECISION = "decision", _("Quyết định")
        PLAN = "plan", _("Kế hoạch")
        GUIDANCE = "guidance", _("Hướng dẫn")
        OTHER = "other", _("Văn bản khác")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("Còn hiệu lực")
        NOT_YET = "not_yet", _("Chưa có hiệu lực")
        EXPIRED = "expired", _("Hết hiệu lực")
        REPLACED = "replaced", _("Đã được thay thế")

    number = models.CharField(_("số, ký hiệu"), max_length=100, help_text=_("Ví dụ: 98/2023/NĐ-CP."))
    kind = models.CharField(_("loại văn bản"), max_length=16, choices=Kind.choices)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("ngày ban hành"))
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    summary = models.TextField(_("tóm tắt nội dung"), blank=True)
    status = models.CharField(_("tình trạng hiệu lực"), max_length=16, choices=Status.choices, default=Status.IN_FORCE)
    expired_on = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("được thay thế bởi"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="replaces",
    )
    is_public = models.BooleanField(_("công khai trên trang thư viện"), default=True)
    file = models.FileField(_("tệp văn bản"), upload_to=legal_file_path, max_length=255, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    file_content_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_text = models.CharField(max_length=1200, db_index=True, editable=False, default="")

    objects = LegalDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản pháp luật")
        verbose_name_plural = _("thư viện văn bản")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["number", "issued_on"], name="uniq_legal_document_number_date",
                                    violation_error_message=_("Văn bản có số, ký hiệu và ngày ban hành này đã có trong thư viện.")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    @classmethod
    def scope_q(cls, user) -> Q:
        # The library is public: every signed-in user reads every text (unpublished ones only province staff).
        from thidua.outreach import access

        return Q() if access.is_province_staff(user) else Q(is_public=True)

    @property
    def citation(self) -> str:
        return f"{self.get_kind_display()} số {self.number} ngày {self.issued_on:%d/%m/%Y} của {self.issuer}"

    def clean(self):
        errors = {}
        self.number = " ".join((self.number or "").split())
        if self.number and "/" not in self.number:
            errors["number"] = _("Số, ký hiệu cần có dạng số/năm/ký hiệu, ví dụ 98/2023/NĐ-CP hoặc 90/KH-UBND.")
        if self.effective_on and self.issued_on and self.effective_on < self.issued_on:
            errors["effective_on"] = _("Ngày có hiệu lực không được trước ngày ban hành.")
        if self.expired_on and self.effective_on and self.expired_on < self.effective_on:
            errors["expired_on"] = _("Ngày hết hiệu lực không được trước ngày có hiệu lực.")
        if self.status == self.Status.REPLACED and not self.replaced_by_id:
            errors["replaced_by"] = _("Cần chọn văn bản thay thế.")
        if self.replaced_by_id and self.pk and self.replaced_by_id == self.pk:
            errors["replaced_by"] = _("Văn bản không thể tự thay thế chính nó.")
        if self.status in (self.Status.EXPIRED, self.Status.REPLACED) and not self.expired_on:
            errors["expired_on"] = _("Cần ghi ngày hết hiệu lực.")
        if errors:
            raise ValidationError(errors)

    def search_source(self) -> str:
        return f"{self.number} {self.title} {self.issuer} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        self.number = " ".join(self.number.split())
        super().save(*args, **kwargs)


# ---------------------------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------------------------


class TrainingQuerySet(SearchMixin, ScopedQuerySet):
    def editable_by(self, user):
        if not can_edit(user):
            return self.none()
        if is_province_wide(user):
            return self
        return self.filter(unit_path_q(user, "organiser"))


@audited
class Training(ReadByAllMixin, SearchableRecord):
    """A training course in TĐKT work (tập huấn nghiệp vụ; plan 196 II.8, appendix task 14). Announced to every unit;
    who is registered is scoped on the attendee rows."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        OPEN = "open", _("Đang nhận đăng ký")
        CLOSED = "closed", _("Đã chốt danh sách")
        HELD = "held", _("Đã tổ chức")
        CANCELLED = "cancelled", _("Đã hủy")

    title = models.CharField(_("tên lớp tập huấn"), max_length=300)
    organiser = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT,
                                  related_name="organised_trainings")
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    venue = models.CharField(_("địa điểm"), max_length=300)
    audience = models.TextField(_("thành phần, đối tượng"),
                                help_text=_("Ví dụ: công chức, viên chức làm công tác TĐKT của các sở, ngành, địa phương."))
    agenda = models.TextField(_("nội dung, chương trình"), blank=True)
    registration_deadline = models.DateField(_("hạn đăng ký"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("số học viên tối đa"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PLANNED)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("lớp tập huấn")
        verbose_name_plural = _("lớp tập huấn")
        ordering = ["-start", "-id"]

    def __str__(self):
        return self.title

    def audit_unit_id(self):
        return self.organiser_id

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.")
        if self.registration_deadline and self.start and self.registration_deadline > self.start:
            errors["registration_deadline"] = _("Hạn đăng ký phải trước ngày khai giảng.")
        if self.capacity is not None and self.capacity == 0:
            errors["capacity"] = _("Số học viên tối đa phải lớn hơn 0 (để trống nếu không giới hạn).")
        if errors:
            raise ValidationError(errors)

    def search_source(self) -> str:
        return f"{self.title} {self.venue}"


class TrainingMaterial(models.Model):
    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Chương trình")
        MATERIAL = "material", _("Tài liệu")
        INVITATION = "invitation", _("Giấy mời, công văn")

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.MATERIAL)
    title = models.CharField(_("tên tài liệu"), max_length=300)
    file = models.FileField(_("tệp"), upload_to=training_material_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "uploaded_at", "id"]

    def __str__(self):
        return self.title


class TrainingInvitation(models.Model):
    """The course invites a unit, with the number of seats it may fill (its officers register its people)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị được mời"), on_delete=models.PROTECT,
                             related_name="training_invitations")
    seats = models.PositiveSmallIntegerField(_("số người được cử"), default=2, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["unit__sort_key", "id"]
        constraints = [models.UniqueConstraint(fields=["training", "unit"], name="uniq_training_invitation",
                                               violation_error_message=_("Đơn vị này đã được mời."))]

    def __str__(self):
        return f"{self.training} — {self.unit}"


class TrainingAttendeeQuerySet(ScopedQuerySet):
    pass


@audited
class TrainingAttendee(PersonSortKeyMixin, ScopedModelMixin, models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey("orgs.Person", verbose_name=_("cá nhân"), on_delete=models.PROTECT,
                               related_name="trainings")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị cử"), on_delete=models.PROTECT,
                             related_name="training_attendees")
    invitation = models.ForeignKey(TrainingInvitation, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="attendees")
    attended = models.BooleanField(_("có mặt"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)
    sort_key = models.CharField(max_length=600, db_index=True, editable=False, default="")

    objects = TrainingAttendeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("học viên tập huấn")
        verbose_name_plural = _("học viên tập huấn")
        ordering = ["unit__sort_key", "sort_key", "id"]
        constraints = [models.UniqueConstraint(fields=["training", "person"], name="uniq_training_attendee",
                                               violation_error_message=_("Người này đã có trong danh sách học viên."))]

    def __str__(self):
        return f"{self.person} — {self.training}"


# ---------------------------------------------------------------------------------------------------------------
# Congresses and delegations
# ---------------------------------------------------------------------------------------------------------------


@audited
class Congress(ReadByAllMixin, SearchableRecord):
    """Đại hội Thi đua yêu nước: held every five years at each level (LAW-RESEARCH §8)."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("Toàn quốc")
        PROVINCE = "province", _("Cấp tỉnh")
        SECTOR = "sector", _("Cấp ngành")
        GRASSROOTS = "grassroots", _("Cấp cơ sở")

    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices, default=Level.PROVINCE)
    name = models.CharField(_("tên đại hội"), max_length=400,
                            help_text=_("Ví dụ: Đại hội Thi đua yêu nước tỉnh Hưng Yên lần thứ X năm 2025."))
    term = models.CharField(_("giai đoạn"), max_length=50, blank=True, help_text=_("Ví dụ: 2025–2030."))
    start = models.DateField(_("ngày khai mạc"))
    end = models.DateField(_("ngày bế mạc"))
    venue = models.CharField(_("địa điểm"), max_length=300)
    organiser = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị tổ chức"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="organised_congresses")
    organiser_name = models.CharField(_("cơ quan tổ chức (ngoài tỉnh)"), max_length=300, blank=True,
                                      help_text=_("Ví dụ: Hội đồng Thi đua - Khen thưởng Trung ương."))
    delegate_count = models.PositiveIntegerField(_("số đại biểu dự đại hội"), null=True, blank=True)
    summary = models.TextField(_("nội dung, kết quả"), blank=True)

    objects = StaffEditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đại hội thi đua yêu nước")
        verbose_name_plural = _("đại hội thi đua yêu nước")
        ordering = ["-start", "-id"]

    def __str__(self):
        return self.name

    def audit_unit_id(self):
        return self.organiser_id

    @property
    def organiser_label(self) -> str:
        return self.organiser.name if self.organiser_id else self.organiser_name

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Ngày bế mạc phải sau hoặc trùng ngày khai mạc.")
        if not self.organiser_id and not (self.organiser_name or "").strip():
            errors["organiser"] = _("Cần chọn đơn vị tổ chức hoặc ghi tên cơ quan tổ chức.")
        if errors:
            raise ValidationError(errors)

    def search_source(self) -> str:
        return f"{self.name} {self.venue} {self.term}"


class CongressHonouree(models.Model):
    """A collective or individual commended (tuyên dương) at the congress."""

    class Kind(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="honourees")
    kind = models.CharField(_("đối tượng"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("tên tập thể, cá nhân"), max_length=255)
    unit_name = models.CharField(_("đơn vị"), max_length=255, blank=True)
    citation = models.CharField(_("thành tích được tuyên dương"), max_length=500, blank=True)
    exemplar = models.ForeignKey(Exemplar, verbose_name=_("điển hình"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="congress_honours")
    award = models.ForeignKey("awards.Award", verbose_name=_("khen thưởng"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="congress_honours")
    order = models.PositiveIntegerField(default=0)
    sort_key = models.CharField(max_length=600, editable=False, default="")

    class Meta:
        verbose_name = _("tập thể, cá nhân được tuyên dương")
        verbose_name_plural = _("tập thể, cá nhân được tuyên dương")
        ordering = ["kind", "order", "sort_key", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.sort_key = (person_sort_key(self.name) if self.kind == self.Kind.INDIVIDUAL else sort_key(self.name))[:600]
        super().save(*args, **kwargs)


@audited
class Delegation(ReadByAllMixin, SearchableRecord):
    """Đoàn đại biểu: the province's (or a sector's) delegation to a congress (appendix task 22)."""

    class Status(models.TextChoices):
        NOMINATING = "nominating", _("Đang nhận đề cử")
        CONFIRMED = "confirmed", _("Đã chốt danh sách")

    congress = models.ForeignKey(Congress, verbose_name=_("dự đại hội"), on_delete=models.PROTECT,
                                 related_name="delegations")
    name = models.CharField(_("tên đoàn"), max_length=400)
    lead_unit = models.ForeignKey("orgs.Unit", verbose_name=_("cơ quan thường trực"), on_delete=models.PROTECT,
                                  related_name="delegations")
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    size = models.PositiveSmallIntegerField(_("số đại biểu được phân bổ"), null=True, blank=True)
    nomination_deadline = models.DateField(_("hạn đề cử"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.NOMINATING)
    note = models.TextField(_("ghi chú, cơ cấu đoàn"), blank=True)

    objects = StaffEditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đoàn đại biểu")
        verbose_name_plural = _("đoàn đại biểu")
        ordering = ["-congress__start", "-id"]

    def __str__(self):
        return self.name

    def audit_unit_id(self):
        return self.lead_unit_id

    def clean(self):
        if self.size is not None and self.size == 0:
            raise ValidationError({"size": _("Số đại biểu phải lớn hơn 0 (để trống nếu chưa phân bổ).")})

    def search_source(self) -> str:
        return f"{self.name} {self.decision_number}"


class DelegateQuerySet(ScopedQuerySet):
    pass


@audited
class Delegate(PersonSortKeyMixin, ScopedModelMixin, models.Model):
    class Role(models.TextChoices):
        HEAD = "head", _("Trưởng đoàn")
        DEPUTY = "deputy", _("Phó Trưởng đoàn")
        MEMBER = "member", _("Đại biểu")

    class Category(models.TextChoices):
        EXEMPLAR = "exemplar", _("Điển hình tiên tiến")
        LEADER = "leader", _("Lãnh đạo")
        DIRECT_WORKER = "direct_worker", _("Người lao động trực tiếp")
        ARMED_FORCES = "armed_forces", _("Lực lượng vũ trang")
        ENTREPRENEUR = "entrepreneur", _("Doanh nhân, doanh nghiệp")
        OTHER = "other", _("Thành phần khác")

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Đơn vị đề cử")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        DECLINED = "declined", _("Không chọn")

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="delegates")
    person = models.ForeignKey("orgs.Person", verbose_name=_("đại biểu"), on_delete=models.PROTECT,
                               related_name="delegations")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị đề cử"), on_delete=models.PROTECT,
                             related_name="nominated_delegates")
    role = models.CharField(_("vai trò trong đoàn"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    category = models.CharField(_("thành phần"), max_length=16, choices=Category.choices, default=Category.EXEMPLAR)
    exemplar = models.ForeignKey(Exemplar, verbose_name=_("điển hình"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="delegate_roles")
    achievements = models.TextField(_("thành tích tiêu biểu"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.NOMINATED)
    status_note = models.CharField(_("ghi chú xét chọn"), max_length=300, blank=True)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    nominated_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    sort_key = models.CharField(max_length=600, db_index=True, editable=False, default="")

    objects = DelegateQuerySet.as_manager()

    class Meta:
        verbose_name = _("đại biểu")
        verbose_name_plural = _("đại biểu")
        ordering = ["delegation", "sort_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "person"], name="uniq_delegate_person",
                                    violation_error_message=_("Người này đã có trong danh sách đề cử của đoàn.")),
            models.UniqueConstraint(fields=["delegation"], condition=Q(role="head", status="confirmed"),
                                    name="uniq_delegation_head",
                                    violation_error_message=_("Đoàn đã có Trưởng đoàn.")),
        ]

    def __str__(self):
        return f"{self.person} — {self.delegation}"
