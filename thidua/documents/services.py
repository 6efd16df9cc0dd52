"""Gather what a document shows from the database (set-wise, no per-row queries) and issue certificates.

Rendering itself is in `rendering.py` (DOCX, XLSX) and `certificates.py` (PDF) and works on the plain data of
`content.py`; this module is the only place that knows the models."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.audit import record
from thidua.documents.certificates import CertificateContent
from thidua.documents.content import Signer, date_words, short_date, upper_vi
from thidua.documents.models import Certificate


def province_name() -> str:
    return settings.THIDUA_PROVINCE_NAME


def verify_url(code: str) -> str:
    return settings.THIDUA_PUBLIC_BASE_URL.rstrip("/") + reverse("public:verify", kwargs={"code": code})


# ---------------------------------------------------------------- certificates
class CertificateRefused(Exception):
    """The award cannot get a certificate (revoked); the message is for the user, in Vietnamese."""


def issue_certificates(awards, *, user=None) -> dict[int, Certificate]:
    """The certificate of each award, creating the missing ones (random code) in one insert. Idempotent, and safe
    when two requests issue at once (the one-to-one constraint keeps a single certificate per award)."""
    awards = list(awards)
    ids = [a.pk for a in awards]
    existing = {c.award_id: c for c in Certificate.objects.filter(award_id__in=ids)}
    missing = [Certificate(award=a) for a in awards if a.pk not in existing]
    if missing:
        with transaction.atomic():
            Certificate.objects.bulk_create(missing, ignore_conflicts=True)
            created = Certificate.objects.filter(award_id__in=[c.award_id for c in missing]).select_related("award")
            for cert in created:
                if cert.award_id not in existing:
                    record(cert, "create", user=user, changes={"code": [None, cert.code], "award": [None, cert.award_id]},
                           note=_("Cấp bằng, giấy chứng nhận"))
        existing = {c.award_id: c for c in Certificate.objects.filter(award_id__in=ids)}
    return existing


def heading_for(award_type) -> tuple[str, str]:
    """(heading, verb) printed on the certificate of this award type."""
    group = award_type.group
    if group == "merit":
        return "BẰNG KHEN", "TẶNG"
    if group == "recognition":
        return "GIẤY KHEN", "TẶNG"
    return "GIẤY CHỨNG NHẬN", "CHỨNG NHẬN"


def authority_for(award, province: str) -> str:
    """Who confers it, upper case, above the heading. A provincial form is the provincial chair's; otherwise the
    issuer recorded with the award, else the head of the recipient's unit (Giấy khen of a unit head)."""
    conferred_by = (award.award_type.conferred_by or "").lower()
    if award.award_type.level == "ministry_province" and "ủy ban nhân dân tỉnh" in conferred_by:
        return f"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH {upper_vi(province)}"
    if award.decision_issuer:
        return upper_vi(award.decision_issuer)
    return f"THỦ TRƯỞNG {upper_vi(award.unit.name)}"


def recipient_of(award) -> tuple[str, str]:
    """(name as printed, detail line): 'Ông Nguyễn Văn An' / 'Giáo viên, Trường THPT …'."""
    if award.recipient_kind == "individual" and award.person_id:
        person = award.person
        honorific = {"male": "Ông", "female": "Bà"}.get(person.gender, "")
        detail = ", ".join(x for x in (person.position, award.unit.name) if x)
        return f"{honorific} {person.full_name}".strip(), detail
    if award.recipient_kind == "household":
        return f"Hộ gia đình {award.household_name}", award.unit.name
    return award.unit.name, ""


def certificate_content(award, certificate: Certificate, *, signer: Signer | None = None) -> CertificateContent:
    province = province_name()
    heading, verb = heading_for(award.award_type)
    name, detail = recipient_of(award)
    title_line = ""
    if award.award_type.category == "title":
        title_line = f"Đạt danh hiệu {award.award_type.name} năm {award.year}"
    elif heading == "GIẤY CHỨNG NHẬN":
        title_line = award.award_type.name
    achievement = award.achievement.strip() or (
        f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {award.year}" if heading != "GIẤY CHỨNG NHẬN" else ""
    )
    decision_line = ""
    if award.decision_number:
        decision_line = f"Quyết định số {award.decision_number}"
        if award.decision_date:
            decision_line += f" ngày {short_date(award.decision_date)}"
    return CertificateContent(
        heading=heading,
        verb=verb,
        authority=authority_for(award, province),
        recipient=name,
        recipient_detail=detail,
        title_line=title_line,
        achievement=achievement,
        decision_line=decision_line,
        place_date=f"{province}, {date_words(award.decision_date)}" if award.decision_date else "",
        signer=signer,
        code=certificate.code,
        verify_url=verify_url(certificate.code),
    )


def certificates_for(awards, *, user=None, signers: dict | None = None) -> list[CertificateContent]:
    """Contents of the certificates of `awards` (revoked ones refused), issuing missing certificates.
    `awards` should come with award_type, person and unit selected (see `awards_for_certificates`)."""
    awards = list(awards)
    revoked = [a for a in awards if a.revoked]
    if revoked and len(awards) == 1:
        raise CertificateRefused(_("Khen thưởng này đã bị hủy bỏ: không cấp bằng, giấy chứng nhận."))
    awards = [a for a in awards if not a.revoked]
    if not awards:
        raise CertificateRefused(_("Không có khen thưởng nào để in bằng, giấy chứng nhận."))
    certs = issue_certificates(awards, user=user)
    signers = signers or {}
    return [certificate_content(a, certs[a.pk], signer=signers.get(a.pk)) for a in awards]


def awards_for_certificates(queryset):
    return queryset.select_related("award_type", "person", "unit").order_by("sort_key", "id")


def signers_for(awards) -> dict[int, Signer]:
    """Signature block of each award's certificate: the signer of the decision that conferred it, when the
    decision is in the system; otherwise none (the certificate is signed by hand)."""
    return {}
