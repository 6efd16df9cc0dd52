"""XLSX exports of the report pages (openpyxl write-only: constant memory whatever the number of rows)."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.xlsx import DOCX, bold_row, download, workbook_response
from thidua.reports import selectors as sel

AWARD_COLUMNS = [
    "Năm", "Mã", "Danh hiệu, hình thức khen thưởng", "Loại", "Cấp quyết định", "Đơn vị",
    "Tổng số (không kể bị hủy)", "Cá nhân", "Nữ", "Tỷ lệ nữ (%)", "Người lao động trực tiếp",
    "Tỷ lệ lao động trực tiếp (%)", "Tập thể", "Tập thể nhỏ", "Tỷ lệ tập thể nhỏ (%)", "Hộ gia đình",
    "Bị hủy bỏ (không tính)",
]


def pct(value) -> float | None:
    return round(100 * value, 1) if value is not None else None


def _count_cells(c: sel.AwardCounts) -> list:
    return [c.total, c.individual, c.women, pct(c.women_share), c.direct, pct(c.direct_share), c.collective,
            c.small, pct(c.small_share), c.household, c.revoked]


def award_stats_xlsx(stats: sel.AwardStats, scope_name: str) -> HttpResponse:
    from openpyxl import Workbook

    from thidua.awards.models import AwardType

    categories = dict(AwardType.Category.choices)
    levels = dict(AwardType.Level.choices)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Chi tiết"))
    ws.append([_("Thống kê khen thưởng %(a)s–%(b)s — %(scope)s") % {
        "a": stats.year_from, "b": stats.year_to, "scope": scope_name}])
    bold_row(ws, AWARD_COLUMNS)
    for r in stats.rows:
        ws.append([r.year, r.award_code, r.award_name, str(categories.get(r.category, r.category)),
                   str(levels.get(r.level, r.level)), r.unit_name, *_count_cells(r.counts)])
    bold_row(ws, ["", "", _("Tổng cộng"), "", "", "", *_count_cells(stats.total)])

    ws = wb.create_sheet(_("Theo năm"))
    bold_row(ws, ["Năm", *AWARD_COLUMNS[6:]])
    for year, c in stats.by_year.items():
        ws.append([year, *_count_cells(c)])
    ws = wb.create_sheet(_("Theo danh hiệu"))
    bold_row(ws, ["Mã", "Danh hiệu, hình thức khen thưởng", "Loại", *AWARD_COLUMNS[6:]])
    for code, name, category, c in stats.by_type:
        ws.append([code, name, str(categories.get(category, category)), *_count_cells(c)])
    ws = wb.create_sheet(_("Theo đơn vị"))
    bold_row(ws, ["Đơn vị", *AWARD_COLUMNS[6:]])
    for _uid, name, c in stats.by_unit:
        ws.append([name, *_count_cells(c)])
    ws = wb.create_sheet(_("Theo loại hình"))
    bold_row(ws, [_("Loại hình khen thưởng"), *AWARD_COLUMNS[6:]])
    for _code, label, c in stats.by_commendation:
        ws.append([label, *_count_cells(c)])
    ws = wb.create_sheet(_("Theo Cụm, Khối"))
    bold_row(ws, [_("Cụm, Khối thi đua"), _("Loại"), *AWARD_COLUMNS[6:]])
    for _gid, name, _kind, kind_label, c in stats.by_group:
        ws.append([name, kind_label, *_count_cells(c)])
    if stats.comparison is not None:
        _comparison_sheet(wb, stats)
    return workbook_response(wb, f"thong-ke-khen-thuong-{stats.year_from}-{stats.year_to}.xlsx")


COMPARISON_COLUMNS = ["Nhóm", "Chỉ tiêu", "Kỳ này", "Kỳ trước", "Chênh lệch", "Tăng/giảm (%)"]


def _comparison_sheet(wb, stats: sel.AwardStats) -> None:
    cmp = stats.comparison
    ws = wb.create_sheet(_("So sánh cùng kỳ"))
    ws.append([_("So sánh %(a)s–%(b)s với cùng kỳ trước (%(c)s–%(d)s)") % {
        "a": stats.year_from, "b": stats.year_to, "c": cmp.year_from, "d": cmp.year_to}])
    bold_row(ws, COMPARISON_COLUMNS)
    for section, lines in ((_("Tổng hợp"), cmp.totals), (_("Theo cấp quyết định"), cmp.by_level),
                           (_("Theo danh hiệu, hình thức"), cmp.by_type),
                           (_("Theo loại hình khen thưởng"), cmp.by_commendation),
                           (_("Theo đơn vị"), cmp.by_unit), (_("Theo Cụm, Khối thi đua"), cmp.by_group)):
        for line in lines:
            ws.append([section, line.label, line.current, line.previous, line.difference, line.change_pct])


def summary_rows(report: sel.PeriodicReport) -> list[tuple[str, str, object]]:
    """(section, indicator, value) rows of a periodic report: the same lines in the XLSX and the DOCX."""
    t = report.awards_total
    rows = [("1", _("Phong trào thi đua được phát động"), len(report.movements))]
    rows += [("1", _("— %(kind)s") % {"kind": label}, n) for _k, label, n in report.movements_by_kind]
    rows += [
        ("2", _("Lượt đăng ký thi đua"), report.registrations["total"]),
        ("2", _("— Tập thể"), report.registrations["collective"]),
        ("2", _("— Cá nhân"), report.registrations["individual"]),
        ("2", _("— Số đơn vị có đăng ký"), report.registrations["units"]),
    ]
    rows += [("2", _("— %(status)s") % {"status": label}, n) for _s, label, n in report.registration_states]
    rows += [
        ("3", _("Khen thưởng (không kể bị hủy bỏ)"), t.total),
        ("3", _("— Cá nhân"), t.individual),
        ("3", _("— Trong đó nữ"), t.women),
        ("3", _("— Trong đó người lao động trực tiếp"), t.direct),
        ("3", _("— Tập thể"), t.collective),
        ("3", _("— Trong đó tập thể nhỏ"), t.small),
        ("3", _("— Hộ gia đình"), t.household),
        ("3", _("Khen thưởng bị hủy bỏ (không tính)"), t.revoked),
    ]
    rows += [("3", _("— Cấp %(level)s") % {"level": label}, c.total) for _lv, label, c in report.awards_by_level]
    rows += [
        ("4", _("Hồ sơ tiếp nhận"), report.dossiers_received),
        ("4", _("Hồ sơ trả lại để bổ sung"), report.dossiers_returned),
        ("4", _("Hồ sơ có quyết định khen thưởng"), report.dossiers_decided),
        ("4", _("Hồ sơ không khen thưởng"), report.dossiers_rejected),
        ("4", _("Quyết định khen thưởng đã ký"), report.decisions),
        ("4", _("Hồ sơ đang quá hạn xử lý"), report.open_overdue),
    ]
    for step in [*report.steps, report.on_time]:
        rows.append(("4", _("%(step)s: số bước đã xử lý / đúng hạn / tỷ lệ đúng hạn (%%)") % {"step": step.label},
                     f"{step.done} / {step.on_time} / {pct(step.rate) if step.rate is not None else '—'}"))
    if report.plan is not None:
        rows += [
            ("5", _("Nhiệm vụ của kế hoạch %(number)s") % {"number": report.plan.number}, report.tasks["total"]),
            ("5", _("— Đã hòan thành"), report.tasks["done"]),
            ("5", _("— Đang thực hiện"), report.tasks["in_progress"]),
            ("5", _("— Chưa thực hiện"), report.tasks["not_started"]),
            ("5", _("— Quá hạn"), report.tasks["overdue"]),
        ]
    return rows


def periodic_xlsx(report: sel.PeriodicReport, scope_name: str) -> HttpResponse:
    from openpyxl import Workbook

    from thidua.awards.models import AwardType

    categories = dict(AwardType.Category.choices)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Tổng hợp"))
    ws.append([report.title])
    ws.append([_("Đơn vị: %(scope)s; từ ngày %(a)s đến ngày %(b)s") % {
        "scope": scope_name, "a": report.date_from.strftime("%d/%m/%Y"), "b": report.date_to.strftime("%d/%m/%Y")}])
    bold_row(ws, ["Mục", "Chỉ tiêu", "Số liệu"])
    t = report.awards_total
    rows = summary_rows(report)
    for row in rows:
        ws.append(list(row))

    ws = wb.create_sheet(_("Khen thưởng"))
    bold_row(ws, ["Mã", "Danh hiệu, hình thức khen thưởng", "Loại", *AWARD_COLUMNS[6:]])
    for code, name, category, c in report.awards_by_type:
        ws.append([code, name, str(categories.get(category, category)), *_count_cells(c)])
    bold_row(ws, ["", _("Tổng cộng"), "", *_count_cells(t)])

    ws = wb.create_sheet(_("Phong trào"))
    bold_row(ws, ["STT", "Tên phong trào", "Loại", "Đơn vị chủ trì", "Văn bản phát động", "Ngày ban hành",
                   "Bắt đầu", "Kết thúc"])
    for i, m in enumerate(report.movements, 1):
        ws.append([i, m.name, m.get_kind_display(), m.lead_unit.name, m.launch_doc_number,
                   m.launch_doc_date.strftime("%d/%m/%Y") if m.launch_doc_date else "",
                   m.start.strftime("%d/%m/%Y"), m.end.strftime("%d/%m/%Y")])
    suffix = "6-thang" if report.kind == sel.HALF else "nam"
    return workbook_response(wb, f"bao-cao-tdkt-{suffix}-{report.year}.xlsx")


SECTIONS = {
    "1": gettext_lazy("1. Phát động phong trào thi đua"),
    "2": gettext_lazy("2. Đăng ký thi đua"),
    "3": gettext_lazy("3. Kết quả khen thưởng"),
    "4": gettext_lazy("4. Tiếp nhận, xử lý hồ sơ đề nghị khen thưởng"),
    "5": gettext_lazy("5. Thực hiện kế hoạch công tác thi đua, khen thưởng"),
}


def periodic_docx(report: sel.PeriodicReport, scope_name: str) -> HttpResponse:
    """The figures of a Báo cáo sơ kết/tổng kết as a Word document (Times New Roman 13–14 as in Decree 30),
    one table per section, for the officer to paste into the narrative report."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(report.title.upper())
    run.bold = True
    run.font.size = Pt(14)
    sub = doc.add_paragraph(_("Đơn vị: %(scope)s; từ ngày %(a)s đến ngày %(b)s") % {
        "scope": scope_name, "a": report.date_from.strftime("%d/%m/%Y"), "b": report.date_to.strftime("%d/%m/%Y")})
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rows = summary_rows(report)
    for key, title in SECTIONS.items():
        lines = [r for r in rows if r[0] == key]
        if not lines:
            continue
        doc.add_paragraph().add_run(str(title)).bold = True
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        head = table.rows[0].cells
        head[0].text, head[1].text = _("Chỉ tiêu"), _("Số liệu")
        for cell in head:
            cell.paragraphs[0].runs[0].bold = True
        for _key, label, value in lines:
            cells = table.add_row().cells
            cells[0].text = str(label)
            cells[1].text = str(value)
            cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if report.movements:
        doc.add_paragraph().add_run(_("Phong trào thi đua được phát động trong kỳ")).bold = True
        for m in report.movements:
            doc.add_paragraph(f"{m.name} — {m.lead_unit.name}"
                              + (f" ({m.launch_doc_number})" if m.launch_doc_number else ""), style="List Bullet")
    buffer = io.BytesIO()
    doc.save(buffer)
    suffix = "6-thang" if report.kind == sel.HALF else "nam"
    return download(buffer.getvalue(), f"bao-cao-tdkt-{suffix}-{report.year}.docx", DOCX)
