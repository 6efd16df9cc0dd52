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


@journey
def test_multi_picker_chooses_several_units_with_the_keyboard(live_server, staff, unit_a, unit_b, province):
    """The report request's recipients: typed without diacritics, chosen with ↓ and Enter, several at once as
    chips; Backspace in the empty box takes the last back, Tab reaches a chip's remove button; the choices reach
    the server (the request goes to the units chosen), and axe finds no serious violation."""
    from playwright.sync_api import expect, sync_playwright

    from tests.browser import AXE, launch, new_page

    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = new_page(browser)
            sign_in(page, live_server.url, "tinh")
            page.goto(f"{live_server.url}/yeu-cau-bao-cao/tao/")
            root = page.locator(".picker[data-picker-name=units]")
            box = page.get_by_label("Các đơn vị khác")  # the label names the search box
            expect(box).to_have_attribute("role", "combobox")
            chips = root.locator(".picker-chip")
            for typed, name in (("y te", unit_b.name), ("giao duc", unit_a.name)):
                box.focus()
                box.fill(typed)
                expect(root.locator("[role=option]", has_text=name)).to_be_visible()
                expect(root.locator("[role=option]")).to_have_count(1)  # the results of what was typed
                box.press("ArrowDown")
                expect(root.locator("[role=option].active")).to_have_count(1)
                box.press("Enter")
                expect(box).to_have_value("")
                expect(box).to_be_focused()  # the focus stays for the next one
            expect(chips).to_have_count(2)
            expect(root.locator("input[type=hidden][name=units]")).to_have_count(2)
            expect(root.locator("[data-picker-status]")).to_contain_text(f"Đã thêm: {unit_a.name}")
            box.press("Backspace")  # the empty box: the last choice goes
            expect(chips).to_have_count(1)
            expect(root.locator("[data-picker-status]")).to_contain_text(f"Đã bỏ: {unit_a.name}")
            box.fill("giao duc")
            expect(root.locator("[role=option]", has_text=unit_a.name)).to_be_visible()
            box.press("ArrowDown")
            box.press("Enter")
            expect(chips).to_have_count(2)
            box.fill("y te")  # already chosen: marked so, and not added twice
            expect(root.locator("[role=option][aria-selected=true]", has_text=unit_b.name)).to_be_visible()
            box.press("ArrowDown")
            box.press("Enter")
            expect(chips).to_have_count(2)
            page.screenshot(path=str(ARTIFACTS / "core-multi-picker.png"), full_page=True)
            # axe on the picker (the fields formset of this page has unlabelled inputs of its own, not the picker's)
            page.add_script_tag(path=str(AXE))
            found = page.evaluate("""async () => (await axe.run(".picker[data-picker-name=units]",
                {resultTypes: ["violations"]})).violations.filter(v => ["serious", "critical"].includes(v.impact))
                .map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "))""")
            assert found == []
            remove = root.locator(f"button[aria-label='Bỏ chọn {unit_b.name}']")
            remove.focus()
            page.keyboard.press("Enter")
            expect(chips).to_have_count(1)
            expect(root.locator(".picker-chip")).to_contain_text(unit_a.name)

            page.select_option("select[name=kind]", "thematic")
            page.fill("input[name=title]", "Báo cáo chuyên đề khen thưởng đột xuất")
            page.fill("input[name=period_start]", "01/01/2026")
            page.fill("input[name=period_end]", "30/06/2026")
            page.fill("input[name=due_working_days]", "10")
            page.fill("input[name=f-0-label]", "Số trường hợp")
            page.click("button:has-text('Gửi yêu cầu báo cáo')")
            expect(page.locator(".alert-success")).to_contain_text("1 đơn vị")
            expect(page.locator("#unit-rows")).to_contain_text(unit_a.name)
        finally:
            browser.close()
