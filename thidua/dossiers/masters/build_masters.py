"""Build the DOCX master of the consultation letter (công văn lấy ý kiến hiệp y khen thưởng) with the Decree 30/2020
building blocks of `thidua.documents.masters.build_masters` (same page, header, body and signature layout).

Layout of a công văn (NĐ 30/2020/NĐ-CP, Phụ lục I): issuer | Quốc hiệu, tiêu ngữ; "Số:" | địa danh, ngày tháng; the
trích yếu "V/v …" (12–13 pt, upright) under the number; "Kính gửi:"; the body; the nominee table; Nơi nhận and the
signature. Run `python -m thidua.dossiers.masters.build_masters` after changing it; the .docx is committed next to
this script and a test checks it is current. Everything variable is a docxtpl/Jinja tag.
"""

from pathlib import Path

from docx.shared import Pt

from thidua.documents.masters.build_masters import (
    CENTER,
    LEFT,
    TEXT_WIDTH_MM,
    add_run,
    cell_text,
    header_block,
    lines_block,
    list_sections,
    new_document,
    para,
    signature_block,
)

HERE = Path(__file__).resolve().parent


def build_consultation_letter():
    doc = new_document()
    header_block(doc)
    header = doc.tables[-1]
    row = header.add_row()
    cell_text(row.cells[0], "{{ abstract }}", size=12, align=CENTER).paragraph_format.space_before = Pt(4)
    p = para(doc, "", align=CENTER, before=18, after=12)
    add_run(p, "Kính gửi: {{ addressee }}")
    lines_block(doc, "body")
    list_sections(
        doc,
        var="nominee_sections",
        columns=[
            ("STT", "no", 12, CENTER),
            ("Họ và tên / Tên tập thể", "name", 48, LEFT),
            ("Chức vụ, đơn vị công tác", "detail", 55, LEFT),
            ("Hình thức đề nghị", "award", TEXT_WIDTH_MM - 12 - 48 - 55, LEFT),
        ],
    )
    lines_block(doc, "closing")
    signature_block(doc)
    return doc


MASTERS = {"lay_y_kien_hiep_y.docx": build_consultation_letter}


def build_all(target: Path = HERE) -> list[Path]:
    from thidua.documents.masters.build_masters import write_masters

    return write_masters(MASTERS, target)


if __name__ == "__main__":
    for path in build_all():
        print(path)
