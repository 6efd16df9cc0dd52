"""Approval inside a unit: the officer prepares the dossier, the unit's leader approves it for the province or returns
it with a reason. A unit without a leader's account, or the leader's own submission, goes to the province at once."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.dossiers.conftest import ready_dossier
from tests.factories import UserFactory
from thidua.core.events import Event, happened
from thidua.core.models import AuditEntry
from thidua.core.roles import Role
from thidua.core.todo import collect
from thidua.dossiers import services
from thidua.dossiers.models import Dossier, DossierEvent
from thidua.dossiers.workflow import allowed_actions


def _fresh(dossier):
    return Dossier.objects.get(pk=dossier.pk)


def test_without_a_leader_account_the_officer_sends_to_the_province_at_once(officer_a, person_a, ldtt):
    dossier = ready_dossier(officer_a, person_a, ldtt)
    assert "submit" in allowed_actions(dossier, officer_a) and "send_for_approval" not in allowed_actions(
        dossier, officer_a
    )
    with pytest.raises(services.WorkflowError, match="chưa có tài khoản lãnh đạo"):
        services.transition(dossier, "send_for_approval", officer_a)
    assert services.transition(dossier, "submit", officer_a).state == Dossier.State.SUBMITTED


def test_with_a_leader_the_officer_must_go_through_the_leader(
    officer_a, unit_leader_a, person_a, ldtt, django_capture_on_commit_callbacks
):
    dossier = ready_dossier(officer_a, person_a, ldtt)
    assert "send_for_approval" in allowed_actions(dossier, officer_a)
    assert "submit" not in allowed_actions(dossier, officer_a)
    with pytest.raises(services.WorkflowError, match="phải được lãnh đạo đơn vị duyệt"):
        services.transition(dossier, "submit", officer_a)
    assert _fresh(dossier).state == Dossier.State.DRAFT

    seen = []
    happened.connect(receiver := lambda sender, event, **kw: seen.append(event), sender=Event)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.transition(dossier, "send_for_approval", officer_a)
    finally:
        happened.disconnect(receiver, sender=Event)
    assert dossier.state == Dossier.State.UNIT_REVIEW and dossier.due_on is None
    assert [(e.kind, e.recipients) for e in seen] == [("dossier.awaiting_unit_approval", (unit_leader_a,))]
    # nothing changes while the leader reads it; the officer cannot approve
    with pytest.raises(services.WorkflowError, match="không thể sửa"):
        services.update_dossier(officer_a, _fresh(dossier), title="Sửa trong lúc chờ duyệt")
    with pytest.raises(PermissionDenied):
        services.transition(_fresh(dossier), "approve", officer_a)

    services.transition(_fresh(dossier), "approve", unit_leader_a)
    dossier = _fresh(dossier)
    assert dossier.state == Dossier.State.SUBMITTED and dossier.due_kind == "receive" and dossier.submitted_on
    assert list(DossierEvent.objects.filter(dossier=dossier).values_list("action", "actor")) == [
        ("send_for_approval", officer_a.pk),
        ("approve", unit_leader_a.pk),
    ]
    audited = AuditEntry.objects.filter(
        model="dossiers.Dossier", object_id=str(dossier.pk), action="transition"
    )
    assert audited.count() == 2


def test_the_leader_returns_it_with_a_reason(officer_a, unit_leader_a, person_a, ldtt, client):
    dossier = ready_dossier(officer_a, person_a, ldtt)
    services.transition(dossier, "send_for_approval", officer_a)
    with pytest.raises(services.WorkflowError, match="Cần ghi rõ lý do"):
        services.transition(_fresh(dossier), "unit_return", unit_leader_a)
    services.transition(
        _fresh(dossier), "unit_return", unit_leader_a, reason="Bổ sung số liệu thành tích năm 2025."
    )
    dossier = _fresh(dossier)
    assert (
        dossier.state == Dossier.State.DRAFT and dossier.last_reason == "Bổ sung số liệu thành tích năm 2025."
    )
    services.update_dossier(
        officer_a, dossier, title="Đề nghị khen thưởng năm 2025 (đã bổ sung)"
    )  # editable again
    client.force_login(officer_a)
    page = client.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "Lãnh đạo đơn vị trả lại" in page and "Bổ sung số liệu thành tích năm 2025." in page
    assert "Trình lãnh đạo đơn vị duyệt" in page


def test_the_leaders_own_submission_goes_at_once(unit_leader_a, officer_a, person_a, ldtt):
    dossier = ready_dossier(officer_a, person_a, ldtt)
    assert "submit" in allowed_actions(dossier, unit_leader_a)
    assert services.transition(dossier, "submit", unit_leader_a).state == Dossier.State.SUBMITTED


def test_a_returned_dossier_goes_back_through_the_leader_as_a_resubmission(
    officer_a, unit_leader_a, staff, person_a, ldtt
):
    dossier = ready_dossier(officer_a, person_a, ldtt)
    services.transition(dossier, "submit", unit_leader_a)
    services.transition(dossier, "return", staff, reason="Thiếu biên bản họp xét.")
    with pytest.raises(services.WorkflowError, match="phải được lãnh đạo đơn vị duyệt"):
        services.transition(_fresh(dossier), "resubmit", officer_a)
    services.transition(_fresh(dossier), "send_for_approval", officer_a)
    assert services.transition(_fresh(dossier), "approve", unit_leader_a).state == Dossier.State.RESUBMITTED


def test_another_units_leader_cannot_approve(officer_a, unit_leader_a, unit_b, person_a, ldtt):
    other = UserFactory(role=Role.UNIT_LEADER, unit=unit_b)
    dossier = ready_dossier(officer_a, person_a, ldtt)
    services.transition(dossier, "send_for_approval", officer_a)
    with pytest.raises(PermissionDenied):
        services.transition(_fresh(dossier), "approve", other)
    assert _fresh(dossier).state == Dossier.State.UNIT_REVIEW


def test_the_leaders_home_lists_what_waits_and_the_page_offers_both_choices(
    officer_a, unit_leader_a, person_a, ldtt, client
):
    dossier = ready_dossier(officer_a, person_a, ldtt)
    services.transition(dossier, "send_for_approval", officer_a)
    todo = {i.label: i for i in collect(unit_leader_a)}
    assert todo["Hồ sơ chờ lãnh đạo đơn vị duyệt"].count == 1
    assert todo["Hồ sơ chờ lãnh đạo đơn vị duyệt"].url == "/ho-so/?trang_thai=unit_review"
    client.force_login(unit_leader_a)
    page = client.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert (
        f"/ho-so/{dossier.pk}/chuyen/approve/" in page and f"/ho-so/{dossier.pk}/chuyen/unit_return/" in page
    )
    response = client.post(
        f"/ho-so/{dossier.pk}/chuyen/approve/", {"version": _fresh(dossier).version}, follow=True
    )
    assert response.status_code == 200 and _fresh(dossier).state == Dossier.State.SUBMITTED
