"""Who may act on report requests (`rules` predicates; reading is `visible_to`, outside scope = 404).

- The province's TĐKT officers issue requests, keep the templates, remind units, return or accept a unit's report
  and compile the province's own report.
- A unit's TĐKT officer prepares the unit's report while it is a draft or was returned, and sends it to the head.
- The unit's head (unit_leader) approves it — only then does it go to the province — or returns it with a reason.
Administrators (superusers) pass every `has_perm`: they act as province staff.
"""

import rules

from thidua.core.permissions import LOGIN, acts_for_unit, has_role, is_province_staff, is_unit_leader
from thidua.core.roles import Role

is_unit_editor = has_role(Role.UNIT_OFFICER, Role.GROUP_HEAD)


def _in(*states):
    names = frozenset(states)

    @rules.predicate(name=f"status_in({', '.join(sorted(names))})")
    def predicate(user, submission) -> bool:
        return submission is not None and submission.status in names

    return predicate


is_editable = _in("draft", "returned")
is_awaiting_unit_approval = _in("awaiting_unit_approval")
is_submitted = _in("submitted")

rules.add_perm("reporting.manage_requests", is_province_staff)
rules.add_perm("reporting.prepare_submission", is_unit_editor & acts_for_unit & is_editable)
rules.add_perm("reporting.approve_submission", is_unit_leader & acts_for_unit & is_awaiting_unit_approval)
rules.add_perm("reporting.review_submission", is_province_staff & is_submitted)

# Every page (URL name) and API operation of the app with its rule, checked by
# tests/test_authorization_matrix.py (a route missing here fails it). Rules: core/permissions.py "route rules".
ROUTES = {
    "reporting:request_list": LOGIN,
    "reporting:request_create": "reporting.manage_requests",
    "reporting:request_detail": (LOGIN, "reporting.manage_requests"),
    "reporting:request_remind": "reporting.manage_requests",
    "reporting:request_compile": "reporting.manage_requests",
    "reporting:submission_detail": LOGIN,
    "reporting:submission_save": (LOGIN, "reporting.prepare_submission"),
    "reporting:submission_approve": (LOGIN, "reporting.approve_submission"),
    "reporting:submission_return": (LOGIN, ("reporting.approve_submission", "reporting.review_submission")),
    "reporting:submission_accept": (LOGIN, "reporting.review_submission"),
    "reporting:attachment_download": LOGIN,
    "reporting:template_list": "reporting.manage_requests",
    "reporting:template_create": "reporting.manage_requests",
    "reporting:template_edit": "reporting.manage_requests",
}
API = {
    "GET /api/v1/reporting/requests": LOGIN,
    "GET /api/v1/reporting/requests/{request_id}": LOGIN,
    "POST /api/v1/reporting/requests": "reporting.manage_requests",
    "POST /api/v1/reporting/requests/{request_id}/remind": "reporting.manage_requests",
    "GET /api/v1/reporting/requests/{request_id}/report.docx": "reporting.manage_requests",
    "GET /api/v1/reporting/submissions": LOGIN,
    "GET /api/v1/reporting/submissions/{submission_id}": LOGIN,
    "PUT /api/v1/reporting/submissions/{submission_id}": "reporting.prepare_submission",
    "POST /api/v1/reporting/submissions/{submission_id}/attachments": "reporting.prepare_submission",
    "POST /api/v1/reporting/submissions/{submission_id}/steps": (
        "reporting.prepare_submission",
        "reporting.approve_submission",
        "reporting.review_submission",
    ),
    "GET /api/v1/reporting/attachments/{attachment_id}/file": LOGIN,
    "GET /api/v1/reporting/templates": "reporting.manage_requests",
    "POST /api/v1/reporting/templates": "reporting.manage_requests",
    "PUT /api/v1/reporting/templates/{template_id}": "reporting.manage_requests",
}
