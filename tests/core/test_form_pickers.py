"""Every form where a person or a unit is chosen renders the searchable picker (core/widgets.PickerWidget) against
the scoped JSON endpoints, never a <select> of a whole unit tree; the field's own queryset still decides what is
valid, so a unit or person outside it is refused whatever the picker offered."""

import pytest

from tests.factories import PersonFactory
from thidua.core.widgets import PickerWidget
from thidua.dossiers.models import Council
from thidua.orgs.models import EmulationGroup

pytestmark = pytest.mark.django_db


def _forms(staff, officer_a, unit_a):
    from thidua.dossiers.forms import CouncilMemberForm
    from thidua.movements.forms import MovementForm, RegistrationForm, SignatureForm
    from thidua.orgs import forms as orgs
    from thidua.orgs.models import Unit
    from thidua.outreach import forms as outreach
    from thidua.oversight import forms as oversight
    from thidua.plans.forms import TaskForm

    group = EmulationGroup.objects.create(name="Khối các sở", kind="bloc")
    council = Council.objects.create(name="Hội đồng tỉnh", unit=unit_a.parent)
    return {
        "orgs.PersonForm": (orgs.PersonForm(user=staff), ["unit"]),
        "orgs.UnitForm": (orgs.UnitForm(user=staff), ["parent"]),
        "orgs.MergeForm": (orgs.MergeForm(user=staff, unit=unit_a), ["successor"]),
        "orgs.MemberAddForm": (orgs.MemberAddForm(group=group), ["unit"]),
        "movements.MovementForm": (MovementForm(user=staff), ["lead_unit"]),
        "movements.RegistrationForm": (RegistrationForm(user=officer_a), ["unit", "person"]),
        "movements.SignatureForm": (SignatureForm(units=Unit.objects.all()), ["unit"]),
        "oversight.InspectionForm": (oversight.InspectionForm(), ["unit"]),
        "oversight.FindingForm": (oversight.FindingForm(), ["responsible_unit"]),
        "oversight.ViolationForm": (oversight.ViolationForm(), ["person"]),
        "oversight.PetitionForm": (oversight.PetitionForm(), ["subject_unit", "person"]),
        "outreach.ExemplarForm": (
            outreach.ExemplarForm(user=officer_a),
            ["unit", "collective", "person_unit", "person"],
        ),
        "outreach.CoverageForm": (outreach.CoverageForm(user=officer_a), ["unit"]),
        "outreach.TrainingForm": (outreach.TrainingForm(user=officer_a), ["organiser"]),
        "outreach.AttendeeForm": (outreach.AttendeeForm(user=officer_a), ["unit", "person"]),
        "outreach.NominationForm": (outreach.NominationForm(user=officer_a), ["unit", "person"]),
        "outreach.DelegationForm": (outreach.DelegationForm(), ["lead_unit"]),
        "dossiers.CouncilMemberForm": (CouncilMemberForm(council=council), ["unit"]),
        "plans.TaskForm": (TaskForm(), ["lead_unit"]),
    }


def test_every_person_and_unit_field_is_a_picker(staff, officer_a, unit_a):
    for name, (form, fields) in _forms(staff, officer_a, unit_a).items():
        for field in fields:
            widget = form.fields[field].widget
            assert isinstance(widget, PickerWidget), f"{name}.{field}"
            html = str(form[field])
            assert 'data-picker-url="/to-chuc/' in html and f'name="{form.add_prefix(field)}"' in html, name
            assert f'id="{form[field].id_for_label}"' in html  # the form's label names the search box


def test_picker_keeps_the_scoped_queryset_for_validation(officer_a, unit_a, unit_b):
    from thidua.orgs.forms import PersonForm

    data = {"full_name": "Nguyễn Văn Mới", "gender": "male", "active": "on"}
    assert not PersonForm(data | {"unit": unit_b.pk}, user=officer_a).is_valid()  # another unit: refused
    form = PersonForm(data | {"unit": unit_a.pk}, user=officer_a)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == unit_a


def test_picker_shows_the_chosen_name(officer_a, unit_a):
    from thidua.outreach.forms import AttendeeForm

    person = PersonFactory(unit=unit_a, full_name="Lê Thị Chọn")
    form = AttendeeForm(initial={"unit": unit_a.pk, "person": person.pk}, user=officer_a)
    assert 'value="Lê Thị Chọn"' in str(form["person"]) and f'value="{unit_a.name}"' in str(form["unit"])
