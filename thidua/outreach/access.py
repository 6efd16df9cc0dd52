"""Who may change what in the outreach area. Reading goes through `visible_to` (models); these predicates decide the
actions on records a user can already see. Pages, API and services all ask here.

- Province staff (Sở Nội vụ) publish exemplars, manage the legal library, courses, congresses and delegations.
- A unit's officer proposes its unit's exemplars, records media coverage, registers its people for courses and
  nominates delegates; the unit's leader may send the unit's proposals too (DESIGN.md §1).
- Leaders and council members read.
"""

from thidua.core.roles import Role
from thidua.core.scoping import can_edit


def is_province_staff(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.PROVINCE_STAFF))


def in_subtree(user, unit) -> bool:
    own = getattr(user, "unit", None)
    return bool(own is not None and unit is not None and unit.path.startswith(own.path))


def acts_for_unit(user, unit) -> bool:
    """Province staff act for every unit; an editor (unit officer, group head) for its own unit and those below."""
    if is_province_staff(user):
        return True
    return can_edit(user) and in_subtree(user, unit)


# Exemplars ------------------------------------------------------------------------------------------------------


def can_propose_exemplar(user) -> bool:
    return can_edit(user)


def can_edit_exemplar(user, exemplar) -> bool:
    if is_province_staff(user):
        return exemplar.status != exemplar.Status.PUBLISHED
    return exemplar.is_editable_state and acts_for_unit(user, exemplar.unit)


def can_delete_exemplar(user, exemplar) -> bool:
    """A proposal never published may be withdrawn by its unit (or the province); published ones are unpublished."""
    return exemplar.is_editable_state and exemplar.published_at is None and acts_for_unit(user, exemplar.unit)


def can_submit_exemplar(user, exemplar) -> bool:
    if not exemplar.is_editable_state:
        return False
    if acts_for_unit(user, exemplar.unit):
        return True
    return bool(user and user.is_authenticated and user.role == Role.UNIT_LEADER and in_subtree(user, exemplar.unit))


def can_publish_exemplar(user, exemplar) -> bool:
    return is_province_staff(user) and exemplar.status in (exemplar.Status.SUBMITTED, exemplar.Status.DRAFT)


def can_reject_exemplar(user, exemplar) -> bool:
    return is_province_staff(user) and exemplar.status == exemplar.Status.SUBMITTED


def can_unpublish_exemplar(user, exemplar) -> bool:
    return is_province_staff(user) and exemplar.status == exemplar.Status.PUBLISHED


def can_record_coverage(user) -> bool:
    return can_edit(user)


def can_edit_coverage(user, coverage) -> bool:
    return acts_for_unit(user, coverage.unit)


# Legal library, courses, congresses ------------------------------------------------------------------------------


def can_manage_library(user) -> bool:
    return is_province_staff(user)


def can_create_training(user) -> bool:
    return is_province_staff(user)


def can_manage_training(user, training) -> bool:
    """Province staff, or the officers of the organising unit."""
    return acts_for_unit(user, training.organiser)


def can_register_for(user, training, unit) -> bool:
    from thidua.outreach.models import Training

    if can_manage_training(user, training):
        return training.status in (Training.Status.PLANNED, Training.Status.OPEN, Training.Status.CLOSED)
    return training.status == Training.Status.OPEN and acts_for_unit(user, unit)


def can_manage_congress(user) -> bool:
    return is_province_staff(user)


def can_nominate(user, delegation, unit) -> bool:
    from thidua.outreach.models import Delegation

    if delegation.status != Delegation.Status.NOMINATING:
        return False
    return acts_for_unit(user, unit)


def can_decide_delegates(user, delegation) -> bool:
    return is_province_staff(user)
