"""Journey in headless Chromium: a unit officer creates a dossier, adds a nomination (the verdict refreshes live
through htmx), uploads the proposal and the report, and submits. Screenshot kept under artifacts/."""

from tests.browser import ARTIFACTS, journey, launch, new_page, pick, sign_in
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
            page.click("label:has-text('Cá nhân')")  # one kind chooser
            expect(page.locator("[data-field=nominee_unit]")).to_be_hidden()
            pick(page, "person", "lan", person_a.full_name)  # searchable, without diacritics, by keyboard
            page.fill("[data-filter-search]", "lao dong tien")  # award types searchable, fitting the kind
            page.select_option("select[name=award_type]", str(ldtt.pk))
            expect(page.locator("#verdict")).to_contain_text("Đủ tiêu chuẩn")  # htmx refresh
            page.fill("textarea[name=achievement_summary]", "Hòan thành xuất sắc nhiệm vụ năm học.")
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


@journey
def test_council_member_votes_on_a_390px_phone_by_keyboard_and_the_secretary_counts(live_server, settings, tmp_path):
    """The ballot page on a 390 px wide phone: nothing overflows sideways, the dossier and the achievement summary
    are one tap away, and a member votes with the keyboard alone (Tab, Space, Enter). The secretary then records
    the others as paper ballots and counts with the passphrase, also by keyboard."""
    import datetime as dt

    from playwright.sync_api import expect, sync_playwright

    from tests.browser import PASSWORD
    from tests.conftest import BALLOT_PASSPHRASE
    from tests.dossiers.conftest import pdf_upload
    from tests.factories import PersonFactory, UnitFactory, UserFactory
    from thidua.core.roles import Role
    from thidua.dossiers import services
    from thidua.dossiers.models import Ballot, Council, CouncilMember, DossierState, Nomination

    settings.MEDIA_ROOT = tmp_path
    catalogue.sync(AwardType, BaseSalary)
    province = UnitFactory(code="ubnd-p", kind="province")
    unit = UnitFactory(code="don-vi-p", parent=province, name="Trường Trung học phổ thông Chuyên Hưng Yên")
    officer = UserFactory(role=Role.UNIT_OFFICER, unit=unit)
    secretary = UserFactory(username="thuongtruc", role=Role.COUNCIL_SECRETARY, unit=province)
    council = Council.objects.create(name="Hội đồng Thi đua – Khen thưởng tỉnh", unit=province)
    voters = []
    for i in range(5):
        user = UserFactory(username=f"uyvien{i}", role=Role.COUNCIL_MEMBER, unit=province)
        voters.append(CouncilMember.objects.create(council=council, user=user, full_name=f"Ủy viên {i}",
                                                   unit=UnitFactory(parent=province), role="chair" if i == 0 else "member"))
    dossier = services.create_dossier(officer, unit=unit, title="Đề nghị công nhận Lao động tiên tiến năm 2025",
                                      kind="cong_trang", year=2025)
    services.save_nomination(officer, dossier, Nomination(
        person=PersonFactory(unit=unit, full_name="Nguyễn Thị Phương Thảo"), award_type=AwardType.objects.get(code="LDTT"),
        achievement_summary="Giáo viên dạy giỏi cấp tỉnh; bồi dưỡng 3 học sinh đạt giải quốc gia."))
    services.add_attachment(officer, dossier, pdf_upload(), "to_trinh")
    services.add_attachment(officer, dossier, pdf_upload("bao-cao.pdf"), "bao_cao")
    dossier.__class__.objects.filter(pk=dossier.pk).update(state=DossierState.COUNCIL)
    Nomination.objects.filter(dossier=dossier).update(appraisal="accepted")
    session = services.create_session(secretary, council, title="Phiên họp xét khen thưởng", held_on=dt.date(2025, 12, 1))
    services.set_attendance(secretary, session, [m.pk for m in voters])
    [ballot] = services.add_to_agenda(secretary, session, list(Nomination.objects.select_related("dossier")))
    services.open_session(secretary, session, BALLOT_PASSPHRASE)
    services.open_ballot(secretary, ballot)

    def sign_in_by_keyboard(page, username):
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")

    with sync_playwright() as p:
        browser = launch(p)
        try:
            phone = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                        has_touch=True)
            page = phone.new_page()
            sign_in_by_keyboard(page, "uyvien1")
            page.goto(f"{live_server.url}/ho-so/phien-hop/{session.pk}/bo-phieu/")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
            expect(page.locator(f"a[href='/ho-so/{dossier.pk}/']")).to_be_visible()
            expect(page.locator("a:has-text('Báo cáo thành tích')")).to_be_visible()
            page.click("summary:has-text('Tóm tắt thành tích')")
            expect(page.locator("details")).to_contain_text("bồi dưỡng 3 học sinh")
            page.screenshot(path=str(ARTIFACTS / "ballot-phone.png"), full_page=True)

            # Keyboard only: Tab to the "Đồng ý" radio, Space to choose, Tab to the button, Enter to send.
            for _ in range(60):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.name === 'choice'"):
                    break
            assert page.evaluate("document.activeElement.value") == "yes"
            page.keyboard.press("Space")
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.textContent.trim()") == "Gửi phiếu"
            with page.expect_navigation():
                page.keyboard.press("Enter")
            expect(page.locator(".alert-success")).to_contain_text("Đã ghi nhận phiếu của bạn")
            expect(page.locator("main")).to_contain_text("Đã bỏ phiếu")

            page = phone.new_page()
            sign_in_by_keyboard(page, "thuongtruc")
            page.goto(f"{live_server.url}/ho-so/phien-hop/{session.pk}/")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            expect(page.locator(".alert-warning").first).to_contain_text("Còn 4 thành viên có mặt chưa bỏ phiếu")
            page.focus(f"#py{ballot.pk}")
            page.keyboard.type("3")
            page.keyboard.press("Tab")
            page.keyboard.type("1")
            page.keyboard.press("Tab")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            expect(page.locator(".alert-success[role=alert]")).to_contain_text("Đã ghi nhận 4 phiếu giấy")
            page.focus(f"#pp{ballot.pk}")
            page.keyboard.type(BALLOT_PASSPHRASE)
            with page.expect_navigation():
                page.keyboard.press("Enter")  # implicit submission: the "Kiểm phiếu" button
            expect(page.locator(".alert-success[role=alert]")).to_contain_text("Đã kiểm phiếu: 4/5 đồng ý")
            page.screenshot(path=str(ARTIFACTS / "ballot-secretary-phone.png"), full_page=True)
        finally:
            browser.close()
    ballot = Ballot.objects.get(pk=ballot.pk)
    assert (ballot.state, ballot.votes_yes, ballot.votes_no) == ("closed", 4, 1)
