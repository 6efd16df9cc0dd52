"""Generated DOCX: Decree 30 header, number, date line, signature block, annex in Vietnamese order; the masters
are reproducible from build_masters.py."""

import zipfile

from tests.documents import samples
from tests.documents.docx_helpers import body_lines, cell_lines, open_docx
from thidua.documents import rendering
from thidua.documents.masters import build_masters


def test_decision_header_number_date_and_signature():
    d = open_docx(rendering.decision_docx(samples.decision()))
    header = d.tables[0]
    assert cell_lines(header.cell(0, 0)) == ["ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN"]
    assert cell_lines(header.cell(0, 1)) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert cell_lines(header.cell(1, 0)) == ["Số: 12/QĐ-UBND"]
    assert cell_lines(header.cell(1, 1)) == ["Hưng Yên, ngày 05 tháng 02 năm 2025"]
    lines = body_lines(d)
    assert lines[:3] == ["QUYẾT ĐỊNH", "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                         "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN"]
    assert lines[3] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
    assert lines[5].endswith("tháng 01 năm 2025.")
    assert lines[6] == "QUYẾT ĐỊNH:"
    assert lines[7].startswith("Điều 1. Tặng Bằng khen")
    signature = d.tables[1]
    assert cell_lines(signature.cell(0, 0)) == ["Nơi nhận:", "- Như Điều 3;", "- Chủ tịch, các PCT UBND tỉnh;",
                                                "- Lưu: VT, NC."]
    assert cell_lines(signature.cell(0, 1)) == ["CHỦ TỊCH", "Trần Quốc Văn"]
    assert "{{" not in "\n".join(lines) and "{%" not in "\n".join(lines)


def test_decree30_typography_in_the_output():
    d = open_docx(rendering.decision_docx(samples.decision()))
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4 portrait
    mm = {k: round(getattr(section, f"{k}_margin").mm, 1) for k in ("top", "bottom", "left", "right")}
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25, mm
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20, mm
    assert d.styles["Normal"].font.name == "Times New Roman"
    assert section.different_first_page_header_footer  # page number hidden on page 1
    header = d.tables[0]
    nation, motto = header.cell(0, 1).paragraphs[:2]
    assert all(r.bold for r in nation.runs) and 12 <= nation.runs[0].font.size.pt <= 13
    assert all(r.bold and r.underline for r in motto.runs) and 13 <= motto.runs[0].font.size.pt <= 14
    issuer = [p for p in header.cell(0, 0).paragraphs if p.text == "ỦY BAN NHÂN DÂN"][0]
    assert issuer.runs[0].bold
    date_line = [p for p in header.cell(1, 1).paragraphs if p.text][0]
    assert date_line.runs[0].italic
    bases = [p for p in d.paragraphs if p.text.startswith("Căn cứ")]
    assert bases and all(r.italic for p in bases for r in p.runs)


def test_annex_lists_people_in_vietnamese_order():
    d = open_docx(rendering.decision_docx(samples.decision()))
    lines = body_lines(d)
    assert "DANH SÁCH" in lines
    assert "(Kèm theo Quyết định số 12/QĐ-UBND ngày 05 tháng 02 năm 2025 của Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên)" in lines
    collectives, individuals = d.tables[2], d.tables[3]
    assert [c.text for c in collectives.rows[0].cells] == ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị công tác"]
    assert collectives.rows[1].cells[1].text == "Phòng Tổ chức cán bộ, Sở Giáo dục và Đào tạo"
    names = [row.cells[1].text.split(" ", 1)[1] for row in individuals.rows[1:]]
    assert names == samples.EXPECTED_ORDER
    assert [row.cells[0].text for row in individuals.rows[1:]] == ["1", "2", "3", "4", "5", "6"]
    # '&' and '<' in the data are escaped, not breaking the XML
    assert "Giám đốc Công ty Cổ phần May & Thời trang <Hưng Yên>" in [r.cells[2].text for r in individuals.rows]


def test_other_province_and_unsigned_draft():
    d = open_docx(rendering.decision_docx(samples.decision("Thái Bình", number="", day=None)))
    header = d.tables[0]
    assert cell_lines(header.cell(0, 0)) == ["ỦY BAN NHÂN DÂN", "TỈNH THÁI BÌNH"]
    assert cell_lines(header.cell(1, 0))[0].replace(" ", "") == "Số:/QĐ-UBND"
    assert cell_lines(header.cell(1, 1))[0].startswith("Thái Bình, ngày ")
    assert "Hưng Yên" not in "\n".join(body_lines(d)[:6])


def test_decision_without_annex_has_no_list_page():
    doc = samples.decision()
    doc.entries = []
    d = open_docx(rendering.decision_docx(doc))
    assert "DANH SÁCH" not in body_lines(d)
    assert len(d.tables) == 2


def test_proposal_has_issuer_under_its_parent_body_and_summary():
    d = open_docx(rendering.proposal_docx(samples.proposal()))
    header = d.tables[0]
    assert cell_lines(header.cell(0, 0)) == ["UBND TỈNH HƯNG YÊN", "SỞ NỘI VỤ"]
    assert cell_lines(header.cell(1, 0)) == ["Số: 25/TTr-SNV"]
    lines = body_lines(d)
    assert lines[:3] == ["TỜ TRÌNH", "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
                         "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên"]
    summary = d.tables[1]
    assert [c.text for c in summary.rows[1].cells] == ["1", samples.BK, "1", "6"]
    assert [c.text for c in summary.rows[2].cells] == ["", "Tổng cộng", "1", "6"]
    assert cell_lines(d.tables[2].cell(0, 1)) == ["GIÁM ĐỐC", "Nguyễn Thị Hương"]


def test_minutes_tally_and_two_signatures():
    d = open_docx(rendering.minutes_docx(samples.minutes()))
    assert cell_lines(d.tables[0].cell(0, 0)) == ["UBND TỈNH HƯNG YÊN", "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"]
    assert cell_lines(d.tables[0].cell(1, 0)) == ["Số: 03/BB-HĐTĐKT"]
    tally = d.tables[1]
    assert [c.text for c in tally.rows[1].cells] == ["1", "Nguyễn Văn An", samples.BK, "6/12", "50,0%", "Không đạt"]
    assert [c.text for c in tally.rows[2].cells] == ["2", "Vũ Đức Bảo", samples.BK, "—", "—", "Chưa kiểm phiếu"]
    assert [c.text for c in tally.rows[3].cells] == ["3", "Trần Thị Bình", samples.BK, "12/13", "92,3%", "Đạt"]
    lines = body_lines(d)
    assert any("không tham gia biểu quyết" in line for line in lines)
    signatures = d.tables[2]
    assert cell_lines(signatures.cell(0, 0)) == ["THƯ KÝ", "Đỗ Minh Tuấn"]
    assert cell_lines(signatures.cell(0, 1)) == ["CHỦ TỌA", "Trần Quốc Văn"]


def test_masters_are_reproducible_from_the_build_script(tmp_path):
    build_masters.build_all(tmp_path)
    for name in build_masters.MASTERS:
        with zipfile.ZipFile(tmp_path / name) as fresh, zipfile.ZipFile(rendering.MASTERS_DIR / name) as committed:
            assert fresh.read("word/document.xml") == committed.read("word/document.xml"), (
                f"{name} is out of date: run python -m thidua.documents.masters.build_masters")


def test_annex_xlsx_has_the_same_order():
    from python_calamine import CalamineWorkbook

    data = rendering.list_xlsx(samples.entries(), title="DANH SÁCH", reference="(Kèm theo Quyết định số 12/QĐ-UBND)")
    rows = CalamineWorkbook.from_filelike(__import__("io").BytesIO(data)).get_sheet_by_name("Danh sách").to_python()
    individuals = [r[1].split(" ", 1)[1] for r in rows if r and isinstance(r[0], (int, float)) and r[0] != ""
                   and r[1].startswith(("Ông", "Bà"))]
    assert individuals == samples.EXPECTED_ORDER
    assert rows[0][0] == "DANH SÁCH"
