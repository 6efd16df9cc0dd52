"""Deadline reminders by e-mail (run daily by a scheduler through `thidua send_deadline_reminders`).

A dossier is due soon when its deadline is within `DUE_SOON_DAYS` working days, overdue when past. The
province's TĐKT officers get one digest for the receive/appraise/send deadlines; each dossier is included at
most once a day (`reminded_on`), so running the command twice sends nothing new."""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core import workdays
from thidua.core.models import User
from thidua.core.roles import Role
from thidua.dossiers.models import Dossier

DUE_SOON_DAYS = 2


def due_dossiers(today: dt.date):
    cal = workdays.calendar()
    horizon = cal.add_working_days(today, DUE_SOON_DAYS)
    rows = list(Dossier.objects.exclude(due_on=None).filter(due_on__lte=horizon).exclude(reminded_on=today)
                .select_related("unit").order_by("due_on", "id"))
    for d in rows:
        d.days_left = cal.working_days_between(today, d.due_on)
    return rows


def _line(d) -> str:
    if d.days_left < 0:
        when = _("quá hạn %(n)s ngày làm việc") % {"n": -d.days_left}
    elif d.days_left == 0:
        when = _("hết hạn hôm nay")
    else:
        when = _("còn %(n)s ngày làm việc") % {"n": d.days_left}
    return f"- {d.code} {d.title} ({d.unit.name}): {d.get_due_kind_display()} — {when}, hạn {d.due_on:%d/%m/%Y}"


def send_reminders(today: dt.date) -> int:
    """Send the digests; returns the number of e-mails sent."""
    rows = due_dossiers(today)
    if not rows:
        return 0
    recipients = defaultdict(list)
    staff = [u.email for u in User.objects.filter(role=Role.PROVINCE_STAFF, is_active=True).exclude(email="")]
    for d in rows:
        for email in staff:
            recipients[email].append(d)
    base = settings.THIDUA_PUBLIC_BASE_URL.rstrip("/")
    sent = 0
    for email, dossiers in recipients.items():
        body = "\n".join([
            _("Các hồ sơ đề nghị khen thưởng sắp đến hạn hoặc đã quá hạn xử lý (tính theo ngày làm việc):"), "",
            *(_line(d) for d in dossiers), "", _("Danh sách: %(url)s") % {"url": f"{base}/ho-so/qua-han/"},
        ])
        subject = _("[Thi đua – Khen thưởng] %(n)s hồ sơ sắp đến hạn, quá hạn") % {"n": len(dossiers)}
        sent += send_mail(subject, body, None, [email])
    with transaction.atomic():
        Dossier.objects.filter(pk__in=[d.pk for d in rows]).update(reminded_on=today)
    return sent
