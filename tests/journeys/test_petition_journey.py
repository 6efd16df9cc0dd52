"""The petition journey of issue #13 in headless Chromium: a province officer receives a complaint about a unit's
commendation results, accepts it (thụ lý) and assigns it to a colleague, who starts the verification on a phone;
the result is recorded and the petition is closed (đã giải quyết), its history and deadlines on its page.

Every main page is photographed at 1366×800 and 390×844 (artifacts/screenshots/petition/), checked by axe-core
and for sideways scrolling on the phone (tests/journeys/album.py)."""

import pytest

from tests.browser import PASSWORD, journey, launch, new_page, sign_in
from tests.factories import UserFactory
from tests.journeys.album import DESKTOP, PHONE, Album, choose
from thidua.core.roles import Role
from thidua.oversight.models import Petition


@pytest.fixture
def colleague(province):
    return UserFactory(username="tinh2", role=Role.PROVINCE_STAFF, unit=province, first_name="Thị Mai",
                       last_name="Lê")


@journey
def test_petition_received_handled_and_closed_at_1366_and_390(live_server, staff, colleague, unit_a):
    from playwright.sync_api import expect, sync_playwright

    base = live_server.url
    album = Album("petition")
    with sync_playwright() as p:
        browser = launch(p)
        try:
            # 1. Received: the officer records the complaint.
            page = new_page(browser)
            page.set_viewport_size(DESKTOP)
            sign_in(page, base, staff.username)
            page.goto(f"{base}/kiem-tra/don-thu/")
            page.click("main a:has-text('Tiếp nhận đơn')")
            page.select_option("select[name=kind]", "complaint")
            page.fill("input[name=petitioner_name]", "Trần Thị Bình")
            page.fill("input[name=petitioner_address]", "Thôn Phù Oanh, xã Nghĩa Trụ, tỉnh Hưng Yên")
            choose(page, "subject_unit", "so giao duc", unit_a.name)
            page.fill("textarea[name=summary]", "Khiếu nại kết quả bình xét Chiến sĩ thi đua cơ sở năm học 2025–2026")
            page.fill("textarea[name=content]", "Người khiếu nại cho rằng việc bình xét tại Hội đồng Thi đua – Khen "
                      "thưởng của Sở không đúng quy trình, không công khai danh sách trước khi họp.")
            album.shoot(page, "01-receive")
            page.click("main form button:has-text('Lưu')")
            expect(page.locator("#petition-status")).to_have_text("Đã tiếp nhận")

            # 2. Accepted, then assigned to a colleague.
            page.click("summary:has-text('Thụ lý')")
            page.click("form[action$='/thu-ly/'] button")
            expect(page.locator("#petition-status")).to_have_text("Đã thụ lý")
            expect(page.locator("#deadlines")).to_contain_text("Luật Khiếu nại 2011")
            page.click("summary:has-text('Giao cán bộ xử lý')")
            page.select_option("select[name='giao-xu-ly-handler']", label="Lê Thị Mai")
            page.click("form[action$='/giao-xu-ly/'] button")
            expect(page.locator("main")).to_contain_text("Lê Thị Mai")
            album.shoot(page, "02-accepted")
            page.context.close()

            # 3. The colleague starts the verification from a phone.
            page = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True).new_page()
            page.goto(f"{base}/dang-nhap/")
            page.fill("input[name=username]", colleague.username)
            page.fill("input[name=password]", PASSWORD)
            with page.expect_navigation():
                page.click("button[type=submit]")
            page.goto(f"{base}/kiem-tra/don-thu/")
            album.shoot(page, "03-list")
            page.click("#petitions a >> nth=0")
            page.click("summary:has-text('Bắt đầu xác minh, giải quyết')")
            page.fill("input[name='giai-quyet-note']", "Giao phòng Thi đua xác minh, làm việc với Sở")
            page.click("form[action$='/giai-quyet/'] button")
            expect(page.locator("#petition-status")).to_have_text("Đang giải quyết")
            album.shoot(page, "04-in-progress")

            # 4. The result is recorded: the petition is closed.
            page.click("summary:has-text('Ghi kết quả giải quyết')")
            page.fill("input[name='ket-qua-decision_number']", "45/QĐ-SNV")
            page.fill("textarea[name='ket-qua-result']", "Khiếu nại không có cơ sở: việc bình xét đúng quy trình, "
                      "danh sách đã được niêm yết công khai 05 ngày làm việc trước khi họp.")
            page.click("form[action$='/ket-qua/'] button")
            expect(page.locator("#petition-status")).to_have_text("Đã giải quyết")
            expect(page.locator("main")).to_contain_text("45/QĐ-SNV")
            album.shoot(page, "05-closed")
            page.goto(f"{base}/kiem-tra/don-thu/")
            expect(page.locator("#petitions")).to_contain_text("Đã giải quyết")
            album.shoot(page, "06-list-closed")
        finally:
            browser.close()

    assert not album.problems, "\n".join(album.problems)
    petition = Petition.objects.get()
    assert petition.status == "resolved" and petition.handler == colleague and not petition.is_open
