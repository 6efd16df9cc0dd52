"""Thường trực Hội đồng keeps the council's member list on a page: add, edit, a member leaving; one chair at a time;
members and other council roles read the list; unit officers do not see it. Changes apply to the next session."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from thidua.core.models import AuditEntry
from thidua.core.roles import Role
from thidua.dossiers import services
from thidua.dossiers.models import CouncilMember

pytestmark = pytest.mark.django_db


def test_secretary_adds_a_member_with_a_login(client, council, secretary, unit_b):
    client.force_login(secretary)
    user = UserFactory(username="uyvien_moi", role=Role.COUNCIL_MEMBER, unit=unit_b, first_name="Hoa",
                       last_name="Phạm Thị")
    url = reverse("dossiers:council_members", args=[council.pk])
    response = client.post(url, {"full_name": "", "position": "Phó Giám đốc", "unit": unit_b.pk,
                                 "role": CouncilMember.Role.MEMBER, "user": user.pk})
    assert response.status_code == 302
    member = CouncilMember.objects.get(council=council, user=user)
    assert member.full_name == "Phạm Thị Hoa"  # taken from the account when left blank
    assert AuditEntry.objects.filter(model="dossiers.CouncilMember", object_id=str(member.pk)).exists()
    page = client.get(url).content.decode()
    assert "Phạm Thị Hoa" in page and "Phó Giám đốc" in page


def test_clear_messages_for_bad_input(client, council, secretary, province):
    client.force_login(secretary)
    url = reverse("dossiers:council_members", args=[council.pk])
    response = client.post(url, {"full_name": "", "unit": province.pk, "role": CouncilMember.Role.MEMBER})
    assert response.status_code == 200
    assert "Nhập họ và tên thành viên" in response.content.decode()
    # a second chair while the first is active
    response = client.post(url, {"full_name": "Lê Văn Chủ", "unit": province.pk, "role": CouncilMember.Role.CHAIR})
    assert "Hội đồng đã có Chủ tịch: Ủy viên 0" in response.content.decode()
    # the same login twice
    response = client.post(url, {"full_name": "Trùng", "unit": province.pk, "role": CouncilMember.Role.MEMBER,
                                 "user": secretary.pk})
    assert "Tài khoản này đã là thành viên của Hội đồng" in response.content.decode()
    assert council.members.count() == 10


def test_a_member_leaves_and_the_next_session_counts_without_them(client, council, secretary):
    client.force_login(secretary)
    leaving = council.members.get(full_name="Ủy viên 5")
    before = services.create_session(secretary, council, title="Phiên 1", held_on=dt.date(2025, 1, 10))
    response = client.post(reverse("dossiers:council_member_toggle", args=[leaving.pk]))
    assert response.status_code == 302
    leaving.refresh_from_db()
    assert not leaving.active
    after = services.create_session(secretary, council, title="Phiên 2", held_on=dt.date(2025, 2, 10))
    assert before.attendance.filter(member=leaving).exists()  # past sessions keep their list
    assert not after.attendance.filter(member=leaving).exists()
    assert after.attendance.count() == 9
    # still listed, as a former member
    assert "Đã thôi" in client.get(reverse("dossiers:council_members", args=[council.pk])).content.decode()


def test_chair_cannot_be_restored_while_another_chair_serves(client, council, secretary, province):
    client.force_login(secretary)
    chair = council.members.get(role=CouncilMember.Role.CHAIR)
    client.post(reverse("dossiers:council_member_toggle", args=[chair.pk]))
    url = reverse("dossiers:council_members", args=[council.pk])
    client.post(url, {"full_name": "Nguyễn Văn Mới", "unit": province.pk, "role": CouncilMember.Role.CHAIR})
    assert council.members.filter(active=True, role=CouncilMember.Role.CHAIR).count() == 1
    response = client.post(reverse("dossiers:council_member_toggle", args=[chair.pk]), follow=True)
    assert "Hội đồng đã có Chủ tịch đang làm nhiệm vụ" in response.content.decode()
    chair.refresh_from_db()
    assert not chair.active


def test_secretary_edits_a_member(client, council, secretary, unit_a):
    client.force_login(secretary)
    member = council.members.get(full_name="Ủy viên 3")
    response = client.post(reverse("dossiers:council_member_edit", args=[member.pk]), {
        "full_name": "Ủy viên 3", "position": "Giám đốc Sở", "unit": unit_a.pk,
        "role": CouncilMember.Role.VICE_CHAIR, "user": member.user_id})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.position, member.unit_id, member.role) == ("Giám đốc Sở", unit_a.pk, CouncilMember.Role.VICE_CHAIR)


def test_members_read_the_list_but_cannot_change_it(client, council):
    member_user = council.members.get(full_name="Ủy viên 4").user
    client.force_login(member_user)
    url = reverse("dossiers:council_members", args=[council.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Ủy viên 4" in page.content.decode()
    assert "Thêm thành viên" not in page.content.decode()
    assert client.post(url, {"full_name": "X"}).status_code == 403
    target = council.members.get(full_name="Ủy viên 5")
    assert client.get(reverse("dossiers:council_member_edit", args=[target.pk])).status_code == 403
    client.post(reverse("dossiers:council_member_toggle", args=[target.pk]))
    target.refresh_from_db()
    assert target.active


def test_unit_officers_do_not_see_the_council(client, council, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("dossiers:council_members", args=[council.pk])).status_code == 403
