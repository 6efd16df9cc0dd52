"""In a browser whose own locale is English (en-US), the Vietnamese UI still shows and reads dates dd/mm/yyyy and its
file inputs in Vietnamese: the browser's locale decides nothing. Screenshot under artifacts/."""

from tests.browser import ARTIFACTS, CHROMIUM, journey, sign_in


@journey
def test_dates_and_file_inputs_ignore_the_browsers_locale(live_server, staff):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            ARTIFACTS.mkdir(exist_ok=True)
            page = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 800}).new_page()
            sign_in(page, live_server.url, "tinh")
            page.goto(f"{live_server.url}/ke-hoach/nhap-docx/")
            date = page.locator("input[name=issued_on]")
            expect(date).to_have_attribute("type", "text")
            date.fill("2/12/2026")
            date.press("Tab")
            expect(date).to_have_value("02/12/2026")
            picker = page.locator(".file-picker").first
            expect(picker).to_contain_text("Chọn tệp")
            expect(picker).to_contain_text("Chưa chọn tệp")
            expect(page.locator("body")).not_to_contain_text("No file chosen")
            page.set_input_files("input[type=file]", files=[{"name": "ke-hoach.docx", "mimeType": "application/octet-stream",
                                                              "buffer": b"PK"}])
            expect(picker).to_contain_text("ke-hoach.docx")
            page.screenshot(path=str(ARTIFACTS / "core-date-and-file-inputs.png"), full_page=True)
        finally:
            browser.close()
