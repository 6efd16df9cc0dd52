"""The whole journey: unit submits → province returns → unit resubmits → appraised → council votes →
decision → awards in the history (and the initiative the award rests on is marked used)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from tests.conftest import BALLOT_PASSPHRASE
from tests.dossiers.conftest import members, pdf_upload, ready_dossier
from thidua.awards.models import Award, AwardType, Initiative, Rating
from thidua.core.models import AuditEntry
from thidua.dossiers import services
from thidua.dossiers.models import (
    Ballot,
    BallotParticipation,
    Decision,
    Dossier,
    DossierEvent,
    Nomination,
    VoteSlot,
)


@time_machine.travel(dt.datetime(2025, 12, 1, 9, 0), tick=False)
def test_full_flow_from_submission_to_awards_in_history(
    officer_a, staff, leader, unit_leader_a, secretary, council, person_a, cstd_co_so, client
):
    Rating.objects.filter(person=person_a).update(rating="HTTNV")  # no HTXSNV: the initiative carries the award
    initiative = Initiative.objects.create(person=person_a, title="Sổ tay số hóa hồ sơ", year=2025, scope="co_so")
    dossier = ready_dossier(officer_a, person_a, cstd_co_so)

    # Unit A has a leader's account: the officer's dossier goes to the province through the leader.
    services.transition(dossier, "send_for_approval", officer_a)
    assert dossier.state == Dossier.State.UNIT_REVIEW and dossier.due_on is None
    services.transition(dossier, "approve", unit_leader_a)
    assert dossier.state == Dossier.State.SUBMITTED
    assert dossier.due_kind == "receive" and dossier.due_on == dt.date(2025, 12, 8)  # 5 working days

    services.transition(dossier, "return", staff, reason="Thiếu biên bản họp xét của đơn vị.")
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.RETURNED and dossier.last_reason.startswith("Thiếu biên bản")
    # the unit sees the reason on its page
    client.force_login(officer_a)
    assert "Thiếu biên bản họp xét" in client.get(f"/ho-so/{dossier.pk}/").content.decode()

    services.add_attachment(officer_a, dossier, pdf_upload("bien-ban.pdf"), "bien_ban")
    services.transition(dossier, "send_for_approval", officer_a)
    services.transition(dossier, "approve", unit_leader_a)
    assert dossier.state == Dossier.State.RESUBMITTED  # the province saw it once: a resubmission
    services.transition(dossier, "receive", staff)
    assert dossier.due_kind == "appraise" and dossier.due_on == dt.date(2025, 12, 29)  # 20 working days
    nomination = dossier.nominations.get()
    services.appraise_nomination(staff, nomination, Nomination.Appraisal.ACCEPTED, "Đủ điều kiện.")
    services.transition(dossier, "appraise", staff)
    services.transition(dossier, "send_to_council", staff)
    assert dossier.state == Dossier.State.COUNCIL

    session = services.create_session(secretary, council, title="Phiên họp xét khen thưởng năm 2025",
                                       held_on=dt.date(2025, 12, 1))
    everyone = members(council)
    services.set_attendance(secretary, session, [m.pk for m in everyone])
    [ballot] = services.add_to_agenda(secretary, session, [nomination])
    services.open_session(secretary, session, BALLOT_PASSPHRASE)
    services.open_ballot(secretary, ballot)
    for m in everyone[:8]:  # 8 of 10 = 80%: exactly the CSTĐ cơ sở threshold
        services.cast_vote(m.user, ballot, "yes")
    for m in everyone[8:]:
        services.cast_vote(m.user, ballot, "no")
    services.close_ballot(secretary, ballot, BALLOT_PASSPHRASE)
    services.close_session(secretary, session, "Thống nhất đề nghị.")
    ballot.refresh_from_db()
    assert (ballot.votes_yes, ballot.votes_no, ballot.members_total, ballot.passed) == (8, 2, 10, True)

    services.transition(dossier, "submit_for_decision", staff)
    # CSTĐ cơ sở of a Sở's officer is in the power of the Sở's head (Điều 80 Luật Thi đua, khen thưởng): the
    # province's leader may not sign it; the Sở's director does, numbered in the Sở's own register.
    with pytest.raises(PermissionDenied):
        services.decide(leader, dossier, signed_on=dt.date(2025, 12, 1), signer_name="Trần Quốc Văn",
                        signer_title="Phó Chủ tịch UBND tỉnh")
    decision = services.decide(unit_leader_a, dossier, signed_on=dt.date(2025, 12, 1), signer_name="Phạm Quang Huy",
                               signer_title="Giám đốc")
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.DECIDED
    assert decision.number == "01/QĐ-SGDĐT" and decision.authority_kind == "unit_head"
    assert dossier.due_kind == "send" and dossier.due_on == dt.date(2025, 12, 15)  # 10 working days

    award = Award.objects.get(person=person_a)
    assert award.award_type.code == "CSTD_CO_SO" and award.year == 2025
    assert award.decision_number == "01/QĐ-SGDĐT" and award.nomination_id == nomination.pk
    assert award.decision_issuer == "Giám đốc Sở Giáo dục và Đào tạo"
    assert award.source == "dossier" and not award.revoked
    initiative.refresh_from_db()
    assert initiative.used_by_award == award
    nomination.refresh_from_db()
    assert nomination.decision == decision and nomination.award == award
    assert [n.pk for n in decision.annex()] == [nomination.pk]

    steps = list(DossierEvent.objects.filter(dossier=dossier).values_list("action", flat=True))
    assert steps == ["send_for_approval", "approve", "return", "send_for_approval", "approve", "receive", "appraise",
                     "send_to_council", "submit_for_decision", "decide"]
    assert AuditEntry.objects.filter(model="dossiers.Dossier", object_id=str(dossier.pk), action="transition").count() == 10
    # only the totals survive the tally: no sealed choice is left, the participations stay for the minutes
    assert not VoteSlot.objects.filter(ballot=ballot).exists()
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 10

    services.mark_decision_sent(staff, decision)
    dossier.refresh_from_db()
    assert dossier.due_on is None

    # Publishing issues the certificate; anyone can verify it from the QR code's address, without logging in.
    from thidua.documents.models import Certificate
    from thidua.documents.services import publish, verify_url

    publish(decision, user=staff)
    certificate = Certificate.objects.get(award=award)
    assert verify_url(certificate.code).endswith(f"/xac-minh/{certificate.code}")
    client.logout()
    page = client.get(f"/xac-minh/{certificate.code}")
    if page.status_code in (301, 302):
        page = client.get(page["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert person_a.full_name in html and "01/QĐ-SGDĐT" in html and cstd_co_so.name in html
    assert "Đã bị thu hồi" not in html


@time_machine.travel(dt.datetime(2025, 6, 2, 9, 0), tick=False)
def test_simplified_procedure_skips_the_council(officer_a, staff, leader, person_a):
    bk_tinh = AwardType.objects.get(code="BK_TINH")
    dossier = services.create_dossier(officer_a, unit=officer_a.unit, title="Khen thưởng đột xuất cứu người",
                                      kind=Dossier.Kind.SUDDEN, year=2025, achievement_on=dt.date(2025, 5, 30))
    assert dossier.procedure == Dossier.Procedure.SIMPLIFIED
    from tests.dossiers.conftest import add_nomination

    add_nomination(officer_a, dossier, person_a, bk_tinh, justification="Thành tích đột xuất.")
    services.add_attachment(officer_a, dossier, pdf_upload(), "to_trinh")  # no báo cáo thành tích needed
    for action in ("submit", "receive"):
        services.transition(dossier, action, officer_a if action == "submit" else staff)
    services.appraise_nomination(staff, dossier.nominations.get(), "accepted")
    services.transition(dossier, "appraise", staff)
    services.transition(dossier, "submit_for_decision", staff)
    decision = services.decide(leader, dossier, signed_on=dt.date(2025, 6, 2), signer_name="A", signer_title="Chủ tịch")
    assert Award.objects.get(person=person_a).commendation_type == "dot_xuat"
    assert Decision.objects.get() == decision
    assert not Ballot.objects.exists()
