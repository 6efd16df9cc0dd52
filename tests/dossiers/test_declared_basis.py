"""The nomination form lets a unit declare a basis (LAW-V2.md §B) and its evidence; the live verdict shows the rule
set, what the council must still judge and cites the law in Vietnamese (never "Art")."""

import datetime as dt

import pytest

from tests.dossiers.conftest import make_dossier, pdf_upload
from thidua.awards.models import AwardType
from thidua.dossiers import services
from thidua.dossiers.models import Attachment, Nomination
from thidua.dossiers.verdicts import verdict_for, verdicts_for


@pytest.fixture
def bk_tinh(db):
    return AwardType.objects.get(code="BK_TINH")


@pytest.fixture
def giay_khen(db):
    return AwardType.objects.get(code="GIAY_KHEN")


@pytest.fixture(autouse=True)
def november_2025(time_machine):
    """A dossier not received yet is judged by today's rule set: v2 in November 2025."""
    time_machine.move_to(dt.datetime(2025, 11, 20, 9, tzinfo=dt.UTC))


@pytest.fixture
def dossier(officer_a):
    return make_dossier(officer_a, year=2025)


def _nominate(officer, dossier, person, award_type, **basis):
    return services.save_nomination(officer, dossier, Nomination(
        person=person, award_type=award_type, achievement_summary="Dẫn đầu phong trào thi đua", **basis))


def test_declared_basis_with_evidence_goes_to_the_council(dossier, officer_a, person_a, bk_tinh):
    # person_a: HTXSNV 2024–2025, no CSTĐ cơ sở, no initiatives: route d of BK_TINH fails.
    plain = _nominate(officer_a, dossier, person_a, bk_tinh)
    verdict = verdict_for(plain)
    assert verdict["rule_set"] == "v2"  # not received yet: judged as if received today, 20/11/2025
    assert verdict["eligible"] is False and verdict["needs_judgement"] == []
    declared = _nominate(officer_a, dossier, person_a, bk_tinh, basis_route="movement_achievement",
                         basis_evidence=True)
    verdict = verdict_for(declared)
    assert verdict["eligible"] is True
    assert [j["criterion"] for j in verdict["needs_judgement"]] == ["movement_achievement"]
    assert verdict["needs_judgement"][0]["title"]  # pages get the criterion's Vietnamese title


def test_an_evidence_attachment_counts_as_evidence(dossier, officer_a, person_a, bk_tinh):
    nomination = _nominate(officer_a, dossier, person_a, bk_tinh, basis_route="socioeconomic_contribution")
    assert [u["criterion"] for u in verdict_for(nomination)["unmet"]] == [
        "two_year_record", "socioeconomic_contribution"
    ]
    services.add_attachment(officer_a, dossier, pdf_upload("minh-chung.pdf"), Attachment.Kind.EVIDENCE, nomination)
    verdict = verdicts_for([nomination])[nomination.pk]
    assert verdict["eligible"] is True
    assert [j["criterion"] for j in verdict["needs_judgement"]] == ["socioeconomic_contribution"]


def test_form_saves_the_basis_and_the_evidence_file(dossier, client_a, person_a, giay_khen):
    response = client_a.post(f"/ho-so/{dossier.pk}/de-nghi/them/", {
        "kind": "individual", "person": person_a.pk, "award_type": giay_khen.pk,
        "achievement_summary": "Thành tích đột xuất trong phòng chống bão", "justification": "",
        "basis_route": "many_or_sudden_achievements", "evidence_file": pdf_upload("quyet-dinh.pdf"),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    nomination = dossier.nominations.get()
    assert nomination.basis_route == "many_or_sudden_achievements"
    assert nomination.attachments.filter(kind=Attachment.Kind.EVIDENCE).count() == 1
    verdict = verdict_for(nomination)
    assert verdict["eligible"] is True
    assert [j["criterion"] for j in verdict["needs_judgement"]] == ["many_or_sudden_achievements"]
    page = client_a.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "Căn cứ kê khai:" in page and "Hội đồng Thi đua – Khen thưởng còn phải đánh giá" in page


def test_form_refuses_a_basis_the_award_does_not_have(dossier, client_a, person_a):
    ldtt = AwardType.objects.get(code="LDTT")
    response = client_a.post(f"/ho-so/{dossier.pk}/de-nghi/them/", {
        "kind": "individual", "person": person_a.pk, "award_type": ldtt.pk,
        "achievement_summary": "…", "basis_route": "movement_achievement", "basis_evidence": "on",
    })
    assert response.status_code == 200
    assert "không xét theo căn cứ kê khai" in response.content.decode()
    assert not dossier.nominations.exists()


def test_live_verdict_speaks_the_law_in_vietnamese(dossier, client_a, person_a, bk_tinh):
    url = (f"/ho-so/{dossier.pk}/de-nghi/kiem-tra/?kind=individual&person={person_a.pk}&award_type={bk_tinh.pk}"
           "&basis_route=movement_achievement&basis_evidence=on")
    html = client_a.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Đủ tiêu chuẩn" in html and "còn căn cứ Hội đồng phải đánh giá" in html
    assert "Bộ quy tắc v2" in html and "Nghị định 152/2025/NĐ-CP" in html
    assert "điểm a khoản 1 Điều 74 Luật Thi đua, khen thưởng" in html
    assert "khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP" in html
    assert "Art " not in html
    without = client_a.get(url.replace("&basis_evidence=on", ""), HTTP_HX_REQUEST="true").content.decode()
    assert "Chưa đủ tiêu chuẩn" in without and "không có minh chứng" in without
    # the group failed: route d is reported again (two_year_record unmet, interval met), cited in Vietnamese
    assert "điểm d khoản 1 Điều 74 Luật Thi đua, khen thưởng" in without
    assert "khoản 9 Điều 30 Nghị định 98/2023/NĐ-CP (tiếp tục áp dụng, chưa xác nhận)" in without


def test_v3_verdict_lists_unconfirmed_bases(officer_a, person_a, bk_tinh, time_machine):
    time_machine.move_to(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC))
    dossier = make_dossier(officer_a, year=2026, title="Đề nghị năm 2026")
    nomination = _nominate(officer_a, dossier, person_a, bk_tinh, basis_route="movement_achievement",
                           basis_evidence=True)
    verdict = verdict_for(nomination)
    assert verdict["rule_set"] == "v3"
    assert verdict["unconfirmed"] == ["movement_achievement"]
    time_machine.move_to(dt.datetime(2026, 9, 30, 9, tzinfo=dt.UTC))
    assert verdict_for(nomination)["rule_set"] == "v2"  # the day before the amended Law
    dossier.received_on = dt.date(2026, 10, 1)  # once received, the receipt date decides
    dossier.save(update_fields=["received_on"])
    nomination.refresh_from_db()
    assert verdict_for(nomination)["rule_set"] == "v3"


def test_a_code_without_rules_does_not_break_the_page(dossier, officer_a, person_a, client_a):
    hcld2 = AwardType.objects.get(code="HCLD_2")
    _nominate(officer_a, dossier, person_a, hcld2)
    page = client_a.get(f"/ho-so/{dossier.pk}/")
    assert page.status_code == 200
    assert "Bộ quy tắc v2 chưa quy định tiêu chuẩn xét Huân chương Lao động hạng Nhì" in page.content.decode()
