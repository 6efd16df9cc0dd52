from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ CSDL (SQLite hoặc PostgreSQL theo DATABASE_URL) và mọi tệp tải lên trong MEDIA_ROOT vào "
        "một tệp lưu trữ có bản kê (phiên bản, thời điểm, số dòng từng bảng, tổng kiểm tra sha256). "
        "Tên tệp kết thúc bằng .gz hoặc .tgz thì nén gzip."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp sao lưu sẽ ghi (ví dụ /var/backups/thidua/thidua-2026-12-07.tar).")

    def handle(self, *args, file, **options):
        try:
            manifest = backup(Path(file))
        except BackupError as exc:
            raise CommandError(str(exc))
        rows = sum(manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Đã sao lưu vào {file}: CSDL {manifest['engine']}, {len(manifest['tables'])} bảng, {rows} dòng, "
            f"{manifest['media_files']} tệp tải lên ({manifest['created_at']})."
        ))
