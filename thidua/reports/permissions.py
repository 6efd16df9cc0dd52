"""What a user may do with reports and statistics forms (CONVENTIONS.md "Permissions: one layer")."""

import rules

from thidua.core.permissions import LOGIN, is_leader, is_unit_leader


@rules.predicate
def heads_this_unit(user, unit) -> bool:
    return unit is not None and user.unit_id == unit.pk


@rules.predicate
def is_root_unit(user, unit) -> bool:
    return unit is not None and unit.parent_id is None


# The unit's head (Thủ trưởng đơn vị: role unit_leader of that very unit) signs its statistics forms; for the
# province (the root unit) the province's leaders (role leader). An administrator is not a unit head.
rules.add_perm("reports.sign_off", (is_unit_leader & heads_this_unit) | (is_leader & is_root_unit))


# Every page (URL name) and API operation of the app with its rule, checked by
# tests/test_authorization_matrix.py (a route missing here fails it). Rules: core/permissions.py "route rules".
ROUTES = {
    "reports:award_statistics_export": LOGIN,
    "reports:awards": LOGIN,
    "reports:dashboard": LOGIN,
    "reports:periodic": LOGIN,
    "reports:statistics_forms": LOGIN,
}
API = {
    "GET /api/v1/reports/awards": LOGIN,
    "GET /api/v1/reports/statistics-forms": LOGIN,
    "GET /api/v1/reports/statistics-forms/{key}": LOGIN,
    "GET /api/v1/reports/statistics-forms/{key}/workbook.xlsx": LOGIN,
    "POST /api/v1/reports/statistics-forms/{key}/signoff": "reports.sign_off",
}
