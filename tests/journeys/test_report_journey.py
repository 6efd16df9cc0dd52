"""The report-request journey of issue #13 in headless Chromium: the province asks two units for their 6-month
report; unit A's officer fills it on a phone and sends it to the unit's head, who approves it on a phone; unit B,
which has no head's account, sends it straight to the province; the province sees both sent, accepts A's report and
compiles the province's report (DOCX).

Every main page is photographed at 1366×800 and 390×844 (artifacts/screenshots/report/), checked by axe-core and
for sideways scrolling on the phone (tests/journeys/album.py)."""

import datetime as dt
import io

import pytest
from docx import Document

from tests.browser import PASSWORD, journey, launch, new_page, pick_many, sign_in
from tests.factories import UserFactory
from tests.journeys.album import DESKTOP, PHONE, Album
from thidua.core import workdays
from thidua.core.roles import Role
from thidua.reporting.models import ReportSubmission

TITLE = "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm"


@pytest.fixture
def leader_a(unit_a):
    return UserFactory(username="lanhdao_a", role=Role.UNIT_LEADER, unit=unit_a, first_name="Quang Huy",
                       last_name="Phạm")


def _phone(browser, base, username):
    page = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    return page


def _desktop(browser, base, username):
    page = new_page(browser)
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, username)
    return page


@journey
def test_report_request_filled_approved_and_compiled_at_1366_and_390(
    live_server, staff, unit_a, unit_b, officer_a, officer_b, leader_a
):
    from playwright.sync_api import expect, sync_playwright

    base = live_server.url
    today = dt.date.today()
    due = workdays.add_working_days(today, 5)  # no ORM inside Playwright's event loop
    album = Album("report")
    with sync_playwright() as p:
        browser = launch(p)
        try:
            # 1. The province asks units A and B for the report.
            page = _desktop(browser, base, staff.username)
            page.goto(f"{base}/yeu-cau-bao-cao/")
            page.click("a:has-text('Yêu cầu báo cáo mới')")
            page.select_option("select[name=kind]", "half_year")
            page.fill("input[name=title]", f"{TITLE} {today.year}")
            page.fill("input[name=year]", str(today.year))
            page.fill("input[name=due_on]", due.strftime("%d/%m/%Y"))
            pick_many(page, "units", [unit_a.name, unit_b.name])
            page.fill("input[name=f-0-label]", "Số phong trào thi đua đã phát động")
            page.select_option("select[name=f-0-kind]", "number")
            page.check("input[name=f-0-required]")
            page.fill("input[name=f-1-label]", "Khó khăn, vướng mắc, kiến nghị")
            album.shoot(page, "01-new-request")
            page.click("button:has-text('Gửi yêu cầu báo cáo')")
            expect(page.locator(".alert-success")).to_contain_text("Đã gửi yêu cầu báo cáo đến 2 đơn vị")
            request_url = page.url
            album.shoot(page, "02-request-sent")
            page.context.close()

            # 2. Unit A's officer fills the report on a phone and sends it to the unit's head.
            page = _phone(browser, base, officer_a.username)
            page.goto(f"{base}/yeu-cau-bao-cao/")
            album.shoot(page, "03-unit-requests")
            page.click(f"#my-reports a:has-text('{TITLE}')")
            page.fill("#submission-form input[name=f1]", "4")
            page.fill("#submission-form textarea[name=f2]", "Đề nghị mở lớp tập huấn nghiệp vụ thi đua, khen thưởng.")
            album.shoot(page, "04-unit-fills")
            page.click("button:has-text('Lưu và trình lãnh đạo duyệt')")
            expect(page.locator("#submission-status")).to_have_text("Chờ lãnh đạo đơn vị duyệt")
            page.context.close()

            # 3. The head approves it on a phone.
            page = _phone(browser, base, leader_a.username)
            page.goto(f"{base}/yeu-cau-bao-cao/")
            page.click(f"#my-reports a:has-text('{TITLE}')")
            expect(page.locator("#answers")).to_contain_text("tập huấn nghiệp vụ")
            album.shoot(page, "05-head-approval")
            page.click("button:has-text('Duyệt và gửi Sở Nội vụ')")
            expect(page.locator("#submission-status")).to_have_text("Đã gửi")
            page.context.close()

            # 4. Unit B has no head's account: its officer's report goes straight to the province.
            page = _desktop(browser, base, officer_b.username)
            page.goto(f"{base}/yeu-cau-bao-cao/")
            page.click(f"#my-reports a:has-text('{TITLE}')")
            page.fill("#submission-form input[name=f1]", "2")
            page.click("#submission-form button[name=send]")
            expect(page.locator("#submission-status")).to_have_text("Đã gửi")
            page.context.close()

            # 5. The province: both sent; it accepts A's report and compiles the province's report.
            page = _desktop(browser, base, staff.username)
            page.goto(request_url)
            expect(page.locator("#tally")).to_contain_text("2/2")
            album.shoot(page, "06-request-tally")
            page.click(f"#unit-rows a:has-text('{unit_a.name}')")
            album.shoot(page, "07-province-reads")
            page.click("button:has-text('Tiếp nhận')")
            expect(page.locator(".alert-success")).to_be_visible()
            page.goto(request_url)
            page.click("a:has-text('Tổng hợp báo cáo của tỉnh (DOCX)')")
            page.fill("input[name=signer_name]", "Nguyễn Văn Nam")
            page.fill("textarea[name=directions]", "Tổ chức tổng kết công tác thi đua, khen thưởng năm")
            album.shoot(page, "08-compile")
            with page.expect_download() as info:
                page.click("button:has-text('Tải báo cáo (DOCX)')")
            content = open(info.value.path(), "rb").read()
        finally:
            browser.close()

    assert not album.problems, "\n".join(album.problems)
    assert set(ReportSubmission.objects.values_list("unit_id", "status")) == {
        (unit_a.pk, "accepted"), (unit_b.pk, "submitted")}
    doc = Document(io.BytesIO(content))
    text = "\n".join([p.text for p in doc.paragraphs]
                     + [" | ".join(c.text for c in row.cells) for t in doc.tables for row in t.rows])
    assert "tổng hợp báo cáo của 2/2 cơ quan" in text
    assert "Số phong trào thi đua đã phát động | 6 | 2" in text
