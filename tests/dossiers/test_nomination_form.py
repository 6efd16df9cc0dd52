"""The nomination form (issue #13): one kind chooser, people and units chosen with the searchable picker over the
dossier's unit tree (validation still scoped), award types grouped by level and marked with the kinds they are for
(the page narrows them), no "---------"."""

import re

import pytest

from tests.dossiers.conftest import ready_dossier
from tests.factories import PersonFactory, UnitFactory
from thidua.awards.models import AwardType


@pytest.fixture
def dossier(officer_a, person_a, ldtt):
    return ready_dossier(officer_a, person_a, ldtt)


def test_form_renders_one_kind_chooser_and_pickers(dossier, client_a, unit_a):
    html = client_a.get(f"/ho-so/{dossier.pk}/de-nghi/them/").content.decode()
    assert "---------" not in html
    # one chooser: two radio buttons of one group, the person and unit boxes shown by it
    assert len(re.findall(r'type="radio"[^>]*name="kind"', html)) == 2
    assert 'data-show-if="kind=individual"' in html and 'data-show-if="kind=collective"' in html
    # pickers against the scoped endpoints, narrowed to the dossier's unit tree; no <select> of people
    assert f'data-picker-url="/to-chuc/ca-nhan/chon/?don_vi={unit_a.pk}&amp;dang_lam=1"' in html
    assert f'data-picker-url="/to-chuc/don-vi/chon/?goc={unit_a.pk}"' in html
    assert '<select name="person"' not in html and '<select name="nominee_unit"' not in html
    assert '<label class="form-label required" for="id_award_type">' in html
    assert 'for="id_person"' in html and 'id="id_person"' in html  # the label names the search box


def test_award_types_grouped_by_level_and_marked_by_kind(dossier, client_a, ldtt):
    html = client_a.get(f"/ho-so/{dossier.pk}/de-nghi/them/").content.decode()
    assert 'data-filter-field="kind"' in html
    assert f'<optgroup label="{AwardType.Level.LOCAL.label}">' in html
    collective_only = AwardType.objects.conferrable().filter(subject_kinds=["collective"]).first()
    assert re.search(rf'<option value="{ldtt.pk}" data-kinds="individual"', html)
    if collective_only:
        assert re.search(rf'<option value="{collective_only.pk}" data-kinds="collective"', html)
    not_conferrable = AwardType.objects.filter(conferrable=False).first()
    if not_conferrable:
        assert f'<option value="{not_conferrable.pk}"' not in html


def test_chosen_person_shown_by_name_when_editing(dossier, client_a, person_a):
    nomination = dossier.nominations.get()
    html = client_a.get(f"/ho-so/{dossier.pk}/de-nghi/{nomination.pk}/").content.decode()
    assert f'name="person" value="{person_a.pk}" data-picker-value' in html
    assert f'value="{person_a.full_name} — ' in html


def test_person_outside_the_dossier_unit_refused(dossier, client_a, unit_b, cstd_co_so):
    stranger = PersonFactory(full_name="Người ngoài", unit=unit_b)
    response = client_a.post(
        f"/ho-so/{dossier.pk}/de-nghi/them/",
        {
            "kind": "individual",
            "person": stranger.pk,
            "award_type": cstd_co_so.pk,
            "achievement_summary": "x",
        },
    )
    assert response.status_code == 200
    assert not dossier.nominations.filter(person=stranger).exists()
    assert "invalid-feedback" in response.content.decode()


def test_collective_chosen_with_unit_picker_saves(dossier, client_a, unit_a):
    team = UnitFactory(name="Phòng Giáo dục Tiểu học", code="so-a-gdth", parent=unit_a)
    award = next(t for t in AwardType.objects.conferrable() if "collective" in (t.subject_kinds or []))
    response = client_a.post(
        f"/ho-so/{dossier.pk}/de-nghi/them/",
        {
            "kind": "collective",
            "nominee_unit": team.pk,
            "award_type": award.pk,
            "achievement_summary": "Tập thể hòan thành xuất sắc",
            "justification": "Giải trình",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert dossier.nominations.filter(nominee_unit=team, person=None).exists()


def test_pickers_search_only_the_dossier_tree(client_a, unit_a, unit_b, person_a):
    PersonFactory(full_name="Nguyễn Văn Nghỉ", unit=unit_a, active=False)
    results = client_a.get(f"/to-chuc/ca-nhan/chon/?q=nguyen&don_vi={unit_a.pk}&dang_lam=1").json()["results"]
    assert [r["text"] for r in results] == [person_a.full_name]
    UnitFactory(name="Phòng Khảo thí", code="so-a-kt", parent=unit_a)
    texts = [r["text"] for r in client_a.get(f"/to-chuc/don-vi/chon/?goc={unit_a.pk}").json()["results"]]
    assert "Phòng Khảo thí" in texts and unit_b.name not in texts
    assert client_a.get(f"/to-chuc/don-vi/chon/?goc={unit_b.pk}").json()["results"] == []
