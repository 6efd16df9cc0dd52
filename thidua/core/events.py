"""Events a user must act on: the domains announce them, the notifications app delivers them.

Arrows stay one way: any app may call `announce()`; only `thidua.notifications` listens (through the `happened`
signal), so no domain imports the inbox and the inbox knows no domain's internals. An event is sent after the
current transaction commits, so a rolled-back change notifies nobody.

Kinds are listed once here (code → label) so the preferences page can offer each of them; a domain announcing a
kind that is not listed is a programming error (ValueError), caught by the tests of that domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import django.dispatch
from django.db import transaction
from django.utils.translation import gettext_lazy as _

happened = django.dispatch.Signal()

KINDS = {
    "dossier.submitted": _("Hồ sơ mới gửi đến, chờ tiếp nhận"),
    "dossier.received": _("Hồ sơ được tiếp nhận"),
    "dossier.returned": _("Hồ sơ bị trả lại"),
    "dossier.appraised": _("Hồ sơ đã thẩm định"),
    "dossier.awaiting_unit_approval": _("Hồ sơ chờ lãnh đạo đơn vị duyệt"),
    "ballot.opened": _("Phiếu bầu đang chờ tôi"),
    "council.scheduled": _("Phiên họp Hội đồng được lên lịch"),
    "decision.signed": _("Quyết định đã ký"),
    "report.requested": _("Yêu cầu báo cáo mới"),
    "report.due_soon": _("Báo cáo sắp đến hạn"),
    "report.late": _("Báo cáo quá hạn"),
    "report.returned": _("Báo cáo bị trả lại"),
    "report.awaiting_unit_approval": _("Báo cáo chờ lãnh đạo đơn vị duyệt"),
    "consultation.reply_due": _("Ý kiến hiệp y sắp đến hạn"),
    "consultation.disagreed": _("Cơ quan hiệp y không đồng ý"),
    "petition.assigned": _("Đơn thư được giao"),
    "petition.near_deadline": _("Đơn thư sắp đến hạn"),
    "job.finished": _("Công việc nền đã xong"),
}


@dataclass(frozen=True)
class Event:
    kind: str
    target: object  # the model instance the event is about; links go to its get_absolute_url()
    recipients: tuple = ()  # users (instances); the actor is dropped from them by the inbox
    actor: object | None = None
    due: date | None = None
    note: str = ""  # a short reason or detail (already in the recipient-neutral language of the data)
    extra: dict = field(default_factory=dict)


def announce(kind, target, recipients, *, actor=None, due=None, note="", **extra):
    """Announce `kind` about `target` to `recipients` once the current transaction commits.

    The inbox shows `str(target)` and links to `target.get_absolute_url()`; `title="…"` and `url="…"` (extra keyword
    arguments) replace them, e.g. for a target whose `__str__` is not meant for people."""
    if kind not in KINDS:
        raise ValueError(f"unknown event kind {kind!r}; add it to thidua.core.events.KINDS")
    event = Event(kind, target, tuple(recipients), actor, due, note, extra)
    transaction.on_commit(lambda: happened.send(sender=Event, event=event))
    return event
