"""Shared `rules` predicates (CONVENTIONS.md "Permissions: one layer") and the core app's permissions.

Reading stays with `Model.objects.visible_to(user)` / `get_visible_or_404` (outside scope = 404). Every "may act"
is a named permission asked through `user.has_perm(name, obj)` by views, the API, services and templates
(`{% load rules %}{% has_perm … %}`). Apps build theirs from these predicates in `thidua/<app>/permissions.py`,
imported by their AppConfig.ready() (never `rules.py`: autodiscovery would import `awards.rules`, the eligibility
engine).

Administrators (superusers) act as province staff, and only as that (docs/design.md "Permissions"): `User.has_perm`
asks the rules below for every permission defined here, without Django's "a superuser passes everything", so an
administrator does not sign as the chairman, vote in a council or approve as a unit's head, and the state guards
written into a permission (a registration is a draft…) hold for everyone.
"""

import rules

from thidua.core.roles import EDITOR_ROLES, PROVINCE_WIDE_ROLES, Role


@rules.predicate
def is_active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_administrator(user) -> bool:
    return is_active_user(user) and user.is_superuser


def has_role(*roles):
    names = frozenset(roles)

    @rules.predicate(name=f"has_role({', '.join(sorted(names))})")
    def predicate(user) -> bool:
        return is_active_user(user) and user.role in names

    return predicate


# Administrators act as province staff: they work province-wide and may change records.
is_province_staff = has_role(Role.PROVINCE_STAFF) | is_administrator
is_editor = has_role(*EDITOR_ROLES) | is_administrator
is_province_wide = has_role(*PROVINCE_WIDE_ROLES) | is_administrator
# Acts in person (signing, voting, approving for a unit): the role only, never the administrator flag.
is_council_secretary = has_role(Role.COUNCIL_SECRETARY)
is_council_member = has_role(Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY)
is_leader = has_role(Role.LEADER)
is_unit_leader = has_role(Role.UNIT_LEADER)
is_unit_officer = has_role(Role.UNIT_OFFICER)
is_group_head = has_role(Role.GROUP_HEAD)


def unit_has_leader(unit_id) -> bool:
    """The unit has an active head's account: what its officer prepares then goes through that head (approval inside
    the unit); without one it goes to the province at once."""
    from thidua.core.models import User

    return User.objects.filter(role=Role.UNIT_LEADER, unit_id=unit_id, is_active=True).exists()


@rules.predicate
def is_user_administrator(user) -> bool:
    """The province administrator (user management): a superuser, or a province officer with the staff flag."""
    return is_active_user(user) and (
        user.is_superuser or (user.is_staff and user.role == Role.PROVINCE_STAFF)
    )


def unit_of(obj):
    """The unit an object belongs to: the object itself for a unit, else its `unit` (or `scope_unit` property)."""
    if obj is None:
        return None
    if obj.__class__.__name__ == "Unit" and hasattr(obj, "path"):
        return obj
    return getattr(obj, "unit", None)


def in_subtree(user, unit) -> bool:
    """`unit` is the user's unit or one below it."""
    own = getattr(user, "unit", None)
    return bool(own is not None and unit is not None and unit.path.startswith(own.path))


@rules.predicate
def acts_for_unit(user, obj) -> bool:
    """The object's unit is the user's unit or one below it (whatever the role: combine with one)."""
    return is_active_user(user) and in_subtree(user, unit_of(obj))


@rules.predicate
def heads_group(user, obj) -> bool:
    """The user is a group head (role) of the head unit of the object's `group` for its `period`
    (orgs.GroupLeadership)."""
    from thidua.orgs.models import GroupLeadership

    group, period = getattr(obj, "group", None), getattr(obj, "period", None)
    if not (is_group_head(user) and user.unit_id and group is not None):
        return False
    return GroupLeadership.objects.filter(
        group=group, period=period, unit_id=user.unit_id, role=GroupLeadership.Role.HEAD
    ).exists()


# --- route rules -----------------------------------------------------------------------------------------------
# Each app's permissions.py declares `ROUTES` (URL name → rule) and `API` ("METHOD /api/v1/path" → rule) for every
# page and API operation it serves; tests/test_authorization_matrix.py fails when one is missing. A rule is
# PUBLIC (no account needed), LOGIN (any signed-in user: reading is scoped by `visible_to`, 404 outside scope), a
# permission name (the route refuses users without it — asked with the route's object when it has one), or a pair
# (rule for reading the page, permission(s) for its POST actions). WORKFLOW: the dossier workflow table names the
# permission of each step (dossiers/workflow.py).
PUBLIC = "public"
LOGIN = "login"
WORKFLOW = "workflow"


def require(user, perm: str, obj=None, message=None):
    """403 unless `user.has_perm(perm, obj)` (services and views that refuse an action)."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    if not (user is not None and user.has_perm(perm, obj)):
        raise PermissionDenied(message or _("Bạn không có quyền thực hiện thao tác này."))


# --- core permissions -------------------------------------------------------------------------------------------
@rules.predicate
def owns_job(user, job) -> bool:
    return job is not None and job.owner_id is not None and job.owner_id == user.pk


rules.add_perm("core.manage_users", is_user_administrator)
# Retry or cancel a background job (core/jobs.py): its owner, or the province's staff.
rules.add_perm("core.act_on_job", is_active_user & (owns_job | is_province_staff))
rules.add_perm("core.manage_calendar", is_province_staff)
rules.add_perm("core.view_audit_log", is_active_user)
rules.add_perm("core.view_dashboard", is_active_user)
# Change records within one's scope (the `editable_by` querysets; an app's own permissions narrow it).
rules.add_perm("core.edit_records", is_editor)
# Citizen ids and birth dates unmasked (Decree 13/2023): province TĐKT staff, who appraise dossiers and check
# duplicates, and administrators. Every unmasked view is recorded (core/personal.py).
rules.add_perm("core.view_personal_data", is_province_staff)


# Every page (URL name) and API operation of the app with its rule, checked by
# tests/test_authorization_matrix.py (a route missing here fails it). Rules: core/permissions.py "route rules".
ROUTES = {
    "job_list": LOGIN,
    "job_detail": LOGIN,
    "job_progress": LOGIN,
    "job_retry": LOGIN,
    "job_cancel": LOGIN,
    "job_download": LOGIN,
    "audit_log": LOGIN,
    "audit_export": LOGIN,
    "calendar_overrides": "core.manage_calendar",
    "healthz": PUBLIC,
    "home": LOGIN,
    "login": PUBLIC,
    "logout": PUBLIC,
    "my_account": LOGIN,
    "revoke_my_token": LOGIN,
    "two_factor_enrol": LOGIN,
    "two_factor_verify": LOGIN,
    "user_create": "core.manage_users",
    "user_edit": "core.manage_users",
    "user_list": "core.manage_users",
}
API = {
    "DELETE /api/v1/auth/token": LOGIN,
    "POST /api/v1/auth/token": PUBLIC,
}
