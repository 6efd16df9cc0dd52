"""The read-only API of report requests: the same scope as the pages (a unit sees its own row; outsiders 404)."""

import pytest

from tests.conftest import login
from thidua.reporting.models import ReportSubmission

pytestmark = pytest.mark.django_db


def test_province_sees_every_unit_and_a_unit_only_itself(client, half_year, staff, officer_a, unit_a, unit_b):
    login(client, staff)
    body = client.get("/api/v1/reporting/requests?year=2025").json()
    assert body["next_cursor"] is None
    [row] = body["items"]
    assert row["title"] == half_year.title and row["units"] == 3 and row["sent"] == 0
    detail = client.get(f"/api/v1/reporting/requests/{half_year.pk}").json()
    assert {r["unit_code"] for r in detail["rows"]} == {"so-a", "so-b", "xa-c"}
    assert [f["key"] for f in detail["fields"]] == ["f1", "f2", "f3", "f4"]
    login(client, officer_a)
    detail = client.get(f"/api/v1/reporting/requests/{half_year.pk}").json()
    assert [r["unit_code"] for r in detail["rows"]] == [unit_a.code]
    assert detail["rows"][0]["id"] == ReportSubmission.objects.get(request=half_year, unit=unit_a).pk


def test_outsider_gets_404_and_an_empty_list(client, half_year, province):
    from tests.factories import UnitFactory, UserFactory

    outsider = UserFactory(username="ngoai_api", unit=UnitFactory(code="ngoai-api", parent=province))
    login(client, outsider)
    assert client.get("/api/v1/reporting/requests").json() == {"items": [], "next_cursor": None}
    response = client.get(f"/api/v1/reporting/requests/{half_year.pk}")
    assert response.status_code == 404 and "detail" in response.json()
