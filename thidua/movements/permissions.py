"""What a user may do in the movements area (CONVENTIONS.md "Permissions: one layer"). Reading goes through
`visible_to` (models); these permissions decide the actions on records a user can already see. Pages, the API and
services all ask `user.has_perm("movements.…", obj)`. Where an action concerns two records (a pact and the unit
that signs it) the object is the pair."""

import rules

from thidua.core.permissions import (
    LOGIN,
    heads_group,
    in_subtree,
    is_editor,
    is_province_staff,
    is_province_wide,
    unit_has_leader,
)
from thidua.core.permissions import is_unit_leader as _is_unit_leader

__all__ = ["heads_group", "in_subtree", "is_province_staff"]


def _heads(user, group, period) -> bool:
    from types import SimpleNamespace

    return heads_group(user, SimpleNamespace(group=group, period=period))


# Movements -----------------------------------------------------------------------------------------------------


@rules.predicate
def can_create_movement(user) -> bool:
    return is_editor(user)


@rules.predicate
def can_manage_movement(user, movement) -> bool:
    if not is_editor(user):
        return False
    return is_province_wide(user) or in_subtree(user, movement.lead_unit)


# Registrations -------------------------------------------------------------------------------------------------


@rules.predicate
def can_register(user) -> bool:
    return is_editor(user)


@rules.predicate
def can_edit_registration(user, registration) -> bool:
    from thidua.movements.models import Registration

    if registration.status != Registration.Status.DRAFT or not is_editor(user):
        return False
    return is_province_staff(user) or in_subtree(user, registration.unit)


@rules.predicate
def can_submit_registration(user, registration) -> bool:
    """The unit's officer, or its leader who approves what the unit sends (DESIGN.md §1)."""
    from thidua.movements.models import Registration

    if registration.status != Registration.Status.DRAFT:
        return False
    if is_province_staff(user):
        return True
    return (is_editor(user) or _is_unit_leader(user)) and in_subtree(user, registration.unit)


def needs_unit_approval(user, registration) -> bool:
    """A unit officer's registration goes through the unit's leader when the unit has an active leader account; the
    leader's own submission, a unit without a leader account, or the province's staff send it at once."""
    return bool(user and not _is_unit_leader(user) and not is_province_staff(user)
                and unit_has_leader(registration.unit_id))


@rules.predicate
def can_send_for_approval(user, registration) -> bool:
    from thidua.movements.models import Registration

    return (registration.status == Registration.Status.DRAFT and is_editor(user) and not is_province_staff(user)
            and in_subtree(user, registration.unit))


@rules.predicate
def can_approve_registration(user, registration) -> bool:
    """The unit's leader approves (or returns) what its officer prepared."""
    from thidua.movements.models import Registration

    return (registration.status == Registration.Status.UNIT_REVIEW and _is_unit_leader(user)
            and in_subtree(user, registration.unit))


@rules.predicate
def can_accept_registration(user, registration) -> bool:
    from thidua.movements.models import Registration

    return registration.status == Registration.Status.SUBMITTED and is_province_staff(user)


# Pacts ---------------------------------------------------------------------------------------------------------


@rules.predicate
def can_manage_pact(user, pact) -> bool:
    return is_province_staff(user) or _heads(user, pact.group, pact.period)


@rules.predicate
def can_create_pact(user) -> bool:
    """Province staff, or a group head (whose group and period the form checks)."""
    from thidua.core.permissions import is_group_head

    return is_province_staff(user) or is_group_head(user)


def can_sign_for(user, pact, unit) -> bool:
    """The head unit records every member's signature at the signing; a member's officer records its own."""
    if can_manage_pact(user, pact):
        return True
    return is_editor(user) and in_subtree(user, unit)


@rules.predicate
def _signs_for(user, pair) -> bool:
    pact, unit = pair
    return can_sign_for(user, pact, unit)


# Scoring -------------------------------------------------------------------------------------------------------


@rules.predicate
def can_create_rubric(user) -> bool:
    return can_create_pact(user)


@rules.predicate
def can_manage_rubric(user, rubric) -> bool:
    return is_province_staff(user) or _heads(user, rubric.group, rubric.period)


@rules.predicate
def can_self_score(user, scorecard) -> bool:
    from thidua.movements.models import Scorecard, ScoringRubric

    return (
        scorecard.rubric.status == ScoringRubric.Status.OPEN
        and scorecard.status == Scorecard.Status.DRAFT
        and is_editor(user)
        and in_subtree(user, scorecard.unit)
    )


@rules.predicate
def can_cross_score(user, scorecard) -> bool:
    from thidua.movements.models import Scorecard, ScoringRubric

    return (
        scorecard.rubric.status == ScoringRubric.Status.OPEN
        and scorecard.status in (Scorecard.Status.SUBMITTED, Scorecard.Status.REVIEWED)
        and can_manage_rubric(user, scorecard.rubric)
    )


@rules.predicate
def can_appraise(user, scorecard) -> bool:
    from thidua.movements.models import Scorecard, ScoringRubric

    return (
        scorecard.rubric.status == ScoringRubric.Status.OPEN
        and scorecard.status in (Scorecard.Status.SUBMITTED, Scorecard.Status.REVIEWED)
        and is_province_staff(user)
    )


@rules.predicate
def can_finalise(user, rubric) -> bool:
    return is_province_staff(user)


@rules.predicate
def can_resolve_tie(user, rubric) -> bool:
    """Recording the Chair's decision on units tied on total and on section I (the province's staff)."""
    return is_province_staff(user)


PERMISSIONS = {
    "movements.create_movement": can_create_movement,
    "movements.manage_movement": can_manage_movement,
    "movements.register": can_register,
    "movements.edit_registration": can_edit_registration,
    "movements.submit_registration": can_submit_registration,
    "movements.send_registration_for_approval": can_send_for_approval,
    "movements.approve_registration": can_approve_registration,
    "movements.accept_registration": can_accept_registration,
    "movements.create_pact": can_create_pact,
    "movements.manage_pact": can_manage_pact,
    "movements.sign_pact_for": _signs_for,  # obj = (pact, unit)
    "movements.create_rubric": can_create_rubric,
    "movements.manage_rubric": can_manage_rubric,
    "movements.self_score": can_self_score,
    "movements.cross_score": can_cross_score,
    "movements.appraise_scorecard": can_appraise,
    "movements.finalise_rubric": can_finalise,
    "movements.resolve_tie": can_resolve_tie,
}
for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)


# Every page (URL name) and API operation of the app with its rule, checked by
# tests/test_authorization_matrix.py (a route missing here fails it). Rules: core/permissions.py "route rules".
ROUTES = {
    "movements:index": LOGIN,
    "movements:movement_create": "movements.create_movement",
    "movements:movement_detail": (LOGIN, "movements.manage_movement"),
    "movements:movement_edit": "movements.manage_movement",
    "movements:movement_launch": (LOGIN, "movements.manage_movement"),
    "movements:movement_list": LOGIN,
    "movements:movement_export": LOGIN,
    "movements:pact_create": "movements.create_pact",
    "movements:pact_detail": (LOGIN, "movements.sign_pact_for"),
    "movements:pact_edit": "movements.manage_pact",
    "movements:pact_list": LOGIN,
    "movements:ranking": (LOGIN, "movements.resolve_tie"),
    "movements:ranking_export": LOGIN,
    "movements:registration_action": (
        LOGIN,
        ("movements.submit_registration", "movements.send_registration_for_approval",
         "movements.approve_registration", "movements.accept_registration"),
    ),
    "movements:registration_create": "movements.register",
    "movements:registration_detail": LOGIN,
    "movements:registration_edit": "movements.edit_registration",
    "movements:registration_export": LOGIN,
    "movements:registration_list": LOGIN,
    "movements:rubric_action": (LOGIN, ("movements.manage_rubric", "movements.finalise_rubric")),
    "movements:rubric_create": "movements.create_rubric",
    "movements:rubric_criteria": "movements.manage_rubric",
    "movements:rubric_detail": LOGIN,
    "movements:rubric_edit": "movements.manage_rubric",
    "movements:rubric_list": LOGIN,
    "movements:scorecard": (
        LOGIN,
        ("movements.self_score", "movements.cross_score", "movements.appraise_scorecard"),
    ),
    "movements:scorecard_return": (LOGIN, "movements.cross_score"),
}
API = {
    "POST /api/v1/movements/registrations": ("movements.register", "movements.edit_registration"),
    "POST /api/v1/movements": "movements.create_movement",
    "PATCH /api/v1/movements/{movement_id}": "movements.manage_movement",
    "POST /api/v1/movements/{movement_id}/close": "movements.manage_movement",
    "POST /api/v1/movements/{movement_id}/launch": "movements.manage_movement",
    "POST /api/v1/movements/{movement_id}/reviews": "movements.manage_movement",
    "GET /api/v1/scoring/rubrics": LOGIN,
    "POST /api/v1/scoring/rubrics": "movements.create_rubric",
    "GET /api/v1/scoring/rubrics/{rubric_id}": LOGIN,
    "PATCH /api/v1/scoring/rubrics/{rubric_id}": "movements.manage_rubric",
    "POST /api/v1/scoring/rubrics/{rubric_id}/scorecards": "movements.manage_rubric",
    "PUT /api/v1/scoring/rubrics/{rubric_id}/criteria": "movements.manage_rubric",
    "POST /api/v1/scoring/rubrics/{rubric_id}/open": "movements.manage_rubric",
    "POST /api/v1/scoring/rubrics/{rubric_id}/finalise": "movements.finalise_rubric",
    "POST /api/v1/scoring/rubrics/{rubric_id}/reopen": "movements.finalise_rubric",
    "GET /api/v1/scoring/scorecards": LOGIN,
    "GET /api/v1/scoring/scorecards/{scorecard_id}": LOGIN,
    "PUT /api/v1/scoring/scorecards/{scorecard_id}/scores": (
        "movements.self_score",
        "movements.cross_score",
        "movements.appraise_scorecard",
    ),
    "POST /api/v1/scoring/scorecards/{scorecard_id}/submit": "movements.self_score",
    "POST /api/v1/scoring/scorecards/{scorecard_id}/return": "movements.cross_score",
    "POST /api/v1/scoring/scorecards/{scorecard_id}/review": "movements.cross_score",
    "GET /api/v1/movements": LOGIN,
    "GET /api/v1/movements/groups/{group_id}/ranking": LOGIN,
    "GET /api/v1/movements/registrations": LOGIN,
    "GET /api/v1/movements/{movement_id}": LOGIN,
    "GET /api/v1/movements/pacts": LOGIN,
    "GET /api/v1/movements/pacts/{pact_id}": LOGIN,
    "POST /api/v1/movements/pacts": "movements.create_pact",
    "PUT /api/v1/movements/pacts/{pact_id}": "movements.manage_pact",
    "POST /api/v1/movements/pacts/{pact_id}/signatures": "movements.sign_pact_for",
    "POST /api/v1/scoring/rubrics/{rubric_id}/criteria/import": "movements.manage_rubric",
    "GET /api/v1/scoring/rubrics/{rubric_id}/ties": LOGIN,
    "POST /api/v1/scoring/rubrics/{rubric_id}/ties": "movements.resolve_tie",
    "POST /api/v1/movements/registrations/{registration_id}/{action}": (
        "movements.submit_registration",
        "movements.send_registration_for_approval",
        "movements.approve_registration",
        "movements.accept_registration",
    ),
}
