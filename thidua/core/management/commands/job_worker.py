"""`thidua job_worker`: runs the queued jobs (django-tasks-db's `db_worker`) plus, in a thread of the same
process, the housekeeping of thidua/core/jobs.py: the running job's heartbeat, jobs whose worker died queued
again, the daily schedule (reminders, cleanup). Run one per machine under systemd
(deploy/systemd/thidua-worker.service); several workers on one database share the queue safely.

SIGTERM (systemctl stop): the current job finishes, then the worker exits; a second SIGTERM stops at once (the job
is then taken again by the next worker after THIDUA_JOB_STALE_SECONDS)."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from thidua.core.jobs import Housekeeper


class Command(DbWorkerCommand):
    help = "Chạy các công việc nền (nhập tệp, in bằng, xuất thống kê, nhắc việc hằng ngày)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="Không tự xếp việc hằng ngày (khi lịch do systemd timer/cron đảm nhiệm).",
        )

    def handle(self, *args, no_schedule=False, **options):
        options["reload"] = False  # a reload would kill the running job; restart the service instead
        housekeeper = Housekeeper(schedule=not no_schedule)
        housekeeper.start()
        try:
            super().handle(*args, **options)
        finally:
            housekeeper.stop()
