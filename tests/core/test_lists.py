"""Every list page, one implementation (core.lists, core/_pager.html): a total ("1–50 của 12.345"), navigation past
"Trang sau" (the last page, page numbers when the total is exact and small), sortable columns, the filters kept in
the URL through sorting and paging, and the export of what is shown (same filters, same order, masked)."""

import io
import random
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import login
from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.awards.models import Award, AwardType
from thidua.core import pagination
from thidua.core.audit import record
from thidua.core.models import AuditEntry
from thidua.core.pagination import LAST, keyset_page
from thidua.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards(unit_a):
    rng = random.Random(11)
    kind = AwardType.objects.get(code="GIAY_KHEN")
    people = [PersonFactory(unit=unit_a) for _ in range(9)]
    Award.objects.bulk_create([
        Award(award_type=kind, person=people[i % 9], unit=unit_a, recipient_kind="individual",
              year=rng.choice([2021, 2022, 2023]), sort_key=people[i % 9].sort_key, search_text="x")
        for i in range(53)])
    return list(Award.objects.order_by("-year", "sort_key", "id").values_list("id", flat=True))


# --- the pager: last page and page numbers, keyset-friendly ---------------------------------------------------


@pytest.mark.parametrize("size", [5, 10, 53, 60])
def test_last_page_lines_up_with_the_pages_and_walks_back(awards, size):
    order = ["-year", "sort_key", "id"]
    last = keyset_page(Award.objects.all(), order, LAST, size=size, count=True)
    expected_len = len(awards) - (-(-len(awards) // size) - 1) * size
    assert [r.pk for r in last.rows] == awards[-expected_len:]
    assert last.start == len(awards) - expected_len + 1 and not last.has_next and last.last_url is None
    seen, page = [r.pk for r in last.rows], last
    while page.has_prev:  # backwards from the end: every row once, in order
        page = keyset_page(Award.objects.all(), order, page.prev_cursor, size=size, count=True)
        seen = [r.pk for r in page.rows] + seen
    assert seen == awards and page.start == 1


def test_page_numbers_only_for_small_exact_totals(awards, monkeypatch):
    order = ["-year", "sort_key", "id"]
    page = keyset_page(Award.objects.all(), order, None, size=10, count=True, number=3)
    assert [r.pk for r in page.rows] == awards[20:30] and page.start == 21 and page.number == 3
    assert page.summary == "21–30 của 53"
    links = page.page_links
    assert [link[0] if link else None for link in links] == [1, 2, 3, 4, 5, 6]
    assert [link[0] for link in links if link and link[2]] == [3]
    # the cursors of a numbered page continue by keyset
    after = keyset_page(Award.objects.all(), order, page.next_cursor, size=10, count=True)
    assert [r.pk for r in after.rows] == awards[30:40] and after.start == 31
    beyond = keyset_page(Award.objects.all(), order, None, size=10, count=True, number=99)
    assert [r.pk for r in beyond.rows] == awards[50:] and beyond.is_last  # a number past the end: the last page
    monkeypatch.setattr(pagination, "COUNT_CAP", 20)
    big = keyset_page(Award.objects.all(), order, None, size=10, count=True, number=3)
    assert big.start == 1 and big.page_links == []  # above the cap: no OFFSET, the first page


def test_pager_links_keep_filters_and_sort(client_a, awards, unit_a):
    html = client_a.get(reverse("awards:register"), {"nam": "", "sap_xep": "ten", "doi_tuong": "individual"}) \
        .content.decode()
    summary = re.search(r"data-pager-summary>([^<]+)<", html).group(1)
    assert summary == "1–50 của 53"
    last = re.search(r'href="([^"]+)" data-pager-last', html).group(1).replace("&amp;", "&")
    assert "sap_xep=ten" in last and "doi_tuong=individual" in last and "sau=cuoi" in last
    html = client_a.get(reverse("awards:register") + last).content.decode()
    assert re.search(r"data-pager-summary>([^<]+)<", html).group(1) == "51–53 của 53"
    numbers = re.findall(r'<a class="page-link" href="([^"]+)"', html)
    assert numbers and all("sap_xep=ten" in u and "doi_tuong=individual" in u for u in numbers)


@pytest.mark.parametrize("junk", ["trang=abc", "trang=99999999999", "trang=-1", "sau=cuoi&trang=2", "sau=xyz"])
def test_bad_page_parameters_are_the_first_or_last_page(client_a, awards, junk):
    response = client_a.get(reverse("awards:register") + "?" + junk)
    assert response.status_code == 200 and b"data-pager-summary" in response.content


# --- every list: a total, the shared pager, sort links that keep the filters ----------------------------------

LISTS = [
    ("orgs:person_list", {"q": "a"}, "ten"),
    ("awards:register", {"huy": "khong"}, "nam"),
    ("dossiers:list", {"nam": "2025"}, "ma"),
    ("dossiers:decisions", {"nam": "2025"}, "ngay"),
    ("dossiers:overdue", {}, "han"),
    ("dossiers:council", {}, "ngay"),
    ("audit_log", {"action": "export"}, "nguoi"),
    ("job_list", {}, None),
    ("notifications:inbox", {}, None),
    ("oversight:petition_list", {"loai": "complaint"}, "so"),
    ("oversight:inspection_list", {"trang_thai": "planned"}, "bat_dau"),
    ("oversight:finding_list", {"loai": "other"}, "han"),
    ("movements:movement_list", {"q": "x"}, "bat_dau"),
    ("movements:registration_list", {"q": "x"}, "don_vi"),
    ("movements:pact_list", {}, None),
    ("movements:rubric_list", {}, None),
    ("outreach:exemplar_list", {"q": "x"}, "nam"),
    ("outreach:coverage_list", {"q": "x"}, "ngay"),
    ("outreach:legal_list", {"q": "x"}, "ngay"),
    ("outreach:training_list", {"q": "x"}, "bat_dau"),
    ("outreach:congress_list", {"q": "x"}, "bat_dau"),
    ("plans:overdue", {}, "han"),
    ("plans:reports", {}, None),
    ("plans:plan_list", {}, None),
    ("reporting:request_list", {}, "han"),
    ("awards:import_list", {}, None),
    ("documents:index", {}, None),
]


@pytest.mark.parametrize("name,filters,sort", LISTS, ids=[n for n, _f, _s in LISTS])
def test_every_list_has_the_shared_pager_and_sort_links_keep_filters(staff_client, name, filters, sort):
    url = reverse(name)
    response = staff_client.get(url, filters)
    assert response.status_code == 200, name
    page = response.context["page"]
    assert page.total is not None, f"{name}: no total"
    html = response.content.decode()
    assert "data-pager-summary" in html or not page.rows, name
    if sort:
        links = re.findall(r'<a class="sort-link" href="([^"]+)"', html)
        assert links, f"{name}: no sortable column"
        for link in links:
            query = link.replace("&amp;", "&")
            assert all(f"{k}={v}" in query for k, v in filters.items()), (name, query)
        response = staff_client.get(url, {**filters, "sap_xep": "-" + sort})
        assert response.status_code == 200 and response.context["sorting"].value == "-" + sort, name
        html = response.content.decode()
        assert 'aria-sort="descending"' in html, name
    for junk in ({"sau": LAST}, {"trang": "2"}, {"sap_xep": "khong-co"}):
        assert staff_client.get(url, {**filters, **junk}).status_code == 200, (name, junk)


def test_capped_lists_now_page_past_their_old_cap(staff_client, unit_a):
    """The report requests' list cut at 200 without saying so; now it pages, with its total."""
    import datetime as dt

    from thidua.reporting.models import ReportRequest

    ReportRequest.objects.bulk_create([
        ReportRequest(kind="thematic", title=f"Báo cáo {i}", year=2025, period_start=dt.date(2025, 1, 1),
                      period_end=dt.date(2025, 6, 30), due_on=dt.date(2025, 7, 1) + dt.timedelta(days=i))
        for i in range(55)])
    html = staff_client.get(reverse("reporting:request_list")).content.decode()
    assert "1–50 của 55" in html and "data-pager-next" in html


# --- the audit log: sortable by time, actor and action; filtered; exported as shown ---------------------------


@pytest.fixture
def entries(province, unit_a, staff):
    people = {name: UserFactory(username=name.lower().replace(" ", ""), role=Role.PROVINCE_STAFF, unit=province,
                                first_name=name) for name in ("Bảo", "An", "Cúc")}
    for i, (name, user) in enumerate(sorted(people.items())):
        for j in range(3):
            record(None, "export" if j % 2 else "update", user=user, note=f"{name} {j}", unit_id=unit_a.pk,
                   changes={"citizen_id": ["001234567890", "001234567891"]} if j == 0 else {"x": [i, j]})
    return people


def _names(html):
    return re.findall(r'<tr><td class="text-nowrap">[^<]+</td><td>([^<]+)</td>', html)


def test_audit_log_sorts_by_actor_and_action_keeping_filters(staff_client, entries):
    url = reverse("audit_log")
    actors = _names(staff_client.get(url, {"sap_xep": "nguoi", "model": ""}).content.decode())
    assert actors == sorted(actors) and len(set(actors)) >= 3
    html = staff_client.get(url, {"action": "update", "sap_xep": "-nguoi"}).content.decode()
    assert _names(html) == sorted(_names(html), reverse=True)
    assert "Đang lọc: Thao tác: Cập nhật" in html
    assert 'name="sap_xep" value="-nguoi"' in html  # the filter form keeps the order
    by_action = staff_client.get(url, {"sap_xep": "thao_tac"}).context["page"].rows
    assert [e.action for e in by_action] == sorted(e.action for e in by_action)


def test_audit_export_is_the_list_as_shown_and_masked(client, entries, officer_a, staff):
    c = login(client, staff)
    response = c.get(reverse("audit_export"), {"action": "update", "sap_xep": "nguoi"})
    assert response["Content-Disposition"].startswith('attachment; filename="nhat-ky-thao-tac-')
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("STT", "Thời điểm", "Người thực hiện", "Thao tác")
    body = rows[1:]
    assert body and all(r[3] == "Cập nhật" for r in body)
    assert [r[2] for r in body] == sorted(r[2] for r in body)
    text = "\n".join(str(r[7]) for r in body)
    assert "001234567890" not in text and "citizen_id" in text  # masked unless revealed (and recorded)
    assert AuditEntry.objects.filter(action="export", actor=staff, note="Xuất nhật ký thao tác ra Excel").exists()
    revealed = c.get(reverse("audit_export"), {"action": "update", "hien_du_lieu": "1"})
    text = "\n".join(str(r[7]) for r in load_workbook(io.BytesIO(revealed.content)).active.iter_rows(values_only=True))
    assert "001234567890" in text
    assert AuditEntry.objects.filter(action="view_personal", actor=staff).exists()
    # a unit officer: only their unit's entries, and never unmasked
    c = login(client, officer_a)
    mine = c.get(reverse("audit_export"), {"hien_du_lieu": "1"})
    text = "\n".join(str(r) for r in load_workbook(io.BytesIO(mine.content)).active.iter_rows(values_only=True))
    assert "001234567890" not in text


def test_audit_page_links_export_with_its_filters(staff_client, entries):
    html = staff_client.get(reverse("audit_log"), {"action": "update", "sap_xep": "nguoi"}).content.decode()
    link = re.search(r'href="([^"]+)" data-export', html).group(1).replace("&amp;", "&")
    assert link.startswith(reverse("audit_export")) and "action=update" in link and "sap_xep=nguoi" in link


# --- petitions: sortable columns; the older order values still work ------------------------------------------


def test_petition_columns_sort_and_older_order_values_still_work(staff_client):
    url = reverse("oversight:petition_list")
    html = staff_client.get(url, {"loai": "complaint"}).content.decode()
    # newest first by default; the header link keeps the filter
    assert 'aria-sort="descending"><a class="sort-link" href="?loai=complaint&amp;sap_xep=ngay"' in html
    assert staff_client.get(url, {"sap_xep": "cu-nhat"}).context["sorting"].order == ["received_on", "id"]
    assert staff_client.get(url, {"sap_xep": "moi-nhat"}).context["sorting"].order == ["-received_on", "-id"]
    assert staff_client.get(url, {"sap_xep": "-so"}).context["sorting"].order == ["-number", "-id"]
    assert staff_client.get(url, {"sap_xep": "nguoi-gui"}).context["sorting"].order == ["sort_key", "id"]


def test_petition_sender_sort_only_for_who_sees_senders(client_a):
    response = client_a.get(reverse("oversight:petition_list"), {"sap_xep": "nguoi-gui"})
    assert response.context["sorting"].order == ["-received_on", "-id"]
    assert "nguoi-gui" not in response.context["sorting"].columns


# --- multi-choice pickers ---------------------------------------------------------------------------------------


def test_report_request_recipients_are_a_multi_picker(staff_client, unit_a, unit_b):
    html = staff_client.get(reverse("reporting:request_create")).content.decode()
    assert not re.search(r'<select[^>]*name="units"', html)
    assert 'data-picker-multiple data-picker-name="units"' in html
    assert "dang_hoat_dong=1" in html  # the picker offers active units only, like the field
    assert 'for="id_units"' in html and 'id="id_units"' in html  # the label names the search box


def test_multi_picker_keeps_the_choices_when_the_form_comes_back(staff_client, unit_a, unit_b):
    response = staff_client.post(reverse("reporting:request_create"), {
        "kind": "thematic", "title": "", "year": 2025, "units": [unit_a.pk, unit_b.pk]})
    html = response.content.decode()
    assert response.status_code == 400  # the title is missing: the form comes back
    for unit in (unit_a, unit_b):
        assert f'<input type="hidden" name="units" value="{unit.pk}">' in html
        assert f"<span>{unit.name}</span>" in html
        assert f'aria-label="Bỏ chọn {unit.name}"' in html


def test_multi_picker_refuses_units_outside_the_fields_choices(client, province, unit_a):
    from thidua.outreach.forms import InvitationForm

    gone = UnitFactory(name="Đơn vị không có", parent=province)
    form = InvitationForm(data={"units": [str(unit_a.pk), "abc"], "seats": 2})
    assert not form.is_valid() and "units" in form.errors
    form = InvitationForm(data={"units": [str(unit_a.pk), str(gone.pk)], "seats": 2})
    assert form.is_valid() and set(form.cleaned_data["units"]) == {unit_a, gone}


def test_unit_picker_endpoint_keeps_to_active_units(staff_client, province, unit_a):
    import datetime as dt

    UnitFactory(name="Sở Giáo dục cũ", parent=province, active_to=dt.date(2020, 1, 1))
    url = reverse("orgs:unit_choices")
    everything = [r["text"] for r in staff_client.get(url, {"q": "giao duc"}).json()["results"]]
    active = [r["text"] for r in staff_client.get(url, {"q": "giao duc", "dang_hoat_dong": "1"}).json()["results"]]
    assert "Sở Giáo dục cũ" in everything and "Sở Giáo dục cũ" not in active and unit_a.name in active


# --- the shared export ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,first_header", [("dossiers:decisions_export", "Số, ký hiệu"),
                                               ("oversight:inspection_export", "Đơn vị được kiểm tra"),
                                               ("audit_export", "Thời điểm")])
def test_exports_are_recorded_with_their_filters(staff_client, staff, name, first_header):
    response = staff_client.get(reverse(name), {"nam": "2025", "sap_xep": "khong-co"})
    if name == "audit_export":
        response = staff_client.get(reverse(name), {"model": "x"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert header[:2] == ("STT", first_header)
    entry = AuditEntry.objects.filter(action="export", actor=staff).order_by("-id").first()
    assert entry is not None and entry.changes["filters"] and entry.changes["rows"] == 0


def test_bad_filter_on_an_export_goes_back_to_the_list_with_the_message(staff_client):
    response = staff_client.get(reverse("oversight:inspection_export"), {"nam": "abc"}, follow=True)
    assert response.redirect_chain and "Năm không hợp lệ." in response.content.decode()


def test_export_is_cut_at_its_limit_and_says_so(entries):
    from thidua.core.lists import Column, export_rows

    content, n = export_rows(AuditEntry.objects.order_by("id"), [Column("Ghi chú", lambda e: e.note)], title="x",
                             limit=4)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert n == 4 and [r[0] for r in rows[1:5]] == [1, 2, 3, 4]
    assert "Chỉ xuất 4 dòng đầu" in rows[5][1]
