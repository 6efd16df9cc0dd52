"""The province's own 6-month or annual report (Báo cáo sơ kết / tổng kết công tác thi đua, khen thưởng; plan
196/KH-UBND appendix tasks 11, 12, 24) compiled as a DOCX in the Decree 30/2020 layout from two sources: the
statistics of the period (`thidua.reports.selectors.periodic_report`, the same figures as the «Báo cáo định kỳ»
page) and the units' reports sent for the request (who reported, when, late or missing; the totals of their
number fields; their remarks).

The issuer is Sở Nội vụ, which compiles the report for the provincial People's Committee (III.2.b of the plan).
While no number and date are given the file is a draft («DỰ THẢO», number and day left for the clerk). The text
is the document's own (Vietnamese, like every administrative document), whatever the interface language.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from django.conf import settings
from django.utils import timezone, translation

from thidua.core.text import fold
from thidua.documents.content import Header, Issuer, short_date
from thidua.reporting.masters.build_masters import HERE as MASTERS_DIR
from thidua.reporting.models import FieldKind, ReportRequest, RequestKind
from thidua.reporting.selectors import unit_rows

MASTER = "bao_cao_dinh_ky.docx"
DOC_TYPE = "BC"
ROMAN = ["I", "II", "III", "IV", "V", "VI"]


def _number_text(value) -> str:
    """1234.5 → '1.234,5' (Vietnamese separators)."""
    if isinstance(value, float) and not value.is_integer():
        whole, _sep, frac = f"{value:,.2f}".rstrip("0").partition(".")
        return whole.replace(",", ".") + ("," + frac if frac else "")
    return f"{int(value):,}".replace(",", ".")


def abstract_of(request: ReportRequest) -> str:
    if request.kind == RequestKind.HALF_YEAR:
        return f"Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {request.year}"
    if request.kind == RequestKind.ANNUAL:
        return f"Tổng kết công tác thi đua, khen thưởng năm {request.year}"
    return request.title


def _stat_sections(user, request: ReportRequest):
    from thidua.reports import exports
    from thidua.reports import selectors as stats

    report = stats.periodic_report(
        user, request.year, stats.HALF if request.kind == RequestKind.HALF_YEAR else stats.FULL
    )
    rows = exports.summary_rows(report)
    sections = []
    for key, title in exports.SECTIONS.items():
        lines = [r for r in rows if r[0] == key]
        if lines:
            sections.append(
                {
                    "title": str(title),
                    "rows": [
                        {
                            "no": i,
                            "label": str(label),
                            "value": _number_text(v) if isinstance(v, int) else str(v),
                        }
                        for i, (_k, label, v) in enumerate(lines, start=1)
                    ],
                }
            )
    return report, sections


def _unit_state(s) -> str:
    if s.is_sent:
        return f"Gửi chậm {s.late_days} ngày" if s.late_days else "Đúng hạn"
    if s.late_days:
        return f"Chưa gửi, quá hạn {s.late_days} ngày"
    return "Chưa gửi (chưa đến hạn)"


def context(
    user,
    request: ReportRequest,
    *,
    number: str = "",
    issued_on: dt.date | None = None,
    signer_name: str = "",
    directions: str = "",
    today: dt.date | None = None,
    province: str | None = None,
) -> dict:
    today = today or timezone.localdate()
    province = province or settings.THIDUA_PROVINCE_NAME
    issuer = Issuer.provincial_agency("Sở Nội vụ", "SNV", province)
    draft = not (number and issued_on)
    header = Header(
        issuer,
        DOC_TYPE,
        "" if draft else number,
        None if draft else issued_on,
        year=(issued_on or today).year,
    )
    rows = unit_rows(user, request, today)
    sent = [s for s in rows if s.is_sent]
    owed = [s for s in rows if not s.is_sent]
    period = f"từ ngày {short_date(request.period_start)} đến ngày {short_date(request.period_end)}"

    headings = iter(ROMAN)
    intro = []
    stat_sections, plan = [], None
    if request.kind in (RequestKind.HALF_YEAR, RequestKind.ANNUAL):
        report, stat_sections = _stat_sections(user, request)
        plan = report.plan
    basis = f"Kế hoạch số {plan.number} của Ủy ban nhân dân tỉnh" if plan is not None else ""
    intro.append(
        (f"Thực hiện {basis}; " if basis else "Thực hiện ")
        + f"yêu cầu báo cáo «{request.title}» (hạn gửi ngày {short_date(request.due_on)}), Sở Nội vụ "
        f"tổng hợp báo cáo của {len(sent)}/{len(rows)} cơ quan, đơn vị, địa phương và số liệu của hệ thống "
        f"quản lý thi đua, khen thưởng đến ngày {short_date(today)}, báo cáo kết quả công tác thi đua, "
        f"khen thưởng {period} như sau:"
    )

    stats_heading = f"{next(headings)}. KẾT QUẢ CÔNG TÁC THI ĐUA, KHEN THƯỞNG" if stat_sections else ""
    units_heading = f"{next(headings)}. TÌNH HÌNH BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG"
    on_time = sum(1 for s in sent if not s.late_days)
    units_intro = [
        f"Có {len(rows)} cơ quan, đơn vị, địa phương được yêu cầu báo cáo; {len(sent)} đơn vị đã gửi "
        f"báo cáo ({on_time} đơn vị đúng hạn, {len(sent) - on_time} đơn vị gửi chậm); {len(owed)} đơn vị "
        "chưa gửi báo cáo."
    ]
    unit_sections = []
    if sent:
        unit_sections.append(
            {
                "title": "1. Các đơn vị đã gửi báo cáo",
                "rows": [
                    {
                        "no": i,
                        "name": s.unit.name,
                        "sent": short_date(s.submitted_on),
                        "state": _unit_state(s),
                    }
                    for i, s in enumerate(sent, start=1)
                ],
            }
        )
    if owed:
        unit_sections.append(
            {
                "title": f"{len(unit_sections) + 1}. Các đơn vị chưa gửi báo cáo",
                "rows": [
                    {"no": i, "name": s.unit.name, "sent": "", "state": _unit_state(s)}
                    for i, s in enumerate(owed, start=1)
                ],
            }
        )

    figure_rows, text_fields = [], []
    for f in request.fields:
        answers = [
            (s.unit.name, s.values[f["key"]]) for s in sent if s.values.get(f["key"]) not in (None, "")
        ]
        if f["kind"] == FieldKind.NUMBER:
            total = sum(v for _n, v in answers)
            figure_rows.append(
                {
                    "no": len(figure_rows) + 1,
                    "label": f["label"],
                    "total": _number_text(total) if answers else "—",
                    "units": len(answers),
                }
            )
        elif answers:
            if f["kind"] == FieldKind.DATE:
                answers = [(n, dt.date.fromisoformat(v).strftime("%d/%m/%Y")) for n, v in answers]
            text_fields.append(
                {"label": f["label"], "lines": [f"{n}: {' '.join(str(v).split())}" for n, v in answers]}
            )
    summaries = [f"{s.unit.name}: {' '.join(s.summary.split())}" for s in sent if s.summary.strip()]
    if summaries:
        text_fields.append({"label": "Tóm tắt báo cáo của các đơn vị", "lines": summaries})
    figures_heading = ""
    if figure_rows or text_fields:
        figures_heading = f"{next(headings)}. TỔNG HỢP NỘI DUNG BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG"
    direction_lines = [line.strip() for line in (directions or "").splitlines() if line.strip()]
    directions_heading = f"{next(headings)}. PHƯƠNG HƯỚNG, NHIỆM VỤ" if direction_lines else ""

    return {
        **header.context(),
        "draft": draft,
        "title": "BÁO CÁO",
        "abstract": abstract_of(request),
        "addressee": f"Ủy ban nhân dân tỉnh {province}",
        "intro": intro,
        "stats_heading": stats_heading,
        "stat_sections": stat_sections,
        "units_heading": units_heading,
        "units_intro": units_intro,
        "unit_sections": unit_sections,
        "figures_heading": figures_heading,
        "figure_sections": [{"title": "", "rows": figure_rows}] if figure_rows else [],
        "text_fields": text_fields,
        "directions_heading": directions_heading,
        "directions": direction_lines,
        "recipients": ["Như trên;", "Hội đồng Thi đua - Khen thưởng tỉnh;", "Lưu: VT, TĐKT."],
        "signer_authority": "",
        "signer_position": "GIÁM ĐỐC",
        "signer_name": signer_name.strip(),
    }


def compile_docx(user, request: ReportRequest, **kwargs) -> bytes:
    from docxtpl import DocxTemplate

    with translation.override("vi"):
        ctx = context(user, request, **kwargs)
    template = DocxTemplate(MASTERS_DIR / MASTER)
    template.render(ctx, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def filename(request: ReportRequest) -> str:
    slug = re.sub(r"[^0-9a-z]+", "-", fold(abstract_of(request))).strip("-")[:80]
    return f"bao-cao-{slug or request.pk}.docx"
