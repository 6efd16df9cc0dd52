"""Helpers of the journeys in headless Chromium (tests/*/test_browser.py): the marks they carry, the browser and page
they open, signing in, and where screenshots go (artifacts/, git-ignored)."""

from pathlib import Path

import pytest

from tests.system import needs

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PASSWORD = "mat-khau-thu"  # tests.factories.UserFactory


def journey(test):
    """Mark a browser journey: `browser`, a transactional database (for live_server), skipped without Chromium."""
    test = needs("chromium")(test)
    test = pytest.mark.django_db(transaction=True)(test)
    return pytest.mark.browser(test)


def launch(playwright):
    ARTIFACTS.mkdir(exist_ok=True)
    return playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])


def new_page(browser):
    return browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}).new_page()


def sign_in(page, base, username):
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def pick(page, name, typed, choice=None):
    """Choose in a searchable picker (core/widgets.PickerWidget) with the keyboard: type into the search box of the
    field `name`, wait for the option `choice` (default: the typed text), ↓ to it and Enter."""
    from playwright.sync_api import expect

    box = page.locator(f".picker:has(input[name='{name}']) [data-picker-text]")
    box.click()
    box.fill(typed)
    option = page.locator(f".picker:has(input[name='{name}']) [role=option]", has_text=choice or typed).first
    expect(option).to_be_visible()
    options = page.locator(f".picker:has(input[name='{name}']) [role=option]")
    index = next(i for i in range(options.count()) if (choice or typed) in options.nth(i).inner_text())
    for _ in range(index + 1):
        box.press("ArrowDown")
    box.press("Enter")
    expect(page.locator(f"input[name='{name}']")).not_to_have_value("")


def pick_many(page, name, choices):
    """Choose several entries in a multi-choice picker (core/widgets.MultiPickerWidget) with the keyboard: for
    each (typed, shown) pair (or text, typed and shown), type it, ↓ to the option shown, Enter; each becomes a chip."""
    from playwright.sync_api import expect

    root = page.locator(f".picker[data-picker-name='{name}']")
    box = root.locator("[data-picker-text]")
    for choice in choices:
        typed, shown = choice if isinstance(choice, tuple) else (choice, choice)
        box.click()
        box.fill(typed)
        options = root.locator("[role=option]")
        expect(options.filter(has_text=shown).first).to_be_visible()
        index = next(i for i in range(options.count()) if shown in options.nth(i).inner_text())
        for _ in range(index + 1):
            box.press("ArrowDown")
        box.press("Enter")
        expect(root.locator(".picker-chip", has_text=shown)).to_have_count(1)


AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"


def axe_violations(page, impacts=("serious", "critical")) -> list[str]:
    """Run axe-core (vendored, tests/vendor/) on the page; its violations of these impacts, one line each."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async (impacts) => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.filter(v => impacts.includes(v.impact))
            .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
    }""", list(impacts))
    return [f"{page.url}: {line}" for line in found]
