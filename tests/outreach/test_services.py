"""Services of the outreach area: the exemplar workflow (propose → submit → publish / return), upload checks,
the legal library's validation, course registration within invitations and seats, and delegations."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.outreach.conftest import PDF, jpeg_bytes, png_bytes
from tests.outreach.factories import make_congress, make_delegation, make_exemplar, make_legal, make_training
from thidua.core.models import AuditEntry
from thidua.outreach import services
from thidua.outreach.models import Delegate, Delegation, Exemplar, LegalDocument, Training


@pytest.fixture
def today_2025(time_machine):
    time_machine.move_to(dt.datetime(2025, 8, 20, 9, tzinfo=dt.UTC))


# Exemplars -------------------------------------------------------------------------------------------------------


def test_exemplar_workflow_is_audited(officer_a, staff, person_a):
    ex = make_exemplar(officer_a, officer_a.unit, person_a)
    assert ex.status == Exemplar.Status.DRAFT and ex.display_name == "Nguyễn Thị Hoa"
    services.submit_exemplar(officer_a, ex)
    with pytest.raises(PermissionDenied):
        services.publish_exemplar(officer_a, ex)
    services.reject_exemplar(staff, ex, reason="Bổ sung số liệu học sinh trở lại lớp")
    ex.refresh_from_db()
    assert ex.status == Exemplar.Status.REJECTED and "Bổ sung" in ex.reject_reason
    ex.title = "Cô giáo vùng khó giữ lửa nghề suốt 20 năm"
    services.save_exemplar(officer_a, ex)
    services.submit_exemplar(officer_a, ex)
    services.publish_exemplar(staff, ex)
    ex.refresh_from_db()
    assert ex.status == Exemplar.Status.PUBLISHED and ex.published_by == staff and ex.published_at
    notes = list(AuditEntry.objects.filter(model="outreach.Exemplar", object_id=str(ex.pk), action="transition")
                 .values_list("note", flat=True))
    assert any("Công bố" in n for n in notes) and any("Trả lại" in n for n in notes)
    with pytest.raises(PermissionDenied):  # published: no more edits by the unit
        services.save_exemplar(officer_a, ex)
    with pytest.raises(ValidationError):
        services.unpublish_exemplar(staff, ex, reason="  ")
    services.unpublish_exemplar(staff, ex, reason="Thông tin chưa chính xác")
    ex.refresh_from_db()
    assert ex.status == Exemplar.Status.REJECTED and ex.published_at  # the last publication stays on record
    with pytest.raises(PermissionDenied):  # once published, a proposal is kept, not deleted
        services.delete_exemplar(officer_a, ex)


def test_unit_officer_proposes_only_for_own_unit(officer_a, unit_b, person_b, person_a):
    with pytest.raises(PermissionDenied):
        make_exemplar(officer_a, unit_b, person_b)
    with pytest.raises(ValidationError) as exc:  # a person of another unit
        make_exemplar(officer_a, officer_a.unit, person_b)
    assert "thuộc đơn vị đề xuất" in str(exc.value)


def test_reject_needs_a_reason_and_leader_can_submit(officer_a, leader_a, staff, person_a):
    ex = make_exemplar(officer_a, officer_a.unit, person_a)
    services.submit_exemplar(leader_a, ex)
    with pytest.raises(ValidationError) as exc:
        services.reject_exemplar(staff, ex, reason="")
    assert "lý do" in str(exc.value)


def test_exemplar_validation_messages(officer_a):
    with pytest.raises(ValidationError) as exc:
        make_exemplar(officer_a, officer_a.unit, None, kind=Exemplar.Kind.PERSON, story="ngắn", year=2099)
    errors = exc.value.message_dict
    assert "Cần chọn cá nhân" in errors["person"][0]
    assert "quá ngắn" in errors["story"][0]
    assert "tương lai" in errors["year"][0]


def test_photo_is_checked_by_its_bytes(officer_a, person_a):
    ex = make_exemplar(officer_a, officer_a.unit, person_a)
    services.save_exemplar(officer_a, ex, photo=SimpleUploadedFile("anh.png", png_bytes()))
    assert ex.photo and ex.photo_content_type == "image/png" and "anh" not in ex.photo.name
    services.save_exemplar(officer_a, ex, photo=SimpleUploadedFile("anh.jpg", jpeg_bytes()))
    assert ex.photo_content_type == "image/jpeg"
    for name, content, message in [
        ("anh.png", PDF, "PNG hoặc JPG"),
        ("anh.jpg", png_bytes(), "không khớp"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"rac" * 20, "bị hỏng"),
        ("anh.png", b"", "rỗng"),
        ("anh.png", png_bytes((4, 4)), "Kích thước"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.save_exemplar(officer_a, ex, photo=SimpleUploadedFile(name, content))
        assert message in " ".join(exc.value.messages), name


def test_coverage_only_for_own_unit(officer_a, officer_b, person_a):
    from thidua.outreach.models import MediaCoverage

    ex = make_exemplar(officer_a, officer_a.unit, person_a)
    cov = services.save_coverage(officer_a, MediaCoverage(unit=officer_a.unit, outlet="Báo Hưng Yên", medium="print",
                                                          published_on=dt.date(2025, 3, 5), title="Gương sáng", exemplar=ex))
    assert cov.pk
    with pytest.raises(PermissionDenied):
        services.save_coverage(officer_b, MediaCoverage(unit=officer_a.unit, outlet="Báo Hưng Yên",
                                                        published_on=dt.date(2025, 3, 5), title="x"))
    with pytest.raises(ValidationError):  # B cannot attach to A's exemplar it cannot see
        services.save_coverage(officer_b, MediaCoverage(unit=officer_b.unit, outlet="Đài PT-TH",
                                                        published_on=dt.date(2025, 3, 5), title="x", exemplar=ex))
    with pytest.raises(ValidationError) as exc:
        services.save_coverage(officer_a, MediaCoverage(unit=officer_a.unit, outlet="Báo Hưng Yên",
                                                        published_on=dt.date(2999, 1, 1), title="x"))
    assert "tương lai" in str(exc.value)


# Legal library ---------------------------------------------------------------------------------------------------


def test_legal_document_validation_and_file(staff, officer_a):
    with pytest.raises(PermissionDenied):
        make_legal(officer_a)
    doc = make_legal(staff)
    with pytest.raises(ValidationError) as exc:
        make_legal(staff)
    assert "đã có trong thư viện" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        make_legal(staff, number="98-2023", issued_on=dt.date(2024, 1, 1), effective_on=dt.date(2023, 1, 1),
                   status=LegalDocument.Status.REPLACED)
    errors = exc.value.message_dict
    assert "số/năm/ký hiệu" in errors["number"][0] and "trước ngày ban hành" in errors["effective_on"][0]
    assert "văn bản thay thế" in errors["replaced_by"][0]
    services.save_legal_document(staff, doc, upload=SimpleUploadedFile("nd98.pdf", PDF))
    assert doc.file_content_type == "application/pdf" and doc.file_name == "nd98.pdf"
    with pytest.raises(ValidationError) as exc:
        services.save_legal_document(staff, doc, upload=SimpleUploadedFile("anh.png", png_bytes()))
    assert "chỉ nhận PDF, Word (.docx)." in str(exc.value)


# Training --------------------------------------------------------------------------------------------------------


def test_registration_within_invitation_and_seats(staff, officer_a, officer_b, province, unit_a, person_a, person_a2,
                                                  person_b, today_2025):
    t = make_training(staff, province, start=dt.date(2025, 9, 10), end=dt.date(2025, 9, 10))
    services.invite_unit(staff, t, unit_a, 1)
    with pytest.raises(ValidationError) as exc:  # not open yet
        services.register_attendee(officer_a, t, person_a)
    assert "không còn nhận đăng ký" in str(exc.value)
    services.set_training_status(staff, t, Training.Status.OPEN)
    services.register_attendee(officer_a, t, person_a)
    with pytest.raises(ValidationError) as exc:
        services.register_attendee(officer_a, t, person_a2)
    assert "đã cử đủ 1 người" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.register_attendee(officer_a, t, person_b)
    with pytest.raises(ValidationError) as exc:  # B was not invited
        services.register_attendee(officer_b, t, person_b)
    assert "chưa được mời" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.invite_unit(staff, t, unit_a, 0)
    with pytest.raises(ValidationError) as exc:
        services.mark_attendance(staff, t, [])
    assert "khai giảng" in str(exc.value)


def test_attendance_and_held(staff, officer_a, province, unit_a, person_a, person_a2, today_2025):
    t = make_training(staff, province)
    services.invite_unit(staff, t, unit_a, 3)
    services.set_training_status(staff, t, Training.Status.OPEN)
    a1 = services.register_attendee(officer_a, t, person_a)
    a2 = services.register_attendee(officer_a, t, person_a2)
    with pytest.raises(PermissionDenied):
        services.mark_attendance(officer_a, t, [a1.pk])
    assert services.mark_attendance(staff, t, [a1.pk]) == 1
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert a1.attended is True and a2.attended is False
    services.set_training_status(staff, t, Training.Status.HELD)
    with pytest.raises(ValidationError):
        services.unregister_attendee(staff, a2)


def test_training_dates_validated(staff, province):
    with pytest.raises(ValidationError) as exc:
        make_training(staff, province, start=dt.date(2025, 8, 14), end=dt.date(2025, 8, 1),
                      registration_deadline=dt.date(2025, 9, 1))
    assert "Ngày kết thúc" in str(exc.value) and "Hạn đăng ký" in str(exc.value)


def test_material_upload_checked(staff, province):
    t = make_training(staff, province)
    m = services.add_material(staff, t, SimpleUploadedFile("chuong-trinh.pdf", PDF), title="", kind="agenda")
    assert m.title == "chuong-trinh.pdf" and m.content_type == "application/pdf"
    with pytest.raises(ValidationError):
        services.add_material(staff, t, SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"), title="x", kind="material")


# Congress and delegation -----------------------------------------------------------------------------------------


def test_delegation_nominate_confirm_close(staff, officer_a, officer_b, province, person_a, person_a2, person_b):
    congress = make_congress(staff)
    d = make_delegation(staff, congress, province, size=2)
    n1 = services.nominate_delegate(officer_a, d, person_a, category=Delegate.Category.DIRECT_WORKER)
    n2 = services.nominate_delegate(officer_a, d, person_a2, category=Delegate.Category.LEADER)
    with pytest.raises(PermissionDenied):
        services.nominate_delegate(officer_a, d, person_b, category="exemplar")
    with pytest.raises(ValidationError):
        services.nominate_delegate(officer_a, d, person_a, category="exemplar")
    n3 = services.nominate_delegate(officer_b, d, person_b, category="exemplar")
    with pytest.raises(PermissionDenied):
        services.decide_delegate(officer_a, n1, status="confirmed")
    with pytest.raises(ValidationError) as exc:
        services.close_delegation(staff, d)
    assert "Trưởng đoàn" in str(exc.value)
    services.decide_delegate(staff, n2, status="confirmed", role="head")
    with pytest.raises(ValidationError) as exc:
        services.decide_delegate(staff, n1, status="confirmed", role="head")
    assert "đã có Trưởng đoàn" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.decide_delegate(staff, n1, status="declined")
    assert "lý do" in str(exc.value)
    services.decide_delegate(staff, n1, status="confirmed", role="member")
    with pytest.raises(ValidationError) as exc:
        services.decide_delegate(staff, n3, status="confirmed")
    assert "đủ 2 đại biểu" in str(exc.value)
    services.close_delegation(staff, d)
    n3.refresh_from_db()
    assert n3.status == Delegate.Status.DECLINED and d.status == Delegation.Status.CONFIRMED
    with pytest.raises(ValidationError) as exc:
        services.nominate_delegate(officer_b, d, person_b, category="exemplar")
    assert "đã chốt" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.decide_delegate(staff, n3, status="confirmed")
    assert "mở lại đề cử" in str(exc.value)
    services.reopen_delegation(staff, d)
    services.decide_delegate(staff, n3, status="declined", note="Đủ cơ cấu")


def test_composition_shares(staff, officer_a, province, person_a, person_a2):
    from thidua.outreach.selectors import composition

    d = make_delegation(staff, make_congress(staff), province)
    services.nominate_delegate(officer_a, d, person_a, category="exemplar")
    services.nominate_delegate(officer_a, d, person_a2, category="leader")
    c = composition(d.delegates.all())
    assert (c.total, c.women, c.direct_workers, c.women_share, c.direct_share) == (2, 1, 1, 50.0, 50.0)


def test_replaced_photo_is_deleted_from_storage(officer_a, person_a, django_capture_on_commit_callbacks):
    ex = make_exemplar(officer_a, officer_a.unit, person_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_exemplar(officer_a, ex, photo=SimpleUploadedFile("a.png", png_bytes()))
    first = ex.photo.name
    storage = ex.photo.storage
    assert storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_exemplar(officer_a, ex, photo=SimpleUploadedFile("b.jpg", jpeg_bytes()))
    assert not storage.exists(first) and storage.exists(ex.photo.name)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_exemplar(officer_a, ex, remove_photo=True)
    assert not ex.photo


def test_honouree_links_latest_award_of_the_exemplar(staff, officer_a, person_a, unit_a):
    from thidua.awards.models import Award, AwardType
    from thidua.outreach.models import CongressHonouree

    award_type = AwardType.objects.first()
    if award_type is None:
        pytest.skip("award catalogue not loaded")
    award = Award.objects.create(award_type=award_type, person=person_a, unit=unit_a, recipient_kind="individual",
                                 year=2024, decision_number="12/QĐ-UBND")
    ex = make_exemplar(officer_a, unit_a, person_a)
    services.publish_exemplar(staff, ex)
    h = services.add_honouree(staff, CongressHonouree(congress=make_congress(staff), kind="individual", exemplar=ex))
    assert h.name == person_a.full_name and h.award == award


def test_deadlines_stop_units_not_the_province(staff, officer_a, province, unit_a, person_a, person_a2, time_machine):
    time_machine.move_to(dt.datetime(2025, 8, 10, 9, tzinfo=dt.UTC))
    t = make_training(staff, province, registration_deadline=dt.date(2025, 8, 5))
    services.invite_unit(staff, t, unit_a, 3)
    services.set_training_status(staff, t, Training.Status.OPEN)
    with pytest.raises(ValidationError) as exc:
        services.register_attendee(officer_a, t, person_a)
    assert "quá hạn đăng ký (05/08/2025)" in str(exc.value)
    services.register_attendee(staff, t, person_a)  # the organiser may still add late attendees
    d = make_delegation(staff, make_congress(staff), province, nomination_deadline=dt.date(2025, 8, 1))
    with pytest.raises(ValidationError) as exc:
        services.nominate_delegate(officer_a, d, person_a2, category="exemplar")
    assert "quá hạn đề cử" in str(exc.value)
    services.nominate_delegate(staff, d, person_a2, category="exemplar")
