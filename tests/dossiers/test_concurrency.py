"""Concurrent actions on one dossier never double-apply; decision numbers stay unique under concurrency; a member
voting twice at once is counted once. Real threads and connections (`transaction=True`); on PostgreSQL these
exercise row locks, on SQLite the IMMEDIATE transactions (both must hold)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from tests.conftest import BALLOT_PASSPHRASE
from tests.dossiers.conftest import members, pdf_upload
from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.awards import catalogue
from thidua.awards.models import Award, AwardType, BaseSalary
from thidua.core.roles import Role
from thidua.dossiers import services
from thidua.dossiers.models import (
    BallotParticipation,
    Council,
    CouncilMember,
    Decision,
    Dossier,
    DossierEvent,
    DossierState,
    Nomination,
    VoteSlot,
)

pytestmark = pytest.mark.django_db(transaction=True)


def run_in_threads(*callables):
    """Start all callables together; return (results, errors)."""
    barrier = threading.Barrier(len(callables))
    results, errors = [], []

    def wrap(fn):
        try:
            barrier.wait(timeout=10)
            results.append(fn())
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrap, args=(fn,)) for fn in callables]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


@pytest.fixture
def world():
    catalogue.sync(AwardType, BaseSalary)  # transactional tests start from an empty database
    province = UnitFactory(code="ubnd-c", kind="province")
    unit = UnitFactory(code="don-vi-c", parent=province)
    officer = UserFactory(role=Role.UNIT_OFFICER, unit=unit)
    staff = [UserFactory(role=Role.PROVINCE_STAFF, unit=province) for _ in range(2)]
    leaders = [UserFactory(role=Role.LEADER, unit=province) for _ in range(2)]
    return {"province": province, "unit": unit, "officer": officer, "staff": staff, "leaders": leaders}


def _dossier(world, state=DossierState.DRAFT, title="Hồ sơ"):
    officer = world["officer"]
    dossier = services.create_dossier(officer, unit=officer.unit, title=title, kind="cong_trang", year=2025)
    person = PersonFactory(unit=officer.unit)
    services.save_nomination(officer, dossier, Nomination(person=person, achievement_summary="Thành tích",
                                                          award_type=AwardType.objects.get(code="BK_TINH")))
    services.add_attachment(officer, dossier, pdf_upload(), "to_trinh")
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    Nomination.objects.filter(dossier=dossier).update(appraisal="accepted")
    dossier.refresh_from_db()
    return dossier


def test_two_officers_acting_at_once_apply_one_transition(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dossier = _dossier(world, DossierState.SUBMITTED)
    a, b = world["staff"]
    # both officers loaded the page while the dossier was "submitted"
    seen_by_a, seen_by_b = Dossier.objects.get(pk=dossier.pk), Dossier.objects.get(pk=dossier.pk)
    results, errors = run_in_threads(
        lambda: services.transition(seen_by_a, "receive", a),
        lambda: services.transition(seen_by_b, "return", b, reason="Thiếu hồ sơ"),
    )
    assert len(results) == 1 and len(errors) == 1, errors
    assert isinstance(errors[0], services.WorkflowError)
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1
    dossier.refresh_from_db()
    assert dossier.state == DossierEvent.objects.get(dossier=dossier).to_state


def test_two_signers_of_one_dossier_give_one_decision(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dossier = _dossier(world, DossierState.FOR_DECISION)
    day = dt.date(2025, 12, 1)
    results, errors = run_in_threads(*[
        (lambda u=u: services.decide(u, Dossier.objects.get(pk=dossier.pk), signed_on=day, signer_name="A",
                                     signer_title="Chủ tịch"))
        for u in world["leaders"]
    ])
    assert len(results) == 1 and len(errors) == 1, errors
    assert Decision.objects.count() == 1 and Award.objects.count() == 1


def test_decision_numbers_are_unique_under_concurrency(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dossiers = [_dossier(world, DossierState.FOR_DECISION, title=f"Hồ sơ {i}") for i in range(6)]
    leader = world["leaders"][0]
    day = dt.date(2026, 1, 5)
    results, errors = run_in_threads(*[
        (lambda d=d: services.decide(leader, Dossier.objects.get(pk=d.pk), signed_on=day, signer_name="A",
                                     signer_title="Chủ tịch").number)
        for d in dossiers
    ])
    assert not errors
    assert sorted(results) == [f"{i:02d}/QĐ-UBND" for i in range(1, 7)]  # from 01, each once


def test_a_member_voting_twice_at_once_is_counted_once(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dossier = _dossier(world, DossierState.COUNCIL)
    secretary = UserFactory(role=Role.COUNCIL_SECRETARY, unit=world["province"])
    council = Council.objects.create(name="Hội đồng", unit=world["province"])
    for i in range(5):
        user = UserFactory(role=Role.COUNCIL_MEMBER, unit=world["province"])
        CouncilMember.objects.create(council=council, user=user, full_name=f"Ủy viên {i}", unit=UnitFactory())
    session = services.create_session(secretary, council, title="Phiên", held_on=dt.date(2025, 12, 1))
    services.set_attendance(secretary, session, [m.pk for m in members(council)])
    [ballot] = services.add_to_agenda(secretary, session, list(dossier.nominations.all()))
    services.open_session(secretary, session, BALLOT_PASSPHRASE)
    services.open_ballot(secretary, ballot)
    voter = members(council)[0].user
    results, errors = run_in_threads(*[(lambda c=c: services.cast_vote(voter, ballot, c)) for c in ("yes", "no", "yes")])
    assert len(results) == 1 and len(errors) == 2
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 1
    assert VoteSlot.objects.filter(ballot=ballot, filled=True).count() == 1
