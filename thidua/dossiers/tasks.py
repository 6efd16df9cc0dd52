"""Jobs of the dossiers room (thidua/core/jobs.py): the daily deadline digest (queued by the worker's schedule,
THIDUA_JOB_SCHEDULE; the `send_deadline_reminders` command does the same by hand)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core import jobs


@jobs.handler("dossiers.reminders", gettext_lazy("Nhắc hạn xử lý hồ sơ (hằng ngày)"))
def deadline_reminders(job, progress):
    from thidua.dossiers.reminders import send_reminders

    sent = send_reminders(timezone.localdate())
    return _("Đã gửi %(n)s e-mail nhắc hạn.") % {"n": sent}
