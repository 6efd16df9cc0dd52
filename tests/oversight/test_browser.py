"""Journey in real headless Chromium: a province officer receives a complaint about a person, accepts it, and sees
the statutory deadline and the suspension notice. Keeps a screenshot under artifacts/ (git-ignored)."""

from tests.browser import ARTIFACTS, journey, launch, new_page, pick, sign_in


@journey
def test_receive_and_accept_a_complaint(live_server, staff, unit_a, person_a):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = new_page(browser)
            sign_in(page, live_server.url, "tinh")

            page.goto(f"{live_server.url}/kiem-tra/don-thu/moi/?ca_nhan={person_a.pk}")
            page.select_option("select[name=kind]", "complaint")
            page.fill("input[name=petitioner_name]", "Trần Thị Bình")
            page.fill("input[name=petitioner_address]", "Phố Hiến, Hưng Yên")
            pick(page, "subject_unit", "so giao duc", unit_a.name)
            page.fill("textarea[name=summary]", "Khiếu nại kết quả bình xét Chiến sĩ thi đua cơ sở")
            page.click("button:has-text('Lưu')")
            expect(page.locator("#petition-status")).to_have_text("Đã tiếp nhận")
            expect(page.locator("#deadlines")).to_contain_text("Luật Khiếu nại 2011, Điều 27")

            page.click("summary:has-text('Thụ lý')")
            page.click("form[action$='/thu-ly/'] button")
            expect(page.locator("#petition-status")).to_have_text("Đã thụ lý")
            expect(page.locator("#deadlines")).to_contain_text("tạm dừng xét khen thưởng")
            page.screenshot(path=str(ARTIFACTS / "oversight-petition.png"), full_page=True)
        finally:
            browser.close()
