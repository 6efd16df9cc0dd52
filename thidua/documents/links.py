"""What belongs to a dossier, as links its pages show: the documents page, the Tờ trình, the decision and its
annexed list, the certificates, the award items. Each link is offered only to those its view serves (drafts —
a Tờ trình, a decision not yet signed — are the province's internal papers; see documents/views.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.scoping import is_province_wide


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    icon: str
    hint: str = ""


def dossier_links(user, dossier, decision) -> list[Link]:
    province = is_province_wide(user)
    links = [
        Link(
            _("Văn bản của hồ sơ"),
            reverse("documents:dossier", args=[dossier.pk]),
            "bi-folder2-open",
            _("Tờ trình, quyết định, danh sách, bằng khen, công khai"),
        )
    ]
    if province:
        links.append(
            Link(
                _("Tờ trình (DOCX)"),
                reverse("documents:proposal_docx", args=[dossier.pk]),
                "bi-file-earmark-word",
            )
        )
    if decision is not None or province:
        label = (
            (_("Quyết định số %(n)s (DOCX)") % {"n": decision.number})
            if decision is not None
            else _("Dự thảo quyết định (DOCX)")
        )
        links.append(
            Link(label, reverse("documents:decision_docx", args=[dossier.pk]), "bi-file-earmark-word")
        )
        links.append(
            Link(
                _("Danh sách kèm theo quyết định (XLSX)"),
                reverse("documents:annex_xlsx", args=[dossier.pk]),
                "bi-file-earmark-excel",
            )
        )
    if decision is not None:
        links.append(
            Link(
                _("Bằng khen, giấy chứng nhận (PDF)"),
                reverse("documents:decision_certificates", args=[dossier.pk]),
                "bi-award",
            )
        )
        if user.is_superuser or getattr(user, "role", "") == "province_staff":
            links.append(
                Link(
                    _("Hiện vật khen thưởng của quyết định"),
                    reverse("rewards:decision_items", args=[decision.pk]),
                    "bi-box-seam",
                )
            )
    return links
