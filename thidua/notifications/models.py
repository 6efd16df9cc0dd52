"""The inbox: one `Notification` row per recipient of an announced event (thidua/core/events.py), and each user's
`NotificationPreference` per kind of event.

A preference is one channel per kind (a user picks one cell per row of the grid on the preferences page):
- `in_app`: in the inbox only;
- `email`: in the inbox, and an e-mail at once;
- `digest`: in the inbox, and in the next daily digest e-mail if still unread then — the DEFAULT for every kind
  without a saved preference (a user is told without being flooded; `DEFAULT_CHANNEL`);
- `off`: nothing.

A notification is personal: every read goes through `Notification.objects.for_user(user)`, so another user's
row is a 404. Its target is kept as content type + primary key, with the title and the URL cached when it was
delivered (the inbox lists hundreds of rows of many kinds without touching their tables; a deleted target still
reads)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.events import KINDS


class Channel(models.TextChoices):
    IN_APP = "in_app", _("Chỉ trong ứng dụng")
    EMAIL = "email", _("Thư điện tử ngay")
    DIGEST = "digest", _("Thư tổng hợp hằng ngày")
    OFF = "off", _("Tắt")


DEFAULT_CHANNEL = Channel.DIGEST


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("loại thông báo"), max_length=64)
    channel = models.CharField(_("cách nhận"), max_length=8, choices=Channel.choices, default=DEFAULT_CHANNEL)

    class Meta:
        verbose_name = _("cài đặt thông báo")
        verbose_name_plural = _("cài đặt thông báo")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.channel}"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The only way to read notifications: a user's own."""
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("loại thông báo"), max_length=64)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_title = models.CharField(_("đối tượng"), max_length=300, blank=True)
    url = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=150, blank=True)
    due = models.DateField(_("hạn"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # How it was delivered (the recipient's preference at the time): the digest picks the `digest` ones.
    channel = models.CharField(max_length=8, choices=Channel.choices, default=DEFAULT_CHANNEL)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The day a digest listed it (each unread item goes into one digest only).
    digested_on = models.DateField(null=True, blank=True, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notification_inbox"),
            # The unread count of the top bar: an index range on the user's unread rows only.
            models.Index(
                fields=["user"], condition=models.Q(read_at__isnull=True), name="notification_unread"
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.target_title}"

    @property
    def label(self) -> str:
        return str(KINDS.get(self.kind, self.kind))

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DigestSent(models.Model):
    """One row per user and day a digest went out: running the digest twice the same day sends nothing more."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="notification_digest_once_a_day")]

    def __str__(self):
        return f"{self.user_id} {self.day:%d/%m/%Y}"
