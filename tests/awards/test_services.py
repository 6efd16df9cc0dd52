import pytest
from django.core.exceptions import ValidationError

from tests.factories import PersonFactory
from thidua.awards import services
from thidua.awards.models import Award, Initiative
from thidua.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_confer_individual_sets_unit_and_marks_initiatives_used(unit_a, staff):
    person = PersonFactory(unit=unit_a)
    idea = Initiative.objects.create(person=person, title="Số hóa hồ sơ", year=2025, scope="co_so")
    award = services.confer(award_type="CSTD_CO_SO", person=person, year=2025, decision_number="12/QĐ-SGDĐT",
                            initiatives=[idea], user=staff)
    assert award.unit == unit_a and award.recipient_kind == "individual"
    idea.refresh_from_db()
    assert idea.used_by_award == award
    with pytest.raises(ValidationError):
        services.confer(award_type="BK_TINH", person=person, year=2025, initiatives=[idea], user=staff)
    assert AuditEntry.objects.filter(model="awards.Award", action="create").count() == 1


def test_confer_rejects_wrong_subject(unit_a):
    with pytest.raises(ValidationError):
        services.confer(award_type="LDTT", unit=unit_a, year=2025)  # LĐTT is for individuals only


def test_revoke_keeps_history_with_reason(unit_a, staff):
    person = PersonFactory(unit=unit_a)
    award = services.confer(award_type="LDTT", person=person, year=2024)
    services.revoke(award, "Kê khai không trung thực", "05/QĐ-UBND", user=staff)
    award = Award.objects.get(pk=award.pk)
    assert award.revoked and award.revoked_reason == "Kê khai không trung thực" and award.revoked_decision == "05/QĐ-UBND"
    assert award.revoked_on is not None
    assert not Award.objects.counting().filter(pk=award.pk).exists()
    assert AuditEntry.objects.filter(model="awards.Award", action="transition", object_id=str(award.pk)).exists()
    with pytest.raises(ValidationError):
        services.revoke(award, "again", "06/QĐ-UBND", user=staff)
    with pytest.raises(ValidationError):
        services.revoke(services.confer(award_type="LDTT", person=person, year=2025), "", "", user=staff)
