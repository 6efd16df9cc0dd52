"""Document pages and downloads: scoped (another unit gets 404), DOCX/XLSX/PDF content, drafts for the province."""

import io
import re
import subprocess

import pytest

from tests.documents.docx_helpers import body_lines, cell_lines, open_docx
from tests.system import available, needs

pytestmark = pytest.mark.django_db


def url(dossier, what):
    return f"/van-ban/ho-so/{dossier.pk}/{what}"


def test_decision_docx_from_the_database(client_a, decided_a):
    response = client_a.get(url(decided_a.dossier, "quyet-dinh.docx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    d = open_docx(response.content)
    header = d.tables[0]
    assert cell_lines(header.cell(0, 0)) == ["ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN"]
    assert cell_lines(header.cell(1, 0)) == ["Số: 05/QĐ-UBND"]
    assert cell_lines(header.cell(1, 1)) == ["Hưng Yên, ngày 04 tháng 3 năm 2025"]
    lines = body_lines(d)
    assert lines[0] == "QUYẾT ĐỊNH" and lines[2] == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN"
    assert any(line.startswith("Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể và 03 cá nhân")
               for line in lines)
    assert cell_lines(d.tables[1].cell(0, 1)) == ["CHỦ TỊCH", "Trần Quốc Văn"]  # the chair's own power: no TM.
    individuals = d.tables[3]
    assert [r.cells[1].text for r in individuals.rows[1:]] == ["Ông Nguyễn Văn An", "Bà Lê Thị Ánh", "Bà Trần Thị Bình"]
    assert individuals.rows[1].cells[2].text == "Giáo viên, Trường THPT Chuyên Hưng Yên"
    assert d.tables[2].rows[1].cells[1].text == "Phòng Giáo dục trung học"


def test_vice_chair_signs_for_the_chair(client_a, dossier_a):
    from tests.documents.conftest import sign

    sign(dossier_a, list(dossier_a.nominations.all()), title="Phó Chủ tịch", name="Nguyễn Lê Huy")
    d = open_docx(client_a.get(url(dossier_a, "quyet-dinh.docx")).content)
    assert cell_lines(d.tables[1].cell(0, 1)) == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Lê Huy"]


def test_another_unit_gets_404_everywhere(client_b, decided_a):
    dossier = decided_a.dossier
    for what in ("", "quyet-dinh.docx", "danh-sach.xlsx", "bang-khen.pdf", "to-trinh.docx"):
        assert client_b.get(url(dossier, what)).status_code == 404, what
    assert client_b.post(url(dossier, "cong-khai/")).status_code == 404
    award = dossier.nominations.first().award
    assert client_b.get(f"/van-ban/khen-thuong/{award.pk}/bang-khen.pdf").status_code == 404


def test_drafts_and_proposal_are_for_the_unit_only_after_signing(officer_a, staff_client, dossier_a):
    from django.test import Client

    client_a = Client()
    client_a.force_login(officer_a)
    assert client_a.get(url(dossier_a, "quyet-dinh.docx")).status_code == 403
    assert client_a.get(url(dossier_a, "to-trinh.docx")).status_code == 403
    draft = open_docx(staff_client.get(url(dossier_a, "quyet-dinh.docx")).content)
    assert cell_lines(draft.tables[0].cell(1, 0))[0].replace(" ", "") == "Số:/QĐ-UBND"
    proposal = open_docx(staff_client.get(url(dossier_a, "to-trinh.docx")).content)
    assert cell_lines(proposal.tables[0].cell(0, 0)) == ["UBND TỈNH HƯNG YÊN", "SỞ NỘI VỤ"]
    assert "TỜ TRÌNH" in body_lines(proposal)
    summary = proposal.tables[1]
    assert [c.text for c in summary.rows[1].cells] == ["1", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "1", "3"]


def test_documents_page_lists_the_annex(client_a, decided_a):
    response = client_a.get(url(decided_a.dossier, ""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "05/QĐ-UBND" in html and "Nguyễn Văn An" in html
    assert html.index("Nguyễn Văn An") < html.index("Lê Thị Ánh") < html.index("Trần Thị Bình")
    assert "Tờ trình (DOCX)" not in html  # the unit does not get the province's internal papers


def test_index_lists_visible_decisions(client_a, decided_a):
    assert "05/QĐ-UBND" in client_a.get("/van-ban/").content.decode()


def test_index_hides_other_units_decisions(client_b, decided_a):
    assert "05/QĐ-UBND" not in client_b.get("/van-ban/").content.decode()


def test_annex_xlsx(client_a, decided_a):
    from python_calamine import CalamineWorkbook

    response = client_a.get(url(decided_a.dossier, "danh-sach.xlsx"))
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_name("Danh sách").to_python()
    names = [r[1] for r in rows if len(r) > 1 and r[1] and r[1].startswith(("Ông", "Bà"))]
    assert names == ["Ông Nguyễn Văn An", "Bà Lê Thị Ánh", "Bà Trần Thị Bình"]
    assert "05/QĐ-UBND" in rows[1][0]


@needs("pango")
def test_certificates_of_a_decision_in_one_pdf(client_a, decided_a):
    from thidua.documents.models import Certificate

    response = client_a.get(url(decided_a.dossier, "bang-khen.pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert Certificate.objects.count() == 4
    if available("poppler"):
        info = subprocess.run(["pdfinfo", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
        assert re.search(r"Pages:\s+4\n", info), info
    if available("poppler"):
        text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True,
                              check=True).stdout.decode()
        for code in Certificate.objects.values_list("code", flat=True):
            assert code in text
        assert "Trần Quốc Văn" in text and "BẰNG KHEN" in text


def test_minutes_only_for_the_council_side(officer_a, staff_client, session):
    from django.test import Client

    client_a = Client()
    client_a.force_login(officer_a)
    assert client_a.get(f"/van-ban/phien-hop/{session.pk}/bien-ban.docx").status_code == 404
    response = staff_client.get(f"/van-ban/phien-hop/{session.pk}/bien-ban.docx")
    assert response.status_code == 200
    d = open_docx(response.content)
    assert cell_lines(d.tables[0].cell(0, 0)) == ["UBND TỈNH HƯNG YÊN", "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"]
    tally = d.tables[1]
    assert [c.text for c in tally.rows[1].cells][1:] == ["Nguyễn Văn An", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                                                         "8/10", "80,0%", "Đạt"]
    lines = body_lines(d)
    assert "Số thành viên có mặt: 9/10." in lines
    assert any("Ủy viên 3 không tham gia biểu quyết đối với Nguyễn Văn An" in line for line in lines)
    assert cell_lines(d.tables[2].cell(0, 1)) == ["CHỦ TỌA", "Ủy viên 0"]


@pytest.fixture
def session(dossier_a, province):
    import datetime as dt

    from tests.factories import UnitFactory
    from thidua.dossiers.models import Attendance, Ballot, Council, CouncilMember, CouncilSession, Recusal

    council = Council.objects.create(name="Hội đồng Thi đua - Khen thưởng tỉnh", unit=province)
    members = [CouncilMember.objects.create(council=council, full_name=f"Ủy viên {i}", unit=UnitFactory(parent=province))
               for i in range(10)]
    s = CouncilSession.objects.create(council=council, title="Phiên họp xét khen thưởng năm 2024",
                                      held_on=dt.date(2025, 2, 20), place="Sở Nội vụ", chair=members[0],
                                      members_total=10, state="closed")
    for i, m in enumerate(members):
        Attendance.objects.create(session=s, member=m, present=i != 9, note="đi công tác" if i == 9 else "")
    nomination = dossier_a.nominations.get(person__full_name="Nguyễn Văn An")
    ballot = Ballot.objects.create(session=s, nomination=nomination, state="closed", members_total=10, votes_yes=8,
                                   votes_no=0, passed=True)
    Recusal.objects.create(ballot=ballot, member=members[3], reason="cùng đơn vị")
    return s


def test_documents_gather_in_a_fixed_number_of_queries(decided_a, django_assert_max_num_queries):
    from tests.documents.conftest import nominate
    from tests.factories import PersonFactory
    from thidua.documents import services

    dossier = decided_a.dossier
    for _ in range(20):
        n = nominate(dossier, decided_a.nominations.first().award_type, person=PersonFactory(unit=dossier.unit))
        n.decision = decided_a
        n.save()
    with django_assert_max_num_queries(3):
        doc = services.decision_document(dossier)
    assert len(doc.entries) == 24
    with django_assert_max_num_queries(6):
        services.proposal_document(dossier)
