"""XLSX export of the petition list: the list's filters and order, the sender in full for province staff only and
masked for everyone else exactly as the page shows it, denunciations never shown to units, bad filters
answered in Vietnamese (no 500)."""

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from thidua.core.models import AuditEntry
from thidua.oversight import services
from thidua.oversight.models import Petition

URL = "/kiem-tra/don-thu/xuat-xlsx/"


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [[c if c is not None else "" for c in row] for row in ws.iter_rows(values_only=True)]
    header = values.index(next(r for r in values if r and r[0] == "TT"))
    return values[header], [r for r in values[header + 1:] if any(r)]


@pytest.fixture
def petitions(staff, unit_a, unit_b, complaint_a, in_oct_2025):
    services.save_petition(staff, None, kind="recommendation", received_on=dt.date(2025, 10, 6),
                           petitioner_name="Lê Văn An", subject_unit=unit_a,
                           summary="Kiến nghị công khai danh sách đề nghị khen thưởng")
    services.save_petition(staff, None, kind="denunciation", received_on=dt.date(2025, 10, 8),
                           petitioner_name="Đặng Văn Tố", petitioner_address="Phố Hiến", subject_unit=unit_a,
                           summary="Tố cáo việc kê khai thành tích")
    services.save_petition(staff, None, kind="complaint", received_on=dt.date(2025, 9, 1), petitioner_name="Ngô Thị Yến",
                           petitioner_address="Văn Lâm", subject_unit=unit_b, summary="Khiếu nại của Sở Y tế")
    return Petition.objects.all()


def test_staff_export_has_the_columns_and_full_sender(staff_client, petitions, complaint_a):
    header, data = rows(staff_client.get(URL))
    assert header == ["TT", "Số đơn", "Ngày nhận", "Loại đơn", "Người gửi", "Nội dung tóm tắt", "Đơn vị liên quan",
                      "Trạng thái", "Hạn thụ lý", "Hạn giải quyết", "Kết quả xử lý"]
    assert len(data) == 4 and [r[0] for r in data] == [1, 2, 3, 4]
    assert [r[2] for r in data] == ["08/10/2025", "06/10/2025", "01/10/2025", "01/09/2025"]  # newest first, as listed
    complaint = next(r for r in data if r[1] == complaint_a.number)
    assert complaint[3] == "Khiếu nại" and complaint[4] == "Trần Thị Bình\nThôn Đông, xã Nghĩa Trụ"
    assert complaint[8] == complaint_a.accept_by.strftime("%d/%m/%Y") and complaint[9] == ""
    assert "Tố cáo việc kê khai thành tích" in [r[5] for r in data]
    assert AuditEntry.objects.filter(action="export", note__contains="đơn thư").exists()


def test_filters_and_vietnamese_name_order(staff_client, petitions):
    _h, data = rows(staff_client.get(URL + "?loai=complaint"))
    assert {r[3] for r in data} == {"Khiếu nại"} and len(data) == 2
    _h, data = rows(staff_client.get(URL + "?sap_xep=nguoi-gui"))
    # Vietnamese order by given name first: An, Bình, Tố, Yến
    assert [r[4].split("\n")[0] for r in data] == ["Lê Văn An", "Trần Thị Bình", "Đặng Văn Tố", "Ngô Thị Yến"]
    _h, data = rows(staff_client.get(URL + "?q=y+te"))
    assert [r[5] for r in data] == ["Khiếu nại của Sở Y tế"]


def test_overdue_export(staff_client, petitions, time_machine):
    time_machine.move_to(dt.datetime(2025, 11, 20, 9, tzinfo=dt.UTC))
    _h, data = rows(staff_client.get(URL + "?qua_han=1"))
    assert data and all(r[7].endswith("(quá hạn)") for r in data)
    html = staff_client.get("/kiem-tra/don-thu/qua-han/").content.decode()
    assert 'href="/kiem-tra/don-thu/xuat-xlsx/?qua_han=1"' in html


def test_masked_for_everyone_but_province_staff(leader, officer_a, officer_b, petitions, complaint_a):
    for user in (leader, officer_a):
        client = as_user(user)
        _h, data = rows(client.get(URL))
        text = "\n".join(str(v) for r in data for v in r)
        assert "Trần Thị Bình" not in text and "Thôn Đông" not in text and "0912345678" not in text
        complaint = next(r for r in data if r[1] == complaint_a.number)
        assert complaint[4] == f"{Petition.mask_name('Trần Thị Bình')}\n***"
        # exactly what the page shows
        assert Petition.mask_name("Trần Thị Bình") in client.get("/kiem-tra/don-thu/").content.decode()
        assert "Đặng Văn Tố" not in text and "Phố Hiến" not in text
        # a denunciation stays with province-wide roles (Luật Tố cáo 2018 Art 47–48), never with the unit
        assert ("Tố cáo" in [r[3] for r in data]) == (user == leader)
        # masked senders cannot be found or ordered by name
        _h, found = rows(client.get(URL + "?q=tran+thi"))
        assert found == []
    _h, data = rows(as_user(leader).get(URL))
    assert "Khiếu nại của Sở Y tế" in [r[5] for r in data]
    _h, data = rows(as_user(officer_a).get(URL + "?sap_xep=nguoi-gui"))
    assert "Khiếu nại của Sở Y tế" not in [r[5] for r in data]  # another unit's petition
    _h, data = rows(as_user(officer_b).get(URL))
    assert [r[5] for r in data] == ["Khiếu nại của Sở Y tế"]


def test_result_column(staff, staff_client, complaint_a):
    accepted = services.accept_petition(staff, complaint_a, dt.date(2025, 10, 10))
    services.resolve_petition(staff, accepted, result="Giữ nguyên kết quả bình xét", decision_number="45/QĐ-UBND",
                              decision_date=dt.date(2025, 10, 14))
    _h, data = rows(staff_client.get(URL))
    assert data[0][7] == "Đã giải quyết" and data[0][9] != ""
    assert data[0][10] == "Văn bản số 45/QĐ-UBND ngày 14/10/2025: Giữ nguyên kết quả bình xét"


@pytest.mark.parametrize("query", ["?loai=xyz", "?trang_thai=%3Cscript%3E", "?loai=xyz&qua_han=1"])
def test_bad_filters_answer_in_vietnamese(staff_client, complaint_a, query):
    r = staff_client.get(URL + query, follow=True)
    assert r.status_code in (200, 400)
    assert "không hợp lệ" in r.content.decode()
    assert not r["Content-Type"].startswith("application/vnd")


def test_export_needs_sign_in(client, complaint_a):
    assert client.get(URL).status_code == 302
