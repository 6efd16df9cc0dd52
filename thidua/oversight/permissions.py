"""What a user may do in inspections and petitions (CONVENTIONS.md "Permissions: one layer"). Province TĐKT staff
plan inspections, record findings and handle petitions; the responsible unit's officer reports its remediation
(`Finding.objects.reportable_by`). Petitioners' names, addresses and phones are shown to province staff only."""

import rules
from django.utils.translation import gettext_lazy as _

from thidua.core.permissions import is_province_staff


@rules.predicate
def reports_remediation(user, finding) -> bool:
    from thidua.oversight.models import Finding

    return finding is not None and Finding.objects.reportable_by(user).filter(pk=finding.pk).exists()


rules.add_perm("oversight.manage", is_province_staff)
rules.add_perm("oversight.view_petitioner", is_province_staff)
# The responsible unit's officer or group head (not its leader, who reads), or province staff.
rules.add_perm("oversight.report_remediation", reports_remediation)

PROVINCE_ONLY = _("Chỉ cán bộ TĐKT cấp tỉnh được thực hiện thao tác này.")
