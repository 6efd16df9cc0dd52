import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thidua.dossiers.consultations import announce_due
from thidua.dossiers.reminders import send_reminders


class Command(BaseCommand):
    help = "Gửi e-mail nhắc hạn xử lý hồ sơ khen thưởng (chạy hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày tính hạn (YYYY-MM-DD), mặc định hôm nay.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("Ngày không hợp lệ, dùng dạng YYYY-MM-DD.")
        sent = send_reminders(today)
        self.stdout.write(f"Đã gửi {sent} e-mail nhắc hạn.")
        due = announce_due(today)
        self.stdout.write(f"Đã nhắc {due} đợt lấy ý kiến hiệp y sắp đến hạn.")
