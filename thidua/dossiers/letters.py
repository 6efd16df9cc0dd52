"""The consultation letter (công văn lấy ý kiến hiệp y khen thưởng): one per agency, from the Sở Nội vụ (the
province's standing body for emulation and commendation), in the Decree 30/2020 layout of
`masters/lay_y_kien_hiep_y.docx`, with the nominees asked about.

The number is the one recorded on the round ("123/SNV-TĐKT"); until then it is left blank for the clerk
(văn thư) to fill, as Decree 30 numbers documents at issue."""

from __future__ import annotations

import io
import re

from thidua.core.text import fold
from thidua.documents.content import Header, Issuer, list_sections
from thidua.documents.services import nomination_entries, province_name
from thidua.dossiers.masters.build_masters import HERE as MASTERS_DIR

MASTER = "lay_y_kien_hiep_y.docx"
ABSTRACT = "V/v lấy ý kiến hiệp y khen thưởng"


def letter_context(consultation, agency, *, province: str | None = None) -> dict:
    province = province or province_name()
    issuer = Issuer.provincial_agency("Sở Nội vụ", "SNV", province)
    header = Header(issuer, "TĐKT", consultation.number, consultation.sent_on)
    number = consultation.number or f"{' ' * 8}/SNV-TĐKT"
    nominations = list(
        consultation.nominations.select_related(
            "person", "person__unit", "nominee_unit", "award_type"
        ).order_by("sort_key", "id")
    )
    entries = nomination_entries(nominations)
    sections = list_sections(entries)
    for s in sections:
        for row in s["rows"]:
            row["award"] = s["award"]
    dossier = consultation.dossier
    topic = f" ({agency.topic})" if agency.topic else ""
    due = consultation.due_on
    body = [
        f"Thực hiện quy định tại khoản 4 Điều 4 Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số "
        f"điều của Luật Thi đua, khen thưởng, Sở Nội vụ tỉnh {province} đang thẩm định hồ sơ đề nghị khen thưởng "
        f"{dossier.code} của {dossier.unit.name} cho các tập thể, cá nhân có tên trong danh sách dưới đây.",
        f"Để có cơ sở trình cấp có thẩm quyền xem xét, khen thưởng, Sở Nội vụ đề nghị {agency.name} cho ý kiến hiệp y"
        f"{topic} đối với các tập thể, cá nhân sau:",
    ]
    closing = [
        f"Văn bản trả lời xin gửi về Sở Nội vụ trước ngày {due:%d/%m/%Y} ({consultation.days} ngày làm việc kể từ "
        f"ngày ký văn bản này). Quá thời hạn trên, nếu {agency.name} không có ý kiến, Sở Nội vụ "
        + (
            "coi như đồng ý"
            if consultation.no_reply_means == "agree"
            else "coi như chưa đủ điều kiện và tạm dừng xét"
        )
        + " đối với các trường hợp nêu trên.",
        f"Sở Nội vụ tỉnh {province} trân trọng đề nghị {agency.name} quan tâm, phối hợp./.",
    ]
    return {
        **header.context(),
        "number": number,
        "abstract": ABSTRACT,
        "addressee": agency.salutation,
        "body": body,
        "nominee_sections": sections,
        "closing": closing,
        "recipients": ["Như trên;", "Giám đốc Sở (để b/c);", "Lưu: VT, TĐKT."],
        "signer_authority": "",
        "signer_position": "GIÁM ĐỐC",
        "signer_name": "",
    }


def letter_docx(consultation, agency) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(MASTERS_DIR / MASTER)
    template.render(letter_context(consultation, agency), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def filename(consultation, agency) -> str:
    slug = re.sub(r"[^0-9a-z]+", "-", fold(agency.name)).strip("-")
    return f"hiep-y-{consultation.pk}-{slug or agency.pk}.docx"
