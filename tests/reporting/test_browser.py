"""Journey in headless Chromium: the province asks three units for their 6-month report; two officers fill it and
their heads approve it; the third unit is late and the province reminds it; the province compiles its own report
(DOCX, Decree 30 layout). Screenshots go to artifacts/ (git-ignored).

The clock moves forward once (time_machine, ticking) so the due date passes; everyone signs in again after it, as
their sessions have run out by then."""

import datetime as dt
import io

import time_machine
from docx import Document

from tests.browser import ARTIFACTS, journey, launch, new_page, pick_many, sign_in
from thidua.core import workdays
from thidua.reporting.models import ReportSubmission


def _fill_and_send(browser, base, officer, unit_name, value):
    from playwright.sync_api import expect

    page = new_page(browser)
    sign_in(page, base, officer.username)
    page.goto(f"{base}/yeu-cau-bao-cao/")
    page.click("#my-reports a:has-text('Sơ kết công tác thi đua 6 tháng đầu năm')")
    page.fill("#submission-form input[name=f1]", value)
    page.fill("#submission-form textarea[name=f2]", f"{unit_name} đề nghị tập huấn nghiệp vụ")
    page.click("button:has-text('Lưu và trình lãnh đạo duyệt')")
    expect(page.locator("#submission-status")).to_have_text("Chờ lãnh đạo đơn vị duyệt")
    page.context.close()


def _approve(browser, base, leader):
    from playwright.sync_api import expect

    page = new_page(browser)
    sign_in(page, base, leader.username)
    page.goto(f"{base}/yeu-cau-bao-cao/")
    page.click("#my-reports a:has-text('Sơ kết công tác thi đua 6 tháng đầu năm')")
    page.click("button:has-text('Duyệt và gửi Sở Nội vụ')")
    expect(page.locator("#submission-status")).to_have_text("Đã gửi")
    expect(page.locator("#history")).to_contain_text("Đã gửi")
    page.context.close()


@journey
def test_province_requests_a_six_month_report_two_units_send_one_is_reminded_and_the_report_is_compiled(
    live_server, staff, unit_a, unit_b, unit_c, officer_a, officer_b, officer_c, leader_a, leader_b, events
):
    from playwright.sync_api import expect, sync_playwright

    base = live_server.url
    today = dt.date.today()
    due = workdays.add_working_days(today, 3)
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = new_page(browser)
            sign_in(page, base, staff.username)
            page.goto(f"{base}/yeu-cau-bao-cao/")
            page.click("a:has-text('Yêu cầu báo cáo mới')")
            page.select_option("select[name=kind]", "half_year")
            page.fill("input[name=title]", "Sơ kết công tác thi đua 6 tháng đầu năm")
            page.fill("input[name=year]", str(today.year))
            page.fill("input[name=due_on]", due.strftime("%d/%m/%Y"))
            pick_many(page, "units", [unit_a.name, unit_b.name, unit_c.name])
            page.fill("input[name=f-0-label]", "Số phong trào thi đua đã phát động")
            page.select_option("select[name=f-0-kind]", "number")
            page.check("input[name=f-0-required]")
            page.fill("input[name=f-1-label]", "Khó khăn, vướng mắc, kiến nghị")
            page.click("button:has-text('Gửi yêu cầu báo cáo')")
            expect(page.locator(".alert-success")).to_contain_text("Đã gửi yêu cầu báo cáo đến 3 đơn vị")
            expect(page.locator("#unit-rows tbody tr")).to_have_count(3)
            request_url = page.url  # /yeu-cau-bao-cao/<pk>/ (no ORM inside Playwright's event loop)
            page.context.close()

            _fill_and_send(browser, base, officer_a, unit_a.name, "4")
            _fill_and_send(browser, base, officer_b, unit_b.name, "2")
            _approve(browser, base, leader_a)
            _approve(browser, base, leader_b)

            # Four days after the due date (the units' sessions and the province's have run out by then).
            later = dt.datetime.combine(due + dt.timedelta(days=4), dt.time(9, 0))
            with time_machine.travel(later, tick=True):
                page = new_page(browser)
                sign_in(page, base, staff.username)
                page.goto(request_url)
                expect(page.locator("#tally")).to_contain_text("2/3")
                row_c = page.locator(f"#unit-rows tr[data-unit='{unit_c.code}']")
                expect(row_c).to_contain_text("Đang soạn")
                expect(row_c).to_contain_text("4 ngày")
                page.click("button:has-text('Nhắc các đơn vị chưa gửi')")
                expect(page.locator(".alert-success")).to_contain_text("Đã nhắc 1 đơn vị")
                expect(row_c).to_contain_text("đã nhắc")
                page.screenshot(path=str(ARTIFACTS / "reporting-request.png"), full_page=True)

                page.click("a:has-text('Tổng hợp báo cáo của tỉnh (DOCX)')")
                page.fill("input[name=signer_name]", "Nguyễn Văn Nam")
                page.fill("textarea[name=directions]", "Tổ chức tổng kết công tác thi đua, khen thưởng năm")
                with page.expect_download() as info:
                    page.click("button:has-text('Tải báo cáo (DOCX)')")
                content = open(info.value.path(), "rb").read()
        finally:
            browser.close()

    late = [e for e in events if e.kind == "report.late"]
    assert len(late) == 1 and late[0].target.unit_id == unit_c.pk and officer_c in late[0].recipients
    assert set(ReportSubmission.objects.values_list("unit_id", "status")) == {
        (unit_a.pk, "submitted"),
        (unit_b.pk, "submitted"),
        (unit_c.pk, "draft"),
    }
    doc = Document(io.BytesIO(content))
    text = "\n".join(
        [p.text for p in doc.paragraphs]
        + [" | ".join(c.text for c in row.cells) for t in doc.tables for row in t.rows]
    )
    assert f"Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {today.year}" in text
    assert "tổng hợp báo cáo của 2/3 cơ quan" in text
    assert f"{unit_c.name} |  | Chưa gửi, quá hạn 4 ngày" in text
    assert "Số phong trào thi đua đã phát động | 6 | 2" in text
    assert "Nguyễn Văn Nam" in text and "Tổ chức tổng kết" in text
