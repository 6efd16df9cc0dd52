"""`thidua audit verify`: walk the audit log's hash chain and report the first broken link (exit 1), or how many
entries were checked (exit 0)."""

from django.core.management.base import BaseCommand, CommandError

from thidua.core.audit import verify


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn của nhật ký thao tác (chuỗi băm)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"], help="verify: kiểm tra chuỗi băm của nhật ký")

    def handle(self, *args, action, **options):
        from thidua.core.models import AuditEntry

        result = verify()
        if result.ok:
            self.stdout.write(f"Nhật ký toàn vẹn: đã kiểm tra {result.checked} bản ghi.")
            return
        entry = AuditEntry.objects.filter(pk=result.broken_id).first()
        when = f" ({entry.at:%d/%m/%Y %H:%M:%S}, {entry.actor_name}, {entry.model} #{entry.object_id})" if entry else ""
        what = ("nội dung bản ghi đã bị sửa" if result.reason == "row_hash"
                else "liên kết với bản ghi trước bị đứt (bản ghi trước đã bị sửa, xóa hoặc chèn thêm)")
        raise CommandError(f"Nhật ký KHÔNG toàn vẹn: mắt xích hỏng đầu tiên là bản ghi #{result.broken_id}{when}: "
                           f"{what}. {result.checked} bản ghi trước đó hợp lệ.", returncode=1)
