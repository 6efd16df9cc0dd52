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
