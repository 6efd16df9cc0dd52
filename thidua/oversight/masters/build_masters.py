"""Build the DOCX master of the inspection conclusion notice (Thông báo kết luận kiểm tra công tác thi đua, khen
thưởng) with the Decree 30/2020 building blocks of `thidua.documents.masters.build_masters` (same page, header,
title, body and signature layout as the documents app's masters).

Run `python -m thidua.oversight.masters.build_masters` after changing the layout; the generated .docx is committed
next to this script and a test checks it is current. Everything variable is a docxtpl/Jinja tag.
"""

from pathlib import Path

from thidua.documents.masters.build_masters import (
    CENTER,
    LEFT,
    TEXT_WIDTH_MM,
    header_block,
    lines_block,
    list_sections,
    new_document,
    para,
    signature_block,
    tag,
    title_block,
    write_masters,
)

HERE = Path(__file__).resolve().parent


def build_conclusion_notice():
    """Thông báo kết luận kiểm tra: header, 'DỰ THẢO' while unnumbered, title, the inspection (plan, decision,
    time, team), what was inspected, the conclusion, the findings table (what, recommendation, who, by when), the
    follow-up paragraph, Nơi nhận and signature."""
    doc = new_document()
    header_block(doc)
    tag(doc, "{%p if draft %}")
    para(doc, "DỰ THẢO", bold=True, align=CENTER, before=6)
    tag(doc, "{%p endif %}")
    title_block(doc)
    lines_block(doc, "intro")
    para(doc, "I. NỘI DUNG KIỂM TRA", bold=True, before=6, after=6, keep_next=True)
    lines_block(doc, "content")
    para(doc, "II. KẾT LUẬN", bold=True, before=6, after=6, keep_next=True)
    lines_block(doc, "conclusion")
    para(doc, "III. TỒN TẠI, HẠN CHẾ VÀ KIẾN NGHỊ KHẮC PHỤC", bold=True, before=6, after=6, keep_next=True)
    lines_block(doc, "findings_intro")
    list_sections(doc, var="finding_sections", columns=[
        ("STT", "no", 14, CENTER),
        ("Tồn tại, hạn chế", "description", 50, LEFT),
        ("Kiến nghị, yêu cầu khắc phục", "recommendation", 46, LEFT),
        ("Đơn vị thực hiện", "unit", 30, LEFT),
        ("Hạn khắc phục", "due", TEXT_WIDTH_MM - 14 - 50 - 46 - 30, CENTER),
    ])
    para(doc, "IV. TỔ CHỨC THỰC HIỆN", bold=True, before=6, after=6, keep_next=True)
    lines_block(doc, "closing")
    signature_block(doc)
    return doc


MASTERS = {"thong_bao_ket_luan.docx": build_conclusion_notice}


def build_all(target: Path = HERE) -> list[Path]:
    return write_masters(MASTERS, target)


if __name__ == "__main__":
    for path in build_all():
        print(path)
