"""Đăng ký thi đua: a unit officer registers its own unit (draft → submitted); the province accepts it or returns
it with a reason; every step is audited; duplicates get a Vietnamese message."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import PersonFactory, UserFactory
from thidua.core.models import AuditEntry
from thidua.core.roles import Role
from thidua.movements import services
from thidua.movements.models import Registration
from thidua.movements.services import TitleRow


@pytest.fixture
def draft(unit_a, officer_a, year2025):
    reg = Registration(unit=unit_a, period=year2025, targets="Hòan thành 100% chỉ tiêu được giao")
    return services.save_registration(reg, [TitleRow("TTLDXS"), TitleRow("LDTT", quantity=25)], user=officer_a)


def test_officer_registers_own_unit(draft, unit_a):
    assert draft.status == Registration.Status.DRAFT
    assert [(t.code, t.quantity) for t in draft.titles.all()] == [("TTLDXS", 1), ("LDTT", 25)]


def test_officer_cannot_register_another_unit(unit_b, officer_a, year2025):
    reg = Registration(unit=unit_b, period=year2025, targets="x")
    with pytest.raises(PermissionDenied):
        services.save_registration(reg, [TitleRow("TTLDTT")], user=officer_a)


def test_registration_needs_a_title(unit_a, officer_a, year2025):
    reg = Registration(unit=unit_a, period=year2025, targets="x")
    with pytest.raises(ValidationError, match="ít nhất một danh hiệu"):
        services.save_registration(reg, [], user=officer_a)


def test_second_registration_for_same_period_is_refused_in_vietnamese(draft, unit_a, officer_a, year2025):
    reg = Registration(unit=unit_a, period=year2025, targets="lần hai")
    with pytest.raises(ValidationError, match="Đơn vị đã có bản đăng ký chung"):
        services.save_registration(reg, [TitleRow("TTLDTT")], user=officer_a)


def test_person_must_belong_to_the_unit(unit_a, unit_b, officer_a, year2025):
    outsider = PersonFactory(unit=unit_b)
    reg = Registration(unit=unit_a, person=outsider, period=year2025, targets="x")
    with pytest.raises(ValidationError, match="phải thuộc đơn vị đăng ký"):
        services.save_registration(reg, [TitleRow("CSTD_CO_SO")], user=officer_a)


def test_other_title_needs_a_name(unit_a, officer_a, year2025):
    reg = Registration(unit=unit_a, period=year2025, targets="x")
    services.save_registration(reg, [TitleRow("OTHER", "Huân chương Lao động hạng Ba")], user=officer_a)
    assert reg.titles.get().label == "Huân chương Lao động hạng Ba"


def test_submit_accept_flow_with_audit(draft, officer_a, staff):
    services.submit_registration(draft, user=officer_a)
    draft.refresh_from_db()
    assert draft.status == Registration.Status.SUBMITTED and draft.submitted_by == officer_a
    with pytest.raises(PermissionDenied):
        services.save_registration(draft, [TitleRow("TTLDTT")], user=officer_a)  # no edits after sending
    with pytest.raises(PermissionDenied):
        services.accept_registration(draft, user=officer_a)
    services.accept_registration(draft, user=staff)
    draft.refresh_from_db()
    assert draft.status == Registration.Status.ACCEPTED and draft.accepted_by == staff
    notes = list(AuditEntry.objects.filter(model="movements.Registration", object_id=str(draft.pk), action="transition")
                 .values_list("note", flat=True))
    assert "Gửi đăng ký thi đua" in notes and "Tiếp nhận đăng ký thi đua" in notes


def test_return_needs_reason_and_reopens_for_editing(draft, officer_a, staff):
    services.submit_registration(draft, user=officer_a)
    with pytest.raises(ValidationError, match="lý do trả lại"):
        services.return_registration(draft, user=staff, note="")
    services.return_registration(draft, user=staff, note="Bổ sung chỉ tiêu cải cách hành chính")
    draft.refresh_from_db()
    assert draft.status == Registration.Status.DRAFT and "cải cách" in draft.return_note
    services.save_registration(draft, [TitleRow("TTLDXS")], user=officer_a)


def test_unit_leader_may_submit_but_not_edit(draft, unit_a):
    leader = UserFactory(role=Role.UNIT_LEADER, unit=unit_a)
    with pytest.raises(PermissionDenied):
        services.save_registration(draft, [TitleRow("TTLDTT")], user=leader)
    services.submit_registration(draft, user=leader)


def test_stale_transition_is_refused(draft, officer_a, staff):
    stale = Registration.objects.get(pk=draft.pk)
    services.submit_registration(draft, user=officer_a)
    services.accept_registration(Registration.objects.get(pk=draft.pk), user=staff)
    stale.status = Registration.Status.SUBMITTED  # a second tab still showing "submitted"
    with pytest.raises(ValidationError, match="đã thay đổi"):
        services.accept_registration(stale, user=staff)
