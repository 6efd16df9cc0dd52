"""Deadline reminders by e-mail for petitions and inspection findings (run daily by a scheduler through
`thidua send_oversight_reminders`, like the dossiers' `send_deadline_reminders`).

What is due: an open petition whose running deadline — acceptance (hạn thụ lý) while received, resolution (hạn
giải quyết) once accepted — is within `days` working days of today or already passed; an open finding (not yet
reported, not remedied) whose remediation deadline is within `days` working days or passed. A remediation report
filed in time stops the clock, so reported findings are not chased.

Who is told: the province's TĐKT officers (they handle every petition and follow up every finding) get one
digest of everything due; the TĐKT officers of the unit responsible for a finding get a digest of their unit's
findings. Petitions are never sent to units: petitioners' personal data and denunciations stay with the province.

Each item is included at most once a day (`reminded_on`): running the command twice the same day sends nothing
new. A dry run returns the same e-mails without sending them or marking anything.

Each due petition is also announced (`petition.near_deadline`, thidua/core/events.py) to the officer in charge
of it (`handler`), or to every province TĐKT officer when nobody is, so that it is in their inbox whether or not
they have an e-mail address; a petition announced today is marked like one e-mailed, and is not announced again
that day.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core import workdays
from thidua.core.events import announce
from thidua.core.models import User
from thidua.core.roles import Role
from thidua.oversight.models import Finding, FindingStatus, Petition, PetitionStatus

DUE_SOON_DAYS = 2


@dataclass
class Reminder:
    to: str
    subject: str
    body: str
    petitions: list = field(default_factory=list)
    findings: list = field(default_factory=list)


def _horizon(today: dt.date, days: int, cal) -> dt.date:
    return cal.add_working_days(today, days)


def due_petitions(today: dt.date, days: int = DUE_SOON_DAYS, cal=None):
    cal = cal or workdays.calendar()
    horizon = _horizon(today, days, cal)
    rows = list(
        Petition.objects.filter(
            Q(status=PetitionStatus.RECEIVED, accept_by__lte=horizon)
            | Q(status__in=(PetitionStatus.ACCEPTED, PetitionStatus.IN_PROGRESS), resolve_by__lte=horizon))
        .exclude(reminded_on=today).select_related("subject_unit", "handler").order_by("id"))
    for p in rows:
        p.due = p.current_due_on
        p.due_label = _("hạn thụ lý") if p.status == PetitionStatus.RECEIVED else _("hạn giải quyết")
        p.working_days_left = cal.working_days_between(today, p.due)
    rows.sort(key=lambda p: (p.due, p.pk))
    return rows


def due_findings(today: dt.date, days: int = DUE_SOON_DAYS, cal=None):
    cal = cal or workdays.calendar()
    horizon = _horizon(today, days, cal)
    rows = list(Finding.objects.filter(status=FindingStatus.OPEN, due_on__lte=horizon).exclude(reminded_on=today)
                .select_related("inspection__unit", "responsible_unit").order_by("due_on", "id"))
    for f in rows:
        f.working_days_left = cal.working_days_between(today, f.due_on)
    return rows


def _when(days_left: int) -> str:
    if days_left < 0:
        return _("quá hạn %(n)s ngày làm việc") % {"n": -days_left}
    if days_left == 0:
        return _("hết hạn hôm nay")
    return _("còn %(n)s ngày làm việc") % {"n": days_left}


def _url(name: str, pk: int) -> str:
    return settings.THIDUA_PUBLIC_BASE_URL.rstrip("/") + reverse(name, args=[pk])


def petition_line(p) -> str:
    return (f"- {_('Đơn %(n)s') % {'n': p.number}} ({p.get_kind_display()}, {p.subject_unit.name}): {p.summary[:120]} — "
            f"{p.due_label} {p.due:%d/%m/%Y}, {_when(p.working_days_left)}. {_url('oversight:petition_detail', p.pk)}")


def finding_line(f) -> str:
    return (f"- {f.get_category_display()}: {f.description[:120]} ({_('kiểm tra tại')} {f.inspection.unit.name}; "
            f"{_('đơn vị khắc phục')}: {f.responsible_unit.name}) — {_('hạn khắc phục')} {f.due_on:%d/%m/%Y}, "
            f"{_when(f.working_days_left)}. {_url('oversight:finding_detail', f.pk)}")


def _body(petitions, findings) -> str:
    lines = []
    if petitions:
        lines += [_("Đơn thư sắp đến hạn hoặc đã quá hạn thụ lý, giải quyết (tính theo ngày làm việc):"), "",
                  *(petition_line(p) for p in petitions), ""]
    if findings:
        lines += [_("Tồn tại sau kiểm tra sắp đến hạn hoặc đã quá hạn khắc phục (tính theo ngày làm việc):"), "",
                  *(finding_line(f) for f in findings), ""]
    return "\n".join(lines).rstrip() + "\n"


def _subject(petitions, findings) -> str:
    parts = []
    if petitions:
        parts.append(_("%(n)s đơn thư") % {"n": len(petitions)})
    if findings:
        parts.append(_("%(n)s tồn tại cần khắc phục") % {"n": len(findings)})
    return _("[Thi đua – Khen thưởng] Nhắc hạn: %(what)s") % {"what": ", ".join(parts)}


def unit_officers(unit_ids) -> dict[int, list[str]]:
    """E-mail addresses of the active TĐKT officers of each unit."""
    out: dict[int, list[str]] = {}
    for unit_id, email in (User.objects.filter(role=Role.UNIT_OFFICER, is_active=True, unit_id__in=unit_ids)
                           .exclude(email="").order_by("id").values_list("unit_id", "email")):
        out.setdefault(unit_id, []).append(email)
    return out


def due_counts(today: dt.date, days: int = DUE_SOON_DAYS) -> tuple[int, int]:
    """(petitions, findings) due and not yet reminded today — to tell the operator when nobody has an address."""
    cal = workdays.calendar()
    return len(due_petitions(today, days, cal)), len(due_findings(today, days, cal))


def build(today: dt.date, days: int = DUE_SOON_DAYS) -> list[Reminder]:
    """The e-mails to send today (one per address), nothing sent or marked."""
    cal = workdays.calendar()
    return _build(due_petitions(today, days, cal), due_findings(today, days, cal))


def _build(petitions, findings) -> list[Reminder]:
    if not petitions and not findings:
        return []
    per_address: dict[str, tuple[list, list]] = {}
    staff = User.objects.filter(role=Role.PROVINCE_STAFF, is_active=True).exclude(email="").order_by("id")
    for email in staff.values_list("email", flat=True):
        per_address.setdefault(email.lower(), ([], []))
        per_address[email.lower()][0].extend(petitions)
        per_address[email.lower()][1].extend(findings)
    officers = unit_officers({f.responsible_unit_id for f in findings})
    for f in findings:
        for email in officers.get(f.responsible_unit_id, []):
            bucket = per_address.setdefault(email.lower(), ([], []))
            if f not in bucket[1]:
                bucket[1].append(f)
    reminders = []
    for email, (ps, fs) in per_address.items():
        if ps or fs:
            reminders.append(Reminder(email, _subject(ps, fs), _body(ps, fs), ps, fs))
    return reminders


def send_reminders(today: dt.date, days: int = DUE_SOON_DAYS, *, dry_run: bool = False) -> list[Reminder]:
    """Send the digests (unless `dry_run`), announce the due petitions and mark what was sent or announced;
    returns the e-mails."""
    cal = workdays.calendar()
    petitions, findings = due_petitions(today, days, cal), due_findings(today, days, cal)
    reminders = _build(petitions, findings)
    if dry_run or not (reminders or petitions):
        return reminders
    for r in reminders:
        send_mail(r.subject, r.body, None, [r.to])
    petition_ids = {p.pk for p in petitions}
    finding_ids = {f.pk for r in reminders for f in r.findings}
    with transaction.atomic():
        Petition.objects.filter(pk__in=petition_ids).update(reminded_on=today)
        Finding.objects.filter(pk__in=finding_ids).update(reminded_on=today)
        announce_due_petitions(petitions)
    return reminders


def announce_due_petitions(petitions):
    """Tell the officer in charge of each due petition (rows from `due_petitions`), or, when nobody is in charge,
    every province TĐKT officer."""
    if not petitions:
        return
    staff = list(User.objects.filter(role=Role.PROVINCE_STAFF, is_active=True))
    for p in petitions:
        recipients = [p.handler] if p.handler_id and p.handler.is_active else staff
        announce("petition.near_deadline", p, recipients, due=p.due,
                 note=f"{p.due_label} {p.due:%d/%m/%Y}, {_when(p.working_days_left)}")
