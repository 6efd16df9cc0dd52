import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thidua.oversight.reminders import DUE_SOON_DAYS, due_counts, send_reminders


class Command(BaseCommand):
    help = ("Gửi e-mail nhắc hạn thụ lý, giải quyết đơn thư và hạn khắc phục tồn tại sau kiểm tra (chạy hằng ngày; "
            "mỗi việc được nhắc tối đa một lần mỗi ngày).")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày tính hạn (YYYY-MM-DD), mặc định hôm nay.")
        parser.add_argument("--days", default=str(DUE_SOON_DAYS),
                            help=f"Nhắc khi còn không quá số ngày làm việc này (mặc định {DUE_SOON_DAYS}).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Chỉ in ra các e-mail sẽ gửi; không gửi, không đánh dấu đã nhắc.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("Ngày không hợp lệ, dùng dạng YYYY-MM-DD.")
        try:
            days = int(options["days"])
        except (TypeError, ValueError):
            raise CommandError("Số ngày làm việc không hợp lệ: nhập số nguyên từ 0 đến 60.")
        if not 0 <= days <= 60:
            raise CommandError("Số ngày làm việc không hợp lệ: nhập số nguyên từ 0 đến 60.")
        petitions, findings = due_counts(today, days)  # before sending: sending marks them reminded
        reminders = send_reminders(today, days, dry_run=options["dry_run"])
        if not reminders:
            if petitions or findings:
                self.stderr.write(f"Có {petitions} đơn thư và {findings} tồn tại đến hạn nhưng không có cán bộ nào có "
                                  "địa chỉ e-mail để nhận nhắc hạn.")
        if options["dry_run"]:
            for r in reminders:
                self.stdout.write(f"Đến: {r.to}\nTiêu đề: {r.subject}\n\n{r.body}\n{'-' * 60}")
            self.stdout.write(f"Chạy thử: sẽ gửi {len(reminders)} e-mail nhắc hạn (chưa gửi).")
        else:
            self.stdout.write(f"Đã gửi {len(reminders)} e-mail nhắc hạn.")
