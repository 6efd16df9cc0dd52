"""The task the worker runs for every job (thidua/core/jobs.py), and the core's own jobs."""

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from thidua.core import jobs


@task()
def run_job(job_id: int) -> str:
    """One job, claimed by id: the row says what to do (its kind's handler in an app's tasks.py)."""
    return jobs.execute(job_id)


@jobs.handler("core.cleanup", _("Dọn công việc nền cũ"))
def cleanup(job, progress):
    """Daily: finished jobs older than THIDUA_JOB_KEEP_DAYS go, with their files and the queue's result rows."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from thidua.core.models import Job

    cutoff = timezone.now() - timedelta(days=settings.THIDUA_JOB_KEEP_DAYS)
    old = Job.objects.filter(finished_at__lt=cutoff).exclude(
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
    )
    removed = 0
    for item in old.only("pk", "result").iterator():
        if item.result:
            item.result.delete(save=False)
        item.delete()
        removed += 1
    if jobs._db_backend():
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()
    return _("Đã xóa %(n)s công việc nền cũ.") % {"n": removed}
