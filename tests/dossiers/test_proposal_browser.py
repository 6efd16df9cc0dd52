"""Journey in headless Chromium: a unit officer starts a dossier from a Word proposal list, fixes one ambiguous
person match in the preview, leaves out the rows with problems, and gets a dossier with the right nominations."""

import datetime as dt

from tests.browser import ARTIFACTS, journey, launch, new_page, sign_in
from tests.dossiers import proposal_files as files
from tests.factories import PersonFactory, UnitFactory
from thidua.awards import catalogue
from thidua.awards.models import AwardType, BaseSalary
from thidua.dossiers.models import Dossier


@journey
def test_unit_uploads_a_docx_list_fixes_an_ambiguous_match_and_gets_the_nominations(live_server, officer_a, unit_a):
    from playwright.sync_api import expect, sync_playwright

    catalogue.sync(AwardType, BaseSalary)  # transactional test: the catalogue migrations' rows were flushed
    catalogue.sync_historical(AwardType)
    an = PersonFactory(full_name="Nguyễn Văn An", birth_date=dt.date(1980, 3, 12), unit=unit_a)
    PersonFactory(full_name="Lê Văn Cường", birth_date=dt.date(1975, 2, 1), unit=unit_a, position="Lái xe")
    cuong = PersonFactory(full_name="Lê Văn Cường", birth_date=dt.date(1975, 9, 9), unit=unit_a,
                          position="Chánh Văn phòng")
    team = UnitFactory(name="Phòng Giáo dục Trung học", code="phong-gdth", parent=unit_a)
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = new_page(browser)
            sign_in(page, live_server.url, officer_a.username)
            page.goto(f"{live_server.url}/ho-so/")
            page.click("a:has-text('Lập hồ sơ từ danh sách')")
            page.fill("input[name=title]", "Đề nghị khen thưởng tổng kết năm 2025")
            page.fill("input[name=year]", "2025")
            page.set_input_files("input[name=file]", {"name": "danh-sach-de-nghi.docx", "buffer": files.office_docx(),
                                                      "mimeType": files_mime()})
            page.click("main form button:has-text('Tải lên và xem trước')")
            expect(page.locator("h1")).to_contain_text("Xem trước danh sách đề nghị")
            rows = page.locator("#proposal-rows tbody tr")
            expect(rows).to_have_count(6)
            expect(rows.nth(2)).to_contain_text("Đại tá")
            expect(rows.nth(3)).to_contain_text("không hợp lệ")
            # the ambiguous "Lê Văn Cường": choose the Chánh Văn phòng
            rows.nth(2).locator("select[name=person_2]").select_option(str(cuong.pk))
            rows.nth(3).locator("input[name=use_3]").uncheck()
            rows.nth(5).locator("input[name=use_5]").uncheck()
            page.screenshot(path=str(ARTIFACTS / "proposals-preview.png"), full_page=True)
            page.click("button:has-text('Tạo các đề nghị đã chọn')")
            expect(page.locator(".alert-success")).to_contain_text("Đã tạo 4 đề nghị")
            expect(page.locator("main")).to_contain_text("Phòng Giáo dục Trung học")
        finally:
            browser.close()
    dossier = Dossier.objects.get()
    got = {(n.person_id or n.nominee_unit_id, n.award_type.code) for n in dossier.nominations.all()}
    binh = dossier.nominations.get(nominee_name="Trần Thị Bình").person
    assert got == {(an.pk, "BK_TINH"), (binh.pk, "BK_TINH"), (cuong.pk, "CSTD_CO_SO"), (team.pk, "TTLDXS")}


def files_mime():
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
