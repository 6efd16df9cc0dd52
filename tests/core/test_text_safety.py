"""Text that reaches a spreadsheet stays text (no formula injection), and names cannot carry invisible,
bidi-override or control characters, whichever way they arrive (API, forms, imports)."""

import io
import json

import openpyxl
import pytest
from openpyxl import Workbook

from thidua.core.text import clean_text, has_hidden_characters
from thidua.core.xlsx import safe_text, workbook_bytes
from thidua.orgs.models import Person


@pytest.mark.parametrize("value, expected", [
    ('=HYPERLINK("http://x.example","Bấm")', '\'=HYPERLINK("http://x.example","Bấm")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("- Tổ chức phát động phong trào", "- Tổ chức phát động phong trào"),
    ("-5", "-5"),
    ("+84 912 345 678", "+84 912 345 678"),
    ("Nguyễn Văn An", "Nguyễn Văn An"),
    ("Tên\x07có\x1bchuông", "Têncóchuông"),
])
def test_safe_text(value, expected):
    assert safe_text(value) == expected


def test_every_openpyxl_cell_is_escaped_even_outside_core_xlsx():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("x")
    ws.append(["=1+1", "@A1", "bình thường", 5])
    data = workbook_bytes(wb)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [c for c in next(sheet.iter_rows())]
    assert [c.value for c in cells] == ["'=1+1", "'@A1", "bình thường", 5]
    assert all(c.data_type != "f" for c in cells)


def test_clean_text():
    assert clean_text("Nguye\u0302\u0303n\u200b Văn\u202e An\x00") == "Nguyễn Văn An"
    assert clean_text("dòng 1\ndòng 2", multiline=True) == "dòng 1\ndòng 2"
    assert clean_text("dòng 1\ndòng 2") == "dòng 1 dòng 2"
    assert has_hidden_characters("A\u2066B") and not has_hidden_characters("Nguyễn")


def test_name_through_the_api_is_stored_clean_and_exported_as_text(staff_client, unit_a):
    name = '=HYPERLINK("http://x.example","An")\u202e\u200b\x07'
    r = staff_client.post("/api/v1/orgs/people", json.dumps({"full_name": name, "gender": "male", "unit_id": unit_a.pk}),
                          content_type="application/json")
    assert r.status_code == 201, r.content
    person = Person.objects.get(pk=r.json()["id"])
    assert person.full_name == '=HYPERLINK("http://x.example","An")'
    r = staff_client.get("/to-chuc/ca-nhan/xuat.xlsx")
    assert r.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://x.example","An")' in values
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_text_fields_of_any_model_are_cleaned_on_save(unit_a):
    unit_a.name = "Sở\u202e Y tế\x0b"
    unit_a.save()
    unit_a.refresh_from_db()
    assert unit_a.name.strip() == "Sở Y tế"
