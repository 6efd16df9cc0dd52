"""Each event the domains announce reaches the people who must act on it, and never the one who acted: the dossier
workflow (submitted, received, returned, appraised), council sessions and ballots, signed decisions, petitions near
their deadline."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from tests.conftest import BALLOT_PASSPHRASE
from tests.dossiers.conftest import add_nomination, members, pdf_upload, ready_dossier
from tests.factories import UserFactory
from tests.notifications.conftest import rows
from thidua.awards.models import AwardType
from thidua.core.roles import Role
from thidua.dossiers import services
from thidua.dossiers.models import Dossier, DossierState, Nomination, Recusal
from thidua.oversight import services as oversight


@pytest.fixture
def other_staff(province):
    return UserFactory(username="tinh2", role=Role.PROVINCE_STAFF, unit=province)


@pytest.fixture
def submitted(officer_a, unit_leader_a, staff, other_staff, person_a, cstd_co_so, committed):
    dossier = ready_dossier(officer_a, person_a, cstd_co_so)
    # The unit has a leader: the officer sends it to the leader, who approves it for the province.
    committed(services.transition, dossier, "send_for_approval", officer_a)
    committed(services.transition, dossier, "approve", unit_leader_a)
    return dossier


def test_a_submitted_dossier_is_announced_to_the_province(submitted, officer_a, unit_leader_a):
    assert set(rows("dossier.awaiting_unit_approval")) == {"lanhdao_a"}  # only the unit's head approves
    got = rows("dossier.submitted")
    assert set(got) == {"tinh", "tinh2"}  # province staff; not the officer, not the unit leader who approved
    assert got["tinh"].due == submitted.due_on and got["tinh"].url == f"/ho-so/{submitted.pk}/"
    assert got["tinh"].actor_name == unit_leader_a.display_name


def test_received_returned_appraised_go_to_the_unit(submitted, staff, committed):
    committed(services.transition, submitted, "return", staff, reason="Thiếu báo cáo thành tích có xác nhận")
    returned = rows("dossier.returned")
    assert set(returned) == {"canbo_a", "lanhdao_a"}  # the unit's officer and leader; not the staff who acted
    assert returned["canbo_a"].note == "Thiếu báo cáo thành tích có xác nhận"
    assert returned["canbo_a"].target_title == str(submitted)

    officer, head = returned["canbo_a"].user, returned["lanhdao_a"].user
    committed(services.transition, submitted, "send_for_approval", officer)
    committed(services.transition, submitted, "approve", head)
    assert set(rows("dossier.submitted")) == {"tinh", "tinh2"}
    committed(services.transition, submitted, "receive", staff)
    assert set(rows("dossier.received")) == {"canbo_a", "lanhdao_a"}
    services.appraise_nomination(staff, submitted.nominations.get(), Nomination.Appraisal.ACCEPTED)
    committed(services.transition, submitted, "appraise", staff, reason="Đủ điều kiện")
    appraised = rows("dossier.appraised")
    assert set(appraised) == {"canbo_a", "lanhdao_a"} and appraised["lanhdao_a"].note == "Đủ điều kiện"


def test_no_other_unit_hears_of_a_dossier(submitted, staff, officer_b, committed):
    committed(services.transition, submitted, "receive", staff)
    assert "canbo_b" not in rows()


def test_a_scheduled_session_is_announced_to_every_member(secretary, council, committed):
    session = committed(
        services.create_session,
        secretary,
        council,
        title="Phiên họp xét khen thưởng cuối năm",
        held_on=dt.date(2025, 12, 20),
        place="Phòng họp số 1",
    )
    got = rows("council.scheduled")
    assert set(got) == {f"uyvien{i}" for i in range(9)}  # not the secretary who scheduled it
    assert got["uyvien0"].due == dt.date(2025, 12, 20) and got["uyvien0"].note == "Phòng họp số 1"
    assert got["uyvien0"].url == f"/ho-so/phien-hop/{session.pk}/"


def test_an_open_ballot_is_announced_to_present_members_who_may_vote(
    officer_a, secretary, council, person_a, cstd_co_so, committed
):
    dossier = ready_dossier(officer_a, person_a, cstd_co_so)
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.COUNCIL)
    Nomination.objects.filter(dossier=dossier).update(appraisal="accepted")
    nomination = Nomination.objects.get(dossier=dossier)
    session = services.create_session(secretary, council, title="Phiên họp", held_on=dt.date(2025, 12, 1))
    everyone = members(council)
    absent = everyone[-1]
    services.set_attendance(secretary, session, [m.pk for m in everyone if m != absent])
    [ballot] = services.add_to_agenda(secretary, session, [nomination])
    services.open_session(secretary, session, BALLOT_PASSPHRASE)
    # a member from the nominee's unit must stand aside
    recused = everyone[2]
    recused.unit = officer_a.unit
    recused.save()
    committed(services.open_ballot, secretary, ballot)
    assert Recusal.objects.filter(ballot=ballot, member=recused).exists()
    got = rows("ballot.opened")
    expected = {m.user.username for m in everyone if m not in (absent, recused) and m.user != secretary}
    assert set(got) == expected
    assert got[everyone[1].user.username].url == f"/ho-so/phien-hop/{session.pk}/bo-phieu/"
    assert person_a.full_name in got[everyone[1].user.username].target_title


@time_machine.travel(dt.datetime(2025, 6, 2, 9, 0), tick=False)
def test_a_signed_decision_is_announced_to_the_unit_and_the_province(
    officer_a, unit_leader_a, staff, other_staff, leader, person_a, committed
):
    dossier = services.create_dossier(
        officer_a,
        unit=officer_a.unit,
        title="Khen thưởng đột xuất cứu người",
        kind=Dossier.Kind.SUDDEN,
        year=2025,
        achievement_on=dt.date(2025, 5, 30),
    )
    add_nomination(
        officer_a, dossier, person_a, AwardType.objects.get(code="BK_TINH"), justification="Đột xuất."
    )
    services.add_attachment(officer_a, dossier, pdf_upload(), "to_trinh")
    services.transition(dossier, "submit", unit_leader_a)  # the unit's head sends it at once
    services.transition(dossier, "receive", staff)
    services.appraise_nomination(staff, dossier.nominations.get(), "accepted")
    services.transition(dossier, "appraise", staff)
    services.transition(dossier, "submit_for_decision", staff)
    decision = committed(
        services.decide,
        leader,
        dossier,
        signed_on=dt.date(2025, 6, 2),
        signer_name="A",
        signer_title="Chủ tịch",
    )
    got = rows("decision.signed")
    assert set(got) == {"canbo_a", "lanhdao_a", "tinh", "tinh2"}  # not the leader who signed
    assert got["tinh"].due == Dossier.objects.get(pk=dossier.pk).due_on  # the deadline to send it
    assert decision.number in got["tinh"].target_title
    assert got["canbo_a"].url == f"/ho-so/{dossier.pk}/quyet-dinh/"


def test_a_rejected_decision_announces_nothing(officer_a, leader, submitted, committed):
    from django.core.exceptions import PermissionDenied

    with pytest.raises((PermissionDenied, services.WorkflowError)):
        committed(
            services.decide,
            leader,
            submitted,
            signed_on=dt.date(2025, 6, 2),
            signer_name="A",
            signer_title="Chủ tịch",
        )
    assert not rows("decision.signed")


def test_petitions_near_their_deadline_are_announced_once_a_day(
    staff, other_staff, unit_a, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(dt.datetime(2026, 2, 13, 9, tzinfo=dt.UTC))  # the Friday before Tết
    petition = oversight.save_petition(
        staff,
        None,
        kind="complaint",
        received_on=dt.date(2026, 2, 2),
        petitioner_name="Trần Thị Bình",
        petitioner_address="Thôn Đông",
        subject_unit=unit_a,
        summary="Khiếu nại kết quả bình xét",
    )
    oversight.save_petition(
        staff,
        None,
        kind="complaint",
        received_on=dt.date(2026, 2, 12),
        subject_unit=unit_a,
        summary="Khiếu nại còn xa hạn",
    )
    for _ in range(2):  # the second run the same day tells nobody again
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_oversight_reminders", stdout=StringIO(), stderr=StringIO())
    got = rows("petition.near_deadline")
    assert set(got) == {"tinh", "tinh2"}  # no e-mail addresses: still in their inbox
    assert got["tinh"].due == dt.date(2026, 2, 23) and "còn 1 ngày làm việc" in got["tinh"].note
    assert got["tinh"].url == f"/kiem-tra/don-thu/{petition.pk}/" and got["tinh"].actor is None


def test_an_assigned_petition_is_announced_to_its_handler_who_then_gets_its_reminders(
    staff, other_staff, unit_a, client, time_machine, django_capture_on_commit_callbacks
):
    from tests.conftest import login
    from thidua.oversight.models import Petition

    time_machine.move_to(dt.datetime(2026, 2, 13, 9, tzinfo=dt.UTC))
    petition = oversight.save_petition(
        staff,
        None,
        kind="recommendation",
        received_on=dt.date(2026, 2, 2),
        subject_unit=unit_a,
        summary="Kiến nghị về tiêu chí bình xét",
    )
    client = login(client, staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/kiem-tra/don-thu/{petition.pk}/giao-xu-ly/",
            {"giao-xu-ly-handler": other_staff.pk, "giao-xu-ly-note": "Xác minh trong tuần"},
        )
    assert response.status_code == 302
    assert Petition.objects.get(pk=petition.pk).handler == other_staff
    got = rows("petition.assigned")
    assert set(got) == {"tinh2"} and got["tinh2"].note == "Xác minh trong tuần"
    assert got["tinh2"].due == petition.accept_by and got["tinh2"].actor == staff
    html = client.get(f"/kiem-tra/don-thu/{petition.pk}/").content.decode()
    assert "Cán bộ được giao xử lý" in html and other_staff.display_name in html
    # assigning it to oneself tells nobody
    with django_capture_on_commit_callbacks(execute=True):
        oversight.assign_petition(other_staff, petition, other_staff)
    assert len(rows("petition.assigned")) == 1
    # only a province officer may be put in charge
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        oversight.assign_petition(
            staff, petition, UserFactory(username="donvi", role=Role.UNIT_OFFICER, unit=unit_a)
        )
    # its deadline reminder goes to its handler only
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_oversight_reminders", stdout=StringIO(), stderr=StringIO())
    assert set(rows("petition.near_deadline")) == {"tinh2"}
