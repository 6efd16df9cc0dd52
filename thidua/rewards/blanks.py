"""Printing on pre-printed blanks (phôi): each field of a certificate goes into a box calibrated in millimetres
over a scan of the blank (`BlankLayout.boxes`); nothing else is printed (the blank carries the emblem, the
heading and the ornaments). The PDF is written directly (`pdfwriter`: text at exact positions, the QR code as
rectangles, the font embedded once), so a 2,000-certificate decision takes seconds, not minutes; the designed
certificate of units without blanks stays WeasyPrint's (documents/certificates.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from thidua.rewards import pdfwriter
from thidua.rewards.models import LAYOUT_FIELDS, LAYOUT_LABELS, default_boxes

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


# --- editing a layout and printing a decision (the pages and the API share these) --------------------------

INLINE_PAGES = 100  # up to this many certificates are printed within the request
ALIGNS = ("left", "center", "right")
BOX_ATTRS = ("x", "y", "w", "h", "size")


def _number(raw, low, high) -> Decimal | None:
    try:
        value = Decimal(str(raw).replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite():
        return None
    return value if low <= value <= high else None


def read_layout(layout, data) -> tuple[dict, list[str]]:
    """The layout's page size and boxes from flat `data` (the page's form names: `page_width_mm`, `page_height_mm`,
    `<field>-<x|y|w|h|size|align>`; an absent key keeps the layout's value): positions in millimetres within the
    page, font sizes 0 – 96 pt. Returns ({page_width_mm, page_height_mm, boxes}, Vietnamese errors)."""
    errors = []
    width = _number(data.get("page_width_mm", layout.page_width_mm), Decimal(50), Decimal(1000))
    height = _number(data.get("page_height_mm", layout.page_height_mm), Decimal(50), Decimal(1000))
    if width is None or height is None:
        errors.append(_("Khổ giấy phải từ 50 đến 1000 mm."))
        width, height = Decimal(layout.page_width_mm), Decimal(layout.page_height_mm)
    boxes = boxes_of(layout)
    for key in LAYOUT_FIELDS:
        box = dict(boxes[key])
        for attr, high in (("x", width), ("y", height), ("w", width), ("h", height), ("size", Decimal(96))):
            value = _number(data.get(f"{key}-{attr}", box[attr]), Decimal(0), high)
            if value is None:
                errors.append(_("%(field)s: giá trị %(attr)s không hợp lệ (0 – %(max)s).")
                              % {"field": LAYOUT_LABELS[key], "attr": attr, "max": high})
                continue
            box[attr] = float(value)
        align = data.get(f"{key}-align", box["align"])
        box["align"] = align if align in ALIGNS else "left"
        boxes[key] = box
    return {"page_width_mm": width, "page_height_mm": height, "boxes": boxes}, errors


def save_layout(layout, changes: dict, *, name: str | None = None, award_types=None):
    """Store what `read_layout` accepted (and a new name, the award types the blank is used for, when given)."""
    from django.db import transaction

    with transaction.atomic():
        layout.page_width_mm, layout.page_height_mm = changes["page_width_mm"], changes["page_height_mm"]
        layout.boxes = changes["boxes"]
        if name is not None:
            layout.name = name.strip()[:200] or layout.name
        layout.save()
        if award_types is not None:
            layout.award_types.set(award_types)
    return layout


@dataclass
class Printed:
    count: int
    pdf: bytes | None = None  # the file, printed within the request
    job: object | None = None  # or the background job printing it


def print_decision(user, decision, layout) -> Printed:
    """A decision's certificates on `layout`: up to INLINE_PAGES printed at once, more by a background job
    ("rewards.print_blanks", core/jobs.py); either way recorded as an export. ValidationError when there is nothing
    to print."""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from thidua.core import jobs
    from thidua.core.audit import record
    from thidua.rewards.services import decision_awards

    count = decision_awards(decision).filter(revoked=False).count()
    if not count:
        raise ValidationError(_("Quyết định không có khen thưởng nào để in."))
    note = _("In %(n)s bằng trên phôi (PDF)") % {"n": count}
    if count <= INLINE_PAGES:
        data = pdf(layout, decision_pages(decision, user=user))
        record(decision, "export", user=user, note=note)
        return Printed(count, pdf=data)
    with transaction.atomic():
        job = jobs.start("rewards.print_blanks", owner=user, target=decision, params={"layout": layout.pk},
                         title=_("In %(n)s bằng của Quyết định %(number)s trên phôi")
                         % {"n": count, "number": decision.number})
        record(decision, "export", user=user, note=note)
    return Printed(count, job=job)


def decision_filename(decision) -> str:
    from thidua.rewards.exports import file_part

    return f"in-phoi-{file_part(decision.number)}.pdf"
