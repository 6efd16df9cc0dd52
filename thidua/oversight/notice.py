"""The inspection conclusion notice (Thông báo kết luận kiểm tra công tác thi đua, khen thưởng) as a DOCX in the
Decree 30/2020 layout of the documents app (`thidua.documents.content` for the header and signature,
`masters/thong_bao_ket_luan.docx` for the layout, built by `masters/build_masters.py`).

The issuer is the inspection plan's issuer (free text, «Hội đồng Thi đua - Khen thưởng tỉnh» by default, or «Sở
Nội vụ»); an unplanned inspection (đột xuất) is the council's. The number and date are the inspection's
conclusion notice fields; while they are blank the file is a draft («DỰ THẢO», number and day left for the clerk).
The text is the document's own (Vietnamese, like every administrative document), not UI text.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from django.conf import settings

from thidua.core.text import fold
from thidua.documents.content import Header, Issuer, Signer, short_date, upper_vi
from thidua.oversight.masters.build_masters import HERE as MASTERS_DIR
from thidua.oversight.models import InspectionStatus

MASTER = "thong_bao_ket_luan.docx"
DOC_TYPE = "TB"


def issuer_from_text(text: str, province: str) -> Issuer:
    """The Decree 30 issuer block for the plan's free-text issuer."""
    text = " ".join((text or "").split())
    folded = fold(text)
    if not text or "hoi dong" in folded or "hdtdkt" in folded.replace(" ", ""):
        return Issuer.council(province)
    if "so noi vu" in folded:
        return Issuer.provincial_agency("Sở Nội vụ", "SNV", province)
    # Another body: its name as written, ký hiệu from the initials of its words («Ban Thi đua - Khen thưởng» → BTĐKT).
    words = [w for w in re.split(r"[\s\-–—]+", text) if w]
    symbol = "".join(w[0].upper() for w in words if w[0].isalpha())
    return Issuer(lines=(upper_vi(text),), symbol=symbol, place=province, parent=f"UBND TỈNH {upper_vi(province)}",
                  name=text, head=f"Thủ trưởng {text}")


def signer_for(issuer: Issuer, name: str) -> Signer:
    if issuer.symbol == "HĐTĐKT":
        return Signer("CHỦ TỊCH", name, "TM. HỘI ĐỒNG")
    if issuer.symbol == "SNV":
        return Signer("GIÁM ĐỐC", name)
    return Signer("THỦ TRƯỞNG CƠ QUAN", name)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".;:!?" else text + "."


def notice_context(inspection, findings, *, province: str | None = None) -> dict:
    """The docxtpl context of the notice. `findings` are the inspection's findings the reader may see (all of
    them for anyone who may see the inspection)."""
    province = province or settings.THIDUA_PROVINCE_NAME
    plan = inspection.plan
    issuer = issuer_from_text(plan.issuer if plan else "", province)
    draft = not (inspection.conclusion_number and inspection.conclusion_date)
    header = Header(issuer, DOC_TYPE, "" if draft else inspection.conclusion_number,
                    None if draft else inspection.conclusion_date,
                    year=(inspection.conclusion_date or inspection.planned_end or dt.date.today()).year)
    unit = inspection.unit.name

    basis = []
    if plan:
        about = re.sub(r"^kế hoạch\s+", "", plan.title.strip(), flags=re.IGNORECASE)
        basis.append(f"Kế hoạch số {plan.number} ngày {short_date(plan.issued_on)} của {issuer.name}"
                     + (f" về {about[:1].lower()}{about[1:]}" if about else ""))
    if inspection.decision_number:
        basis.append(f"Quyết định số {inspection.decision_number}"
                     + (f" ngày {short_date(inspection.decision_date)}" if inspection.decision_date else "")
                     + " về việc kiểm tra công tác thi đua, khen thưởng")
    start = inspection.started_on or inspection.planned_start
    end = max(inspection.planned_end, start) if inspection.planned_end else start
    when = f"ngày {short_date(start)}" if start == end else f"từ ngày {short_date(start)} đến ngày {short_date(end)}"
    intro = [("Thực hiện " + "; ".join(basis) + ", " if basis else "")
             + f"Đoàn kiểm tra đã tiến hành kiểm tra công tác thi đua, khen thưởng tại {unit} {when}."]
    members = [m.display for m in inspection.members.all()]
    team = []
    if inspection.team_head:
        team.append(f"{inspection.team_head} – Trưởng đoàn")
    team += members
    if team:
        intro.append("Thành phần Đoàn kiểm tra: " + "; ".join(team) + ".")
    intro.append(f"Trên cơ sở báo cáo của {unit} và kết quả kiểm tra của Đoàn kiểm tra, {issuer.name} "
                 "thông báo kết luận kiểm tra như sau:")

    content = [_sentence(line) for line in _lines(inspection.content)]
    if inspection.scope:
        content.append(_sentence(f"Phạm vi, thời kỳ kiểm tra: {inspection.scope}"))
    conclusion = [_sentence(line) for line in _lines(inspection.conclusion)] or [
        "(Nội dung kết luận sẽ được ghi khi Đoàn kiểm tra kết luận.)"]

    findings = list(findings)
    rows = [{
        "no": i,
        "description": f"{f.get_category_display()}: {f.description.strip()}",
        "recommendation": f.recommendation.strip(),
        "unit": f.responsible_unit.name,
        "due": short_date(f.due_on),
    } for i, f in enumerate(findings, start=1)]
    if rows:
        findings_intro = [f"Qua kiểm tra, Đoàn kiểm tra chỉ ra {len(rows)} tồn tại, hạn chế; yêu cầu các đơn vị "
                          "khắc phục như sau:"]
        last_due = max(f.due_on for f in findings)
        closing = [
            f"Đề nghị {unit} và các đơn vị có liên quan tổ chức khắc phục các tồn tại, hạn chế nêu tại Mục III "
            f"đúng thời hạn; báo cáo kết quả khắc phục (kèm tài liệu minh chứng) về {issuer.name} chậm nhất "
            f"ngày {short_date(last_due)}.",
            "Quá thời hạn nêu trên mà chưa khắc phục, cơ quan kiểm tra sẽ xem xét, xử lý theo quy định của pháp "
            "luật về thi đua, khen thưởng.",
        ]
    elif inspection.status == InspectionStatus.CONCLUDED:
        findings_intro = ["Qua kiểm tra, Đoàn kiểm tra không phát hiện tồn tại, hạn chế cần khắc phục."]
        closing = [f"Đề nghị {unit} tiếp tục thực hiện tốt công tác thi đua, khen thưởng theo quy định."]
    else:  # a draft while the team is still at work: do not announce that nothing was found
        findings_intro = ["(Các tồn tại, hạn chế và yêu cầu khắc phục sẽ được ghi khi Đoàn kiểm tra kết luận.)"]
        closing = [f"Đề nghị {unit} tiếp tục thực hiện tốt công tác thi đua, khen thưởng theo quy định."]

    recipients = [unit]
    for f in findings:
        if f.responsible_unit.name not in recipients:
            recipients.append(f.responsible_unit.name)
    if issuer.symbol == "HĐTĐKT":
        recipients.append("Chủ tịch UBND tỉnh (để báo cáo)")
    recipients += ["Thành viên Đoàn kiểm tra", "Lưu: VT."]
    recipients = [r if r.endswith(".") else r + ";" for r in recipients]

    signer = signer_for(issuer, plan.signer if plan else "")
    return {
        **header.context(),
        "draft": draft,
        "title": "THÔNG BÁO",
        "abstract": f"Kết luận kiểm tra công tác thi đua, khen thưởng tại {unit}",
        "intro": intro,
        "content": content,
        "conclusion": conclusion,
        "findings_intro": findings_intro,
        "finding_sections": [{"title": "", "rows": rows}] if rows else [],
        "closing": closing,
        "recipients": recipients,
        "signer_authority": signer.authority,
        "signer_position": signer.position,
        "signer_name": signer.name,
    }


def conclusion_notice_docx(inspection, findings) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(MASTERS_DIR / MASTER)
    template.render(notice_context(inspection, findings), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def filename(inspection) -> str:
    number = re.sub(r"[^0-9A-Za-z]+", "-", fold(inspection.conclusion_number or "du-thao")).strip("-")
    return f"thong-bao-ket-luan-kiem-tra-{inspection.pk}-{number or 'du-thao'}.docx"
