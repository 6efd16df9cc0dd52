"""Units as they are (Thông tư 15/2025/TT-BNV): a dissolved or merged unit cannot be nominated after its end date
— a clear Vietnamese message in the form, the service and the API — and its history follows its successor."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tests.factories import UnitFactory
from thidua.awards import services as award_services
from thidua.awards.facts import gather_unit_cases
from thidua.awards.models import AwardType
from thidua.awards.selectors import unit_timeline
from thidua.core.models import ApiToken
from thidua.dossiers import services
from thidua.dossiers.forms import NominationForm
from thidua.dossiers.models import Dossier, Nomination
from thidua.orgs.models import UnitLineage
from thidua.orgs.selectors import unit_endings

pytestmark = pytest.mark.django_db

MERGED_ON = dt.date(2025, 7, 1)


@pytest.fixture
def merged(unit_a):
    """Two teams of unit A: «Phòng Giáo dục Tiểu học» merged into «Phòng Giáo dục Phổ thông» on 01/7/2025; «Tổ
    Thanh tra» dissolved the same day."""
    old = UnitFactory(name="Phòng Giáo dục Tiểu học", parent=unit_a, kind="agency")
    new = UnitFactory(name="Phòng Giáo dục Phổ thông", parent=unit_a, kind="agency")
    gone = UnitFactory(name="Tổ Thanh tra", parent=unit_a, kind="agency")
    UnitLineage.objects.create(kind=UnitLineage.Kind.MERGE, predecessor=old, successor=new, effective_on=MERGED_ON,
                               decision="Quyết định số 1520/QĐ-SGDĐT")
    UnitLineage.objects.create(kind=UnitLineage.Kind.DISSOLVE, predecessor=gone, effective_on=MERGED_ON)
    return old, new, gone


def _nominate(officer, unit):
    dossier = services.create_dossier(officer, unit=officer.unit, title="Đề nghị tập thể", kind=Dossier.Kind.MERIT,
                                      year=2025)
    return dossier, Nomination(nominee_unit=unit, award_type=AwardType.objects.get(code="TTLDTT"),
                               achievement_summary="Hòan thành xuất sắc nhiệm vụ", justification="Đã họp xét.")


def test_end_dates_come_from_the_lineage_and_active_to(merged, unit_a):
    old, new, gone = merged
    closed = UnitFactory(name="Trung tâm cũ", parent=unit_a, active_to=dt.date(2025, 3, 31))
    assert unit_endings([old.pk, new.pk, gone.pk, closed.pk], dt.date(2025, 6, 30)).keys() == {closed.pk}
    endings = unit_endings([old.pk, new.pk, gone.pk, closed.pk], MERGED_ON)
    assert endings.keys() == {old.pk, gone.pk, closed.pk}
    assert endings[old.pk].last_day == dt.date(2025, 6, 30) and endings[old.pk].successor_name == new.name
    assert "đã giải thể" in endings[gone.pk].message and "đã giải thể" in endings[closed.pk].message


@time_machine.travel(dt.datetime(2025, 7, 2, 9, 0), tick=False)
def test_service_refuses_a_merged_unit_after_its_end_date_and_names_the_successor(officer_a, merged):
    old, new, gone = merged
    dossier, nomination = _nominate(officer_a, old)
    with pytest.raises(ValidationError) as refused:
        services.save_nomination(officer_a, dossier, nomination)
    message = " ".join(refused.value.messages)
    assert "«Phòng Giáo dục Tiểu học» đã sắp xếp" in message and "«Phòng Giáo dục Phổ thông»" in message
    assert "30/06/2025" in message and "Thông tư 15/2025/TT-BNV" in message
    assert not dossier.nominations.exists()
    _dossier, nomination = _nominate(officer_a, gone)
    with pytest.raises(ValidationError, match="đã giải thể"):
        services.save_nomination(officer_a, dossier, nomination)
    # the successor is the one to propose
    _dossier, nomination = _nominate(officer_a, new)
    services.save_nomination(officer_a, dossier, nomination)


def test_a_nomination_made_before_the_end_date_cannot_be_submitted_after_it(officer_a, merged):
    from tests.dossiers.conftest import pdf_upload

    old, _new, _gone = merged
    with time_machine.travel(dt.datetime(2025, 6, 30, 9, 0), tick=False):
        dossier, nomination = _nominate(officer_a, old)
        services.save_nomination(officer_a, dossier, nomination)
        services.add_attachment(officer_a, dossier, pdf_upload(), "to_trinh")
        services.add_attachment(officer_a, dossier, pdf_upload("bao-cao.pdf"), "bao_cao")
        assert not any("Thông tư 15/2025" in p for p in services.submission_problems(dossier))
    with time_machine.travel(dt.datetime(2025, 7, 1, 9, 0), tick=False):
        assert any("Phòng Giáo dục Tiểu học" in p and "Thông tư 15/2025" in p
                   for p in services.submission_problems(dossier))
        with pytest.raises(services.WorkflowError):
            services.transition(dossier, "submit", officer_a)


@time_machine.travel(dt.datetime(2025, 7, 2, 9, 0), tick=False)
def test_form_shows_the_message_on_the_unit_field(officer_a, merged):
    old, _new, _gone = merged
    dossier, _n = _nominate(officer_a, old)
    form = NominationForm({"kind": "collective", "nominee_unit": old.pk,
                           "award_type": AwardType.objects.get(code="TTLDTT").pk,
                           "achievement_summary": "Hòan thành xuất sắc nhiệm vụ"}, user=officer_a, dossier=dossier)
    assert not form.is_valid()
    assert "Thông tư 15/2025/TT-BNV" in " ".join(form.errors["nominee_unit"])


@time_machine.travel(dt.datetime(2025, 7, 2, 9, 0), tick=False)
def test_api_answers_400_with_the_message(officer_a, merged, client):
    old, _new, _gone = merged
    dossier, _n = _nominate(officer_a, old)
    response = client.post(f"/api/v1/dossiers/{dossier.pk}/nominations", json.dumps({
        "award": "TTLDTT", "unit_id": old.pk, "achievement_summary": "Hòan thành xuất sắc nhiệm vụ"}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(officer_a)}")
    assert response.status_code == 400
    assert "đã sắp xếp" in response.json()["detail"] and "Phòng Giáo dục Phổ thông" in response.json()["detail"]


def test_history_follows_the_successor(merged):
    old, new, _gone = merged
    for year in (2023, 2024):
        award_services.confer(award_type="TTLDTT", unit=old, year=year, decision_number=f"{year - 2000}/QĐ-SGDĐT",
                              decision_date=dt.date(year, 12, 20))
    case = gather_unit_cases([new], ["TTLDXS"], 2025)[new.pk]
    assert [(a["year"], a["award"]) for a in case["awards"]] == [(2023, "TTLDTT"), (2024, "TTLDTT")]
    timeline = unit_timeline(new)
    assert old.pk in timeline["predecessor_ids"]
    assert sorted((a.year, a.unit_id) for e in timeline["years"] for a in e.awards) == [(2023, old.pk), (2024, old.pk)]
