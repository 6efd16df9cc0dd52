"""Every write of the inbox besides delivery: marking read, saving preferences. A user only ever touches their own
rows (the querysets are `for_user`)."""

from django.db import transaction
from django.utils import timezone

from thidua.core.events import KINDS
from thidua.notifications.models import DEFAULT_CHANNEL, Channel, Notification, NotificationPreference


def mark_read(user, notification) -> Notification:
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.for_user(user).filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now
        )
        notification.read_at = now
    return notification


def mark_all_read(user) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


def preferences(user) -> dict[str, str]:
    """{kind: channel} for every kind of KINDS (the default where nothing is saved)."""
    saved = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    return {kind: saved.get(kind, DEFAULT_CHANNEL) for kind in KINDS}


def save_preferences(user, choices: dict[str, str]) -> None:
    """Store the user's choice for each kind; a choice equal to the default is stored as no row."""
    unknown = set(choices) - set(KINDS)
    bad = {c for c in choices.values() if c not in Channel.values}
    if unknown or bad:
        raise ValueError(f"unknown kinds {sorted(unknown)} or channels {sorted(bad)}")
    with transaction.atomic():
        NotificationPreference.objects.filter(user=user, kind__in=list(choices)).delete()
        NotificationPreference.objects.bulk_create(
            [
                NotificationPreference(user=user, kind=kind, channel=channel)
                for kind, channel in choices.items()
                if channel != DEFAULT_CHANNEL
            ]
        )
