import datetime as dt

import pytest
from django.db import connection

from tests.awards.books import book, generated_rows, make_batch
from tests.factories import PersonFactory, UnitFactory
from thidua.awards import award_stats, importer
from thidua.awards.models import Award, ImportBatch, ImportRow
from thidua.core.text import person_sort_key
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_good_file_matches_people_and_commits(unit_a, officer_a, settings_media):
    hoa = PersonFactory(unit=unit_a, full_name="Nguyễn Thị Hoa", birth_date=dt.date(1985, 3, 12))
    data = book([
        ["Nguyễn Thị Hoa", "12/03/1985", "Sở Giáo dục và Đào tạo", "Lao động tiên tiến", 2023, "12/QĐ-SGDĐT"],
        ["NGUYỄN THỊ HOA", dt.date(1985, 3, 12), "so giao duc va dao tao", "CSTĐ cơ sở", "Năm học 2023-2024", "20/QĐ-SGDĐT"],
        ["Trần Văn Nam", "1990-07-01", "Sở Giáo dục và Đào tạo", "Giấy khen", 2024, "3/QĐ-SGDĐT"],
        ["Trần Văn Nam", "01/07/1990", "Sở Giáo dục và Đào tạo", "Lao động tiên tiến", 2024, "4/QĐ-SGDĐT"],
        ["", "", "Sở Giáo dục và Đào tạo", "Tập thể lao động xuất sắc", 2024, "5/QĐ-UBND"],
    ], title_rows=["SỔ THEO DÕI KHEN THƯỞNG", ""])
    batch = importer.stage(make_batch(unit_a, officer_a, data))
    assert batch.status == ImportBatch.Status.REVIEW, batch.message
    assert batch.total_rows == 5 and batch.error_count == 0
    statuses = list(ImportRow.objects.filter(batch=batch).values_list("status", flat=True))
    assert statuses == ["matched", "matched", "new", "new", "collective"]
    created = importer.commit(batch, user=officer_a)
    assert created == 5
    assert Award.objects.filter(person=hoa).count() == 2
    assert Award.objects.get(person=hoa, award_type__code="CSTD_CO_SO").year == 2024  # school year counts in its end year
    nam = Person.objects.get(full_name="Trần Văn Nam")  # one new person for two rows
    assert nam.unit == unit_a and nam.awards.count() == 2
    team = Award.objects.get(award_type__code="TTLDXS")
    assert team.recipient_kind == "collective" and team.unit == unit_a and team.person is None
    # importing the same file again stages every row as already present
    again = importer.stage(make_batch(unit_a, officer_a, data))
    assert set(ImportRow.objects.filter(batch=again).values_list("status", flat=True)) == {"duplicate"}


def test_bad_rows_block_the_whole_file_with_a_row_report(unit_a, officer_a, settings_media):
    data = book([
        ["Lê Văn An", "31/02/1980", "Sở Giáo dục và Đào tạo", "Lao động tiên tiến", 2023, "1/QĐ"],
        ["Lê Văn Bình", "01/01/1980", "Sở Không Tồn Tại", "Lao động tiên tiến", 2023, "1/QĐ"],
        ["Lê Văn Cường", "01/01/1980", "Sở Giáo dục và Đào tạo", "Huy chương Mặt Trăng", "hai nghìn", "1/QĐ"],
        ["Lê Văn Dũng", "01/01/1981", "Sở Giáo dục và Đào tạo", "Lao động tiên tiến", 2023, "2/QĐ"],
        ["", "", "Sở Giáo dục và Đào tạo", "Lao động tiên tiến", 2023, "2/QĐ"],
    ])
    batch = importer.stage(make_batch(unit_a, officer_a, data))
    assert batch.status == ImportBatch.Status.INVALID
    assert batch.error_count == 4
    report = list(importer.error_rows(batch))
    by_row = {}
    for row_number, column, _message, *_ in report:
        by_row.setdefault(row_number, []).append(column)
    assert by_row == {2: ["Ngày sinh"], 3: ["Đơn vị"], 4: ["Năm", "Danh hiệu/Hình thức"], 6: ["Họ và tên"]}
    assert importer.error_report(batch)[:2] == b"PK"
    with pytest.raises(importer.CommitRefused):
        importer.commit(batch, user=officer_a)
    assert Award.objects.count() == 0 and not Person.objects.filter(full_name="Lê Văn Dũng").exists()


def test_ambiguous_person_waits_for_review(unit_a, unit_b, officer_a, staff, settings_media):
    other = PersonFactory(unit=unit_b, full_name="Phạm Thu Hà", birth_date=dt.date(1979, 9, 9))
    data = book([["Phạm Thu Hà", "09/09/1979", "Sở Giáo dục và Đào tạo", "Lao động tiên tiến", 2022, "7/QĐ"]])
    batch = importer.stage(make_batch(unit_a.parent, staff, data))
    row = ImportRow.objects.get(batch=batch)
    assert row.status == "ambiguous" and row.candidate_ids == [other.pk]
    with pytest.raises(importer.CommitRefused):
        importer.commit(batch, user=staff)
    importer.resolve(row, other.pk)
    importer.commit(batch, user=staff)
    award = Award.objects.get()
    assert award.person == other and award.unit == unit_a


def test_ambiguous_row_can_become_a_new_person(unit_a, unit_b, staff, settings_media):
    PersonFactory(unit=unit_b, full_name="Phạm Thu Hà", birth_date=dt.date(1979, 9, 9))
    data = book([["Phạm Thu Hà", "09/09/1979", "Sở Giáo dục và Đào tạo", "Lao động tiên tiến", 2022, "7/QĐ"]])
    batch = importer.stage(make_batch(unit_a.parent, staff, data))
    importer.resolve(ImportRow.objects.get(batch=batch), None)
    importer.commit(batch, user=staff)
    assert Person.objects.filter(full_name="Phạm Thu Hà").count() == 2


def test_unit_outside_importer_scope_is_an_error(unit_a, unit_b, officer_a, settings_media):
    data = book([["Vũ Văn Long", "01/01/1980", "Sở Y tế", "Lao động tiên tiến", 2023, "1/QĐ"]])
    batch = importer.stage(make_batch(unit_a, officer_a, data))
    assert batch.status == ImportBatch.Status.INVALID


def test_file_without_header_is_refused(unit_a, officer_a, settings_media):
    batch = importer.stage(make_batch(unit_a, officer_a, importer.write_book([["a", "b"]], ["x", "y"])))
    assert batch.status == ImportBatch.Status.INVALID and "tiêu đề" in batch.message
    batch = importer.stage(make_batch(unit_a, officer_a, b"not a spreadsheet"))
    assert batch.status == ImportBatch.Status.INVALID


def test_few_thousand_rows_streamed_and_committed(province, settings_media, staff, monkeypatch):
    units = [UnitFactory(parent=province, name=f"Trường THCS số {i}", code=f"thcs-{i}") for i in range(5)]
    monkeypatch.setattr(importer, "CHUNK", 700)  # staged (checked, matched, written) in several chunks
    rows = list(generated_rows(3000, [u.name for u in units]))
    rows[1234][4] = "hai nghìn"  # one bad row: the whole file is refused
    batch = importer.stage(make_batch(province, staff, book(rows)))
    assert batch.status == ImportBatch.Status.INVALID and batch.error_count == 1
    assert [r[0] for r in importer.error_rows(batch)] == [1236]  # header is row 1
    rows[1234][4] = 2020
    batch = importer.stage(make_batch(province, staff, book(rows)))
    assert batch.status == ImportBatch.Status.REVIEW and batch.total_rows == 3000
    assert importer.commit(batch, user=staff) == 3000
    assert Person.objects.count() == 750
    # the set-wise commit leaves the per-person summary and the award statistics exact, and their triggers in place
    from tests.awards.test_person_facts import assert_exact as facts_exact
    from tests.reports.test_award_stats_summary import stored as stats_stored

    facts_exact()
    with connection.cursor() as cursor:
        cursor.execute(award_stats.select_sql(connection.vendor))
        assert stats_stored() == {tuple(r[:4]): tuple(r[4:]) for r in cursor.fetchall()}
    person = Person.objects.get(full_name="Nguyễn Thị An")
    assert person.gender == "female" and person.search_text == "nguyen thi an"
    mine = Award.objects.filter(person=person).order_by("year")
    assert mine.count() == 4 and all(a.search_text.startswith("nguyen thi an ") for a in mine)
    assert {a.sort_key for a in mine} == {person_sort_key("Nguyễn Thị An")}
    more = PersonFactory(unit=units[0])
    Award.objects.create(award_type=mine[0].award_type, person=more, unit=more.unit, recipient_kind="individual",
                         year=2024)
    facts_exact()
    with connection.cursor() as cursor:
        cursor.execute(award_stats.select_sql(connection.vendor))
        assert stats_stored() == {tuple(r[:4]): tuple(r[4:]) for r in cursor.fetchall()}


def test_command_imports_a_file_and_commits_a_claimed_batch(unit_a, officer_a, settings_media, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "so.xlsx"
    path.write_bytes(book([["Hòang Văn Long", "02/02/1982", "Sở Giáo dục và Đào tạo", "LĐTT", 2021, "3/QĐ"]]))
    out = StringIO()
    call_command("import_awards", str(path), unit=unit_a.code, user=officer_a.username, commit=True, stdout=out)
    assert "Đã nhập 1 khen thưởng" in out.getvalue()
    # the page's background path: claim the reviewed batch, then the worker commits it
    batch = importer.stage(make_batch(unit_a, officer_a, book(
        [["Hòang Văn Minh", "03/03/1983", "Sở Giáo dục và Đào tạo", "Giấy khen", 2022, "4/QĐ"]])))
    assert importer.start_commit(batch) and not importer.start_commit(batch)
    call_command("import_awards", batch=batch.pk, commit=True, stdout=StringIO())
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED and Award.objects.count() == 2
