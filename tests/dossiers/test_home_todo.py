"""The home page is a to-do list for each role: what waits for the signed-in user, counted within their scope, with
links to where the work is done; the number of queries does not grow with the rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import login
from tests.dossiers.conftest import make_dossier, ready_dossier
from thidua.dossiers import services


def todo_of(client):
    response = client.get("/")
    assert response.status_code == 200
    return {item.label: item for item in response.context["todo"]}


def test_province_staff_sees_dossiers_waiting_to_be_received_and_appraised(officer_a, officer_b, person_a, ldtt,
                                                                          staff, client):
    sent = ready_dossier(officer_a, person_a, ldtt)
    services.transition(sent, "submit", officer_a)
    received = ready_dossier(officer_a, person_a, ldtt)
    services.transition(received, "submit", officer_a)
    services.transition(received, "receive", staff)
    make_dossier(officer_b)  # a draft of another unit: nothing for the province yet
    todo = todo_of(login(client, staff))
    assert todo["Hồ sơ mới gửi, chờ tiếp nhận"].count == 1
    assert todo["Hồ sơ mới gửi, chờ tiếp nhận"].url == "/ho-so/?trang_thai=submitted"
    assert todo["Hồ sơ chờ thẩm định"].count == 1
    assert "Hồ sơ đang soạn, chưa gửi" not in todo  # a unit's drafts are the unit's business
    html = client.get("/").content.decode()
    assert 'href="/ho-so/?trang_thai=received"' in html and "Việc cần làm" in html


def test_a_unit_officer_sees_its_own_returned_and_draft_dossiers_only(officer_a, officer_b, person_a, ldtt, staff,
                                                                      client):
    returned = ready_dossier(officer_a, person_a, ldtt)
    services.transition(returned, "submit", officer_a)
    services.transition(returned, "return", staff, reason="Thiếu báo cáo thành tích có xác nhận")
    make_dossier(officer_a)
    make_dossier(officer_b)
    make_dossier(officer_b)
    todo = todo_of(login(client, officer_a))
    assert todo["Hồ sơ bị trả lại, cần bổ sung"].count == 1
    assert todo["Hồ sơ đang soạn, chưa gửi"].count == 1  # not unit B's two drafts
    assert "Hồ sơ mới gửi, chờ tiếp nhận" not in todo
    for item in todo.values():
        assert client.get(item.url).status_code == 200


def test_nothing_waiting_says_so(staff, client):
    html = login(client, staff).get("/").content.decode()
    assert "Không có việc nào đang chờ bạn." in html


def test_home_queries_do_not_grow_with_rows(officer_a, person_a, ldtt, staff, client):
    login(client, staff)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get("/")
        return len(ctx.captured_queries)

    d = ready_dossier(officer_a, person_a, ldtt)
    services.transition(d, "submit", officer_a)
    few = count()
    for _ in range(4):
        d = ready_dossier(officer_a, person_a, ldtt)
        services.transition(d, "submit", officer_a)
    assert count() == few
