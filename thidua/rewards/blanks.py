"""Printing on pre-printed blanks (phôi): each field of a certificate goes into a box calibrated in millimetres
over a scan of the blank (`BlankLayout.boxes`); nothing else is printed (the blank carries the emblem, the
heading and the ornaments). One HTML page per certificate, absolutely positioned, printed by WeasyPrint.

Fast enough for a whole decision: pages share one stylesheet and one font; the QR code is a handful of <rect>s
per page; long decisions are printed in chunks (`pdf_chunks`) so memory stays flat."""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal

import segno

from thidua.rewards.models import LAYOUT_FIELDS, default_boxes

CHUNK = 250  # pages per WeasyPrint run


@dataclass
class BlankPage:
    name: str
    award: str
    unit: str
    decision: str
    signer: str
    qr_url: str


def _qr_img(url: str) -> str:
    """QR code as a tiny PNG (one pixel per module, drawn without smoothing), sized by its box: far cheaper for
    WeasyPrint than an SVG path on each of 2,000 pages."""
    uri = segno.make(url, error="m").png_data_uri(scale=1, border=0)
    return f'<img src="{uri}" alt="">'



def _mm(value) -> str:
    return f"{Decimal(str(value)):f}mm"


def boxes_of(layout) -> dict:
    boxes = default_boxes()
    for key, box in (layout.boxes or {}).items():
        if key in boxes and isinstance(box, dict):
            boxes[key] = {**boxes[key], **{k: v for k, v in box.items() if k in boxes[key]}}
    return boxes


def stylesheet(layout, boxes: dict, *, with_scan_url: str = "") -> str:
    width, height = _mm(layout.page_width_mm), _mm(layout.page_height_mm)
    rules = [
        f"@page {{ size: {width} {height}; margin: 0 }}",
        f"html, body {{ margin: 0; padding: 0; font-family: '{layout.font_family}', 'Liberation Serif', "
        "'DejaVu Serif', serif; }",
        f".p {{ position: relative; width: {width}; height: {height}; page-break-after: always; overflow: hidden }}",
        ".p:last-child { page-break-after: auto }",
        ".f { position: absolute; overflow: hidden; white-space: nowrap; line-height: 1.15 }",
        ".f img { width: 100%; height: 100%; display: block; image-rendering: pixelated }",
    ]
    if with_scan_url:
        rules.append(f".p {{ background: url('{with_scan_url}') no-repeat 0 0 / {width} {height} }}")
    for key in LAYOUT_FIELDS:
        b = boxes[key]
        rules.append(
            f".f-{key} {{ left: {_mm(b['x'])}; top: {_mm(b['y'])}; width: {_mm(b['w'])}; height: {_mm(b['h'])}; "
            f"font-size: {b['size']}pt; text-align: {b['align']}; }}"
        )
    rules.append(".f-name { font-weight: bold }")
    return "\n".join(rules)


def page_html(page: BlankPage) -> str:
    esc = html.escape
    return (
        '<div class="p">'
        f'<div class="f f-award">{esc(page.award)}</div>'
        f'<div class="f f-name">{esc(page.name)}</div>'
        f'<div class="f f-unit">{esc(page.unit)}</div>'
        f'<div class="f f-decision">{esc(page.decision)}</div>'
        f'<div class="f f-signer">{esc(page.signer)}</div>'
        f'<div class="f f-qr">{_qr_img(page.qr_url) if page.qr_url else ""}</div>'
        "</div>"
    )


def document_html(layout, pages: list[BlankPage], *, with_scan_url: str = "") -> str:
    css = stylesheet(layout, boxes_of(layout), with_scan_url=with_scan_url)
    body = "".join(page_html(p) for p in pages)
    return f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{css}</style></head><body>{body}</body></html>'


def pdf(layout, pages: list[BlankPage]) -> bytes:
    from weasyprint import HTML

    return HTML(string=document_html(layout, pages)).write_pdf()


def pdf_chunks(layout, pages: list[BlankPage], chunk: int = CHUNK):
    """The PDFs of consecutive chunks of pages (each a complete PDF), for joining with `join_pdfs`."""
    for start in range(0, len(pages), chunk):
        yield pdf(layout, pages[start:start + chunk])


def join_pdfs(parts: list[bytes]) -> bytes:
    """One PDF from several (poppler's pdfunite, installed with poppler-utils)."""
    if len(parts) == 1:
        return parts[0]
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for i, part in enumerate(parts):
            path = Path(tmp) / f"{i:05d}.pdf"
            path.write_bytes(part)
            names.append(str(path))
        out = Path(tmp) / "all.pdf"
        subprocess.run(["pdfunite", *names, str(out)], check=True, capture_output=True, timeout=600)
        return out.read_bytes()


def pages_for(awards, *, user=None) -> list[BlankPage]:
    """The fields of each award's certificate (documents' certificate content: name, title, decision line, signer,
    verification address), ready to be placed on a blank."""
    from thidua.documents.services import certificates_for

    awards = list(awards)
    contents = certificates_for(awards, user=user)
    pages = []
    for award, c in zip(awards if len(awards) == len(contents) else [a for a in awards if not a.revoked], contents,
                        strict=True):
        pages.append(BlankPage(
            name=c.recipient,
            award=c.title_line or award.award_type.name,
            unit=c.recipient_detail,
            decision=c.decision_line,
            signer=c.signer.name if c.signer else "",
            qr_url=c.verify_url,
        ))
    return pages


SAMPLE = BlankPage(
    name="Ông Nguyễn Văn An",
    award="Đạt danh hiệu Chiến sĩ thi đua cơ sở năm 2026",
    unit="Trưởng phòng Tổ chức cán bộ, Sở Nội vụ",
    decision="Quyết định số 125/QĐ-UBND ngày 15/7/2026",
    signer="Trần Quốc Văn",
    qr_url="https://thidua.example.vn/xac-minh/K7QX2M9PLT4RBV3A",
)


# --- a decision's certificates as one PDF -----------------------------------------------------------------


def decision_pages(decision, *, user=None) -> list[BlankPage]:
    from thidua.documents.services import awards_for_certificates
    from thidua.rewards.services import decision_awards

    awards = awards_for_certificates(decision_awards(decision).filter(revoked=False))
    return pages_for(awards, user=user)


def _render_part(args):
    layout_values, pages = args
    import types

    return pdf(types.SimpleNamespace(**layout_values), pages)


def print_pages(layout, pages: list[BlankPage], *, jobs: int = 1, chunk: int = CHUNK) -> bytes:
    """All pages as one PDF; with `jobs` > 1 the chunks are rendered by that many processes (command line and
    background job only — never inside a web worker)."""
    if jobs <= 1 or len(pages) <= chunk:
        return join_pdfs(list(pdf_chunks(layout, pages, chunk)))
    from concurrent.futures import ProcessPoolExecutor

    values = {"page_width_mm": layout.page_width_mm, "page_height_mm": layout.page_height_mm,
              "font_family": layout.font_family, "boxes": layout.boxes}
    parts = [(values, pages[i:i + chunk]) for i in range(0, len(pages), chunk)]
    with ProcessPoolExecutor(jobs) as pool:
        return join_pdfs(list(pool.map(_render_part, parts)))


def run_job(job_id: int, *, jobs: int = 1) -> bool:
    """Claim a queued print job, render it and store the PDF; False when someone else claimed it first."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from thidua.rewards.models import PrintJob

    if not PrintJob.objects.filter(pk=job_id, status=PrintJob.Status.QUEUED).update(status=PrintJob.Status.RUNNING):
        return False
    job = PrintJob.objects.select_related("decision", "layout", "created_by").get(pk=job_id)
    try:
        pages = decision_pages(job.decision, user=job.created_by)
        data = print_pages(job.layout, pages, jobs=jobs)
        job.file.save(f"in-phoi-{job.decision.pk}-{job.pk}.pdf", ContentFile(data), save=False)
        job.pages, job.status, job.finished_at = len(pages), PrintJob.Status.DONE, timezone.now()
        job.save(update_fields=["file", "pages", "status", "finished_at"])
    except Exception as exc:  # recorded for the page; the traceback goes to the log
        import logging

        logging.getLogger(__name__).exception("print job %s failed", job_id)
        PrintJob.objects.filter(pk=job_id).update(status=PrintJob.Status.FAILED, error=str(exc)[:2000],
                                                  finished_at=timezone.now())
        return False
    return True
