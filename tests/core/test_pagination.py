"""Keyset pagination: every row exactly once, in order, at any depth and in both directions; the "after" bound is
a row-value comparison (an index range), not an OR; totals exact when small; pickers scoped to the user."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import login
from tests.factories import PersonFactory, UnitFactory
from thidua.awards.models import Award, AwardType
from thidua.core import pagination
from thidua.core.pagination import keyset_page
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards(unit_a):
    """Awards with many ties on year and on name, so every run of the mixed ordering is exercised."""
    rng = random.Random(7)
    kind = AwardType.objects.get(code="GIAY_KHEN")
    people = [PersonFactory(unit=unit_a, full_name=rng.choice(["Lê Văn An", "Trần Thị Bình", "Đỗ Văn Cường"]))
              for _ in range(12)]
    Award.objects.bulk_create([
        Award(award_type=kind, person=people[i % 12], unit=unit_a, recipient_kind="individual",
              year=rng.choice([2021, 2022, 2023]), sort_key=people[i % 12].sort_key, search_text="x")
        for i in range(47)])
    return list(Award.objects.order_by("-year", "sort_key", "id").values_list("id", flat=True))


def _walk(qs, order, size):
    seen, cursor, pages = [], None, []
    while True:
        page = keyset_page(qs, order, cursor, size=size)
        pages.append(page)
        seen.extend(r.pk for r in page.rows)
        if not page.has_next:
            return seen, pages
        cursor = page.next_cursor


@pytest.mark.parametrize("size", [1, 5, 7, 50])
def test_mixed_order_pages_every_row_once_in_order(awards, size):
    seen, pages = _walk(Award.objects.all(), ["-year", "sort_key", "id"], size)
    assert seen == awards
    assert [p.start for p in pages] == list(range(1, len(awards) + 1, size))
    # Walking back from the last page gives the same pages.
    back, page = [], pages[-1]
    while page.has_prev:
        page = keyset_page(Award.objects.all(), ["-year", "sort_key", "id"], page.prev_cursor, size=size)
        back.insert(0, [r.pk for r in page.rows])
    assert [pk for rows in back for pk in rows] + [r.pk for r in pages[-1].rows] == awards
    assert page.start == 1


@pytest.mark.parametrize("size", [1, 7, 50])
def test_joined_list_pages_every_row_once_in_order(awards, size):
    """A list shown with its related rows (select_related) pages alike, related rows loaded with the page."""
    qs = Award.objects.select_related("award_type", "person", "unit")
    seen, pages = _walk(qs, ["-year", "sort_key", "id"], size)
    assert seen == awards
    if len(pages) > 1:
        back = keyset_page(qs, ["-year", "sort_key", "id"], pages[-1].prev_cursor, size=size)
        assert [r.pk for r in back.rows] == [r.pk for r in pages[-2].rows]


def test_joined_list_reads_the_range_without_joins(awards):
    """After a cursor, the row comparison's range is read from the list's own table (a join would let a misestimated
    range be hashed whole before the page is cut), then the page's rows with their related ones by key."""
    qs = Award.objects.select_related("award_type", "person", "unit")
    first = keyset_page(qs, ["-year", "sort_key", "id"], None, size=5)
    with CaptureQueriesContext(connection) as ctx:
        page = keyset_page(qs, ["-year", "sort_key", "id"], first.next_cursor, size=5)
        names = [(a.person.full_name, a.unit.name, a.award_type.name) for a in page.rows]
    assert len(names) == 5 and [a.pk for a in page.rows] == awards[5:10]
    ranges = [q["sql"] for q in ctx.captured_queries if ") > (" in q["sql"] or ") < (" in q["sql"]]
    assert ranges and all(" JOIN " not in sql for sql in ranges)
    assert len(ctx.captured_queries) <= 2 * 2  # keys and rows, per run of one direction


def test_first_page_of_a_search_counts_and_pages_in_one_read(unit_a):
    """The total and the first page are the same as counted and read apart; on PostgreSQL one query gives the count
    and the first page's keys (a search reads its trigram index once), then the rows come by key."""
    names = ["Nguyễn Văn An", "Nguyễn Thị Vân", "Trần Văn Bình", "Lê Thị Hoa", "Nguyễn Văn Cường"]
    for i in range(60):
        PersonFactory(unit=unit_a, full_name=names[i % 5])
    for query, order in [("nguyen van", ["sort_key", "id"]), ("nguyen", ["-sort_key", "-id"]), ("khong co", ["id"])]:
        qs = Person.objects.search(query).select_related("unit")
        expected = list(qs.order_by(*order).values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as ctx:
            page = keyset_page(qs, order, None, size=10, count=True)
            units = [p.unit.name for p in page.rows]
        assert [p.pk for p in page.rows] == expected[:10] and len(units) == len(page.rows)
        assert (page.total, page.total_estimated, page.has_next) == (len(expected), False, len(expected) > 10)
        assert len(ctx.captured_queries) <= 2
        if connection.vendor == "postgresql" and expected:
            assert "array_agg" in ctx.captured_queries[0]["sql"]


def test_same_direction_order_is_one_row_comparison(awards):
    first = keyset_page(Award.objects.all(), ["-year", "-id"], None, size=10)
    with CaptureQueriesContext(connection) as ctx:
        second = keyset_page(Award.objects.all(), ["-year", "-id"], first.next_cursor, size=10)
    assert len(ctx.captured_queries) == 1
    sql = ctx.captured_queries[0]["sql"].replace('"', "")
    assert ".year, awards_award.id) < (" in sql and " OR " not in sql
    assert [r.pk for r in second.rows] == list(Award.objects.order_by("-year", "-id").values_list("id", flat=True))[10:20]


def test_mixed_order_reads_run_by_run_without_or(awards):
    first = keyset_page(Award.objects.all(), ["-year", "sort_key", "id"], None, size=3)
    with CaptureQueriesContext(connection) as ctx:
        keyset_page(Award.objects.all(), ["-year", "sort_key", "id"], first.next_cursor, size=3)
    sqls = [q["sql"].replace('"', "") for q in ctx.captured_queries]
    assert 1 <= len(sqls) <= 2 and all(" OR " not in s for s in sqls)
    assert ".sort_key, awards_award.id) > (" in sqls[0]


def test_forged_or_stale_cursor_is_the_first_page(awards):
    page = keyset_page(Award.objects.all(), ["-year", "sort_key", "id"], "garbage", size=5)
    assert [r.pk for r in page.rows] == awards[:5] and not page.has_prev


def test_totals_and_summary(awards):
    page = keyset_page(Award.objects.all(), ["-year", "sort_key", "id"], None, size=20, count=True)
    assert (page.total, page.total_estimated) == (47, False)
    assert page.summary == "1–20 của 47"
    page = keyset_page(Award.objects.all(), ["-year", "sort_key", "id"], page.next_cursor, size=20, count=True)
    assert page.summary == "21–40 của 47"
    assert keyset_page(Award.objects.none(), ["id"], None, count=True).summary == "Không có dòng nào"


def test_large_totals_are_shown_rounded():
    assert pagination.approximate(5_300_795) == "≈ 5,3 triệu"
    assert pagination.approximate(240_412) == "≈ 240.000"


def test_people_list_shows_total_and_pages_back(unit_a, client_a):
    Person.objects.bulk_create([Person(full_name=f"Nguyễn Văn Số{i:03d}", gender="male", unit=unit_a,
                                       search_text=f"nguyen van so{i:03d}", sort_key=f"{i:03d}") for i in range(60)])
    first = client_a.get("/to-chuc/ca-nhan/", {"gender": "male"}).content.decode()
    assert "1–50 của 60" in first and 'rel="prev"' not in first
    next_url = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert "gender=male" in next_url  # filters kept
    second = client_a.get("/to-chuc/ca-nhan/" + next_url).content.decode()
    assert "51–60 của 60" in second and "Số059" in second
    prev_url = second.split('rel="prev"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert "Số000" in client_a.get("/to-chuc/ca-nhan/" + prev_url).content.decode()


def test_list_filters_do_not_embed_every_unit(province, unit_a, staff_client):
    for i in range(30):
        UnitFactory(parent=unit_a, name=f"Trường số {i}")
    html = staff_client.get("/to-chuc/ca-nhan/").content.decode()
    assert "Trường số 7" not in html and 'data-picker-url="/to-chuc/don-vi/chon/"' in html
    chosen = staff_client.get("/to-chuc/ca-nhan/", {"unit": unit_a.pk}).content.decode()
    assert f'value="{unit_a.pk}" data-picker-value' in chosen and unit_a.name in chosen


def test_unit_picker_searches_without_diacritics_within_scope(province, unit_a, unit_b, officer_a, client):
    UnitFactory(parent=unit_a, name="Trường Tiểu học Đông Hưng")
    UnitFactory(parent=unit_b, name="Trạm Y tế Đông Hưng")
    login(client, officer_a)
    found = client.get("/to-chuc/don-vi/chon/", {"q": "dong hung"}).json()["results"]
    assert [r["text"] for r in found] == ["Trường Tiểu học Đông Hưng"]


def test_person_picker_within_scope(province, unit_a, unit_b, officer_a, client):
    PersonFactory(unit=unit_a, full_name="Phạm Thị Hòa")
    PersonFactory(unit=unit_b, full_name="Phạm Thị Hòa Bình")
    login(client, officer_a)
    found = client.get("/to-chuc/ca-nhan/chon/", {"q": "pham thi hoa"}).json()["results"]
    assert [r["text"] for r in found] == ["Phạm Thị Hòa"]
    assert client.post("/to-chuc/ca-nhan/chon/", {"q": "x"}).status_code == 405
