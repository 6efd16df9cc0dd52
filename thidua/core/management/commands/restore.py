from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Khôi phục một tệp do `thidua backup` tạo vào CSDL (theo DATABASE_URL) và MEDIA_ROOT trống. Kiểm tra tổng "
        "kiểm tra của mọi tệp trước khi ghi, và số dòng từng bảng sau khi ghi. Từ chối CSDL hoặc thư mục đã có dữ "
        "liệu, trừ khi có --force (khi đó dữ liệu hiện có bị XÓA)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp sao lưu.")
        parser.add_argument("--force", action="store_true",
                            help="Xóa dữ liệu hiện có trong CSDL và MEDIA_ROOT rồi khôi phục.")

    def handle(self, *args, file, force=False, **options):
        try:
            manifest = restore(Path(file), force=force)
        except BackupError as exc:
            raise CommandError(str(exc))
        rows = sum(manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Đã khôi phục bản sao lưu lúc {manifest['created_at']}: {len(manifest['tables'])} bảng, {rows} dòng, "
            f"{manifest['media_files']} tệp tải lên; tổng kiểm tra và số dòng khớp bản kê."
        ))
