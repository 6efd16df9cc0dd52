"""The one permission layer (docs/design.md "Permissions"): administrators act as province staff and as nothing
else; the rules decide for them too, Django's model permissions (the admin site) keep Django's behaviour."""

import pytest

from tests.factories import UserFactory
from thidua.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(unit_a):
    return UserFactory(
        username="quan_tri", role=Role.UNIT_OFFICER, unit=unit_a, is_superuser=True, is_staff=True
    )


@pytest.mark.parametrize(
    "permission",
    [
        "dossiers.act_for_province",
        "dossiers.appraise",
        "dossiers.manage_sessions",
        "plans.create_plan",
        "orgs.manage_structure",
        "core.view_personal_data",
        "core.manage_users",
        "rewards.manage",
        "awards.view_amounts",
    ],
)
def test_administrators_act_as_province_staff(administrator, permission):
    assert administrator.has_perm(permission)


@pytest.mark.parametrize("permission", ["dossiers.sign", "dossiers.vote"])
def test_administrators_neither_sign_nor_vote(unit_a, permission):
    administrator = UserFactory(role=Role.PROVINCE_STAFF, unit=unit_a, is_superuser=True)
    assert not administrator.has_perm(permission)
    assert UserFactory(role=Role.LEADER, unit=unit_a).has_perm(permission)


def test_administrators_do_not_sign_off_a_units_forms(administrator, unit_a, province):
    assert not administrator.has_perm("reports.sign_off", unit_a)
    assert not administrator.has_perm("reports.sign_off", province)
    assert UserFactory(role=Role.UNIT_LEADER, unit=unit_a).has_perm("reports.sign_off", unit_a)
    assert UserFactory(role=Role.LEADER, unit=province).has_perm("reports.sign_off", province)


def test_an_inactive_administrator_has_no_permission(administrator):
    administrator.is_active = False
    assert not administrator.has_perm("plans.create_plan")
    assert not administrator.has_perm("orgs.view_person")


def test_django_model_permissions_keep_djangos_superuser_rule(administrator, officer_a):
    assert administrator.has_perm("orgs.view_person")  # the admin site
    assert not officer_a.has_perm("orgs.view_person")


def test_state_guards_hold_for_administrators(administrator, unit_a):
    from thidua.movements.models import Registration

    registration = Registration(unit=unit_a, status=Registration.Status.SUBMITTED)
    assert not administrator.has_perm("movements.submit_registration", registration)
    assert not administrator.has_perm("movements.edit_registration", registration)
    assert administrator.has_perm("movements.accept_registration", registration)
