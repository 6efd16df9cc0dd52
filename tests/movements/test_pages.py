"""Pages of the "Thi đua" area, with the three personas: province staff sees all; the unit's officer sees its own
registrations and scorecards and its groups' pacts and rankings; an outsider gets a 404. Query counts on lists."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.conftest import login
from tests.movements.conftest import score_unit
from thidua.movements import services
from thidua.movements.models import Movement, Pact, Registration, Scorecard
from thidua.movements.services import TitleRow


@pytest.fixture
def movement(year2025, province):
    return Movement.objects.create(
        name="Phong trào thi đua yêu nước năm 2025", kind=Movement.Kind.REGULAR, period=year2025, lead_unit=province,
        launch_doc_number="196/KH-UBND", start=year2025.start, end=year2025.end, status=Movement.Status.LAUNCHED,
    )


@pytest.fixture
def reg_a(unit_a, officer_a, year2025, movement):
    r = Registration(unit=unit_a, period=year2025, movement=movement, targets="Hòan thành xuất sắc nhiệm vụ")
    return services.save_registration(r, [TitleRow("TTLDXS")], user=officer_a)


@pytest.fixture
def pact(group, year2025):
    return Pact.objects.create(group=group, period=year2025, title="Giao ước Khối thử nghiệm 2025", content="Nội dung")


def test_movement_list_search_without_diacritics(client_a, movement):
    html = client_a.get("/thi-dua/phong-trao/?q=phong trao yeu nuoc").content.decode()
    assert "Phong trào thi đua yêu nước năm 2025" in html
    html = client_a.get("/thi-dua/phong-trao/?q=khong co").content.decode()
    assert "Chưa có phong trào nào phù hợp" in html


def test_unit_officer_cannot_edit_a_province_movement(client_a, movement):
    assert client_a.get(f"/thi-dua/phong-trao/{movement.pk}/").status_code == 200
    assert client_a.get(f"/thi-dua/phong-trao/{movement.pk}/sua/").status_code == 403


def test_staff_creates_movement_with_vietnamese_errors(staff_client, year2025, province):
    response = staff_client.post("/thi-dua/phong-trao/them/", {
        "name": "Thi đua chuyên đề", "kind": "thematic", "period": year2025.pk, "lead_unit": province.pk,
        "start": "2025-06-01", "end": "2025-03-01",
    })
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu" in response.content.decode()
    response = staff_client.post("/thi-dua/phong-trao/them/", {
        "name": "Thi đua chuyên đề", "kind": "thematic", "period": year2025.pk, "lead_unit": province.pk,
        "start": "2025-03-01", "end": "2025-06-01",
    })
    assert response.status_code == 302
    assert Movement.objects.filter(name="Thi đua chuyên đề", status="draft").exists()


def test_registration_scoping_other_unit_gets_404(client, reg_a, officer_a, officer_b, staff):
    login(client, officer_b)
    assert client.get(f"/thi-dua/dang-ky/{reg_a.pk}/").status_code == 404
    assert client.post(f"/thi-dua/dang-ky/{reg_a.pk}/submit/").status_code == 404
    assert "Hòan thành xuất sắc" not in client.get("/thi-dua/dang-ky/").content.decode()
    login(client, officer_a)
    assert client.get(f"/thi-dua/dang-ky/{reg_a.pk}/").status_code == 200
    login(client, staff)
    assert client.get(f"/thi-dua/dang-ky/{reg_a.pk}/").status_code == 200


def test_registration_through_the_pages(client_a, unit_a, year2025, movement, staff):
    response = client_a.post("/thi-dua/dang-ky/them/", {
        "unit": unit_a.pk, "period": year2025.pk, "movement": movement.pk,
        "registered_with": "Hội đồng Thi đua - Khen thưởng tỉnh", "targets": "Chỉ tiêu",
        "dh-TOTAL_FORMS": "2", "dh-INITIAL_FORMS": "0",
        "dh-0-code": "CO_TINH", "dh-0-quantity": "1", "dh-1-code": "LDTT", "dh-1-quantity": "20",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    reg = Registration.objects.get(unit=unit_a)
    assert reg.titles.count() == 2
    client_a.post(f"/thi-dua/dang-ky/{reg.pk}/submit/")
    reg.refresh_from_db()
    assert reg.status == "submitted"
    client = Client()
    login(client, staff)
    client.post(f"/thi-dua/dang-ky/{reg.pk}/accept/")
    reg.refresh_from_db()
    assert reg.status == "accepted"


def test_registration_form_rejects_unit_outside_scope(client_a, unit_b, year2025):
    response = client_a.post("/thi-dua/dang-ky/them/", {
        "unit": unit_b.pk, "period": year2025.pk, "registered_with": "x", "targets": "x",
        "dh-TOTAL_FORMS": "1", "dh-INITIAL_FORMS": "0", "dh-0-code": "TTLDTT", "dh-0-quantity": "1",
    })
    assert response.status_code == 200
    assert "Lựa chọn không hợp lệ" in response.content.decode() or "hợp lệ" in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_export_is_scoped(client_a, reg_a, unit_b, officer_b, year2025):
    services.save_registration(Registration(unit=unit_b, period=year2025, targets="Bí mật đơn vị B"),
                               [TitleRow("TTLDTT")], user=officer_b)
    response = client_a.get("/thi-dua/dang-ky/xuat-excel/")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "Hòan thành xuất sắc nhiệm vụ" in values
    assert "Bí mật đơn vị B" not in values


def test_pact_visible_to_members_only(client, pact, officer_a, unit_a, other_group, province):
    from tests.factories import UserFactory

    login(client, officer_a)
    assert client.get(f"/thi-dua/giao-uoc/{pact.pk}/").status_code == 200
    outsider = UserFactory(role="unit_officer", unit=other_group.members.first())
    login(client, outsider)
    assert client.get(f"/thi-dua/giao-uoc/{pact.pk}/").status_code == 404


def test_member_signs_for_itself_only(client_a, pact, unit_a, unit_b):
    response = client_a.post(f"/thi-dua/giao-uoc/{pact.pk}/", {
        "unit": unit_b.pk, "signer_name": "Nguyễn Văn B", "signed_on": "2025-03-01"})
    assert response.status_code == 200 and not pact.signatures.exists()
    response = client_a.post(f"/thi-dua/giao-uoc/{pact.pk}/", {
        "unit": unit_a.pk, "signer_name": "Trần Thị A", "signer_title": "Giám đốc", "signed_on": "2025-03-01"})
    assert response.status_code == 302
    assert pact.signatures.get().signer_name == "Trần Thị A"


def test_head_records_signatures_and_duplicate_is_refused(client, pact, head_a, unit_b):
    login(client, head_a)
    data = {"unit": unit_b.pk, "signer_name": "Lê Văn C", "signed_on": "2025-03-01"}
    assert client.post(f"/thi-dua/giao-uoc/{pact.pk}/", data).status_code == 302
    with pytest.raises(Exception, match="đã ký"):
        services.sign_pact(pact, unit=unit_b, signer_name="x", signer_title="", signed_on=pact.period.start, user=head_a)


def test_scorecard_scoping(client, open_rubric, unit_a, unit_b, officer_a, officer_b, head_a, other_group):
    from tests.factories import UserFactory

    card_b = Scorecard.objects.get(rubric=open_rubric, unit=unit_b)
    login(client, officer_a)
    assert client.get(f"/thi-dua/phieu-cham/{card_b.pk}/").status_code == 404  # another member's sheet
    assert client.get(f"/thi-dua/cham-diem/{open_rubric.pk}/xep-hang/").status_code == 200  # its group's ranking
    login(client, head_a)
    assert client.get(f"/thi-dua/phieu-cham/{card_b.pk}/").status_code == 200  # the head runs the scoring
    outsider = UserFactory(role="unit_officer", unit=other_group.members.first())
    login(client, outsider)
    assert client.get(f"/thi-dua/cham-diem/{open_rubric.pk}/").status_code == 404
    assert client.get(f"/thi-dua/cham-diem/{open_rubric.pk}/xep-hang/").status_code == 404
    assert client.get(f"/thi-dua/cham-diem/{open_rubric.pk}/xep-hang.xlsx").status_code == 404


def test_self_score_page_shows_vietnamese_error_and_keeps_input(client_a, open_rubric, unit_a):
    card = Scorecard.objects.get(rubric=open_rubric, unit=unit_a)
    crit = {c.code: c.pk for c in open_rubric.criteria.all()}
    response = client_a.post(f"/thi-dua/phieu-cham/{card.pk}/", {"lop": "self", f"s-{crit['I.1']}": "35",
                                                                 f"s-{crit['I.2']}": "12"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Điểm của tiêu chí I.1 không được vượt quá điểm tối đa 30." in html
    assert 'value="35"' in html
    response = client_a.post(f"/thi-dua/phieu-cham/{card.pk}/", {
        "lop": "self", **{f"s-{crit[k]}": v for k, v in {"I.1": "30", "I.2": "20", "II.1": "30", "II.2": "20"}.items()},
        "then": "submit"})
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == "submitted" and str(card.self_total) == "100.00"


def test_unit_officer_cannot_enter_cross_scores(client_a, open_rubric, unit_a, officer_a):
    card = score_unit(Scorecard.objects.get(rubric=open_rubric, unit=unit_a),
                      {"I.1": 30, "I.2": 20, "II.1": 30, "II.2": 20}, officer_a)
    crit = {c.code: c.pk for c in open_rubric.criteria.all()}
    response = client_a.post(f"/thi-dua/phieu-cham/{card.pk}/", {"lop": "cross", f"s-{crit['I.1']}": "1"})
    assert response.status_code == 403


def test_ranking_page_and_xlsx(staff_client, open_rubric, unit_a, unit_b, unit_c, officer_a, officer_b, officer_c, staff):
    full = {"I.1": 30, "I.2": 20, "II.1": 30, "II.2": 20}
    score_unit(Scorecard.objects.get(rubric=open_rubric, unit=unit_a), full, officer_a)
    score_unit(Scorecard.objects.get(rubric=open_rubric, unit=unit_b), {**full, "I.1": 20}, officer_b)
    score_unit(Scorecard.objects.get(rubric=open_rubric, unit=unit_c), full, officer_c)
    assert staff_client.post(f"/thi-dua/cham-diem/{open_rubric.pk}/rank/").status_code == 302
    html = staff_client.get(f"/thi-dua/cham-diem/{open_rubric.pk}/xep-hang/").content.decode()
    assert "Đồng hạng — cần Chủ tịch quyết định" in html
    response = staff_client.post(f"/thi-dua/cham-diem/{open_rubric.pk}/finalise/", follow=True)
    assert "đồng hạng nhất" in response.content.decode()
    cards = {c.unit_id: c.pk for c in Scorecard.objects.filter(rubric=open_rubric)}
    staff_client.post(f"/thi-dua/cham-diem/{open_rubric.pk}/xep-hang/",
                      {"order": f"{cards[unit_c.pk]},{cards[unit_a.pk]}", "decision": "Văn bản 15/UBND-NC"})
    staff_client.post(f"/thi-dua/cham-diem/{open_rubric.pk}/finalise/")
    html = staff_client.get(f"/thi-dua/cham-diem/{open_rubric.pk}/xep-hang/").content.decode()
    assert "Dẫn đầu Cụm/Khối" in html
    response = staff_client.get(f"/thi-dua/cham-diem/{open_rubric.pk}/xep-hang.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    body = [r for r in rows if r and isinstance(r[0], int)]
    assert [(r[0], r[1]) for r in body] == [(1, unit_c.name), (2, unit_a.name), (3, unit_b.name)]
    assert "Dẫn đầu Cụm/Khối" in body[0][6]


def test_criteria_page_saves_tree(client, rubric, head_a):
    login(client, head_a)
    data = {"tc-TOTAL_FORMS": "3", "tc-INITIAL_FORMS": "0", "save": "1",
            "tc-0-code": "I", "tc-0-name": "Nhiệm vụ", "tc-0-kind": "standard",
            "tc-1-code": "I.1", "tc-1-name": "Chỉ tiêu", "tc-1-max_points": "60", "tc-1-kind": "standard",
            "tc-2-code": "I.2", "tc-2-name": "Thiếu điểm", "tc-2-kind": "standard"}
    response = client.post(f"/thi-dua/cham-diem/{rubric.pk}/tieu-chi/", data)
    assert "cần có điểm tối đa lớn hơn 0" in response.content.decode()
    data["tc-2-max_points"] = "40"
    assert client.post(f"/thi-dua/cham-diem/{rubric.pk}/tieu-chi/", data).status_code == 302
    assert list(rubric.criteria.order_by("position").values_list("code", flat=True)) == ["I", "I.1", "I.2"]


def test_unit_officer_cannot_edit_criteria(client_a, rubric):
    assert client_a.get(f"/thi-dua/cham-diem/{rubric.pk}/tieu-chi/").status_code == 403


def _many_registrations(province, year2025, n):
    from tests.factories import UnitFactory

    for i in range(n):
        unit = UnitFactory(parent=province)
        reg = Registration.objects.create(unit=unit, period=year2025, targets=f"Chỉ tiêu {i}")
        reg.titles.create(code="TTLDTT")
        reg.titles.create(code="LDTT", quantity=10)


@pytest.mark.parametrize("url", ["/thi-dua/dang-ky/", "/thi-dua/phong-trao/", "/thi-dua/giao-uoc/", "/thi-dua/cham-diem/"])
def test_list_pages_do_not_query_per_row(staff_client, province, year2025, rubric, pact, url,
                                         django_assert_max_num_queries):
    def movements(n, start=0):
        for i in range(start, start + n):
            Movement.objects.create(name=f"Phong trào {i}", period=year2025, lead_unit=province,
                                    start=year2025.start, end=year2025.end)

    # few rows, then many: an empty list reads no rows at all, so "few" is never zero
    _many_registrations(province, year2025, 5)
    movements(2)
    staff_client.get(url)  # warm caches (session, nav)
    with django_assert_max_num_queries(15) as small:
        staff_client.get(url)
    _many_registrations(province, year2025, 25)
    movements(10, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        staff_client.get(url)


def test_nav_has_the_thi_dua_area(client_a):
    html = client_a.get("/").content.decode()
    assert "Phong trào thi đua" in html and "Chấm điểm, xếp hạng Cụm, Khối" in html


def test_registration_form_picks_people_of_the_chosen_unit(client_a, unit_a, unit_b):
    """The registration form's unit and person are searchable pickers; the person picker searches the unit chosen
    above (data-picker-depends) and the endpoint never lists another unit's people."""
    from tests.factories import PersonFactory

    PersonFactory(full_name="Nguyễn Thị Lan", unit=unit_a)
    PersonFactory(full_name="Trần Văn Bình", unit=unit_b)
    html = client_a.get("/thi-dua/dang-ky/them/").content.decode()
    assert 'data-picker-url="/to-chuc/don-vi/chon/"' in html
    assert 'data-picker-url="/to-chuc/ca-nhan/chon/?dang_lam=1" data-picker-depends="{&quot;don_vi&quot;: &quot;unit&quot;}"' in html
    names = [r["text"] for r in client_a.get(f"/to-chuc/ca-nhan/chon/?dang_lam=1&don_vi={unit_a.pk}").json()["results"]]
    assert names == ["Nguyễn Thị Lan"]
    assert client_a.get(f"/to-chuc/ca-nhan/chon/?dang_lam=1&don_vi={unit_b.pk}").json()["results"] == []
    assert client_a.get("/to-chuc/ca-nhan/chon/?don_vi=abc").status_code == 200


def test_rubric_list_links_the_units_own_scorecard(client_a, open_rubric, unit_a):
    card = Scorecard.objects.get(rubric=open_rubric, unit=unit_a)
    html = client_a.get("/thi-dua/cham-diem/").content.decode()
    assert f"/thi-dua/phieu-cham/{card.pk}/" in html and "Phiếu của đơn vị" in html


def test_registration_list_summarises_titles(staff_client, reg_a, unit_b, officer_b, year2025):
    services.save_registration(Registration(unit=unit_b, period=year2025, targets="B"),
                               [TitleRow("TTLDXS"), TitleRow("LDTT", quantity=12)], user=officer_b)
    html = staff_client.get("/thi-dua/dang-ky/").content.decode()
    assert "Tập thể lao động xuất sắc: <strong>2</strong>" in html
    assert "Lao động tiên tiến: <strong>1</strong> bản · 12" in html


def test_area_root_leads_to_the_movement_list(client_a):
    response = client_a.get("/thi-dua/")
    assert response.status_code == 302 and response["Location"].endswith("/thi-dua/phong-trao/")
