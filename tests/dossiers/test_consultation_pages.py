"""Consultation pages: province staff start a round, download letters and record answers (200); the unit sees the
status and the hold on its dossier but not the agencies' answers (403); another unit finds nothing (404)."""

import datetime as dt

import pytest
import time_machine

from tests.dossiers.test_consultations import MONDAY, _received
from thidua.core.xlsx import DOCX
from thidua.dossiers.models import Consultation, ConsultationPolicy, ConsultedAgency


@pytest.fixture
def agencies(db):
    return [
        ConsultedAgency.objects.create(name=name, order=i)
        for i, name in enumerate(["Công an tỉnh", "Bảo hiểm xã hội tỉnh"], start=1)
    ]


@pytest.fixture
def dossier_and_nomination(officer_a, staff, person_a):
    with time_machine.travel(MONDAY, tick=False):
        return _received(officer_a, staff, person_a, "HCLD_3")


@time_machine.travel(MONDAY, tick=False)
def test_staff_start_a_round_record_a_disagreement_and_the_unit_sees_the_hold(
    client, staff, officer_a, officer_b, agencies, dossier_and_nomination
):
    dossier, nomination = dossier_and_nomination
    client.force_login(staff)
    page = client.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "Chưa lấy ý kiến hiệp y cho: Nguyễn Thị Lan" in page and f"/ho-so/{dossier.pk}/hiep-y/" in page
    form = client.get(f"/ho-so/{dossier.pk}/hiep-y/")
    assert form.status_code == 200 and "Công an tỉnh" in form.content.decode()
    response = client.post(
        f"/ho-so/{dossier.pk}/hiep-y/",
        {
            "nominations": [nomination.pk],
            "agencies": [a.pk for a in agencies],
            "days": "7",
            "sent_on": "2025-12-01",
            "number": "215/SNV-TĐKT",
        },
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ho-so/hiep-y/{consultation.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "10/12/2025" in detail and "Bảo hiểm xã hội tỉnh" in detail

    letter = client.get(f"/ho-so/hiep-y/{consultation.pk}/van-ban/{agencies[0].pk}/")
    assert letter.status_code == 200 and letter["Content-Type"] == DOCX
    assert "hiep-y-" in letter["Content-Disposition"]

    police, insurance = (consultation.replies.get(agency=a) for a in agencies)
    client.post(
        f"/ho-so/hiep-y/{consultation.pk}/",
        {
            f"a-{police.pk}": "disagree",
            f"r-{police.pk}": "Nợ đọng bảo hiểm chưa giải quyết",
            f"a-{insurance.pk}": "agree",
            f"r-{insurance.pk}": "",
        },
    )
    police.refresh_from_db()
    assert police.proceeding is not None and police.proceeding.is_open
    assert not Consultation.objects.get().is_open

    client.force_login(officer_a)
    page = client.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "Tạm dừng xét khen thưởng" in page and "cơ quan được lấy ý kiến không đồng ý" in page
    assert "Đã kết thúc lấy ý kiến" in page
    assert "Nợ đọng bảo hiểm" not in page  # the agency's answer stays with the province
    assert client.get(f"/ho-so/hiep-y/{consultation.pk}/").status_code == 403
    assert client.post(f"/ho-so/hiep-y/y-kien/{police.pk}/go-tam-dung/", {"note": "x"}).status_code == 403
    client.force_login(officer_b)
    assert client.get(f"/ho-so/hiep-y/{consultation.pk}/").status_code == 404
    assert client.get(f"/ho-so/hiep-y/{consultation.pk}/van-ban/{agencies[0].pk}/").status_code == 404

    client.force_login(staff)
    client.post(f"/ho-so/hiep-y/y-kien/{police.pk}/go-tam-dung/", {"note": "BHXH tỉnh xác nhận đã nộp đủ."})
    police.refresh_from_db()
    assert police.proceeding.closed_on == dt.date(2025, 12, 1)
    assert "Tạm dừng xét khen thưởng" not in client.get(f"/ho-so/{dossier.pk}/").content.decode()


@time_machine.travel(MONDAY, tick=False)
def test_a_bad_grid_post_is_a_message_not_an_error(client, staff, agencies, dossier_and_nomination):
    dossier, nomination = dossier_and_nomination
    client.force_login(staff)
    client.post(
        f"/ho-so/{dossier.pk}/hiep-y/",
        {"nominations": [nomination.pk], "agencies": [agencies[0].pk], "days": "5", "sent_on": "2025-12-01"},
    )
    consultation = Consultation.objects.get()
    reply = consultation.replies.get()
    response = client.post(
        f"/ho-so/hiep-y/{consultation.pk}/", {f"a-{reply.pk}": "disagree", f"r-{reply.pk}": ""}, follow=True
    )
    assert response.status_code == 200 and "cần ghi lý do" in response.content.decode()
    response = client.post(f"/ho-so/hiep-y/{consultation.pk}/", {f"a-{reply.pk}": "maybe"}, follow=True)
    assert "Ý kiến không hợp lệ" in response.content.decode()
    response = client.post(
        f"/ho-so/{dossier.pk}/hiep-y/",
        {"nominations": [nomination.pk], "agencies": [], "days": "500", "sent_on": "2025-12-01"},
    )
    assert response.status_code == 200 and Consultation.objects.count() == 1


def test_settings_page_is_province_staffs(client, staff, officer_a, ldtt):
    client.force_login(officer_a)
    assert client.get("/ho-so/hiep-y/thiet-lap/").status_code == 403
    client.force_login(staff)
    assert client.get("/ho-so/hiep-y/thiet-lap/").status_code == 200
    client.post(
        "/ho-so/hiep-y/thiet-lap/",
        {
            "form": "agency",
            "agency-name": "Sở Nông nghiệp và Môi trường",
            "agency-order": "5",
            "agency-active": "on",
        },
    )
    agency = ConsultedAgency.objects.get(name="Sở Nông nghiệp và Môi trường")
    client.post(
        "/ho-so/hiep-y/thiet-lap/",
        {
            "form": "policy",
            "policy-default_days": "10",
            "policy-no_reply_means": "disagree",
            "policy-extra_award_types": [ldtt.pk],
        },
    )
    policy = ConsultationPolicy.current()
    assert policy.default_days == 10 and policy.no_reply_means == "disagree"
    assert list(policy.extra_award_types.values_list("code", flat=True)) == ["LDTT"]
    assert client.get(f"/ho-so/hiep-y/thiet-lap/co-quan/{agency.pk}/").status_code == 200
    assert client.get("/ho-so/hiep-y/thiet-lap/co-quan/999999/").status_code == 404
