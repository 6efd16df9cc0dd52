import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thidua.reporting.services import DUE_SOON_WORKING_DAYS, send_reminders


class Command(BaseCommand):
    help = (
        f"Nhắc các đơn vị chưa gửi báo cáo theo yêu cầu của tỉnh: sắp đến hạn (còn không quá "
        f"{DUE_SOON_WORKING_DAYS} ngày làm việc) hoặc đã quá hạn (chạy hằng ngày; mỗi báo cáo được nhắc tối đa "
        "một lần mỗi ngày)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày tính hạn (YYYY-MM-DD), mặc định hôm nay.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ in ra các báo cáo sẽ được nhắc; không gửi thông báo, không đánh dấu đã nhắc.",
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("Ngày không hợp lệ, dùng dạng YYYY-MM-DD.")
        reminded = send_reminders(today, dry_run=options["dry_run"])
        for s in reminded:
            what = "quá hạn" if s.reminder_kind == "report.late" else "sắp đến hạn"
            self.stdout.write(f"- {s.unit.name}: {s.request.title} (hạn {s.request.due_on:%d/%m/%Y}, {what})")
        if options["dry_run"]:
            self.stdout.write(f"Chạy thử: sẽ nhắc {len(reminded)} báo cáo (chưa gửi).")
        else:
            self.stdout.write(f"Đã nhắc {len(reminded)} báo cáo.")
