"""Public pages: anyone may open them, so they show only what is meant for the public (DESIGN.md §1):
for a certificate the recipient's name, the award, its year, the decision and whether it was revoked; for a
published decision its number, date, summary and, per awardee, the name, award and unit (the publication
snapshot holds nothing else)."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from thidua.core.pagination import keyset_page, paginate
from thidua.core.text import search_terms
from thidua.documents import services
from thidua.documents.models import Certificate, Publication, PublishedAwardee, normalise_code


@require_GET
def verify_form(request):
    code = normalise_code(request.GET.get("ma", ""))
    if code:
        return redirect("public:verify", code=code)
    return render(request, "documents/public/verify_form.html")


# Callables (request, code) -> HttpResponse | None asked for codes no certificate carries now; apps that build on
# documents register here (arrows stay one way).
VERIFY_FALLBACKS: list = []


@require_GET
def verify(request, code):
    cert = (
        Certificate.objects.select_related("award__award_type", "award__person", "award__unit")
        .filter(code=normalise_code(code))
        .first()
    )
    if cert is None:
        for lookup in VERIFY_FALLBACKS:  # e.g. a replaced certificate's old code (rewards app)
            response = lookup(request, normalise_code(code))
            if response is not None:
                return response
        return render(request, "documents/public/verify_unknown.html", {"code": code[:40]}, status=404)
    award = cert.award
    facts = {
        "name": award.recipient_name,
        "award": award.award_type.name,
        "year": award.year,
        "decision_number": award.decision_number,
        "decision_date": award.decision_date,
        "decision_issuer": services.issuer_text(award, services.conferrals_for([award]).get(award.pk)),
        "revoked": award.revoked,
        "revoked_on": award.revoked_on,
        "revoked_reason": award.revoked_reason,
        "revoked_decision": award.revoked_decision,
        "issued_at": cert.issued_at,
        "code": cert.code,
    }
    return render(request, "documents/public/verify.html", {"f": facts})


def _search(qs, query: str):
    for term in search_terms(query):
        qs = qs.filter(search_text__contains=term)
    return qs


@require_GET
def results(request):
    """Published decisions and, when searching, the matching awardees across them (search without diacritics)."""
    query = request.GET.get("q", "").strip()[:200]
    context = {"query": query}
    if query:
        qs = _search(PublishedAwardee.objects.select_related("publication", "award"), query)
        context["awardees"] = keyset_page(qs, ["sort_key", "id"], request.GET.get("sau"), size=50)
    else:
        context["publications"] = keyset_page(Publication.objects.all(), ["-signed_on", "-id"],
                                              request.GET.get("sau"), size=30)
    return render(request, "documents/public/results.html", context)


@require_GET
def published_decision(request, pk):
    publication = Publication.objects.filter(pk=pk).first()
    if publication is None:
        return render(request, "documents/public/not_found.html", status=404)
    query = request.GET.get("q", "").strip()[:200]
    qs = _search(publication.awardees.select_related("award"), query)
    page = paginate(request, qs, ["sort_key", "id"], size=100)
    return render(request, "documents/public/decision.html", {"p": publication, "page": page, "query": query})
