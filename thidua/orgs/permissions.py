"""What a user may do to units, groups and people (CONVENTIONS.md "Permissions: one layer"). Reading goes through
`visible_to`; which units and people an editor may change is the querysets' `editable_by` (orgs/models.py).

- Province staff manage the unit tree, the lineage of merged units, emulation groups and their leadership.
- Editors (province staff, a unit's officer, a group head) add and change the people and sub-units of their scope.
- Citizen ids and birth dates in full: `core.view_personal_data` (core/permissions.py, Decree 13/2023).
"""

import rules
from django.utils.translation import gettext_lazy as _

from thidua.core.permissions import LOGIN, is_editor, is_province_staff

rules.add_perm("orgs.manage_structure", is_province_staff)
rules.add_perm("orgs.merge_people", is_province_staff)  # whole-province records: TĐKT staff, not the read-only roles
rules.add_perm("orgs.edit_records", is_editor)

PROVINCE_ONLY = _("Chỉ cán bộ TĐKT cấp tỉnh (Sở Nội vụ) được thực hiện thao tác này.")
READ_ONLY = _("Vai trò của bạn chỉ được xem, không được sửa dữ liệu.")


# Every page (URL name) and API operation of the app with its rule, checked by
# tests/test_authorization_matrix.py (a route missing here fails it). Rules: core/permissions.py "route rules".
ROUTES = {
    "orgs:group_create": "orgs.manage_structure",
    "orgs:group_detail": LOGIN,
    "orgs:group_edit": "orgs.manage_structure",
    "orgs:group_leadership_remove": "orgs.manage_structure",
    "orgs:group_leadership_set": "orgs.manage_structure",
    "orgs:group_list": LOGIN,
    "orgs:group_member_add": "orgs.manage_structure",
    "orgs:group_member_remove": "orgs.manage_structure",
    "orgs:index": LOGIN,
    "orgs:period_list": (LOGIN, "orgs.manage_structure"),
    "orgs:person_choices": LOGIN,
    "orgs:person_create": "orgs.edit_records",
    "orgs:person_detail": LOGIN,
    "orgs:person_edit": "core.edit_records",
    "orgs:person_export": LOGIN,
    "orgs:person_import": "orgs.edit_records",
    "orgs:person_list": LOGIN,
    "orgs:person_merge": "orgs.merge_people",
    "orgs:person_template": LOGIN,
    "orgs:unit_choices": LOGIN,
    "orgs:unit_create": "orgs.edit_records",
    "orgs:unit_detail": LOGIN,
    "orgs:unit_edit": "core.edit_records",
    "orgs:unit_import": "orgs.edit_records",
    "orgs:unit_lineage": LOGIN,
    "orgs:unit_list": LOGIN,
    "orgs:unit_template": LOGIN,
}
API = {
    "DELETE /api/v1/orgs/groups/{group_id}/leadership/{leadership_id}": "orgs.manage_structure",
    "GET /api/v1/orgs/groups": LOGIN,
    "GET /api/v1/orgs/groups/{group_id}": LOGIN,
    "GET /api/v1/orgs/groups/{group_id}/members": LOGIN,
    "GET /api/v1/orgs/people/merge": "orgs.merge_people",
    "GET /api/v1/orgs/periods": LOGIN,
    "GET /api/v1/orgs/people": LOGIN,
    "GET /api/v1/orgs/people/{person_id}": LOGIN,
    "GET /api/v1/orgs/units": LOGIN,
    "GET /api/v1/orgs/units/{unit_id}": LOGIN,
    "PATCH /api/v1/orgs/groups/{group_id}": "orgs.manage_structure",
    "PATCH /api/v1/orgs/people/{person_id}": "core.edit_records",
    "PATCH /api/v1/orgs/units/{unit_id}": "core.edit_records",
    "POST /api/v1/orgs/groups": "orgs.manage_structure",
    "POST /api/v1/orgs/groups/{group_id}/leadership": "orgs.manage_structure",
    "POST /api/v1/orgs/groups/{group_id}/members": "orgs.manage_structure",
    "POST /api/v1/orgs/groups/{group_id}/members/{member_id}/leave": "orgs.manage_structure",
    "POST /api/v1/orgs/people": "orgs.edit_records",
    "POST /api/v1/orgs/people/import": "orgs.edit_records",
    "POST /api/v1/orgs/people/merge": "orgs.merge_people",
    "POST /api/v1/orgs/periods": "orgs.manage_structure",
    "POST /api/v1/orgs/units": "orgs.edit_records",
    "POST /api/v1/orgs/units/import": "orgs.edit_records",
    "POST /api/v1/orgs/units/{unit_id}/dissolve": "core.edit_records",
    "POST /api/v1/orgs/units/{unit_id}/merge": "core.edit_records",
    "POST /api/v1/orgs/units/{unit_id}/rename": "core.edit_records",
    "POST /api/v1/orgs/units/{unit_id}/split": "core.edit_records",
}
