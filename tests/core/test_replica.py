"""The replica router: statistics and the big lists read from DATABASES["replica"] when it is configured, never
otherwise, never write there, and a user who has just saved something reads from the primary (read-your-writes)."""

import time

import pytest
from django.conf import settings
from django.test import RequestFactory

from thidua.awards.models import Award
from thidua.core import replica
from thidua.core.models import AuditEntry
from thidua.core.replica import ReplicaRouter, reads_from_replica

router = ReplicaRouter()
SQLITE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}


def _request(session=None):
    request = RequestFactory().get("/ca-nhan/")
    request.session = session if session is not None else {}
    return request


def test_no_replica_configured_reads_stay_on_primary():
    assert "replica" not in settings.DATABASES
    assert reads_from_replica(lambda: router.db_for_read(Award))() is None


def test_report_reads_go_to_replica_when_configured(monkeypatch):
    monkeypatch.setitem(settings.DATABASES, "replica", SQLITE)
    assert reads_from_replica(lambda: router.db_for_read(Award))() == "replica"
    assert router.db_for_read(Award) is None  # outside a replica view
    assert reads_from_replica(lambda: router.db_for_write(AuditEntry))() is None
    assert router.allow_migrate("replica", "awards") is False


def test_a_user_who_just_wrote_reads_from_the_primary(monkeypatch):
    monkeypatch.setitem(settings.DATABASES, "replica", SQLITE)
    view = reads_from_replica(lambda request: router.db_for_read(Award))
    assert view(_request()) == "replica"
    assert view(_request({replica.SESSION_KEY: time.time()})) is None
    assert view(_request({replica.SESSION_KEY: time.time() - 60})) == "replica"


@pytest.mark.django_db
def test_a_saved_form_stamps_the_session_only_when_a_replica_is_configured(staff_client, monkeypatch):
    staff_client.post("/tai-khoan/", {})  # any write request that does not fail
    assert replica.SESSION_KEY not in staff_client.session
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    r = staff_client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert r.status_code < 400
    assert replica.SESSION_KEY in staff_client.session


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/to-chuc/ca-nhan/", "/khen-thuong/so-khen-thuong/", "/ho-so/", "/kiem-tra/don-thu/",
                                 "/api/v1/orgs/people", "/api/v1/dossiers", "/bao-cao/khen-thuong/"])
def test_list_pages_and_api_lists_read_from_the_replica(staff_client, monkeypatch, url):
    flagged = []

    def spy(self, model, **hints):
        flagged.append(replica._reading_replica.get())

    monkeypatch.setattr(ReplicaRouter, "db_for_read", spy)
    assert staff_client.get(url).status_code == 200
    assert any(flagged), url


@pytest.mark.django_db
def test_export_still_writes_the_audit_row(staff_client):
    before = AuditEntry.objects.filter(action="export").count()
    r = staff_client.get("/bao-cao/khen-thuong/?xuat=xlsx")
    assert r.status_code == 200
    assert AuditEntry.objects.filter(action="export").count() == before + 1
