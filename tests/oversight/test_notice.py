"""The inspection conclusion notice (Thông báo kết luận kiểm tra) as DOCX in the Decree 30 layout: issuer from the
plan, number/date from the conclusion (a draft before), the unit, time, team, conclusion, findings with
recommendation, responsible unit and deadline, Nơi nhận; downloadable by exactly those who see the inspection."""

import datetime as dt
import zipfile

import pytest
from django.test import Client

from tests.documents.docx_helpers import (
    body_lines,
    cell_lines,
    find_phrase,
    needs_libreoffice,
    open_docx,
    to_pdf,
    words_on_page,
)
from thidua.oversight import notice, services
from thidua.oversight.masters import build_masters
from thidua.oversight.models import Inspection

MM = 72 / 25.4


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(inspection) -> str:
    return f"/kiem-tra/cuoc-kiem-tra/{inspection.pk}/thong-bao.docx"


@pytest.fixture
def concluded(staff, inspection_a, finding_a, unit_b):
    services.save_finding(staff, inspection_a, None, category="late_report", description="Chậm gửi hồ sơ đề nghị",
                          recommendation="Gửi hồ sơ đúng thời hạn", due_on=dt.date(2026, 1, 15), responsible_unit=unit_b)
    return services.conclude_inspection(staff, inspection_a, conclusion="Đơn vị cơ bản thực hiện đúng quy định\n"
                                        "Còn một số tồn tại cần khắc phục", conclusion_number="15/TB-HĐTĐKT",
                                        conclusion_date=dt.date(2025, 10, 3))


def test_concluded_notice_content(staff_client, concluded, unit_a, unit_b):
    r = staff_client.get(url(concluded))
    assert r.status_code == 200
    assert r["Content-Type"].endswith("wordprocessingml.document")
    assert "15-tb-hdtdkt" in r["Content-Disposition"]
    d = open_docx(r.content)
    header = d.tables[0]
    assert cell_lines(header.cell(0, 0)) == ["UBND TỈNH HƯNG YÊN", "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"]
    assert cell_lines(header.cell(1, 0)) == ["Số: 15/TB-HĐTĐKT"]
    assert cell_lines(header.cell(1, 1)) == ["Hưng Yên, ngày 03 tháng 10 năm 2025"]
    lines = body_lines(d)
    text = "\n".join(lines)
    assert "DỰ THẢO" not in lines
    assert lines[:2] == ["THÔNG BÁO", f"Kết luận kiểm tra công tác thi đua, khen thưởng tại {unit_a.name}"]
    assert "Kế hoạch số 88/KH-HĐTĐKT ngày 12/05/2025" in text and "Quyết định số 120/QĐ-HĐTĐKT ngày 01/09/2025" in text
    assert f"tại {unit_a.name} từ ngày 08/09/2025 đến ngày 10/09/2025" in text
    assert "Đỗ Minh Tuấn – Trưởng đoàn; Nguyễn Thị Hương (Chuyên viên Sở Nội vụ)" in text
    assert "Đơn vị cơ bản thực hiện đúng quy định." in lines and "Còn một số tồn tại cần khắc phục." in lines
    findings = d.tables[1]
    assert [c.text for c in findings.rows[0].cells] == ["STT", "Tồn tại, hạn chế", "Kiến nghị, yêu cầu khắc phục",
                                                       "Đơn vị thực hiện", "Hạn khắc phục"]
    rows = [[c.text for c in row.cells] for row in findings.rows[1:]]
    assert rows == [
        ["1", "Khen thưởng vượt tỷ lệ quy định: Tỷ lệ Chiến sĩ thi đua cơ sở vượt 15%",
         "Rà soát, điều chỉnh quy chế thi đua", unit_a.name, "31/12/2025"],
        ["2", "Chậm báo cáo, chậm gửi hồ sơ: Chậm gửi hồ sơ đề nghị", "Gửi hồ sơ đúng thời hạn", unit_b.name,
         "15/01/2026"],
    ]
    assert "chậm nhất ngày 15/01/2026" in text
    signature = d.tables[2]
    assert cell_lines(signature.cell(0, 0)) == ["Nơi nhận:", f"- {unit_a.name};", f"- {unit_b.name};",
                                                "- Chủ tịch UBND tỉnh (để báo cáo);", "- Thành viên Đoàn kiểm tra;",
                                                "- Lưu: VT."]
    assert cell_lines(signature.cell(0, 1))[:2] == ["TM. HỘI ĐỒNG", "CHỦ TỊCH"]
    assert "{{" not in text and "{%" not in text


def test_in_progress_notice_is_a_draft_by_the_department(staff, staff_client, inspection_a, finding_a):
    plan = inspection_a.plan
    services.save_inspection_plan(staff, plan, year=plan.year, number=plan.number, issued_on=plan.issued_on,
                                  title=plan.title, issuer="Sở Nội vụ", signer="Phạm Thu Hà")
    r = staff_client.get(url(inspection_a))
    assert r.status_code == 200 and "du-thao" in r["Content-Disposition"]
    d = open_docx(r.content)
    assert cell_lines(d.tables[0].cell(0, 0)) == ["UBND TỈNH HƯNG YÊN", "SỞ NỘI VỤ"]
    assert cell_lines(d.tables[0].cell(1, 0))[0].replace(" ", "") == "Số:/TB-SNV"
    assert cell_lines(d.tables[0].cell(1, 1)) == ["Hưng Yên, ngày      tháng      năm 2025"]
    lines = body_lines(d)
    assert lines[0] == "DỰ THẢO"
    assert any("sẽ được ghi khi Đoàn kiểm tra kết luận" in line for line in lines)
    assert cell_lines(d.tables[2].cell(0, 1)) == ["GIÁM ĐỐC", "Phạm Thu Hà"]


def test_unplanned_inspection_without_findings(staff, staff_client, unit_a, in_oct_2025):
    inspection = services.save_inspection(
        staff, None, plan=None, unit=unit_a, planned_start=dt.date(2025, 10, 6), planned_end=dt.date(2025, 10, 6),
        content="Kiểm tra đột xuất việc bình xét & <khen thưởng>", team_head="Đỗ Minh Tuấn", members=[])
    services.start_inspection(staff, inspection, dt.date(2025, 10, 6))
    d = open_docx(staff_client.get(url(inspection)).content)
    text = "\n".join(body_lines(d))
    assert "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in cell_lines(d.tables[0].cell(0, 0))
    assert f"tại {unit_a.name} ngày 06/10/2025" in text
    assert "Kiểm tra đột xuất việc bình xét & <khen thưởng>." in text  # escaped, not broken XML
    # still at work: the draft does not announce that nothing was found
    assert "không phát hiện tồn tại" not in text
    assert "sẽ được ghi khi Đoàn kiểm tra kết luận" in text
    assert len(d.tables) == 2  # header and signature: no empty findings table
    services.conclude_inspection(staff, inspection, conclusion="Đơn vị thực hiện đúng quy định.",
                                 conclusion_number="20/TB-HĐTĐKT", conclusion_date=dt.date(2025, 10, 6))
    text = "\n".join(body_lines(open_docx(staff_client.get(url(inspection)).content)))
    assert "không phát hiện tồn tại" in text


def test_download_is_scoped_like_the_page(concluded, officer_a, officer_b, leader, client):
    assert as_user(officer_a).get(url(concluded)).status_code == 200  # the inspected unit
    assert as_user(leader).get(url(concluded)).status_code == 200
    assert as_user(officer_b).get(url(concluded)).status_code == 404  # only responsible for one finding
    assert as_user(officer_b).get(f"/kiem-tra/cuoc-kiem-tra/{concluded.pk}/").status_code == 404
    assert client.get(url(concluded)).status_code == 302  # sign in first
    html = as_user(officer_a).get(f"/kiem-tra/cuoc-kiem-tra/{concluded.pk}/").content.decode()
    assert url(concluded) in html and "Thông báo kết luận (DOCX)" in html


def test_planned_or_cancelled_inspection_has_no_notice(staff, staff_client, unit_a, in_oct_2025):
    inspection = services.save_inspection(
        staff, None, plan=None, unit=unit_a, planned_start=dt.date(2025, 11, 3), planned_end=dt.date(2025, 11, 4),
        content="Kiểm tra", members=[])
    page = f"/kiem-tra/cuoc-kiem-tra/{inspection.pk}/"
    assert url(inspection) not in staff_client.get(page).content.decode()
    r = staff_client.get(url(inspection), follow=True)
    assert r.status_code == 200 and "Chỉ lập thông báo kết luận" in r.content.decode()
    assert staff_client.get("/kiem-tra/cuoc-kiem-tra/999999/thong-bao.docx").status_code == 404
    assert Inspection.objects.count() == 1


def test_issuer_from_free_text():
    assert notice.issuer_from_text("Hội đồng TĐKT tỉnh", "Hưng Yên").symbol == "HĐTĐKT"
    assert notice.issuer_from_text("", "Hưng Yên").symbol == "HĐTĐKT"
    assert notice.issuer_from_text("Sở Nội vụ", "Hưng Yên").lines == ("SỞ NỘI VỤ",)
    other = notice.issuer_from_text("Ban Thi đua - Khen thưởng", "Hưng Yên")
    assert other.lines == ("BAN THI ĐUA - KHEN THƯỞNG",) and other.symbol == "BTĐKT"


def test_master_is_reproducible_from_the_build_script(tmp_path):
    build_masters.build_all(tmp_path)
    for name in build_masters.MASTERS:
        with zipfile.ZipFile(tmp_path / name) as fresh, zipfile.ZipFile(notice.MASTERS_DIR / name) as committed:
            assert fresh.read("word/document.xml") == committed.read("word/document.xml"), (
                f"{name} is out of date: run python -m thidua.oversight.masters.build_masters")


@needs_libreoffice
def test_notice_renders_in_libreoffice_with_the_decree30_header(staff_client, concluded, tmp_path):
    pdf = to_pdf(staff_client.get(url(concluded)).content, tmp_path, "thong_bao.docx")
    words, width, height = words_on_page(pdf, 1)
    assert (round(width / MM), round(height / MM)) == (210, 297)
    issuer = find_phrase(words, "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG")
    nation = find_phrase(words, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    number = find_phrase(words, "Số: 15/TB-HĐTĐKT")
    date_line = find_phrase(words, "Hưng Yên, ngày 03 tháng 10 năm 2025")
    title = find_phrase(words, "THÔNG BÁO")
    centre = lambda box: (box[0] + box[2]) / 2  # noqa: E731
    assert centre(issuer) < width / 2 < centre(nation)
    assert abs(number[1] - date_line[1]) < 6 and centre(number) < width / 2 < centre(date_line)
    assert title[1] > date_line[1]
