"""What a user may do with a dossier's documents (CONVENTIONS.md "Permissions: one layer")."""

import rules
from django.utils.translation import gettext_lazy as _

from thidua.core.permissions import LOGIN, PUBLIC, is_province_staff, is_province_wide

# Drafts (an unsigned decision, the Tờ trình, the annex) are the province's internal papers.
rules.add_perm("documents.download_drafts", is_province_wide)
# Publishing a decision, recording the signed Tờ trình: province TĐKT staff.
rules.add_perm("documents.publish_decision", is_province_staff)
rules.add_perm("documents.record_proposal", is_province_staff)

DRAFTS_ONLY = _("Chỉ cán bộ cấp tỉnh được tải dự thảo quyết định và tờ trình.")


# Every page (URL name) and API operation of the app with its rule, checked by
# tests/test_authorization_matrix.py (a route missing here fails it). Rules: core/permissions.py "route rules".
ROUTES = {
    "documents:annex_xlsx": "documents.download_drafts",
    "documents:award_certificate": LOGIN,
    "documents:decision_certificates": LOGIN,
    "documents:decision_docx": "documents.download_drafts",
    "documents:dossier": LOGIN,
    "documents:index": LOGIN,
    "documents:minutes_docx": LOGIN,
    "documents:proposal_docx": "documents.download_drafts",
    "documents:proposal_record": "dossiers.record_proposal",
    "documents:publication": "documents.publish_decision",
    "public:decision": PUBLIC,
    "public:results": PUBLIC,
    "public:verify": PUBLIC,
    "public:verify_form": PUBLIC,
}
API = {
    "GET /api/v1/decisions": LOGIN,
    "GET /api/v1/decisions/{decision_id}": LOGIN,
    "GET /api/v1/decisions/{decision_id}/decision.docx": LOGIN,
    "GET /api/v1/decisions/{decision_id}/annex.xlsx": LOGIN,
    "GET /api/v1/decisions/{decision_id}/certificates.pdf": LOGIN,
    "POST /api/v1/decisions/{decision_id}/sent": "dossiers.mark_decision_sent",
    "GET /api/v1/decisions/{decision_id}/publication": LOGIN,
    "POST /api/v1/decisions/{decision_id}/publication": "documents.publish_decision",
    "DELETE /api/v1/decisions/{decision_id}/publication": "documents.publish_decision",
    "GET /api/v1/decisions/sessions/{session_id}/minutes.docx": LOGIN,
}
