"""What a walk through the pages as each demo role found (issue #13): dates an officer reads as dd/mm/yyyy, file
inputs and counts in the page's language, today's units before the dissolved ones, forms that fit their card."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UnitFactory
from thidua.core import audit
from thidua.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_audit_log_shows_dates_dd_mm_yyyy_and_yes_no_not_iso_or_python(staff_client, unit_a, staff):
    audit.record(unit_a, AuditEntry.Action.UPDATE, user=staff,
                 changes={"active_to": [None, "2025-06-30"], "direct_worker": [False, True],
                          "at": ["2025-12-02T03:04:05+00:00", None],
                          "fields": [None, [{"key": "f1", "label": "Số phong trào thi đua", "required": True}]]})
    page = staff_client.get(reverse("audit_log")).content.decode()
    assert "30/06/2025" in page and "2025-06-30" not in page
    assert "02/12/2025 10:04" in page  # local time (Asia/Ho_Chi_Minh)
    assert "False" not in page and "True" not in page
    assert "Không → Có" in page
    assert "∅ → Số phong trào thi đua" in page and "{&#x27;key&#x27;" not in page
    page = english(staff_client).get(reverse("audit_log")).content.decode()
    assert "No → Yes" in page


def test_unit_page_lists_todays_units_first_and_says_until_when_the_others_were_active(staff_client, province):
    UnitFactory(name="UBND huyện Ân Thi", code="ubnd-an-thi", kind="locality", parent=province,
                active_to=dt.date(2025, 6, 30))
    UnitFactory(name="UBND xã Xuân Trúc", code="xa-xuan-truc", kind="locality", parent=province,
                active_from=dt.date(2025, 7, 1))
    page = staff_client.get(reverse("orgs:unit_detail", args=[province.pk])).content.decode()
    assert page.index("UBND xã Xuân Trúc") < page.index("UBND huyện Ân Thi")
    assert "hoạt động đến 30/06/2025" in page
    assert "active until 30/06/2025" in english(staff_client).get(
        reverse("orgs:unit_detail", args=[province.pk])).content.decode()


@pytest.mark.parametrize("page_name", ["import", "blank"])
def test_file_inputs_on_the_rewards_pages_speak_the_ui_language(staff_client, page_name):
    from thidua.rewards.models import BlankLayout

    if page_name == "blank":
        layout = BlankLayout.objects.create(name="Phôi thử")
        response = staff_client.get(reverse("rewards:blank", args=[layout.pk]))
    else:
        response = staff_client.get(reverse("rewards:import"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="input-group file-picker"' in page and "Chưa chọn tệp" in page
    assert 'class="form-control mb-2" type="file"' not in page and 'class="form-control" type="file"' not in page


def test_declared_basis_select_is_styled_like_the_other_fields(client_a, officer_a):
    from thidua.dossiers import services

    dossier = services.create_dossier(officer_a, unit=officer_a.unit, title="Đề nghị khen thưởng", kind="cong_trang",
                                      year=2026)
    page = client_a.get(reverse("dossiers:nomination_add", args=[dossier.pk])).content.decode()
    select = page[page.index('name="basis_route"') - 200:page.index('name="basis_route"') + 50]
    assert "form-select" in select


def test_quarters_of_a_task_schedule_read_in_english():
    from django.utils import translation

    from thidua.plans.models import PlanTask

    with translation.override("en"):
        assert PlanTask(schedule_text="Quý I,II").schedule_label == "Quarters I, II"
        assert PlanTask(schedule_text="Quý IV").schedule_label == "Quarter IV"
        assert PlanTask(schedule_text="Tháng 12/2025").schedule_label == "Tháng 12/2025"  # free text stays as typed
    with translation.override("vi"):
        assert PlanTask(schedule_text="Quý I,II").schedule_label == "Quý I,II"


def test_council_member_position_that_names_the_unit_does_not_repeat_it(staff_client, province):
    from thidua.dossiers.models import Council, CouncilMember

    health = UnitFactory(name="Sở Y tế", code="so-y-te", parent=province)
    council = Council.objects.create(name="Hội đồng Thi đua – Khen thưởng tỉnh", unit=province)
    CouncilMember.objects.create(council=council, full_name="Trần Thị Mai", position="Phó Giám đốc Sở Y tế",
                                 unit=health)
    page = staff_client.get(reverse("dossiers:council")).content.decode()
    assert "Phó Giám đốc Sở Y tế" in page and "Phó Giám đốc Sở Y tế, Sở Y tế" not in page


def test_demo_reads_as_today_reports_of_2025_sent_a_current_request_open_and_a_ward_officer(client):
    from django.utils import timezone

    from tests.conftest import login
    from thidua.core import demo
    from thidua.core.models import User
    from thidua.oversight.models import Petition
    from thidua.plans.models import ProgressReport
    from thidua.reporting.models import ReportRequest, ReportSubmission, SubmissionStatus

    demo.load()
    half_year = ReportRequest.objects.get(title__contains="6 tháng đầu năm 2025")
    assert not ReportSubmission.objects.filter(request=half_year).exclude(status=SubmissionStatus.SUBMITTED).exists()
    today = timezone.localdate()
    current = ReportRequest.objects.get(title=f"Báo cáo tổng kết công tác thi đua, khen thưởng năm {today.year}")
    assert current.due_on > today
    owed = ReportSubmission.objects.filter(request=current).exclude(status=SubmissionStatus.SUBMITTED)
    assert owed.filter(unit__code="so-gddt").exists() and owed.filter(unit__code="phuong-pho-hien").exists()
    # progress reports on the 2025 plan are dated in 2025, not the day the demo was loaded
    assert not ProgressReport.objects.filter(task__plan__year=2025, created_at__year__gt=2025).exists()
    # nothing after 01/7/2025 concerns a dissolved district
    assert not Petition.objects.filter(received_on__gte=dt.date(2025, 7, 1), subject_unit__active_to__isnull=False)
    ward_officer = User.objects.get(username="canbo_xa")
    assert ward_officer.unit.code == "phuong-pho-hien" and ward_officer.check_password(demo.demo_password())
    home = login(client, ward_officer).get(reverse("home")).content.decode()
    assert "15/07/2025" not in home
    # the province's leader chairs the council and signs the decision as Chủ tịch; shares read 50%, 83,33%
    from thidua.dossiers.models import CouncilSession, Decision

    assert Decision.objects.get().signer_title == "Chủ tịch"
    closed = CouncilSession.objects.get(state=CouncilSession.State.CLOSED)
    minutes = login(client, User.objects.get(username="thuongtruc")).get(
        reverse("dossiers:minutes", args=[closed.pk])).content.decode()
    assert "50%" in minutes and "50.0%" not in minutes and "83,33%" in minutes
    login(client, ward_officer)
    # the inspection plans link only the plan tasks the ward's officer may open (no link that ends in a 404)
    import re

    from thidua.oversight.models import InspectionPlan

    for url in [reverse("oversight:plan_list")] + [reverse("oversight:plan_detail", args=[p.pk])
                                                   for p in InspectionPlan.objects.all()]:
        page = client.get(url).content.decode()
        for task_url in set(re.findall(r'href="(/ke-hoach/nhiem-vu/\d+/)"', page)):
            assert client.get(task_url).status_code == 200, (url, task_url)


def test_import_page_glosses_the_vietnamese_column_headings_in_english(staff_client):
    page = english(staff_client).get(reverse("orgs:unit_import")).content.decode()
    assert "Mã đơn vị cấp trên <span class=\"text-muted\">(Parent unit code)</span>" in page
    assert "Tên đơn vị <span class=\"text-muted\">(Unit name)</span>" in page
