"""Forms 0601–0605 of TT 02/2023/TT-BNV against a hand-counted fixture; the page is scoped; the head signs off.

Reporting year 2025 = 01/12/2024 – 30/11/2025. Units: province ⊃ A ⊃ (A1, enterprise E); province ⊃ B; the
dissolved unit OLD merged into A (lineage), outside A's subtree.

State-level awards (form 0602), unit A's scope:
  a  BK TTg      W1 (woman, direct worker)  công trạng   QĐ 10/03/2025
  b  BK TTg      collective A1               chuyên đề    QĐ 01/12/2024 (first day)
  c  Huân chương collective E (enterprise)   đột xuất     QĐ 30/11/2025 (last day)
  d  CSTĐ toàn quốc M1                        công trạng   QĐ 01/06/2025
  e  BK TTg      M1 REVOKED                                QĐ 01/05/2025         → never counts
  f  BK TTg      W1                                        QĐ 30/11/2024         → before the period
  g  BK TTg      B1 (unit B)                               QĐ 01/07/2025         → other unit (province only)
  h  BK TTg      P1 of OLD (merged into A)   công trạng   QĐ 02/02/2025         → counts for A (lineage)
  i  BK TTg      M1, no decision date, year 2025, cống hiến                     → counts (legacy record)
  i' BK TTg      M1, no decision date, year 2024                                → not this period
  j  HC Kháng chiến hạng Nhất M1            QĐ 01/04/2025         → huân chương cá nhân; row Kháng chiến
Province/ministry-level awards (form 0603), unit A's scope:
  k  BK tỉnh W1 (direct) công trạng; l CSTĐ tỉnh M1; m Cờ thi đua tỉnh to A; n TTLĐXS to E (enterprise);
  o  BK tỉnh to a household of A1, chuyên đề; p BK tỉnh M1 revoked; q LĐTT (cơ sở, not in 0603).
Movements (form 0601): M1 A regular 01/01–31/12/2025 (launched 15/12/2024); M2 province thematic 01/03–31/08/2025;
  M3 A1 thematic 01/05/2025–30/04/2027 (no launch date); M4 A draft; M5 A launched 05/12/2025 (next period).
"""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests.conftest import login
from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.awards.models import Award, AwardType
from thidua.core.models import AuditEntry
from thidua.core.roles import Role
from thidua.movements.models import Movement
from thidua.orgs.models import Period, UnitLineage
from thidua.reports.models import StatisticsFormSignoff
from thidua.reports.statforms import engine

URL = "/bao-cao/bieu-mau-thong-ke/"
D = dt.date


@pytest.fixture
def world(province, unit_a, unit_b):
    a1 = UnitFactory(name="Phòng Giáo dục Trung học", code="so-a-phong-1", parent=unit_a)
    ent = UnitFactory(name="Công ty Sách thiết bị trường học", code="so-a-cty", parent=unit_a, kind="enterprise")
    old = UnitFactory(name="Sở Giáo dục tỉnh cũ", code="so-cu", parent=province, active_to=D(2025, 6, 30))
    UnitLineage.objects.create(kind="merge", predecessor=old, successor=unit_a, effective_on=D(2025, 7, 1))
    w1 = PersonFactory(full_name="Trần Thị Hoa", unit=unit_a, gender="female", direct_worker=True)
    m1 = PersonFactory(full_name="Lê Văn Nam", unit=unit_a, gender="male")
    b1 = PersonFactory(full_name="Đỗ Văn Bình", unit=unit_b, gender="male")
    p1 = PersonFactory(full_name="Vũ Thị Mai", unit=old, gender="female")

    def give(code, *, on, person=None, unit=None, kind=None, year=2025, **kw):
        return Award.objects.create(
            award_type=AwardType.objects.get(code=code), person=person, unit=unit or person.unit,
            recipient_kind=kind or ("individual" if person else "collective"), year=year, decision_date=on, **kw)

    give("BK_TTG", person=w1, on=D(2025, 3, 10))                                     # a
    give("BK_TTG", unit=a1, on=D(2024, 12, 1), commendation_type="chuyen_de")        # b
    give("HC_DAI_DOAN_KET", unit=ent, on=D(2025, 11, 30), commendation_type="dot_xuat")  # c
    give("CSTD_TOAN_QUOC", person=m1, on=D(2025, 6, 1))                              # d
    give("BK_TTG", person=m1, on=D(2025, 5, 1), revoked=True, revoked_reason="Khai man thành tích")  # e
    give("BK_TTG", person=w1, on=D(2024, 11, 30), year=2024)                         # f
    give("BK_TTG", person=b1, on=D(2025, 7, 1))                                      # g
    give("BK_TTG", person=p1, on=D(2025, 2, 2))                                      # h
    give("BK_TTG", person=m1, on=None, commendation_type="cong_hien")                # i
    give("BK_TTG", person=m1, on=None, year=2024)                                    # i'
    give("HC_KHANG_CHIEN_1", person=m1, on=D(2025, 4, 1))                            # j
    give("BK_TINH", person=w1, on=D(2025, 1, 15))                                    # k
    give("CSTD_TINH", person=m1, on=D(2025, 2, 15))                                  # l
    give("CO_TINH", unit=unit_a, on=D(2025, 10, 10))                                 # m
    give("TTLDXS", unit=ent, on=D(2025, 10, 10))                                     # n
    give("BK_TINH", unit=a1, kind="household", household_name="Hộ ông Nguyễn Văn Tư", on=D(2025, 9, 9),
         commendation_type="chuyen_de")                                              # o
    give("BK_TINH", person=m1, on=D(2025, 8, 8), revoked=True)                       # p
    give("LDTT", person=m1, on=D(2025, 8, 8))                                        # q

    period = Period.objects.create(kind="year", label="Năm 2025", start=D(2025, 1, 1), end=D(2025, 12, 31))

    def movement(name, lead, kind, start, end, launched=None, status=Movement.Status.LAUNCHED):
        return Movement.objects.create(name=name, kind=kind, period=period, lead_unit=lead, start=start, end=end,
                                       launch_doc_date=launched, status=status)

    movement("Thi đua dạy tốt, học tốt", unit_a, "regular", D(2025, 1, 1), D(2025, 12, 31), D(2024, 12, 15))
    movement("Thi đua chuyển đổi số", province, "thematic", D(2025, 3, 1), D(2025, 8, 31), D(2025, 2, 20))
    movement("Thi đua xây dựng trường chuẩn", a1, "thematic", D(2025, 5, 1), D(2027, 4, 30))
    movement("Phong trào đang soạn", unit_a, "regular", D(2025, 1, 1), D(2025, 12, 31), status=Movement.Status.DRAFT)
    movement("Phong trào năm sau", unit_a, "regular", D(2026, 1, 1), D(2026, 12, 31), D(2025, 12, 5))
    return {"a1": a1, "ent": ent, "old": old}


@pytest.fixture
def leader_a(unit_a):
    return UserFactory(username="thutruong_a", first_name="Hùng", last_name="Nguyễn Văn", role=Role.UNIT_LEADER,
                       unit=unit_a)


def sheet(response):
    """The form's sheet as {(row code, column code): value}, read back with openpyxl."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    grid = [[c.value for c in row] for row in ws.iter_rows()]
    codes_at = next(i for i, row in enumerate(grid) if row[0] == "A" and row[1] == "B")
    columns = {str(v): j for j, v in enumerate(grid[codes_at]) if j >= 2 and v is not None}
    out = {}
    for row in grid[codes_at + 1:]:
        if row[1] in (None, "") or row[0] is None:
            continue
        for code, j in columns.items():
            out[(str(row[1]), code)] = row[j]
    return out, grid


def download(client, form, unit=None, year=2025):
    params = {"bieu": form, "nam": year, "xuat": "xlsx"}
    if unit is not None:
        params["don_vi"] = unit.pk
    return client.get(URL, params)


def test_0602_state_awards_match_hand_count(client, officer_a, unit_a, world):
    cells, grid = sheet(download(login(client, officer_a), "0602", unit_a))
    expected = {
        ("1", "1"): 7, ("1", "2"): 1, ("1", "3"): 1, ("1", "4"): 0, ("1", "5"): 0, ("1", "6"): 0, ("1", "7"): 0,
        ("1", "8"): 0, ("1", "9"): 1, ("1", "10"): 3, ("1", "11"): 1, ("1", "12"): 0,
        ("2", "1"): None, ("3", "1"): 7,
        ("6", "1"): 2, ("7", "1"): 1, ("7", "2"): 1, ("8", "1"): 0, ("9", "1"): 5, ("9", "10"): 3,
        ("10", "1"): None, ("14", "1"): 1, ("14", "10"): 1,
        ("15", "1"): 3, ("16", "1"): 1, ("16", "9"): 1, ("17", "1"): 1, ("18", "1"): 0, ("19", "1"): 1,
        ("20", "1"): 0, ("21", "1"): 1, ("21", "3"): 1,
    }
    assert {k: cells[k] for k in expected} == expected
    flat = [str(v) for row in grid for v in row if v is not None]
    assert "Biểu số: 0602.N/BNV-TĐKT" in flat
    assert "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023" in flat
    assert "Đơn vị báo cáo: Sở Giáo dục và Đào tạo" in flat
    assert "Năm 2025 (từ ngày 01/12/2024 đến ngày 30/11/2025)" in flat
    assert "NGƯỜI LẬP BIỂU" in flat and "THỦ TRƯỞNG ĐƠN VỊ" in flat
    assert "……, ngày … tháng … năm ……" in flat  # not signed off yet


def test_0602_province_scope_adds_the_other_unit(client, staff, world):
    cells, _grid = sheet(download(login(client, staff), "0602"))  # default: the province root
    assert cells[("1", "1")] == 8
    assert cells[("1", "10")] == 4


def test_0603_ministry_province_awards_match_hand_count(client, officer_a, unit_a, world):
    cells, _grid = sheet(download(login(client, officer_a), "0603", unit_a))
    expected = {
        ("01", "1"): 5, ("01", "2"): 2, ("01", "3"): 1, ("01", "4"): 1, ("01", "5"): 0,
        ("02", "1"): 2, ("02", "4"): 1, ("03", "1"): 1, ("04", "1"): 1, ("04", "2"): 1, ("05", "1"): 2,
        ("06", "1"): None, ("10", "1"): 1, ("10", "2"): 1, ("11", "1"): 4, ("12", "1"): 1, ("12", "2"): 1,
        ("13", "1"): 0, ("17", "1"): None,
    }
    assert {k: cells[k] for k in expected} == expected


def test_0601_movements_match_hand_count(client, officer_a, staff, unit_a, world):
    cells, _grid = sheet(download(login(client, officer_a), "0601", unit_a))
    expected = {("01", "1"): 2, ("01", "2"): None, ("01", "3"): 0, ("01", "4"): 2, ("02", "1"): None,
                ("03", "1"): 0, ("05", "1"): 2, ("06", "1"): 0, ("07", "1"): 1, ("08", "1"): 1, ("09", "1"): 0,
                ("10", "1"): 0, ("11", "1"): 1, ("12", "1"): 1}
    assert {k: cells[k] for k in expected} == expected
    client.logout()
    cells, _grid = sheet(download(login(client, staff), "0601"))
    assert (cells[("01", "1")], cells[("01", "3")], cells[("01", "4")], cells[("06", "1")]) == (3, 1, 2, 1)


@pytest.mark.parametrize("form, rows", [("0604", ["01", "02", "03", "04", "05"]),
                                        ("0605", ["01", "02", "07", "08", "12", "13", "14", "15"])])
def test_0604_0605_sheets_are_laid_out_for_the_unit_to_fill(client, officer_a, unit_a, world, form, rows):
    cells, grid = sheet(download(login(client, officer_a), form, unit_a))
    assert {code for code, _col in cells} >= set(rows)
    assert all(v is None for v in cells.values())
    assert f"Biểu số: {form}.N/BNV-TĐKT" in [v for row in grid for v in row]


def test_page_previews_the_form_in_scope(client, officer_a, unit_a, world):
    response = login(client, officer_a).get(URL, {"bieu": "0602", "nam": 2025})
    assert response.status_code == 200
    result = response.context["result"]
    assert result.unit == unit_a
    assert result.cell("1", "1") == 7
    assert "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC" in response.content.decode()


def test_other_units_officer_sees_own_numbers_and_404_for_ours(client, officer_b, unit_a, unit_b, world):
    login(client, officer_b)
    response = client.get(URL, {"bieu": "0602", "nam": 2025})
    assert response.context["result"].unit == unit_b
    assert response.context["result"].cell("1", "1") == 1  # only g
    assert client.get(URL, {"bieu": "0602", "nam": 2025, "don_vi": unit_a.pk}).status_code == 404
    assert client.get(URL, {"bieu": "0602", "nam": 2025, "don_vi": unit_a.pk, "xuat": "xlsx"}).status_code == 404


def test_unknown_form_is_404_and_anonymous_goes_to_sign_in(client, officer_a, world):
    assert client.get(URL).status_code == 302
    assert login(client, officer_a).get(URL, {"bieu": "9999"}).status_code == 404


def test_unit_head_signs_off_and_the_xlsx_records_it(client, leader_a, unit_a, world):
    login(client, leader_a)
    response = client.post(URL, {"bieu": "0602", "nam": 2025, "don_vi": unit_a.pk, "nguoi_lap": "Trần Thị Hoa"})
    assert response.status_code == 302
    signoff = StatisticsFormSignoff.objects.get(form="0602", year=2025, unit=unit_a)
    assert signoff.signed_by == leader_a and signoff.prepared_by_name == "Trần Thị Hoa"
    assert signoff.cells["1"]["1"] == 7
    assert AuditEntry.objects.filter(model="reports.StatisticsFormSignoff", object_id=str(signoff.pk),
                                     actor=leader_a, unit_id=unit_a.pk).exists()
    cells, grid = sheet(download(client, "0602", unit_a))
    flat = [str(v) for row in grid for v in row if v is not None]
    d = signoff.signed_on
    assert f"……, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}" in flat
    assert leader_a.display_name in flat and "Trần Thị Hoa" in flat
    page = client.get(URL, {"bieu": "0602", "nam": 2025, "don_vi": unit_a.pk})
    assert page.context["signoff"] == signoff and not page.context["changed_since_signoff"]
    # A new award after sign-off: the page says the numbers changed.
    Award.objects.create(award_type=AwardType.objects.get(code="BK_TTG"), unit=unit_a, recipient_kind="collective",
                         year=2025, decision_date=D(2025, 10, 1))
    page = client.get(URL, {"bieu": "0602", "nam": 2025, "don_vi": unit_a.pk})
    assert page.context["changed_since_signoff"]


def test_only_the_units_head_signs_off(client, officer_a, unit_a, unit_b, world):
    login(client, officer_a)
    client.post(URL, {"bieu": "0602", "nam": 2025, "don_vi": unit_a.pk})
    assert not StatisticsFormSignoff.objects.exists()
    leader_b = UserFactory(username="thutruong_b", role=Role.UNIT_LEADER, unit=unit_b)
    client.logout()
    login(client, leader_b)
    assert client.post(URL, {"bieu": "0602", "nam": 2025, "don_vi": unit_a.pk}).status_code == 404
    assert not StatisticsFormSignoff.objects.exists()


def test_every_circular_spec_uses_only_known_filter_keys():
    engine.circulars.cache_clear()
    spec = engine.circulars()[engine.DEFAULT_CIRCULAR]
    assert [f["key"] for f in spec["forms"]] == ["0601", "0602", "0603", "0604", "0605"]
    assert engine.period_of(2025, spec) == (D(2024, 12, 1), D(2025, 11, 30))


def test_each_form_is_counted_in_one_aggregate_query(staff, unit_a, world, django_assert_max_num_queries):
    for key in ("0601", "0602", "0603"):
        with django_assert_max_num_queries(2):  # the lineage edges, then every cell at once
            result = engine.compute(staff, key, 2025, unit_a)
        assert result.rows[0].cells[0] is not None


def test_notes_sheet_says_why_cells_are_empty(client, officer_a, unit_a, world):
    response = download(login(client, officer_a), "0602", unit_a)
    notes = load_workbook(io.BytesIO(response.content))["Ghi chú"]
    text = [str(c.value) for row in notes.iter_rows() for c in row if c.value]
    assert any(t.startswith("Lãnh đạo cấp bộ, cấp tỉnh") and "văn bản tự do" in t for t in text)


def test_province_leader_signs_off_the_province_form_only(client, province, unit_a, world):
    chair = UserFactory(username="chutich", role=Role.LEADER, unit=province)
    login(client, chair)
    client.post(URL, {"bieu": "0603", "nam": 2025})  # default unit: the province
    client.post(URL, {"bieu": "0603", "nam": 2025, "don_vi": unit_a.pk})  # a department is its head's to sign
    assert list(StatisticsFormSignoff.objects.values_list("unit_id", "form", "signed_by_id")) == [
        (province.pk, "0603", chair.pk)]
