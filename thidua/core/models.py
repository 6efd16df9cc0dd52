import hashlib
import secrets
from datetime import timedelta

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.roles import PROVINCE_WIDE_ROLES, Role
from thidua.core.scoping import ScopedQuerySet, unit_path_q


class ReportFile(models.Model):
    """A file attached to a report (evidence): stored under MEDIA_ROOT outside the web root, served only by a
    permission-checked view (`core.uploads.serve_file`). A concrete model adds `report` (a model with
    `scope_q(user, prefix)` and a `unit`) and `file` (with its app's upload path)."""

    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self):
        return self.original_name

    @classmethod
    def scope_q(cls, user) -> Q:
        return cls._meta.get_field("report").related_model.scope_q(user, prefix="report__")

    def audit_unit_id(self):
        return self.report.unit_id


class User(AbstractUser):
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices, default=Role.UNIT_OFFICER)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    person = models.OneToOneField(
        "orgs.Person", verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )
    # Set by a province administrator: this account needs the second factor whatever its role.
    otp_required = models.BooleanField(_("bắt buộc xác thực hai bước"), default=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    @property
    def role_is_province_wide(self) -> bool:
        return self.role in PROVINCE_WIDE_ROLES

    def has_perm(self, perm, obj=None) -> bool:
        # The permissions of thidua (rules, thidua/<app>/permissions.py) decide for everyone: an administrator passes
        # them as province staff, not by the superuser flag (docs/design.md "Permissions"). Django's own model
        # permissions (the admin site) keep Django's behaviour.
        if rules.perm_exists(perm):
            return bool(self.is_active and rules.has_perm(perm, self, obj))
        return super().has_perm(perm, obj)

    def get_full_name(self) -> str:
        # Vietnamese order: family and middle names (last_name) before the given name (first_name).
        return " ".join(part for part in (self.last_name, self.first_name) if part).strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def audit_unit_id(self):
        return self.unit_id

    def save(self, *args, **kwargs):
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            # A new password ends every API token issued under the old one (sessions end through Django's
            # session auth hash).
            ApiToken.objects.filter(user=self, revoked_at__isnull=True).update(revoked_at=timezone.now())


class ApiToken(models.Model):
    """Bearer token for the API. Only a hash is stored; the token itself is shown once. A token expires
    (`THIDUA_API_TOKEN_DAYS`), can be revoked by its owner, and is revoked when the owner's password changes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    # Refreshed at most once per THIDUA_API_TOKEN_TOUCH_SECONDS, so reading the API does not write on every call.
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"token #{self.pk} of {self.user}"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user) -> str:
        key = secrets.token_urlsafe(32)
        now = timezone.now()
        cls.objects.create(user=user, key_hash=cls.hash(key), created_at=now,
                           expires_at=now + timedelta(days=settings.THIDUA_API_TOKEN_DAYS))
        return key

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at is not None and self.expires_at > timezone.now()


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit entry through the ORM (the database refuses it too)."""


class AuditEntryQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("audit entries cannot be changed")

    def delete(self):
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")

    def _raw_delete(self, using):
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """Who did what, when, to which record: every create/update/delete of audited models and every workflow step.

    Append-only and hash-chained (`core/audit.py`): each row stores the hash of its content and of the previous
    row; the ORM refuses update/delete and a database trigger refuses UPDATE/DELETE; `thidua audit verify` finds
    the first broken link. The actor and unit are kept as plain ids (no database constraint, nothing cascades):
    deleting a user or a unit must not rewrite history."""

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Cập nhật")
        DELETE = "delete", _("Xóa")
        TRANSITION = "transition", _("Chuyển trạng thái")
        IMPORT = "import", _("Nhập dữ liệu")
        EXPORT = "export", _("Xuất dữ liệu")
        LOGIN = "login", _("Đăng nhập")
        LOGIN_FAILED = "login_failed", _("Đăng nhập thất bại")
        LOGOUT = "logout", _("Đăng xuất")
        ACCOUNT = "account", _("Thay đổi tài khoản")
        VIEW_PERSONAL = "view_personal", _("Xem dữ liệu cá nhân")

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False,
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(_("thao tác"), max_length=16, choices=Action.choices)
    model = models.CharField(_("loại bản ghi"), max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("bản ghi"), max_length=300, blank=True)
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+",
                             db_constraint=False)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    row_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["model", "object_id"]),
            # the audit log's sortable columns (core.views.AUDIT_SORTS)
            models.Index(fields=["actor_name", "-at", "-id"], name="audit_actor_at"),
            models.Index(fields=["action", "-at", "-id"], name="audit_action_at"),
        ]

    @classmethod
    def scope_q(cls, user) -> Q:
        return unit_path_q(user, "unit")

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AuditLogIsAppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")


class CalendarOverride(models.Model):
    """A day off or make-up working day announced for a year (the government's or the province's notice)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ bổ sung")
        WORKDAY = "workday", _("Ngày làm việc bù")

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("căn cứ / ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} — {self.get_kind_display()}"


class DocumentSequence(models.Model):
    """Document number counter: one per issuer, document type and year (Decree 30/2020 Art 15)."""

    issuer = models.CharField(max_length=50)
    doc_type = models.CharField(max_length=20)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "doc_type", "year"], name="uniq_doc_sequence")]

    def __str__(self):
        return f"{self.doc_type}-{self.issuer} {self.year}: {self.last_number}"


class JobQuerySet(ScopedQuerySet):
    pass


class Job(models.Model):
    """One long piece of work (an import, a whole decision's certificates, an export, the daily reminders), run by
    `thidua job_worker` through the django.tasks API (thidua/core/jobs.py). The row is the truth the pages read:
    progress, heartbeat, outcome and the file it produced. Scoped like the unit's records; its owner always sees it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")
        CANCELLED = "cancelled", _("Đã hủy")

    kind = models.CharField(_("loại công việc"), max_length=64)
    title = models.CharField(_("công việc"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="jobs")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    # The record the job works on (an ImportBatch, a Decision …): "<app_label>.<model>" and its id.
    target_model = models.CharField(max_length=64, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    message = models.TextField(_("thông báo"), blank=True)
    result = models.FileField(_("tệp kết quả"), upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    cancel_requested = models.BooleanField(default=False)
    task_id = models.CharField(max_length=64, blank=True)  # the django.tasks result id of the latest queueing
    # One run per key (a scheduled job's "kind:date"); NULL for ordinary jobs.
    key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("công việc nền")
        verbose_name_plural = _("công việc nền")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat")]

    def __str__(self):
        return self.title

    @classmethod
    def scope_q(cls, user) -> Q:
        return Q(owner=user) | unit_path_q(user, "unit")

    def audit_unit_id(self):
        return self.unit_id

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("job_detail", args=[self.pk])

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def target(self):
        if not (self.target_model and self.target_id):
            return None
        from django.apps import apps

        try:
            return apps.get_model(self.target_model)._default_manager.filter(pk=self.target_id).first()
        except LookupError:
            return None
