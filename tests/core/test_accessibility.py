"""Accessibility in headless Chromium: axe-core (vendored, tests/vendor/axe-core-4.14.1) finds no serious or
critical violation on the main pages — staff lists, a dossier, the nomination form with its pickers, the plan,
petition and report pages, the council ballot on a phone, and the public pages."""

import datetime as dt

from tests.browser import PASSWORD, axe_violations, journey, launch, new_page, sign_in
from thidua.awards import catalogue
from thidua.awards.models import AwardType, BaseSalary


@journey
def test_main_pages_have_no_serious_accessibility_violations(live_server, settings, tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.conftest import BALLOT_PASSPHRASE
    from tests.dossiers.conftest import pdf_upload
    from tests.factories import PersonFactory, UnitFactory, UserFactory
    from thidua.core.roles import Role
    from thidua.dossiers import services
    from thidua.dossiers.models import Council, CouncilMember, DossierState, Nomination

    settings.MEDIA_ROOT = tmp_path
    catalogue.sync(AwardType, BaseSalary)
    province = UnitFactory(code="ubnd-a11y", kind="province", name="Ủy ban nhân dân tỉnh")
    unit = UnitFactory(code="so-a11y", parent=province, name="Sở Giáo dục và Đào tạo")
    UserFactory(username="tinh", role=Role.PROVINCE_STAFF, unit=province)
    officer = UserFactory(username="canbo", role=Role.UNIT_OFFICER, unit=unit)
    secretary = UserFactory(username="thuongtruc", role=Role.COUNCIL_SECRETARY, unit=province)
    council = Council.objects.create(name="Hội đồng Thi đua – Khen thưởng tỉnh", unit=province)
    members = [
        CouncilMember.objects.create(
            council=council,
            user=UserFactory(username=f"uyvien{i}", role=Role.COUNCIL_MEMBER, unit=province),
            full_name=f"Ủy viên {i}",
            unit=UnitFactory(parent=province),
            role="chair" if i == 0 else "member",
        )
        for i in range(3)
    ]
    dossier = services.create_dossier(
        officer,
        unit=unit,
        title="Đề nghị công nhận Lao động tiên tiến năm 2025",
        kind="cong_trang",
        year=2025,
    )
    services.save_nomination(
        officer,
        dossier,
        Nomination(
            person=PersonFactory(unit=unit, full_name="Nguyễn Thị Phương Thảo"),
            award_type=AwardType.objects.get(code="LDTT"),
            achievement_summary="Giáo viên dạy giỏi cấp tỉnh.",
        ),
    )
    services.add_attachment(officer, dossier, pdf_upload(), "to_trinh")
    dossier.__class__.objects.filter(pk=dossier.pk).update(state=DossierState.COUNCIL)
    Nomination.objects.filter(dossier=dossier).update(appraisal="accepted")
    session = services.create_session(
        secretary, council, title="Phiên họp xét khen thưởng", held_on=dt.date(2025, 12, 1)
    )
    services.set_attendance(secretary, session, [m.pk for m in members])
    [ballot] = services.add_to_agenda(secretary, session, list(Nomination.objects.select_related("dossier")))
    services.open_session(secretary, session, BALLOT_PASSPHRASE)
    services.open_ballot(secretary, ballot)

    base = live_server.url
    problems = []
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = new_page(browser)
            for path in ("/thu-vien-van-ban/", "/cong-khai/", "/dien-hinh-tien-tien/", "/dang-nhap/"):
                page.goto(base + path)
                problems += axe_violations(page)
            sign_in(page, base, "tinh")
            for path in (
                "/",
                "/ho-so/",
                f"/ho-so/{dossier.pk}/",
                "/to-chuc/ca-nhan/",
                "/khen-thuong/so-khen-thuong/",
                "/ke-hoach/",
                "/kiem-tra/don-thu/",
                "/kiem-tra/don-thu/moi/",
                "/bao-cao/",
            ):
                page.goto(base + path)
                problems += axe_violations(page)
            page.context.close()

            page = new_page(browser)
            sign_in(page, base, "canbo")
            page.goto(f"{base}/ho-so/{dossier.pk}/de-nghi/them/")
            page.locator(".picker:has(input[name='person']) [data-picker-text]").fill("thao")  # the list open
            page.wait_for_selector("[role=option]")
            problems += axe_violations(page)
            page.context.close()

            phone = browser.new_context(
                locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True
            )
            page = phone.new_page()
            page.goto(f"{base}/dang-nhap/")
            page.fill("input[name=username]", "uyvien1")
            page.fill("input[name=password]", PASSWORD)
            with page.expect_navigation():
                page.keyboard.press("Enter")
            page.goto(f"{base}/ho-so/phien-hop/{session.pk}/bo-phieu/")
            problems += axe_violations(page)
        finally:
            browser.close()
    assert problems == []
