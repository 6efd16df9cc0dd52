"""Person lists as offices keep them: title rows, 'Ngày sinh' split into Nam / Nữ, unit names instead of codes,
honorifics in the name column, 9-digit CMND."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.orgs.models import Person


def office_staff_list() -> SimpleUploadedFile:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["SỞ GIÁO DỤC VÀ ĐÀO TẠO"])
    ws.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC"])
    ws.append(["STT", "Họ và tên", "Ngày sinh", None, "Số CMND/CCCD", "Chức vụ", "Đơn vị công tác"])
    ws.append([None, None, "Nam", "Nữ", None, None, None])
    ws.merge_cells("C3:D3")
    ws.append([1, "Ông Phạm Văn Long", "02/02/1970", None, "'001070000123", "Trưởng phòng",
               "Sở Giáo dục và Đào tạo tỉnh Hưng Yên"])
    ws.append([2, "Bà Đinh Thị Thu", None, "03/03/1985", "034123456", "Chuyên viên", "Sở GD&ĐT"])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("can-bo.xlsx", out.getvalue())


def test_people_from_an_office_list(unit_a, client_a):
    response = client_a.post("/to-chuc/ca-nhan/nhap/", {"file": office_staff_list()})
    assert response.status_code == 302, response.content.decode()[-3000:]
    long = Person.objects.get(full_name="Phạm Văn Long")
    thu = Person.objects.get(full_name="Đinh Thị Thu")
    assert (long.gender, long.citizen_id, long.unit, long.position) == ("male", "001070000123", unit_a, "Trưởng phòng")
    assert (thu.gender, thu.citizen_id, thu.birth_date.isoformat()) == ("female", "034123456", "1985-03-03")
