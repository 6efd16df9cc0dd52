"""The generated DOCX opens in LibreOffice, and its first page shows the Decree 30 header layout: issuer top-left,
Quốc hiệu top-right, the number under the issuer, place and date on the right under the tiêu ngữ."""

import subprocess

import pytest

from tests.documents import samples
from tests.documents.docx_helpers import find_phrase, needs_libreoffice, to_pdf, words_on_page
from tests.system import needs
from thidua.documents import rendering

pytestmark = needs_libreoffice

MM = 72 / 25.4  # PDF points per millimetre


def centre(box):
    return (box[0] + box[2]) / 2


@pytest.fixture(scope="module")
def decision_pdf(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("decision")
    return to_pdf(rendering.decision_docx(samples.decision()), workdir, "quyet_dinh.docx")


def test_first_page_has_the_decree30_header_layout(decision_pdf):
    words, width, height = words_on_page(decision_pdf, 1)
    assert (round(width / MM), round(height / MM)) == (210, 297)  # A4 portrait
    issuer = find_phrase(words, "ỦY BAN NHÂN DÂN")
    province = find_phrase(words, "TỈNH HƯNG YÊN")
    nation = find_phrase(words, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = find_phrase(words, "Độc lập - Tự do - Hạnh phúc")
    number = find_phrase(words, "Số: 12/QĐ-UBND")
    date_line = find_phrase(words, "Hưng Yên, ngày 05 tháng 02 năm 2025")
    title = find_phrase(words, "QUYẾT ĐỊNH")

    # issuer top-left, Quốc hiệu top-right, on the same first line
    assert centre(issuer) < width / 2 < centre(nation)
    assert abs(issuer[1] - nation[1]) < 4
    assert issuer[1] < 30 * MM  # at the top margin (20 mm) of the page
    # the issuer's second line and the number under it, in the left column
    assert issuer[1] < province[1] < number[1]
    assert centre(province) < width / 2 and centre(number) < width / 2
    assert abs(centre(number) - centre(issuer)) < 15 * MM
    # tiêu ngữ under the Quốc hiệu, place/date under the tiêu ngữ, right column
    assert nation[1] < motto[1] < date_line[1]
    assert centre(motto) > width / 2 and centre(date_line) > width / 2
    assert abs(number[1] - date_line[1]) < 6  # number and date share a line
    # then the title, centred on the text block (left margin 30 mm, right 15 mm)
    assert title[1] > date_line[1]
    text_centre = (30 * MM + width - 15 * MM) / 2
    assert abs(centre(title) - text_centre) < 10 * MM
    # body text starts at the 30 mm left margin
    recipients = find_phrase(words, "Nơi nhận:")
    assert 29 * MM < recipients[0] < 35 * MM
    # no page number on the first page
    assert not any(w[0] == "1" and w[2] < issuer[1] for w in words)


def test_reading_order_and_later_pages(decision_pdf):
    text = subprocess.run(["pdftotext", "-layout", str(decision_pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    order = ["ỦY BAN NHÂN DÂN", "Số: 12/QĐ-UBND", "QUYẾT ĐỊNH", "Căn cứ Luật Thi đua", "QUYẾT ĐỊNH:", "Điều 1.",
             "Nơi nhận:", "Trần Quốc Văn", "DANH SÁCH", "Nguyễn Văn An", "Trần Thị Bình"]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    page2 = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(decision_pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    assert page2.lstrip().startswith("2")  # page numbers from page 2, top centre
    assert "DANH SÁCH" in page2


@needs("poppler")
def test_first_page_renders_to_png(decision_pdf):
    out = decision_pdf.with_name("trang1")
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(decision_pdf), str(out)],
                   check=True)
    png = out.with_suffix(".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000


@pytest.mark.parametrize("kind", ["proposal", "minutes"])
def test_proposal_and_minutes_open_in_libreoffice(kind, tmp_path):
    data = rendering.proposal_docx(samples.proposal()) if kind == "proposal" else rendering.minutes_docx(samples.minutes())
    pdf = to_pdf(data, tmp_path, f"{kind}.docx")
    words, width, _ = words_on_page(pdf, 1)
    nation = find_phrase(words, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    issuer = find_phrase(words, "SỞ NỘI VỤ" if kind == "proposal" else "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG")
    assert centre(issuer) < width / 2 < centre(nation)
    find_phrase(words, "TỜ TRÌNH" if kind == "proposal" else "BIÊN BẢN")
