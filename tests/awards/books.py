"""Build award-book spreadsheets for import tests and the bench."""

import datetime as dt

from django.core.files.base import ContentFile

from thidua.awards.importer import TEMPLATE_HEADERS, write_book
from thidua.awards.models import ImportBatch

HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Đơn vị", "Danh hiệu/Hình thức", "Năm", "Số quyết định"]


def book(rows, headers=HEADERS, title_rows=()):
    """rows: lists in the HEADERS order without STT."""
    body = [[i + 1, *r] for i, r in enumerate(rows)]
    data = write_book(body, headers)
    if title_rows:  # a province's book usually has a title above the header
        import io

        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data))
        ws = wb.active
        ws.insert_rows(1, len(title_rows))
        for i, text in enumerate(title_rows, start=1):
            ws.cell(row=i, column=1, value=text)
        out = io.BytesIO()
        wb.save(out)
        data = out.getvalue()
    return data


def make_batch(unit, user, data: bytes, name="so-khen-thuong.xlsx"):
    batch = ImportBatch(unit=unit, created_by=user, original_name=name)
    batch.file.save(name, ContentFile(data), save=False)
    batch.save()
    return batch


def generated_rows(n, unit_names, start=0):
    """Realistic rows: Vietnamese names, birth dates, units, titles, years 2018–2025, decision numbers."""
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hòang", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
    middle = ["Văn", "Thị", "Đức", "Thu", "Minh", "Ngọc", "Quang", "Thanh"]
    given = ["An", "Bình", "Chi", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam", "Oanh", "Sơn", "Yến"]
    awards = ["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Bằng khen của Chủ tịch UBND tỉnh", "Giấy khen"]
    for i in range(start, start + n):
        person = i // 4
        yield [
            f"{family[person % 10]} {middle[(person // 10) % 8]} {given[(person // 80) % 14]} {person // 1120 or ''}".strip(),
            dt.date(1960 + person % 40, 1 + person % 12, 1 + person % 28).strftime("%d/%m/%Y"),
            unit_names[person % len(unit_names)],
            awards[i % 4],
            2018 + (i % 8),
            f"{100 + i % 900}/QĐ-UBND",
        ]


__all__ = ["HEADERS", "TEMPLATE_HEADERS", "book", "make_batch", "generated_rows"]
