"""The daily digest: one e-mail per user listing their unread notifications of the kinds they receive by digest
(the default), run once a day by `thidua notifications_digest` (deploy/systemd/thidua-notifications-digest.timer).

Idempotent per day: a user's digest is claimed by a `DigestSent` row (unique per user and day) in the same
transaction that marks its items `digested_on`, before the e-mail goes out; a second run the same day finds the
claim and sends nothing. If the mail relay refuses, the claim is undone so the next run retries. An item goes into
one digest only; an item read before the digest is not listed."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from thidua.notifications.delivery import absolute, open_url
from thidua.notifications.models import Channel, DigestSent, Notification

logger = logging.getLogger(__name__)


@dataclass
class Digest:
    user: object
    items: list
    subject: str = ""
    body: str = ""


def pending(day: dt.date) -> list[Digest]:
    """The digests due on `day`: users with an address, no digest yet that day, and unread digest items."""
    done = DigestSent.objects.filter(day=day).values("user_id")
    rows = (
        Notification.objects.filter(
            channel=Channel.DIGEST, read_at__isnull=True, digested_on__isnull=True, user__is_active=True
        )
        .exclude(user__email="")
        .exclude(user_id__in=done)
        .select_related("user")
        .order_by("user_id", "-created_at", "-id")
    )
    digests: dict[int, Digest] = {}
    for n in rows:
        digests.setdefault(n.user_id, Digest(n.user, [])).items.append(n)
    for d in digests.values():
        _render(d, day)
    return list(digests.values())


def _render(digest: Digest, day: dt.date):
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": digest.user,
            "day": day,
            "items": [{"n": n, "link": open_url(n)} for n in digest.items],
            "inbox": absolute(reverse("notifications:inbox")),
            "preferences": absolute(reverse("notifications:preferences")),
            "province_name": settings.THIDUA_PROVINCE_NAME,
        }
        digest.subject = " ".join(render_to_string("notifications/email/digest_subject.txt", context).split())
        digest.body = render_to_string("notifications/email/digest_body.txt", context)


def send_digests(day: dt.date | None = None, *, dry_run: bool = False) -> list[Digest]:
    """Send the day's digests (unless `dry_run`); returns those sent (or that would be)."""
    day = day or timezone.localdate()
    digests = pending(day)
    if dry_run:
        return digests
    sent = []
    for d in digests:
        ids = [n.pk for n in d.items]
        try:
            with transaction.atomic():
                claim = DigestSent.objects.create(user=d.user, day=day, items=len(ids))
                Notification.objects.filter(pk__in=ids, digested_on__isnull=True).update(digested_on=day)
        except IntegrityError:  # another run of the same day claimed this user first
            continue
        try:
            ok = send_mail(d.subject, d.body, None, [d.user.email])
        except Exception:  # noqa: BLE001 — logged; the claim is undone so that the next run retries
            logger.exception("digest e-mail to user %s failed", d.user.pk)
            ok = False
        if not ok:
            with transaction.atomic():
                Notification.objects.filter(pk__in=ids, digested_on=day).update(digested_on=None)
                claim.delete()
            continue
        sent.append(d)
    return sent
