"""Jobs of the notifications room (thidua/core/jobs.py): the daily digest of unread notifications (queued by the
worker's schedule, THIDUA_JOB_SCHEDULE; `thidua notifications_digest` does the same by hand). A second run on the
same day sends nothing more (the digest records what it sent), so a run taken up again after its worker died is
harmless."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core import jobs


@jobs.handler("notifications.digest", gettext_lazy("Thư tổng hợp thông báo (hằng ngày)"))
def daily_digest(job, progress):
    from thidua.notifications.digest import send_digests

    sent = send_digests()
    return _("Đã gửi %(n)s thư tổng hợp.") % {"n": len(sent)}
