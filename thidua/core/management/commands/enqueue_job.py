"""`thidua enqueue_job KIND [--daily]`: queue a job for the worker by hand or from a timer (cron, systemd).
`--daily` gives it the same one-run-a-day key as the worker's own schedule (THIDUA_JOB_SCHEDULE), so a timer and
the schedule together still run it once a day. `thidua enqueue_job --list` shows the kinds."""

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.core import jobs


class Command(BaseCommand):
    help = "Xếp một công việc nền cho bộ xử lý nền (thidua job_worker)."

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", help="loại công việc, ví dụ dossiers.reminders")
        parser.add_argument(
            "--daily", action="store_true", help="mỗi ngày một lần (bỏ qua nếu hôm nay đã xếp)"
        )
        parser.add_argument("--list", action="store_true", help="liệt kê các loại công việc")

    def handle(self, *args, kind=None, daily=False, list=False, **options):
        if list or not kind:
            for name, handler in sorted(jobs.handlers().items()):
                self.stdout.write(f"{name}\t{handler.label}")
            return
        if kind not in jobs.handlers():
            raise CommandError(f"Không có loại công việc {kind!r} (xem --list).")
        key = f"{kind}:{timezone.localdate().isoformat()}" if daily else None
        try:
            with transaction.atomic():
                job = jobs.start(kind, key=key)
        except IntegrityError:
            self.stdout.write(f"{kind}: hôm nay đã được xếp.")
            return
        self.stdout.write(f"Đã xếp công việc {job.pk} ({kind}).")
