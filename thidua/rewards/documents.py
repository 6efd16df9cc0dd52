"""The annexed list of a decision with every awardee's bonus and the total, as DOCX (python-docx; Times New
Roman 13, the Decree 30/2020 list layout: heading, reference to the decision, numbered table)."""

from __future__ import annotations

import io

from thidua.awards.bonus import price_annex
from thidua.core.text import person_sort_key, sort_key


def _vnd(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _multiple(value) -> str:
    return f"{value:g}".replace(".", ",")


def annex_rows(decision):
    """[(name, detail, award name, answer)] in the annex order (collectives first, then people, Vietnamese order)."""
    from thidua.rewards.services import decision_awards

    awards = list(decision_awards(decision).select_related("person__unit"))
    kinds = {"village": "collective"}
    priced = price_annex(((a.pk, a.award_type.code, kinds.get(a.recipient_kind, a.recipient_kind)) for a in awards),
                         decision.signed_on)
    rows = []
    for a in awards:
        if a.person_id:
            detail = ", ".join(x for x in (a.person.position, a.person.unit.name if a.person.unit else "") if x)
            order = (1, person_sort_key(a.person.full_name))
        else:
            detail = a.unit.parent.name if a.unit and a.unit.parent_id else ""
            order = (0, sort_key(a.recipient_name))
        rows.append((order, a.recipient_name, detail, a.award_type.name, priced.answers[a.pk]))
    rows.sort(key=lambda r: r[0])
    return [r[1:] for r in rows], priced


def annex_file(user, decision) -> tuple[bytes, str]:
    """The annex with amounts as the page and the API hand it out: (DOCX, file name), recorded as an export."""
    from django.utils.translation import gettext as _

    from thidua.core.audit import record
    from thidua.rewards.exports import file_part

    data = annex_with_amounts_docx(decision)
    record(decision, "export", user=user, note=_("Tải danh sách kèm theo có tiền thưởng (DOCX)"))
    return data, f"danh-sach-tien-thuong-{file_part(decision.number)}.docx"


def annex_with_amounts_docx(decision) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    rows, priced = annex_rows(decision)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin, section.top_margin, section.bottom_margin = Mm(30), Mm(15), Mm(20), Mm(20)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)

    def para(text, *, bold=False, italic=False, center=True, size=13):
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    para("DANH SÁCH", bold=True)
    para("CÁC TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG VÀ MỨC TIỀN THƯỞNG", bold=True)
    para(f"(Kèm theo Quyết định số {decision.number} ngày {decision.signed_on:%d/%m/%Y})", italic=True)
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Hình thức",
                                                 "Hệ số", "Tiền thưởng (đồng)"], strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for i, (name, detail, award, answer) in enumerate(rows, start=1):
        cells = table.add_row().cells
        priced_ok = "error" not in answer
        values = [str(i), name, detail, award, _multiple(answer["multiple"]) if priced_ok else "—",
                  (_vnd(answer["amount"]) + ("*" if answer["unconfirmed"] else "")) if priced_ok else "chưa tính được"]
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    total = table.add_row().cells
    total[0].merge(total[4]).text = ""
    total[0].paragraphs[0].add_run("Tổng cộng").bold = True
    total[5].text = ""
    total[5].paragraphs[0].add_run(_vnd(priced.total)).bold = True
    para("Mức tiền thưởng = hệ số × mức lương cơ sở tại ngày ký quyết định, làm tròn lên bội số của 10.000 đồng "
         "(Điều 49 – Điều 54 Nghị định số 152/2025/NĐ-CP); hộ gia đình bằng 1,5 lần mức của cá nhân."
         + (" (*) Mức chưa được xác nhận trong văn bản gốc." if priced.unconfirmed else ""),
         italic=True, center=False, size=11)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
