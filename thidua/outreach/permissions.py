"""What a user may do in the outreach area (CONVENTIONS.md "Permissions: one layer"). Reading goes through
`visible_to` (models); these permissions decide the actions on records a user can already see. Pages, the API and
services all ask `user.has_perm("outreach.…", obj)`; where an action concerns a record and a unit (registering a
unit's people for a course, nominating a unit's delegate) the object is the pair.

- Province staff (Sở Nội vụ) publish exemplars, manage the legal library, courses, congresses and delegations.
- A unit's officer proposes its unit's exemplars, records media coverage, registers its people for courses and
  nominates delegates; the unit's leader may send the unit's proposals too (DESIGN.md §1).
- Leaders and council members read.
"""

import rules

from thidua.core.permissions import LOGIN, PUBLIC, in_subtree, is_editor, is_province_staff, is_unit_leader

__all__ = ["acts_for_unit", "in_subtree", "is_province_staff"]


def acts_for_unit(user, unit) -> bool:
    """Province staff act for every unit; an editor (unit officer, group head) for its own unit and those below."""
    return bool(is_province_staff(user) or (is_editor(user) and in_subtree(user, unit)))


# Exemplars ------------------------------------------------------------------------------------------------------


@rules.predicate
def can_propose_exemplar(user) -> bool:
    return is_editor(user)


@rules.predicate
def can_edit_exemplar(user, exemplar) -> bool:
    if is_province_staff(user):
        return exemplar.status != exemplar.Status.PUBLISHED
    return exemplar.is_editable_state and acts_for_unit(user, exemplar.unit)


@rules.predicate
def can_delete_exemplar(user, exemplar) -> bool:
    """A proposal never published may be withdrawn by its unit (or the province); published ones are unpublished."""
    return exemplar.is_editable_state and exemplar.published_at is None and acts_for_unit(user, exemplar.unit)


@rules.predicate
def can_submit_exemplar(user, exemplar) -> bool:
    if not exemplar.is_editable_state:
        return False
    if acts_for_unit(user, exemplar.unit):
        return True
    return bool(is_unit_leader(user) and in_subtree(user, exemplar.unit))


@rules.predicate
def can_publish_exemplar(user, exemplar) -> bool:
    return is_province_staff(user) and exemplar.status in (exemplar.Status.SUBMITTED, exemplar.Status.DRAFT)


@rules.predicate
def can_reject_exemplar(user, exemplar) -> bool:
    return is_province_staff(user) and exemplar.status == exemplar.Status.SUBMITTED


@rules.predicate
def can_unpublish_exemplar(user, exemplar) -> bool:
    return is_province_staff(user) and exemplar.status == exemplar.Status.PUBLISHED


@rules.predicate
def can_record_coverage(user) -> bool:
    return is_editor(user)


@rules.predicate
def can_cover_exemplar(user, exemplar) -> bool:
    """Record a press article about an exemplar: an editor acting for the exemplar's unit."""
    return is_editor(user) and acts_for_unit(user, exemplar.unit)


@rules.predicate
def can_edit_coverage(user, coverage) -> bool:
    return acts_for_unit(user, coverage.unit)


# Legal library, courses, congresses ------------------------------------------------------------------------------


@rules.predicate
def can_manage_library(user) -> bool:
    return is_province_staff(user)


@rules.predicate
def can_create_training(user) -> bool:
    return is_province_staff(user)


@rules.predicate
def can_manage_training(user, training) -> bool:
    """Province staff, or the officers of the organising unit."""
    return acts_for_unit(user, training.organiser)


def can_register_for(user, training, unit) -> bool:
    from thidua.outreach.models import Training

    if can_manage_training(user, training):
        return training.status in (Training.Status.PLANNED, Training.Status.OPEN, Training.Status.CLOSED)
    return training.status == Training.Status.OPEN and acts_for_unit(user, unit)


@rules.predicate
def can_manage_congress(user) -> bool:
    return is_province_staff(user)


def can_nominate(user, delegation, unit) -> bool:
    from thidua.outreach.models import Delegation

    if delegation.status != Delegation.Status.NOMINATING:
        return False
    return acts_for_unit(user, unit)


@rules.predicate
def can_decide_delegates(user, delegation) -> bool:
    return is_province_staff(user)


@rules.predicate
def _registers_for(user, pair) -> bool:
    return can_register_for(user, *pair)


@rules.predicate
def _nominates(user, pair) -> bool:
    return can_nominate(user, *pair)


PERMISSIONS = {
    "outreach.propose_exemplar": can_propose_exemplar,
    "outreach.edit_exemplar": can_edit_exemplar,
    "outreach.delete_exemplar": can_delete_exemplar,
    "outreach.submit_exemplar": can_submit_exemplar,
    "outreach.publish_exemplar": can_publish_exemplar,
    "outreach.reject_exemplar": can_reject_exemplar,
    "outreach.unpublish_exemplar": can_unpublish_exemplar,
    "outreach.record_coverage": can_record_coverage,
    "outreach.cover_exemplar": can_cover_exemplar,
    "outreach.edit_coverage": can_edit_coverage,
    "outreach.manage_library": can_manage_library,
    "outreach.create_training": can_create_training,
    "outreach.manage_training": can_manage_training,
    "outreach.register_for_training": _registers_for,  # obj = (training, unit)
    "outreach.manage_congress": can_manage_congress,
    "outreach.nominate_delegate": _nominates,  # obj = (delegation, unit)
    "outreach.decide_delegates": can_decide_delegates,
}
for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)


# Every page (URL name) and API operation of the app with its rule, checked by
# tests/test_authorization_matrix.py (a route missing here fails it). Rules: core/permissions.py "route rules".
ROUTES = {
    "outreach:attendee_delete": (LOGIN, "outreach.register_for_training"),
    "outreach:congress_create": "outreach.manage_congress",
    "outreach:congress_detail": (LOGIN, "outreach.manage_congress"),
    "outreach:congress_edit": "outreach.manage_congress",
    "outreach:congress_list": LOGIN,
    "outreach:coverage_create": "outreach.record_coverage",
    "outreach:coverage_delete": (LOGIN, "outreach.edit_coverage"),
    "outreach:coverage_edit": "outreach.edit_coverage",
    "outreach:coverage_list": LOGIN,
    "outreach:delegate_decide": (LOGIN, "outreach.decide_delegates"),
    "outreach:delegate_withdraw": (LOGIN, "outreach.nominate_delegate"),
    "outreach:delegation_action": (LOGIN, "outreach.decide_delegates"),
    "outreach:delegation_create": "outreach.manage_congress",
    "outreach:delegation_detail": LOGIN,
    "outreach:delegation_edit": "outreach.manage_congress",
    "outreach:delegation_export": LOGIN,
    "outreach:delegation_nominate": (LOGIN, "outreach.nominate_delegate"),
    "outreach:exemplar_action": (
        LOGIN,
        (
            "outreach.submit_exemplar",
            "outreach.publish_exemplar",
            "outreach.reject_exemplar",
            "outreach.unpublish_exemplar",
            "outreach.delete_exemplar",
        ),
    ),
    "outreach:exemplar_create": "outreach.propose_exemplar",
    "outreach:exemplar_detail": LOGIN,
    "outreach:exemplar_edit": "outreach.edit_exemplar",
    "outreach:exemplar_list": LOGIN,
    "outreach:exemplar_export": LOGIN,
    "outreach:exemplar_photo": LOGIN,
    "outreach:honouree_delete": (LOGIN, "outreach.manage_congress"),
    "outreach:index": LOGIN,
    "outreach:invitation_delete": (LOGIN, "outreach.manage_training"),
    "outreach:legal_create": "outreach.manage_library",
    "outreach:legal_detail": LOGIN,
    "outreach:legal_download": LOGIN,
    "outreach:legal_edit": "outreach.manage_library",
    "outreach:legal_list": LOGIN,
    "outreach:material_delete": (LOGIN, "outreach.manage_training"),
    "outreach:material_download": LOGIN,
    "outreach:material_upload": (LOGIN, "outreach.manage_training"),
    "outreach:report": LOGIN,
    "outreach:training_attendance": (LOGIN, "outreach.manage_training"),
    "outreach:training_create": "outreach.create_training",
    "outreach:training_detail": LOGIN,
    "outreach:training_edit": "outreach.manage_training",
    "outreach:training_export": LOGIN,
    "outreach:training_invite": "outreach.manage_training",
    "outreach:training_list": LOGIN,
    "outreach:training_list_export": LOGIN,
    "outreach:training_register": (LOGIN, "outreach.register_for_training"),
    "outreach:training_status": (LOGIN, "outreach.manage_training"),
    "outreach_public:exemplar_detail": PUBLIC,
    "outreach_public:exemplar_list": PUBLIC,
    "outreach_public:exemplar_photo": PUBLIC,
    "outreach_public:legal_detail": PUBLIC,
    "outreach_public:legal_download": PUBLIC,
    "outreach_public:legal_list": PUBLIC,
}
API = {
    "POST /api/v1/outreach/exemplars": ("outreach.propose_exemplar", "outreach.edit_exemplar"),
    "POST /api/v1/outreach/exemplars/{exemplar_id}/steps": (
        "outreach.submit_exemplar",
        "outreach.publish_exemplar",
        "outreach.reject_exemplar",
        "outreach.unpublish_exemplar",
    ),
    "POST /api/v1/outreach/trainings/{training_id}/attendees": (
        "outreach.register_for_training",
        "outreach.manage_training",
    ),
    "GET /api/v1/outreach/congresses": LOGIN,
    "GET /api/v1/outreach/delegations/{delegation_id}": LOGIN,
    "GET /api/v1/outreach/exemplars": LOGIN,
    "GET /api/v1/outreach/public/exemplars": PUBLIC,
    "GET /api/v1/outreach/public/exemplars/{exemplar_id}": PUBLIC,
    "GET /api/v1/outreach/public/legal-documents": PUBLIC,
    "GET /api/v1/outreach/public/legal-documents/{document_id}": PUBLIC,
    "GET /api/v1/outreach/report": LOGIN,
    # XLSX exports: what the user sees, as on the pages' export buttons (login only, scoped by the query).
    "GET /api/v1/outreach/exemplars/export.xlsx": LOGIN,
    "GET /api/v1/outreach/trainings/export.xlsx": LOGIN,
    "GET /api/v1/outreach/trainings/{training_id}/attendees.xlsx": LOGIN,
    "GET /api/v1/outreach/delegations/{delegation_id}/delegates.xlsx": LOGIN,
    "GET /api/v1/outreach/report.xlsx": LOGIN,
    "GET /api/v1/outreach/trainings": LOGIN,
    "GET /api/v1/outreach/trainings/{training_id}": LOGIN,
    "POST /api/v1/outreach/trainings": "outreach.create_training",
    "PUT /api/v1/outreach/trainings/{training_id}": "outreach.manage_training",
    "POST /api/v1/outreach/trainings/{training_id}/status": "outreach.manage_training",
    "POST /api/v1/outreach/trainings/{training_id}/invitations": "outreach.manage_training",
    "POST /api/v1/outreach/trainings/{training_id}/attendance": "outreach.manage_training",
    "DELETE /api/v1/outreach/attendees/{attendee_id}": ("outreach.register_for_training", "outreach.manage_training"),
    "GET /api/v1/outreach/congresses/{congress_id}": LOGIN,
    "POST /api/v1/outreach/congresses": "outreach.manage_congress",
    "PUT /api/v1/outreach/congresses/{congress_id}": "outreach.manage_congress",
    "POST /api/v1/outreach/congresses/{congress_id}/honourees": "outreach.manage_congress",
    "POST /api/v1/outreach/delegations": "outreach.manage_congress",
    "PUT /api/v1/outreach/delegations/{delegation_id}": "outreach.manage_congress",
    "POST /api/v1/outreach/delegations/{delegation_id}/delegates": "outreach.nominate_delegate",
    "POST /api/v1/outreach/delegates/{delegate_id}/decision": "outreach.decide_delegates",
    "DELETE /api/v1/outreach/delegates/{delegate_id}": ("outreach.nominate_delegate", "outreach.decide_delegates"),
    "POST /api/v1/outreach/delegations/{delegation_id}/steps": "outreach.decide_delegates",
    "PUT /api/v1/outreach/exemplars/{exemplar_id}": "outreach.edit_exemplar",
    "DELETE /api/v1/outreach/exemplars/{exemplar_id}": "outreach.delete_exemplar",
    "GET /api/v1/outreach/coverage": LOGIN,
    "POST /api/v1/outreach/coverage": "outreach.record_coverage",
    "PUT /api/v1/outreach/coverage/{coverage_id}": "outreach.edit_coverage",
    "DELETE /api/v1/outreach/coverage/{coverage_id}": "outreach.edit_coverage",
    "DELETE /api/v1/outreach/honourees/{honouree_id}": "outreach.manage_congress",
    "DELETE /api/v1/outreach/trainings/{training_id}/invitations/{unit_id}": "outreach.manage_training",
    "POST /api/v1/outreach/trainings/{training_id}/materials": "outreach.manage_training",
    "GET /api/v1/outreach/materials/{material_id}/file": LOGIN,
    "DELETE /api/v1/outreach/materials/{material_id}": "outreach.manage_training",
    "POST /api/v1/outreach/exemplars/{exemplar_id}/photo": "outreach.edit_exemplar",
    "GET /api/v1/outreach/exemplars/{exemplar_id}/photo": LOGIN,
    "DELETE /api/v1/outreach/exemplars/{exemplar_id}/photo": "outreach.edit_exemplar",
    "GET /api/v1/outreach/legal-documents": LOGIN,
    "GET /api/v1/outreach/legal-documents/{document_id}": LOGIN,
    "POST /api/v1/outreach/legal-documents": "outreach.manage_library",
    "PUT /api/v1/outreach/legal-documents/{document_id}": "outreach.manage_library",
    "POST /api/v1/outreach/legal-documents/{document_id}/file": "outreach.manage_library",
    "GET /api/v1/outreach/legal-documents/{document_id}/file": LOGIN,
    "DELETE /api/v1/outreach/legal-documents/{document_id}/file": "outreach.manage_library",
}
