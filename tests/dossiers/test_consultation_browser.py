"""Journey in headless Chromium: province staff consult two agencies about a Huân chương nominee; the police answer
"không đồng ý"; the dossier cannot complete appraisal while the nominee is held; staff record the verification
result, the hold is lifted and appraisal completes. Screenshots kept under artifacts/."""

import datetime as dt

from tests.browser import ARTIFACTS, journey, launch, new_page, sign_in
from tests.dossiers.conftest import add_nomination, make_dossier, pdf_upload
from tests.factories import PersonFactory
from thidua.awards import catalogue
from thidua.awards.models import AwardType, BaseSalary, PendingProceeding, Rating
from thidua.dossiers import services
from thidua.dossiers.models import Consultation, ConsultedAgency, Dossier, Nomination


def _received_state_award(officer, staff, unit):
    person = PersonFactory(
        full_name="Nguyễn Thị Lan", gender="female", unit=unit, joined_on=dt.date(2010, 1, 1)
    )
    for year in (2024, 2025, 2026):
        Rating.objects.create(person=person, year=year, rating="HTXSNV")
    dossier = make_dossier(officer, title="Đề nghị tặng Huân chương Lao động hạng Ba")
    add_nomination(
        officer,
        dossier,
        person,
        AwardType.objects.get(code="HCLD_3"),
        justification="Thành tích đặc biệt xuất sắc, đơn vị giải trình.",
    )
    services.add_attachment(officer, dossier, pdf_upload(), "to_trinh")
    services.add_attachment(officer, dossier, pdf_upload("bao-cao.pdf"), "bao_cao")
    services.transition(dossier, "submit", officer)
    services.transition(dossier, "receive", staff)
    services.appraise_nomination(
        staff, dossier.nominations.get(), Nomination.Appraisal.ACCEPTED, "Đủ điều kiện."
    )
    return dossier


@journey
def test_a_negative_consultation_answer_blocks_the_nomination_until_cleared(
    live_server, officer_a, staff, unit_a
):
    from playwright.sync_api import expect, sync_playwright

    catalogue.sync(AwardType, BaseSalary)  # transactional test: the catalogue migrations' rows were flushed
    police = ConsultedAgency.objects.create(name="Công an tỉnh", order=1)
    ConsultedAgency.objects.create(name="Thuế tỉnh", order=2)
    dossier = _received_state_award(officer_a, staff, unit_a)
    base = live_server.url
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = new_page(browser)
            sign_in(page, base, staff.username)
            page.goto(f"{base}/ho-so/{dossier.pk}/")
            expect(page.locator("[data-consultation-problem]")).to_contain_text("Chưa lấy ý kiến hiệp y")
            # appraisal cannot complete before the agencies are consulted
            page.click("form button:has-text('Hòan thành thẩm định')")
            expect(page.locator(".alert-danger").first).to_contain_text(
                "Chưa lấy ý kiến hiệp y cho: Nguyễn Thị Lan"
            )

            page.click("[data-consultation-panel] a:has-text('Lấy ý kiến hiệp y')")
            expect(page.locator("h1")).to_contain_text("Lấy ý kiến hiệp y")
            page.fill("input[name=number]", "215/SNV-TĐKT")
            page.click("button[data-start-consultation]")
            expect(page.locator(".alert-success")).to_contain_text("Đã lập đợt lấy ý kiến hiệp y")
            with page.expect_download() as download:
                page.click("a:has-text('Công an tỉnh')")
            assert download.value.suggested_filename.endswith(".docx")

            consultation_url = page.url
            police_cell = page.locator(
                "[data-replies] td", has=page.get_by_label("Công an tỉnh — Nguyễn Thị Lan")
            )
            police_cell.locator("select").select_option("disagree")
            police_cell.locator("input").fill("Đang bị xem xét xử lý vi phạm hành chính")
            page.get_by_label("Thuế tỉnh — Nguyễn Thị Lan").select_option("agree")
            page.click("button[data-save-replies]")
            expect(page.locator("[data-held-reply]")).to_contain_text("Công an tỉnh")
            expect(page.locator("[data-consultation-state]")).to_contain_text("Đã kết thúc lấy ý kiến")
            page.screenshot(path=str(ARTIFACTS / "consultation-disagreement.png"), full_page=True)

            # the dossier page shows the hold, and appraisal is refused with its reason
            page.goto(f"{base}/ho-so/{dossier.pk}/")
            expect(page.locator("[data-holds]").first).to_contain_text("cơ quan được lấy ý kiến không đồng ý")
            page.click("form button:has-text('Hòan thành thẩm định')")
            expect(page.locator(".alert-danger").first).to_contain_text(
                "chưa xét khen thưởng cho đến khi có kết luận"
            )
            expect(page.locator(".fs-5 .badge")).to_contain_text("Đã tiếp nhận")

            # staff record the verification result: the hold is lifted
            page.goto(consultation_url)
            page.locator("[data-held-reply] textarea").fill(
                "Công an tỉnh có văn bản số 88: không có vi phạm."
            )
            page.click("button[data-clear-reply]")
            expect(page.locator(".alert-success")).to_contain_text("Đã gỡ tạm dừng")
            page.goto(f"{base}/ho-so/{dossier.pk}/")
            expect(page.locator("[data-holds]")).to_have_count(0)
            page.click("form button:has-text('Hòan thành thẩm định')")
            expect(page.locator(".alert-success")).to_contain_text("Đã thẩm định")
            page.screenshot(path=str(ARTIFACTS / "consultation-cleared.png"), full_page=True)
        finally:
            browser.close()
    assert Dossier.objects.get(pk=dossier.pk).state == Dossier.State.APPRAISED
    reply = Consultation.objects.get().replies.get(agency=police)
    assert reply.answer == "disagree" and reply.reason == "Đang bị xem xét xử lý vi phạm hành chính"
    assert (
        reply.proceeding.kind == PendingProceeding.Kind.CONSULTATION
        and reply.proceeding.closed_on is not None
    )
