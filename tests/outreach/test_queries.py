"""List pages read a bounded number of queries whatever the number of rows (no N+1 loops)."""

import datetime as dt

import pytest

from tests.conftest import login
from tests.factories import PersonFactory
from tests.outreach.factories import make_congress, make_delegation, make_exemplar, make_training
from thidua.outreach import services
from thidua.outreach.models import MediaCoverage


def _people(unit, n):
    return [PersonFactory(unit=unit, full_name=f"Nguyễn Văn Số{i}") for i in range(n)]


@pytest.fixture
def many(staff, officer_a, unit_a, province):
    people = _people(unit_a, 30)
    for i, p in enumerate(people):
        ex = make_exemplar(officer_a, unit_a, p, title=f"Điển hình số {i}")
        services.publish_exemplar(staff, ex)
        services.save_coverage(officer_a, MediaCoverage(unit=unit_a, outlet=f"Báo {i % 3}", title=f"Tin {i}",
                                                        published_on=dt.date(2025, 1, 1) + dt.timedelta(days=i),
                                                        exemplar=ex))
    return people


def test_public_exemplar_list_is_bounded(client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        r = client.get("/dien-hinh-tien-tien/")
    assert r.status_code == 200 and "Điển hình số 29" in r.content.decode()


def test_staff_lists_are_bounded(client, staff, many, django_assert_max_num_queries):
    c = login(client, staff)
    c.get("/tuyen-truyen/dien-hinh/")  # warm the session
    with django_assert_max_num_queries(10):
        assert c.get("/tuyen-truyen/dien-hinh/").status_code == 200
    with django_assert_max_num_queries(10):
        assert c.get("/tuyen-truyen/tin-bai/").status_code == 200
    with django_assert_max_num_queries(16):
        assert c.get("/tuyen-truyen/bao-cao-kh90/").status_code == 200


def test_training_and_delegation_pages_are_bounded(client, staff, province, unit_a, many, time_machine,
                                                   django_assert_max_num_queries):
    time_machine.move_to(dt.datetime(2025, 8, 20, 9, tzinfo=dt.UTC))
    t = make_training(staff, province)
    services.invite_unit(staff, t, unit_a, 40)
    services.set_training_status(staff, t, "open")
    d = make_delegation(staff, make_congress(staff), province)
    for p in many:
        services.register_attendee(staff, t, p)
        services.nominate_delegate(staff, d, p, category="exemplar")
    c = login(client, staff)
    c.get("/tuyen-truyen/dien-hinh/")
    with django_assert_max_num_queries(16):
        assert c.get(f"/tuyen-truyen/tap-huan/{t.pk}/").status_code == 200
    with django_assert_max_num_queries(16):
        assert c.get(f"/tuyen-truyen/doan/{d.pk}/").status_code == 200
