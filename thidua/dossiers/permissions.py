"""Permissions of the dossiers area (CONVENTIONS.md "Permissions: one layer"), built from the shared predicates.

The workflow table (`workflow.py`) still names the roles of each step; these cover the pages around it."""

import rules

from thidua.core.permissions import is_province_staff, is_province_wide

# Consultations (hiệp y): province TĐKT staff write to the agencies and record their answers; the province's
# readers (leaders, council) see them. A unit sees only the status and the hold on its dossier's page: what a
# police or tax office answered about a person is not shown to the person's unit.
rules.add_perm("dossiers.manage_consultations", is_province_staff)
rules.add_perm("dossiers.view_consultations", is_province_wide)
rules.add_perm("dossiers.manage_consultation_settings", is_province_staff)
