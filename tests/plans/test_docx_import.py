"""Import of a plan's appendix from the .docx a province publishes: preview, then confirm; bad files save nothing."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.models import AuditEntry
from thidua.plans import demo
from thidua.plans.importer import DocxImportError, parse_docx
from thidua.plans.models import Plan

HEADER = ["TT", "Nội dung", "Đơn vị chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]


def build_docx(tables: list[list[list[str]]], paragraphs=("KẾ HOẠCH", "PHỤ LỤC")) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for rows in tables:
        table = document.add_table(rows=0, cols=len(rows[0]))
        for cells in rows:
            row = table.add_row()
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
        document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def seed_like_docx() -> bytes:
    """The 27 tasks as the province lays them out: three tables (page breaks), header repeated on each,
    task 12 split over the break with an empty TT on the continuation row."""
    tasks = demo.plan_data()["tasks"]
    row = lambda t: [str(t["order"]), t["content"], t["lead"], t["coordinating"], t["time"]]  # noqa: E731
    first = [HEADER] + [row(t) for t in tasks[:11]]
    t12 = tasks[11]
    head, tail = "Báo cáo sơ kết công tác thi đua,", "khen thưởng 6 tháng đầu năm 2025"
    assert f"{head} {tail}" == t12["content"]
    first.append([str(t12["order"]), head, t12["lead"], t12["coordinating"], t12["time"]])
    second = [HEADER, ["", tail, "", "", ""]] + [row(t) for t in tasks[12:24]]
    third = [HEADER] + [row(t) for t in tasks[24:]]
    return build_docx([[["Nơi nhận", "Người ký"]], first, second, third])


def test_parse_reproduces_the_27_tasks():
    rows, warnings = parse_docx(io.BytesIO(seed_like_docx()))
    assert warnings == []
    got = [{"order": r.order, "content": r.content, "lead": r.lead, "coordinating": r.coordinating, "time": r.schedule}
           for r in rows]
    assert got == demo.plan_data()["tasks"]


def test_header_repeated_inside_one_table_and_group_rows():
    data = build_docx([[HEADER, ["1", "Việc một", "Sở Nội vụ", "", "Quý I"], HEADER,
                        ["I", "NHÓM VIỆC QUÝ II", "", "", ""], ["2.", "Việc hai", "Sở Nội vụ", "Sở Y tế", "Quý II"]]])
    rows, warnings = parse_docx(io.BytesIO(data))
    assert [(r.order, r.content) for r in rows] == [(1, "Việc một"), (2, "Việc hai")]
    assert len(warnings) == 1 and "NHÓM VIỆC" in warnings[0]


@pytest.mark.parametrize(("content", "message"), [
    (b"this is not a word file", "không phải tệp Word"),
    (b"PK\x03\x04garbage-zip", "không phải tệp Word"),
    (build_docx([[["A", "B"], ["1", "2"]]]), "Không tìm thấy bảng phụ lục"),
    (build_docx([[HEADER]]), "không có nhiệm vụ"),
])
def test_malformed_files_raise_vietnamese_errors(content, message):
    with pytest.raises(DocxImportError, match=message):
        parse_docx(io.BytesIO(content))


def form_data(content: bytes, **extra):
    data = {"number": "196/KH-UBND", "title": "Kế hoạch công tác thi đua, khen thưởng năm 2025",
            "issued_on": "2024-12-24", "year": "2025", "signer": "Trần Quốc Văn",
            "file": SimpleUploadedFile("ke-hoach-196.docx", content)}
    data.update(extra)
    return data


def test_preview_then_confirm_creates_the_plan(staff_client, province, named_units):
    r = staff_client.post("/ke-hoach/nhap-docx/", form_data(seed_like_docx(), unit=province.pk))
    assert r.status_code == 302 and r["Location"].endswith("/ke-hoach/nhap-docx/xem-truoc/")
    assert not Plan.objects.exists()  # nothing saved before confirmation
    html = staff_client.get("/ke-hoach/nhap-docx/xem-truoc/").content.decode()
    assert "27 nhiệm vụ" in html and "khen thưởng 6 tháng đầu năm 2025" in html
    assert "Sở Giáo dục và Đào tạo" in html  # "Sở GD&ĐT" recognised as a known unit
    r = staff_client.post("/ke-hoach/nhap-docx/xem-truoc/", {"confirm": "1"})
    assert r.status_code == 302
    plan = Plan.objects.get()
    assert plan.tasks.count() == 27 and plan.issuer == province.name
    assert plan.tasks.get(order=12).content == "Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2025"
    assert plan.tasks.get(order=9).coordinating_units.filter(pk=named_units["so-gddt"].pk).exists()
    assert AuditEntry.objects.filter(action="import", object_id=str(plan.pk)).exists()
    # the staged rows are gone: confirming again cannot create a second plan
    assert staff_client.post("/ke-hoach/nhap-docx/xem-truoc/", {"confirm": "1"}).status_code == 302
    assert Plan.objects.count() == 1


def test_cancel_saves_nothing(staff_client, province):
    staff_client.post("/ke-hoach/nhap-docx/", form_data(seed_like_docx(), unit=province.pk))
    staff_client.post("/ke-hoach/nhap-docx/xem-truoc/", {"cancel": "1"})
    assert not Plan.objects.exists()


@pytest.mark.parametrize(("extra", "message"), [
    ({"file": SimpleUploadedFile("x.docx", b"not a docx")}, "không phải tệp Word"),
    ({"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")}, "Chỉ nhận tệp Word .docx"),
    ({"issued_on": "2024-02-30"}, "Nhập ngày hợp lệ"),
    ({"issued_on": "2026-01-05"}, "không được sau năm kế hoạch"),
    ({"unit": "99999"}, "Không có đơn vị này"),
])
def test_bad_input_gets_vietnamese_message_and_saves_nothing(staff_client, province, extra, message):
    data = form_data(seed_like_docx(), unit=province.pk)
    data.update(extra)
    r = staff_client.post("/ke-hoach/nhap-docx/", data)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not Plan.objects.exists()
    assert "plans_docx_import" not in staff_client.session


def test_bad_schedule_cell_is_reported_per_row(staff_client, province):
    content = build_docx([[HEADER, ["1", "Việc một", "Sở Nội vụ", "", "Quý I"],
                           ["2", "Việc hai", "Sở Nội vụ", "", "khi nào xong"]]])
    r = staff_client.post("/ke-hoach/nhap-docx/", form_data(content, unit=province.pk))
    assert r.status_code == 400
    assert "Nhiệm vụ số 2" in r.content.decode() and "Không hiểu thời gian thực hiện" in r.content.decode()
    assert not Plan.objects.exists()


def test_duplicate_plan_number_is_refused(staff_client, plan_196, province):
    r = staff_client.post("/ke-hoach/nhap-docx/", form_data(seed_like_docx(), unit=province.pk))
    assert r.status_code == 400 and "đã có" in r.content.decode()
    assert Plan.objects.count() == 1


def test_only_province_staff_import(client_a):
    assert client_a.get("/ke-hoach/nhap-docx/").status_code == 403
    assert client_a.get("/ke-hoach/nhap-docx/xem-truoc/").status_code == 403


def test_lead_column_merged_down_is_read_for_every_row():
    document = docx.Document()
    rows = [HEADER, ["1", "Việc một", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Quý I"],
            ["", "(tiếp theo)", "", "", ""], ["2", "Việc hai", "", "Sở Y tế", "Quý II"]]
    table = document.add_table(rows=len(rows), cols=5)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    merged = table.cell(1, 2).merge(table.cell(3, 2))  # "Sở Nội vụ" written once for all rows
    merged.text = "Sở Nội vụ"
    out = io.BytesIO()
    document.save(out)
    parsed, _ = parse_docx(io.BytesIO(out.getvalue()))
    assert [(r.order, r.content, r.lead) for r in parsed] == [
        (1, "Việc một (tiếp theo)", "Sở Nội vụ"), (2, "Việc hai", "Sở Nội vụ")]
