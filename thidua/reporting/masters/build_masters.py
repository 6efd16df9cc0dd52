"""Build the DOCX master of the province's periodic report (Báo cáo sơ kết / tổng kết công tác thi đua, khen
thưởng) with the Decree 30/2020 building blocks of `thidua.documents.masters.build_masters` (same page, header,
title, body and signature layout as the documents app's masters).

Run `python -m thidua.reporting.masters.build_masters` after changing the layout; the generated .docx is committed
next to this script and a test checks it is current. Everything variable is a docxtpl/Jinja tag, section headings
included (their Roman numbers depend on which sections the report has).
"""

from pathlib import Path

from thidua.documents.masters.build_masters import (
    CENTER,
    LEFT,
    TEXT_WIDTH_MM,
    add_run,
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


def _heading(doc, var):
    tag(doc, f"{{%p if {var} %}}")
    para(doc, f"{{{{ {var} }}}}", bold=True, before=6, after=6, keep_next=True)
    tag(doc, "{%p endif %}")


def build_periodic_report():
    """Báo cáo: header, «DỰ THẢO» while unnumbered, title, Kính gửi, introduction; the statistics of the period
    (one table per group of indicators); how the units reported (a table of units: date sent, on time or late,
    missing); the totals of the units' figures and their remarks; directions; Nơi nhận and signature."""
    doc = new_document()
    header_block(doc)
    tag(doc, "{%p if draft %}")
    para(doc, "DỰ THẢO", bold=True, align=CENTER, before=6)
    tag(doc, "{%p endif %}")
    title_block(doc)
    p = para(doc, "", align=CENTER, after=12)
    add_run(p, "Kính gửi: {{ addressee }}")
    lines_block(doc, "intro")

    _heading(doc, "stats_heading")
    list_sections(
        doc,
        var="stat_sections",
        columns=[
            ("STT", "no", 14, CENTER),
            ("Chỉ tiêu", "label", 115, LEFT),
            ("Số liệu", "value", TEXT_WIDTH_MM - 14 - 115, CENTER),
        ],
    )

    _heading(doc, "units_heading")
    lines_block(doc, "units_intro")
    list_sections(
        doc,
        var="unit_sections",
        columns=[
            ("STT", "no", 14, CENTER),
            ("Cơ quan, đơn vị, địa phương", "name", 80, LEFT),
            ("Ngày gửi", "sent", 30, CENTER),
            ("Tình trạng", "state", TEXT_WIDTH_MM - 14 - 80 - 30, LEFT),
        ],
    )

    _heading(doc, "figures_heading")
    list_sections(
        doc,
        var="figure_sections",
        columns=[
            ("STT", "no", 14, CENTER),
            ("Chỉ tiêu", "label", 95, LEFT),
            ("Tổng số", "total", 28, CENTER),
            ("Số đơn vị báo cáo", "units", TEXT_WIDTH_MM - 14 - 95 - 28, CENTER),
        ],
    )
    tag(doc, "{%p for t in text_fields %}")
    para(doc, "{{ t.label }}", italic=True, before=6, after=3, keep_next=True)
    tag(doc, "{%p for line in t.lines %}")
    para(doc, "- {{ line }}", align=LEFT, after=3)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    _heading(doc, "directions_heading")
    lines_block(doc, "directions")
    signature_block(doc)
    return doc


MASTERS = {"bao_cao_dinh_ky.docx": build_periodic_report}


def build_all(target: Path = HERE) -> list[Path]:
    return write_masters(MASTERS, target)


if __name__ == "__main__":
    for path in build_all():
        print(path)
