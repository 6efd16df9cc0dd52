"""`thidua bonus FILE`: bonus amounts of awards (LAW-V2.md §F, DESIGN.md §4.5).

Reads a JSON array of items `{"id", "award", "kind", "decided_on"}` (or a single item object) from FILE, or from
stdin when FILE is `-`; prints a JSON array of answers on stdout and exits 0. An item the contract cannot pay gets
`{"id", "error"}`; input that is not JSON, or whose top level is neither an object nor an array, or a file that
cannot be read: message on stderr, exit 2."""

from __future__ import annotations

from thidua.awards.bonus import compute_many
from thidua.awards.management.commands.eligibility import JsonCalculatorCommand


class Command(JsonCalculatorCommand):
    help = (
        "Tính tiền thưởng theo Nghị định 152/2025/NĐ-CP: đọc mảng JSON các mục {id, award, kind, decided_on} từ FILE "
        "(hoặc '-' cho stdin), in mảng JSON các kết quả."
    )
    noun = "các mục"
    file_help = "Tệp JSON các mục, hoặc '-' để đọc từ stdin."

    def answer(self, items: list) -> list:
        return compute_many(items)
