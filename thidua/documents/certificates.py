"""Certificates (Bằng khen, Giấy khen, giấy chứng nhận danh hiệu) as PDF: HTML laid out for A4 landscape, printed
by WeasyPrint with a font that has every Vietnamese glyph (Liberation Serif, metric twin of Times New Roman;
DejaVu Serif as fallback). Each certificate carries a QR code (segno, inline SVG) to its public verification page
`/xac-minh/<code>`."""

from __future__ import annotations

from dataclasses import dataclass

import segno
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from thidua.documents.content import Signer

PDF_MIME = "application/pdf"


@dataclass
class CertificateContent:
    heading: str  # 'BẰNG KHEN' / 'GIẤY KHEN' / 'GIẤY CHỨNG NHẬN'
    authority: str  # 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN'
    recipient: str  # 'Ông Nguyễn Văn An' or the collective's name
    code: str
    verify_url: str
    verb: str = "TẶNG"
    recipient_detail: str = ""  # position and unit, or '' for a collective
    title_line: str = ""  # for an emulation title: 'Đạt danh hiệu Chiến sĩ thi đua cơ sở năm 2024'
    achievement: str = ""
    decision_line: str = ""  # 'Quyết định số 12/QĐ-UBND ngày 05/02/2025'
    place_date: str = ""
    signer: Signer | None = None


def qr_svg(url: str) -> str:
    """Inline SVG QR code (error correction M) for `url`, sized by CSS (viewBox, no fixed size)."""
    return segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True, dark="#000")


def certificates_html(pages: list[CertificateContent]) -> str:
    return render_to_string(
        "documents/certificate.html",
        {"pages": [{"c": page, "qr": mark_safe(qr_svg(page.verify_url))} for page in pages]},  # noqa: S308 - SVG from segno
    )


def certificates_pdf(pages: list[CertificateContent]) -> bytes:
    """One A4-landscape page per certificate, in the order given."""
    from weasyprint import HTML

    return HTML(string=certificates_html(pages)).write_pdf()
