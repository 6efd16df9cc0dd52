"""`thidua eligibility FILE`: judge eligibility cases (DESIGN.md §4.1–4.2).

Reads a JSON array of cases (or a single case object) from FILE, or from stdin when FILE is `-`; prints a JSON
array of verdicts on stdout and exits 0. A malformed case yields a verdict with "error"; input that is not JSON,
or whose top level is neither an object nor an array, or a file that cannot be read: message on stderr, exit 2."""

from __future__ import annotations

import io
import sys

from django.core.management.base import BaseCommand, CommandError

from thidua.awards.param_store import load_resolver
from thidua.awards.rules import evaluate_many
from thidua.awards.rules.jsonio import DocumentError, dump, load_document


class JsonCalculatorCommand(BaseCommand):
    """A command that reads a JSON array (or one object) from FILE or stdin and prints a JSON array of answers.

    Subclasses name what they read (`noun`, for the error message) and answer the items (`answer`)."""

    requires_system_checks = []  # a calculator: must run on a fresh checkout, before any migration
    noun = "các mục"
    file_help = "Tệp JSON các mục, hoặc '-' để đọc từ stdin."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help=self.file_help)
        parser.add_argument("--compact", action="store_true", help="In JSON trên một dòng (không thụt lề).")

    def answer(self, items: list) -> list:
        raise NotImplementedError

    def handle(self, *args, file: str, compact: bool = False, **options):
        raw = self._read(file)
        try:
            document = load_document(raw)
        except DocumentError as exc:
            raise CommandError(f"Không đọc được {self.noun} từ {self._label(file)}: {exc}.", returncode=2)
        items = [document] if isinstance(document, dict) else document
        self._write(dump(self.answer(items), indent=None if compact else 2) + "\n")

    @staticmethod
    def _label(file: str) -> str:
        return "stdin" if file == "-" else f"tệp {file!r}"

    def _read(self, file: str) -> bytes:
        try:
            if file == "-":
                stdin = sys.stdin
                return stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode("utf-8")
            with open(file, "rb") as handle:
                return handle.read()
        except FileNotFoundError:
            raise CommandError(f"Không tìm thấy tệp {file!r}.", returncode=2)
        except IsADirectoryError:
            raise CommandError(f"{file!r} là thư mục, không phải tệp JSON.", returncode=2)
        except (OSError, UnicodeError) as exc:
            raise CommandError(f"Không đọc được {self._label(file)}: {exc.strerror or exc}.", returncode=2)

    def _write(self, text: str) -> None:
        out = getattr(self.stdout, "_out", sys.stdout)
        buffer = getattr(out, "buffer", None)
        if buffer is not None and not isinstance(out, io.StringIO):
            out.flush()
            buffer.write(text.encode("utf-8"))  # UTF-8 whatever the locale
            buffer.flush()
        else:
            out.write(text)


class Command(JsonCalculatorCommand):
    help = (
        "Xét điều kiện khen thưởng theo bộ quy tắc: đọc mảng JSON các hồ sơ từ FILE (hoặc '-' cho stdin), "
        "in mảng JSON các kết quả."
    )
    noun = "hồ sơ"
    file_help = "Tệp JSON các hồ sơ, hoặc '-' để đọc từ stdin."

    def answer(self, items: list) -> list:
        return evaluate_many(items, resolver=load_resolver())
