"""Decree 30/2020 on a decision of the Chủ tịch UBND tỉnh, signed through the workflow by the chair and by a
vice-chair: the DOCX rendered to PDF by LibreOffice, the web page and the certificate all carry the issuer «ỦY BAN
NHÂN DÂN / TỈNH HƯNG YÊN», the authority line «CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN» and the signature block
«CHỦ TỊCH» — or «KT. CHỦ TỊCH» / «PHÓ CHỦ TỊCH» — and never «TM. ỦY BAN NHÂN DÂN» (that is for acts of the People's
Committee as a body). The province's name comes from the settings."""

import datetime as dt
import re
import subprocess

import pytest
import time_machine
from django.urls import reverse

from tests.documents.docx_helpers import needs_libreoffice, to_pdf
from tests.factories import PersonFactory, UserFactory
from thidua.core.roles import Role
from thidua.documents import rendering
from thidua.documents import services as documents
from thidua.dossiers import services
from thidua.dossiers.models import Dossier, Nomination

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 2, 5)


@pytest.fixture
def leader(province):
    return UserFactory(username="lanhdao", role=Role.LEADER, unit=province)


def _signed(unit_a, leader, *, title, capacity, name, bk):
    """A dossier of unit A with one Bằng khen nomination, taken to a signed decision."""
    dossier = Dossier.objects.create(unit=unit_a, title=f"Đề nghị tặng Bằng khen ({name})", year=2025,
                                     state=Dossier.State.FOR_DECISION)
    person = PersonFactory(unit=unit_a, full_name="Nguyễn Thị Ánh", gender="female", position="Giáo viên")
    Nomination.objects.create(dossier=dossier, person=person, award_type=bk, appraisal="accepted",
                              achievement_summary="Hòan thành xuất sắc nhiệm vụ năm 2025")
    with time_machine.travel(dt.datetime(2026, 2, 5, 9, 0), tick=False):
        return services.decide(leader, dossier, signed_on=DAY, signer_name=name, signer_title=title,
                               signer_capacity=capacity,
                               summary="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")


@pytest.fixture
def bk():
    from thidua.awards.models import AwardType

    return AwardType.objects.get(code="BK_TINH")


@pytest.fixture
def by_chair(unit_a, leader, bk):
    return _signed(unit_a, leader, title="Chủ tịch", capacity="head", name="Phạm Quang Ngọc", bk=bk)


@pytest.fixture
def by_vice_chair(unit_a, leader, bk):
    return _signed(unit_a, leader, title="Phó Chủ tịch", capacity="deputy", name="Nguyễn Lê Huy", bk=bk)


def _pdf_lines(decision, tmp_path) -> list[str]:
    data = rendering.decision_docx(documents.decision_document(decision.dossier))
    pdf = to_pdf(data, tmp_path, "quyet_dinh.docx")
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    # the layout keeps the two header columns on one line: split them at runs of spaces
    return [part.strip() for line in text.splitlines() for part in re.split(r"\s{3,}", line) if part.strip()]


def _after(lines, first, *following):
    """`following` appear in order after the first line equal to `first`, each as a whole line."""
    i = lines.index(first)
    for wanted in following:
        i = lines.index(wanted, i + 1)
    return True


@needs_libreoffice
def test_pdf_of_a_decision_signed_by_the_chair(by_chair, tmp_path):
    lines = _pdf_lines(by_chair, tmp_path)
    assert by_chair.number == "01/QĐ-UBND"
    assert _after(lines, "ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN")
    assert "Số: 01/QĐ-UBND" in lines
    assert _after(lines, "QUYẾT ĐỊNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN", "QUYẾT ĐỊNH:")
    assert _after(lines, "Nơi nhận:", "CHỦ TỊCH", "Phạm Quang Ngọc")
    assert not any("TM." in line or "KT." in line for line in lines)


@needs_libreoffice
def test_pdf_of_a_decision_signed_by_a_vice_chair(by_vice_chair, tmp_path):
    lines = _pdf_lines(by_vice_chair, tmp_path)
    assert _after(lines, "ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN")
    assert _after(lines, "QUYẾT ĐỊNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN", "QUYẾT ĐỊNH:")
    assert _after(lines, "Nơi nhận:", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Lê Huy")
    assert not any("TM." in line for line in lines)


def test_province_name_comes_from_the_settings(settings, unit_a, leader, bk):
    settings.THIDUA_PROVINCE_NAME = "Thái Bình"
    decision = _signed(unit_a, leader, title="Phó Chủ tịch", capacity="deputy", name="Nguyễn Lê Huy", bk=bk)
    doc = documents.decision_document(decision.dossier)
    assert doc.header.issuer.lines == ("ỦY BAN NHÂN DÂN", "TỈNH THÁI BÌNH")
    assert doc.authority == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH"
    assert doc.header.place_date.startswith("Thái Bình, ngày 05 tháng 02 năm 2026")
    assert (doc.signer.authority, doc.signer.position, doc.signer.name) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                                                                            "Nguyễn Lê Huy")


def test_web_page_shows_the_same_header_authority_and_signature(by_vice_chair, client, leader):
    client.force_login(leader)
    html = client.get(reverse("dossiers:decision", args=[by_vice_chair.dossier_id])).content.decode()
    header = html[html.index("data-issuer"):html.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]
    assert "ỦY BAN NHÂN DÂN</div>" in header and "TỈNH HƯNG YÊN</div>" in header
    authority = html[html.index("data-authority"):]
    assert authority.split("</p>")[0].endswith("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN")
    signature = html[html.index("data-signature"):].split("</div></div></div>")[0] + "</div>"
    assert re.findall(r"<div[^>]*>([^<]+)</div>", signature) == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Lê Huy"]
    assert "TM. ỦY BAN NHÂN DÂN" not in html


def test_certificate_carries_the_signers_real_title(by_chair, by_vice_chair):
    from thidua.awards.models import Award

    chair_award = Award.objects.get(decision_number=by_chair.number)
    vice_award = Award.objects.get(decision_number=by_vice_chair.number)
    [chair, vice] = documents.certificates_for(Award.objects.filter(pk__in=[chair_award.pk, vice_award.pk])
                                               .select_related("award_type", "person", "unit").order_by("pk"))
    assert chair.authority == vice.authority == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN"
    assert (chair.signer.authority, chair.signer.position, chair.signer.name) == ("", "CHỦ TỊCH", "Phạm Quang Ngọc")
    assert (vice.signer.authority, vice.signer.position, vice.signer.name) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                                                                               "Nguyễn Lê Huy")
    assert chair_award.decision_issuer == "Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên"
