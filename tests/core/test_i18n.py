"""English is available by explicit choice (the language cookie); Vietnamese stays the default.

These tests check key headings of one list page per area, not catalogue completeness: a page landed late with
untranslated strings must not fail the suite (`scripts/po_fill.py --check` reports those)."""

import re

import pytest
from django.conf import settings
from django.utils import translation

PAGES = [
    # (path, Vietnamese heading, English heading)
    ("/", "Xin chào", "Hello"),
    ("/to-chuc/don-vi/", "Đơn vị", "Units"),
    ("/to-chuc/ca-nhan/", "Cá nhân", "People"),
    ("/ke-hoach/", "Kế hoạch công tác thi đua, khen thưởng", "Emulation and commendation plans"),
    ("/thi-dua/phong-trao/", "Phong trào thi đua", "Emulation movements"),
    ("/khen-thuong/so-khen-thuong/", "Sổ khen thưởng", "Award register"),
    ("/ho-so/", "Hồ sơ đề nghị khen thưởng", "Award proposal dossiers"),
    ("/van-ban/", "Văn bản khen thưởng", "Award documents"),
    ("/bao-cao/", "Tổng quan công tác thi đua, khen thưởng", "Emulation and commendation overview"),
]


def heading(html):
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "page has no <h1>"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


@pytest.mark.parametrize(("path", "vi", "en"), PAGES)
def test_key_pages_render_in_english_with_the_language_cookie(staff_client, path, vi, en):
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = staff_client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert heading(html).startswith(en)
    assert '<html lang="en"' in html
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize(("path", "vi", "en"), PAGES)
def test_key_pages_are_vietnamese_by_default_even_for_english_browsers(staff_client, path, vi, en):
    response = staff_client.get(path, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 200
    html = response.content.decode()
    assert heading(html).startswith(vi)
    assert '<html lang="vi"' in html
    assert response["Content-Language"] == "vi"


def test_switching_language_with_the_vi_en_button(staff_client):
    response = staff_client.post("/i18n/setlang/", {"language": "en", "next": "/ke-hoach/"})
    assert response.status_code == 302
    assert heading(staff_client.get("/ke-hoach/").content.decode()) == "Emulation and commendation plans"
    staff_client.post("/i18n/setlang/", {"language": "vi", "next": "/ke-hoach/"})
    assert heading(staff_client.get("/ke-hoach/").content.decode()) == "Kế hoạch công tác thi đua, khen thưởng"


def test_unknown_language_cookie_falls_back_to_vietnamese(staff_client):
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert heading(staff_client.get("/ho-so/").content.decode()) == "Hồ sơ đề nghị khen thưởng"


def test_english_catalogue_has_plurals_and_contexts():
    with translation.override("en"):
        assert translation.ngettext("%(n)s nhiệm vụ", "%(n)s nhiệm vụ", 1) % {"n": 1} == "1 task"
        assert translation.ngettext("%(n)s nhiệm vụ", "%(n)s nhiệm vụ", 3) % {"n": 3} == "3 tasks"
        # The same Vietnamese word is a state on a badge and an action on a button.
        assert translation.gettext("Trình Hội đồng") == "Before the Council"
        assert translation.pgettext("thao tác", "Trình Hội đồng") == "Submit to the Council"
    with translation.override("vi"):
        assert translation.pgettext("thao tác", "Trình Hội đồng") == "Trình Hội đồng"
