"""`thidua proposals preview FILE [--unit CODE] [--year YYYY] [--level tinh|xa|don_vi]` (DESIGN.md §4.7).

Reads a unit's proposal list (.docx, .doc, .xlsx, .xls) exactly as the upload page does, writes nothing, prints
`{"rows": [...]}` as JSON. A file that cannot be read: message on stderr, exit 2."""

from __future__ import annotations

import io
import json
import sys
from types import SimpleNamespace

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from thidua.awards.recognise import LEVELS
from thidua.core.tabular import TableFileError


class Command(BaseCommand):
    help = "Đọc thử danh sách đề nghị khen thưởng (Word/Excel) và in kết quả nhận dạng từng dòng dưới dạng JSON."
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="preview")
        preview = sub.add_parser("preview", help="Đọc thử một danh sách, không ghi gì vào CSDL.")
        preview.add_argument("file", metavar="FILE")
        preview.add_argument("--unit", metavar="CODE", default="", help="Mã đơn vị gửi danh sách.")
        preview.add_argument("--year", metavar="YYYY", type=int, default=None, help="Năm thành tích.")
        preview.add_argument("--level", choices=LEVELS, default="tinh",
                             help="Cấp nhận danh sách: tinh (mặc định), xa, don_vi.")
        preview.add_argument("--compact", action="store_true", help="In JSON trên một dòng.")

    def handle(self, *args, action, file, unit="", year=None, level="tinh", compact=False, **options):
        from thidua.dossiers.proposals import read_list

        try:
            with open(file, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            raise CommandError(f"Không tìm thấy tệp {file!r}.", returncode=2)
        except IsADirectoryError:
            raise CommandError(f"{file!r} là thư mục, không phải tệp.", returncode=2)
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {file!r}: {exc.strerror or exc}.", returncode=2)
        try:
            result = self._read(read_list, data, file, unit, year, level)
        except TableFileError as exc:
            raise CommandError(f"{file}: {exc}", returncode=2)
        self._write(json.dumps(result.as_contract(), ensure_ascii=False, indent=None if compact else 2) + "\n")

    def _read(self, read_list, data, file, unit_code, year, level):
        from thidua.orgs.models import Unit

        try:
            sender = None
            if unit_code:
                sender = Unit.objects.filter(code=unit_code.strip().lower()).first()
                if sender is None:
                    raise CommandError(f"Không có đơn vị mã {unit_code!r}.", returncode=2)
            return read_list(data, file, sender=sender, level=level, year=year)
        except DatabaseError:
            # No database yet (fresh checkout): recognise awards from the built-in catalogue, match nobody.
            from thidua.awards.catalogue import ENTRIES, HISTORICAL
            from thidua.orgs.models import Person

            types = [SimpleNamespace(active=True, conferrable=e.get("conferrable", True), **{
                k: v for k, v in e.items() if k != "conferrable"}) for e in ENTRIES + HISTORICAL]
            return read_list(data, file, level=level, year=year, award_types=types, people=Person.objects.none(),
                             units=[])

    def _write(self, text: str) -> None:
        out = getattr(self.stdout, "_out", sys.stdout)
        buffer = getattr(out, "buffer", None)
        if buffer is not None and not isinstance(out, io.StringIO):
            out.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        else:
            out.write(text)
