"""Rules of the notifications pages and API (CONVENTIONS.md "Permissions: one layer"): every signed-in user reads
and marks only the notifications addressed to them (the queries filter on the recipient), so no permission beyond
signing in is needed."""

from thidua.core.permissions import LOGIN

# Every page (URL name) and API operation of the app with its rule, checked by
# tests/test_authorization_matrix.py (a route missing here fails it). Rules: core/permissions.py "route rules".
ROUTES = {
    "notifications:inbox": LOGIN,
    "notifications:open": LOGIN,
    "notifications:preferences": LOGIN,
    "notifications:read_all": LOGIN,
}
API = {
    "GET /api/v1/notifications": LOGIN,
    "POST /api/v1/notifications/read-all": LOGIN,
    "POST /api/v1/notifications/{pk}/read": LOGIN,
}
