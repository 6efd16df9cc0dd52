from django.core.management.base import BaseCommand, CommandError

from thidua.core import demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (Kế hoạch 196/KH-UBND, đơn vị, cá nhân, người dùng mẫu). Chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Cho phép tạo người dùng mẫu trên CSDL không phải CSDL nhúng.")

    def handle(self, *args, force=False, **options):
        if not demo.uses_embedded_database() and not force:
            raise CommandError(
                "Từ chối tạo người dùng mẫu trên cơ sở dữ liệu không phải CSDL nhúng mặc định. Thêm --force nếu chắc chắn."
            )
        ctx = demo.load()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        print_logins(self.stdout, ctx.get("logins", []), ctx.get("notes", []))


def print_logins(out, logins, notes=()):
    out.write(f"Tài khoản mẫu (mật khẩu: {demo.demo_password()}):")
    for username, role, unit in logins:
        out.write(f"  {username:<14} {role} — {unit}")
    for note in notes:
        out.write(note)
