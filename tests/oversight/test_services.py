"""Inspection and petition workflows: who may do what, Vietnamese refusals, deadlines, audit, and the pending
proceeding a complaint opens on the person it concerns (what blocks eligibility, NĐ 152/2025 Art 4.4)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.awards.facts import gather_person_cases
from thidua.awards.models import PendingProceeding
from thidua.core.models import AuditEntry
from thidua.oversight import services
from thidua.oversight.models import Finding, Inspection, Petition

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_inspection_lifecycle_is_audited(staff, inspection_a):
    assert inspection_a.status == "in_progress" and inspection_a.quarter == 3
    assert [m.name for m in inspection_a.members.all()] == ["Nguyễn Thị Hương"]
    services.conclude_inspection(staff, inspection_a, conclusion="Đơn vị thực hiện cơ bản đúng quy định.",
                                 conclusion_number="15/TB-HĐTĐKT", conclusion_date=dt.date(2025, 9, 30))
    inspection_a.refresh_from_db()
    assert inspection_a.status == "concluded" and inspection_a.conclusion_number == "15/TB-HĐTĐKT"
    steps = AuditEntry.objects.filter(model="oversight.Inspection", action="transition",
                                      object_id=str(inspection_a.pk))
    assert steps.count() == 2
    with pytest.raises(ValidationError, match="kết thúc"):
        services.save_inspection(staff, inspection_a, unit=inspection_a.unit, planned_start=dt.date(2025, 9, 8),
                                 planned_end=dt.date(2025, 9, 9), content="x")


def test_inspection_validation(staff, inspection_plan, unit_a, officer_a, in_oct_2025):
    base = dict(unit=unit_a, content="Kiểm tra", plan=inspection_plan)
    with pytest.raises(ValidationError, match="không được trước ngày bắt đầu"):
        services.save_inspection(staff, None, planned_start=dt.date(2025, 9, 8), planned_end=dt.date(2025, 9, 1), **base)
    with pytest.raises(ValidationError, match="năm 2025"):
        services.save_inspection(staff, None, planned_start=dt.date(2026, 1, 8), planned_end=dt.date(2026, 1, 9), **base)
    with pytest.raises(PermissionDenied):
        services.save_inspection(officer_a, None, planned_start=dt.date(2025, 9, 8), planned_end=dt.date(2025, 9, 9),
                                 **base)
    with pytest.raises(ValidationError, match="đã có"):
        services.save_inspection_plan(staff, None, year=2025, number="88/KH-HĐTĐKT", issued_on=dt.date(2025, 5, 1),
                                      title="Trùng số")


def test_stale_transition_is_refused(staff, inspection_a):
    stale = Inspection.objects.get(pk=inspection_a.pk)
    services.conclude_inspection(staff, inspection_a, conclusion="Kết luận", conclusion_number="1/TB",
                                 conclusion_date=dt.date(2025, 9, 30))
    with pytest.raises(ValidationError):
        services.conclude_inspection(staff, stale, conclusion="Lần hai", conclusion_number="2/TB",
                                     conclusion_date=dt.date(2025, 9, 30))


def test_finding_deadline_in_working_days(staff, inspection_a):
    f = services.save_finding(staff, inspection_a, None, category="late_report", description="Chậm báo cáo",
                              recommendation="Báo cáo đúng hạn", working_days=10)
    assert f.due_on == dt.date(2025, 9, 22) and f.due_working_days == 10  # 10 working days after 08/09
    with pytest.raises(ValidationError, match="không cả hai"):
        services.save_finding(staff, inspection_a, None, category="other", description="a", recommendation="b",
                              working_days=5, due_on=dt.date(2025, 12, 1))


def test_remediation_follow_up(staff, officer_a, officer_b, finding_a, time_machine):
    with pytest.raises(PermissionDenied):
        services.report_remediation(officer_b, finding_a, note="Không phải đơn vị mình")
    with pytest.raises(ValidationError, match="không được chấp nhận"):
        services.report_remediation(officer_a, finding_a, note="x",
                                    files=[SimpleUploadedFile("a.exe", b"MZ", "application/octet-stream")])
    report = services.report_remediation(officer_a, finding_a, note="Đã sửa quy chế",
                                         files=[SimpleUploadedFile("qc.pdf", PDF, "application/pdf")])
    finding_a.refresh_from_db()
    assert finding_a.status == "reported" and report.files.count() == 1
    services.review_finding(staff, finding_a, accept=False, note="Chưa gửi quyết định sửa đổi")
    assert finding_a.status == "open"
    time_machine.move_to(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    assert finding_a.effective_status == "overdue"
    assert list(Finding.objects.overdue()) == [finding_a]
    services.report_remediation(officer_a, finding_a, note="Đã ban hành quyết định sửa đổi quy chế")
    services.review_finding(staff, finding_a, accept=True)
    finding_a.refresh_from_db()
    assert finding_a.status == "remedied" and not Finding.objects.overdue().exists()


def test_complaint_opens_and_closes_pending_proceeding(staff, complaint_a, person_a, in_oct_2025):
    assert complaint_a.number == "ĐT-2025-001"
    assert complaint_a.accept_by == dt.date(2025, 10, 15)
    services.accept_petition(staff, complaint_a, dt.date(2025, 10, 6))
    complaint_a.refresh_from_db()
    assert complaint_a.resolve_by == dt.date(2025, 11, 5)
    proceeding = complaint_a.proceeding
    assert proceeding.person == person_a and proceeding.kind == "complaint" and proceeding.is_open
    assert complaint_a.number in proceeding.note
    case = gather_person_cases([person_a.pk], ["CSTD_CO_SO"], 2025, dt.date(2025, 10, 10))[person_a.pk]
    assert case["pending"] == [str(PendingProceeding.Kind.COMPLAINT.label)]
    services.resolve_petition(staff, complaint_a, result="Giữ nguyên kết quả bình xét",
                              decision_number="25/QĐ-SNV", decision_date=dt.date(2025, 10, 14))
    proceeding.refresh_from_db()
    assert proceeding.closed_on == dt.date(2025, 10, 14)
    later = gather_person_cases([person_a.pk], ["CSTD_CO_SO"], 2025, dt.date(2025, 10, 20))[person_a.pk]
    assert later["pending"] == []


def test_recommendation_opens_no_proceeding(staff, unit_a, person_a, in_oct_2025):
    p = services.save_petition(staff, None, kind="recommendation", received_on=dt.date(2025, 10, 1),
                               petitioner_name="", subject_unit=unit_a, person=person_a,
                               summary="Kiến nghị công khai danh sách khen thưởng")
    services.accept_petition(staff, p, dt.date(2025, 10, 2))
    assert p.proceeding is None and not PendingProceeding.objects.exists()


def test_anonymous_denunciation_cannot_be_accepted(staff, unit_a, in_oct_2025):
    p = services.save_petition(staff, None, kind="denunciation", received_on=dt.date(2025, 10, 1),
                               subject_unit=unit_a, summary="Tố cáo khai man thành tích")
    with pytest.raises(ValidationError, match="không đủ điều kiện thụ lý"):
        services.accept_petition(staff, p, dt.date(2025, 10, 2))
    services.reject_petition(staff, p, reason="Đơn nặc danh (Luật Tố cáo 2018 Điều 25)")
    assert p.status == "not_accepted" and p.closed_on == dt.date(2025, 10, 15)


def test_denunciation_extensions(staff, unit_a, in_oct_2025):
    p = services.save_petition(staff, None, kind="denunciation", received_on=dt.date(2025, 9, 1),
                               petitioner_name="Phạm Văn Tố", petitioner_address="Phố Hiến",
                               subject_unit=unit_a, summary="Tố cáo")
    services.accept_petition(staff, p, dt.date(2025, 9, 5))
    assert p.resolve_by == dt.date(2025, 10, 6)  # 05/10 is a Sunday
    with pytest.raises(ValidationError, match="phức tạp"):
        services.extend_petition(staff, p, note="Cần xác minh thêm")
    Petition.objects.filter(pk=p.pk).update(complex_case=True)
    p.refresh_from_db()
    services.extend_petition(staff, p, note="Xác minh tại nhiều nơi")
    services.extend_petition(staff, p, note="Đặc biệt phức tạp")
    assert p.extensions == 2 and p.resolve_by == dt.date(2025, 12, 4)
    with pytest.raises(ValidationError, match="hai lần"):
        services.extend_petition(staff, p, note="Lần ba")


def test_petition_validation(staff, officer_a, unit_a, person_a, in_oct_2025):
    with pytest.raises(ValidationError, match="tương lai"):
        services.save_petition(staff, None, kind="complaint", received_on=dt.date(2025, 12, 1), subject_unit=unit_a,
                               summary="x")
    with pytest.raises(ValidationError, match="cơ quan chuyển đơn"):
        services.save_petition(staff, None, kind="complaint", received_on=dt.date(2025, 10, 1), subject_unit=unit_a,
                               summary="x", channel="transferred")
    with pytest.raises(PermissionDenied):
        services.save_petition(officer_a, None, kind="complaint", received_on=dt.date(2025, 10, 1),
                               subject_unit=unit_a, summary="x")


def test_forwarding_closes_the_proceeding(staff, complaint_a, in_oct_2025):
    services.accept_petition(staff, complaint_a, dt.date(2025, 10, 2))
    services.forward_petition(staff, complaint_a, to="Thanh tra tỉnh", on=dt.date(2025, 10, 10))
    complaint_a.proceeding.refresh_from_db()
    assert complaint_a.status == "forwarded" and complaint_a.proceeding.closed_on == dt.date(2025, 10, 10)
    with pytest.raises(ValidationError):
        services.resolve_petition(staff, complaint_a, result="x", decision_number="1/QĐ")


def test_masking_and_overdue(staff, officer_a, leader, complaint_a, time_machine):
    assert complaint_a.petitioner_for(staff)["name"] == "Trần Thị Bình"
    masked = complaint_a.petitioner_for(leader)
    assert masked["masked"] and "Bình" not in masked["name"] and masked["phone"] == "***"
    assert not Petition.objects.overdue().exists()
    time_machine.move_to(dt.datetime(2025, 10, 20, 9, tzinfo=dt.UTC))
    assert list(Petition.objects.overdue()) == [complaint_a] and complaint_a.is_overdue
    assert Petition.objects.search_for(staff, "tran thi binh").count() == 1
    assert Petition.objects.search_for(officer_a, "tran thi binh").count() == 0
    assert Petition.objects.search_for(officer_a, "chien si thi dua").count() == 1


def test_demo_is_idempotent_and_scoped(db):
    from thidua.core import demo as core_demo
    from thidua.core.models import User
    from thidua.oversight.models import InspectionPlan

    core_demo.load()
    counts = (Inspection.objects.count(), Finding.objects.count(), Petition.objects.count())
    core_demo.load()
    assert (Inspection.objects.count(), Finding.objects.count(), Petition.objects.count()) == counts
    plan = InspectionPlan.objects.get(number="88/KH-HĐTĐKT")
    assert plan.plan_task.order == 8 and plan.plan_task.plan.number == "196/KH-UBND"
    assert {i.plan_task.order for i in plan.inspections.all()} == {16}
    assert {i.quarter for i in plan.inspections.all()} == {3}
    assert {p.kind for p in Petition.objects.all()} == {"complaint", "denunciation", "recommendation"}
    assert len({f.effective_status for f in Finding.objects.all()}) >= 3
    officer = User.objects.get(username="canbo_gddt")
    seen = Inspection.objects.visible_to(officer)
    assert seen.count() == 1 and seen.get().unit.code == "so-gddt"
    assert not Petition.objects.visible_to(officer).filter(kind="denunciation").exists()


def test_accepted_petition_keeps_its_subject(staff, complaint_a, unit_a, in_oct_2025):
    from tests.factories import PersonFactory

    services.accept_petition(staff, complaint_a, dt.date(2025, 10, 6))
    other = PersonFactory(unit=unit_a)
    with pytest.raises(ValidationError, match="Đơn đã thụ lý"):
        services.save_petition(staff, complaint_a, person=other)
    with pytest.raises(ValidationError, match="Đơn đã thụ lý"):
        services.save_petition(staff, complaint_a, kind="recommendation")
    services.save_petition(staff, complaint_a, complex_case=True)
    complaint_a.refresh_from_db()
    assert complaint_a.resolve_by == dt.date(2025, 11, 20)  # 45 days for a complex complaint
