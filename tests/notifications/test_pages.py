"""The inbox, opening a notification (read, then on to its object), marking all read, the preferences grid and the
unread badge in the top bar; and the API. A notification is its user's own: anyone else gets a 404."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import login
from tests.factories import UserFactory
from thidua.core.roles import Role
from thidua.notifications.models import Channel, Notification, NotificationPreference


def note(user, kind="dossier.returned", title="HS-00001 Đề nghị khen thưởng", url="/ho-so/1/", **kw):
    return Notification.objects.create(user=user, kind=kind, target_title=title, url=url, **kw)


@pytest.fixture
def mine(officer_a):
    return [note(officer_a, title=f"Hồ sơ {i}", url=f"/ho-so/{i}/") for i in range(3)]


def test_inbox_lists_own_notifications_only(client, officer_a, officer_b, mine):
    theirs = note(officer_b, title="Hồ sơ của Sở Y tế")
    html = login(client, officer_a).get("/thong-bao/").content.decode()
    assert all(n.target_title in html for n in mine) and theirs.target_title not in html
    assert "Hồ sơ bị trả lại" in html  # the kind's label from core.events.KINDS


def test_unread_filter_and_badge(client, officer_a, mine):
    Notification.objects.filter(pk=mine[0].pk).update(read_at=timezone.now())
    client = login(client, officer_a)
    html = client.get("/thong-bao/?xem=chua-doc").content.decode()
    assert mine[0].target_title not in html and mine[1].target_title in html
    home = client.get("/").content.decode()
    assert "data-unread-count>2</span>" in home


def test_badge_costs_one_query_per_page(client, officer_a, mine, django_assert_num_queries):
    from django.test import RequestFactory

    from thidua.notifications.context_processors import unread

    request = RequestFactory().get("/")
    request.user = officer_a
    context = unread(request)
    with django_assert_num_queries(1):
        assert context["unread_notifications"]() == 3
        assert context["unread_badge"]() == "3"
        assert context["unread_notifications"]() == 3


def test_badge_caps_at_99(officer_a):
    from django.test import RequestFactory

    from thidua.notifications.context_processors import unread

    Notification.objects.bulk_create([Notification(user=officer_a, kind="job.finished") for _ in range(120)])
    request = RequestFactory().get("/")
    request.user = officer_a
    assert unread(request)["unread_badge"]() == "99+"


def test_opening_marks_read_and_goes_to_the_object(client, officer_a, mine):
    response = login(client, officer_a).get(f"/thong-bao/{mine[1].pk}/")
    assert response.status_code == 302 and response["Location"] == "/ho-so/1/"
    mine[1].refresh_from_db()
    assert mine[1].read_at is not None
    first_read = mine[1].read_at
    client.get(f"/thong-bao/{mine[1].pk}/")  # opening again keeps the first time read
    mine[1].refresh_from_db()
    assert mine[1].read_at == first_read


def test_a_notification_without_a_page_or_with_a_foreign_link_opens_the_inbox(client, officer_a):
    bare = note(officer_a, url="")
    foreign = note(officer_a, url="https://evil.example/")
    client = login(client, officer_a)
    assert client.get(f"/thong-bao/{bare.pk}/")["Location"] == "/thong-bao/"
    assert client.get(f"/thong-bao/{foreign.pk}/")["Location"] == "/thong-bao/"


def test_someone_elses_notification_is_404(client, officer_a, officer_b, mine):
    response = login(client, officer_b).get(f"/thong-bao/{mine[0].pk}/")
    assert response.status_code == 404
    mine[0].refresh_from_db()
    assert mine[0].read_at is None


def test_anonymous_is_sent_to_sign_in(client, mine):
    for url in ("/thong-bao/", f"/thong-bao/{mine[0].pk}/", "/thong-bao/cai-dat/"):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_mark_all_read_touches_only_own(client, officer_a, officer_b, mine):
    theirs = note(officer_b)
    client = login(client, officer_a)
    assert client.get("/thong-bao/doc-het/").status_code == 405
    response = client.post("/thong-bao/doc-het/")
    assert response.status_code == 302
    assert not Notification.objects.filter(user=officer_a, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "data-unread-count" not in client.get("/").content.decode()


def test_preferences_grid(client, officer_a):
    client = login(client, officer_a)
    html = client.get("/thong-bao/cai-dat/").content.decode()
    assert "Phiếu bầu đang chờ tôi" in html and "Thư tổng hợp hằng ngày" in html
    assert 'name="kind-ballot.opened" value="digest" aria-label' in html and "checked" in html
    response = client.post("/thong-bao/cai-dat/", {"kind-ballot.opened": "email", "kind-job.finished": "off"})
    assert response.status_code == 302
    assert dict(NotificationPreference.objects.filter(user=officer_a).values_list("kind", "channel")) == {
        "ballot.opened": Channel.EMAIL,
        "job.finished": Channel.OFF,
    }
    response = client.post("/thong-bao/cai-dat/", {"kind-ballot.opened": "pigeon"}, follow=True)
    assert "Cách nhận thông báo không hợp lệ" in response.content.decode()
    assert NotificationPreference.objects.get(user=officer_a, kind="ballot.opened").channel == Channel.EMAIL


def test_inbox_pages_with_a_keyset_cursor(client, officer_a):
    Notification.objects.bulk_create(
        [
            Notification(
                user=officer_a,
                kind="job.finished",
                target_title=f"Việc {i:03d}",
                created_at=timezone.now() - dt.timedelta(minutes=i),
            )
            for i in range(60)
        ]
    )
    client = login(client, officer_a)
    first = client.get("/thong-bao/").content.decode()
    assert "Việc 000" in first and "Việc 049" in first and "Việc 050" not in first
    assert "1–50 của 60" in first


# --- API ------------------------------------------------------------------------------------------------------


@pytest.fixture
def api(client, officer_a):
    return login(client, officer_a)


def test_api_lists_own_with_cursor_and_unread_filter(api, officer_a, officer_b):
    Notification.objects.bulk_create(
        [
            Notification(
                user=officer_a,
                kind="job.finished",
                target_title=f"Việc {i:03d}",
                created_at=timezone.now() - dt.timedelta(minutes=i),
            )
            for i in range(130)
        ]
    )
    note(officer_b, title="Của người khác")
    data = api.get("/api/v1/notifications?limit=100").json()
    assert len(data["items"]) == 100 and data["unread"] == 130 and data["next_cursor"]
    assert data["items"][0]["title"] == "Việc 000" and data["items"][0]["label"] == "Công việc nền đã xong"
    rest = api.get(f"/api/v1/notifications?limit=100&cursor={data['next_cursor']}").json()
    assert len(rest["items"]) == 30 and rest["next_cursor"] is None
    assert len(api.get("/api/v1/notifications").json()["items"]) == 50  # the default page, as every list
    assert all(i["title"] != "Của người khác" for i in data["items"] + rest["items"])
    one = data["items"][5]["id"]
    read = api.post(f"/api/v1/notifications/{one}/read")
    assert read.status_code == 200 and read.json()["read_at"]
    unread = api.get("/api/v1/notifications?unread=true").json()
    assert unread["unread"] == 129 and all(i["id"] != one for i in unread["items"])
    assert api.post("/api/v1/notifications/read-all").json() == {"updated": 129}


def test_api_refuses_another_users_notification(api, officer_b):
    theirs = note(officer_b)
    response = api.post(f"/api/v1/notifications/{theirs.pk}/read")
    assert response.status_code == 404 and "detail" in response.json()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_api_needs_authentication(client):
    assert client.get("/api/v1/notifications").status_code == 401


def test_every_role_sees_the_bell(client, province):
    user = UserFactory(username="lanhdao_tinh", role=Role.LEADER, unit=province)
    note(user)
    html = login(client, user).get("/thong-bao/").content.decode()
    assert 'href="/thong-bao/"' in html and "data-unread-count>1<" in html
