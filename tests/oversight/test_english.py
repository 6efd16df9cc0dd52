"""The petition list in English (language cookie): sort options and counts translated, counts with the right plural."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
URL = "/kiem-tra/don-thu/"


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_petition_sort_options_are_english(staff_client, complaint_a):
    page = english(staff_client).get(URL).content.decode()
    assert "Newest first" in page and "Oldest first" in page and "Sender&#x27;s name (A–Z)" in page
    for vietnamese in ("Mới nhận trước", "Nhận lâu nhất trước", "Tên người gửi (A–Z)"):
        assert vietnamese not in page


def test_one_open_petition_is_singular_in_english(staff_client, complaint_a):
    page = english(staff_client).get(URL).content.decode()
    assert "1 petition open" in page and "1 petitions" not in page


def test_vietnamese_stays_the_default(staff_client, complaint_a):
    page = staff_client.get(URL).content.decode()
    assert "Mới nhận trước" in page and "1 đơn đang xử lý" in page
