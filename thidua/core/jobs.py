"""Jobs: every long piece of work (imports, a whole decision's certificates, exports, the daily reminders) is a
`Job` row run by a worker through the django.tasks API — one mechanism, no broker, SQLite and PostgreSQL alike.

    job = jobs.start("awards.import", owner=user, unit=batch.unit, target=batch, params={…})

1. The page saves the row and queues the task after its transaction commits (pretix `services/tasks.py`): a
   rolled-back page queues nothing, and the worker never looks for a row that is not there yet.
2. `thidua job_worker` (django-tasks-db's `db_worker` plus a housekeeping thread) takes the task and calls
   `execute(job_id)`, which CLAIMS the row with `UPDATE … WHERE status='queued'` (two workers cannot both run it),
   runs the kind's handler, and records the outcome (done / failed with the message; the traceback goes to the
   log). SIGTERM lets the current job finish; a second signal stops at once.
3. While a job runs, the housekeeping thread writes its heartbeat. A job whose heartbeat is older than
   THIDUA_JOB_STALE_SECONDS — its worker was killed, the machine lost power — is queued again by any worker's
   housekeeping (`requeue_stale`), up to THIDUA_JOB_MAX_ATTEMPTS runs. So handlers must be idempotent: a second run
   of an import commits nothing twice (the import commits in one transaction guarded by the batch's status).
4. Handlers live in each app's `tasks.py`: `@jobs.handler("app.kind", _("label"))` on `def run(job, progress)`;
   `progress(done, total)` records progress and raises `Cancelled` when the owner asked to cancel.

Web processes never start subprocesses. Tests run tasks with the immediate backend (tests/conftest.py).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.models import F
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised by `progress()` when the job's owner asked to cancel it; the handler's transaction rolls back."""


@dataclass(frozen=True)
class Handler:
    kind: str
    label: str
    func: Callable


_handlers: dict[str, Handler] = {}
_discovered = False


def handler(kind: str, label):
    """Register `func(job, progress) -> str | None` (the message shown when it is done) for jobs of `kind`."""

    def register(func):
        _handlers[kind] = Handler(kind, label, func)
        return func

    return register


def handlers() -> dict[str, Handler]:
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tasks")
        _discovered = True
    return _handlers


def label(kind: str) -> str:
    found = handlers().get(kind)
    return str(found.label) if found else kind


# ------------------------------------------------------------------ queueing
def start(
    kind: str,
    *,
    owner=None,
    unit=None,
    title: str = "",
    params: dict | None = None,
    target=None,
    key: str | None = None,
):
    """Create the job row and queue it once the current transaction commits. Returns the Job."""
    from thidua.core.models import Job

    if kind not in handlers():
        raise ValueError(f"no job handler for {kind!r}; add one in an app's tasks.py")
    if unit is None and owner is not None:
        unit = getattr(owner, "unit", None)
    job = Job.objects.create(
        kind=kind,
        title=(title or label(kind))[:300],
        owner=owner if owner and owner.pk else None,
        unit=unit,
        params=params or {},
        key=key,
        target_model=target._meta.label_lower if target is not None else "",
        target_id=target.pk if target is not None else None,
    )
    _queue_after_commit(job.pk)
    return job


def _queue_after_commit(job_id: int) -> None:
    if getattr(settings, "THIDUA_JOBS_ON_COMMIT", True):
        transaction.on_commit(lambda: enqueue(job_id))
    else:
        enqueue(job_id)


def enqueue(job_id: int) -> None:
    """Hand the job to the task backend (the database queue; in tests the immediate backend runs it now)."""
    from thidua.core.models import Job
    from thidua.core.tasks import run_job

    result = run_job.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def latest_for(target, kind: str | None = None):
    """The newest job about `target` (to show its progress next to the record)."""
    from thidua.core.models import Job

    qs = Job.objects.filter(target_model=target._meta.label_lower, target_id=target.pk)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-id").first()


# ------------------------------------------------------------------ running (in the worker)
class Progress:
    """`progress(done, total=None)`: record progress and the heartbeat; raises Cancelled when the owner asked to
    cancel, or when this run lost the job (queued again after a stall and taken by another worker)."""

    def __init__(self, job):
        self.job = job

    def __call__(self, done: int, total: int | None = None) -> None:
        from thidua.core.models import Job

        fields = {"done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            fields["total"] = total
        updated = Job.objects.filter(
            pk=self.job.pk, status=Job.Status.RUNNING, attempts=self.job.attempts, cancel_requested=False
        ).update(**fields)
        if not updated:
            raise Cancelled()
        self.job.done = done
        if total is not None:
            self.job.total = total

    def save_result(self, filename: str, data: bytes) -> None:
        """Store the file the job produced (served by the job page to whoever may see the job)."""
        from django.core.files.base import ContentFile

        from thidua.core.models import Job

        job = self.job
        job.result.save(f"{job.pk}-{filename}", ContentFile(data), save=False)
        job.result_name = filename
        Job.objects.filter(pk=job.pk).update(result=job.result.name, result_name=filename)


_current_job: dict[str, int | None] = {"id": None}  # read by the heartbeat thread of this worker process


def execute(job_id: int) -> str:
    """Claim job `job_id` and run its handler; returns the job's final status (or "skipped" when it was not
    queued: already taken by another worker, cancelled, or finished)."""
    from thidua.core.middleware import acting_as
    from thidua.core.models import Job

    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1, message=""
    )
    if not claimed:
        return "skipped"
    job = Job.objects.select_related("owner", "unit").get(pk=job_id)
    found = handlers().get(job.kind)
    mine = {"pk": job_id, "status": Job.Status.RUNNING, "attempts": job.attempts}
    _current_job["id"] = job_id
    try:
        if found is None:
            raise LookupError(f"no job handler for {job.kind!r}")
        with acting_as(job.owner):
            message = found.func(job, Progress(job)) or ""
    except Cancelled:
        Job.objects.filter(**mine).update(
            status=Job.Status.CANCELLED, finished_at=timezone.now(), message=_("Đã hủy theo yêu cầu.")
        )
        return Job.Status.CANCELLED
    except Exception as exc:
        logger.exception("job %s (%s) failed", job_id, job.kind)
        Job.objects.filter(**mine).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            message=(str(exc) or exc.__class__.__name__)[:2000],
        )
        _announce(job_id)
        return Job.Status.FAILED
    finally:
        _current_job["id"] = None
    Job.objects.filter(**mine).update(
        status=Job.Status.DONE,
        finished_at=timezone.now(),
        message=message[:2000],
        heartbeat_at=timezone.now(),
    )
    _announce(job_id)
    return Job.Status.DONE


def _announce(job_id: int) -> None:
    from thidua.core.events import announce
    from thidua.core.models import Job

    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.owner_id:
        announce("job.finished", job, [job.owner], note=job.message[:300])


# ------------------------------------------------------------------ the owner's actions
def cancel(job) -> bool:
    """A queued job is cancelled at once; a running one stops at its next progress report."""
    from thidua.core.models import Job

    with transaction.atomic():
        if Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
            status=Job.Status.CANCELLED, finished_at=timezone.now(), message=_("Đã hủy theo yêu cầu.")
        ):
            return True
        return bool(Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(cancel_requested=True))


def retry(job) -> bool:
    """Run a failed or cancelled job again (its handler starts over; imports never commit twice)."""
    from thidua.core.models import Job

    with transaction.atomic():
        again = Job.objects.filter(pk=job.pk, status__in=[Job.Status.FAILED, Job.Status.CANCELLED]).update(
            status=Job.Status.QUEUED, cancel_requested=False, message="", done=0, finished_at=None, attempts=0
        )
        if again:
            _queue_after_commit(job.pk)
    return bool(again)


# ------------------------------------------------------------------ housekeeping (any worker)
def requeue_stale(now: datetime | None = None) -> list[int]:
    """Queue again the jobs whose worker died (no heartbeat for THIDUA_JOB_STALE_SECONDS); fail those that have
    had THIDUA_JOB_MAX_ATTEMPTS runs. Also queue jobs left queued without a live task (a crash between the
    page's commit and the queueing). Returns the ids queued again."""
    from thidua.core.models import Job

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.THIDUA_JOB_STALE_SECONDS)
    requeued = []
    # Never this process's own job: it is alive, only its heartbeat waited (SQLite: for the job's own write lock).
    running = Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff).exclude(
        pk=_current_job["id"]
    )
    for job in running.only("pk", "attempts", "task_id"):
        stale = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, heartbeat_at__lt=cutoff)
        if job.attempts >= settings.THIDUA_JOB_MAX_ATTEMPTS:
            stale.update(
                status=Job.Status.FAILED,
                finished_at=now,
                message=_(
                    "Tiến trình xử lý dừng đột ngột %(n)s lần; công việc dừng lại. Hãy chạy lại hoặc báo quản trị."
                )
                % {"n": job.attempts},
            )
            _abandon_task(job.task_id)
            _announce(job.pk)
            continue
        if stale.update(
            status=Job.Status.QUEUED,
            heartbeat_at=now,
            message=_("Tiến trình xử lý dừng đột ngột; công việc được chạy lại."),
        ):
            _abandon_task(job.task_id)
            logger.warning("job %s: worker gone (no heartbeat since before %s), queued again", job.pk, cutoff)
            enqueue(job.pk)
            requeued.append(job.pk)
    for job in Job.objects.filter(status=Job.Status.QUEUED, created_at__lt=cutoff).only("pk", "task_id"):
        if not _task_alive(job.task_id):
            enqueue(job.pk)
            requeued.append(job.pk)
    return requeued


def _db_backend() -> bool:
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def _abandon_task(task_id: str) -> None:
    """The dead worker's task row stays RUNNING in django-tasks-db; mark it failed so the queue tells the truth."""
    if not task_id or not _db_backend():
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED", finished_at=timezone.now()
    )


def _task_alive(task_id: str) -> bool:
    if not _db_backend():
        return True  # other backends keep their own queue
    if not task_id:
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(id=task_id, status__in=["READY", "RUNNING"]).exists()


def queue_scheduled(now: datetime | None = None) -> list[int]:
    """Queue today's run of each THIDUA_JOB_SCHEDULE entry once its local time has come. The job's unique key
    (kind:date) makes it one run a day however many workers look."""
    from thidua.core.models import Job

    local = timezone.localtime(now or timezone.now())
    started = []
    for kind, at in settings.THIDUA_JOB_SCHEDULE:
        hour, _sep, minute = at.partition(":")
        if (local.hour, local.minute) < (int(hour), int(minute or 0)):
            continue
        key = f"{kind}:{local.date().isoformat()}"
        if Job.objects.filter(key=key).exists():
            continue
        try:
            with transaction.atomic():
                job = start(kind, key=key)
        except IntegrityError:  # another worker queued it first
            continue
        started.append(job.pk)
    return started


def heartbeat() -> None:
    from thidua.core.models import Job

    job_id = _current_job["id"]
    if job_id is not None:
        # The database's clock at the moment of writing (the UPDATE may wait for a lock first).
        Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(heartbeat_at=Now())


class Housekeeper(threading.Thread):
    """In each worker process: the running job's heartbeat, stale jobs queued again, the daily schedule."""

    def __init__(self, *, schedule: bool = True):
        super().__init__(name="thidua-job-housekeeper", daemon=True)
        self.stopping = threading.Event()
        self.schedule = schedule

    def run(self) -> None:
        beat = float(settings.THIDUA_JOB_HEARTBEAT_SECONDS)
        sweep_every = max(beat, float(settings.THIDUA_JOB_STALE_SECONDS) / 4)
        last_sweep = 0.0
        while not self.stopping.is_set():
            try:
                heartbeat()
                if time.monotonic() - last_sweep >= sweep_every:
                    last_sweep = time.monotonic()
                    requeue_stale()
                    if self.schedule:
                        queue_scheduled()
            except Exception:  # a locked SQLite database, a restarting server: try again at the next beat
                logger.warning("job housekeeping failed; retrying", exc_info=True)
            finally:
                close_old_connections()
            self.stopping.wait(beat)
        connection.close()

    def stop(self) -> None:
        self.stopping.set()
