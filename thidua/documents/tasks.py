"""Jobs of the documents room (thidua/core/jobs.py): a whole decision's certificates (Bằng khen, Giấy chứng nhận)
as one PDF, however many — rendered a hundred pages at a time with progress, then joined."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core import jobs

CHUNK = 100


@jobs.handler("documents.certificates", gettext_lazy("In bằng, giấy chứng nhận của cả quyết định"))
def decision_certificates(job, progress):
    """The certificates of the decision's awards the job's owner may see (of one unit when `params["unit"]`).
    Certificates are issued once per award, so a second run prints the same codes."""
    from weasyprint import HTML

    from thidua.awards.models import Award
    from thidua.documents import services
    from thidua.documents.certificates import certificates_html
    from thidua.dossiers.models import Decision, Nomination

    decision = Decision.objects.get(pk=job.target_id)
    award_ids = Nomination.objects.filter(decision=decision).exclude(award=None).values("award_id")
    awards = Award.objects.visible_to(job.owner).filter(pk__in=award_ids, revoked=False)
    if job.params.get("unit"):
        awards = awards.filter(unit_id=job.params["unit"])
    awards = list(services.awards_for_certificates(awards))
    pages = services.certificates_for(awards, user=job.owner)
    progress(0, len(pages))
    documents = []
    for start in range(0, len(pages), CHUNK):
        documents.append(HTML(string=certificates_html(pages[start : start + CHUNK])).render())
        progress(min(start + CHUNK, len(pages)))
    joined = documents[0].copy([page for document in documents for page in document.pages])
    number = decision.number.replace("/", "-")
    progress.save_result(f"bang-khen-{number}.pdf", joined.write_pdf())
    return _("Đã in %(n)s bằng, giấy chứng nhận.") % {"n": len(pages)}
