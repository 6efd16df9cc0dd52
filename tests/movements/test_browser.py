"""Journey in headless Chromium through the group scoring round: the member unit's officer self-scores and sends;
the head of the Khối confirms the cross-score; the province finalises; the ranking shows who leads the Khối.
Keeps a screenshot under artifacts/ (git-ignored)."""

from tests.browser import ARTIFACTS, journey, launch, new_page, sign_in
from tests.movements.conftest import score_unit
from thidua.movements.models import Scorecard, ScoringRubric


@journey
def test_self_score_cross_score_finalise_and_rank(live_server, open_rubric, unit_a, unit_b, unit_c, officer_a,
                                                  officer_b, officer_c, head_a, staff):
    from playwright.sync_api import expect, sync_playwright

    full = {"I.1": 30, "I.2": 20, "II.1": 30, "II.2": 20}
    score_unit(Scorecard.objects.get(rubric=open_rubric, unit=unit_a), {**full, "I.1": 28}, officer_a)
    score_unit(Scorecard.objects.get(rubric=open_rubric, unit=unit_c), {**full, "II.1": 25}, officer_c)
    card_b = Scorecard.objects.get(rubric=open_rubric, unit=unit_b)
    crit = {c.code: c.pk for c in open_rubric.criteria.all()}
    base = live_server.url
    with sync_playwright() as p:
        browser = launch(p)
        try:
            # The unit officer of B scores too high, reads the Vietnamese message, corrects and sends.
            page = new_page(browser)
            sign_in(page, base, officer_b.username)
            page.goto(f"{base}/thi-dua/phieu-cham/{card_b.pk}/")
            for code, points in full.items():
                page.fill(f"input[name=s-{crit[code]}]", str(points))
            page.fill(f"input[name=s-{crit['III.1']}]", "7")
            page.click("button:has-text('Lưu điểm')")
            expect(page.locator(".alert-danger")).to_contain_text("không được vượt quá điểm tối đa 5")
            page.fill(f"input[name=s-{crit['III.1']}]", "4,5")
            page.once("dialog", lambda d: d.accept())
            page.click("button:has-text('Lưu và gửi tự chấm')")
            expect(page.locator(".alert-success")).to_contain_text("Đã gửi kết quả tự chấm")
            page.context.close()

            # The head of the Khối lowers one criterion at the group meeting and confirms.
            page = new_page(browser)
            sign_in(page, base, head_a.username)
            page.goto(f"{base}/thi-dua/phieu-cham/{card_b.pk}/?lop=cross")
            page.fill(f"input[name=s-{crit['I.2']}]", "18")
            page.click("button:has-text('Lưu và xác nhận chấm chéo')")
            expect(page.locator(".alert-success")).to_contain_text("Đã xác nhận kết quả chấm chéo")
            page.context.close()

            # The province finalises; B (100 − 2 + 4.5 = 102.5) leads.
            page = new_page(browser)
            sign_in(page, base, staff.username)
            page.goto(f"{base}/thi-dua/cham-diem/{open_rubric.pk}/xep-hang/")
            page.click("button:has-text('Chốt kết quả')")
            expect(page.locator(".alert-success")).to_contain_text("Đã chốt kết quả")
            leader = page.locator("tbody tr").first
            expect(leader).to_contain_text(unit_b.name)
            expect(leader).to_contain_text("Dẫn đầu Cụm/Khối")
            page.screenshot(path=str(ARTIFACTS / "movements-ranking-finalised.png"), full_page=True)
        finally:
            browser.close()
    open_rubric.refresh_from_db()
    assert open_rubric.status == ScoringRubric.Status.FINALISED
    ranks = {c.unit_id: c.rank for c in Scorecard.objects.filter(rubric=open_rubric)}
    assert ranks == {unit_b.pk: 1, unit_a.pk: 2, unit_c.pk: 3}  # B 102.5, A 98, C 95
