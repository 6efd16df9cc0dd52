"""Decisions API at /api/v1/decisions: signed decisions the user may see (scoped like the documents pages: a
decision outside the user's scope is a 404), their annexed awards, and their documents as files — the Quyết định
(DOCX, Decree 30/2020 layout), the annexed list (XLSX) and the certificates (PDF). A council session's minutes
(DOCX): /api/v1/decisions/sessions/{id}/minutes.docx, for the council and the province's staff only."""

import datetime as dt

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from thidua.api.schemas import READ_ERRORS, WRITE_ERRORS, Detail, documented, page
from thidua.awards.models import Award
from thidua.core import jobs
from thidua.core.audit import record
from thidua.core.replica import reads_from_replica
from thidua.core.scoping import get_visible_or_404
from thidua.documents import rendering, services
from thidua.documents import views as document_views
from thidua.documents.certificates import PDF_MIME, certificates_pdf
from thidua.documents.views import attachment, safe_name
from thidua.dossiers import services as dossier_services
from thidua.dossiers.models import Decision, Nomination

prefix = "/decisions"
router = Router(tags=["decisions"])
exception_handlers = {services.CertificateRefused: 409}

# The conferring authority a decision is signed under (Decision.authority_kind's choices).
AuthorityKinds = [value for value, _label in Decision._meta.get_field("authority_kind").choices]

DOCX = {"200": {"description": "Tệp Word (.docx)", "content": {rendering.DOCX_MIME: {}}}}
XLSX = {"200": {"description": "Tệp Excel (.xlsx)", "content": {rendering.XLSX_MIME: {}}}}
PDF = {"200": {"description": "Tệp PDF", "content": {PDF_MIME: {}}}}


class JobStarted(Schema):
    detail: str
    job: int  # the background job printing the file
    url: str  # its page: progress, and the file to download when it is done


class DecisionListItem(Schema):
    id: int
    number: str
    year: int
    signed_on: dt.date
    signer_name: str
    signer_title: str
    summary: str
    dossier_id: int
    unit: str
    sent_on: dt.date | None


class DecisionPage(Schema):
    items: list[DecisionListItem]
    next_cursor: str | None


class AnnexRow(Schema):
    nomination_id: int
    award_id: int | None
    nominee: str
    kind: documented(Nomination.Kind)
    award: str
    award_name: str
    revoked: bool


class DecisionDetailOut(DecisionListItem):
    authority_kind: documented(AuthorityKinds)
    signer_capacity: documented(["head", "deputy"])
    annex: list[AnnexRow]


def _item(d) -> dict:
    return {
        "id": d.pk,
        "number": d.number,
        "year": d.year,
        "signed_on": d.signed_on,
        "signer_name": d.signer_name,
        "signer_title": d.signer_title,
        "summary": d.summary,
        "dossier_id": d.dossier_id,
        "unit": d.dossier.unit.name,
        "sent_on": d.sent_on,
    }


def _decision(request, pk) -> Decision:
    return get_visible_or_404(Decision.objects.for_rendering(), request.user, pk=pk)


@router.get(
    "",
    response=DecisionPage,
    summary="Quyết định khen thưởng đã ký (mới nhất trước, phân trang bằng con trỏ)",
)
@reads_from_replica
def list_decisions(
    request,
    year: int | None = None,
    unit: int | None = None,
    q: str = "",
    cursor: str | None = None,
    limit: int = 50,
):
    qs = Decision.objects.visible_to(request.user).for_rendering()
    if year is not None:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(dossier__unit_id=unit)
    if q.strip():
        qs = qs.filter(number__icontains=q.strip()) | qs.filter(summary__icontains=q.strip())
    result = page(qs, ["-signed_on", "-id"], cursor, limit)
    return {"items": [_item(d) for d in result.rows], "next_cursor": result.next_cursor}


@router.get(
    "/{int:decision_id}",
    response={200: DecisionDetailOut, **READ_ERRORS},
    summary="Một quyết định với danh sách khen thưởng kèm theo",
)
def get_decision(request, decision_id: int):
    d = _decision(request, decision_id)
    annex = [
        {
            "nomination_id": n.pk,
            "award_id": n.award_id,
            "nominee": n.nominee_name,
            "kind": n.kind,
            "award": n.award_type.code,
            "award_name": n.award_type.name,
            "revoked": bool(n.award_id and n.award.revoked),
        }
        for n in d.annex().select_related("award")
    ]
    return {
        **_item(d),
        "authority_kind": d.authority_kind,
        "signer_capacity": d.signer_capacity,
        "annex": annex,
    }


@router.get(
    "/{int:decision_id}/decision.docx",
    response={200: None, **READ_ERRORS},
    summary="Tải Quyết định (DOCX, thể thức Nghị định 30/2020)",
    openapi_extra={"responses": DOCX},
)
def decision_docx(request, decision_id: int):
    d = _decision(request, decision_id)
    data = rendering.decision_docx(services.decision_document(d.dossier))
    record(d, "export", user=request.user, note=_("Tải Quyết định (DOCX)"))
    return attachment(data, rendering.DOCX_MIME, f"{safe_name('quyet-dinh', d.number)}.docx")


@router.get(
    "/{int:decision_id}/annex.xlsx",
    response={200: None, **READ_ERRORS},
    summary="Tải danh sách khen thưởng kèm theo quyết định (XLSX)",
    openapi_extra={"responses": XLSX},
)
def annex_xlsx(request, decision_id: int):
    d = _decision(request, decision_id)
    doc = services.decision_document(d.dossier)
    data = rendering.list_xlsx(
        doc.entries, title=f"DANH SÁCH {doc.annex_title}", reference=doc.annex_reference
    )
    record(d, "export", user=request.user, note=_("Tải danh sách kèm theo (XLSX)"))
    return attachment(data, rendering.XLSX_MIME, f"{safe_name('danh-sach', d.number)}.xlsx")


@router.get(
    "/{int:decision_id}/certificates.pdf",
    response={200: None, 202: JobStarted, **READ_ERRORS, 409: Detail},
    summary="In bằng, giấy khen của quyết định (PDF; unit: chỉ của một đơn vị)",
    openapi_extra={"responses": PDF},
)
def certificates(request, decision_id: int, unit: int | None = None):
    d = _decision(request, decision_id)
    award_ids = Nomination.objects.filter(decision=d).exclude(award=None).values("award_id")
    awards = Award.objects.visible_to(request.user).filter(pk__in=award_ids, revoked=False)
    if unit is not None:
        awards = awards.filter(unit_id=unit)
    awards = list(services.awards_for_certificates(awards))
    if len(awards) > document_views.INLINE_CERTIFICATES:
        # A whole decision's certificates (no cap) are printed by the job worker, as on the documents page.
        with transaction.atomic():
            job = jobs.start("documents.certificates", owner=request.user, target=d, params={"unit": unit},
                             title=_("In %(n)s bằng, giấy chứng nhận của Quyết định %(number)s")
                             % {"n": len(awards), "number": d.number})
            record(d, "export", user=request.user, note=_("In %(n)s bằng, giấy chứng nhận (PDF)") % {"n": len(awards)})
        return Status(202, {
            "detail": _("Quyết định có %(n)s khen thưởng: bằng được in trong nền; tải tệp ở trang công việc khi xong.")
            % {"n": len(awards)},
            "job": job.pk, "url": reverse("job_detail", args=[job.pk]),
        })
    pages = services.certificates_for(awards, user=request.user)
    record(d, "export", user=request.user, note=_("In %(n)s bằng, giấy chứng nhận (PDF)") % {"n": len(pages)})
    return attachment(certificates_pdf(pages), PDF_MIME, f"{safe_name('bang-khen', d.number)}.pdf")


@router.post(
    "/{int:decision_id}/sent",
    response={200: DecisionListItem, **WRITE_ERRORS},
    summary="Ghi nhận đã gửi quyết định cho đơn vị (cán bộ TĐKT tỉnh)",
)
def mark_sent(request, decision_id: int, sent_on: dt.date | None = None):
    d = _decision(request, decision_id)
    dossier_services.mark_decision_sent(request.user, d, sent_on)
    return _item(d)


class PublicationOut(Schema):
    decision_id: int
    published: bool
    published_at: dt.datetime | None
    awardee_count: int | None
    url: str | None  # the public results page of the decision


def _publication_out(d, publication) -> dict:
    if publication is None:
        return {"decision_id": d.pk, "published": False, "published_at": None, "awardee_count": None, "url": None}
    return {"decision_id": d.pk, "published": True, "published_at": publication.published_at,
            "awardee_count": publication.awardee_count, "url": reverse("public:decision", args=[publication.pk])}


@router.get(
    "/{int:decision_id}/publication",
    response={200: PublicationOut, **READ_ERRORS},
    summary="Quyết định đã được công khai trên trang kết quả chưa",
)
def get_publication(request, decision_id: int):
    from thidua.documents.models import Publication

    d = _decision(request, decision_id)
    return _publication_out(d, Publication.objects.filter(decision=d).first())


@router.post(
    "/{int:decision_id}/publication",
    response={200: PublicationOut, **WRITE_ERRORS},
    summary="Công khai quyết định trên trang kết quả (cán bộ TĐKT tỉnh); gửi lại: cập nhật danh sách công khai",
)
def publish_decision(request, decision_id: int):
    d = _decision(request, decision_id)
    return _publication_out(d, services.publish_decision(request.user, d))


@router.delete(
    "/{int:decision_id}/publication",
    response={200: PublicationOut, **WRITE_ERRORS},
    summary="Thôi công khai quyết định (cán bộ TĐKT tỉnh)",
)
def withdraw_decision(request, decision_id: int):
    d = _decision(request, decision_id)
    services.withdraw_decision(request.user, d)
    return _publication_out(d, None)


@router.get(
    "/sessions/{int:session_id}/minutes.docx",
    response={200: None, **READ_ERRORS},
    summary="Tải biên bản phiên họp Hội đồng (DOCX)",
    openapi_extra={"responses": DOCX},
)
def minutes_docx(request, session_id: int):
    from thidua.dossiers import selectors
    from thidua.dossiers.models import CouncilSession

    if not selectors.may_see_council(request.user):
        raise Http404
    session = CouncilSession.objects.filter(pk=session_id).first()
    if session is None:
        raise Http404
    data = rendering.minutes_docx(services.minutes_document(session))
    record(session, "export", user=request.user, note=_("Tải biên bản phiên họp (DOCX)"))
    return attachment(
        data, rendering.DOCX_MIME, f"{safe_name('bien-ban-phien-hop', session.pk, session.held_on)}.docx"
    )
