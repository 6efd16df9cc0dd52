"""Jobs of the oversight room (thidua/core/jobs.py): the daily petition and finding reminders (queued by the
worker's schedule, THIDUA_JOB_SCHEDULE; the `send_oversight_reminders` command does the same by hand). Each item
is reminded at most once a day (its `reminded_on`), so a run taken up again after a worker died repeats nothing."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core import jobs


@jobs.handler("oversight.reminders", gettext_lazy("Nhắc hạn đơn thư, tồn tại sau kiểm tra (hằng ngày)"))
def oversight_reminders(job, progress):
    from thidua.oversight.reminders import send_reminders

    sent = send_reminders(timezone.localdate())
    return _("Đã gửi %(n)s e-mail nhắc hạn.") % {"n": len(sent)}
