"""Journey in headless Chromium: a unit officer creates a dossier, adds a nomination (the verdict refreshes live
through htmx), uploads the proposal and the report, and submits. Screenshot kept under artifacts/."""

from tests.browser import ARTIFACTS, journey, launch, new_page, sign_in
from tests.dossiers.conftest import PDF
from thidua.awards import catalogue
from thidua.awards.models import AwardType, BaseSalary
from thidua.dossiers.models import Dossier


@journey
def test_unit_officer_creates_and_submits_a_dossier(live_server, officer_a, person_a):
    from playwright.sync_api import expect, sync_playwright

    catalogue.sync(AwardType, BaseSalary)  # transactional test: the catalogue migration's rows were flushed
    ldtt = AwardType.objects.get(code="LDTT")
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = new_page(browser)
            sign_in(page, live_server.url, officer_a.username)

            page.goto(f"{live_server.url}/ho-so/tao-moi/")
            page.fill("input[name=title]", "Đề nghị công nhận Lao động tiên tiến năm 2025")
            page.fill("input[name=year]", "2025")
            page.click("main form button:has-text('Lưu')")
            expect(page.locator("h1")).to_contain_text("Lao động tiên tiến năm 2025")

            page.click("a:has-text('Thêm đề nghị')")
            page.wait_for_url("**/de-nghi/them/")
            page.select_option("select[name=kind]", "individual")
            page.select_option("select[name=person]", str(person_a.pk))
            page.select_option("select[name=award_type]", str(ldtt.pk))
            expect(page.locator("#verdict")).to_contain_text("Đủ tiêu chuẩn")  # htmx refresh
            page.fill("textarea[name=achievement_summary]", "Hoàn thành xuất sắc nhiệm vụ năm học.")
            page.click("text=Lưu đề nghị")
            expect(page.locator("table")).to_contain_text(person_a.full_name)

            for kind, name in (("to_trinh", "to-trinh.pdf"), ("bao_cao", "bao-cao.pdf")):
                page.select_option("select[name=kind]", kind)
                page.set_input_files("input[name=file]", {"name": name, "mimeType": "application/pdf", "buffer": PDF})
                with page.expect_navigation():
                    page.click("button:has-text('Tải lên')")
                expect(page.locator(".alert-success")).to_contain_text("Đã tải lên")
            expect(page.locator("body")).not_to_contain_text("Hồ sơ chưa đủ điều kiện gửi")

            page.click("button:has-text('Gửi hồ sơ')")
            expect(page.locator(".alert-success")).to_contain_text("Đã gửi")
            page.screenshot(path=str(ARTIFACTS / "dossiers-submit.png"), full_page=True)
        finally:
            browser.close()
    dossier = Dossier.objects.get()
    assert dossier.state == Dossier.State.SUBMITTED and dossier.due_on is not None
    assert dossier.attachments.count() == 2 and dossier.nominations.get().person == person_a
