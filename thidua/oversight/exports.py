"""XLSX exports (openpyxl write-only): the inspections of an inspection plan, and a list of findings with their
follow-up. Rows are exactly what the requesting user may see (the views pass scoped querysets)."""


from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side

from thidua.core.xlsx import workbook_bytes

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _d(day):
    return day.strftime("%d/%m/%Y") if day else ""


def _numbered(number, day):
    """«number ngày dd/mm/yyyy» of a decision or notice, empty while it has no number."""
    return f"{number} ngày {_d(day)}" if number else ""


def _sheet(wb, title, headers, widths, heading=None):
    ws = wb.create_sheet(title=title)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    if heading:
        cell = WriteOnlyCell(ws, value=heading)
        cell.font = Font(bold=True, size=13)
        ws.append([cell])
        ws.append([])
    row = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        row.append(cell)
    ws.append(row)
    return ws


def _append(ws, values):
    row = []
    for value in values:
        cell = WriteOnlyCell(ws, value=value)
        cell.alignment = _WRAP
        cell.border = _BORDER
        row.append(cell)
    ws.append(row)


INSPECTION_HEADERS = ["TT", "Đơn vị được kiểm tra", "Quý", "Thời gian dự kiến", "Nội dung kiểm tra", "Trưởng đoàn",
                      "Thành viên", "Quyết định kiểm tra", "Trạng thái", "Thông báo kết luận", "Số tồn tại",
                      "Chưa khắc phục"]


def inspections_xlsx(plan, inspections) -> bytes:
    wb = Workbook(write_only=True)
    ws = _sheet(wb, "Cuộc kiểm tra", INSPECTION_HEADERS, [5, 32, 6, 22, 50, 22, 36, 22, 16, 24, 9, 9],
                heading=f"{plan.title} ({plan.number}, ngày {_d(plan.issued_on)})")
    for i, insp in enumerate(inspections, start=1):
        findings = list(insp.findings.all())
        conclusion = _numbered(insp.conclusion_number, insp.conclusion_date)
        decision = _numbered(insp.decision_number, insp.decision_date)
        _append(ws, [i, insp.unit.name, insp.quarter_label, f"{_d(insp.planned_start)} – {_d(insp.planned_end)}",
                     insp.content, insp.team_head, "; ".join(m.display for m in insp.members.all()), decision,
                     insp.get_status_display(), conclusion, len(findings),
                     sum(1 for f in findings if f.status != "remedied")])
    wb.properties.title = f"Kế hoạch kiểm tra {plan.number}"
    return workbook_bytes(wb)


FINDING_HEADERS = ["TT", "Đơn vị được kiểm tra", "Thông báo kết luận", "Loại tồn tại", "Tồn tại, hạn chế",
                   "Kiến nghị khắc phục", "Đơn vị chịu trách nhiệm", "Hạn khắc phục", "Tình trạng",
                   "Ngày báo cáo khắc phục", "Ngày xác nhận", "Báo cáo khắc phục gần nhất"]


def findings_xlsx(findings) -> bytes:
    today = timezone.localdate()
    wb = Workbook(write_only=True)
    ws = _sheet(wb, "Tồn tại, kiến nghị", FINDING_HEADERS, [5, 30, 22, 28, 50, 50, 28, 13, 22, 13, 13, 50],
                heading=f"Theo dõi khắc phục tồn tại sau kiểm tra (đến ngày {_d(today)})")
    for i, f in enumerate(findings, start=1):
        insp = f.inspection
        reports = list(f.reports.all())
        conclusion = _numbered(insp.conclusion_number, insp.conclusion_date)
        _append(ws, [i, insp.unit.name, conclusion, f.get_category_display(), f.description, f.recommendation,
                     f.responsible_unit.name, _d(f.due_on), str(f.effective_status_label), _d(f.reported_on),
                     _d(f.remedied_on), reports[0].note if reports else ""])
    wb.properties.title = "Tồn tại, kiến nghị sau kiểm tra"
    return workbook_bytes(wb)


PETITION_HEADERS = ["TT", "Số đơn", "Ngày nhận", "Loại đơn", "Người gửi", "Nội dung tóm tắt", "Đơn vị liên quan",
                    "Trạng thái", "Hạn thụ lý", "Hạn giải quyết", "Kết quả xử lý"]


def _petition_result(p) -> str:
    """What became of the petition, in the words a TĐKT officer reports to the Thanh tra."""
    if p.status == "not_accepted":
        return f"Không thụ lý: {p.not_accepted_reason}".strip()
    if p.status == "forwarded":
        return f"Chuyển đến {p.forwarded_to}" + (f" ngày {_d(p.closed_on)}" if p.closed_on else "")
    parts = []
    if p.decision_number:
        parts.append(f"Văn bản số {p.decision_number}" + (f" ngày {_d(p.decision_date)}" if p.decision_date else ""))
    if p.result:
        parts.append(p.result)
    return ": ".join(parts)


def petitions_xlsx(petitions, user, *, overdue: bool = False) -> bytes:
    """Petitions in the list's order; the sender's name and address as `Petition.petitioner_for(user)` shows them
    (in full to province staff only)."""
    today = timezone.localdate()
    wb = Workbook(write_only=True)
    title = "Đơn thư quá hạn thụ lý, giải quyết" if overdue else "Danh sách đơn thư về thi đua, khen thưởng"
    ws = _sheet(wb, "Đơn thư", PETITION_HEADERS, [5, 14, 12, 18, 30, 50, 30, 20, 12, 12, 50],
                heading=f"{title} (đến ngày {_d(today)})")
    for i, p in enumerate(petitions, start=1):
        sender = p.petitioner_for(user)
        who = sender["name"] or "(không ghi tên)"
        if sender["address"]:
            who = f"{who}\n{sender['address']}"
        status = p.get_status_display()
        if p.is_overdue:
            status = f"{status} (quá hạn)"
        _append(ws, [i, p.number, _d(p.received_on), p.get_kind_display(), who, p.summary, p.subject_unit.name,
                     str(status), _d(p.accept_by), _d(p.resolve_by), _petition_result(p)])
    wb.properties.title = title
    return workbook_bytes(wb)
