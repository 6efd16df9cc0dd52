"""Public pages (no login; DESIGN.md §1 "exemplary people and models, legal library"). They read only what
province staff published — exemplars in state "published", library texts marked public — and show no personal
data: for a person only the name and the position/unit the exemplar states, never the birth date or citizen id."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thidua.core.pagination import paginate
from thidua.core.uploads import serve_file
from thidua.outreach.models import Exemplar, LegalDocument, Sector
from thidua.outreach.views import filter_legal, list_filters

PUBLIC_FIELDS = ["id", "kind", "category", "subject_name", "subject_position", "title", "summary", "story", "sector",
                 "year", "photo", "photo_content_type", "published_at", "unit__name", "movement__name",
                 "person__full_name", "collective__name"]


def published_exemplars():
    return (Exemplar.objects.published().select_related("unit", "person", "collective", "movement")
            .only(*PUBLIC_FIELDS))


@require_GET
def exemplar_list(request):
    qs, f = list_filters(request.GET, ("q", "sector", "year", "kind", "category"), published_exemplars(),
                         choices=[("sector", Sector), ("kind", Exemplar.Kind), ("category", Exemplar.Category)],
                         year="year")
    page = paginate(request, qs, ["-year", "-id"], size=24)
    years = Exemplar.objects.published().order_by("-year").values_list("year", flat=True).distinct()[:30]
    return render(request, "outreach/public/exemplar_list.html", {
        "page": page, "filters": f, "sectors": Sector.choices, "kinds": Exemplar.Kind.choices,
        "categories": Exemplar.Category.choices, "years": years,
    })


def _published(pk):
    ex = published_exemplars().filter(pk=pk).first()
    if ex is None:
        raise Http404(_("Không tìm thấy điển hình."))
    return ex


@require_GET
def exemplar_detail(request, pk):
    ex = published_exemplars().filter(pk=pk).first()
    if ex is None:
        return render(request, "outreach/public/not_found.html", status=404)
    related = published_exemplars().filter(sector=ex.sector).exclude(pk=ex.pk).order_by("-year", "-id")[:4]
    return render(request, "outreach/public/exemplar_detail.html", {
        "ex": ex, "coverage": ex.coverage.order_by("-published_on", "-id"), "related": related,
    })


@require_GET
def exemplar_photo(request, pk):
    ex = _published(pk)
    if not ex.photo:
        raise Http404(_("Điển hình chưa có ảnh."))
    response = serve_file(ex.photo, filename=f"dien-hinh-{ex.pk}", content_type=ex.photo_content_type, inline=True)
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def legal_list(request):
    qs, f = filter_legal(LegalDocument.objects.public(), request.GET)
    page = paginate(request, qs, ["-issued_on", "-id"], size=50)
    return render(request, "outreach/public/legal_list.html", {
        "page": page, "filters": f, "kinds": LegalDocument.Kind.choices, "statuses": LegalDocument.Status.choices,
    })


@require_GET
def legal_detail(request, pk):
    doc = LegalDocument.objects.public().select_related("replaced_by").filter(pk=pk).first()
    if doc is None:
        return render(request, "outreach/public/not_found.html", status=404)
    return render(request, "outreach/public/legal_detail.html", {
        "doc": doc, "replaces": LegalDocument.objects.public().filter(replaced_by=doc), "public": True,
        "replaced_by_public": doc.replaced_by if doc.replaced_by_id and doc.replaced_by.is_public else None,
    })


@require_GET
def legal_download(request, pk):
    doc = LegalDocument.objects.public().filter(pk=pk).first()
    if doc is None or not doc.file:
        raise Http404(_("Văn bản chưa có tệp đính kèm."))
    return serve_file(doc.file, filename=doc.file_name or f"van-ban-{doc.pk}", content_type=doc.file_content_type)
