"""From an announced event to the recipients' inboxes and mailboxes.

`on_happened` receives the `happened` signal (sent after the announcing transaction committed). It drops the actor
(nobody is told of their own action), inactive accounts and duplicates, reads the recipients' preferences in one
query, writes one row per recipient who has not turned the kind off, and e-mails at once those who chose e-mail.
A failure here is logged, never raised: the change that was announced is already committed, and its user must not
see an error for it."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from thidua.notifications.models import DEFAULT_CHANNEL, Channel, Notification, NotificationPreference

logger = logging.getLogger(__name__)


def on_happened(sender, event, **kwargs):
    try:
        deliver(event)
    except Exception:  # noqa: BLE001 — see the module's docstring
        logger.exception("notification of %s could not be delivered", event.kind)


def channels_for(users, kind) -> dict[int, str]:
    """{user id: channel} for `kind` (the default where the user saved nothing). One query."""
    saved = dict(
        NotificationPreference.objects.filter(user__in=[u.pk for u in users], kind=kind).values_list(
            "user_id", "channel"
        )
    )
    return {u.pk: saved.get(u.pk, DEFAULT_CHANNEL) for u in users}


def _target_fields(target, extra) -> dict:
    fields = {"target_title": (extra.get("title") or (str(target) if target is not None else ""))[:300]}
    url = extra.get("url") or ""
    if not url and hasattr(target, "get_absolute_url"):
        try:
            url = target.get_absolute_url() or ""
        except Exception:  # noqa: BLE001 — a target without a page is listed without a link
            url = ""
    fields["url"] = url[:500]
    if target is not None and hasattr(target, "_meta") and getattr(target, "pk", None) is not None:
        fields["target_type"] = ContentType.objects.get_for_model(target, for_concrete_model=False)
        fields["target_id"] = str(target.pk)
    return fields


def deliver(event) -> list[Notification]:
    actor = event.actor
    actor_id = getattr(actor, "pk", None)
    seen, users = set(), []
    for user in event.recipients:
        if user is None or user.pk in seen or user.pk == actor_id or not user.is_active:
            continue
        seen.add(user.pk)
        users.append(user)
    if not users:
        return []
    channels = channels_for(users, event.kind)
    common = {
        "kind": event.kind,
        "actor": actor if actor_id else None,
        "actor_name": (getattr(actor, "display_name", "") or "")[:150] if actor_id else "",
        "due": event.due,
        "note": event.note or "",
        "created_at": timezone.now(),
        **_target_fields(event.target, event.extra),
    }
    rows = [
        Notification(user=u, channel=channels[u.pk], **common) for u in users if channels[u.pk] != Channel.OFF
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(rows)
    if not all(r.pk for r in rows):  # backends that do not return ids from bulk inserts
        rows = list(
            Notification.objects.filter(
                kind=event.kind, created_at=common["created_at"], user__in=[r.user for r in rows]
            ).select_related("user")
        )
    to_mail = [row for row in rows if row.channel == Channel.EMAIL and row.user.email]
    if to_mail:
        try:
            with get_connection() as connection:  # one connection to the relay for all of them
                for row in to_mail:
                    send_now(row, connection)
        except Exception:  # noqa: BLE001 — the relay refused the connection: the notifications stay in the inbox
            logger.exception("notification e-mails for %s could not be sent", event.kind)
    return rows


def absolute(path: str) -> str:
    return settings.THIDUA_PUBLIC_BASE_URL.rstrip("/") + path


def open_url(notification) -> str:
    """The link e-mails carry: opening it marks the notification read and goes on to the object."""
    return absolute(reverse("notifications:open", args=[notification.pk]))


def send_now(notification, connection=None) -> bool:
    """E-mail one notification to its user (in Vietnamese, the language of the province's correspondence)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "n": notification,
            "user": notification.user,
            "link": open_url(notification),
            "inbox": absolute(reverse("notifications:inbox")),
            "preferences": absolute(reverse("notifications:preferences")),
            "province_name": settings.THIDUA_PROVINCE_NAME,
        }
        subject = " ".join(render_to_string("notifications/email/now_subject.txt", context).split())
        body = render_to_string("notifications/email/now_body.txt", context)
    try:
        sent = EmailMessage(subject, body, None, [notification.user.email], connection=connection).send()
    except Exception:  # noqa: BLE001 — the mail relay is down: the notification stays in the inbox
        logger.exception("notification e-mail to user %s failed", notification.user_id)
        return False
    if sent:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return bool(sent)
