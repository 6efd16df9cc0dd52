"""The award journey of issue #13 in headless Chromium, every step a user takes done in the browser: a unit officer
makes a proposal (dossier, nomination, attachments) and sends it to the unit's head, who approves it on a phone; the
province receives and appraises it and sends it to the council; the council's standing member creates and opens a
session, members vote by secret ballot (one on a 390 px phone), paper ballots are recorded and the ballot counted;
the province submits it for decision and the province's leader signs; the certificate is printed and the public
verification page, opened on a phone from the certificate's code, confirms it.

Every main page is photographed at 1366×800 and 390×844 (artifacts/screenshots/award/), checked by axe-core and for
sideways scrolling on the phone (tests/journeys/album.py). Only the setting is made in Python: units, people,
accounts, the council."""

import datetime as dt

import pytest

from tests.browser import PASSWORD, journey, launch, new_page, sign_in
from tests.conftest import BALLOT_PASSPHRASE
from tests.dossiers.conftest import PDF
from tests.factories import PersonFactory, UnitFactory, UserFactory
from tests.journeys.album import DESKTOP, PHONE, Album, choose
from thidua.awards import catalogue
from thidua.awards.models import Award, AwardType, BaseSalary, Rating
from thidua.core.roles import Role
from thidua.dossiers.models import Ballot, Council, CouncilMember, Dossier


@pytest.fixture
def setting(province, unit_a, officer_a, staff):
    """The unit's head, the province's leader, a council of five (the standing member and four members with
    accounts), and a teacher with two years of excellent ratings, Chiến sĩ thi đua cơ sở both years."""
    catalogue.sync(AwardType, BaseSalary)  # transactional test: the catalogue migrations' rows were flushed
    catalogue.sync_historical(AwardType)
    this_year = dt.date.today().year
    person = PersonFactory(full_name="Nguyễn Thị Phương Thảo", gender="female", unit=unit_a,
                           position="Giáo viên Trường THPT Chuyên Hưng Yên", joined_on=dt.date(2010, 9, 1))
    for year in (this_year - 2, this_year - 1, this_year):
        Rating.objects.create(person=person, year=year, rating="HTXSNV")
    cstd = AwardType.objects.get(code="CSTD_CO_SO")
    for year in (this_year - 1, this_year):  # Chiến sĩ thi đua cơ sở two years running: fit for a Bằng khen
        Award.objects.create(award_type=cstd, person=person, unit=unit_a, recipient_kind="individual", year=year,
                             decision_number=f"{year - 2000}/QĐ-SGDĐT", decision_date=dt.date(year, 6, 1))
    head = UserFactory(username="lanhdao_a", role=Role.UNIT_LEADER, unit=unit_a,
                       first_name="Quang Huy", last_name="Phạm")
    leader = UserFactory(username="lanhdao", role=Role.LEADER, unit=province, first_name="Văn", last_name="Trần Quốc")
    secretary = UserFactory(username="thuongtruc", role=Role.COUNCIL_SECRETARY, unit=province,
                            first_name="Minh Tuấn", last_name="Đỗ")
    council = Council.objects.create(name="Hội đồng Thi đua – Khen thưởng tỉnh", unit=province)
    CouncilMember.objects.create(council=council, user=secretary, full_name="Đỗ Minh Tuấn", unit=province,
                                 role=CouncilMember.Role.STANDING)
    names = ["Trần Văn Quang", "Lê Thị Hoa", "Vũ Đức Minh", "Hòang Thu Trang"]
    for i, name in enumerate(names):
        unit = UnitFactory(parent=province, name=f"Sở Ban ngành {i + 1}")
        user = UserFactory(username=f"uyvien{i}", role=Role.COUNCIL_MEMBER, unit=unit)
        CouncilMember.objects.create(council=council, user=user, full_name=name, unit=unit,
                                     role=CouncilMember.Role.CHAIR if i == 0 else CouncilMember.Role.MEMBER)
    return {"person": person, "head": head, "leader": leader, "secretary": secretary, "year": this_year}


def _phone(browser):
    return browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True).new_page()


def _sign_in_phone(browser, base, username):
    page = _phone(browser)
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
def test_proposal_to_verified_certificate_at_1366_and_390(live_server, setting, officer_a, staff):
    from playwright.sync_api import expect, sync_playwright

    base = live_server.url
    person, year = setting["person"], setting["year"]
    bk_tinh = AwardType.objects.get(code="BK_TINH").pk  # no ORM inside Playwright's event loop
    album = Album("award")
    with sync_playwright() as p:
        browser = launch(p)
        try:
            # 1. The unit officer: a dossier, a nomination, the Tờ trình and the achievement report.
            page = _desktop(browser, base, officer_a.username)
            page.goto(f"{base}/ho-so/")
            page.click("main a[href='/ho-so/tao-moi/']")
            page.fill("input[name=title]", f"Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm {year}")
            page.fill("input[name=year]", str(year))
            album.shoot(page, "01-new-dossier")
            page.click("main form button:has-text('Lưu')")
            expect(page.locator("h1")).to_contain_text("Bằng khen của Chủ tịch UBND tỉnh")
            dossier_url = page.url

            page.click("a:has-text('Thêm đề nghị')")
            page.click("label:has-text('Cá nhân')")
            choose(page, "person", "phuong thao", person.full_name)
            page.fill("[data-filter-search]", "bang khen chu tich")
            page.select_option("select[name=award_type]", str(bk_tinh))
            expect(page.locator("#verdict")).to_contain_text("Đủ tiêu chuẩn")
            page.fill("textarea[name=achievement_summary]",
                      "Hai năm liên tục hòan thành xuất sắc nhiệm vụ; bồi dưỡng 3 học sinh đạt giải quốc gia.")
            album.shoot(page, "02-nomination")
            page.click("text=Lưu đề nghị")
            expect(page.locator("main table")).to_contain_text(person.full_name)
            for kind, name in (("to_trinh", "to-trinh.pdf"), ("bao_cao", "bao-cao-thanh-tich.pdf")):
                page.select_option("select[name=kind]", kind)
                page.set_input_files("input[name=file]", {"name": name, "mimeType": "application/pdf", "buffer": PDF})
                with page.expect_navigation():
                    page.click("button:has-text('Tải lên')")
                expect(page.locator(".alert-success[role=alert]")).to_contain_text("Đã tải lên")
            album.shoot(page, "03-dossier-ready")
            page.click("button:has-text('Trình lãnh đạo đơn vị duyệt')")
            expect(page.locator(".fs-5 .badge")).to_contain_text("Chờ lãnh đạo đơn vị duyệt")
            page.context.close()

            # 2. The unit's head approves it on a phone.
            page = _sign_in_phone(browser, base, setting["head"].username)
            page.goto(dossier_url)
            album.shoot(page, "04-unit-approval")
            page.click("button:has-text('Duyệt, gửi lên tỉnh')")
            expect(page.locator(".alert-success[role=alert]")).to_be_visible()
            expect(page.locator(".fs-5 .badge")).to_contain_text("Đã gửi")
            page.context.close()

            # 3. The province receives it, appraises the nomination, completes the appraisal, sends it to the council.
            page = _desktop(browser, base, staff.username)
            page.goto(dossier_url)
            page.click("button:has-text('Tiếp nhận')")
            expect(page.locator(".fs-5 .badge")).to_contain_text("Đã tiếp nhận")
            page.click("main a[href$='/tham-dinh/']")
            page.select_option("select[name=result]", "accepted")
            page.fill("textarea[name=note]", "Đủ điều kiện, đủ hồ sơ theo quy định.")
            album.shoot(page, "05-appraisal")
            page.click("button:has-text('Ghi kết quả')")
            expect(page.locator(".alert-success[role=alert]")).to_be_visible()
            page.goto(dossier_url)
            page.click("form button:has-text('Hòan thành thẩm định')")
            expect(page.locator(".alert-success[role=alert]")).to_contain_text("Đã thẩm định")
            page.click("form button:has-text('Trình Hội đồng')")
            expect(page.locator(".fs-5 .badge")).to_contain_text("Hội đồng")
            album.shoot(page, "06-dossier-at-council")
            page.context.close()

            # 4. The standing member creates the session, takes the roll, sets the agenda, opens it and the ballot.
            page = _desktop(browser, base, setting["secretary"].username)
            page.goto(f"{base}/ho-so/hoi-dong/")
            page.fill("input[name=title]", f"Phiên họp xét khen thưởng tổng kết năm {year}")
            page.fill("input[name=place]", "Phòng họp số 1, UBND tỉnh")
            album.shoot(page, "07-council")
            page.click("button:has-text('Tạo phiên họp')")
            expect(page.locator(".alert-success[role=alert]")).to_contain_text("Đã tạo phiên họp")
            session_url = page.url
            for box in page.locator("input[name=present]").all():
                box.check()
            page.click("button:has-text('Lưu điểm danh')")
            expect(page.locator(".alert-success[role=alert]")).to_contain_text("Đã lưu điểm danh")
            page.check(f"label:has-text('{person.full_name}')")
            page.click("button:has-text('Thêm vào chương trình')")
            expect(page.locator(".alert-success[role=alert]")).to_contain_text("Đã đưa 1 đề nghị vào chương trình")
            page.fill("#passphrase", BALLOT_PASSPHRASE)
            page.fill("#passphrase_confirmation", BALLOT_PASSPHRASE)
            page.click("button:has-text('Khai mạc phiên họp')")
            expect(page.locator(".alert-success[role=alert]")).to_contain_text("Đã khai mạc phiên họp")
            page.click("button:has-text('Mở phiếu')")
            expect(page.locator(".alert-success[role=alert]")).to_contain_text("Đã mở bỏ phiếu")
            album.shoot(page, "08-session-open")

            # 5. Members vote by secret ballot: one on a phone, one at a desk, each from their own account.
            for username, screen in (("uyvien1", PHONE), ("uyvien2", DESKTOP)):
                voter = (_sign_in_phone(browser, base, username) if screen is PHONE
                         else _desktop(browser, base, username))
                voter.goto(session_url)
                voter.click("main a:has-text('Bỏ phiếu')")
                expect(voter.locator("h1")).to_contain_text("Phiếu bầu kín")
                if screen is PHONE:
                    album.shoot(voter, "09-ballot")
                voter.check("input[name=choice][value=yes]")
                voter.click("button:has-text('Gửi phiếu')")
                expect(voter.locator(".alert-success[role=alert]")).to_contain_text("Đã ghi nhận phiếu của bạn")
                expect(voter.locator("main")).to_contain_text("Đã bỏ phiếu")
                if screen is PHONE:
                    album.shoot(voter, "10-ballot-cast")
                voter.context.close()

            # 6. The three others vote on paper; the standing member records the count, tallies, closes the session.
            page.goto(session_url)
            expect(page.locator(".alert-warning").first).to_contain_text("Còn 3 thành viên có mặt chưa bỏ phiếu")
            page.fill("input[name=paper_yes]", "2")
            page.fill("input[name=paper_no]", "1")
            page.click("button:has-text('Ghi nhận phiếu giấy')")
            expect(page.locator(".alert-success[role=alert]")).to_contain_text("Đã ghi nhận 3 phiếu giấy")
            page.fill("input[name=passphrase]", BALLOT_PASSPHRASE)
            page.click("button:has-text('Kiểm phiếu')")
            expect(page.locator(".alert-success[role=alert]")).to_contain_text("Đã kiểm phiếu: 4/5 đồng ý")
            page.fill("textarea[name=conclusion]", "Hội đồng thống nhất đề nghị Chủ tịch UBND tỉnh tặng Bằng khen.")
            page.click("button:has-text('Kết thúc phiên họp')")
            expect(page.locator(".alert-success[role=alert]")).to_contain_text("Đã kết thúc phiên họp")
            expect(page.locator("main")).to_contain_text("Kết quả kiểm phiếu")
            album.shoot(page, "11-tally")
            page.context.close()

            # 7. The province submits it for decision; the province's leader signs.
            page = _desktop(browser, base, staff.username)
            page.goto(dossier_url)
            page.click("form button:has-text('Trình ký quyết định')")
            expect(page.locator(".fs-5 .badge")).to_contain_text("Trình ký quyết định")
            page.context.close()

            page = _desktop(browser, base, setting["leader"].username)
            page.goto(dossier_url)
            page.click("main a:has-text('Ký quyết định')")
            expect(page.locator("h1")).to_contain_text("Ký quyết định khen thưởng")
            page.fill("input[name=signer_title]", "Phó Chủ tịch")
            album.shoot(page, "12-sign")
            page.click("button:has-text('Ký và cấp số quyết định')")
            expect(page.locator(".alert-success[role=alert]")).to_contain_text("Đã ký quyết định số")
            expect(page.locator("#decision-document")).to_contain_text("QUYẾT ĐỊNH")
            album.shoot(page, "13-decision")
            page.context.close()

            # 8. The province prints the certificate and finds its verification code among the decision's documents.
            page = _desktop(browser, base, staff.username)
            page.goto(dossier_url)
            page.click("#dossier-documents-card a:has-text('Văn bản')")
            with page.expect_download() as pdf:
                page.click("a:has-text('In bằng khen, giấy khen (PDF)')")
            assert open(pdf.value.path(), "rb").read(5) == b"%PDF-"
            page.reload()
            code = page.locator("main table a[href^='/xac-minh/']").first
            expect(code).to_be_visible()
            verify_path = code.get_attribute("href")
            page.click("button:has-text('Công khai quyết định')")
            expect(page.locator(".alert-success[role=alert]")).to_contain_text("Đã công khai quyết định")
            album.shoot(page, "14-documents")
            page.context.close()

            # 9. Anyone, on a phone, from the code: the public verification page confirms the certificate.
            page = _phone(browser)
            page.goto(base + verify_path)
            expect(page.locator(".alert-success[role=status]")).to_contain_text("được cấp hợp lệ và đang có hiệu lực")
            expect(page.locator("main")).to_contain_text(person.full_name)
            expect(page.locator("main")).to_contain_text("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
            album.shoot(page, "15-verify")
            page.goto(f"{base}/cong-khai/")
            page.click("main table a[href^='/cong-khai/']")
            expect(page.locator("main")).to_contain_text(person.full_name)
            album.shoot(page, "16-published")
        finally:
            browser.close()

    assert not album.problems, "\n".join(album.problems)
    dossier = Dossier.objects.get()
    assert dossier.state == Dossier.State.DECIDED
    ballot = Ballot.objects.get()
    assert (ballot.votes_yes, ballot.votes_no, ballot.members_total, ballot.passed) == (4, 1, 5, True)
    award = Award.objects.get(person=person, award_type__code="BK_TINH")
    assert award.award_type.code == "BK_TINH" and award.certificate.code in verify_path
