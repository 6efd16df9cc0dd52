"""Group scoring: criteria table, score validation (Vietnamese messages), totals with bonus/penalty, ranking with
ties (section I, then the Chair's decision), finalising, and the group_ranks selector used by the eligibility
engine (Cờ thi đua: the unit leading its Cụm/Khối)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import UserFactory
from tests.movements.conftest import score_unit
from thidua.core.roles import Role
from thidua.movements import services
from thidua.movements.models import Criterion, Scorecard, ScoringRubric
from thidua.movements.selectors import group_ranks
from thidua.orgs.models import EmulationGroup, GroupLeadership, GroupMembership, Period

FULL = {"I.1": 30, "I.2": 20, "II.1": 30, "II.2": 20}


def cards_by_unit(rubric):
    return {c.unit_id: c for c in Scorecard.objects.filter(rubric=rubric).select_related("rubric", "unit")}


def test_criteria_tree_follows_codes_and_kinds_propagate(rubric):
    crit = {c.code: c for c in rubric.criteria.all()}
    assert crit["I.1"].parent == crit["I"]
    assert not crit["I"].is_leaf and crit["I.1"].is_leaf
    assert crit["III.1"].kind == Criterion.Kind.BONUS
    assert crit["IV.1"].kind == Criterion.Kind.PENALTY
    assert [c.code for c in rubric.criteria.order_by("position")][:3] == ["I", "I.1", "I.2"]


def test_criteria_validation_lists_every_problem_in_vietnamese(rubric, staff):
    rows = [
        services.CriterionRow("I", "Phần một"),
        services.CriterionRow("I.1", "Không có điểm", None),
        services.CriterionRow("II.1", "Mồ côi", Decimal("5")),
        services.CriterionRow("I", "Trùng mã", Decimal("1")),
    ]
    with pytest.raises(ValidationError) as exc:
        services.save_criteria(rubric, rows, user=staff)
    text = " ".join(exc.value.messages)
    assert "cần có điểm tối đa lớn hơn 0" in text
    assert "không có mục cha “II”" in text
    assert "bị trùng" in text


def test_criteria_locked_once_scoring_opens(open_rubric, staff):
    with pytest.raises(ValidationError, match="không thể sửa bộ tiêu chí"):
        services.save_criteria(open_rubric, [services.CriterionRow("I", "x", Decimal("1"))], user=staff)


def test_open_scoring_gives_each_member_a_scorecard(open_rubric, unit_a, unit_b, unit_c):
    assert set(Scorecard.objects.filter(rubric=open_rubric).values_list("unit_id", flat=True)) == {
        unit_a.pk, unit_b.pk, unit_c.pk}
    card = Scorecard.objects.filter(rubric=open_rubric).first()
    assert card.scores.count() == 6  # the leaves only


def test_score_above_maximum_is_refused_with_vietnamese_message(open_rubric, unit_a, officer_a):
    card = cards_by_unit(open_rubric)[unit_a.pk]
    ids = {c.code: c.pk for c in open_rubric.criteria.all()}
    with pytest.raises(ValidationError) as exc:
        services.save_scores(card, "self", {ids["I.1"]: "31", ids["I.2"]: "-1", ids["II.1"]: "abc"}, user=officer_a)
    messages = exc.value.messages
    assert "Điểm của tiêu chí I.1 không được vượt quá điểm tối đa 30." in messages
    assert any("I.2 không được âm" in m for m in messages)
    assert any("không phải là số" in m for m in messages)
    # all-or-nothing: nothing saved
    assert not card.scores.exclude(self_score=None).exists()


def test_decimal_comma_is_accepted(open_rubric, unit_a, officer_a):
    card = cards_by_unit(open_rubric)[unit_a.pk]
    ids = {c.code: c.pk for c in open_rubric.criteria.all()}
    services.save_scores(card, "self", {ids["I.1"]: "27,5"}, user=officer_a)
    card.refresh_from_db()
    assert card.self_total == Decimal("27.50")


def test_totals_add_bonus_subtract_penalty_and_cap_sections(open_rubric, unit_a, officer_a):
    card = cards_by_unit(open_rubric)[unit_a.pk]
    card = score_unit(card, {**FULL, "III.1": 5, "IV.1": 3}, officer_a)
    assert card.self_total == Decimal("102")
    assert card.final_total == Decimal("102")
    assert card.first_section_total == Decimal("50")
    assert card.status == Scorecard.Status.SUBMITTED


def test_submit_requires_every_standard_criterion(open_rubric, unit_a, officer_a):
    card = cards_by_unit(open_rubric)[unit_a.pk]
    with pytest.raises(ValidationError, match="Chưa chấm các tiêu chí: I.2, II.1, II.2"):
        score_unit(card, {"I.1": 30}, officer_a)


def test_unit_cannot_score_another_member(open_rubric, unit_b, officer_a):
    card = cards_by_unit(open_rubric)[unit_b.pk]
    with pytest.raises(PermissionDenied):
        score_unit(card, FULL, officer_a)


def test_cross_and_final_layers_override_in_order(open_rubric, unit_a, officer_a, head_a, staff):
    card = cards_by_unit(open_rubric)[unit_a.pk]
    score_unit(card, FULL, officer_a)
    score_unit(card, {"I.1": 25}, head_a, layer="cross")
    assert card.cross_total == Decimal("95")
    score_unit(card, {"II.2": 10}, staff, layer="final")
    assert (card.self_total, card.cross_total, card.final_total) == (Decimal("100"), Decimal("95"), Decimal("85"))


def test_only_the_head_of_the_group_cross_scores(open_rubric, unit_a, unit_b, officer_a, officer_b, head_a):
    card = cards_by_unit(open_rubric)[unit_b.pk]
    score_unit(card, FULL, officer_b)
    with pytest.raises(PermissionDenied):
        score_unit(card, {"I.1": 1}, officer_a, layer="cross")  # unit officer of the head unit, not group head
    other_head = UserFactory(role=Role.GROUP_HEAD, unit=unit_b)  # group_head role, but B does not lead
    with pytest.raises(PermissionDenied):
        score_unit(card, {"I.1": 1}, other_head, layer="cross")
    score_unit(card, {"I.1": 1}, head_a, layer="cross")


def _score_all(rubric, per_unit, users):
    for unit_id, values in per_unit.items():
        score_unit(cards_by_unit(rubric)[unit_id], values, users[unit_id])


def test_ranking_breaks_ties_on_section_one_then_chair(open_rubric, unit_a, unit_b, unit_c, officer_a, officer_b,
                                                       officer_c, staff):
    users = {unit_a.pk: officer_a, unit_b.pk: officer_b, unit_c.pk: officer_c}
    # A and B: 90 total; A has 45 in section I, B 50 → B first. C: 90 with 45 in section I → ties with A.
    _score_all(open_rubric, {
        unit_a.pk: {"I.1": 25, "I.2": 20, "II.1": 30, "II.2": 15},
        unit_b.pk: {"I.1": 30, "I.2": 20, "II.1": 25, "II.2": 15},
        unit_c.pk: {"I.1": 30, "I.2": 15, "II.1": 30, "II.2": 15},
    }, users)
    ordered = services.compute_ranking(open_rubric, user=staff)
    ranks = {c.unit_id: c.rank for c in ordered}
    assert ranks == {unit_b.pk: 1, unit_a.pk: 2, unit_c.pk: 2}
    tied = services.tied_groups(ordered)
    assert [{c.unit_id for c in g} for g in tied] == [{unit_a.pk, unit_c.pk}]

    cards = cards_by_unit(open_rubric)
    services.resolve_tie(open_rubric, [cards[unit_c.pk].pk, cards[unit_a.pk].pk],
                         decision="Văn bản số 12/UBND-NC ngày 10/12/2025", user=staff)
    ranks = {c.unit_id: c.rank for c in Scorecard.objects.filter(rubric=open_rubric)}
    assert ranks == {unit_b.pk: 1, unit_c.pk: 2, unit_a.pk: 3}


def test_chair_decision_only_between_truly_tied_units(open_rubric, unit_a, unit_b, unit_c, officer_a, officer_b,
                                                      officer_c, staff):
    users = {unit_a.pk: officer_a, unit_b.pk: officer_b, unit_c.pk: officer_c}
    _score_all(open_rubric, {unit_a.pk: FULL, unit_b.pk: {**FULL, "I.1": 10}, unit_c.pk: FULL}, users)
    services.compute_ranking(open_rubric)
    cards = cards_by_unit(open_rubric)
    with pytest.raises(ValidationError, match="Chỉ các đơn vị bằng cả tổng điểm"):
        services.resolve_tie(open_rubric, [cards[unit_a.pk].pk, cards[unit_b.pk].pk], decision="QĐ", user=staff)


def test_finalise_refuses_shared_first_place_and_unsubmitted_units(open_rubric, unit_a, unit_b, unit_c, officer_a,
                                                                    officer_b, officer_c, staff):
    score_unit(cards_by_unit(open_rubric)[unit_a.pk], FULL, officer_a)
    with pytest.raises(ValidationError, match="chưa gửi kết quả tự chấm"):
        services.finalise_rubric(open_rubric, user=staff)
    score_unit(cards_by_unit(open_rubric)[unit_b.pk], FULL, officer_b)
    score_unit(cards_by_unit(open_rubric)[unit_c.pk], {**FULL, "I.1": 20}, officer_c)
    with pytest.raises(ValidationError, match="đồng hạng nhất"):
        services.finalise_rubric(open_rubric, user=staff)
    cards = cards_by_unit(open_rubric)
    services.resolve_tie(open_rubric, [cards[unit_b.pk].pk, cards[unit_a.pk].pk], decision="Chủ tịch quyết định",
                         user=staff)
    services.finalise_rubric(open_rubric, user=staff)
    open_rubric.refresh_from_db()
    assert open_rubric.status == ScoringRubric.Status.FINALISED
    assert group_ranks([unit_a.pk, unit_b.pk, unit_c.pk], 2025) == {unit_b.pk: 1, unit_a.pk: 2, unit_c.pk: 3}


def test_group_head_cannot_finalise(open_rubric, head_a):
    with pytest.raises(PermissionDenied):
        services.finalise_rubric(open_rubric, user=head_a)


def _finalised_school_year_block(province, staff, first_year):
    from tests.factories import UnitFactory

    period = Period.school_year(first_year)
    u1 = UnitFactory(parent=province, kind="school")
    u2 = UnitFactory(parent=province, kind="school")
    g = EmulationGroup.objects.create(name=f"Khối trường {first_year}", kind="block", cycle="school_year")
    for u in (u1, u2):
        GroupMembership.objects.create(group=g, unit=u)
    GroupLeadership.objects.create(group=g, period=period, unit=u1, role="head")
    r = ScoringRubric.objects.create(group=g, period=period, title="Khối trường")
    services.save_criteria(r, [services.CriterionRow("1", "Dạy và học", Decimal("100"))], user=staff)
    services.open_scoring(r, user=staff)
    cards = {c.unit_id: c for c in r.scorecards.select_related("rubric", "unit")}
    ids = {c.code: c.pk for c in r.criteria.all()}
    for unit, pts in ((u1, 70), (u2, 90)):
        officer = UserFactory(role=Role.UNIT_OFFICER, unit=unit)
        services.save_scores(cards[unit.pk], "self", {ids["1"]: pts}, user=officer)
        services.submit_self_score(cards[unit.pk], user=officer)
    services.finalise_rubric(r, user=staff)
    return u1, u2


def test_group_ranks_counts_a_school_year_in_the_year_it_ends(province, staff):
    u1, u2 = _finalised_school_year_block(province, staff, 2024)  # 2024-2025
    assert group_ranks([u1.pk, u2.pk], 2025) == {u2.pk: 1, u1.pk: 2}
    assert group_ranks([u1.pk, u2.pk], 2024) == {}


def test_group_ranks_ignores_open_rounds_and_other_units(open_rubric, unit_a, officer_a, province, staff):
    score_unit(cards_by_unit(open_rubric)[unit_a.pk], FULL, officer_a)
    services.compute_ranking(open_rubric)
    assert group_ranks([unit_a.pk], 2025) == {}  # provisional ranking does not count
    assert group_ranks([], 2025) == {}


def test_group_ranks_is_one_query(django_assert_num_queries, province, staff):
    u1, u2 = _finalised_school_year_block(province, staff, 2024)
    with django_assert_num_queries(1):
        group_ranks([u1.pk, u2.pk, 999999], 2025)


def test_reopen_needs_a_reason_and_drops_out_of_group_ranks(province, staff):
    u1, u2 = _finalised_school_year_block(province, staff, 2024)
    rubric = ScoringRubric.objects.get(group__name="Khối trường 2024")
    with pytest.raises(ValidationError, match="lý do"):
        services.reopen_rubric(rubric, user=staff, note=" ")
    services.reopen_rubric(rubric, user=staff, note="Điều chỉnh điểm trừ theo kết quả thanh tra")
    assert group_ranks([u1.pk, u2.pk], 2025) == {}


def test_score_changes_are_audited(open_rubric, unit_a, officer_a):
    from thidua.core.models import AuditEntry

    card = cards_by_unit(open_rubric)[unit_a.pk]
    score_unit(card, FULL, officer_a)
    entries = AuditEntry.objects.filter(model="movements.Scorecard", object_id=str(card.pk))
    assert entries.filter(action="update", note__contains="tự chấm").exists()
    assert entries.filter(action="transition").exists()
    assert entries.first().unit_id == unit_a.pk


def test_import_criteria_from_xlsx(rubric, staff):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Mã", "Nội dung", "Điểm tối đa", "Loại"])
    ws.append(["I", "Nhiệm vụ chính trị", None, "Tiêu chí"])
    ws.append(["I.1", "Chỉ tiêu", 60, None])
    ws.append(["II", "Điểm thưởng", 5, "Điểm thưởng"])
    ws.append(["II.1", "Sáng kiến", "2,5", None])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    criteria = services.import_criteria_xlsx(rubric, buf, user=staff)
    assert [c.code for c in criteria] == ["I", "I.1", "II", "II.1"]
    assert criteria[3].max_points == Decimal("2.5") and criteria[3].kind == "bonus"


def test_import_rejects_a_file_that_is_not_a_spreadsheet(rubric, staff):
    import io

    with pytest.raises(ValidationError, match="Không đọc được tệp"):
        services.import_criteria_xlsx(rubric, io.BytesIO(b"not a workbook"), user=staff)


def test_provisional_ranking_follows_each_saved_score(open_rubric, unit_a, unit_b, officer_a, officer_b):
    score_unit(cards_by_unit(open_rubric)[unit_a.pk], FULL, officer_a)
    score_unit(cards_by_unit(open_rubric)[unit_b.pk], {**FULL, "III.1": 2}, officer_b)
    ranks = {c.unit_id: c.rank for c in Scorecard.objects.filter(rubric=open_rubric)}
    assert ranks[unit_b.pk] == 1 and ranks[unit_a.pk] == 2
