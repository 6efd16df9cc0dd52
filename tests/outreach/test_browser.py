"""Journey in headless Chromium: a unit officer proposes an exemplar (choosing the unit, then a person of that
unit, with the searchable pickers), sends it; province staff publish it; a visitor without login finds it on the public page by typing
without diacritics. Keeps screenshots under artifacts/ (git-ignored)."""

from tests.browser import ARTIFACTS, journey, launch, new_page, pick, sign_in
from thidua.outreach.models import Exemplar


@journey
def test_propose_publish_and_find_publicly(live_server, officer_a, staff, person_a, unit_a):
    from playwright.sync_api import expect, sync_playwright

    base = live_server.url
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = new_page(browser)
            sign_in(page, base, officer_a.username)
            page.goto(f"{base}/tuyen-truyen/dien-hinh/them/")
            page.select_option("#id_kind", "person")
            pick(page, "person_unit", "giao duc", unit_a.name)
            pick(page, "person", person_a.full_name.split()[-1], person_a.full_name)  # searches that unit's people
            page.fill("#id_title", "Cô giáo vùng bãi giữ lửa nghề")
            page.fill("#id_story", "Hai mươi năm bám trường vùng bãi.\n\nVận động 40 học sinh bỏ học trở lại lớp.")
            page.select_option("#id_sector", "education")
            page.click("button:has-text('Lưu')")
            expect(page.locator(".alert-success")).to_contain_text("Đã lưu điển hình")
            page.click("button:has-text('Gửi Sở Nội vụ')")
            expect(page.locator(".alert-success")).to_contain_text("Đã gửi điển hình")
            page.context.close()

            page = new_page(browser)
            sign_in(page, base, staff.username)
            page.goto(f"{base}/tuyen-truyen/dien-hinh/?status=submitted")
            page.click("text=Cô giáo vùng bãi giữ lửa nghề")
            page.click("button:has-text('Công bố')")
            expect(page.locator(".alert-success")).to_contain_text("Đã công bố")
            page.context.close()

            page = new_page(browser)
            page.goto(f"{base}/dien-hinh-tien-tien/")
            page.fill("#q", "co giao vung bai")
            page.click("button:has-text('Tìm')")
            card = page.locator(".card", has_text="Cô giáo vùng bãi giữ lửa nghề")
            expect(card).to_have_count(1)
            page.screenshot(path=str(ARTIFACTS / "outreach-public-exemplars.png"), full_page=True)
            card.locator("a").first.click()
            expect(page.locator("h1")).to_contain_text("Cô giáo vùng bãi giữ lửa nghề")
            expect(page.locator("body")).not_to_contain_text(person_a.citizen_id)
            page.screenshot(path=str(ARTIFACTS / "outreach-public-exemplar-detail.png"), full_page=True)
        finally:
            browser.close()
    ex = Exemplar.objects.get()
    assert ex.status == "published" and ex.person == person_a
