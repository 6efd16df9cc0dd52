"""The replica router: report views read from DATABASES["replica"] when it is configured, never otherwise, and
never write there."""

import pytest
from django.conf import settings

from thidua.awards.models import Award
from thidua.core.models import AuditEntry
from thidua.reports.routers import ReportsReplicaRouter, reads_from_replica

router = ReportsReplicaRouter()


def test_no_replica_configured_reads_stay_on_primary():
    assert "replica" not in settings.DATABASES
    assert reads_from_replica(lambda: router.db_for_read(Award))() is None


def test_report_reads_go_to_replica_when_configured(monkeypatch):
    monkeypatch.setitem(settings.DATABASES, "replica", {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"})
    assert reads_from_replica(lambda: router.db_for_read(Award))() == "replica"
    assert router.db_for_read(Award) is None  # outside a report view
    assert reads_from_replica(lambda: router.db_for_write(AuditEntry))() is None
    assert router.allow_migrate("replica", "awards") is False


@pytest.mark.django_db
def test_export_still_writes_the_audit_row(staff_client):
    before = AuditEntry.objects.filter(action="export").count()
    r = staff_client.get("/bao-cao/khen-thuong/?xuat=xlsx")
    assert r.status_code == 200
    assert AuditEntry.objects.filter(action="export").count() == before + 1
