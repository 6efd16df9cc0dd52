"""Consultations (lấy ý kiến hiệp y): a State award goes past appraisal only after the consulted agencies answered
or their deadline passed; a disagreement holds the nomination (a pending proceeding) until staff clear it."""

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tests.dossiers.conftest import add_nomination, make_dossier, pdf_upload
from thidua.awards.models import AwardType, PendingProceeding
from thidua.core.events import Event, happened
from thidua.dossiers import consultations, services
from thidua.dossiers.models import (
    Consultation,
    ConsultationPolicy,
    ConsultationReply,
    ConsultedAgency,
    Dossier,
    Nomination,
)
from thidua.dossiers.models_consultation import Answer, NoReplyMeans

MONDAY = dt.datetime(2025, 12, 1, 9, 0)


@pytest.fixture
def agencies(db):
    return [
        ConsultedAgency.objects.create(name=name, order=i, topic="việc chấp hành pháp luật")
        for i, name in enumerate(["Công an tỉnh", "Thuế tỉnh"], start=1)
    ]


def _received(officer, staff, person, code):
    dossier = make_dossier(officer)
    add_nomination(
        officer,
        dossier,
        person,
        AwardType.objects.get(code=code),
        justification="Đơn vị giải trình thành tích đặc biệt xuất sắc.",
    )
    services.add_attachment(officer, dossier, pdf_upload(), "to_trinh")
    services.add_attachment(officer, dossier, pdf_upload("bao-cao.pdf"), "bao_cao")
    services.transition(dossier, "submit", officer)
    services.transition(dossier, "receive", staff)
    nomination = dossier.nominations.get()
    services.appraise_nomination(staff, nomination, Nomination.Appraisal.ACCEPTED, "Đủ điều kiện.")
    return Dossier.objects.get(pk=dossier.pk), nomination


@pytest.fixture
def state_award(officer_a, staff, person_a):
    with time_machine.travel(MONDAY, tick=False):
        return _received(officer_a, staff, person_a, "HCLD_3")


def _appraise(dossier, staff):
    return services.transition(Dossier.objects.get(pk=dossier.pk), "appraise", staff)


def _grid(consultation):
    return {(r.agency.name, r.nomination_id): r for r in consultation.replies.select_related("agency")}


@time_machine.travel(MONDAY, tick=False)
def test_a_state_award_cannot_leave_appraisal_without_a_consultation(state_award, staff):
    dossier, _n = state_award
    with pytest.raises(services.WorkflowError, match="Chưa lấy ý kiến hiệp y cho: Nguyễn Thị Lan"):
        _appraise(dossier, staff)


@time_machine.travel(MONDAY, tick=False)
def test_a_provincial_award_needs_none_unless_the_province_lists_it(officer_a, staff, person_a, ldtt):
    dossier, nomination = _received(officer_a, staff, person_a, "LDTT")
    assert consultations.consultation_problem(dossier) is None
    ConsultationPolicy.current().extra_award_types.add(ldtt)
    assert "Chưa lấy ý kiến hiệp y" in consultations.consultation_problem(dossier)
    Nomination.objects.filter(pk=nomination.pk).update(appraisal=Nomination.Appraisal.EXCLUDED)
    assert consultations.consultation_problem(dossier) is None  # an excluded nomination goes nowhere anyway


@time_machine.travel(MONDAY, tick=False)
def test_every_agency_agrees_and_the_dossier_goes_on(state_award, staff, agencies):
    dossier, nomination = state_award
    c = consultations.start_consultation(
        staff, dossier, nominations=[nomination], agencies=agencies, days=7, number="215/SNV-TĐKT"
    )
    assert c.due_on == dt.date(2025, 12, 10)  # 7 working days after Monday 1/12
    assert c.replies.count() == 2 and set(c.replies.values_list("answer", flat=True)) == {Answer.PENDING}
    with pytest.raises(services.WorkflowError, match="Đang lấy ý kiến hiệp y .*hạn trả lời 10/12/2025"):
        _appraise(dossier, staff)
    grid = _grid(c)
    consultations.record_replies(staff, c, {grid[("Công an tỉnh", nomination.pk)].pk: (Answer.AGREE, "")})
    assert Consultation.objects.get(pk=c.pk).is_open  # one agency still to answer
    consultations.record_replies(staff, c, {grid[("Thuế tỉnh", nomination.pk)].pk: (Answer.AGREE, "")})
    assert Consultation.objects.get(pk=c.pk).closed_on == dt.date(2025, 12, 1)  # closed by the last answer
    assert _appraise(dossier, staff).state == Dossier.State.APPRAISED


@time_machine.travel(MONDAY, tick=False)
def test_a_disagreement_holds_the_nomination_until_staff_clear_it(
    state_award, staff, agencies, officer_a, django_capture_on_commit_callbacks
):
    dossier, nomination = state_award
    c = consultations.start_consultation(staff, dossier, nominations=[nomination], agencies=agencies)
    grid = _grid(c)
    police, tax = grid[("Công an tỉnh", nomination.pk)], grid[("Thuế tỉnh", nomination.pk)]
    with pytest.raises(ValidationError, match="cần ghi lý do"):
        consultations.record_replies(staff, c, {police.pk: (Answer.DISAGREE, "  ")})
    seen = []
    happened.connect(receiver := lambda sender, event, **kw: seen.append(event), sender=Event)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            consultations.record_replies(
                staff,
                c,
                {
                    police.pk: (Answer.DISAGREE, "Đang bị điều tra vụ án giao thông"),
                    tax.pk: (Answer.AGREE, ""),
                },
            )
    finally:
        happened.disconnect(receiver, sender=Event)
    police.refresh_from_db()
    proceeding = police.proceeding
    assert proceeding.kind == PendingProceeding.Kind.CONSULTATION and proceeding.is_open
    assert proceeding.person_id == nomination.person_id and "Công an tỉnh không đồng ý" in proceeding.note
    assert [e.kind for e in seen] == ["consultation.disagreed"]
    assert officer_a in seen[0].recipients and staff in seen[0].recipients

    # the round is over (everyone answered), but the nominee is held at appraisal
    with pytest.raises(services.WorkflowError, match="cơ quan được lấy ý kiến không đồng ý, đang xác minh"):
        _appraise(dossier, staff)
    # an answer that holds a nomination is cleared, never rewritten
    with pytest.raises(ValidationError, match="Đợt lấy ý kiến đã kết thúc"):
        consultations.record_replies(staff, c, {police.pk: (Answer.AGREE, "")})
    with pytest.raises(ValidationError, match="kết quả xác minh"):
        consultations.clear_reply(staff, police, note="")
    consultations.clear_reply(
        staff, police, note="Công an tỉnh có văn bản: vụ việc đã kết thúc, không vi phạm."
    )
    proceeding.refresh_from_db()
    assert not proceeding.is_open and proceeding.closing_note.startswith("Công an tỉnh có văn bản")
    assert _appraise(dossier, staff).state == Dossier.State.APPRAISED


def test_no_reply_by_the_deadline_counts_as_the_province_decided(state_award, staff, agencies):
    dossier, nomination = state_award
    with time_machine.travel(MONDAY, tick=False):
        c = consultations.start_consultation(
            staff, dossier, nominations=[nomination], agencies=agencies, days=5
        )
        assert c.no_reply_means == NoReplyMeans.AGREE
        with pytest.raises(ValidationError, match="Chưa hết hạn trả lời"):
            consultations.close_consultation(staff, c)
    with time_machine.travel(dt.datetime(2025, 12, 9, 9, 0), tick=False):  # the deadline 8/12 has passed
        consultations.close_consultation(staff, c)
        assert set(c.replies.values_list("answer", flat=True)) == {Answer.NO_REPLY}
        assert not ConsultationReply.objects.filter(proceeding__isnull=False).exists()
        assert _appraise(dossier, staff).state == Dossier.State.APPRAISED


def test_a_province_that_counts_silence_as_disagreement_holds_the_nominee(state_award, staff, agencies):
    dossier, nomination = state_award
    policy = ConsultationPolicy.current()
    policy.no_reply_means = NoReplyMeans.DISAGREE
    policy.save()
    with time_machine.travel(MONDAY, tick=False):
        c = consultations.start_consultation(
            staff, dossier, nominations=[nomination], agencies=agencies[:1], days=2
        )
    with time_machine.travel(dt.datetime(2025, 12, 4, 9, 0), tick=False):
        consultations.close_consultation(staff, c)
        reply = c.replies.get()
        assert reply.answer == Answer.NO_REPLY and reply.is_negative and reply.proceeding.is_open
        assert "không trả lời" in reply.proceeding.note
        with pytest.raises(
            services.WorkflowError, match="cơ quan được lấy ý kiến không đồng ý, đang xác minh"
        ):
            _appraise(dossier, staff)


@time_machine.travel(MONDAY, tick=False)
def test_only_province_staff_consult_and_only_on_a_received_dossier(
    state_award, staff, officer_a, agencies, unit_leader_a
):
    dossier, nomination = state_award
    for user in (officer_a, unit_leader_a):
        with pytest.raises(PermissionDenied):
            consultations.start_consultation(user, dossier, nominations=[nomination], agencies=agencies)
    with pytest.raises(ValidationError, match="ít nhất một cơ quan"):
        consultations.start_consultation(staff, dossier, nominations=[nomination], agencies=[])
    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.COUNCIL)
    with pytest.raises(ValidationError, match="đã được tiếp nhận"):
        consultations.start_consultation(
            staff, Dossier.objects.get(pk=dossier.pk), nominations=[nomination], agencies=agencies
        )


@time_machine.travel(MONDAY, tick=False)
def test_the_letter_is_a_decree30_cong_van_per_agency(state_award, staff, agencies):
    from thidua.dossiers import letters

    dossier, nomination = state_award
    c = consultations.start_consultation(
        staff, dossier, nominations=[nomination], agencies=agencies, number="215/SNV-TĐKT"
    )
    data = letters.letter_docx(c, agencies[0])
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        xml = docx.read("word/document.xml").decode()
    for text in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ NỘI VỤ",
        "Số: 215/SNV-TĐKT",
        "ngày 01 tháng 12 năm 2025",
        "V/v lấy ý kiến hiệp y khen thưởng",
        "Kính gửi: Công an tỉnh",
        "Nguyễn Thị Lan",
        "Huân chương Lao động hạng Ba",
        "Nơi nhận:",
        "GIÁM ĐỐC",
        "trước ngày 10/12/2025",
    ):
        assert text in xml, text
    assert "Thuế tỉnh" not in xml  # one letter per agency


def test_the_master_is_reproducible_from_the_build_script(tmp_path):
    from thidua.dossiers import letters
    from thidua.dossiers.masters import build_masters

    build_masters.build_all(tmp_path)
    for name in build_masters.MASTERS:
        with (
            zipfile.ZipFile(tmp_path / name) as fresh,
            zipfile.ZipFile(letters.MASTERS_DIR / name) as committed,
        ):
            assert fresh.read("word/document.xml") == committed.read("word/document.xml"), (
                f"{name} is out of date: run python -m thidua.dossiers.masters.build_masters"
            )


@time_machine.travel(MONDAY, tick=False)
def test_reminders_announce_rounds_due_soon(state_award, staff, agencies, django_capture_on_commit_callbacks):
    dossier, nomination = state_award
    c = consultations.start_consultation(staff, dossier, nominations=[nomination], agencies=agencies, days=2)
    seen = []
    happened.connect(receiver := lambda sender, event, **kw: seen.append(event), sender=Event)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert consultations.announce_due(dt.date(2025, 12, 1)) == 1
    finally:
        happened.disconnect(receiver, sender=Event)
    assert [(e.kind, e.due, e.recipients) for e in seen] == [("consultation.reply_due", c.due_on, (staff,))]
