"""The transition table: every forbidden (state, action) and (action, role) pair is refused; returns and
rejections need a reason; nothing is editable after submission except through a return; submission rules."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.dossiers.conftest import add_nomination, pdf_upload, ready_dossier
from tests.factories import UserFactory
from thidua.awards.models import PendingProceeding
from thidua.core.roles import Role
from thidua.dossiers import services, workflow
from thidua.dossiers.models import Dossier, DossierEvent, DossierState, Nomination
from thidua.dossiers.services import ConcurrentChange, WorkflowError

ALL_ACTIONS = sorted({a for (_, a) in workflow.TRANSITIONS})


def _force_state(dossier, state):
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    dossier.refresh_from_db()
    return dossier


def _user_for(role, unit, province):
    return UserFactory(role=role, unit=unit if role in (Role.UNIT_OFFICER, Role.UNIT_LEADER) else province)


@pytest.mark.parametrize("state", DossierState.values)
@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_actions_outside_the_table_are_refused(state, action, officer_a, person_a, ldtt, province):
    if (state, action) in workflow.TRANSITIONS:
        pytest.skip("allowed pair")
    dossier = _force_state(ready_dossier(officer_a, person_a, ldtt), state)
    staff = UserFactory(role=Role.PROVINCE_STAFF, unit=province)
    leader = UserFactory(role=Role.LEADER, unit=province)
    for user in (officer_a, staff, leader):
        with pytest.raises(WorkflowError):
            services.transition(dossier, action, user, reason="lý do")
    dossier.refresh_from_db()
    assert dossier.state == state
    assert not DossierEvent.objects.filter(dossier=dossier).exists()


@pytest.mark.parametrize(("state", "action"), sorted(workflow.TRANSITIONS))
def test_roles_not_listed_may_not_apply_a_transition(state, action, officer_a, person_a, ldtt, province, unit_a):
    _, permission, _ = workflow.TRANSITIONS[(state, action)]
    dossier = _force_state(ready_dossier(officer_a, person_a, ldtt), state)
    for role in Role.values:
        user = _user_for(role, unit_a, province)
        if user.has_perm(permission, dossier):
            continue
        with pytest.raises((PermissionDenied, WorkflowError)):
            services.transition(dossier, action, user, reason="lý do")
    dossier.refresh_from_db()
    assert dossier.state == state


def test_an_officer_of_another_unit_cannot_act(officer_a, officer_b, person_a, ldtt):
    dossier = ready_dossier(officer_a, person_a, ldtt)
    with pytest.raises(PermissionDenied):
        services.transition(dossier, "submit", officer_b)


@pytest.mark.parametrize("action", ["return", "reject"])
def test_return_and_rejection_need_a_reason(action, officer_a, staff, person_a, ldtt):
    dossier = ready_dossier(officer_a, person_a, ldtt)
    services.transition(dossier, "submit", officer_a)
    with pytest.raises(WorkflowError, match="lý do"):
        services.transition(dossier, action, staff, reason="   ")
    services.transition(dossier, action, staff, reason="Hồ sơ thiếu chữ ký.")
    event = DossierEvent.objects.get(dossier=dossier, action=action)
    assert event.reason == "Hồ sơ thiếu chữ ký." and event.actor == staff


def test_decide_only_through_the_decision_service(officer_a, leader, person_a, ldtt):
    dossier = _force_state(ready_dossier(officer_a, person_a, ldtt), DossierState.FOR_DECISION)
    with pytest.raises(WorkflowError):
        services.transition(dossier, "decide", leader)


def test_nothing_is_editable_after_submission_until_returned(officer_a, staff, person_a, ldtt, cstd_co_so):
    dossier = ready_dossier(officer_a, person_a, ldtt)
    services.transition(dossier, "submit", officer_a)
    nomination = dossier.nominations.get()
    with pytest.raises(WorkflowError):
        add_nomination(officer_a, dossier, person_a, cstd_co_so)
    with pytest.raises(WorkflowError):
        services.delete_nomination(officer_a, nomination)
    with pytest.raises(WorkflowError):
        services.add_attachment(officer_a, dossier, pdf_upload(), "minh_chung")
    with pytest.raises(WorkflowError):
        services.update_dossier(officer_a, dossier, title="Đổi tên")
    services.transition(dossier, "return", staff, reason="Bổ sung minh chứng.")
    services.add_attachment(officer_a, dossier, pdf_upload("minh-chung.pdf"), "minh_chung")
    services.update_dossier(officer_a, dossier, title="Đề nghị khen thưởng (bổ sung)")
    dossier.refresh_from_db()
    assert dossier.title == "Đề nghị khen thưởng (bổ sung)"


def test_province_staff_cannot_edit_a_units_dossier(officer_a, staff, person_a, ldtt):
    dossier = ready_dossier(officer_a, person_a, ldtt)
    with pytest.raises(PermissionDenied):
        services.update_dossier(staff, dossier, title="x")


def test_submission_needs_nominations_and_attachments(officer_a):
    dossier = services.create_dossier(officer_a, unit=officer_a.unit, title="Trống", kind="cong_trang", year=2025)
    with pytest.raises(WorkflowError) as err:
        services.transition(dossier, "submit", officer_a)
    assert "chưa có đề nghị" in err.value.message and "tờ trình" in err.value.message


def test_pending_proceedings_block_submission(officer_a, person_a, ldtt):
    dossier = ready_dossier(officer_a, person_a, ldtt)
    PendingProceeding.objects.create(person=person_a, kind="discipline_review", opened_on=dt.date(2025, 3, 1))
    with pytest.raises(WorkflowError, match="xem xét kỷ luật"):
        services.transition(dossier, "submit", officer_a)
    # a justification does not help: proceedings block outright
    Nomination.objects.filter(dossier=dossier).update(justification="Đề nghị xem xét đặc biệt.")
    with pytest.raises(WorkflowError):
        services.transition(dossier, "submit", officer_a)
    PendingProceeding.objects.update(closed_on=dt.date(2025, 4, 1))
    services.transition(dossier, "submit", officer_a)
    assert dossier.state == DossierState.SUBMITTED


def test_ineligible_nomination_needs_written_justification_and_is_flagged(officer_a, staff, person_a, cstd_co_so):
    # CSTĐ cơ sở needs HTXSNV or an initiative; make the person only HTNV.
    person_a.ratings.update(rating="HTNV")
    dossier = ready_dossier(officer_a, person_a, cstd_co_so)
    with pytest.raises(WorkflowError, match="giải trình"):
        services.transition(dossier, "submit", officer_a)
    nomination = dossier.nominations.get()
    nomination.justification = "Có thành tích đột xuất trong năm, đề nghị Hội đồng xem xét."
    services.save_nomination(officer_a, dossier, nomination)
    services.transition(dossier, "submit", officer_a)
    nomination.refresh_from_db()
    assert nomination.flagged is True and nomination.eligible is False
    assert nomination.verdict["unmet"]


def test_stale_version_is_refused(officer_a, person_a, ldtt):
    dossier = ready_dossier(officer_a, person_a, ldtt)
    seen = Dossier.objects.get(pk=dossier.pk).version
    services.add_attachment(officer_a, dossier, pdf_upload("them.pdf"), "minh_chung")  # someone edits meanwhile
    with pytest.raises(ConcurrentChange):
        services.transition(dossier, "submit", officer_a, expected_version=seen)


def test_same_transition_twice_applies_once(officer_a, staff, person_a, ldtt):
    dossier = ready_dossier(officer_a, person_a, ldtt)
    services.transition(dossier, "submit", officer_a)
    first, second = Dossier.objects.get(pk=dossier.pk), Dossier.objects.get(pk=dossier.pk)
    services.transition(first, "receive", staff)
    with pytest.raises(ConcurrentChange):
        services.transition(second, "return", staff, reason="muộn")
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2


def test_withdraw_by_the_unit(officer_a, person_a, ldtt):
    dossier = ready_dossier(officer_a, person_a, ldtt)
    services.transition(dossier, "submit", officer_a)
    services.transition(dossier, "withdraw", officer_a)
    assert dossier.state == DossierState.WITHDRAWN and dossier.due_on is None


def test_unit_leader_may_submit(unit_leader_a, officer_a, person_a, ldtt):
    dossier = ready_dossier(officer_a, person_a, ldtt)
    services.transition(dossier, "submit", unit_leader_a)
    assert dossier.state == DossierState.SUBMITTED
