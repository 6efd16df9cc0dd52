"""A rubric's criteria imported from Excel and the Chair's decision on tied units, through the API (issue #15): the
same form checks (5 MB), services and rights as the pages (movements/views.py rubric_criteria, ranking). The group's
head unit imports while the rubric is being built; only the province's staff record the Chair's decision, while
scoring is open, between units equal on total and on section I. A file that is not a workbook, or rows the rubric
cannot take, are a Vietnamese 400, never a 500; a rubric outside the caller's scope is a 404."""

import io

from openpyxl import Workbook

from tests.api.test_journey import Caller, ok
from tests.factories import UserFactory
from tests.movements.conftest import score_unit
from thidua.core.roles import Role
from thidua.movements import services
from thidua.movements.models import Scorecard, ScoringRubric


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


GOOD = [["Mã", "Nội dung", "Điểm tối đa", "Loại"], ["I", "Nhiệm vụ chính trị", None, "Tiêu chí"],
        ["I.1", "Chỉ tiêu kế hoạch", 60, None], ["II", "Điểm thưởng", 5, "Điểm thưởng"],
        ["II.1", "Sáng kiến", "2,5", None]]


def _upload(client, user, rubric_id, content, name="tieu-chi.xlsx"):
    """POST the file as multipart (no file at all when `content` is None)."""
    data = {}
    if content is not None:
        data["file"] = io.BytesIO(content)
        data["file"].name = name
    return Caller(client, user).upload(f"/scoring/rubrics/{rubric_id}/criteria/import", data)


def test_group_head_imports_criteria_from_excel(client, rubric, head_a, officer_b, other_group):
    imported = ok(_upload(client, head_a, rubric.pk, _xlsx(GOOD)))
    assert [c["code"] for c in imported["criteria"]] == ["I", "I.1", "II", "II.1"]
    assert imported["criteria"][3]["max_points"] == 2.5 and imported["criteria"][3]["kind"] == "bonus"
    assert [c.code for c in rubric.criteria.order_by("position")] == ["I", "I.1", "II", "II.1"]

    refused = _upload(client, officer_b, rubric.pk, _xlsx(GOOD))  # a member sees the rubric, does not build it
    assert refused.status_code == 403 and refused.json()["detail"]
    outsider = UserFactory(role=Role.UNIT_OFFICER, unit=other_group.members.first())
    assert _upload(client, outsider, rubric.pk, _xlsx(GOOD)).status_code == 404
    assert _upload(client, head_a, 999999, _xlsx(GOOD)).status_code == 404


def test_bad_files_are_a_vietnamese_400_and_change_nothing(client, rubric, head_a):
    before = list(rubric.criteria.order_by("position").values_list("code", flat=True))
    cases = [
        (b"not a workbook at all", "Không đọc được tệp"),
        (b"PK\x03\x04 broken zip", "bị hỏng"),
        (_xlsx([["I", "Phần một", None, "loại lạ"]]), "Dòng 1"),
        (_xlsx([["I.1", "Mồ côi", 5, None]]), "mục cha"),
        (_xlsx([["I", "Một", "mười", None]]), "không phải là số"),
        (b"x" * (5 * 1024 * 1024 + 1), "Tệp quá lớn"),
    ]
    for content, words in cases:
        response = _upload(client, head_a, rubric.pk, content)
        assert response.status_code == 400, (words, response.status_code, response.content[:300])
        assert words in response.json()["detail"], (words, response.json())
    missing = _upload(client, head_a, rubric.pk, None)
    assert missing.status_code == 422 and "file" in missing.json()["detail"]
    assert list(rubric.criteria.order_by("position").values_list("code", flat=True)) == before


def test_import_refused_once_scoring_is_open(client, open_rubric, staff):
    response = _upload(client, staff, open_rubric.pk, _xlsx(GOOD))
    assert response.status_code == 400 and "Đã mở chấm điểm" in response.json()["detail"]


def _tie(open_rubric, unit_a, unit_b, unit_c, officer_a, officer_b, officer_c):
    """A and C tie on total (90) and on section I (45); B has 90 with 50 in section I and leads."""
    cards = {c.unit_id: c for c in Scorecard.objects.filter(rubric=open_rubric).select_related("rubric", "unit")}
    score_unit(cards[unit_a.pk], {"I.1": 25, "I.2": 20, "II.1": 30, "II.2": 15}, officer_a)
    score_unit(cards[unit_b.pk], {"I.1": 30, "I.2": 20, "II.1": 25, "II.2": 15}, officer_b)
    score_unit(cards[unit_c.pk], {"I.1": 30, "I.2": 15, "II.1": 30, "II.2": 15}, officer_c)
    return {u: c.pk for u, c in cards.items()}


def test_province_records_the_chairs_decision(client, open_rubric, unit_a, unit_b, unit_c, officer_a, officer_b,
                                             officer_c, head_a, staff, other_group):
    cards = _tie(open_rubric, unit_a, unit_b, unit_c, officer_a, officer_b, officer_c)
    url = f"/scoring/rubrics/{open_rubric.pk}/ties"
    seen = ok(Caller(client, officer_a).get(url))
    assert [set(t) for t in seen["ties"]] == [{cards[unit_a.pk], cards[unit_c.pk]}] and not seen["can_resolve"]
    assert ok(Caller(client, staff).get(url))["can_resolve"]

    province = Caller(client, staff)
    body = {"order": [cards[unit_c.pk], cards[unit_a.pk]], "decision": "Văn bản số 12/UBND-NC ngày 10/12/2025"}
    refused = Caller(client, head_a).post(url, body)  # the group's head does not record the Chair's decision
    assert refused.status_code == 403 and "Chủ tịch" in refused.json()["detail"]
    outsider = UserFactory(role=Role.UNIT_OFFICER, unit=other_group.members.first())
    assert Caller(client, outsider).post(url, body).status_code == 404
    assert Caller(client, outsider).get(url).status_code == 404
    for bad, words in (
        ({**body, "decision": "  "}, "Cần ghi số, ngày văn bản"),
        ({**body, "decision": "x" * 301}, "Quyết định của Chủ tịch"),
        ({**body, "order": [cards[unit_a.pk]]}, "không hợp lệ"),
        ({**body, "order": []}, "không hợp lệ"),
        ({**body, "order": [cards[unit_a.pk], cards[unit_a.pk]]}, "không hợp lệ"),
        ({**body, "order": [cards[unit_a.pk], 999999]}, "không hợp lệ"),
        ({**body, "order": [cards[unit_a.pk], cards[unit_b.pk]]}, "Chỉ các đơn vị bằng cả tổng điểm"),
    ):
        response = province.post(url, bad)
        assert response.status_code == 400 and words in response.json()["detail"], (bad, response.json())
    assert province.post(url, {**body, "order": ["a", "b"]}).status_code == 422
    assert province.post(url, {"order": body["order"]}).status_code == 422
    assert not Scorecard.objects.filter(rubric=open_rubric).exclude(chair_decision="").exists()

    done = ok(province.post(url, body))
    ranks = {r["unit_id"]: r["rank"] for r in done["rows"]}
    assert ranks == {unit_b.pk: 1, unit_c.pk: 2, unit_a.pk: 3} and done["ties"] == []
    assert {r["unit_id"]: r["chair_priority"] for r in done["rows"]}[unit_c.pk] == 1
    assert all(r["chair_decision"] == body["decision"] for r in done["rows"] if r["unit_id"] != unit_b.pk)

    services.finalise_rubric(open_rubric, user=staff)
    assert ScoringRubric.objects.get(pk=open_rubric.pk).status == ScoringRubric.Status.FINALISED
    late = province.post(url, body)
    assert late.status_code == 400 and "đã chốt" in late.json()["detail"]


def test_ranking_page_keeps_its_tie_form(staff_client, open_rubric, unit_a, unit_b, unit_c, officer_a, officer_b,
                                        officer_c):
    cards = _tie(open_rubric, unit_a, unit_b, unit_c, officer_a, officer_b, officer_c)
    page = f"/thi-dua/cham-diem/{open_rubric.pk}/xep-hang/"
    response = staff_client.post(page, {"order": "x,y", "decision": "QĐ 1"}, follow=True)
    assert "Danh sách đơn vị đồng hạng không hợp lệ" in response.content.decode()
    response = staff_client.post(page, {"order": f"{cards[unit_c.pk]},{cards[unit_a.pk]}", "decision": ""},
                                 follow=True)
    assert "Cần ghi số, ngày văn bản" in response.content.decode()
    staff_client.post(page, {"order": f"{cards[unit_c.pk]},{cards[unit_a.pk]}", "decision": "Văn bản 15/UBND-NC"})
    assert Scorecard.objects.get(pk=cards[unit_a.pk]).rank == 3
