"""`thidua bonus FILE`: bonus amounts of awards (LAW-V2.md §F, DESIGN.md §4.5).

Reads a JSON array of items `{"id", "award", "kind", "decided_on"}` (or a single item object) from FILE, or from
stdin when FILE is `-`; prints a JSON array of answers on stdout and exits 0. An item the contract cannot pay gets
`{"id", "error"}`; input that is not JSON, or whose top level is neither an object nor an array, or a file that
cannot be read: message on stderr, exit 2."""

from __future__ import annotations

from django.core.management.base import CommandError

from thidua.awards.bonus import compute_many
from thidua.awards.management.commands.eligibility import Command as EligibilityCommand
from thidua.awards.rules.jsonio import DocumentError, dump, load_document


class Command(EligibilityCommand):
    help = (
        "Tính tiền thưởng theo Nghị định 152/2025/NĐ-CP: đọc mảng JSON các mục {id, award, kind, decided_on} từ FILE "
        "(hoặc '-' cho stdin), in mảng JSON các kết quả."
    )
    requires_system_checks = []  # a calculator: needs no database

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="Tệp JSON các mục, hoặc '-' để đọc từ stdin.")
        parser.add_argument("--compact", action="store_true", help="In JSON trên một dòng (không thụt lề).")

    def handle(self, *args, file: str, compact: bool = False, **options):
        raw = self._read(file)
        try:
            document = load_document(raw)
        except DocumentError as exc:
            raise CommandError(f"Không đọc được các mục từ {self._label(file)}: {exc}.", returncode=2)
        items = [document] if isinstance(document, dict) else document
        self._write(dump(compute_many(items), indent=None if compact else 2) + "\n")
