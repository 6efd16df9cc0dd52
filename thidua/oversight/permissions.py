"""What a user may do in inspections and petitions (CONVENTIONS.md "Permissions: one layer"). Province TĐKT staff
plan inspections, record findings and handle petitions; the responsible unit's officer reports its remediation
(`Finding.objects.reportable_by`). Petitioners' names, addresses and phones are shown to province staff only."""

import rules
from django.utils.translation import gettext_lazy as _

from thidua.core.permissions import LOGIN, is_province_staff


@rules.predicate
def reports_remediation(user, finding) -> bool:
    from thidua.oversight.models import Finding

    return finding is not None and Finding.objects.reportable_by(user).filter(pk=finding.pk).exists()


rules.add_perm("oversight.manage", is_province_staff)
rules.add_perm("oversight.view_petitioner", is_province_staff)
# The responsible unit's officer or group head (not its leader, who reads), or province staff.
rules.add_perm("oversight.report_remediation", reports_remediation)

PROVINCE_ONLY = _("Chỉ cán bộ TĐKT cấp tỉnh được thực hiện thao tác này.")


# Every page (URL name) and API operation of the app with its rule, checked by
# tests/test_authorization_matrix.py (a route missing here fails it). Rules: core/permissions.py "route rules".
ROUTES = {
    "oversight:evidence_download": LOGIN,
    "oversight:finding_create": (LOGIN, "oversight.manage"),
    "oversight:finding_detail": LOGIN,
    "oversight:finding_edit": (LOGIN, "oversight.manage"),
    "oversight:finding_export": LOGIN,
    "oversight:finding_list": LOGIN,
    "oversight:finding_overdue": LOGIN,
    "oversight:finding_report": (LOGIN, "oversight.report_remediation"),
    "oversight:finding_review": "oversight.manage",
    "oversight:finding_violation": "oversight.manage",
    "oversight:index": LOGIN,
    "oversight:inspection_action": "oversight.manage",
    "oversight:inspection_create": (LOGIN, "oversight.manage"),
    "oversight:inspection_detail": LOGIN,
    "oversight:inspection_edit": (LOGIN, "oversight.manage"),
    "oversight:inspection_list": LOGIN,
    "oversight:inspection_export": LOGIN,
    "oversight:inspection_notice": LOGIN,
    "oversight:petition_action": "oversight.manage",
    "oversight:petition_create": (LOGIN, "oversight.manage"),
    "oversight:petition_detail": LOGIN,
    "oversight:petition_edit": (LOGIN, "oversight.manage"),
    "oversight:petition_export": LOGIN,
    "oversight:petition_list": LOGIN,
    "oversight:petition_overdue": LOGIN,
    "oversight:plan_create": (LOGIN, "oversight.manage"),
    "oversight:plan_detail": LOGIN,
    "oversight:plan_edit": (LOGIN, "oversight.manage"),
    "oversight:plan_export": LOGIN,
    "oversight:plan_list": LOGIN,
}
API = {
    "POST /api/v1/oversight/inspections/{inspection_id}/start": "oversight.manage",
    "POST /api/v1/oversight/inspections/{inspection_id}/conclude": "oversight.manage",
    "POST /api/v1/oversight/inspections/{inspection_id}/cancel": "oversight.manage",
    "POST /api/v1/oversight/inspections/{inspection_id}/findings": "oversight.manage",
    "POST /api/v1/oversight/findings/{finding_id}/remediation": "oversight.report_remediation",
    "POST /api/v1/oversight/findings/{finding_id}/remediation-report": "oversight.report_remediation",
    "POST /api/v1/oversight/findings/{finding_id}/review": "oversight.manage",
    "POST /api/v1/oversight/petitions/{petition_id}/steps": "oversight.manage",
    "GET /api/v1/oversight/findings": LOGIN,
    "GET /api/v1/oversight/findings/{finding_id}": LOGIN,
    "GET /api/v1/oversight/inspection-plans": LOGIN,
    "GET /api/v1/oversight/inspections": LOGIN,
    "GET /api/v1/oversight/inspections/{inspection_id}": LOGIN,
    "GET /api/v1/oversight/petitions": LOGIN,
    "GET /api/v1/oversight/petitions/{petition_id}": LOGIN,
    "GET /api/v1/oversight/inspection-plans/{plan_id}": LOGIN,
    "POST /api/v1/oversight/inspection-plans": "oversight.manage",
    "PUT /api/v1/oversight/inspection-plans/{plan_id}": "oversight.manage",
    "POST /api/v1/oversight/inspections": "oversight.manage",
    "PUT /api/v1/oversight/inspections/{inspection_id}": "oversight.manage",
    "GET /api/v1/oversight/inspections/{inspection_id}/notice.docx": LOGIN,
    # XLSX exports: what the user sees, as on the pages' export buttons (login only, scoped by the query).
    "GET /api/v1/oversight/inspections/export.xlsx": LOGIN,
    "GET /api/v1/oversight/findings/export.xlsx": LOGIN,
    "GET /api/v1/oversight/petitions/export.xlsx": LOGIN,
    "GET /api/v1/oversight/inspection-plans/{plan_id}/inspections.xlsx": LOGIN,
    "PUT /api/v1/oversight/findings/{finding_id}": "oversight.manage",
    "POST /api/v1/oversight/findings/{finding_id}/violation": "oversight.manage",
    "GET /api/v1/oversight/evidence/{evidence_id}/file": LOGIN,
    "POST /api/v1/oversight/petitions": "oversight.manage",
    "PUT /api/v1/oversight/petitions/{petition_id}": "oversight.manage",
}
