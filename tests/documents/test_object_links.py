"""Every object page links what belongs to it (issue #13): a dossier its documents (Tờ trình, decision, list,
certificates, items), a decision its dossier, a person the dossiers that nominate them — each link offered only to
those its page serves, and never leaking another unit's dossier."""

from django.test import Client

from tests.factories import UserFactory
from thidua.core.roles import Role


def as_user(user):
    c = Client()
    c.force_login(user)
    return c


def test_decided_dossier_links_its_documents(decided_a, staff, officer_a):
    dossier = decided_a.dossier
    html = as_user(staff).get(f"/ho-so/{dossier.pk}/").content.decode()
    for url in (
        f"/van-ban/ho-so/{dossier.pk}/",
        f"/van-ban/ho-so/{dossier.pk}/to-trinh.docx",
        f"/van-ban/ho-so/{dossier.pk}/quyet-dinh.docx",
        f"/van-ban/ho-so/{dossier.pk}/danh-sach.xlsx",
        f"/van-ban/ho-so/{dossier.pk}/bang-khen.pdf",
        f"/tien-thuong/quyet-dinh/{decided_a.pk}/hien-vat/",
    ):
        assert f'href="{url}"' in html, url
    assert f"Quyết định số {decided_a.number} (DOCX)" in html
    # the unit officer: the signed decision, its list and certificates, not the province's Tờ trình draft
    html = as_user(officer_a).get(f"/ho-so/{dossier.pk}/").content.decode()
    assert f'href="/van-ban/ho-so/{dossier.pk}/quyet-dinh.docx"' in html
    assert "to-trinh.docx" not in html and f"/quyet-dinh/{decided_a.pk}/hien-vat/" not in html
    for url in (
        f"/van-ban/ho-so/{dossier.pk}/quyet-dinh.docx",
        f"/van-ban/ho-so/{dossier.pk}/danh-sach.xlsx",
    ):
        assert as_user(officer_a).get(url).status_code == 200, url


def test_undecided_dossier_offers_no_decision_to_the_unit(dossier_a, officer_a, staff):
    html = as_user(officer_a).get(f"/ho-so/{dossier_a.pk}/").content.decode()
    assert f'href="/van-ban/ho-so/{dossier_a.pk}/"' in html
    assert "quyet-dinh.docx" not in html and "bang-khen.pdf" not in html
    html = as_user(staff).get(f"/ho-so/{dossier_a.pk}/").content.decode()
    assert "Dự thảo quyết định (DOCX)" in html and "bang-khen.pdf" not in html


def test_decision_links_its_dossier(decided_a, staff):
    dossier = decided_a.dossier
    html = as_user(staff).get(f"/ho-so/{dossier.pk}/quyet-dinh/").content.decode()
    assert f'<a href="/ho-so/{dossier.pk}/">{dossier.code} — {dossier.title}</a>' in html
    html = as_user(staff).get("/ho-so/quyet-dinh/").content.decode()
    assert f'<a href="/ho-so/{dossier.pk}/">{dossier.code}</a>' in html and "1–1 của 1" in html


def test_person_page_lists_the_dossiers_nominating_them(dossier_a, officer_a, unit_b):
    person = dossier_a.nominations.exclude(person=None).first().person
    html = as_user(officer_a).get(f"/to-chuc/ca-nhan/{person.pk}/").content.decode()
    assert 'id="person-nominations"' in html and f'href="/ho-so/{dossier_a.pk}/"' in html
    # a province-wide reader sees the person and the dossier; a unit elsewhere sees neither
    outsider = UserFactory(username="khac", role=Role.UNIT_OFFICER, unit=unit_b)
    assert as_user(outsider).get(f"/to-chuc/ca-nhan/{person.pk}/").status_code == 404


def test_person_without_dossier_says_so(officer_a, unit_a):
    from tests.factories import PersonFactory

    person = PersonFactory(unit=unit_a)
    html = as_user(officer_a).get(f"/to-chuc/ca-nhan/{person.pk}/").content.decode()
    assert "Chưa có hồ sơ nào đề nghị khen thưởng cá nhân này." in html
