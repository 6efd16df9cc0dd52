"""Jobs of the reporting room (thidua/core/jobs.py): the daily reminders of report requests (queued by the worker's
schedule, THIDUA_JOB_SCHEDULE; the `send_report_reminders` command does the same by hand). A report is reminded at
most once a day, so a run taken up again after a worker died repeats nothing."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core import jobs


@jobs.handler("reporting.reminders", gettext_lazy("Nhắc hạn báo cáo của các đơn vị (hằng ngày)"))
def report_reminders(job, progress):
    from thidua.reporting.services import send_reminders

    reminded = send_reminders(timezone.localdate())
    return _("Đã nhắc %(n)s báo cáo sắp đến hạn hoặc quá hạn.") % {"n": len(reminded)}
