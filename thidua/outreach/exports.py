"""XLSX exports of the outreach area (openpyxl write-only): a course's attendee list, a delegation's delegate list
and the propaganda report for KH 90/KH-UBND. Callers pass rows they already scoped."""


from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from thidua.core.xlsx import bold_row, workbook_response


def _pct(value) -> str:
    return f"{value or 0:.1f}%".replace(".", ",")


def _date(d):
    return d.strftime("%d/%m/%Y") if d else ""


def attendees_xlsx(training, attendees, summary) -> HttpResponse:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Danh sách học viên"))
    ws.append([training.title])
    ws.append([_("Thời gian: %(s)s – %(e)s; địa điểm: %(v)s") % {"s": _date(training.start), "e": _date(training.end),
                                                                "v": training.venue}])
    ws.append([])
    bold_row(ws, [_("STT"), _("Họ và tên"), _("Giới tính"), _("Chức vụ"), _("Đơn vị"), _("Có mặt"), _("Ghi chú")])
    for i, a in enumerate(attendees, start=1):
        present = "" if a.attended is None else (_("Có") if a.attended else _("Vắng"))
        ws.append([i, a.person.full_name, a.person.get_gender_display(), a.person.position, a.unit.name, present, a.note])
    ws2 = wb.create_sheet(_("Tổng hợp theo đơn vị"))
    bold_row(ws2, [_("Đơn vị"), _("Số được mời"), _("Đã đăng ký"), _("Có mặt"), _("Vắng")])
    for r in summary:
        ws2.append([r.unit_name, r.seats, r.registered, r.attended, r.absent])
    ws2.append([_("Tổng cộng"), sum(r.seats or 0 for r in summary), sum(r.registered for r in summary),
                sum(r.attended for r in summary), sum(r.absent for r in summary)])
    return workbook_response(wb, f"hoc-vien-tap-huan-{training.pk}.xlsx")


def delegates_xlsx(delegation, delegates, comp) -> HttpResponse:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Danh sách đại biểu"))
    ws.append([delegation.name])
    if delegation.decision_number:
        ws.append([_("Kèm theo Quyết định số %(n)s ngày %(d)s") % {"n": delegation.decision_number,
                                                                 "d": _date(delegation.decision_date)}])
    ws.append([])
    bold_row(ws, [_("STT"), _("Họ và tên"), _("Giới tính"), _("Chức vụ"), _("Đơn vị"), _("Vai trò trong đoàn"),
               pgettext("cơ cấu đoàn đại biểu", "Thành phần"), _("Người lao động trực tiếp"), _("Thành tích tiêu biểu"), _("Trạng thái")])
    for i, d in enumerate(delegates, start=1):
        ws.append([i, d.person.full_name, d.person.get_gender_display(), d.person.position, d.unit.name,
                   d.get_role_display(), d.get_category_display(), _("Có") if d.person.direct_worker else "",
                   d.achievements, d.get_status_display()])
    ws.append([])
    ws.append([_("Tổng số đại biểu đã xác nhận"), comp.total])
    ws.append([_("Nữ"), comp.women, _pct(comp.women_share)])
    ws.append([_("Người lao động trực tiếp"), comp.direct_workers, _pct(comp.direct_share)])
    for label, n, pct in comp.by_category:
        ws.append([str(label), n, _pct(pct)])
    return workbook_response(wb, f"doan-dai-bieu-{delegation.pk}.xlsx")


def propaganda_xlsx(report) -> HttpResponse:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Điển hình theo lĩnh vực"))
    ws.append([_("Báo cáo tổng kết Kế hoạch số 90/KH-UBND: từ %(s)s đến %(e)s")
               % {"s": _date(report.start), "e": _date(report.end)}])
    bold_row(ws, [_("Ngành, lĩnh vực"), _("Cá nhân"), _("Tập thể"), _("Mô hình, cách làm hay"), _("Tổng")])
    for row in report.exemplars_by_sector:
        ws.append([str(row[0]), *row[1:]])
    ws.append([_("Tổng cộng"), *report.exemplar_totals])
    ws.append([])
    bold_row(ws, [_("Loại điển hình"), _("Số lượng")])
    for label, n in report.exemplars_by_category:
        ws.append([str(label), n])
    ws2 = wb.create_sheet(_("Tin, bài theo cơ quan báo chí"))
    bold_row(ws2, [_("Cơ quan báo chí"), _("Báo in"), _("Báo điện tử"), _("Phát thanh"), _("Truyền hình"), _("Khác"),
                _("Tổng")])
    for row in report.coverage_by_outlet:
        ws2.append(list(row))
    ws2.append([_("Tổng cộng"), "", "", "", "", "", report.coverage_total])
    ws3 = wb.create_sheet(_("Tập huấn"))
    bold_row(ws3, [_("Lớp tập huấn"), _("Từ ngày"), _("Đến ngày"), _("Đơn vị tổ chức"), _("Số đơn vị cử"),
                _("Số đăng ký"), _("Số có mặt")])
    for t in report.trainings:
        ws3.append([t.title, _date(t.start), _date(t.end), t.organiser.name, t.n_units, t.n_registered, t.n_attended])
    courses, registered, attended, units = report.training_totals
    ws3.append([_("Tổng cộng: %(n)d lớp") % {"n": courses}, "", "", "", units, registered, attended])
    return workbook_response(wb, f"bao-cao-kh90-{report.start:%Y%m%d}-{report.end:%Y%m%d}.xlsx")
