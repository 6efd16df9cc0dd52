"""Consultations (lấy ý kiến hiệp y): before State and Government awards (and the award types the province adds to
the list) go on, the province's TĐKT staff ask agencies (police, tax, social insurance, inspectorate, environment)
whether they know of anything against the nominees. A letter goes to each agency with the nominee list and a
deadline in working days; each agency answers per nominee. A disagreement opens a pending proceeding
(`awards.PendingProceeding`, kind "consultation") that holds the nomination until province staff clear it.

State changes happen in `thidua.dossiers.consultations` (the services); these are the tables."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import audited
from thidua.core.scoping import ScopedQuerySet, unit_path_q


class Answer(models.TextChoices):
    PENDING = "", _("Chưa trả lời")
    AGREE = "agree", _("Đồng ý")
    DISAGREE = "disagree", _("Không đồng ý")
    NO_REPLY = "no_reply", _("Không trả lời đúng hạn")


class NoReplyMeans(models.TextChoices):
    AGREE = "agree", _("Coi như đồng ý")
    DISAGREE = "disagree", _("Coi như không đồng ý (phải xác minh)")


@audited
class ConsultedAgency(models.Model):
    """An agency the province consults (a maintained list: Công an tỉnh, Thuế tỉnh, Bảo hiểm xã hội tỉnh…)."""

    name = models.CharField(_("tên cơ quan"), max_length=255, unique=True)
    addressee = models.CharField(
        _("kính gửi"),
        max_length=255,
        blank=True,
        help_text=_("Dòng “Kính gửi” của văn bản; để trống thì dùng tên cơ quan."),
    )
    topic = models.CharField(
        _("nội dung lấy ý kiến"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: việc chấp hành pháp luật về thuế."),
    )
    active = models.BooleanField(_("đang lấy ý kiến"), default=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("cơ quan lấy ý kiến hiệp y")
        verbose_name_plural = _("cơ quan lấy ý kiến hiệp y")
        ordering = ["order", "name", "id"]

    def __str__(self):
        return self.name

    @property
    def salutation(self) -> str:
        return self.addressee or self.name


@audited
class ConsultationPolicy(models.Model):
    """The province's settings for consultations (one row): which award types besides the State and Government
    awards need one, how many working days the agencies get, and what a missing answer counts as."""

    default_days = models.PositiveSmallIntegerField(_("thời hạn trả lời (ngày làm việc)"), default=7)
    no_reply_means = models.CharField(
        _("hết hạn không trả lời thì"),
        max_length=10,
        choices=NoReplyMeans.choices,
        default=NoReplyMeans.AGREE,
    )
    extra_award_types = models.ManyToManyField(
        "awards.AwardType",
        verbose_name=_("hình thức khác phải lấy ý kiến hiệp y"),
        blank=True,
        related_name="+",
        help_text=_("Ngoài khen thưởng cấp Nhà nước và Chính phủ (luôn phải lấy ý kiến hiệp y)."),
    )

    class Meta:
        verbose_name = _("thiết lập hiệp y")
        verbose_name_plural = _("thiết lập hiệp y")

    def __str__(self):
        return str(_("Thiết lập hiệp y"))

    @classmethod
    def current(cls) -> "ConsultationPolicy":
        policy = cls.objects.order_by("id").first()
        return policy or cls.objects.create()


class ConsultationQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)


@audited
class Consultation(models.Model):
    """One round of consultation about some nominations of a dossier: a letter to each agency."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="consultations")
    number = models.CharField(_("số, ký hiệu văn bản"), max_length=60, blank=True)
    sent_on = models.DateField(_("ngày gửi"))
    days = models.PositiveSmallIntegerField(_("thời hạn trả lời (ngày làm việc)"))
    due_on = models.DateField(_("hạn trả lời"), editable=False)
    no_reply_means = models.CharField(
        _("hết hạn không trả lời thì"), max_length=10, choices=NoReplyMeans.choices, editable=False
    )
    agencies = models.ManyToManyField(
        ConsultedAgency, verbose_name=_("cơ quan được lấy ý kiến"), related_name="consultations"
    )
    nominations = models.ManyToManyField(
        "dossiers.Nomination", verbose_name=_("đề nghị lấy ý kiến"), related_name="consultations"
    )
    closed_on = models.DateField(_("ngày kết thúc lấy ý kiến"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt lấy ý kiến hiệp y")
        verbose_name_plural = _("đợt lấy ý kiến hiệp y")
        ordering = ["-sent_on", "-id"]

    def __str__(self):
        return f"HY-{self.pk or 0:05d} ({self.dossier_id})"

    @property
    def code(self) -> str:
        return f"HY-{self.pk:05d}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @classmethod
    def scope_q(cls, user) -> Q:
        return unit_path_q(user, "dossier__unit")

    def audit_unit_id(self):
        return self.dossier.unit_id

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("dossiers:consultation", args=[self.pk])


class ConsultationReplyQuerySet(ScopedQuerySet):
    pass


@audited
class ConsultationReply(models.Model):
    """What one agency answered about one nomination. A negative answer (or a missing one the province counts as
    negative) opens `proceeding`, which holds the nomination until it is cleared."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="replies")
    agency = models.ForeignKey(ConsultedAgency, on_delete=models.PROTECT, related_name="replies")
    nomination = models.ForeignKey(
        "dossiers.Nomination", on_delete=models.CASCADE, related_name="consultation_replies"
    )
    answer = models.CharField(
        _("ý kiến"), max_length=10, choices=Answer.choices, blank=True, default=Answer.PENDING
    )
    reason = models.TextField(_("lý do, nội dung"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    proceeding = models.ForeignKey(
        "awards.PendingProceeding",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_replies",
        editable=False,
    )

    objects = ConsultationReplyQuerySet.as_manager()

    class Meta:
        verbose_name = _("ý kiến hiệp y")
        verbose_name_plural = _("ý kiến hiệp y")
        ordering = ["consultation", "agency__order", "agency__name", "nomination__sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "agency", "nomination"], name="uniq_consultation_reply"
            )
        ]

    def __str__(self):
        return f"{self.agency} — {self.nomination_id}: {self.get_answer_display()}"

    @classmethod
    def scope_q(cls, user) -> Q:
        return unit_path_q(user, "consultation__dossier__unit")

    def audit_unit_id(self):
        return self.consultation.dossier.unit_id

    @property
    def is_negative(self) -> bool:
        return self.answer == Answer.DISAGREE or (
            self.answer == Answer.NO_REPLY and self.consultation.no_reply_means == NoReplyMeans.DISAGREE
        )
