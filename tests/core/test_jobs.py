"""Jobs (thidua/core/jobs.py) and the "Công việc nền" pages: owner / same unit / province staff see a job, a sibling
unit gets 404; the owner retries and cancels; a job whose worker died is queued again; the daily schedule queues
one run a day; the owner hears when a job finishes. (The real worker killed mid-import: test_job_worker.py.)"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tests.factories import UserFactory
from thidua.core import events, jobs
from thidua.core.models import Job
from thidua.core.roles import Role

RUNS = []


@jobs.handler("tests.echo", gettext_lazy("Việc thử"))
def echo(job, progress):
    if job.params.get("fail"):
        raise RuntimeError("hỏng giữa chừng")
    progress(1, 2)
    progress(2, 2)
    RUNS.append(job.pk)
    if job.params.get("file"):
        progress.save_result("ket-qua.xlsx", b"PK-du-lieu")
    return "xong việc thử"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    RUNS.clear()


def test_a_job_runs_and_records_progress_and_its_file(officer_a, unit_a):
    job = jobs.start("tests.echo", owner=officer_a, params={"file": True})
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.message == "xong việc thử"
    assert (job.done, job.total, job.attempts, job.unit) == (2, 2, 1, unit_a)
    assert job.result_name == "ket-qua.xlsx" and RUNS == [job.pk]


def test_job_pages_are_scoped(client, officer_a, officer_b, staff, unit_a):
    job = jobs.start("tests.echo", owner=officer_a, params={"file": True})
    colleague = UserFactory(username="dongnghiep_a", role=Role.UNIT_OFFICER, unit=unit_a)
    for user, expected in ((officer_a, 200), (colleague, 200), (staff, 200), (officer_b, 404)):
        client.force_login(user)
        for name in ("job_detail", "job_progress", "job_download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == expected, (user, name)
        listed = client.get(reverse("job_list")).context["page"].rows
        assert (job in listed) is (expected == 200)
    client.force_login(officer_a)
    download = client.get(reverse("job_download", args=[job.pk]))
    assert b"".join(download.streaming_content) == b"PK-du-lieu"
    assert "ket-qua.xlsx" in download["Content-Disposition"]


def test_owner_retries_a_failed_job_and_others_may_not(client, officer_a, unit_a, staff):
    job = jobs.start("tests.echo", owner=officer_a, params={"fail": True})
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "hỏng giữa chừng" in job.message
    colleague = UserFactory(username="dongnghiep_a", role=Role.UNIT_OFFICER, unit=unit_a)
    client.force_login(colleague)
    assert client.post(reverse("job_retry", args=[job.pk])).status_code == 403
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "Chạy lại" not in page
    Job.objects.filter(pk=job.pk).update(params={})  # the cause is fixed
    client.force_login(officer_a)
    assert "Chạy lại" in client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert client.post(reverse("job_retry", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and RUNS == [job.pk]
    # a finished job is not run again
    client.post(reverse("job_retry", args=[job.pk]))
    assert RUNS == [job.pk]


def test_cancel_a_queued_job_and_ask_a_running_one_to_stop(client, officer_a, settings):
    settings.THIDUA_JOBS_ON_COMMIT = True  # queued after a commit that never comes in this test: it waits
    queued = jobs.start("tests.echo", owner=officer_a)
    client.force_login(officer_a)
    client.post(reverse("job_cancel", args=[queued.pk]))
    queued.refresh_from_db()
    assert queued.status == Job.Status.CANCELLED
    assert jobs.execute(queued.pk) == "skipped" and RUNS == []
    running = jobs.start("tests.echo", owner=officer_a)
    Job.objects.filter(pk=running.pk).update(status=Job.Status.RUNNING, attempts=1)
    client.post(reverse("job_cancel", args=[running.pk]))
    running.refresh_from_db()
    assert running.cancel_requested
    with pytest.raises(jobs.Cancelled):
        jobs.Progress(running)(1)


def test_a_job_whose_worker_died_is_queued_again_then_given_up(officer_a, settings):
    settings.THIDUA_JOBS_ON_COMMIT = True
    job = jobs.start("tests.echo", owner=officer_a)
    long_ago = timezone.now() - dt.timedelta(seconds=settings.THIDUA_JOB_STALE_SECONDS + 5)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1, heartbeat_at=long_ago)
    fresh = jobs.start("tests.echo", owner=officer_a)
    Job.objects.filter(pk=fresh.pk).update(status=Job.Status.RUNNING, attempts=1, heartbeat_at=timezone.now())
    settings.THIDUA_JOBS_ON_COMMIT = False
    assert job.pk in jobs.requeue_stale()
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2 and RUNS == [job.pk]
    assert fresh.status == Job.Status.RUNNING  # its worker is alive
    Job.objects.filter(pk=fresh.pk).update(attempts=settings.THIDUA_JOB_MAX_ATTEMPTS, heartbeat_at=long_ago)
    jobs.requeue_stale()
    fresh.refresh_from_db()
    assert fresh.status == Job.Status.FAILED and "dừng đột ngột" in fresh.message


def test_daily_schedule_queues_one_run_a_day(settings, db):
    settings.THIDUA_JOB_SCHEDULE = [("tests.echo", "07:00")]
    tz = timezone.get_current_timezone()
    assert jobs.queue_scheduled(dt.datetime(2026, 3, 2, 6, 59, tzinfo=tz)) == []
    [first] = jobs.queue_scheduled(dt.datetime(2026, 3, 2, 7, 0, tzinfo=tz))
    assert jobs.queue_scheduled(dt.datetime(2026, 3, 2, 18, 0, tzinfo=tz)) == []
    [second] = jobs.queue_scheduled(dt.datetime(2026, 3, 3, 7, 30, tzinfo=tz))
    assert Job.objects.get(pk=first).key == "tests.echo:2026-03-02" and RUNS == [first, second]


def test_reminder_jobs_are_registered_for_the_schedule(settings):
    for kind, _at in settings.THIDUA_JOB_SCHEDULE:
        assert kind in jobs.handlers()


def test_owner_hears_when_the_job_finishes(officer_a, django_capture_on_commit_callbacks):
    heard = []

    def listen(sender, event, **kwargs):
        heard.append(event)

    events.happened.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.start("tests.echo", owner=officer_a)
    finally:
        events.happened.disconnect(listen)
    assert [(e.kind, e.target, e.recipients) for e in heard] == [("job.finished", job, (officer_a,))]
