"""Legacy award books as provinces and colleges keep them: title rows, a header over two merged rows, no year
column, no birth dates, honorifics in the name column, unit name variants, 9-digit CMND, historical awards."""

import datetime as dt
import io

import openpyxl
import pytest

from tests.awards.books import make_batch
from tests.factories import PersonFactory, UnitFactory
from thidua.awards import importer
from thidua.awards.models import Award, ImportBatch, ImportRow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def college_book(rows) -> bytes:
    """'SỔ THEO DÕI KHEN THƯỞNG' title, then a two-row header: 'Quyết định' merged over 'Số' | 'Ngày';
    'Ngày sinh' over 'Nam' | 'Nữ'; no year column."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["TRƯỜNG CAO ĐẲNG Y TẾ"])
    ws.append(["SỔ THEO DÕI KHEN THƯỞNG"])
    ws.append(["TT", "Tên tập thể/cá nhân", "Ngày sinh", None, "Số CMND/CCCD", "Đơn vị công tác",
               "Danh hiệu thi đua/Hình thức khen thưởng", "Quyết định", None])
    ws.append([None, None, "Nam", "Nữ", None, None, None, "Số", "Ngày"])
    for a, b in (("A3", "A4"), ("B3", "B4"), ("E3", "E4"), ("F3", "F4"), ("G3", "G4")):
        ws.merge_cells(f"{a}:{b}")
    ws.merge_cells("C3:D3")
    ws.merge_cells("H3:I3")
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_college_book_with_two_row_header_no_year_and_historical_awards(unit_a, officer_a):
    commune = UnitFactory(name="Xã Tân Hưng", code="xa-tan-hung", parent=unit_a, kind="locality")
    lan = PersonFactory(full_name="Nguyễn Thị Lan", birth_date=None, unit=unit_a)
    data = college_book([
        (1, "Bà Nguyễn Thị Lan", None, None, None, "Sở Giáo dục và Đào tạo", "LĐTT", "12/QĐ-SGDĐT",
         dt.datetime(2019, 12, 20)),
        (2, "Ông Trần Văn Hải", "1950", None, "'034123456", "UBND xã Tân Hưng",
         "Huân chương Kháng chiến chống Mỹ hạng Nhì", "15/QĐ-CTN", "30/04/1985"),
        (3, "Trần Văn Hải", None, None, None, "Ủy ban nhân dân xã Tân Hưng", "Giấy khen của Chủ tịch UBND huyện",
         "20/QĐ-UBND", None),
    ])
    batch = make_batch(unit_a, officer_a, data)
    ImportBatch.objects.filter(pk=batch.pk).update(year=2010)
    batch.refresh_from_db()
    batch = importer.stage(batch)
    assert batch.status == ImportBatch.Status.REVIEW, (batch.message, list(importer.error_rows(batch)))
    rows = list(ImportRow.objects.filter(batch=batch).order_by("row_number"))
    assert [r.row_number for r in rows] == [6, 7, 8]  # title, two header rows, the (1)…(9) row skipped
    assert rows[0].status == "matched" and rows[0].person_id == lan.pk  # name + unit, no birth date
    assert rows[0].year == 2019  # from the decision date
    assert rows[1].full_name == "Trần Văn Hải" and rows[1].citizen_id == "034123456"  # CMND, apostrophe dropped
    assert rows[1].unit == commune and rows[1].award_type.code == "HC_KHANG_CHIEN_2" and rows[1].year == 1985
    assert rows[2].award_type.code == "GIAY_KHEN_HUYEN" and rows[2].year == 2010  # the batch's year
    assert importer.commit(batch, user=officer_a) == 3
    assert Award.objects.filter(award_type__code="HC_KHANG_CHIEN_2", person__full_name="Trần Văn Hải").exists()


def test_same_name_without_birth_date_waits_for_a_choice(unit_a, officer_a):
    first = PersonFactory(full_name="Lê Văn Nam", birth_date=dt.date(1980, 1, 1), unit=unit_a)
    PersonFactory(full_name="Lê Văn Nam", birth_date=dt.date(1990, 1, 1), unit=unit_a)
    data = college_book([(1, "Lê Văn Nam", None, None, None, "Sở Giáo dục và Đào tạo", "Lao động tiên tiến",
                          "1/QĐ", "01/12/2020")])
    batch = importer.stage(make_batch(unit_a, officer_a, data))
    row = ImportRow.objects.get(batch=batch)
    assert row.status == "ambiguous" and len(row.candidate_ids) == 2
    importer.resolve(row, first.pk)
    assert importer.commit(batch, user=officer_a) == 1


def test_no_year_anywhere_is_a_row_error(unit_a, officer_a):
    data = college_book([(1, "Lê Văn Tư", None, None, None, "Sở Giáo dục và Đào tạo", "LĐTT", "1/QĐ", None)])
    batch = importer.stage(make_batch(unit_a, officer_a, data))
    assert batch.status == ImportBatch.Status.INVALID
    assert [r[1] for r in importer.error_rows(batch)] == ["Năm"]
