"""Council sessions and secret ballots: quorum, one vote per member from their own login, secrecy (no column
links a voter to a choice), thresholds against ALL members (boundaries), recusal, written votes, public posting."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection

from tests.conftest import BALLOT_PASSPHRASE
from tests.dossiers.conftest import members, ready_dossier
from tests.factories import PersonFactory
from thidua.awards.models import AwardType
from thidua.dossiers import services
from thidua.dossiers.models import (
    Ballot,
    BallotParticipation,
    CouncilMember,
    Dossier,
    DossierState,
    Nomination,
    Recusal,
    VoteSlot,
)
from thidua.dossiers.services import WorkflowError, passes


def _nomination_in_council(officer, staff, person, award_type):
    dossier = ready_dossier(officer, person, award_type)
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.COUNCIL)
    nomination = dossier.nominations.get()
    Nomination.objects.filter(pk=nomination.pk).update(appraisal="accepted")
    nomination.refresh_from_db()
    return nomination


@pytest.fixture
def open_ballot(officer_a, staff, secretary, council, person_a, cstd_co_so):
    nomination = _nomination_in_council(officer_a, staff, person_a, cstd_co_so)
    session = services.create_session(secretary, council, title="Phiên họp", held_on=dt.date(2025, 12, 1))
    services.set_attendance(secretary, session, [m.pk for m in members(council)])
    [ballot] = services.add_to_agenda(secretary, session, [nomination])
    services.open_session(secretary, session, BALLOT_PASSPHRASE)
    return services.open_ballot(secretary, ballot)


def test_no_table_holds_a_voter_beside_a_choice(db):
    slot = {f.name for f in VoteSlot._meta.get_fields()}
    assert slot == {"id", "ballot", "sealed", "filled"}
    assert VoteSlot._meta.pk.get_internal_type() == "UUIDField"
    participation = {f.name for f in BallotParticipation._meta.get_fields()}
    assert participation == {"id", "ballot", "member", "channel"}
    columns = {c.name for c in connection.introspection.get_table_description(connection.cursor(), VoteSlot._meta.db_table)}
    assert columns == {"id", "ballot_id", "sealed", "filled"}


def test_each_member_votes_once_and_only_has_voted_is_stored(open_ballot, council):
    member = members(council)[3]
    services.cast_vote(member.user, open_ballot, "yes")
    with pytest.raises(WorkflowError, match="đã bỏ phiếu"):
        services.cast_vote(member.user, open_ballot, "no")
    assert BallotParticipation.objects.filter(ballot=open_ballot, member=member).count() == 1
    filled = [bytes(b) for b in VoteSlot.objects.filter(ballot=open_ballot, filled=True).values_list("sealed", flat=True)]
    assert len(filled) == 1 and b"yes" not in filled[0] and b"Y" != filled[0]
    # the pool was allocated at opening, one slot per member; voting inserts nothing into it
    assert VoteSlot.objects.filter(ballot=open_ballot).count() == 10


def test_a_non_member_cannot_vote(open_ballot, officer_a, staff):
    from django.core.exceptions import PermissionDenied

    for user in (officer_a, staff):
        with pytest.raises(PermissionDenied):
            services.cast_vote(user, open_ballot, "yes")


def test_vote_on_a_closed_ballot_is_refused(open_ballot, secretary, council):
    services.record_paper_ballots(secretary, open_ballot, yes=10, no=0)
    services.close_ballot(secretary, open_ballot, BALLOT_PASSPHRASE)
    with pytest.raises(WorkflowError):
        services.cast_vote(members(council)[1].user, open_ballot, "yes")


@pytest.mark.parametrize(
    ("yes", "total", "threshold", "expected"),
    [
        (8, 10, "0.80", True), (7, 10, "0.80", False),          # 80%: boundary met exactly
        (9, 10, "0.90", True), (8, 10, "0.90", False),
        (14, 15, "0.90", True), (13, 15, "0.90", False),        # 13/15 = 86.7% < 90%
        (12, 15, "0.80", True), (11, 15, "0.80", False),
        (6, 11, "0.5", True), (5, 10, "0.5", False),            # majority: more than half
        (0, 0, "0.80", False),
    ],
)
def test_threshold_is_against_all_members(yes, total, threshold, expected):
    assert passes(yes, total, Decimal(threshold)) is expected


def test_absent_members_count_in_the_denominator(officer_a, staff, secretary, council, person_a, cstd_co_so):
    nomination = _nomination_in_council(officer_a, staff, person_a, cstd_co_so)
    session = services.create_session(secretary, council, title="Phiên họp", held_on=dt.date(2025, 12, 1))
    everyone = members(council)
    services.set_attendance(secretary, session, [m.pk for m in everyone[:8]])  # 8 of 10 present: quorum 80% met
    [ballot] = services.add_to_agenda(secretary, session, [nomination])
    services.open_session(secretary, session, BALLOT_PASSPHRASE)
    services.open_ballot(secretary, ballot)
    for m in everyone[:7]:
        services.cast_vote(m.user, ballot, "yes")
    services.cast_vote(everyone[7].user, ballot, "no")
    ballot = services.close_ballot(secretary, ballot, BALLOT_PASSPHRASE)
    # 7 of 8 present said yes (87.5%) but 7 of ALL 10 members is 70% < 80%
    assert (ballot.votes_yes, ballot.members_total, ballot.passed) == (7, 10, False)
    nomination.refresh_from_db()
    assert nomination.council_result == "failed"


def test_quorum_80_percent_for_titles(secretary, council):
    session = services.create_session(secretary, council, title="Phiên họp", held_on=dt.date(2025, 12, 1))
    everyone = members(council)
    services.set_attendance(secretary, session, [m.pk for m in everyone[:7]])
    with pytest.raises(WorkflowError, match="Chưa đủ số thành viên"):
        services.open_session(secretary, session, BALLOT_PASSPHRASE)
    services.set_attendance(secretary, session, [m.pk for m in everyone[:8]])
    services.open_session(secretary, session, BALLOT_PASSPHRASE)


def test_quorum_two_thirds_otherwise(secretary, council):
    session = services.create_session(secretary, council, title="Phiên họp", held_on=dt.date(2025, 12, 1),
                                      considers_titles=False)
    everyone = members(council)
    services.set_attendance(secretary, session, [m.pk for m in everyone[:6]])  # 60% < 2/3
    with pytest.raises(WorkflowError):
        services.open_session(secretary, session, BALLOT_PASSPHRASE)
    services.set_attendance(secretary, session, [m.pk for m in everyone[:7]])  # 70% ≥ 2/3
    services.open_session(secretary, session, BALLOT_PASSPHRASE)


def test_member_from_the_nominees_unit_must_recuse_and_is_listed(officer_a, staff, secretary, council, unit_a,
                                                                    person_a, cstd_co_so):
    everyone = members(council)
    conflicted = everyone[5]
    CouncilMember.objects.filter(pk=conflicted.pk).update(unit=unit_a)
    nominee_member = everyone[6]
    CouncilMember.objects.filter(pk=nominee_member.pk).update(person=person_a)
    nomination = _nomination_in_council(officer_a, staff, person_a, cstd_co_so)
    session = services.create_session(secretary, council, title="Phiên họp", held_on=dt.date(2025, 12, 1))
    services.set_attendance(secretary, session, [m.pk for m in everyone])
    [ballot] = services.add_to_agenda(secretary, session, [nomination])
    services.open_session(secretary, session, BALLOT_PASSPHRASE)
    services.open_ballot(secretary, ballot)
    assert set(Recusal.objects.filter(ballot=ballot).values_list("member_id", flat=True)) == {conflicted.pk,
                                                                                               nominee_member.pk}
    for m in (conflicted, nominee_member):
        with pytest.raises(WorkflowError, match="xung đột lợi ích"):
            services.cast_vote(m.user, ballot, "yes")
    for m in everyone:
        if m not in (conflicted, nominee_member):
            services.cast_vote(m.user, ballot, "yes")
    services.close_ballot(secretary, ballot, BALLOT_PASSPHRASE)
    services.close_session(secretary, session)
    minutes = services.minutes(session)
    recused_names = {name for _, name, _ in minutes["recusals"]}
    assert recused_names == {conflicted.full_name, nominee_member.full_name}


def test_written_vote_of_an_absent_member(officer_a, staff, secretary, council, person_a, cstd_co_so):
    everyone = members(council)
    nomination = _nomination_in_council(officer_a, staff, person_a, cstd_co_so)
    session = services.create_session(secretary, council, title="Phiên họp", held_on=dt.date(2025, 12, 1))
    absent = everyone[9]
    services.set_attendance(secretary, session, [m.pk for m in everyone[:9]], written_ids=[absent.pk])
    [ballot] = services.add_to_agenda(secretary, session, [nomination])
    services.open_session(secretary, session, BALLOT_PASSPHRASE)
    services.open_ballot(secretary, ballot)
    with pytest.raises(WorkflowError):  # absent: cannot vote online
        services.cast_vote(absent.user, ballot, "yes")
    services.record_written_vote(secretary, ballot, absent, "yes")
    with pytest.raises(WorkflowError):  # not absent: no written vote on their behalf
        services.record_written_vote(secretary, ballot, everyone[1], "yes")
    for m in everyone[:9]:
        services.cast_vote(m.user, ballot, "no")
    ballot = services.close_ballot(secretary, ballot, BALLOT_PASSPHRASE)
    assert ballot.votes_yes == 1
    services.close_session(secretary, session)
    assert services.minutes(session)["ballots"][0]["written_votes"] == 1


def test_high_level_award_needs_public_posting_and_blocking_comment_stops_it(officer_a, staff, secretary, council,
                                                                             unit_a):
    hcld = AwardType.objects.get(code="HCLD_3")
    person = PersonFactory(unit=unit_a)
    nomination = _nomination_in_council(officer_a, staff, person, hcld)
    with time_machine.travel(dt.datetime(2025, 11, 3, 9, 0), tick=False):
        session = services.create_session(secretary, council, title="Phiên họp", held_on=dt.date(2025, 11, 3))
        services.set_attendance(secretary, session, [m.pk for m in members(council)])
        [ballot] = services.add_to_agenda(secretary, session, [nomination])
        services.open_session(secretary, session, BALLOT_PASSPHRASE)
        with pytest.raises(WorkflowError, match="công khai"):
            services.open_ballot(secretary, ballot)
        services.start_public_posting(staff, nomination, dt.date(2025, 11, 3))  # Mon → Fri 7/11 inclusive
        assert nomination.posting_ends_on == dt.date(2025, 11, 7)
        comment = services.record_public_comment(staff, nomination, author="Công dân A",
                                                 content="Phản ánh về thành tích.", blocking=True)
    with time_machine.travel(dt.datetime(2025, 11, 7, 9, 0), tick=False), pytest.raises(WorkflowError):
        services.open_ballot(secretary, ballot)  # still posted today
    with time_machine.travel(dt.datetime(2025, 11, 10, 9, 0), tick=False):
        with pytest.raises(WorkflowError, match="góp ý"):
            services.open_ballot(secretary, ballot)
        services.resolve_public_comment(staff, comment, "Đã xác minh: phản ánh không có cơ sở.")
        services.open_ballot(secretary, ballot)
    assert Ballot.objects.get(pk=ballot.pk).state == "open"


def test_threshold_comes_from_the_rule_parameter_in_force(cstd_co_so, ldtt):
    from thidua.awards.models import RuleParameter
    from thidua.dossiers.services import threshold_for

    assert threshold_for(cstd_co_so, dt.date(2025, 6, 1)) == Decimal("0.80")
    RuleParameter.objects.create(name="ballot_threshold.CSTD_CO_SO", value="0.85", effective_from=dt.date(2025, 7, 1))
    assert threshold_for(cstd_co_so, dt.date(2025, 6, 30)) == Decimal("0.80")
    assert threshold_for(cstd_co_so, dt.date(2025, 7, 1)) == Decimal("0.85")
    assert threshold_for(ldtt, dt.date(2025, 7, 1)) == Decimal("0.5")  # no ballot by law: majority of all


