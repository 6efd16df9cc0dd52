"""`thidua job_worker`: runs the queued jobs (django-tasks-db's `db_worker`) plus, in a thread of the same
process, the housekeeping of thidua/core/jobs.py: the running job's heartbeat, jobs whose worker died queued
again, the daily schedule (reminders, cleanup). Run one per machine under systemd
(deploy/systemd/thidua-worker.service); several workers on one database share the queue safely.

SIGTERM (systemctl stop): the current job finishes, then the worker exits; a second SIGTERM stops at once (the job
is then taken again by the next worker after THIDUA_JOB_STALE_SECONDS). A database that goes away (restart,
failover) makes the worker wait and try again, not exit."""

import logging
import time

from django.db import InterfaceError, OperationalError, close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from thidua.core.jobs import Housekeeper

logger = logging.getLogger("thidua.core.jobs")


class ResilientWorker(Worker):
    def run(self) -> None:
        while True:
            try:
                return super().run()
            except (OperationalError, InterfaceError):
                if not self.running:
                    return
                logger.warning("job worker: database unavailable; retrying", exc_info=True)
                close_old_connections()
                time.sleep(max(self.interval, 2))


class Command(DbWorkerCommand):
    help = "Chạy các công việc nền (nhập tệp, in bằng, xuất thống kê, nhắc việc hằng ngày)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="Không tự xếp việc hằng ngày (khi lịch do systemd timer/cron đảm nhiệm).",
        )

    def handle(
        self,
        *args,
        verbosity=1,
        queue_name="default",
        interval=1.0,
        batch=False,
        backend_name="default",
        startup_delay=True,
        max_tasks=None,
        worker_id=None,
        exclude_queues="",
        no_schedule=False,
        **options,
    ):
        self.configure_logging(verbosity)
        excluded = exclude_queues.split(",") if exclude_queues else []
        worker = ResilientWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        housekeeper = Housekeeper(schedule=not no_schedule)
        housekeeper.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            housekeeper.stop()
