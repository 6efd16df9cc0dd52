"""The fund as an accountant reads it (core/xlsx, openpyxl write-only).

Sheet "Sổ quỹ": the fund book — date, voucher, description, receipts (thu), payments (chi), balance (tồn) after
each line, from the opening line to the closing totals. Sheet "Chi thưởng": one line per payout with the
decision, payee, award, multiple, base salary, amount, status, payment date, voucher, and a blank signature
column (ký nhận) for the payment list."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from thidua.core.xlsx import bold_row, workbook_bytes
from thidua.rewards.models import Payout
from thidua.rewards.services import balance

MONEY = "#,##0"


def _money(ws, value, bold=False):
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = MONEY
    if bold:
        cell.font = Font(bold=True)
    return cell


def file_part(text) -> str:
    """`text` (a decision number, an issuer) as ASCII for a file name: 01/QĐ-UBND → 01-qd-ubnd (a header with
    Vietnamese letters reaches browsers garbled)."""
    from django.utils.text import slugify

    return slugify(str(text).replace("/", "-").replace("đ", "d").replace("Đ", "D"))


def fund_filename(fund) -> str:
    return f"so-quy-thi-dua-khen-thuong-{fund.year}-{file_part(fund.issuer)}.xlsx"


def fund_book_rows(fund):
    """(date, voucher, description, receipt, payment) in date order: allocations and paid payouts (a payout is a
    payment on the day it is paid; pending ones are not in the book yet)."""
    rows = [(a.received_on, a.reference, f"{a.get_source_display()}{' – ' + a.note if a.note else ''}", a.amount, 0)
            for a in fund.allocations.all()]
    paid = (fund.payouts.filter(status=Payout.Status.PAID).select_related("decision")
            .order_by("paid_on", "decision_id", "id"))
    for p in paid:
        rows.append((p.paid_on, p.voucher, f"Chi thưởng theo QĐ số {p.decision.number}: {p.payee} ({p.award_name})",
                     0, p.amount))
    rows.sort(key=lambda r: (r[0], r[4] > 0))  # receipts of a day before its payments
    return rows


def fund_xlsx(fund) -> bytes:
    wb = Workbook(write_only=True)
    book = wb.create_sheet("Sổ quỹ")
    for col, width in zip("ABCDEFG", (6, 12, 18, 70, 16, 16, 16), strict=True):
        book.column_dimensions[col].width = width
    bold_row(book, [f"SỔ THEO DÕI {fund.name.upper()} NĂM {fund.year}"])
    book.append([f"Đơn vị quản lý quỹ: {fund.holder.name}"])
    book.append([f"Chi thưởng cho quyết định của: {fund.issuer}", None, None, None, None, None, "Đơn vị tính: đồng"])
    book.append([])
    bold_row(book, ["STT", "Ngày", "Số chứng từ", "Diễn giải", "Thu", "Chi", "Tồn"])
    running = total_in = total_out = 0
    for i, (day, voucher, text, receipt, payment) in enumerate(fund_book_rows(fund), start=1):
        running += receipt - payment
        total_in += receipt
        total_out += payment
        book.append([i, day.strftime("%d/%m/%Y") if day else "", voucher, text,
                     _money(book, receipt or None), _money(book, payment or None), _money(book, running)])
    book.append([None, None, None, WriteOnlyCell(book, value="Cộng"), _money(book, total_in, True),
                 _money(book, total_out, True), _money(book, running, True)])
    b = balance(fund)
    book.append([])
    book.append([None, None, None, "Đã tạo, chưa chi (cam kết chi)", None, _money(book, b.pending)])
    book.append([None, None, None, "Số dư có thể chi", None, None, _money(book, b.available, True)])

    detail = wb.create_sheet("Chi thưởng")
    for col, width in zip("ABCDEFGHIJKLM", (6, 16, 12, 34, 40, 8, 12, 14, 10, 12, 14, 12, 16), strict=True):
        detail.column_dimensions[col].width = width
    bold_row(detail, [f"DANH SÁCH CHI THƯỞNG TỪ {fund.name.upper()} NĂM {fund.year}"])
    detail.append([])
    bold_row(detail, ["STT", "Số quyết định", "Ngày quyết định", "Họ và tên / Tên tập thể", "Hình thức khen thưởng",
                      "Hệ số", "Lương cơ sở", "Số tiền", "Trạng thái", "Ngày chi", "Số phiếu chi", "Ghi chú",
                      "Ký nhận"])
    total = 0
    payouts = fund.payouts.select_related("decision").order_by("decision__signed_on", "decision_id", "id")
    for i, p in enumerate(payouts, start=1):
        if p.status != Payout.Status.CANCELLED:
            total += p.amount
        note = "Mức chưa xác nhận" if p.unconfirmed else ""
        if p.status_note:
            note = f"{note}; {p.status_note}".strip("; ")
        detail.append([i, p.decision.number, p.decision.signed_on.strftime("%d/%m/%Y"), p.payee, p.award_name,
                       float(p.multiple), _money(detail, p.base_salary), _money(detail, p.amount),
                       p.get_status_display(), p.paid_on.strftime("%d/%m/%Y") if p.paid_on else "", p.voucher, note,
                       ""])
    detail.append([None, None, None, WriteOnlyCell(detail, value="Cộng (trừ khoản hủy chi)"), None, None, None,
                   _money(detail, total, True)])
    return workbook_bytes(wb)


REISSUE_TITLES = {
    "cap_lai": "DANH SÁCH ĐỀ NGHỊ CẤP LẠI HIỆN VẬT KHEN THƯỞNG",
    "cap_doi": "DANH SÁCH ĐỀ NGHỊ CẤP ĐỔI HIỆN VẬT KHEN THƯỞNG",
    "": "DANH SÁCH ĐỀ NGHỊ CẤP ĐỔI, CẤP LẠI HIỆN VẬT KHEN THƯỞNG",
}


def reissue_xlsx(rows: list, *, kind: str, since, until, sender: str) -> bytes:
    """The province's list of exchange/replacement requests sent with its letter (for cấp lại: mẫu 4.4 Phụ lục IV
    Nghị định 85/2014/NĐ-CP): who, which award and decision, which item, why, the old and the new serial."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    for col, width in zip("ABCDEFGHIJK", (6, 30, 34, 30, 20, 12, 22, 36, 20, 20, 14), strict=True):
        ws.column_dimensions[col].width = width
    ws.append([sender.upper()])
    bold_row(ws, [REISSUE_TITLES.get(kind, REISSUE_TITLES[""])])
    period = " – ".join(d.strftime("%d/%m/%Y") for d in (since, until) if d)
    ws.append([f"(Đơn, công văn đề nghị {('từ ' + period) if period else 'đến nay'})"])
    ws.append([])
    bold_row(ws, ["STT", "Họ và tên cá nhân / tên tập thể", "Chức vụ, đơn vị công tác (địa chỉ)",
                  "Hình thức khen thưởng", "Số quyết định", "Ngày quyết định", "Hiện vật đề nghị",
                  "Lý do", "Số hiệu cũ", "Số hiệu cấp mới", "Hình thức"])
    for i, item in enumerate(rows, start=1):
        award = item.award
        if award.person_id:
            where = ", ".join(x for x in (award.person.position, award.unit.name if award.unit_id else "") if x)
        else:
            where = award.unit.name if award.unit_id else ""
        ws.append([i, award.recipient_name, where, award.award_type.name, award.decision_number,
                   award.decision_date.strftime("%d/%m/%Y") if award.decision_date else "",
                   item.get_kind_display(), item.reissue_reason, item.replaces.serial if item.replaces_id else "",
                   item.serial, item.get_reissue_display()])
    ws.append([])
    bold_row(ws, [None, f"Tổng số: {len(rows)}"])
    return workbook_bytes(wb)
