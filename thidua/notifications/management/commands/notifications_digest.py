import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from thidua.notifications.digest import send_digests


class Command(BaseCommand):
    help = (
        "Gửi thư tổng hợp hằng ngày: mỗi người dùng một e-mail liệt kê các thông báo chưa đọc thuộc những loại "
        "họ chọn nhận qua thư tổng hợp (chạy hằng ngày; chạy lại trong cùng ngày không gửi thêm)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày của thư tổng hợp (YYYY-MM-DD), mặc định hôm nay.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in ra các e-mail sẽ gửi; không gửi.")

    def handle(self, *args, **options):
        day = None
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("Ngày không hợp lệ, dùng dạng YYYY-MM-DD.")
        digests = send_digests(day, dry_run=options["dry_run"])
        if options["dry_run"]:
            for d in digests:
                self.stdout.write(f"Đến: {d.user.email}\nTiêu đề: {d.subject}\n\n{d.body}\n{'-' * 60}")
            self.stdout.write(f"Chạy thử: sẽ gửi {len(digests)} thư tổng hợp (chưa gửi).")
        else:
            self.stdout.write(f"Đã gửi {len(digests)} thư tổng hợp.")
