"""Document numbers (Decree 30/2020 Art 15): from 01 on 1 January, at least two digits, unique per issuer,
document type and year. Allocation is an atomic `UPDATE … SET last_number = last_number + 1`, so two concurrent
requests never get the same number (row lock on PostgreSQL, IMMEDIATE transaction on SQLite)."""

from django.db import IntegrityError, transaction
from django.db.models import F

from thidua.core.models import DocumentSequence


def next_number(issuer: str, doc_type: str, year: int) -> int:
    with transaction.atomic():
        updated = DocumentSequence.objects.filter(issuer=issuer, doc_type=doc_type, year=year).update(
            last_number=F("last_number") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    DocumentSequence.objects.create(issuer=issuer, doc_type=doc_type, year=year, last_number=1)
                    return 1
            except IntegrityError:  # another request created the row first
                DocumentSequence.objects.filter(issuer=issuer, doc_type=doc_type, year=year).update(
                    last_number=F("last_number") + 1
                )
        return DocumentSequence.objects.get(issuer=issuer, doc_type=doc_type, year=year).last_number


def format_number(number: int, doc_type: str, issuer: str) -> str:
    """`format_number(1, "QĐ", "UBND")` → '01/QĐ-UBND'."""
    return f"{number:02d}/{doc_type}-{issuer}"


def allocate(issuer: str, doc_type: str, year: int) -> str:
    return format_number(next_number(issuer, doc_type, year), doc_type, issuer)
