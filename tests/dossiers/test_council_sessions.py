"""Council sessions a secretary can run (issue 8 item 5): the tally waits for every present, non-recused member
or their paper ballots; the secretary is warned before closing with votes missing; the ballot pages link the
dossier and the achievement report; the chair comes first; the minutes end with the secretary's and the chair's
signature blocks; a dossier whose nominations all fail closes as "không khen thưởng" with a notice to the unit;
recusal covers the parent and child units and declared relatives."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import BALLOT_PASSPHRASE
from tests.dossiers.conftest import add_nomination, members, pdf_upload, ready_dossier
from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.core.roles import Role
from thidua.dossiers import services
from thidua.dossiers.models import (
    Ballot,
    BallotParticipation,
    CouncilMember,
    DeclaredRelative,
    Dossier,
    DossierEvent,
    DossierState,
    Nomination,
    Recusal,
)
from thidua.dossiers.services import WorkflowError


def _to_council(dossier):
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.COUNCIL)
    Nomination.objects.filter(dossier=dossier).update(appraisal="accepted")
    return list(dossier.nominations.select_related("dossier").order_by("id"))


def _open(secretary, council, nominations, present=None, written=()):
    session = services.create_session(secretary, council, title="Phiên họp", held_on=dt.date(2025, 12, 1))
    everyone = members(council)
    services.set_attendance(secretary, session, [m.pk for m in (present if present is not None else everyone)],
                            written_ids=[m.pk for m in written])
    ballots = services.add_to_agenda(secretary, session, nominations)
    services.open_session(secretary, session, BALLOT_PASSPHRASE, BALLOT_PASSPHRASE)
    return session, [services.open_ballot(secretary, b) for b in ballots]


@pytest.fixture
def one_ballot(officer_a, secretary, council, person_a, cstd_co_so):
    [nomination] = _to_council(ready_dossier(officer_a, person_a, cstd_co_so))
    return _open(secretary, council, [nomination])


# --- the tally rule and paper ballots -------------------------------------------------------------------------


def test_tally_waits_for_every_present_member(one_ballot, secretary, council):
    session, [ballot] = one_ballot
    everyone = members(council)
    for m in everyone[:7]:
        services.cast_vote(m.user, ballot, "yes")
    with pytest.raises(WorkflowError, match="còn 3 thành viên có mặt chưa bỏ phiếu") as exc:
        services.close_ballot(secretary, ballot, BALLOT_PASSPHRASE)
    for m in everyone[7:]:
        assert m.full_name in exc.value.message
    assert Ballot.objects.get(pk=ballot.pk).state == "open"
    for m in everyone[7:]:
        services.cast_vote(m.user, ballot, "no")
    ballot = services.close_ballot(secretary, ballot, BALLOT_PASSPHRASE)
    assert (ballot.votes_yes, ballot.votes_no, ballot.passed) == (7, 3, False)  # 7/10 < 80%


def test_absent_and_recused_members_do_not_hold_the_tally(officer_a, secretary, council, unit_a, cstd_co_so):
    everyone = members(council)
    CouncilMember.objects.filter(pk=everyone[4].pk).update(unit=unit_a)  # same unit as the nominee: recuses
    person = PersonFactory(unit=unit_a)
    [nomination] = _to_council(ready_dossier(officer_a, person, cstd_co_so))
    session, [ballot] = _open(secretary, council, [nomination], present=everyone[:9])  # everyone[9] absent
    voters = [m for m in everyone[:9] if m != everyone[4]]
    for m in voters:
        services.cast_vote(m.user, ballot, "yes")
    ballot = services.close_ballot(secretary, ballot, BALLOT_PASSPHRASE)
    assert (ballot.votes_yes, ballot.members_total, ballot.passed) == (8, 10, True)  # 8/10 = 80%


def test_paper_ballots_count_the_rest_without_identity(one_ballot, secretary, council):
    session, [ballot] = one_ballot
    everyone = members(council)
    for m in everyone[:6]:
        services.cast_vote(m.user, ballot, "yes")
    for bad in ({"yes": 3, "no": 0}, {"yes": 4, "no": 1}, {"yes": -1, "no": 5}, {"yes": "hai", "no": 2}):
        with pytest.raises(WorkflowError):
            services.record_paper_ballots(secretary, ballot, **bad)  # must be exactly the 4 missing members
    assert services.record_paper_ballots(secretary, ballot, yes=2, no=2) == 4
    with pytest.raises(WorkflowError, match="không còn phiếu giấy"):
        services.record_paper_ballots(secretary, ballot, yes=1, no=0)
    with pytest.raises(WorkflowError, match="đã bỏ phiếu"):
        services.cast_vote(everyone[7].user, ballot, "yes")  # counted on paper already
    paper = BallotParticipation.objects.filter(ballot=ballot, channel="paper")
    assert set(paper.values_list("member_id", flat=True)) == {m.pk for m in everyone[6:]}
    ballot = services.close_ballot(secretary, ballot, BALLOT_PASSPHRASE)
    assert (ballot.votes_yes, ballot.votes_no, ballot.passed) == (8, 2, True)
    services.close_session(secretary, session)
    row = services.minutes(session)["ballots"][0]
    assert (row["paper_votes"], row["written_votes"], row["votes_cast"]) == (4, 0, 10)


def test_only_the_secretary_records_paper_ballots(one_ballot, council):
    from django.core.exceptions import PermissionDenied

    _session, [ballot] = one_ballot
    with pytest.raises(PermissionDenied):
        services.record_paper_ballots(members(council)[1].user, ballot, yes=10, no=0)


def test_the_tally_needs_the_secretarys_passphrase(one_ballot, secretary, council):
    _session, [ballot] = one_ballot
    services.record_paper_ballots(secretary, ballot, yes=10, no=0)
    for wrong in ("", "mat-khau-khac-hoan-toan"):
        with pytest.raises(WorkflowError, match="Sai mật khẩu"):
            services.close_ballot(secretary, ballot, wrong)
    assert Ballot.objects.get(pk=ballot.pk).state == "open" and ballot.slots.filter(filled=True).count() == 10
    assert services.close_ballot(secretary, ballot, BALLOT_PASSPHRASE).votes_yes == 10
    assert not ballot.slots.exists()


def test_opening_needs_a_passphrase_typed_twice(secretary, council):
    session = services.create_session(secretary, council, title="Phiên họp", held_on=dt.date(2025, 12, 1))
    services.set_attendance(secretary, session, [m.pk for m in members(council)])
    with pytest.raises(WorkflowError, match="ít nhất 10 ký tự"):
        services.open_session(secretary, session, "ngan")
    with pytest.raises(WorkflowError, match="không khớp"):
        services.open_session(secretary, session, BALLOT_PASSPHRASE, BALLOT_PASSPHRASE + "x")
    services.open_session(secretary, session, BALLOT_PASSPHRASE, BALLOT_PASSPHRASE)
    key = session.ballot_key
    assert BALLOT_PASSPHRASE.encode() not in bytes(key.sealed_private_key) + bytes(key.salt)


def test_closing_the_session_warns_about_nominations_never_voted(officer_a, secretary, council, person_a, cstd_co_so,
                                                                  unit_a):
    dossier = ready_dossier(officer_a, person_a, cstd_co_so)
    add_nomination(officer_a, dossier, PersonFactory(unit=unit_a, full_name="Trần Văn Bình"), cstd_co_so)
    first, second = _to_council(dossier)
    session = services.create_session(secretary, council, title="Phiên họp", held_on=dt.date(2025, 12, 1))
    services.set_attendance(secretary, session, [m.pk for m in members(council)])
    ballot, _pending = services.add_to_agenda(secretary, session, [first, second])
    services.open_session(secretary, session, BALLOT_PASSPHRASE)
    services.open_ballot(secretary, ballot)
    with pytest.raises(WorkflowError, match="phiếu đang mở"):
        services.close_session(secretary, session)
    services.record_paper_ballots(secretary, ballot, yes=10, no=0)
    services.close_ballot(secretary, ballot, BALLOT_PASSPHRASE)
    with pytest.raises(WorkflowError, match="Còn 1 đề nghị chưa bỏ phiếu \\(Trần Văn Bình\\)"):
        services.close_session(secretary, session)
    services.close_session(secretary, session, confirm_missing=True)
    session.refresh_from_db()
    assert session.state == "closed" and bytes(session.ballot_key.sealed_private_key) == b""  # key wiped


def test_session_page_warns_and_offers_paper_ballots(one_ballot, secretary, council):
    session, [ballot] = one_ballot
    for m in members(council)[:8]:
        services.cast_vote(m.user, ballot, "yes")
    client = Client()
    client.force_login(secretary)
    html = client.get(f"/ho-so/phien-hop/{session.pk}/").content.decode()
    assert "Còn 2 thành viên có mặt chưa bỏ phiếu" in html
    assert "Ủy viên 7" in html and "Ủy viên 8" in html
    assert 'name="paper_yes"' in html and 'value="close_ballot" disabled' in html
    response = client.post(f"/ho-so/phien-hop/{session.pk}/", {"op": "close_ballot", "ballot": ballot.pk,
                                                                "passphrase": BALLOT_PASSPHRASE}, follow=True)
    assert "chưa bỏ phiếu" in response.content.decode() and Ballot.objects.get(pk=ballot.pk).state == "open"
    client.post(f"/ho-so/phien-hop/{session.pk}/", {"op": "paper", "ballot": ballot.pk, "paper_yes": 1, "paper_no": 1})
    response = client.post(f"/ho-so/phien-hop/{session.pk}/", {"op": "close_ballot", "ballot": ballot.pk,
                                                                "passphrase": BALLOT_PASSPHRASE}, follow=True)
    assert "Đã kiểm phiếu: 9/10 đồng ý" in response.content.decode()
    html = client.get(f"/ho-so/phien-hop/{session.pk}/").content.decode()
    assert "thành viên có mặt chưa bỏ phiếu" not in html


def test_ballot_pages_link_the_dossier_and_the_achievement_report(one_ballot, council, secretary):
    session, [ballot] = one_ballot
    dossier = ballot.nomination.dossier
    report = dossier.attachments.get(kind="bao_cao")
    for user in (members(council)[1].user, secretary):
        client = Client()
        client.force_login(user)
        for url in (f"/ho-so/phien-hop/{session.pk}/bo-phieu/", f"/ho-so/phien-hop/{session.pk}/"):
            html = client.get(url).content.decode()
            assert f'href="/ho-so/{dossier.pk}/"' in html, url
            assert f'href="/ho-so/tai-lieu/{report.pk}/tai-ve/"' in html, url
            assert "Hòan thành xuất sắc nhiệm vụ" in html, url  # the achievement summary itself
        assert client.get(f"/ho-so/{dossier.pk}/").status_code == 200
        assert client.get(f"/ho-so/tai-lieu/{report.pk}/tai-ve/").status_code == 200


# --- when every nomination fails ----------------------------------------------------------------------------


def test_dossier_whose_nominations_all_fail_closes_as_not_awarded(officer_a, secretary, council, person_a, unit_a,
                                                                  cstd_co_so, staff, django_capture_on_commit_callbacks):
    officer_a.email = "tdkt@donvi-a.vn"
    officer_a.save()
    dossier = ready_dossier(officer_a, person_a, cstd_co_so)
    add_nomination(officer_a, dossier, PersonFactory(unit=unit_a, full_name="Trần Văn Bình"), cstd_co_so)
    session, ballots = _open(secretary, council, _to_council(dossier))
    services.record_paper_ballots(secretary, ballots[0], yes=7, no=3)  # 70% < 80%
    services.record_paper_ballots(secretary, ballots[1], yes=2, no=8)
    services.close_ballot(secretary, ballots[0], BALLOT_PASSPHRASE)
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.COUNCIL  # one ballot still to count
    with django_capture_on_commit_callbacks(execute=True):
        services.close_ballot(secretary, ballots[1], BALLOT_PASSPHRASE)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.NOT_AWARDED and dossier.is_final
    event = DossierEvent.objects.get(dossier=dossier, action="council_not_awarded")
    assert event.to_state == DossierState.NOT_AWARDED and "không đề nghị nào đạt tỷ lệ phiếu" in event.reason
    assert "Nguyễn Thị Lan" in dossier.last_reason and "Trần Văn Bình" in dossier.last_reason
    assert [m.to for m in mail.outbox] == [["tdkt@donvi-a.vn"]] and "không khen thưởng" in mail.outbox[0].body
    # It never goes to signature.
    with pytest.raises(WorkflowError):
        services.transition(dossier, "submit_for_decision", staff)
    client = Client()
    client.force_login(officer_a)
    html = client.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "không đạt tỷ lệ phiếu Hội đồng" in html  # the state
    assert "Thông báo kết quả bỏ phiếu của Hội đồng:" in html and "Trần Văn Bình — Chiến sĩ thi đua cơ sở" in html


def test_one_nomination_passing_sends_the_dossier_to_signature(officer_a, secretary, council, person_a, unit_a,
                                                               cstd_co_so, staff):
    dossier = ready_dossier(officer_a, person_a, cstd_co_so)
    add_nomination(officer_a, dossier, PersonFactory(unit=unit_a), cstd_co_so)
    _session, ballots = _open(secretary, council, _to_council(dossier))
    services.record_paper_ballots(secretary, ballots[0], yes=8, no=2)
    services.record_paper_ballots(secretary, ballots[1], yes=1, no=9)
    for b in ballots:
        services.close_ballot(secretary, b, BALLOT_PASSPHRASE)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.COUNCIL
    services.transition(dossier, "submit_for_decision", staff)
    assert dossier.state == DossierState.FOR_DECISION


def test_the_not_awarded_step_is_the_services_and_only_when_all_failed(officer_a, staff, person_a, cstd_co_so):
    dossier = ready_dossier(officer_a, person_a, cstd_co_so)
    _to_council(dossier)
    dossier.refresh_from_db()
    with pytest.raises(WorkflowError):
        services.transition(dossier, "council_not_awarded", staff, reason="x")  # not from a page
    with pytest.raises(WorkflowError, match="đều không đạt"):
        services.transition(dossier, "council_not_awarded", staff, reason="x", _from_service=True)


# --- recusal ------------------------------------------------------------------------------------------------


def test_recusal_covers_parent_and_child_units_and_declared_relatives(officer_a, secretary, council, province,
                                                                      cstd_co_so):
    department = UnitFactory(parent=province, name="Sở Giáo dục và Đào tạo")
    school = UnitFactory(parent=department, name="Trường THPT Văn Lâm")
    everyone = members(council)
    in_department, in_school, relative_of, in_province = everyone[2], everyone[3], everyone[4], everyone[0]
    CouncilMember.objects.filter(pk=in_department.pk).update(unit=department)
    CouncilMember.objects.filter(pk=in_school.pk).update(unit=school)
    CouncilMember.objects.filter(pk=in_province.pk).update(unit=province)  # the chair sits at the UBND tỉnh
    teacher = PersonFactory(unit=school, full_name="Phạm Thị Hoa")
    official = PersonFactory(unit=department, full_name="Lê Văn Cường")
    DeclaredRelative.objects.create(member=relative_of, person=teacher, relation="spouse")
    dossier = services.create_dossier(UserFactory(role=Role.UNIT_OFFICER, unit=department), unit=department,
                                      title="Đề nghị", kind="cong_trang", year=2025)
    officer = UserFactory(role=Role.UNIT_OFFICER, unit=department)
    for person in (teacher, official):
        add_nomination(officer, dossier, person, cstd_co_so)
    services.add_attachment(officer, dossier, pdf_upload(), "to_trinh")
    on_teacher, on_official = sorted(_to_council(dossier), key=lambda n: n.person_id != teacher.pk)
    _session, [b_teacher, b_official] = _open(secretary, council, [on_teacher, on_official])

    reasons = dict(Recusal.objects.filter(ballot=b_teacher).values_list("member_id", "reason"))
    assert set(reasons) == {in_department.pk, in_school.pk, relative_of.pk}
    assert reasons[in_department.pk] == "Công tác tại đơn vị cấp trên trực tiếp của đơn vị được đề nghị"
    assert reasons[in_school.pk] == "Cùng đơn vị với đối tượng được đề nghị"
    assert reasons[relative_of.pk] == "Là vợ, chồng của người được đề nghị (đã kê khai)"
    reasons = dict(Recusal.objects.filter(ballot=b_official).values_list("member_id", "reason"))
    assert set(reasons) == {in_department.pk, in_school.pk}
    assert reasons[in_school.pk] == "Công tác tại đơn vị trực thuộc đơn vị được đề nghị"
    # The province at the top of the tree is no conflict: the chair votes on every agency's nominations.
    assert in_province.pk not in reasons
    with pytest.raises(WorkflowError, match="xung đột lợi ích"):
        services.cast_vote(relative_of.user, b_teacher, "yes")
    services.cast_vote(relative_of.user, b_official, "yes")


# --- the chair first, signatures ------------------------------------------------------------------------------


def test_chair_first_and_minutes_end_with_the_two_signature_blocks(one_ballot, secretary, council, staff):
    from tests.documents.docx_helpers import cell_lines, open_docx
    from thidua.documents import rendering
    from thidua.documents.services import minutes_document

    session, [ballot] = one_ballot
    everyone = members(council)
    chair = everyone[1]
    assert chair.role == CouncilMember.Role.CHAIR
    # the chair's name sorts last, and the chair was not created first: still first in every list
    CouncilMember.objects.filter(pk=chair.pk).update(full_name="Vũ Văn Xuân", sort_key="zzz")
    services.record_paper_ballots(secretary, ballot, yes=10, no=0)
    services.close_ballot(secretary, ballot, BALLOT_PASSPHRASE)
    services.close_session(secretary, session, "Thống nhất đề nghị.")
    m = services.minutes(session)
    assert m["present"][0].member_id == chair.pk and m["chair"].pk == chair.pk
    assert m["secretary_name"] == "Đỗ Minh Tuấn"  # the secretary's name as a member of the council

    client = Client()
    client.force_login(secretary)
    html = client.get(f"/ho-so/phien-hop/{session.pk}/").content.decode()
    assert html.index("Vũ Văn Xuân") < html.index("Ủy viên 2")
    html = client.get(f"/ho-so/phien-hop/{session.pk}/bien-ban/").content.decode()
    present = html.split("Có mặt")[1]
    assert present.index("Vũ Văn Xuân") < present.index("Ủy viên 2")
    tail = html[html.index("signatures"):]
    assert tail.index("Thư ký") < tail.index("Đỗ Minh Tuấn") < tail.index("Chủ tọa") < tail.index("Vũ Văn Xuân")
    overview = client.get("/ho-so/hoi-dong/").content.decode()
    assert overview.index("Vũ Văn Xuân") < overview.index("Ủy viên 2")

    doc = minutes_document(session)
    assert doc.attendance[1].startswith("Thành viên có mặt: Vũ Văn Xuân")
    d = open_docx(rendering.minutes_docx(doc))
    signatures = d.tables[-1]
    assert cell_lines(signatures.cell(0, 0)) == ["THƯ KÝ", "Đỗ Minh Tuấn"]
    assert cell_lines(signatures.cell(0, 1)) == ["CHỦ TỌA", "Vũ Văn Xuân"]


def test_secretary_declares_a_members_relative_from_the_members_page(secretary, council, unit_a, officer_a):
    member = members(council)[5]
    person = PersonFactory(unit=unit_a, full_name="Hòang Thị Mai")
    client = Client()
    client.force_login(secretary)
    url = f"/ho-so/hoi-dong/thanh-vien/{member.pk}/nguoi-than/"
    assert url in client.get(f"/ho-so/hoi-dong/{council.pk}/thanh-vien/").content.decode()
    html = client.get(url, {"q": "hoang thi mai"}).content.decode()
    assert f'value="{person.pk}"' in html
    client.post(url, {"person": person.pk, "relation": "sibling"})
    relative = DeclaredRelative.objects.get(member=member)
    assert (relative.person, relative.relation) == (person, "sibling")
    assert "Anh, chị, em ruột" in client.get(url).content.decode()
    for bad in ({"person": "abc", "relation": "sibling"}, {"person": "99999999999999999999", "relation": "x"}):
        assert client.post(url, bad).status_code == 404
    client.post(url, {"op": "remove", "relative": relative.pk})
    assert not DeclaredRelative.objects.exists()
    outsider = Client()
    outsider.force_login(officer_a)
    assert outsider.get(url).status_code == 403
    member_client = Client()
    member_client.force_login(members(council)[1].user)
    assert member_client.post(url, {"person": person.pk, "relation": "spouse"}).status_code == 403
