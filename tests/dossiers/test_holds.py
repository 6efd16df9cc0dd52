"""Holds that hold (khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP): a pending proceeding opened at any time before the
decision stops the nomination at appraisal, the council ballot, signing and conferral, with the reason shown on each
page; closing it lets the nomination go on to the award.

Two journeys: complaints and a denunciation accepted through the oversight petition service (an individual), and
an inspection finding marked as a sign of violation from the finding's page (a collective)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import BALLOT_PASSPHRASE
from tests.dossiers.conftest import members, pdf_upload
from thidua.awards import services as award_services
from thidua.awards.models import Award, AwardType, PendingProceeding
from thidua.dossiers import services
from thidua.dossiers.models import Dossier, Nomination
from thidua.dossiers.services import WorkflowError
from thidua.oversight import services as oversight

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 12, 1, 9, 0)
DAY = dt.date(2025, 12, 1)


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _petition(staff, person, kind="complaint", summary="Khiếu nại việc bình xét danh hiệu"):
    petition = oversight.save_petition(
        staff, None, kind=kind, received_on=DAY, petitioner_name="Trần Văn Khải",
        petitioner_address="Thôn Đông, xã Tân Hưng", subject_unit=person.unit, person=person, summary=summary)
    oversight.accept_petition(staff, petition, DAY)
    petition.refresh_from_db()
    assert petition.proceeding is not None and petition.proceeding.person_id == person.pk
    return petition


def _resolve(staff, petition, number):
    oversight.resolve_petition(staff, petition, result="Không có căn cứ; giữ nguyên kết quả bình xét.",
                               decision_number=number, decision_date=DAY)


def _council_ready(officer, staff, secretary, council, dossier):
    """Session with everyone present and the dossier's nomination on the agenda, opened."""
    session = services.create_session(secretary, council, title="Phiên họp xét khen thưởng năm 2025", held_on=DAY)
    services.set_attendance(secretary, session, [m.pk for m in members(council)])
    [ballot] = services.add_to_agenda(secretary, session, list(dossier.nominations.all()))
    services.open_session(secretary, session, BALLOT_PASSPHRASE)
    return session, ballot


def _vote_all_yes(secretary, council, ballot):
    for m in members(council):
        if not ballot.recusals.filter(member=m).exists():
            services.cast_vote(m.user, ballot, "yes")
    services.close_ballot(secretary, ballot, BALLOT_PASSPHRASE)


@time_machine.travel(NOW, tick=False)
def test_complaints_hold_appraisal_ballot_and_signing_until_resolved(
    officer_a, staff, unit_leader_a, secretary, council, person_a, cstd_co_so, client
):
    from tests.dossiers.conftest import ready_dossier

    dossier = ready_dossier(officer_a, person_a, cstd_co_so)
    services.transition(dossier, "submit", unit_leader_a)  # the leader's own submission goes at once
    services.transition(dossier, "receive", staff)
    nomination = dossier.nominations.get()

    # 1. A complaint is accepted after submission: appraisal is refused with the reason.
    complaint = _petition(staff, person_a)
    with pytest.raises(WorkflowError) as refused:
        services.appraise_nomination(staff, nomination, Nomination.Appraisal.ACCEPTED, "Đủ điều kiện.")
    assert "Nguyễn Thị Lan" in refused.value.message and "khiếu nại" in refused.value.message
    assert "khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP" in refused.value.message
    nomination.refresh_from_db()
    assert nomination.appraisal == Nomination.Appraisal.PENDING
    # the reason is shown to the unit (dossier page) and to the province (appraisal page)
    assert "Tạm dừng xét khen thưởng" in _page(client, officer_a, reverse("dossiers:detail", args=[dossier.pk]))
    assert "khiếu nại đang giải quyết" in _page(client, staff, reverse("dossiers:appraisal", args=[dossier.pk]))

    _resolve(staff, complaint, "15/QĐ-UBND")
    services.appraise_nomination(staff, nomination, Nomination.Appraisal.ACCEPTED, "Đủ điều kiện.")
    services.transition(dossier, "appraise", staff)
    services.transition(dossier, "send_to_council", staff)
    session, ballot = _council_ready(officer_a, staff, secretary, council, dossier)

    # 2. A denunciation accepted while the dossier is before the council: the ballot is refused.
    denunciation = _petition(staff, person_a, kind="denunciation", summary="Tố cáo kê khai thành tích không đúng")
    with pytest.raises(WorkflowError) as refused:
        services.open_ballot(secretary, ballot)
    assert "tố cáo đang giải quyết" in refused.value.message
    ballot.refresh_from_db()
    assert ballot.state == "pending"
    assert "tố cáo đang giải quyết" in _page(client, secretary, reverse("dossiers:session", args=[session.pk]))
    _resolve(staff, denunciation, "03/KL-UBND")
    services.open_ballot(secretary, ballot)

    # ... and a complaint accepted while the ballot is open stops the votes too.
    late = _petition(staff, person_a, summary="Khiếu nại lần hai")
    first = members(council)[1]
    with pytest.raises(WorkflowError):
        services.cast_vote(first.user, ballot, "yes")
    assert "Tạm dừng bỏ phiếu" in _page(client, first.user, reverse("dossiers:vote", args=[session.pk]))
    _resolve(staff, late, "16/QĐ-UBND")
    _vote_all_yes(secretary, council, ballot)
    services.close_session(secretary, session, "Thống nhất đề nghị.")
    services.transition(dossier, "submit_for_decision", staff)

    # 3. A complaint accepted after the council: signing is refused with the reason, nothing is conferred.
    third = _petition(staff, person_a, summary="Khiếu nại kết quả bỏ phiếu")
    decision_url = reverse("dossiers:decision", args=[dossier.pk])
    assert "Tạm dừng xét khen thưởng" in _page(client, unit_leader_a, decision_url)
    with pytest.raises(WorkflowError) as refused:
        services.decide(unit_leader_a, dossier, signed_on=DAY, signer_name="Phạm Quang Huy", signer_title="Giám đốc")
    assert "khiếu nại" in refused.value.message
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.FOR_DECISION
    assert not Award.objects.filter(person=person_a).exists()

    # Resolved: the nomination goes on and the award is conferred.
    _resolve(staff, third, "17/QĐ-UBND")
    assert "Tạm dừng xét khen thưởng" not in _page(client, unit_leader_a, decision_url)
    decision = services.decide(unit_leader_a, dossier, signed_on=DAY, signer_name="Phạm Quang Huy",
                               signer_title="Giám đốc")
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.DECIDED
    award = Award.objects.get(person=person_a)
    assert award.award_type.code == "CSTD_CO_SO" and award.decision_number == decision.number


@pytest.fixture
def collective_dossier(officer_a, unit_a):
    """A dossier of unit A proposing its own Phòng Giáo dục Trung học for Tập thể lao động tiên tiến."""
    from tests.factories import UnitFactory

    team = UnitFactory(name="Phòng Giáo dục Trung học", parent=unit_a)
    dossier = services.create_dossier(officer_a, unit=unit_a, title="Đề nghị tập thể năm 2025",
                                      kind=Dossier.Kind.MERIT, year=2025)
    services.save_nomination(officer_a, dossier, Nomination(nominee_unit=team, award_type=AwardType.objects.get(
        code="TTLDTT"), achievement_summary="Hòan thành xuất sắc nhiệm vụ năm học", justification="Đã họp xét."))
    services.add_attachment(officer_a, dossier, pdf_upload(), "to_trinh")
    services.add_attachment(officer_a, dossier, pdf_upload("bao-cao.pdf"), "bao_cao")
    return dossier, team


def _inspection_finding(staff, unit, responsible):
    inspection = oversight.save_inspection(
        staff, None, unit=unit, planned_start=dt.date(2025, 11, 3), planned_end=dt.date(2025, 11, 5),
        content="Kiểm tra việc thực hiện pháp luật về thi đua, khen thưởng", decision_number="120/QĐ-HĐTĐKT",
        decision_date=dt.date(2025, 10, 27))
    oversight.start_inspection(staff, inspection, dt.date(2025, 11, 3))
    return oversight.save_finding(staff, inspection, None, category="criteria",
                                  description="Bình xét danh hiệu tập thể khi chưa đủ hồ sơ minh chứng",
                                  recommendation="Rà soát lại hồ sơ bình xét", responsible_unit=responsible,
                                  due_on=dt.date(2025, 12, 31))


def _mark(client, staff, finding, note):
    client.force_login(staff)
    response = client.post(reverse("oversight:finding_violation", args=[finding.pk]), {"action": "mark", "note": note})
    assert response.status_code == 302, response.content.decode()[:2000]
    finding.refresh_from_db()
    assert finding.proceeding.kind == PendingProceeding.Kind.INSPECTION and finding.proceeding.closed_on is None


def _clear(client, staff, finding, note="Đã xác minh: không có vi phạm."):
    client.force_login(staff)
    response = client.post(reverse("oversight:finding_violation", args=[finding.pk]), {"action": "clear", "note": note})
    assert response.status_code == 302, response.content.decode()[:2000]
    finding.refresh_from_db()
    assert finding.proceeding.closed_on == DAY


@time_machine.travel(NOW, tick=False)
def test_an_inspection_finding_holds_the_units_collective_nomination_until_cleared(
    officer_a, staff, unit_leader_a, secretary, council, unit_a, collective_dossier, client
):
    dossier, team = collective_dossier
    finding = _inspection_finding(staff, unit_a, team)
    services.transition(dossier, "submit", unit_leader_a)
    services.transition(dossier, "receive", staff)
    nomination = dossier.nominations.get()

    # Marked from the finding's page: the team's collective nomination is held at appraisal.
    page = _page(client, staff, reverse("oversight:finding_detail", args=[finding.pk]))
    assert "Ghi nhận dấu hiệu vi phạm" in page
    _mark(client, staff, finding, "Hồ sơ bình xét có dấu hiệu kê khai không đúng")
    assert finding.proceeding.unit_id == team.pk and finding.proceeding.person_id is None
    assert "Có dấu hiệu vi phạm, đang xem xét" in _page(client, staff, reverse("oversight:finding_detail", args=[finding.pk]))
    with pytest.raises(WorkflowError) as refused:
        services.appraise_nomination(staff, nomination, Nomination.Appraisal.ACCEPTED)
    assert "Phòng Giáo dục Trung học" in refused.value.message and "thanh tra, kiểm tra" in refused.value.message
    assert "Phòng Giáo dục Trung học" in _page(client, officer_a, reverse("dossiers:detail", args=[dossier.pk])).split("Tạm dừng")[1]
    _clear(client, staff, finding)

    services.appraise_nomination(staff, nomination, Nomination.Appraisal.ACCEPTED)
    services.transition(dossier, "appraise", staff)
    services.transition(dossier, "send_to_council", staff)
    session, ballot = _council_ready(officer_a, staff, secretary, council, dossier)

    # Marked again while before the council: the ballot is refused.
    _mark(client, staff, finding, "Phát sinh thông tin mới cần xác minh")
    with pytest.raises(WorkflowError) as refused:
        services.open_ballot(secretary, ballot)
    assert "thanh tra, kiểm tra" in refused.value.message
    _clear(client, staff, finding)
    services.open_ballot(secretary, ballot)
    _vote_all_yes(secretary, council, ballot)
    services.close_session(secretary, session, "Thống nhất đề nghị.")

    # Marked before signing: sending for decision and signing are refused.
    _mark(client, staff, finding, "Đoàn kiểm tra đề nghị làm rõ")
    with pytest.raises(WorkflowError) as refused:
        services.transition(dossier, "submit_for_decision", staff)
    assert "thanh tra, kiểm tra" in refused.value.message
    _clear(client, staff, finding)
    services.transition(dossier, "submit_for_decision", staff)
    _mark(client, staff, finding, "Thông tin mới sau khi trình ký")
    with pytest.raises(WorkflowError):
        services.decide(unit_leader_a, dossier, signed_on=DAY, signer_name="Phạm Quang Huy", signer_title="Giám đốc")
    assert not Award.objects.filter(unit=team).exists()

    _clear(client, staff, finding)
    services.decide(unit_leader_a, dossier, signed_on=DAY, signer_name="Phạm Quang Huy", signer_title="Giám đốc")
    award = Award.objects.get(unit=team)
    assert award.award_type.code == "TTLDTT" and award.recipient_kind == "collective"


@time_machine.travel(NOW, tick=False)
def test_a_unit_proceeding_holds_collective_not_individual_nominations(person_a, unit_a):
    from thidua.dossiers.holds import hold_reasons

    PendingProceeding.objects.create(unit=unit_a, kind=PendingProceeding.Kind.PRESS, opened_on=DAY,
                                     note="Báo Hưng Yên phản ánh")
    individual = Nomination(pk=1, person=person_a)
    collective = Nomination(pk=2, nominee_unit=unit_a)
    reasons = hold_reasons([individual, collective])
    assert list(reasons) == [2]
    assert "báo chí phản ánh" in reasons[2][0]


@time_machine.travel(NOW, tick=False)
def test_conferral_from_a_dossier_is_refused_while_held_but_the_award_book_is_not(person_a, cstd_co_so):
    PendingProceeding.objects.create(person=person_a, kind=PendingProceeding.Kind.CONSULTATION, opened_on=DAY)
    with pytest.raises(ValidationError) as refused:
        award_services.confer(award_type=cstd_co_so, person=person_a, year=2025, source="dossier",
                              decision_number="01/QĐ-UBND", decision_date=DAY)
    assert "không đồng ý" in " ".join(refused.value.messages)
    # recording a past award from the book is not a new commendation
    award_services.confer(award_type=cstd_co_so, person=person_a, year=2020, source="import",
                          decision_number="12/QĐ-UBND", decision_date=dt.date(2020, 12, 1))


@time_machine.travel(NOW, tick=False)
def test_only_province_staff_mark_a_finding_and_a_cleared_finding_can_be_marked_again(
    staff, officer_a, unit_a, client
):
    finding = _inspection_finding(staff, unit_a, unit_a)
    client.force_login(officer_a)
    response = client.post(reverse("oversight:finding_violation", args=[finding.pk]), {"action": "mark"})
    assert response.status_code == 403
    finding.refresh_from_db()
    assert finding.proceeding is None
    _mark(client, staff, finding, "")
    with pytest.raises(ValidationError):
        oversight.mark_finding_violation(staff, finding)
    client.force_login(staff)
    response = client.post(reverse("oversight:finding_violation", args=[finding.pk]), {"action": "clear", "note": ""})
    assert response.status_code == 400
    _clear(client, staff, finding)
    first = finding.proceeding_id
    _mark(client, staff, finding, "Phát hiện mới")
    assert finding.proceeding_id != first
    assert PendingProceeding.objects.get(pk=first).closed_on == DAY


@time_machine.travel(NOW, tick=False)
def test_a_matter_about_a_merged_unit_follows_it_to_its_successor(unit_a):
    from tests.factories import UnitFactory
    from thidua.dossiers.holds import hold_reasons
    from thidua.orgs.models import UnitLineage

    old = UnitFactory(name="Phòng Giáo dục Tiểu học", parent=unit_a)
    new = UnitFactory(name="Phòng Giáo dục Phổ thông", parent=unit_a)
    UnitLineage.objects.create(kind="merge", predecessor=old, successor=new, effective_on=dt.date(2025, 7, 1))
    PendingProceeding.objects.create(unit=old, kind=PendingProceeding.Kind.DISCIPLINE_REVIEW, opened_on=DAY)
    reasons = hold_reasons([Nomination(pk=7, nominee_unit=new)])
    assert "Phòng Giáo dục Tiểu học: đang xem xét kỷ luật" in reasons[7][0]


@time_machine.travel(NOW, tick=False)
def test_the_api_shows_the_hold_and_the_authority(officer_a, staff, person_a, cstd_co_so, client):
    import json as _json

    from tests.dossiers.conftest import ready_dossier
    from thidua.core.models import ApiToken

    dossier = ready_dossier(officer_a, person_a, cstd_co_so)
    services.transition(dossier, "submit", officer_a)
    _petition(staff, person_a)
    body = client.get(f"/api/v1/dossiers/{dossier.pk}",
                      HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(officer_a)}").json()
    assert "khiếu nại đang giải quyết" in body["nominations"][0]["holds"][0]
    assert body["authority"] == "Thủ trưởng sở, ban, ngành, cơ quan, đơn vị"
    services.transition(dossier, "receive", staff)
    nomination = dossier.nominations.get()
    response = client.post(f"/api/v1/dossiers/{dossier.pk}/transition", _json.dumps({"action": "appraise"}),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(staff)}")
    assert response.status_code == 400  # still pending appraisal: refused, never a 500
    assert nomination.appraisal == Nomination.Appraisal.PENDING


@time_machine.travel(NOW, tick=False)
def test_a_press_report_or_consultation_is_recorded_and_closed_from_the_persons_page(staff, person_a, client):
    client.force_login(staff)
    add = reverse("awards:record_add", args=["ca-nhan", person_a.pk, "dang-xem-xet"])
    future = client.post(add, {"kind": "press", "opened_on": "2025-12-05", "note": "Báo Hưng Yên phản ánh"})
    assert future.status_code == 200 and "không được ở tương lai" in future.content.decode()
    response = client.post(add, {"kind": "press", "opened_on": "2025-11-28", "note": "Báo Hưng Yên phản ánh"})
    assert response.status_code == 302
    proceeding = PendingProceeding.objects.get(person=person_a)
    assert proceeding.kind == "press" and proceeding.is_open
    response = client.post(reverse("awards:proceeding_close", args=[proceeding.pk]),
                           {"closed_on": "2025-12-01", "note": "Đã xác minh: thông tin không chính xác."})
    assert response.status_code == 302
    proceeding.refresh_from_db()
    assert proceeding.closed_on == DAY and proceeding.closing_note.startswith("Đã xác minh")


@time_machine.travel(NOW, tick=False)
def test_a_complaint_about_a_unit_holds_its_collective_nominations(staff, unit_a, person_a):
    from thidua.dossiers.holds import hold_reasons

    petition = oversight.save_petition(
        staff, None, kind="complaint", received_on=DAY, petitioner_name="Trần Văn Khải",
        petitioner_address="Thôn Đông, xã Tân Hưng", subject_unit=unit_a,
        summary="Khiếu nại việc bình xét Tập thể lao động tiên tiến của đơn vị")
    oversight.accept_petition(staff, petition, DAY)
    petition.refresh_from_db()
    assert petition.proceeding.unit_id == unit_a.pk and petition.proceeding.person_id is None
    reasons = hold_reasons([Nomination(pk=1, nominee_unit=unit_a), Nomination(pk=2, person=person_a)])
    assert list(reasons) == [1] and "khiếu nại" in reasons[1][0]
    _resolve(staff, petition, "18/QĐ-UBND")
    assert hold_reasons([Nomination(pk=1, nominee_unit=unit_a)]) == {}
