"""What a user may do to the award history and the award rules' parameters (CONVENTIONS.md "Permissions: one
layer"). Not `rules.py`: `awards.rules` is the eligibility engine."""

import rules
from django.utils.translation import gettext_lazy as _

from thidua.core.permissions import LOGIN, PUBLIC, is_editor, is_leader, is_province_staff


@rules.predicate
def confers_locally(user, award) -> bool:
    from thidua.awards.models import AwardType

    return award is not None and award.award_type.level == AwardType.Level.LOCAL


# The rules' parameters, the base salary, the quota caps (tỷ lệ tối đa): province staff.
rules.add_perm("awards.manage_parameters", is_province_staff)
# The award history, legacy imports: editors, within their scope (`editable_by`).
rules.add_perm("awards.edit_records", is_editor)
# A unit revokes only what it may confer itself (Luật Art 93: the body that awarded annuls); the province any.
rules.add_perm("awards.revoke_award", is_province_staff | (is_editor & confers_locally))
# Bonus amounts: the province's TĐKT staff and its leaders only (issue 14).
rules.add_perm("awards.view_amounts", is_province_staff | is_leader)

PROVINCE_ONLY = _("Chỉ cán bộ TĐKT cấp tỉnh được thực hiện thao tác này.")


# Every page (URL name) and API operation of the app with its rule, checked by
# tests/test_authorization_matrix.py (a route missing here fails it). Rules: core/permissions.py "route rules".
ROUTES = {
    "awards:award_add": "core.edit_records",
    "awards:award_detail": LOGIN,
    "awards:award_revoke": "awards.revoke_award",
    "awards:candidates": LOGIN,
    "awards:catalogue": LOGIN,
    "awards:duplicates": LOGIN,
    "awards:import_cancel": (LOGIN, "awards.edit_records"),
    "awards:import_commit": (LOGIN, "awards.edit_records"),
    "awards:import_detail": (LOGIN, "awards.edit_records"),
    "awards:import_errors": (LOGIN, "awards.edit_records"),
    "awards:import_list": "awards.edit_records",
    "awards:import_progress": (LOGIN, "awards.edit_records"),
    "awards:import_review": (LOGIN, "awards.edit_records"),
    "awards:import_template": LOGIN,
    "awards:index": LOGIN,
    "awards:parameters": "awards.manage_parameters",
    "awards:person_eligibility": LOGIN,
    "awards:person_history": LOGIN,
    "awards:proceeding_close": "core.edit_records",
    "awards:quota": (LOGIN, "awards.manage_parameters"),
    "awards:record_add": "core.edit_records",
    "awards:register": LOGIN,
    "awards:register_export": LOGIN,
    "awards:unit_eligibility": LOGIN,
    "awards:unit_history": LOGIN,
}
API = {
    "GET /api/v1/awards/catalogue": LOGIN,
    "GET /api/v1/awards": LOGIN,
    "POST /api/v1/awards": "core.edit_records",
    "GET /api/v1/awards/{award_id}": LOGIN,
    "PATCH /api/v1/awards/{award_id}": "core.edit_records",
    "POST /api/v1/awards/{award_id}/revoke": "awards.revoke_award",
    "GET /api/v1/awards/ratings": LOGIN,
    "POST /api/v1/awards/ratings": "core.edit_records",
    "GET /api/v1/awards/initiatives": LOGIN,
    "POST /api/v1/awards/initiatives": "core.edit_records",
    "GET /api/v1/awards/disciplines": LOGIN,
    "POST /api/v1/awards/disciplines": "core.edit_records",
    "GET /api/v1/eligibility/rules": PUBLIC,
    "POST /api/v1/eligibility/check": PUBLIC,
}
