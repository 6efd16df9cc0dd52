"""XLSX import of units and people: row-by-row errors in Vietnamese, nothing saved when a row fails."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tests.factories import PersonFactory
from thidua.core.models import AuditEntry
from thidua.orgs.models import Person, Unit

PEOPLE_HEADER = ["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Mã đơn vị", "Chức vụ", "Lao động trực tiếp"]
UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Tên viết tắt", "Loại", "Mã đơn vị cấp trên", "Hoạt động từ",
               "Hoạt động đến"]


def xlsx(header, rows, name="danh-sach.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def test_people_import_good_file(unit_a, client_a):
    f = xlsx(PEOPLE_HEADER, [
        ["Nguyễn Văn Đức", "Nam", dt.datetime(1980, 5, 1), "033080000001", "so-a", "Chuyên viên", "Không"],
        ["Trần Thị Mai", "Nữ", "02/09/1990", 33090000002, "SO-A", "", "x"],  # CCCD typed as a number
    ])
    r = client_a.post("/to-chuc/ca-nhan/nhap/", {"file": f})
    assert r.status_code == 302
    mai = Person.objects.get(full_name="Trần Thị Mai")
    assert (mai.birth_date, mai.citizen_id, mai.direct_worker, mai.gender) == (dt.date(1990, 9, 2), "033090000002",
                                                                                True, "female")
    assert Person.objects.get(full_name="Nguyễn Văn Đức").sort_key  # derived columns filled by bulk import
    assert Person.objects.search("nguyen van duc").count() == 1
    assert AuditEntry.objects.filter(action="import").count() == 1


def test_people_import_bad_rows_save_nothing(unit_a, unit_b, client_a):
    PersonFactory(unit=unit_b, citizen_id="033080000009")
    future = dt.date.today() + dt.timedelta(days=10)
    f = xlsx(PEOPLE_HEADER, [
        ["Người Tốt", "Nam", "01/01/1980", "", "so-a", "", ""],
        ["Ngày Sai", "Nam", "31/02/1980", "", "so-a", "", ""],
        ["Tương Lai", "Nữ", future, "", "so-a", "", ""],
        ["Sai Đơn Vị", "Nam", "", "", "so-b", "", ""],
        ["Không Có Đơn Vị", "Nam", "", "", "khong-co", "", ""],
        ["CCCD Ngắn", "Nữ", "", "12345", "so-a", "", ""],
        ["CCCD Trùng", "Nữ", "", "033080000009", "so-a", "", ""],
        ["Giới Lạ", "Khác", "", "", "so-a", "", ""],
        ["", "Nam", "", "", "so-a", "", "có lẽ"],
    ])
    r = client_a.post("/to-chuc/ca-nhan/nhap/", {"file": f})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Chưa lưu dữ liệu nào" in html
    for row, message in [(3, "Ngày sinh “31/02/1980” không hợp lệ"), (4, "không được ở tương lai"),
                         (5, "Không có đơn vị mã “so-b” trong phạm vi của bạn"), (6, "khong-co"),
                         (7, "12 chữ số"), (8, "đã có trong hệ thống"), (9, "“Nam” hoặc “Nữ”"),
                         (10, "Chưa nhập họ và tên"), (10, "Lao động trực tiếp")]:
        assert f"<td>{row}</td>" in html
        assert message in html, message
    assert not Person.objects.filter(full_name="Người Tốt").exists()
    assert not AuditEntry.objects.filter(action="import").exists()


def test_import_malformed_file_gets_clear_message(unit_a, client_a):
    bad = SimpleUploadedFile("danh-sach.xlsx", b"this is not a spreadsheet")
    html = client_a.post("/to-chuc/ca-nhan/nhap/", {"file": bad}).content.decode()
    assert "không phải bảng tính Excel (.xlsx) hợp lệ" in html
    csv = SimpleUploadedFile("danh-sach.csv", b"a,b,c")
    assert "Chỉ nhận tệp Excel định dạng .xlsx" in client_a.post("/to-chuc/ca-nhan/nhap/", {"file": csv}).content.decode()
    missing = xlsx(["Họ và tên", "Ngày sinh"], [["A", "01/01/1990"]])
    html = client_a.post("/to-chuc/ca-nhan/nhap/", {"file": missing}).content.decode()
    assert "Thiếu cột bắt buộc" in html and "Giới tính" in html
    assert not Person.objects.exists()


def test_unit_import_good_and_hierarchy(province, staff_client):
    f = xlsx(UNIT_HEADER, [
        ["so-moi", "Sở Mới", "SM", "Sở, ban, ngành", "ubnd", "01/07/2025", ""],
        ["truong-moi", "Trường Mới", "", "Trường học", "so-moi", dt.datetime(2025, 9, 1), ""],
    ])
    r = staff_client.post("/to-chuc/don-vi/nhap/", {"file": f})
    assert r.status_code == 302
    school = Unit.objects.get(code="truong-moi")
    assert school.parent.code == "so-moi" and school.kind == "school"
    assert school.path.startswith(province.path)
    assert school.active_from == dt.date(2025, 9, 1)
    assert AuditEntry.objects.filter(action="import").count() == 1


def test_unit_import_errors_save_nothing(province, unit_a, unit_b, client_a):
    f = xlsx(UNIT_HEADER, [
        ["truong-a", "Trường A", "", "Trường học", "so-a", "", ""],
        ["Mã Sai!", "Trường B", "", "Trường học", "so-a", "", ""],
        ["truong-c", "Trường C", "", "Loại lạ", "so-a", "", ""],
        ["truong-d", "Trường D", "", "Trường học", "so-b", "", ""],
        ["truong-e", "Trường E", "", "Trường học", "so-a", "01/01/2025", "01/01/2024"],
        ["truong-a", "Trường A lặp", "", "Trường học", "so-a", "", ""],
        ["so-b", "Sửa Sở B", "", "Sở, ban, ngành", "so-a", "", ""],
    ])
    html = client_a.post("/to-chuc/don-vi/nhap/", {"file": f}).content.decode()
    for message in ["Mã “mã sai!” không hợp lệ", "Loại “Loại lạ” không có trong danh mục",
                    "Đơn vị cấp trên “so-b” không thuộc phạm vi của bạn", "Ngày kết thúc hoạt động phải sau",
                    "trùng với dòng 2", "bạn không được sửa đơn vị này"]:
        assert message in html, message
    assert not Unit.objects.filter(code="truong-a").exists()


def test_templates_have_header_row(client_a):
    for url, header in [("/to-chuc/ca-nhan/bieu-mau-nhap.xlsx", PEOPLE_HEADER),
                        ("/to-chuc/don-vi/bieu-mau-nhap.xlsx", UNIT_HEADER)]:
        r = client_a.get(url)
        assert r.status_code == 200
        ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
        assert [c.value for c in next(ws.iter_rows(max_row=1))] == header


@pytest.mark.parametrize("value,expected", [("01/07/2025", dt.date(2025, 7, 1)), ("1/7/2025", dt.date(2025, 7, 1)),
                                            ("2025-07-01", dt.date(2025, 7, 1)), (45839, dt.date(2025, 7, 1)),
                                            ("", None)])
def test_parse_date(value, expected):
    from thidua.orgs.imports import parse_date

    assert parse_date(value) == expected


def test_unit_import_updates_existing_units_below_own(unit_a, client_a):
    from tests.factories import UnitFactory

    school = UnitFactory(code="thpt-cu", name="Trường THPT Cũ", parent=unit_a, kind="school")
    f = xlsx(UNIT_HEADER, [["thpt-cu", "Trường THPT Cũ (đổi tên)", "THPT", "Trường học", "so-a", "", "31/12/2025"]])
    assert client_a.post("/to-chuc/don-vi/nhap/", {"file": f}).status_code == 302
    school.refresh_from_db()
    assert (school.name, school.short_name, school.active_to) == ("Trường THPT Cũ (đổi tên)", "THPT", dt.date(2025, 12, 31))
