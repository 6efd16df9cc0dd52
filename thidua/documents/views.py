"""Document downloads for signed-in users. Every object is fetched through the scoping mechanism
(`get_visible_or_404`), so a record outside the user's scope is a 404, never a file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from thidua.awards.models import Award
from thidua.core.audit import record
from thidua.core.scoping import get_visible_or_404
from thidua.documents import services
from thidua.documents.certificates import PDF_MIME, certificates_pdf


def attachment(data: bytes, mime: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def safe_name(*parts) -> str:
    return "-".join(slugify(str(p).replace("/", "-").replace("đ", "d").replace("Đ", "D")) for p in parts if p)


@login_required
@require_GET
def award_certificate(request, pk):
    award = get_visible_or_404(Award.objects.select_related("award_type", "person", "unit"), request.user, pk=pk)
    try:
        pages = services.certificates_for([award], user=request.user, signers=services.signers_for([award]))
    except services.CertificateRefused as exc:
        messages.error(request, str(exc))
        return redirect(request.META.get("HTTP_REFERER") or "home")
    record(award, "export", user=request.user, note="In bằng, giấy chứng nhận (PDF)")
    return attachment(certificates_pdf(pages), PDF_MIME, f"{safe_name('khen-thuong', award.pk, award.recipient_name)}.pdf")
