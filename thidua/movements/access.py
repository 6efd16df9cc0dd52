"""Who may change what in the movements area. Reading goes through `visible_to` (models); these predicates decide
the actions on records a user can already see. Pages, API and services all ask here."""

from thidua.core.roles import Role
from thidua.core.scoping import can_edit, is_province_wide


def is_province_staff(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.PROVINCE_STAFF))


def in_subtree(user, unit) -> bool:
    """`unit` is the user's unit or below it."""
    own = getattr(user, "unit", None)
    return bool(own is not None and unit is not None and unit.path.startswith(own.path))


def heads_group(user, group, period) -> bool:
    """The user is a group head (role) of the head unit of `group` for `period` (orgs.GroupLeadership)."""
    from thidua.orgs.models import GroupLeadership

    if not (user and user.is_authenticated and user.role == Role.GROUP_HEAD and user.unit_id):
        return False
    return GroupLeadership.objects.filter(
        group=group, period=period, unit_id=user.unit_id, role=GroupLeadership.Role.HEAD
    ).exists()


# Movements -----------------------------------------------------------------------------------------------------


def can_create_movement(user) -> bool:
    return can_edit(user)


def can_manage_movement(user, movement) -> bool:
    if not can_edit(user):
        return False
    return is_province_wide(user) or in_subtree(user, movement.lead_unit)


# Registrations -------------------------------------------------------------------------------------------------


def can_register(user) -> bool:
    return can_edit(user)


def can_edit_registration(user, registration) -> bool:
    from thidua.movements.models import Registration

    if registration.status != Registration.Status.DRAFT or not can_edit(user):
        return False
    return is_province_staff(user) or in_subtree(user, registration.unit)


def can_submit_registration(user, registration) -> bool:
    """The unit's officer, or its leader who approves what the unit sends (DESIGN.md §1)."""
    from thidua.movements.models import Registration

    if registration.status != Registration.Status.DRAFT:
        return False
    if is_province_staff(user):
        return True
    return (can_edit(user) or user.role == Role.UNIT_LEADER) and in_subtree(user, registration.unit)


def unit_has_leader(unit_id) -> bool:
    from thidua.core.models import User

    return User.objects.filter(role=Role.UNIT_LEADER, unit_id=unit_id, is_active=True).exists()


def needs_unit_approval(user, registration) -> bool:
    """A unit officer's registration goes through the unit's leader when the unit has an active leader account; the
    leader's own submission, a unit without a leader account, or the province's staff send it at once."""
    return bool(user and user.role != Role.UNIT_LEADER and not is_province_staff(user)
                and unit_has_leader(registration.unit_id))


def can_send_for_approval(user, registration) -> bool:
    from thidua.movements.models import Registration

    return (registration.status == Registration.Status.DRAFT and can_edit(user) and not is_province_staff(user)
            and in_subtree(user, registration.unit))


def can_approve_registration(user, registration) -> bool:
    """The unit's leader approves (or returns) what its officer prepared."""
    from thidua.movements.models import Registration

    return bool(registration.status == Registration.Status.UNIT_REVIEW and user and user.is_authenticated
                and user.role == Role.UNIT_LEADER and in_subtree(user, registration.unit))


def can_accept_registration(user, registration) -> bool:
    from thidua.movements.models import Registration

    return registration.status == Registration.Status.SUBMITTED and is_province_staff(user)


# Pacts ---------------------------------------------------------------------------------------------------------


def can_manage_pact(user, pact) -> bool:
    return is_province_staff(user) or heads_group(user, pact.group, pact.period)


def can_create_pact(user) -> bool:
    return is_province_staff(user) or (user.is_authenticated and user.role == Role.GROUP_HEAD)


def can_sign_for(user, pact, unit) -> bool:
    """The head unit records every member's signature at the signing; a member's officer records its own."""
    if can_manage_pact(user, pact):
        return True
    return can_edit(user) and in_subtree(user, unit)


# Scoring -------------------------------------------------------------------------------------------------------


def can_create_rubric(user) -> bool:
    return can_create_pact(user)


def can_manage_rubric(user, rubric) -> bool:
    return is_province_staff(user) or heads_group(user, rubric.group, rubric.period)


def can_self_score(user, scorecard) -> bool:
    from thidua.movements.models import Scorecard, ScoringRubric

    return (
        scorecard.rubric.status == ScoringRubric.Status.OPEN
        and scorecard.status == Scorecard.Status.DRAFT
        and can_edit(user)
        and in_subtree(user, scorecard.unit)
    )


def can_cross_score(user, scorecard) -> bool:
    from thidua.movements.models import Scorecard, ScoringRubric

    return (
        scorecard.rubric.status == ScoringRubric.Status.OPEN
        and scorecard.status in (Scorecard.Status.SUBMITTED, Scorecard.Status.REVIEWED)
        and can_manage_rubric(user, scorecard.rubric)
    )


def can_appraise(user, scorecard) -> bool:
    from thidua.movements.models import Scorecard, ScoringRubric

    return (
        scorecard.rubric.status == ScoringRubric.Status.OPEN
        and scorecard.status in (Scorecard.Status.SUBMITTED, Scorecard.Status.REVIEWED)
        and is_province_staff(user)
    )


def can_finalise(user, rubric) -> bool:
    return is_province_staff(user)
