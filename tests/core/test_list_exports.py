"""Movements, trainings and exemplars export what their list shows (a numbered first column) (issue #13 item 3): the same filters, the same
order, only what the reader may see; the export is recorded with its filters."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.outreach.factories import make_exemplar, make_training
from thidua.core.models import AuditEntry
from thidua.movements.models import Movement
from thidua.orgs.models import Period

pytestmark = pytest.mark.django_db


def _rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]


def test_movement_export_keeps_the_filters_and_the_order(staff_client, province):
    period = Period.year(2025)
    for name, status, start in (("Thi đua chuyển đổi số", "launched", dt.date(2025, 3, 1)),
                                ("Thi đua cải cách hành chính", "launched", dt.date(2025, 5, 1)),
                                ("Phong trào đã tổng kết", "concluded", dt.date(2025, 1, 1))):
        Movement.objects.create(name=name, kind="thematic", period=period, lead_unit=province, start=start,
                                end=dt.date(2025, 12, 31), status=status, launch_doc_number="12/KH-UBND")
    page = staff_client.get(reverse("movements:movement_list"), {"status": "launched"}).content.decode()
    assert reverse("movements:movement_export") + "?" in page and "status=launched" in page
    rows = _rows(staff_client.get(reverse("movements:movement_export"), {"status": "launched", "sap_xep": "bat_dau"}))
    names = [r[1] for r in rows if r[1] in {"Thi đua chuyển đổi số", "Thi đua cải cách hành chính",
                                           "Phong trào đã tổng kết"}]
    assert names == ["Thi đua chuyển đổi số", "Thi đua cải cách hành chính"]
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert entry.changes["filters"]["status"] == "launched" and entry.changes["rows"] == 2


def test_training_and_exemplar_exports_are_scoped_like_their_lists(client, staff, officer_a, officer_b, unit_a,
                                                                   unit_b, province):
    make_training(staff, province, title="Tập huấn nghiệp vụ TĐKT cấp tỉnh")
    make_exemplar(officer_a, unit_a, title="Cô giáo vùng khó giữ lửa nghề")
    make_exemplar(officer_b, unit_b, title="Bác sĩ trẻ về xã")
    client.force_login(staff)
    trainings = _rows(client.get(reverse("outreach:training_list_export")))
    assert any(r[1] == "Tập huấn nghiệp vụ TĐKT cấp tỉnh" for r in trainings)
    client.force_login(officer_a)
    titles = [r[2] for r in _rows(client.get(reverse("outreach:exemplar_export")))]
    assert "Cô giáo vùng khó giữ lửa nghề" in titles and "Bác sĩ trẻ về xã" not in titles
    assert reverse("outreach:exemplar_export") in client.get(reverse("outreach:exemplar_list")).content.decode()
