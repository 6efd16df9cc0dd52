"""Build the DOCX masters (Decree 30/2020 layout) that `thidua.documents.docx` renders with docxtpl.

Run `python -m thidua.documents.masters.build_masters` after changing the layout; the generated .docx files are
committed next to this script so the layout is reproducible and reviewable (and a test checks they are current).

Layout (NĐ 30/2020/NĐ-CP, Phụ lục I; LAW-RESEARCH.md §10): A4 portrait, margins top/bottom 20 mm, left 30 mm,
right 15 mm; Times New Roman; Quốc hiệu upper-case bold 12–13 pt top right; tiêu ngữ bold 13–14 pt underlined;
issuer upper-case bold 12–13 pt top left with a short line under it (cơ quan chủ quản, when there is one, upright
above it); "Số:" 13 pt under the issuer; place and date 13–14 pt italic under the tiêu ngữ; tên loại bold upper
case and trích yếu bold, centred; căn cứ italic; body justified with a first-line indent; "Nơi nhận:" 12 pt bold
italic with 11 pt entries; signature block bold; page numbers top centre, hidden on page 1.

Everything variable (issuer, province, number, date, signer, recipients, lists) is a docxtpl/Jinja tag: the
masters hold no province, issuer or person.
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
BODY_PT = 14
TEXT_WIDTH_MM = 210 - 30 - 15  # A4 width minus left and right margins

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT


# ---------------------------------------------------------------- low-level helpers
def _set_run_fonts(rpr_parent, name=FONT):
    """Times New Roman for every script slot (ASCII, Vietnamese/complex, East Asian)."""
    if hasattr(rpr_parent, "get_or_add_rPr"):
        rpr = rpr_parent.get_or_add_rPr()
    else:  # w:rPrDefault
        rpr = rpr_parent.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_parent.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), name)


def new_document():
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_run_fonts(normal.element)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0
    # Document defaults too, so table cells and LibreOffice's own styles pick Times New Roman.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None:
        _set_run_fonts(rpr_default)
    for style_name in ("Table Grid",):
        style = doc.styles[style_name]
        style.font.name = FONT
        _set_run_fonts(style.element)

    # Page numbers: top centre, Arabic, not on the first page.
    section.different_first_page_header_footer = True
    header_p = section.header.paragraphs[0]
    header_p.alignment = CENTER
    _page_field(header_p)
    return doc


def _page_field(paragraph):
    run = paragraph.add_run()
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text.strip() == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def para(container, text="", *, size=BODY_PT, bold=False, italic=False, underline=False, align=LEFT,
         before=0, after=0, indent_first=None, keep_next=False, page_break_before=False, line_spacing=None):
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line_spacing:
        fmt.line_spacing = line_spacing
    if indent_first is not None:
        fmt.first_line_indent = indent_first
    if keep_next:
        fmt.keep_with_next = True
    if page_break_before:
        fmt.page_break_before = True
    if text:
        add_run(p, text, size=size, bold=bold, italic=italic, underline=underline)
    return p


def add_run(p, text, *, size=BODY_PT, bold=False, italic=False, underline=False):
    run = p.add_run(text)
    run.font.name = FONT
    _set_run_fonts(run._r)
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    return run


def tag(container, jinja):
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); docxtpl removes the paragraph itself."""
    p = container.add_paragraph()
    p.add_run(jinja)
    return p


def short_rule(container, *, before=0, after=0):
    """The short line under the issuer name / trích yếu: an empty tiny paragraph with a top border, indented
    from both sides (`centre_rule`) so the border is short and centred in its container."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(k), v)
    borders.append(top)
    ppr.append(borders)
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "4")
    rpr.append(sz)
    ppr.append(rpr)
    return p


def centre_rule(p, container_mm, width_mm):
    side = Mm(max((container_mm - width_mm) / 2, 0))
    p.paragraph_format.left_indent = side
    p.paragraph_format.right_indent = side


def borderless_table(doc, rows, widths_mm):
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fix_widths(table, widths_mm)
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    return table


def grid_table(doc, rows, widths_mm):
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fix_widths(table, widths_mm)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    return table


def _fix_widths(table, widths_mm):
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)


def cell_text(cell, text, **kwargs):
    """Write into a table cell's first (empty) paragraph."""
    p = cell.paragraphs[0]
    p.alignment = kwargs.pop("align", LEFT)
    if text:
        add_run(p, text, **kwargs)
    return p


def repeat_header_row(row):
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def cant_split(row):
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


# ---------------------------------------------------------------- shared blocks
ISSUER_MM, NATION_MM = 62, TEXT_WIDTH_MM - 62


def header_block(doc):
    """Decree 30 header: issuer | Quốc hiệu – tiêu ngữ; then Số | place, date. Two rows so the number and the date
    line share a baseline."""
    table = borderless_table(doc, 2, [ISSUER_MM, NATION_MM])
    left, right = table.cell(0, 0), table.cell(0, 1)
    p = cell_text(left, "", align=CENTER)
    add_run(p, "{%p if issuer_parent %}")
    para(left, "{{ issuer_parent }}", size=13, align=CENTER)
    tag(left, "{%p endif %}")
    tag(left, "{%p for line in issuer_lines %}")
    para(left, "{{ line }}", size=13, bold=True, align=CENTER)
    tag(left, "{%p endfor %}")
    rule = short_rule(left, before=4)
    centre_rule(rule, ISSUER_MM - 4, 22)

    cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align=CENTER)
    para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, underline=True, align=CENTER)
    # Keep both tops level with the issuer block when there is a cơ quan chủ quản line above it.
    tag(right, "{%p if issuer_parent %}")
    para(right, "", size=8)
    tag(right, "{%p endif %}")

    cell_text(table.cell(1, 0), "Số: {{ number }}", size=13, align=CENTER).paragraph_format.space_before = Pt(6)
    cell_text(table.cell(1, 1), "{{ place_date }}", size=14, italic=True, align=CENTER).paragraph_format.space_before = Pt(6)


def title_block(doc, *, with_rule=True):
    para(doc, "{{ title }}", bold=True, align=CENTER, before=18, keep_next=True)
    tag(doc, "{%p if abstract %}")
    para(doc, "{{ abstract }}", bold=True, align=CENTER, keep_next=True)
    tag(doc, "{%p endif %}")
    if with_rule:
        rule = short_rule(doc, before=4, after=12)
        centre_rule(rule, TEXT_WIDTH_MM, 40)


def lines_block(doc, var, *, italic=False, bold_prefix=False):
    """One justified, first-line-indented paragraph per item of `var` (căn cứ italic, body upright)."""
    tag(doc, f"{{%p for line in {var} %}}")
    para(doc, "{{ line }}", italic=italic, align=JUSTIFY, after=6, indent_first=Cm(1.27), line_spacing=1.1)
    tag(doc, "{%p endfor %}")


def signature_block(doc, *, recipients=True):
    """Nơi nhận (left) | signature (right): authority (TM./KT./TUQ.), position, space to sign, name."""
    table = borderless_table(doc, 1, [75, TEXT_WIDTH_MM - 75])
    left, right = table.cell(0, 0), table.cell(0, 1)
    if recipients:
        p = cell_text(left, "", align=LEFT)
        p.paragraph_format.space_before = Pt(12)
        add_run(p, "Nơi nhận:", size=12, bold=True, italic=True)
        tag(left, "{%p for r in recipients %}")
        para(left, "- {{ r }}", size=11)
        tag(left, "{%p endfor %}")
    cell_text(right, "", align=CENTER).paragraph_format.space_before = Pt(0)
    tag(right, "{%p if signer_authority %}")
    para(right, "{{ signer_authority }}", bold=True, align=CENTER)
    tag(right, "{%p endif %}")
    para(right, "{{ signer_position }}", bold=True, align=CENTER)
    for _ in range(4):
        para(right, "", align=CENTER)
    para(right, "{{ signer_name }}", bold=True, align=CENTER, before=12)


def list_sections(doc, *, var, columns):
    """Sections (`{title, rows}`) each with a bordered table whose rows come from a `{%tr for %}` loop, so a
    2,000-name list is one Jinja loop, not 2,000 python-docx calls. `columns`: [(header, key, width_mm, align)]."""
    tag(doc, f"{{%p for s in {var} %}}")
    tag(doc, "{%p if s.title %}")
    para(doc, "{{ s.title }}", bold=True, before=6, after=6, keep_next=True)
    tag(doc, "{%p endif %}")
    table = grid_table(doc, 4, [c[2] for c in columns])
    head = table.rows[0]
    repeat_header_row(head)
    for cell, (label, _key, _w, _a) in zip(head.cells, columns, strict=True):
        cell_text(cell, label, size=13, bold=True, align=CENTER)
    cell_text(table.cell(1, 0), "{%tr for r in s.rows %}")
    body = table.rows[2]
    cant_split(body)
    for cell, (_label, key, _w, align) in zip(body.cells, columns, strict=True):
        cell_text(cell, f"{{{{ r.{key} }}}}", size=13, align=align)
    cell_text(table.cell(3, 0), "{%tr endfor %}")
    para(doc, "", after=6)
    tag(doc, "{%p endfor %}")


# ---------------------------------------------------------------- the masters
def build_decision():
    """Quyết định (cá biệt) + its annexed list (danh sách kèm theo)."""
    doc = new_document()
    header_block(doc)
    title_block(doc)
    tag(doc, "{%p if authority %}")
    para(doc, "{{ authority }}", bold=True, align=CENTER, after=12, keep_next=True)
    tag(doc, "{%p endif %}")
    lines_block(doc, "bases", italic=True)
    para(doc, "QUYẾT ĐỊNH:", bold=True, align=CENTER, before=6, after=12, keep_next=True)
    tag(doc, "{%p for a in articles %}")
    p = para(doc, "", align=JUSTIFY, after=6, indent_first=Cm(1.27), line_spacing=1.1)
    add_run(p, "{{ a.heading }}", bold=True)
    add_run(p, " {{ a.text }}")
    tag(doc, "{%p endfor %}")
    signature_block(doc)

    tag(doc, "{%p if annex_sections %}")
    para(doc, "{{ annex_heading }}", bold=True, align=CENTER, page_break_before=True, keep_next=True)
    para(doc, "{{ annex_title }}", bold=True, align=CENTER, keep_next=True)
    para(doc, "{{ annex_reference }}", italic=True, align=CENTER, keep_next=True)
    rule = short_rule(doc, before=4, after=12)
    centre_rule(rule, TEXT_WIDTH_MM, 40)
    list_sections(doc, var="annex_sections", columns=[
        ("STT", "no", 14, CENTER),
        ("Họ và tên / Tên tập thể", "name", 62, LEFT),
        ("Chức vụ, đơn vị công tác", "detail", TEXT_WIDTH_MM - 14 - 62, LEFT),
    ])
    tag(doc, "{%p endif %}")
    return doc


def build_proposal():
    """Tờ trình: the standing body proposes the awards to the signer."""
    doc = new_document()
    header_block(doc)
    title_block(doc)
    p = para(doc, "", align=CENTER, after=12)
    add_run(p, "Kính gửi: {{ addressee }}")
    lines_block(doc, "bases", italic=True)
    lines_block(doc, "body")
    list_sections(doc, var="summary_sections", columns=[
        ("STT", "no", 14, CENTER),
        ("Hình thức khen thưởng", "name", 85, LEFT),
        ("Tập thể", "collectives", 22, CENTER),
        ("Cá nhân", "individuals", TEXT_WIDTH_MM - 14 - 85 - 22, CENTER),
    ])
    lines_block(doc, "closing")
    signature_block(doc)

    tag(doc, "{%p if annex_sections %}")
    para(doc, "{{ annex_heading }}", bold=True, align=CENTER, page_break_before=True, keep_next=True)
    para(doc, "{{ annex_title }}", bold=True, align=CENTER, keep_next=True)
    para(doc, "{{ annex_reference }}", italic=True, align=CENTER, keep_next=True)
    rule = short_rule(doc, before=4, after=12)
    centre_rule(rule, TEXT_WIDTH_MM, 40)
    list_sections(doc, var="annex_sections", columns=[
        ("STT", "no", 14, CENTER),
        ("Họ và tên / Tên tập thể", "name", 62, LEFT),
        ("Chức vụ, đơn vị công tác", "detail", TEXT_WIDTH_MM - 14 - 62, LEFT),
    ])
    tag(doc, "{%p endif %}")
    return doc


def build_minutes():
    """Biên bản of a council session: attendance, per-nomination tally, recusals, conclusion; signed by the
    secretary (left) and the chair (right)."""
    doc = new_document()
    header_block(doc)
    title_block(doc)
    lines_block(doc, "opening")
    para(doc, "I. THÀNH PHẦN THAM DỰ", bold=True, before=6, after=6, keep_next=True)
    lines_block(doc, "attendance")
    para(doc, "II. KẾT QUẢ BỎ PHIẾU", bold=True, before=6, after=6, keep_next=True)
    lines_block(doc, "tally_intro")
    list_sections(doc, var="tally_sections", columns=[
        ("STT", "no", 14, CENTER),
        ("Cá nhân / tập thể được đề nghị", "name", 54, LEFT),
        ("Hình thức", "award", 38, LEFT),
        ("Đồng ý", "yes", 18, CENTER),
        ("Tỷ lệ", "ratio", 18, CENTER),
        ("Kết quả", "outcome", TEXT_WIDTH_MM - 14 - 54 - 38 - 18 - 18, CENTER),
    ])
    tag(doc, "{%p if recusals %}")
    para(doc, "Thành viên không tham gia biểu quyết (có liên quan đến hồ sơ):", italic=True, after=6, keep_next=True)
    tag(doc, "{%p endif %}")
    lines_block(doc, "recusals")
    para(doc, "III. KẾT LUẬN", bold=True, before=6, after=6, keep_next=True)
    lines_block(doc, "conclusion")

    table = borderless_table(doc, 1, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2])
    for cell, title_var, name_var in ((table.cell(0, 0), "secretary_title", "secretary_name"),
                                      (table.cell(0, 1), "chair_title", "chair_name")):
        p = cell_text(cell, "{{ " + title_var + " }}", bold=True, align=CENTER)
        p.paragraph_format.space_before = Pt(12)
        for _ in range(4):
            para(cell, "", align=CENTER)
        para(cell, "{{ " + name_var + " }}", bold=True, align=CENTER, before=12)
    return doc


MASTERS = {
    "quyet_dinh.docx": build_decision,
    "to_trinh.docx": build_proposal,
    "bien_ban.docx": build_minutes,
}


def strip_volatile(doc):
    """Fixed core properties so rebuilding yields the same masters (reviewable diffs)."""
    import datetime as dt

    props = doc.core_properties
    props.author = props.last_modified_by = "thidua"
    props.created = props.modified = dt.datetime(2025, 1, 1)
    props.revision = 1
    props.title = "thidua — mẫu văn bản theo Nghị định 30/2020/NĐ-CP"


def write_masters(masters: dict, target: Path) -> list[Path]:
    """Build every master of `masters` ({file name: builder}) into `target`, with fixed core properties."""
    written = []
    for name, builder in masters.items():
        doc = builder()
        strip_volatile(doc)
        path = target / name
        doc.save(path)
        written.append(path)
    return written


def build_all(target: Path = HERE) -> list[Path]:
    return write_masters(MASTERS, target)


if __name__ == "__main__":
    for path in build_all():
        print(path)
