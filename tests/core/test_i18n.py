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


# --- completeness checks (also run by `scripts/po_fill.py --check`) ------------------------------------------------


def test_no_translation_is_evaluated_at_import():
    from thidua.core import i18n_checks

    assert i18n_checks.eager_translations() == []


def test_the_import_time_check_catches_a_table_of_gettext(tmp_path):
    from thidua.core import i18n_checks

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "views.py").write_text(
        "from django.utils.translation import gettext as _\n"
        "ORDERS = {'moi': _('Mới nhận trước')}\n"
        "def view():\n    return _('Trong hàm thì được')\n", encoding="utf-8")
    [problem] = i18n_checks.eager_translations(tmp_path / "pkg")
    assert "views.py:2" in problem


def test_every_choice_label_and_display_table_has_english(db):
    from thidua.core import i18n_checks

    assert i18n_checks.untranslated_choices(i18n_checks.english_mapping()) == []


def test_every_criterion_code_of_the_engine_has_an_english_message():
    from thidua.core import i18n_checks

    assert i18n_checks.untranslated_criteria(i18n_checks.english_mapping()) == []


def test_no_new_template_glues_a_translated_word_to_a_value(tmp_path):
    from thidua.core import i18n_checks

    assert i18n_checks.glued_templates() == []
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text('{% translate "ngày" %} {{ day }}', encoding="utf-8")
    assert len(i18n_checks.glued_templates(tmp_path / "t", baseline={})) == 1


def test_plural_msgids_have_two_english_forms():
    from thidua.core import i18n_checks

    mapping = i18n_checks.english_mapping()
    plural_ids = ["%(n)s đơn quá hạn", "%(n)s đơn đang xử lý", "%(n)s ngày kể từ ngày thụ lý"]
    assert i18n_checks.plural_mismatches([(m, True) for m in plural_ids], mapping) == []
    assert i18n_checks.plural_mismatches([("%(n)s đơn quá hạn", True)], {"%(n)s đơn quá hạn": "%(n)s petitions"})
    with translation.override("en"):
        assert translation.ngettext("%(n)s đơn quá hạn", "%(n)s đơn quá hạn", 1) % {"n": 1} == "1 petition overdue"
        assert translation.ngettext("%(n)s đơn quá hạn", "%(n)s đơn quá hạn", 2) % {"n": 2} == "2 petitions overdue"


def test_criteria_and_recusal_reasons_follow_the_page_language():
    from thidua.awards import criteria_display
    from thidua.dossiers import recusal

    engine_message = "Năm 2025 xếp loại hòan thành nhiệm vụ, chưa đạt mức hòan thành tốt nhiệm vụ trở lên."
    with translation.override("vi"):
        assert criteria_display.message("rating_good_in_year", engine_message) == engine_message
        assert recusal.display("Là vợ, chồng của người được đề nghị (đã kê khai)") == (
            "Là vợ, chồng của người được đề nghị (đã kê khai)")
    with translation.override("en"):
        assert criteria_display.message("rating_good_in_year", engine_message).startswith("Not met: rated below")
        assert criteria_display.title("Không bị kỷ luật trong thời gian lấy thành tích") == (
            "No disciplinary measure during the period of the achievements")
        assert recusal.display("Cùng đơn vị với đối tượng được đề nghị") != "Cùng đơn vị với đối tượng được đề nghị"
        spouse = recusal.display("Là vợ, chồng của người được đề nghị (đã kê khai)")
        assert "được" not in spouse and "spouse" in spouse.lower()
        assert recusal.display("Lý do khác do thư ký ghi") == "Lý do khác do thư ký ghi"


def test_an_english_request_leaves_no_english_behind(staff_client):
    # The language chosen by the cookie holds for that request only: the next work on the same thread (another
    # request without the cookie, a service message, a job) is in Vietnamese again.
    translation.activate("vi")
    staff_client.cookies["django_language"] = "en"
    assert "Plans" in staff_client.get("/").content.decode()
    assert translation.get_language() == "vi"
    assert translation.gettext("Trình Hội đồng") == "Trình Hội đồng"
