"""The province's 6-month report compiled from the units' reports and the statistics, as a Decree 30 DOCX."""

import datetime as dt
import io

import pytest
import time_machine
from docx import Document

from thidua.reporting import compile as compiler
from thidua.reporting import services
from thidua.reporting.masters import build_masters
from thidua.reporting.models import ReportSubmission

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def _send(half_year, unit, officer, leader, values, when):
    sub = ReportSubmission.objects.get(request=half_year, unit=unit)
    services.save_submission(officer, sub, values=values, summary=f"{unit.name} đã sơ kết")
    services.send_for_approval(officer, sub)
    with time_machine.travel(when, tick=False):
        services.approve(leader, sub)


def test_compiled_report_has_the_units_their_figures_and_the_statistics(
    half_year, staff, unit_a, unit_b, unit_c, officer_a, leader_a, officer_b, leader_b
):
    _send(
        half_year,
        unit_a,
        officer_a,
        leader_a,
        {"f1": "3", "f2": "120", "f3": "Đề nghị tập huấn"},
        dt.datetime(2025, 7, 9, 9),
    )
    _send(half_year, unit_b, officer_b, leader_b, {"f1": "2", "f2": "1.000,5"}, dt.datetime(2025, 7, 14, 9))
    content = compiler.compile_docx(
        staff,
        half_year,
        directions="Tổ chức tổng kết năm 2025\nĐẩy mạnh phong trào",
        today=dt.date(2025, 7, 15),
    )
    text = _text(content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "SỞ NỘI VỤ" in text and "DỰ THẢO" in text
    assert "BÁO CÁO" in text and "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2025" in text
    assert "Kính gửi: Ủy ban nhân dân tỉnh" in text
    assert "tổng hợp báo cáo của 2/3 cơ quan" in text
    assert "I. KẾT QUẢ CÔNG TÁC THI ĐUA, KHEN THƯỞNG" in text and "Khen thưởng (không kể bị hủy bỏ)" in text
    assert "II. TÌNH HÌNH BÁO CÁO" in text
    assert f"{unit_a.name} | 09/07/2025 | Đúng hạn" in text
    assert f"{unit_b.name} | 14/07/2025 | Gửi chậm 4 ngày" in text
    assert f"{unit_c.name} |  | Chưa gửi, quá hạn 5 ngày" in text
    assert "III. TỔNG HỢP NỘI DUNG BÁO CÁO" in text
    assert "Số phong trào thi đua đã phát động | 5 | 2" in text
    assert "Số tập thể, cá nhân được khen thưởng | 1.120,5 | 2" in text
    assert f"{unit_a.name}: Đề nghị tập huấn" in text
    assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ" in text and "Đẩy mạnh phong trào" in text
    assert "GIÁM ĐỐC" in text and "Nơi nhận:" in text


def test_numbered_report_is_not_a_draft(half_year, staff):
    content = compiler.compile_docx(
        staff,
        half_year,
        number="125/BC-SNV",
        issued_on=dt.date(2025, 7, 20),
        signer_name="Nguyễn Văn Nam",
        today=dt.date(2025, 7, 20),
    )
    text = _text(content)
    assert "DỰ THẢO" not in text and "Số: 125/BC-SNV" in text and "ngày 20 tháng 7 năm 2025" in text
    assert "Nguyễn Văn Nam" in text
    assert "PHƯƠNG HƯỚNG" not in text  # no directions given: no empty section


def test_master_is_current(tmp_path):
    build_masters.build_all(tmp_path)
    for name in build_masters.MASTERS:
        fresh = Document(tmp_path / name)
        committed = Document(build_masters.HERE / name)
        assert [p.text for p in fresh.paragraphs] == [p.text for p in committed.paragraphs], (
            f"{name} is out of date: run python -m thidua.reporting.masters.build_masters"
        )
