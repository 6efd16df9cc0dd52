"""Public pages: anyone may open them, so they show only what is meant for the public (DESIGN.md §1):
for a certificate the recipient's name, the award, its year, the decision and whether it was revoked."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from thidua.documents.models import Certificate, normalise_code


@require_GET
def verify_form(request):
    code = normalise_code(request.GET.get("ma", ""))
    if code:
        return redirect("public:verify", code=code)
    return render(request, "documents/public/verify_form.html")


@require_GET
def verify(request, code):
    cert = (
        Certificate.objects.select_related("award__award_type", "award__person", "award__unit")
        .filter(code=normalise_code(code))
        .first()
    )
    if cert is None:
        return render(request, "documents/public/verify_unknown.html", {"code": code[:40]}, status=404)
    award = cert.award
    facts = {
        "name": award.recipient_name,
        "award": award.award_type.name,
        "year": award.year,
        "decision_number": award.decision_number,
        "decision_date": award.decision_date,
        "decision_issuer": award.decision_issuer or award.award_type.conferred_by,
        "revoked": award.revoked,
        "revoked_on": award.revoked_on,
        "revoked_reason": award.revoked_reason,
        "revoked_decision": award.revoked_decision,
        "issued_at": cert.issued_at,
        "code": cert.code,
    }
    return render(request, "documents/public/verify.html", {"f": facts})
