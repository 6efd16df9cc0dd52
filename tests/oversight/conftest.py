"""Oversight fixtures: an inspection plan for 2025 with an inspection of unit A (started, with findings), and
petitions about people of unit A. Personas: province staff, officers of A (inspected) and B (another unit), the
province leader (read-only)."""

import datetime as dt

import pytest

from tests.factories import PersonFactory, UserFactory
from tests.media import media_root  # noqa: F401 (autouse for this folder)
from thidua.core.roles import Role
from thidua.oversight import services


@pytest.fixture
def in_oct_2025(time_machine):
    time_machine.move_to(dt.datetime(2025, 10, 15, 9, tzinfo=dt.UTC))


@pytest.fixture
def leader(province):
    return UserFactory(username="lanhdao", role=Role.LEADER, unit=province)


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


@pytest.fixture
def inspection_plan(staff):
    return services.save_inspection_plan(
        staff, None, year=2025, number="88/KH-HĐTĐKT", issued_on=dt.date(2025, 5, 12),
        title="Kế hoạch kiểm tra công tác thi đua, khen thưởng của Hội đồng TĐKT tỉnh năm 2025",
    )


@pytest.fixture
def inspection_a(staff, inspection_plan, unit_a, in_oct_2025):
    inspection = services.save_inspection(
        staff, None, plan=inspection_plan, unit=unit_a, planned_start=dt.date(2025, 9, 8),
        planned_end=dt.date(2025, 9, 10), content="Kiểm tra việc thực hiện pháp luật về thi đua, khen thưởng",
        decision_number="120/QĐ-HĐTĐKT", decision_date=dt.date(2025, 9, 1), team_head="Đỗ Minh Tuấn",
        members=[{"name": "Nguyễn Thị Hương", "title": "Chuyên viên Sở Nội vụ"}],
    )
    services.start_inspection(staff, inspection, dt.date(2025, 9, 8))
    return inspection


@pytest.fixture
def finding_a(staff, inspection_a):
    return services.save_finding(
        staff, inspection_a, None, category="over_ratio", description="Tỷ lệ Chiến sĩ thi đua cơ sở vượt 15%",
        recommendation="Rà soát, điều chỉnh quy chế thi đua", due_on=dt.date(2025, 12, 31),
    )


@pytest.fixture
def person_a(unit_a):
    return PersonFactory(full_name="Lê Văn Khiếu", unit=unit_a)


@pytest.fixture
def complaint_a(staff, unit_a, person_a, in_oct_2025):
    return services.save_petition(
        staff, None, kind="complaint", received_on=dt.date(2025, 10, 1), channel="post",
        petitioner_name="Trần Thị Bình", petitioner_address="Thôn Đông, xã Nghĩa Trụ", petitioner_phone="0912345678",
        subject_unit=unit_a, person=person_a, summary="Khiếu nại việc không bình xét Chiến sĩ thi đua cơ sở",
    )
