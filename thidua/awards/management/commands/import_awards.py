"""Import a legacy award book: `thidua import_awards FILE --unit CODE --user USERNAME [--commit]`, or process an
uploaded batch by hand: `thidua import_awards --batch ID` (the upload page queues the same work as a job for
`thidua job_worker`: awards/tasks.py)."""

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from thidua.awards import importer
from thidua.awards.models import ImportBatch
from thidua.core.middleware import acting_as


class Command(BaseCommand):
    help = "Nhập sổ khen thưởng cũ (Excel): kiểm tra từng dòng, đối chiếu cá nhân, nhập tất cả hoặc không nhập."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="tệp .xlsx/.xls/.ods")
        parser.add_argument("--batch", type=int, help="xử lý lần nhập đã tải lên (id)")
        parser.add_argument("--unit", help="mã đơn vị nhập (phạm vi đối chiếu đơn vị)")
        parser.add_argument("--user", help="tên đăng nhập người nhập")
        parser.add_argument("--commit", action="store_true",
                            help="nhập vào sổ nếu không có lỗi và không cần xác nhận (với --batch: lần nhập đang chờ nhập)")

    def handle(self, *args, **opts):
        if opts["batch"]:
            batch = ImportBatch.objects.filter(pk=opts["batch"]).select_related("created_by").first()
            if batch is None:
                raise CommandError(f"Không có lần nhập {opts['batch']}.")
            if opts["commit"]:
                if batch.status != ImportBatch.Status.COMMITTING:
                    raise CommandError("Lần nhập này không ở trạng thái chờ nhập vào sổ.")
                with acting_as(batch.created_by):
                    created = importer.commit_or_reopen(batch, user=batch.created_by)
                batch.refresh_from_db()
                self.stdout.write(f"Đã nhập {created} khen thưởng." if created is not None else batch.message)
                return
            if batch.status not in (ImportBatch.Status.UPLOADED, ImportBatch.Status.PARSING):
                raise CommandError("Lần nhập này đã được xử lý.")
        else:
            batch = self._new_batch(opts)
        with acting_as(batch.created_by):
            batch = importer.stage(batch)
            self.stdout.write(f"{batch.original_name}: {batch.total_rows} dòng, {batch.error_count} dòng lỗi, "
                              f"{batch.ambiguous_count} dòng cần xác nhận, {batch.new_person_count} cá nhân mới.")
            if batch.message:
                self.stdout.write(batch.message)
            for row_number, column, message, *_rest in importer.error_rows(batch):
                self.stdout.write(f"  dòng {row_number}, cột {column}: {message}")
            if opts["commit"] and not opts["batch"]:
                try:
                    created = importer.commit(batch, user=batch.created_by)
                except importer.CommitRefused as exc:
                    raise CommandError(str(exc))
                self.stdout.write(f"Đã nhập {created} khen thưởng.")

    def _new_batch(self, opts):
        from thidua.core.models import User
        from thidua.orgs.models import Unit

        if not opts["file"] or not opts["unit"] or not opts["user"]:
            raise CommandError("Cần FILE, --unit và --user (hoặc --batch).")
        path = Path(opts["file"])
        if not path.exists():
            raise CommandError(f"Không có tệp {path}.")
        unit = Unit.objects.filter(code=opts["unit"]).first()
        user = User.objects.filter(username=opts["user"]).first()
        if unit is None or user is None:
            raise CommandError("Không tìm thấy đơn vị hoặc người dùng.")
        batch = ImportBatch(unit=unit, created_by=user, original_name=path.name)
        with path.open("rb") as fh:
            batch.file.save(path.name, File(fh), save=False)
        batch.save()
        return batch
