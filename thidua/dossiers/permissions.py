"""What a user may do with proposal dossiers, council sessions and decisions (CONVENTIONS.md "Permissions: one
layer"). The workflow table (dossiers/workflow.py) names these permissions for each step; pages, the API and
services ask `user.has_perm("dossiers.…", obj)`. Administrators act as province staff: they never sign a decision,
vote in a council or act for a unit (docs/design.md "Permissions")."""

import rules
from django.utils.translation import gettext_lazy as _

from thidua.core.permissions import (
    LOGIN,
    WORKFLOW,
    is_council_member,
    is_council_secretary,
    is_leader,
    is_province_staff,
    is_province_wide,
    is_unit_leader,
    is_unit_officer,
)


@rules.predicate
def has_unit(user) -> bool:
    return getattr(user, "unit_id", None) is not None


@rules.predicate
def sees_dossier(user, dossier) -> bool:
    from thidua.dossiers.models import Dossier

    return dossier is None or Dossier.objects.visible_to(user).filter(pk=dossier.pk).exists()


@rules.predicate
def signs_route(user, route) -> bool:
    """The province's leaders sign for the Chủ tịch UBND tỉnh; a local authority's decision is signed by the leader
    of the dossier's own unit (the head of the Sở or unit, the Chủ tịch UBND xã). `route`: authorities.route()."""
    if route is None:
        return False
    if route.is_provincial:
        return is_leader(user)
    return is_unit_leader(user) and user.unit_id == route.unit_id


# The unit that proposes: its TĐKT officer or its head.
acts_for_proposing_unit = is_unit_officer | is_unit_leader
# Thường trực Hội đồng, or the province's TĐKT staff (the council's standing body).
is_council_secretariat = is_council_secretary | is_province_staff

PERMISSIONS = {
    # Workflow steps (dossiers/workflow.py TRANSITIONS), the object is the dossier.
    "dossiers.act_for_unit": acts_for_proposing_unit,
    # Approval inside the unit: the officer sends the dossier to the unit's head, who approves or returns it.
    "dossiers.send_for_approval": is_unit_officer,
    "dossiers.approve_for_unit": is_unit_leader,
    "dossiers.act_for_province": is_province_staff,
    "dossiers.act_for_secretariat": is_council_secretariat,
    "dossiers.sign": is_leader | is_unit_leader,
    "dossiers.reject_for_decision": is_leader | is_province_staff,
    # Content.
    "dossiers.create_dossier": acts_for_proposing_unit & has_unit,
    "dossiers.edit_dossier": acts_for_proposing_unit & sees_dossier,
    "dossiers.appraise": is_province_staff,
    "dossiers.record_proposal": is_province_staff,
    "dossiers.post_publicly": is_council_secretariat,
    # Council: sessions, ballots, minutes, members (Thường trực); who reads the council's pages; who votes.
    "dossiers.view_council": is_council_member | is_province_staff | is_leader,
    "dossiers.manage_sessions": is_council_secretariat,
    "dossiers.vote": is_council_member | is_leader,
    # Decisions: who signs a dossier's decision (the object is its route), sending, revoking.
    "dossiers.sign_decision": signs_route,
    "dossiers.mark_decision_sent": is_province_staff,
    "dossiers.revoke_award": is_province_staff,
    # Consultations (hiệp y): province TĐKT staff write to the agencies and record their answers; the province's
    # readers (leaders, council) see them. A unit sees only the status and the hold on its dossier's page: what a
    # police or tax office answered about a person is not shown to the person's unit.
    "dossiers.manage_consultations": is_province_staff,
    "dossiers.view_consultations": is_province_wide,
    "dossiers.manage_consultation_settings": is_province_staff,
}
for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)

SECRETARY_ONLY = _("Chỉ Thường trực Hội đồng được quản lý phiên họp.")


# Every page (URL name) and API operation of the app with its rule, checked by
# tests/test_authorization_matrix.py (a route missing here fails it). Rules: core/permissions.py "route rules".
ROUTES = {
    "dossiers:export": LOGIN,
    "dossiers:add_candidates": (LOGIN, "dossiers.edit_dossier"),
    "dossiers:appraisal": "dossiers.appraise",
    "dossiers:appraise_bulk": "dossiers.appraise",
    "dossiers:attachment_delete": "dossiers.edit_dossier",
    "dossiers:attachment_download": LOGIN,
    "dossiers:attachment_upload": "dossiers.edit_dossier",
    "dossiers:council": (LOGIN, "dossiers.manage_sessions"),
    "dossiers:council_member_edit": (LOGIN, "dossiers.manage_sessions"),
    "dossiers:council_member_relatives": (LOGIN, "dossiers.manage_sessions"),
    "dossiers:council_member_toggle": (LOGIN, "dossiers.manage_sessions"),
    "dossiers:council_members": (LOGIN, "dossiers.manage_sessions"),
    "dossiers:create": "dossiers.create_dossier",
    "dossiers:decision": (LOGIN, "dossiers.sign_decision"),
    "dossiers:decisions": LOGIN,
    "dossiers:decisions_export": LOGIN,
    "dossiers:detail": LOGIN,
    "dossiers:edit": (LOGIN, "dossiers.edit_dossier"),
    "dossiers:from_list": "dossiers.create_dossier",
    "dossiers:list": LOGIN,
    "dossiers:minutes": LOGIN,
    "dossiers:nomination_add": (LOGIN, "dossiers.edit_dossier"),
    "dossiers:nomination_check": LOGIN,
    "dossiers:nomination_delete": "dossiers.edit_dossier",
    "dossiers:nomination_edit": (LOGIN, "dossiers.edit_dossier"),
    "dossiers:overdue": LOGIN,
    "dossiers:posting": "dossiers.post_publicly",
    "dossiers:proposal_preview": (LOGIN, "dossiers.edit_dossier"),
    "dossiers:proposal_upload": LOGIN,
    "dossiers:revoke": "dossiers.revoke_award",
    "dossiers:session": (LOGIN, "dossiers.manage_sessions"),
    "dossiers:transition": (LOGIN, WORKFLOW),
    "dossiers:vote": (LOGIN, "dossiers.vote"),
    "dossiers:written_votes": "dossiers.manage_sessions",
    "dossiers:consultation_start": "dossiers.manage_consultations",
    "dossiers:consultation": ("dossiers.view_consultations", "dossiers.manage_consultations"),
    "dossiers:consultation_letter": "dossiers.manage_consultations",
    "dossiers:consultation_number": "dossiers.manage_consultations",
    "dossiers:consultation_close": "dossiers.manage_consultations",
    "dossiers:consultation_clear": "dossiers.manage_consultations",
    "dossiers:consultation_settings": "dossiers.manage_consultation_settings",
    "dossiers:consultation_agency": "dossiers.manage_consultation_settings",
}
API = {
    "DELETE /api/v1/dossiers/{pk}/nominations/{nomination_id}": "dossiers.edit_dossier",
    "GET /api/v1/dossiers/{pk}/attachments": LOGIN,
    "POST /api/v1/dossiers/{pk}/attachments": "dossiers.edit_dossier",
    "GET /api/v1/dossiers/attachments/{attachment_id}/file": LOGIN,
    "DELETE /api/v1/dossiers/attachments/{attachment_id}": "dossiers.edit_dossier",
    "POST /api/v1/dossiers/{pk}/nominations/{nomination_id}/appraisal": "dossiers.appraise",
    "GET /api/v1/dossiers/{pk}/decision": LOGIN,
    "POST /api/v1/dossiers/{pk}/decision": ("dossiers.sign", "dossiers.sign_decision"),
    "GET /api/v1/council/councils": LOGIN,
    "GET /api/v1/council/councils/{council_id}": LOGIN,
    "POST /api/v1/council/councils": "dossiers.manage_sessions",
    "PATCH /api/v1/council/councils/{council_id}": "dossiers.manage_sessions",
    "POST /api/v1/council/councils/{council_id}/members": "dossiers.manage_sessions",
    "PATCH /api/v1/council/members/{member_id}": "dossiers.manage_sessions",
    "GET /api/v1/council/members/{member_id}/relatives": "dossiers.manage_sessions",
    "POST /api/v1/council/members/{member_id}/relatives": "dossiers.manage_sessions",
    "DELETE /api/v1/council/members/{member_id}/relatives/{relative_id}": "dossiers.manage_sessions",
    "GET /api/v1/council/sessions": LOGIN,
    "POST /api/v1/council/sessions": "dossiers.manage_sessions",
    "GET /api/v1/council/sessions/{session_id}": LOGIN,
    "PUT /api/v1/council/sessions/{session_id}/attendance": "dossiers.manage_sessions",
    "POST /api/v1/council/sessions/{session_id}/agenda": "dossiers.manage_sessions",
    "POST /api/v1/council/sessions/{session_id}/open": "dossiers.manage_sessions",
    "POST /api/v1/council/sessions/{session_id}/close": "dossiers.manage_sessions",
    "GET /api/v1/council/ballots/{ballot_id}": LOGIN,
    "POST /api/v1/council/ballots/{ballot_id}/open": "dossiers.manage_sessions",
    "POST /api/v1/council/ballots/{ballot_id}/vote": "dossiers.vote",
    "POST /api/v1/council/ballots/{ballot_id}/paper": "dossiers.manage_sessions",
    "POST /api/v1/council/ballots/{ballot_id}/tally": "dossiers.manage_sessions",
    "GET /api/v1/dossiers": LOGIN,
    "GET /api/v1/dossiers/{pk}": LOGIN,
    "POST /api/v1/dossiers": "dossiers.create_dossier",
    "POST /api/v1/dossiers/{pk}/nominations": "dossiers.edit_dossier",
    "POST /api/v1/dossiers/{pk}/transition": WORKFLOW,
}

# Consultations (dossiers/api_consultations.py): reading as the consultation page, acting as its forms.
API.update({
    "GET /api/v1/dossiers/consultation-agencies": "dossiers.view_consultations",
    "GET /api/v1/dossiers/consultations": "dossiers.view_consultations",
    "GET /api/v1/dossiers/{pk}/consultations": "dossiers.view_consultations",
    "POST /api/v1/dossiers/{pk}/consultations": "dossiers.manage_consultations",
    "GET /api/v1/dossiers/consultations/{consultation_id}": "dossiers.view_consultations",
    "POST /api/v1/dossiers/consultations/{consultation_id}/replies": "dossiers.manage_consultations",
    "POST /api/v1/dossiers/consultations/{consultation_id}/number": "dossiers.manage_consultations",
    "POST /api/v1/dossiers/consultations/{consultation_id}/close": "dossiers.manage_consultations",
    "POST /api/v1/dossiers/consultations/replies/{reply_id}/clear": "dossiers.manage_consultations",
    "GET /api/v1/dossiers/consultations/{consultation_id}/agencies/{agency_id}/letter.docx":
        "dossiers.manage_consultations",
    "GET /api/v1/dossiers/consultation-policy": "dossiers.view_consultations",
    "PUT /api/v1/dossiers/consultation-policy": "dossiers.manage_consultation_settings",
    "POST /api/v1/dossiers/consultation-agencies": "dossiers.manage_consultation_settings",
    "PUT /api/v1/dossiers/consultation-agencies/{agency_id}": "dossiers.manage_consultation_settings",
})
