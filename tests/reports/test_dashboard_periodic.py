"""Leader dashboard and the periodic (6-month / annual) report: numbers on a small fixture, deadlines in working
days, scoping, XLSX, bounded queries."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.assets import off_site_assets
from tests.factories import UserFactory
from tests.reports.conftest import YEAR
from thidua.core.roles import Role
from thidua.dossiers.models import Dossier, DossierEvent
from thidua.movements.models import Movement, Registration
from thidua.orgs.models import Period
from thidua.reports import selectors as sel

pytestmark = pytest.mark.django_db


def at(day: dt.date):
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=timezone.get_current_timezone())


def dossier(unit, state, *, year=YEAR, due_on=None, steps=()):
    d = Dossier.objects.create(unit=unit, title=f"Đề nghị khen thưởng {state}", year=year, state=state, due_on=due_on)
    previous = "draft"
    for to_state, day in steps:
        DossierEvent.objects.create(dossier=d, action=to_state, from_state=previous, to_state=to_state, at=at(day))
        previous = to_state
    return d


@pytest.fixture
def work(province, unit_a, unit_b, awards):
    """Dossiers: A's received on time then appraised late; B's returned late; one of A's overdue now."""
    dossier(unit_a, "appraised", steps=[("submitted", dt.date(2025, 3, 3)), ("received", dt.date(2025, 3, 6)),
                                        ("appraised", dt.date(2025, 5, 20))])
    dossier(unit_b, "returned", steps=[("submitted", dt.date(2025, 3, 3)), ("returned", dt.date(2025, 3, 20))])
    dossier(unit_a, "received", due_on=dt.date(2025, 1, 10), steps=[("submitted", dt.date(2024, 12, 20)),
                                                                   ("received", dt.date(2024, 12, 23))])
    period = Period.year(YEAR)
    Movement.objects.create(name="Thi đua chào mừng Đại hội", period=period, lead_unit=province,
                            start=dt.date(2025, 2, 1), end=dt.date(2025, 12, 31), status="launched",
                            launch_doc_date=dt.date(2025, 2, 10), kind="thematic")
    Movement.objects.create(name="Phong trào đang chuẩn bị", period=period, lead_unit=province,
                            start=dt.date(2025, 3, 1), end=dt.date(2025, 12, 31), status="draft")
    Registration.objects.create(unit=unit_a, period=period, targets="Tập thể lao động xuất sắc", status="submitted")
    Registration.objects.create(unit=unit_a, person=awards["w1"], period=period, targets="Chiến sĩ thi đua cơ sở")
    Registration.objects.create(unit=unit_b, period=period, targets="Tập thể lao động tiên tiến", status="accepted")


def test_dashboard_numbers(staff, work):
    board = sel.dashboard(staff, YEAR, today=dt.date(2025, 6, 1))
    assert board.awards.total.total == 8
    assert board.awards.total.revoked == 1
    assert board.dossiers_total == 3
    assert board.dossiers_overdue == 1
    assert dict((s, n) for s, _l, n in board.dossier_states if n) == {"appraised": 1, "returned": 1, "received": 1}
    assert (board.registrations["total"], board.registrations["collective"], board.registrations["individual"],
            board.registrations["units"]) == (3, 2, 1, 2)
    assert board.plan is None and board.tasks["total"] == 0
    assert {y: c.total for y, c in board.awards_by_year.items()}[YEAR - 1] == 1


def test_dashboard_unit_officer_scope(officer_a, work):
    board = sel.dashboard(officer_a, YEAR, today=dt.date(2025, 6, 1))
    assert board.awards.total.total == 6
    assert board.dossiers_total == 2
    assert board.registrations["total"] == 2


def test_dashboard_page_has_tables_beside_charts(staff_client, work):
    r = staff_client.get(reverse("reports:dashboard"), {"nam": YEAR})
    assert r.status_code == 200
    html = r.content.decode()
    for chart, table in (("chart-levels", "table-levels"), ("chart-trend", "table-trend"),
                         ("chart-dossiers", "table-dossiers")):
        assert f'id="{chart}"' in html and f'id="{table}"' in html
    assert "chartjs-4.6.1/chart.umd.min.js" in html and off_site_assets(html) == []


def test_leader_sees_the_province(work, province):
    leader = UserFactory(username="lanhdao", role=Role.LEADER, unit=province)
    board = sel.dashboard(leader, YEAR)
    assert board.awards.total.total == 8


def test_periodic_half_year(staff, work):
    report = sel.periodic_report(staff, YEAR, sel.HALF, today=dt.date(2025, 7, 15))
    assert (report.date_from, report.date_to) == (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert [m.name for m in report.movements] == ["Thi đua chào mừng Đại hội"]
    receive, appraise, send = report.steps
    # Received 3 working days after submission (≤ 5): on time; returned on 20/3 (> 5 working days): late.
    assert (receive.done, receive.on_time) == (2, 1)
    # Appraised 20/5, more than 20 working days after 6/3: late.
    assert (appraise.done, appraise.on_time) == (1, 0)
    assert (send.done, send.on_time) == (0, 0)
    assert report.on_time.rate == pytest.approx(1 / 3)
    assert (report.dossiers_received, report.dossiers_returned) == (1, 1)
    assert report.open_overdue == 1
    # Awards without a decision date cannot be placed in a half-year.
    assert report.awards_total.total == 0


def test_periodic_annual_counts_awards_and_excludes_revoked(staff, work):
    report = sel.periodic_report(staff, YEAR, sel.FULL, today=dt.date(2026, 1, 15))
    assert report.awards_total.total == 8
    assert report.awards_total.revoked == 1
    levels = {lv: c.total for lv, _l, c in report.awards_by_level}
    assert sum(levels.values()) == 8


def test_periodic_unit_officer_never_counts_other_units(officer_b, work):
    report = sel.periodic_report(officer_b, YEAR, sel.HALF, today=dt.date(2025, 7, 15))
    receive, appraise, _send = report.steps
    assert (receive.done, appraise.done) == (1, 0)  # only B's returned dossier
    assert report.movements == []  # B launched nothing
    assert report.registrations["total"] == 1


def test_periodic_xlsx(staff_client, work):
    r = staff_client.get(reverse("reports:periodic"), {"nam": YEAR, "ky": "6thang", "xuat": "xlsx"})
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content), read_only=True)
    assert wb.sheetnames == ["Tổng hợp", "Khen thưởng", "Phong trào"]
    rows = list(wb["Tổng hợp"].iter_rows(values_only=True))
    assert rows[0][0].startswith("Báo cáo sơ kết")
    assert list(rows[2]) == ["Mục", "Chỉ tiêu", "Số liệu"]
    values = {row[1]: row[2] for row in rows[3:]}
    assert values["Phong trào thi đua được phát động"] == 1
    assert values["Hồ sơ tiếp nhận"] == 1
    movements = list(wb["Phong trào"].iter_rows(min_row=2, values_only=True))
    assert [m[1] for m in movements] == ["Thi đua chào mừng Đại hội"]


def test_periodic_page_bad_input(staff_client, work):
    r = staff_client.get(reverse("reports:periodic"), {"nam": "x", "ky": "quy"})
    assert r.status_code == 200
    assert r.context["kind"] == sel.FULL


def _count(client, url, params):
    client.get(url, params)  # warm-up: the session's once-a-minute activity write is not the page's cost
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_queries_bounded(staff_client, work, unit_a):
    params = {"nam": YEAR}
    dash = _count(staff_client, reverse("reports:dashboard"), params)
    periodic = _count(staff_client, reverse("reports:periodic"), {**params, "ky": "6thang"})
    for _ in range(10):
        dossier(unit_a, "received", steps=[("submitted", dt.date(2025, 4, 1)), ("received", dt.date(2025, 4, 2))])
    assert _count(staff_client, reverse("reports:dashboard"), params) == dash
    assert _count(staff_client, reverse("reports:periodic"), {**params, "ky": "6thang"}) == periodic


def test_periodic_docx(staff_client, work):
    from docx import Document

    r = staff_client.get(reverse("reports:periodic"), {"nam": YEAR, "ky": "6thang", "xuat": "docx"})
    assert r.status_code == 200
    assert r["Content-Disposition"].endswith('.docx"')
    doc = Document(io.BytesIO(r.content))
    assert doc.paragraphs[0].text.startswith("BÁO CÁO SƠ KẾT")
    cells = {row.cells[0].text: row.cells[1].text for table in doc.tables for row in table.rows}
    assert cells["Phong trào thi đua được phát động"] == "1"
    assert cells["Hồ sơ tiếp nhận"] == "1"
    assert cells["Hồ sơ trả lại để bổ sung"] == "1"
