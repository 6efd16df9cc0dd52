"""National exchange (docs/exchange.md): a decision's awards exported as JSON and XLSX and imported back through
the award-book import (people matched by name + birth date + unit; all or nothing)."""

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.urls import reverse

from tests.rewards.conftest import people, prepared_dossier, sign, units
from thidua.awards.models import Award, ImportBatch
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(leader, unit_a):
    lan, minh = people(unit_a, ["Nguyễn Thị Lan", "Lê Văn Minh"])
    [to] = units(unit_a, ["Phòng Giáo dục mầm non"])
    return sign(leader, prepared_dossier(unit_a, [(lan, "LDTT"), (minh, "BK_TINH"), (to, "TTLDTT")], year=2026),
                dt.date(2026, 7, 15))


def snapshot():
    return sorted((a.person_id or 0, a.unit_id, a.award_type.code, a.recipient_kind, a.year, a.decision_number,
                   a.decision_date, a.commendation_type, a.revoked) for a in Award.objects.select_related("award_type"))


def upload(name, data):
    f = io.BytesIO(data)
    f.name = name
    return f


def round_trip(client, name, data):
    before_people = Person.objects.count()
    response = client.post(reverse("rewards:import"), {"file": upload(name, data)})
    batch = ImportBatch.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("awards:import_detail", args=[batch.pk])
    assert batch.status == "review", batch.message
    client.post(reverse("awards:import_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "committed"
    assert Person.objects.count() == before_people  # every person matched, none created
    return batch


@pytest.fixture
def exchange_client(client, staff, settings):
    client.force_login(staff)
    return client


def test_json_round_trip_reproduces_every_award(exchange_client, decision):
    response = exchange_client.get(reverse("rewards:export_json", args=[decision.pk]))
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["format"] == "thidua.exchange" and document["version"] == 1
    assert document["decision"]["number"] == decision.number and document["decision"]["signed_on"] == "2026-07-15"
    assert sorted(a["award"] for a in document["awards"]) == ["BK_TINH", "LDTT", "TTLDTT"]
    lan = next(a for a in document["awards"] if a["award"] == "LDTT")
    assert lan["person"]["full_name"] == "Nguyễn Thị Lan" and lan["person"]["birth_date"] == "1980-01-01"
    before = snapshot()
    Award.objects.all().delete()
    round_trip(exchange_client, "qd.json", response.content)
    assert snapshot() == before


def test_xlsx_round_trip_reproduces_every_award(exchange_client, decision):
    response = exchange_client.get(reverse("rewards:export_xlsx", args=[decision.pk]))
    data = response.content
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Khen thưởng", "Thông tin"]
    info = dict(wb["Thông tin"].iter_rows(values_only=True))
    assert info["Định dạng"] == "thidua.exchange" and info["Số quyết định"] == decision.number
    before = snapshot()
    Award.objects.all().delete()
    round_trip(exchange_client, "qd.xlsx", data)
    assert snapshot() == before


def test_import_is_all_or_nothing(exchange_client, decision):
    document = json.loads(exchange_client.get(reverse("rewards:export_json", args=[decision.pk])).content)
    Award.objects.all().delete()
    document["awards"][1]["unit"] = {"code": "", "name": "Sở Không Tồn Tại"}
    exchange_client.post(reverse("rewards:import"),
                         {"file": upload("qd.json", json.dumps(document, ensure_ascii=False).encode())})
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == "invalid" and batch.error_count == 1
    exchange_client.post(reverse("awards:import_commit", args=[batch.pk]))
    assert not Award.objects.exists()


@pytest.mark.parametrize("payload", [b"{", b'{"format": "khac", "version": 1}', b'{"format": "thidua.exchange", '
                                     b'"version": 2}', b'{"format": "thidua.exchange", "version": 1, "decision": '
                                     b'{"number": "1/QD", "signed_on": "2026-07-15"}, "awards": [{"award": "LDTT", '
                                     b'"kind": "individual", "year": 2026, "unit": {"name": "X"}}]}'])
def test_a_malformed_document_is_refused_whole(exchange_client, payload):
    response = exchange_client.post(reverse("rewards:import"), {"file": upload("x.json", payload)}, follow=True)
    assert "Không nhập được tệp" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_exchange_is_for_province_staff(client_a, decision):
    assert client_a.get(reverse("rewards:export_json", args=[decision.pk])).status_code == 403
    assert client_a.get(reverse("rewards:import")).status_code == 403
