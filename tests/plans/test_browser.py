"""Journey in real headless Chromium: sign in → plan tracker → open a task → mark it done. Keeps a screenshot
under artifacts/ (git-ignored) for people to look at."""

from tests.browser import ARTIFACTS, journey, launch, new_page, sign_in
from thidua.plans.models import PlanTask


@journey
def test_sign_in_open_tracker_and_mark_a_task_done(live_server, staff, plan_196):
    from playwright.sync_api import expect, sync_playwright

    task_pk = plan_196.tasks.get(order=10).pk
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = new_page(browser)
            sign_in(page, live_server.url, "tinh")

            page.goto(f"{live_server.url}/ke-hoach/theo-quy/?ke_hoach={plan_196.pk}&quy=II")
            expect(page.locator("h1")).to_contain_text("Theo dõi nhiệm vụ theo quý")
            page.click("text=Họp Hội đồng Thi đua - Khen thưởng tỉnh (Phiên thứ nhất)")
            page.wait_for_url(f"{live_server.url}/ke-hoach/nhiem-vu/{task_pk}/")

            # one form: the report, whose status starts at the task's own ("Chưa thực hiện (giữ nguyên)")
            expect(page.locator("#status-form")).to_have_count(0)
            expect(page.locator("#report-form select[name=status] option:checked")).to_contain_text("Chưa thực hiện")
            expect(page.locator("#report-form [data-field=completed_on]")).to_be_hidden()
            page.select_option("#report-form select[name=status]", "done")
            expect(page.locator("#report-form [data-field=completed_on]")).to_be_visible()
            page.fill("#report-form textarea[name=note]", "Đã họp phiên thứ nhất")
            page.click("#report-form button[type=submit]")
            expect(page.locator("#task-status")).to_contain_text("Đã hòan thành")
            expect(page.locator(".alert-success")).to_be_visible()

            page.goto(f"{live_server.url}/ke-hoach/theo-quy/?ke_hoach={plan_196.pk}&quy=II")
            expect(page.locator('tr[data-task="10"] [data-status]')).to_have_attribute("data-status", "done")
            page.screenshot(path=str(ARTIFACTS / "plans-mark-task-done.png"), full_page=True)
        finally:
            browser.close()
    task = PlanTask.objects.get(pk=task_pk)
    assert task.status == "done" and task.completed_on is not None
    assert (ARTIFACTS / "plans-mark-task-done.png").stat().st_size > 10_000
