"""A dossier's nominations sort by nominee, award and outcome from the column headers (aria-sort marks the column);
an unknown order is the order they were added in."""

import re

import pytest

from tests.conftest import login
from tests.dossiers.conftest import add_nomination, make_dossier
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _nominees(html):
    return re.findall(r"<tr>\s*<td><strong>([^<]+)</strong>", html)


def test_nominations_sort_by_name_both_ways(client, officer_a, unit_a, ldtt):
    dossier = make_dossier(officer_a)
    for name in ("Trần Văn Bình", "Đỗ Thị An", "Lê Văn Cường"):
        add_nomination(officer_a, dossier, PersonFactory(full_name=name, unit=unit_a), ldtt)
    c = login(client, officer_a)
    url = f"/ho-so/{dossier.pk}/"
    assert _nominees(c.get(url).content.decode()) == ["Trần Văn Bình", "Đỗ Thị An", "Lê Văn Cường"]
    html = c.get(url, {"sap_xep": "ten"}).content.decode()
    assert _nominees(html) == ["Đỗ Thị An", "Trần Văn Bình", "Lê Văn Cường"]  # by given name, Vietnamese order
    assert 'aria-sort="ascending"><a class="sort-link" href="?sap_xep=-ten"' in html
    assert _nominees(c.get(url, {"sap_xep": "-ten"}).content.decode()) == ["Lê Văn Cường", "Trần Văn Bình", "Đỗ Thị An"]
    assert c.get(url, {"sap_xep": "khong-co"}).status_code == 200
