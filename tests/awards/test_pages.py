import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.awards.books import book
from tests.factories import PersonFactory, UnitFactory
from thidua.awards import services
from thidua.awards.models import Award, ImportBatch, Initiative, PendingProceeding, Rating, RuleParameter
from thidua.orgs.models import UnitLineage

pytestmark = pytest.mark.django_db


@pytest.fixture
def hoa(unit_a):
    return PersonFactory(unit=unit_a, full_name="Nguyễn Thị Hòa", birth_date=dt.date(1985, 3, 12))


@pytest.fixture
def binh(unit_b):
    return PersonFactory(unit=unit_b, full_name="Trần Văn Bình", birth_date=dt.date(1980, 1, 1))


def test_catalogue_lists_every_group_with_bonus_amounts(client_a, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC))
    html = client_a.get(reverse("awards:catalogue")).content.decode()
    assert "Huy chương Thanh niên xung phong vẻ vang" in html
    assert "760.000 đ" in html  # LĐTT today: 0,3 × 2.530.000 = 759.000, rounded up to 10.000 đ
    assert "Kỷ niệm chương" in html and "Giấy khen" in html


def test_register_searches_without_diacritics_and_is_scoped(client_a, hoa, binh):
    services.confer(award_type="LDTT", person=hoa, year=2024, decision_number="12/QĐ-SGDĐT")
    services.confer(award_type="LDTT", person=binh, year=2024, decision_number="7/QĐ-SYT")
    html = client_a.get(reverse("awards:register"), {"q": "nguyen thi hoa"}).content.decode()
    assert "Nguyễn Thị Hòa" in html
    html = client_a.get(reverse("awards:register")).content.decode()
    assert "Trần Văn Bình" not in html  # another unit's award


def test_register_query_count_does_not_grow_with_rows(client_a, unit_a, django_assert_max_num_queries):
    people = [PersonFactory(unit=unit_a) for _ in range(3)]
    for p in people:
        services.confer(award_type="LDTT", person=p, year=2023)
    client_a.get(reverse("awards:register"))  # warm-up: the session's once-a-minute activity write
    # 10: the pager's total ("1–50 của N") is one bounded count, the top bar's unread notifications another
    with django_assert_max_num_queries(10) as few:
        client_a.get(reverse("awards:register"))
    for _ in range(30):
        services.confer(award_type="LDTT", person=PersonFactory(unit=unit_a), year=2024)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client_a.get(reverse("awards:register"))


def test_register_keyset_pages(staff_client, unit_a):
    for i in range(60):
        services.confer(award_type="LDTT", person=PersonFactory(unit=unit_a, full_name=f"Lê Văn Người{i:02d}"), year=2024)
    first = staff_client.get(reverse("awards:register"))
    cursor = first.context["page"].next_cursor
    second = staff_client.get(reverse("awards:register"), {"sau": cursor})
    ids = {a.pk for a in first.context["page"].rows} | {a.pk for a in second.context["page"].rows}
    assert len(ids) == 60 and not second.context["page"].has_next


def test_register_export_is_scoped(client_a, hoa, binh):
    services.confer(award_type="LDTT", person=hoa, year=2024)
    services.confer(award_type="LDTT", person=binh, year=2024)
    response = client_a.get(reverse("awards:register_export"))
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert names == ["Nguyễn Thị Hòa"]


def test_other_units_records_are_404(client_a, binh, unit_b):
    award = services.confer(award_type="LDTT", person=binh, year=2024)
    assert client_a.get(reverse("awards:award_detail", args=[award.pk])).status_code == 404
    assert client_a.get(reverse("awards:person_history", args=[binh.pk])).status_code == 404
    assert client_a.get(reverse("awards:unit_history", args=[unit_b.pk])).status_code == 404
    assert client_a.get(reverse("awards:award_add", args=["ca-nhan", binh.pk])).status_code == 404
    assert client_a.post(reverse("awards:record_add", args=["ca-nhan", binh.pk, "xep-loai"]),
                         {"year": 2024, "rating": "HTXSNV"}).status_code == 404
    assert not Rating.objects.exists()


def test_person_timeline_shows_everything_by_year(client_a, hoa):
    Rating.objects.create(person=hoa, year=2024, rating="HTXSNV")
    idea = Initiative.objects.create(person=hoa, title="Số hóa sổ điểm", year=2024, scope="co_so")
    services.confer(award_type="CSTD_CO_SO", person=hoa, year=2024, initiatives=[idea], decision_number="9/QĐ-SGDĐT")
    PendingProceeding.objects.create(person=hoa, kind="complaint", opened_on=dt.date(2025, 3, 1))
    html = client_a.get(reverse("awards:person_history", args=[hoa.pk])).content.decode()
    for text in ("HTXSNV", "Chiến sĩ thi đua cơ sở", "Số hóa sổ điểm", "đã dùng cho", "Có đơn khiếu nại đang giải quyết"):
        assert text in html


def test_unit_timeline_follows_lineage(client_a, unit_a):
    old = UnitFactory(name="Sở Giáo dục và Đào tạo tỉnh Thái Bình", code="so-gd-tb")
    UnitLineage.objects.create(predecessor=old, successor=unit_a, kind="merge", effective_on=dt.date(2025, 7, 1))
    services.confer(award_type="CO_TINH", unit=old, year=2023, decision_number="141/QĐ-UBND")
    response = client_a.get(reverse("awards:unit_history", args=[unit_a.pk]))
    html = response.content.decode()
    assert "Cờ thi đua của Ủy ban nhân dân tỉnh" in html and "Thái Bình" in html
    # and the successor's officer may open the predecessor's award
    award = Award.objects.get(unit=old)
    assert client_a.get(reverse("awards:award_detail", args=[award.pk])).status_code == 200


def test_add_award_and_rating_through_forms(client_a, hoa, unit_a):
    response = client_a.post(reverse("awards:award_add", args=["ca-nhan", hoa.pk]), {
        "award_type": Award._meta.get_field("award_type").related_model.objects.get(code="LDTT").pk,
        "recipient_kind": "individual", "year": 2024, "commendation_type": "cong_trang",
        "decision_number": "15/QĐ-SGDĐT", "decision_date": "2024-12-20",
    })
    assert response.status_code == 302
    award = Award.objects.get(person=hoa)
    assert award.unit == unit_a and award.created_by is not None
    url = reverse("awards:record_add", args=["ca-nhan", hoa.pk, "xep-loai"])
    client_a.post(url, {"year": 2024, "rating": "HTTNV"})
    client_a.post(url, {"year": 2024, "rating": "HTXSNV"})  # re-rating the same year updates it
    assert list(Rating.objects.filter(person=hoa).values_list("rating", flat=True)) == ["HTXSNV"]


def test_collective_form_refuses_individual_only_title(client_a, unit_a):
    from thidua.awards.models import AwardType

    response = client_a.post(reverse("awards:award_add", args=["don-vi", unit_a.pk]), {
        "award_type": AwardType.objects.get(code="GIAY_KHEN").pk, "recipient_kind": "household", "year": 2024,
        "commendation_type": "phong_trao", "decision_number": "1/QĐ", "decision_date": "2024-05-01",
    })
    assert response.status_code == 200 and "Cần nhập tên hộ gia đình" in response.content.decode()
    assert not Award.objects.exists()


def test_revoke_keeps_history(client, staff, officer_a, hoa):
    from django.test import Client

    award = services.confer(award_type="BK_TINH", person=hoa, year=2023)
    url = reverse("awards:award_revoke", args=[award.pk])
    client.force_login(officer_a)
    assert client.get(url).status_code == 403  # a unit cannot annul the province's award
    staff_client = Client()
    staff_client.force_login(staff)
    response = staff_client.post(url, {"reason": "Kê khai không trung thực", "decision": "112/QĐ-UBND",
                                       "on": "2024-08-10"})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.revoked and award.revoked_on == dt.date(2024, 8, 10)
    html = staff_client.get(reverse("awards:person_history", args=[hoa.pk])).content.decode()
    assert "đã hủy bỏ" in html and "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in html


def test_close_proceeding(client_a, hoa):
    p = PendingProceeding.objects.create(person=hoa, kind="investigation", opened_on=dt.date(2025, 1, 5))
    client_a.post(reverse("awards:proceeding_close", args=[p.pk]), {"closed_on": "2025-06-01"})
    p.refresh_from_db()
    assert p.closed_on == dt.date(2025, 6, 1) and not p.is_open


def test_person_panel_renders_for_orgs_page(rf, officer_a, hoa):
    from django.template.loader import get_template

    services.confer(award_type="LDTT", person=hoa, year=2024)
    request = rf.get("/")
    request.user = officer_a
    html = get_template("awards/_person_panel.html").render({"person": hoa, "request": request}, request)
    assert "Lao động tiên tiến" in html and reverse("awards:person_history", args=[hoa.pk]) in html


def test_import_pages_upload_review_commit(client, staff, unit_a, unit_b, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    other = PersonFactory(unit=unit_b, full_name="Phạm Thu Hà", birth_date=dt.date(1979, 9, 9))
    client.force_login(staff)
    data = book([["Phạm Thu Hà", "09/09/1979", "Sở Giáo dục và Đào tạo", "Lao động tiên tiến", 2022, "7/QĐ"]])
    upload = io.BytesIO(data)
    upload.name = "so-khen-thuong.xlsx"
    response = client.post(reverse("awards:import_list"), {"file": upload})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.status == "review" and batch.ambiguous_count == 1
    assert "Phạm Thu Hà" in client.get(reverse("awards:import_review", args=[batch.pk])).content.decode()
    row = batch.rows.get()
    client.post(reverse("awards:import_review", args=[batch.pk]), {f"row-{row.pk}": str(other.pk)})
    client.post(reverse("awards:import_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "committed" and Award.objects.get().person == other


def test_import_pages_report_errors(client_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = io.BytesIO(book([["Lê An", "31/02/1980", "Sở Giáo dục và Đào tạo", "Lao động tiên tiến", 2023, "1/QĐ"]]))
    upload.name = "so.xlsx"
    client_a.post(reverse("awards:import_list"), {"file": upload})
    batch = ImportBatch.objects.get()
    html = client_a.get(reverse("awards:import_detail", args=[batch.pk])).content.decode()
    assert "Tệp không được nhập" in html and "31/02/1980" in html
    report = client_a.get(reverse("awards:import_errors", args=[batch.pk]))
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    assert list(ws.iter_rows(min_row=2, values_only=True))[0][:2] == (2, "Ngày sinh")
    assert client_a.post(reverse("awards:import_commit", args=[batch.pk])).status_code == 302
    assert not Award.objects.exists()


def test_import_batches_are_scoped(client_b, staff, unit_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from tests.awards.books import make_batch

    batch = make_batch(unit_a, staff, book([]))
    assert client_b.get(reverse("awards:import_detail", args=[batch.pk])).status_code == 404


def test_duplicate_people_report(client, staff, officer_a, unit_a, unit_b):
    from django.test import Client

    staff_client, client_a = Client(), Client()
    staff_client.force_login(staff)
    client_a.force_login(officer_a)
    PersonFactory(unit=unit_a, full_name="Đỗ Văn Hùng", birth_date=dt.date(1975, 4, 30))
    PersonFactory(unit=unit_b, full_name="Do Van Hung", birth_date=dt.date(1975, 4, 30))
    PersonFactory(unit=unit_a, full_name="Vũ Thị Lan", citizen_id="033012345678")
    PersonFactory(unit=unit_b, full_name="Vũ Thị Lan Anh", citizen_id="033012345678")
    PersonFactory(unit=unit_a, full_name="Người Khác", birth_date=dt.date(1975, 4, 30))
    response = staff_client.get(reverse("awards:duplicates"))
    groups = response.context["groups"]
    assert sorted(g["reason"] for g in groups) == ["citizen_id", "name_birth"]
    assert all(g["across_units"] and len(g["members"]) == 2 for g in groups)
    assert client_a.get(reverse("awards:duplicates")).context["groups"] == []  # sees only its own unit's people


def test_rule_parameters_page_for_province_staff(client, staff, officer_a):
    from django.test import Client

    url = reverse("awards:parameters")
    client.force_login(officer_a)
    assert client.get(url).status_code == 403
    staff_client = Client()
    staff_client.force_login(staff)
    response = staff_client.post(url, {"form": "param", "name": "ldtt_ratio", "value": "0.75",
                                       "effective_from": "2026-01-01", "note": "QĐ của UBND tỉnh"})
    assert response.status_code == 302
    assert RuleParameter.objects.get().value == 0.75
    response = staff_client.post(url, {"form": "param", "name": "ldtt_ratio", "value": "nhiều",
                                       "effective_from": "2026-02-01"})
    assert response.status_code == 200 and RuleParameter.objects.count() == 1
    staff_client.post(url, {"form": "salary", "amount": 2530000, "effective_from": "2026-07-01",
                            "legal_basis": "Nghị định 161/2026/NĐ-CP"})
    from thidua.awards.models import BaseSalary

    assert BaseSalary.in_force(dt.date(2026, 8, 1)).amount == 2_530_000


def test_timelines_use_a_fixed_number_of_queries(client_a, hoa, unit_a, django_assert_max_num_queries):
    def load(n, start):
        for year in range(start, start + n):
            Rating.objects.create(person=hoa, year=year, rating="HTTNV")
            Initiative.objects.create(person=hoa, title=f"Sáng kiến {year}", year=year)
            services.confer(award_type="LDTT", person=hoa, year=year)
            services.confer(award_type="TTLDTT", unit=unit_a, year=year)

    load(2, 2000)
    urls = [reverse("awards:person_history", args=[hoa.pk]), reverse("awards:unit_history", args=[unit_a.pk])]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(20) as q:
            client_a.get(url)
        counts.append(len(q.captured_queries))
    load(10, 2010)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            client_a.get(url)


def test_renamed_person_is_found_under_the_new_name(client_a, hoa):
    services.confer(award_type="LDTT", person=hoa, year=2024)
    hoa.full_name = "Nguyễn Thị Hòa Bình"
    hoa.save()
    page = client_a.get(reverse("awards:register"), {"q": "hoa binh"}).context["page"]
    assert [a.person_id for a in page.rows] == [hoa.pk]
