"""Who decides what: the table of conferring authorities (seeded from the law, kept by the administrator) routes a
dossier to its authority on the day; the decision follows it (who may sign, the issuer and its register)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.awards.models import AwardType
from thidua.core.roles import Role
from thidua.dossiers import services
from thidua.dossiers.authorities import dossier_route, issuance, route
from thidua.dossiers.models import ConferringAuthority, Dossier, Nomination
from thidua.dossiers.services import WorkflowError

pytestmark = pytest.mark.django_db

BEFORE, AFTER = dt.date(2025, 6, 30), dt.date(2025, 7, 1)


def _type(code):
    return AwardType.objects.get(code=code)


@pytest.fixture
def commune(province):
    return UnitFactory(name="Xã Tân Hưng", code="xa-tan-hung", kind="locality", parent=province)


@pytest.mark.parametrize(("code", "unit", "day", "expected"), [
    ("BK_TINH", "agency", AFTER, "province_chair"),
    ("CSTD_TINH", "locality", AFTER, "province_chair"),
    ("CSTD_CO_SO", "agency", AFTER, "unit_head"),
    ("LDTT", "school", BEFORE, "unit_head"),
    # NĐ 129/2025 Art 59: from 01/7/2025 the commune chair decides what the district chair decided before
    ("CSTD_CO_SO", "locality", BEFORE, "district_chair"),
    ("CSTD_CO_SO", "locality", AFTER, "commune_chair"),
    ("TTLDTT", "locality", AFTER, "commune_chair"),
    ("THON_VAN_HOA", "locality", BEFORE, "district_chair"),
    ("THON_VAN_HOA", "locality", AFTER, "commune_chair"),
    ("GIA_DINH_VAN_HOA", "locality", AFTER, "commune_chair"),
    ("GIAY_KHEN_XA", "locality", AFTER, "commune_chair"),
    # State and Government awards go up as a Tờ trình to the Thủ tướng
    ("HCLD_3", "agency", AFTER, "prime_minister"),
    ("BK_TTG", "locality", AFTER, "prime_minister"),
    ("CSTD_TOAN_QUOC", "agency", AFTER, "prime_minister"),
])
def test_the_seeded_table_routes_by_award_unit_kind_and_date(code, unit, day, expected):
    unit = UnitFactory(kind=unit)
    found = route(_type(code), unit, day)
    assert found.kind == expected
    assert found.row is not None and found.row.legal_basis  # from the table, with its legal basis
    assert found.by_proposal == (expected == "prime_minister")


def test_the_administrator_changes_the_table_with_dates():
    """A provincial decision delegating LĐTT of schools to the Sở from 2027: a new row, old verdicts unchanged."""
    school = UnitFactory(kind="school")
    ConferringAuthority.objects.create(award_type=_type("LDTT"), kind="province_chair", unit_kind="school",
                                       valid_from=dt.date(2027, 1, 1), legal_basis="Quyết định của UBND tỉnh")
    assert route(_type("LDTT"), school, dt.date(2026, 12, 31)).kind == "unit_head"
    assert route(_type("LDTT"), school, dt.date(2027, 1, 1)).kind == "province_chair"
    assert route(_type("LDTT"), UnitFactory(kind="agency"), dt.date(2027, 1, 1)).kind == "unit_head"


def _for_decision(unit, *awards, nominee_unit=False):
    dossier = Dossier.objects.create(unit=unit, title="Đề nghị khen thưởng", year=2025, state="for_decision")
    for code in awards:
        kwargs = {"nominee_unit": unit} if nominee_unit else {"person": PersonFactory(unit=unit)}
        Nomination.objects.create(dossier=dossier, award_type=_type(code), appraisal="accepted",
                                  achievement_summary="Hòan thành xuất sắc nhiệm vụ", **kwargs)
    return dossier


def test_state_awards_are_proposed_not_decided(unit_a):
    leader = UserFactory(role=Role.LEADER, unit=unit_a.parent)
    dossier = _for_decision(unit_a, "HCLD_3")
    with pytest.raises(WorkflowError) as refused:
        services.decide(leader, dossier, signed_on=AFTER, signer_name="A", signer_title="Chủ tịch")
    assert "trình Thủ tướng Chính phủ bằng Tờ trình" in refused.value.message


def test_one_decision_one_authority(unit_a):
    leader = UserFactory(role=Role.LEADER, unit=unit_a.parent)
    # a State award is proposed, a Bằng khen decided: not one decision
    dossier = _for_decision(unit_a, "BK_TINH", "HCLD_3")
    route_found, problem = dossier_route(dossier, list(dossier.nominations.all()), AFTER)
    assert route_found is None and "thẩm quyền khác nhau" in problem and "hãy tách hồ sơ" in problem
    with pytest.raises(WorkflowError):
        services.decide(leader, dossier, signed_on=AFTER, signer_name="A", signer_title="Chủ tịch")
    # provincial and lower awards sent up together: the higher authority decides them in one decision
    mixed = _for_decision(unit_a, "BK_TINH", "LDTT")
    route_found, problem = dossier_route(mixed, list(mixed.nominations.all()), AFTER)
    assert route_found.kind == "province_chair" and problem is None
    assert services.decide(leader, mixed, signed_on=AFTER, signer_name="A", signer_title="Chủ tịch").number == "01/QĐ-UBND"


def test_the_commune_chair_decides_a_communes_ldtt_in_the_communes_own_register(commune, province):
    chair = UserFactory(role=Role.UNIT_LEADER, unit=commune)
    province_leader = UserFactory(role=Role.LEADER, unit=province)
    other_commune_chair = UserFactory(role=Role.UNIT_LEADER, unit=UnitFactory(kind="locality", parent=province))
    dossier = _for_decision(commune, "LDTT")
    for outsider in (province_leader, other_commune_chair):
        with pytest.raises(PermissionDenied):
            services.decide(outsider, dossier, signed_on=AFTER, signer_name="A", signer_title="Chủ tịch")
    decision = services.decide(chair, dossier, signed_on=AFTER, signer_name="Vũ Văn Hải", signer_title="Phó Chủ tịch")
    assert decision.number == "01/QĐ-UBND" and decision.authority_kind == "commune_chair"
    assert decision.issuer_unit == commune and decision.signer_capacity == "deputy"
    # the province's own register is separate: its first decision of the year is 01/QĐ-UBND too
    provincial = _for_decision(commune, "BK_TINH")
    assert services.decide(province_leader, provincial, signed_on=AFTER, signer_name="B",
                           signer_title="Chủ tịch").number == "01/QĐ-UBND"
    issued = issuance("commune_chair", unit_name=commune.name, capacity="deputy", signer_name="Vũ Văn Hải")
    assert issued.issuer_lines == ("ỦY BAN NHÂN DÂN", "XÃ TÂN HƯNG")
    assert issued.authority_line == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN HƯNG"
    assert issued.signature == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") and issued.place == "Tân Hưng"


def test_the_dossier_page_names_its_authority(unit_a, client):
    officer = UserFactory(role=Role.UNIT_OFFICER, unit=unit_a)
    dossier = _for_decision(unit_a, "BK_TINH")
    client.force_login(officer)
    html = client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert "Thẩm quyền quyết định" in html and "Chủ tịch Ủy ban nhân dân tỉnh" in html
    proposal = _for_decision(unit_a, "HCLD_3")
    html = client.get(reverse("dossiers:detail", args=[proposal.pk])).content.decode()
    assert "Trình Thủ tướng Chính phủ (Tờ trình)" in html


def test_a_state_award_goes_up_as_the_committees_proposal_to_the_prime_minister(unit_a):
    from tests.documents.docx_helpers import body_lines, cell_lines, open_docx
    from thidua.documents import rendering
    from thidua.documents.services import proposal_document

    staff = UserFactory(role=Role.PROVINCE_STAFF, unit=unit_a.parent)
    dossier = _for_decision(unit_a, "HCLD_3")
    services.record_proposal(staff, dossier, signed_on=dt.date.today())
    assert dossier.proposal_number.endswith("/TTr-UBND")
    doc = proposal_document(dossier)
    assert doc.header.issuer.lines == ("ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN") and doc.addressee == "Thủ tướng Chính phủ"
    assert (doc.signer.authority, doc.signer.position) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    d = open_docx(rendering.proposal_docx(doc))
    assert "Kính gửi: Thủ tướng Chính phủ" in " ".join(body_lines(d))
    assert cell_lines(d.tables[0].cell(0, 0)) == ["ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN"]


def test_a_unit_heads_decision_is_issued_in_the_units_own_name(unit_a):
    from tests.documents.docx_helpers import body_lines, cell_lines, open_docx
    from thidua.documents import rendering
    from thidua.documents.services import decision_document

    director = UserFactory(role=Role.UNIT_LEADER, unit=unit_a)
    dossier = _for_decision(unit_a, "LDTT")
    decision = services.decide(director, dossier, signed_on=AFTER, signer_name="Phạm Quang Huy",
                               signer_title="Phó Giám đốc")
    assert decision.number == "01/QĐ-SGDĐT"
    d = open_docx(rendering.decision_docx(decision_document(dossier)))
    assert cell_lines(d.tables[0].cell(0, 0)) == ["UBND TỈNH HƯNG YÊN", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"]
    assert cell_lines(d.tables[0].cell(1, 0)) == ["Số: 01/QĐ-SGDĐT"]
    lines = body_lines(d)
    assert "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO" in lines
    assert not any("Sở Nội vụ" in line or "Quỹ Thi đua, khen thưởng của tỉnh" in line for line in lines)
    assert cell_lines(d.tables[1].cell(0, 1)) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Quang Huy"]


def test_the_decision_page_says_whose_decision_it_is(unit_a, client):
    leader = UserFactory(role=Role.LEADER, unit=unit_a.parent)
    dossier = _for_decision(unit_a, "LDTT")
    client.force_login(leader)
    html = client.get(reverse("dossiers:decision", args=[dossier.pk])).content.decode()
    assert "Quyết định này thuộc thẩm quyền của Thủ trưởng sở, ban, ngành, cơ quan, đơn vị — Sở Giáo dục và Đào tạo" in html
    assert "Ký và cấp số quyết định" not in html
    director = UserFactory(role=Role.UNIT_LEADER, unit=unit_a)
    client.force_login(director)
    html = client.get(reverse("dossiers:decision", args=[dossier.pk])).content.decode()
    assert "Ký và cấp số quyết định" in html and "Phó Giám đốc" in html
