"""Printing on pre-printed blanks (phôi): each field of a certificate goes into a box calibrated in millimetres
over a scan of the blank (`BlankLayout.boxes`); nothing else is printed (the blank carries the emblem, the
heading and the ornaments). The PDF is written directly (`pdfwriter`: text at exact positions, the QR code as
rectangles, the font embedded once), so a 2,000-certificate decision takes seconds, not minutes; the designed
certificate of units without blanks stays WeasyPrint's (documents/certificates.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from thidua.rewards import pdfwriter
from thidua.rewards.models import default_boxes

# A fixed QR mask pattern: segno's search for the best of eight is 3/4 of the encoding time, and any mask gives
# a valid code that phone readers decode.
QR_MASK = 4


@dataclass
class BlankPage:
    name: str
    award: str
    unit: str
    decision: str
    signer: str
    qr_url: str


def _mm(value) -> float:
    return float(Decimal(str(value)))


def boxes_of(layout) -> dict:
    boxes = default_boxes()
    for key, box in (layout.boxes or {}).items():
        if key in boxes and isinstance(box, dict):
            boxes[key] = {**boxes[key], **{k: v for k, v in box.items() if k in boxes[key]}}
    return boxes


def page_items(page: BlankPage, boxes: dict) -> list:
    items = [pdfwriter.Text(getattr(page, key), boxes[key], bold=(key == "name"))
             for key in ("award", "name", "unit", "decision", "signer") if getattr(page, key)]
    if page.qr_url:
        items.append(("qr", page.qr_url, boxes["qr"]))
    return items


def pdf(layout, pages: list[BlankPage]) -> bytes:
    """Every page of `pages` on the layout's blank, as one PDF."""
    boxes = boxes_of(layout)
    return pdfwriter.write([page_items(p, boxes) for p in pages], width_mm=_mm(layout.page_width_mm),
                           height_mm=_mm(layout.page_height_mm), family=layout.font_family or "Liberation Serif",
                           qr_mask=QR_MASK)


print_pages = pdf


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
