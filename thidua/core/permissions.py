"""Shared `rules` predicates (CONVENTIONS.md "Permissions: one layer") and the core app's permissions.

Reading stays with `Model.objects.visible_to(user)` / `get_visible_or_404` (outside scope = 404). Every "may act"
is a named permission asked through `user.has_perm(name, obj)` by views, the API, services and templates
(`{% load rules %}{% has_perm … %}`). Apps build theirs from these predicates in `thidua/<app>/permissions.py`,
imported by their AppConfig.ready(). Administrators (superusers) pass every `has_perm` (Django's backend): they act
as province staff.
"""

import rules

from thidua.core.roles import EDITOR_ROLES, PROVINCE_WIDE_ROLES, Role


@rules.predicate
def is_active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def has_role(*roles):
    names = frozenset(roles)

    @rules.predicate(name=f"has_role({', '.join(sorted(names))})")
    def predicate(user) -> bool:
        return is_active_user(user) and user.role in names

    return predicate


is_province_staff = has_role(Role.PROVINCE_STAFF)
is_council_secretary = has_role(Role.COUNCIL_SECRETARY)
is_council_member = has_role(Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY)
is_leader = has_role(Role.LEADER)
is_unit_leader = has_role(Role.UNIT_LEADER)
is_editor = has_role(*EDITOR_ROLES)
is_province_wide = has_role(*PROVINCE_WIDE_ROLES)


@rules.predicate
def is_user_administrator(user) -> bool:
    """The province administrator (user management): a superuser, or a province officer with the staff flag."""
    return is_active_user(user) and (user.is_superuser or (user.is_staff and user.role == Role.PROVINCE_STAFF))


def _unit_of(obj):
    if obj is None:
        return None
    if hasattr(obj, "path") and obj._meta.label == "orgs.Unit":
        return obj
    unit = getattr(obj, "unit", None)
    return unit


@rules.predicate
def acts_for_unit(user, obj) -> bool:
    """The object's unit is the user's unit or one below it (what a unit officer or leader acts for)."""
    unit = _unit_of(obj)
    own = getattr(user, "unit", None)
    return bool(is_active_user(user) and unit is not None and own is not None and unit.path.startswith(own.path))


# --- core permissions -------------------------------------------------------------------------------------------
@rules.predicate
def owns_job(user, job) -> bool:
    return job is not None and job.owner_id is not None and job.owner_id == user.pk


rules.add_perm("core.manage_users", is_user_administrator)
# Retry or cancel a background job (core/jobs.py): its owner, or the province's staff.
rules.add_perm("core.act_on_job", is_active_user & (owns_job | is_province_staff))
rules.add_perm("core.manage_calendar", is_province_staff)
rules.add_perm("core.view_audit_log", is_active_user)
# Citizen ids and birth dates unmasked (Decree 13/2023): province TĐKT staff.
rules.add_perm("core.view_personal_data", is_province_staff)
