import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from thidua.core import demo
from thidua.core.management.commands.load_demo import print_logins


class Command(BaseCommand):
    help = "Chạy bản demo: tạo/cập nhật CSDL nhúng, nạp dữ liệu mẫu, mở máy chủ tại 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Cho phép tạo người dùng mẫu trên CSDL không phải CSDL nhúng.")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="Địa chỉ phục vụ (mặc định 127.0.0.1:8000).")
        parser.add_argument("--no-serve", action="store_true", help="Chỉ chuẩn bị dữ liệu, không mở máy chủ.")

    def handle(self, *args, force=False, addr="127.0.0.1:8000", no_serve=False, **options):
        if not demo.uses_embedded_database() and not force:
            raise CommandError(
                "Từ chối tạo người dùng mẫu trên cơ sở dữ liệu không phải CSDL nhúng mặc định "
                "(DATABASE_URL đang trỏ tới CSDL khác). Thêm --force nếu chắc chắn."
            )
        call_command("migrate", interactive=False, verbosity=0)
        ctx = demo.load()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu (Kế hoạch 196/KH-UBND năm 2025)."))
        print_logins(self.stdout, ctx.get("logins", []), ctx.get("notes", []))
        if no_serve:
            return
        if not os.environ.get("THIDUA_PUBLIC_BASE_URL"):
            # QR codes on certificates point where this demo serves (not at the default 127.0.0.1:8000).
            settings.THIDUA_PUBLIC_BASE_URL = f"http://{addr}"
            os.environ["THIDUA_PUBLIC_BASE_URL"] = settings.THIDUA_PUBLIC_BASE_URL  # and in the job worker's PDFs
        # The job worker next to the server (imports, large PDFs, exports run there; production: its own
        # service, deploy/systemd/thidua-worker.service). It stops with the demo.
        worker = subprocess.Popen([sys.executable, "-m", "thidua", "job_worker", "--interval", "0.5"],
                                  stdin=subprocess.DEVNULL)
        self.stdout.write(f"Mở trình duyệt: http://{addr}/  (bộ xử lý công việc nền: tiến trình {worker.pid})")
        try:
            call_command("runserver", addr, use_reloader=False)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
