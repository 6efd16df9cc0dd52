"""Approval inside a unit for registrations: the officer prepares it, the unit's leader approves it (→ submitted) or
returns it with a reason (→ draft); both audited. Without a leader account, or by the leader, it goes at once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import UserFactory
from thidua.core.models import AuditEntry
from thidua.core.roles import Role
from thidua.core.todo import collect
from thidua.movements import services
from thidua.movements.models import Registration
from thidua.movements.services import TitleRow


@pytest.fixture
def draft(unit_a, officer_a, year2025):
    reg = Registration(unit=unit_a, period=year2025, targets="Hòan thành 100% chỉ tiêu được giao")
    return services.save_registration(reg, [TitleRow("TTLDXS")], user=officer_a)


@pytest.fixture
def leader_a(unit_a):
    return UserFactory(role=Role.UNIT_LEADER, unit=unit_a)


def _fresh(reg):
    return Registration.objects.get(pk=reg.pk)


def test_without_a_leader_the_officer_sends_at_once(draft, officer_a):
    with pytest.raises(ValidationError, match="chưa có tài khoản lãnh đạo"):
        services.send_registration_for_approval(draft, user=officer_a)
    services.submit_registration(_fresh(draft), user=officer_a)
    assert _fresh(draft).status == Registration.Status.SUBMITTED


def test_the_leader_approves_what_the_officer_prepared(draft, officer_a, leader_a, unit_b):
    with pytest.raises(ValidationError, match="phải được lãnh đạo đơn vị duyệt"):
        services.submit_registration(draft, user=officer_a)
    services.send_registration_for_approval(draft, user=officer_a)
    assert _fresh(draft).status == Registration.Status.UNIT_REVIEW
    assert {i.label: i.count for i in collect(leader_a)}["Bản đăng ký thi đua chờ lãnh đạo đơn vị duyệt"] == 1
    with pytest.raises(PermissionDenied):
        services.save_registration(
            _fresh(draft), [TitleRow("TTLDTT")], user=officer_a
        )  # frozen while reviewed
    with pytest.raises(PermissionDenied):
        services.approve_registration(_fresh(draft), user=officer_a)
    with pytest.raises(PermissionDenied):
        services.approve_registration(_fresh(draft), user=UserFactory(role=Role.UNIT_LEADER, unit=unit_b))
    services.approve_registration(_fresh(draft), user=leader_a)
    reg = _fresh(draft)
    assert reg.status == Registration.Status.SUBMITTED and reg.submitted_by == leader_a
    notes = sorted(
        AuditEntry.objects.filter(
            model="movements.Registration", object_id=str(reg.pk), action="transition"
        ).values_list("note", flat=True)
    )
    assert notes == ["Lãnh đạo đơn vị duyệt, gửi đăng ký", "Trình lãnh đạo đơn vị duyệt"]


def test_the_leader_returns_it_with_a_reason(draft, officer_a, leader_a, client):
    services.send_registration_for_approval(draft, user=officer_a)
    with pytest.raises(ValidationError, match="lý do trả lại"):
        services.return_registration_to_officer(_fresh(draft), user=leader_a, note=" ")
    client.force_login(leader_a)
    page = client.get(f"/thi-dua/dang-ky/{draft.pk}/").content.decode()
    assert "Duyệt, gửi đăng ký" in page and "Trả lại cán bộ soạn" in page
    client.post(f"/thi-dua/dang-ky/{draft.pk}/unit_return/", {"note": "Bổ sung chỉ tiêu chuyển đổi số"})
    reg = _fresh(draft)
    assert reg.status == Registration.Status.DRAFT and reg.return_note == "Bổ sung chỉ tiêu chuyển đổi số"
    services.save_registration(reg, [TitleRow("TTLDXS"), TitleRow("LDTT", quantity=10)], user=officer_a)
    client.force_login(officer_a)
    page = client.get(f"/thi-dua/dang-ky/{draft.pk}/").content.decode()
    assert "Trình lãnh đạo đơn vị duyệt" in page and "Gửi đăng ký" not in page


def test_the_leaders_own_submission_goes_at_once(draft, leader_a):
    services.submit_registration(draft, user=leader_a)
    assert _fresh(draft).status == Registration.Status.SUBMITTED
