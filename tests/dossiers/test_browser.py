"""Journey in headless Chromium: a unit officer creates a dossier, adds a nomination (the verdict refreshes live
through htmx), uploads the proposal and the report, and submits. Screenshot kept under artifacts/."""

import shutil
from pathlib import Path

import pytest

from tests.dossiers.conftest import PDF
from thidua.awards import catalogue
from thidua.awards.models import AwardType, BaseSalary
from thidua.dossiers.models import Dossier

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium (/usr/bin/chromium) is not installed")
def test_unit_officer_creates_and_submits_a_dossier(live_server, officer_a, person_a):
    from playwright.sync_api import expect, sync_playwright

    catalogue.sync(AwardType, BaseSalary)  # transactional test: the catalogue migration's rows were flushed
    ldtt = AwardType.objects.get(code="LDTT")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}).new_page()
            page.goto(f"{live_server.url}/dang-nhap/")
            page.fill("input[name=username]", officer_a.username)
            page.fill("input[name=password]", "mat-khau-thu")
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")

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
