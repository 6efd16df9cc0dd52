"""The registers an officer opens on a phone (issue #13 item 3): people, units, the award register, dossiers and
decisions at 390×844 — the page never scrolls sideways, no column is cut off (rows stack), axe finds nothing
serious; photographed beside the 1366 px view."""

import datetime as dt

from tests.browser import journey, launch, new_page, sign_in
from tests.factories import PersonFactory
from tests.journeys.album import Album
from thidua.awards.models import Award, AwardType


@journey
def test_registers_stack_their_rows_on_a_phone(live_server, staff, unit_a):
    from playwright.sync_api import sync_playwright

    from thidua.awards import catalogue
    from thidua.awards.models import BaseSalary

    catalogue.sync(AwardType, BaseSalary)  # transactional test: the catalogue migrations' rows were flushed
    lan = PersonFactory(unit=unit_a, full_name="Nguyễn Thị Phương Lan", position="Phó Trưởng phòng Giáo dục mầm non",
                        birth_date=dt.date(1980, 5, 17))
    PersonFactory(unit=unit_a, full_name="Trần Văn Khánh", position="Giáo viên", birth_date=dt.date(1990, 1, 2))
    bk = AwardType.objects.get(code="BK_TINH")
    Award.objects.create(award_type=bk, person=lan, unit=unit_a, recipient_kind="individual", year=2025,
                         decision_number="1234/QĐ-UBND", decision_date=dt.date(2025, 12, 20))
    base = live_server.url
    album = Album("phone-lists")
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = new_page(browser)
            sign_in(page, base, staff.username)
            for step, path in (("01-people", "/to-chuc/ca-nhan/"), ("02-units", "/to-chuc/don-vi/"),
                               ("03-award-register", "/khen-thuong/so-khen-thuong/"), ("04-dossiers", "/ho-so/"),
                               ("05-decisions", "/ho-so/quyet-dinh/")):
                page.goto(base + path)
                album.shoot(page, step)
        finally:
            browser.close()
    assert album.problems == []
