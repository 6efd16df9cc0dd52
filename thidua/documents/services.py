"""Gather what a document shows from the database (set-wise, no per-row queries) and issue certificates.

Rendering itself is in `rendering.py` (DOCX, XLSX) and `certificates.py` (PDF) and works on the plain data of
`content.py`; this module is the only place that knows the models."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import record
from thidua.documents.certificates import CertificateContent
from thidua.documents.content import (
    Article,
    DecisionDocument,
    Header,
    Issuer,
    ListEntry,
    MinutesDocument,
    ProposalDocument,
    Signer,
    SummaryLine,
    TallyLine,
    date_words,
    short_date,
    upper_vi,
)
from thidua.documents.models import Certificate, Publication, PublishedAwardee


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


@dataclass(frozen=True)
class Conferral:
    """The decision in the system that conferred an award: its signature block (the signer's real title, "KT."
    when a deputy signed) and who decided (`Issuance` of the dossiers app, Decree 30/2020)."""

    signer: Signer
    authority_line: str  # 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN'
    authority_text: str  # 'Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên'


def signer_of(issued) -> Signer:
    return Signer(issued.signer_position, issued.signer_name, issued.signer_authority)


def conferrals_for(awards) -> dict[int, Conferral]:
    """{award id: Conferral} for awards conferred by a decision of the dossiers workflow (one query). The
    certificate carries the decision's own signature: "CHỦ TỊCH", or "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"."""
    from thidua.dossiers.authorities import issuance
    from thidua.dossiers.models import Nomination

    ids = [a.pk for a in awards]
    result = {}
    for award_id, kind, unit_name, capacity, name, title in (
        Nomination.objects.filter(award_id__in=ids).exclude(decision=None).values_list(
            "award_id", "decision__authority_kind", "decision__issuer_unit__name", "decision__signer_capacity",
            "decision__signer_name", "decision__signer_title")
    ):
        issued = issuance(kind, unit_name=unit_name or "", capacity=capacity, signer_title=title, signer_name=name)
        result[award_id] = Conferral(signer_of(issued), issued.authority_line, issued.authority_text)
    return result


def _provincial(award) -> bool:
    conferred_by = (award.award_type.conferred_by or "").lower()
    return award.award_type.level == "ministry_province" and "ủy ban nhân dân tỉnh" in conferred_by


def issuer_text(award, conferral: Conferral | None = None) -> str:
    """Who decided, in running text: the deciding authority of a decision in the system ('Chủ tịch Ủy ban nhân dân
    tỉnh Hưng Yên'); else the issuer recorded with the award, else the catalogue's competent authority."""
    if conferral is not None:
        return conferral.authority_text
    if _provincial(award):
        return f"Chủ tịch Ủy ban nhân dân tỉnh {province_name()}"
    return award.decision_issuer or award.award_type.conferred_by


def authority_for(award, province: str, conferral: Conferral | None = None) -> str:
    """Who confers it, upper case, above the heading: the deciding authority of a decision in the system; the
    provincial chair for a provincial form; otherwise the issuer recorded with the award, else the head of the
    recipient's unit (Giấy khen)."""
    if conferral is not None:
        return conferral.authority_line
    if _provincial(award):
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


def certificate_content(award, certificate: Certificate, *, conferral: Conferral | None = None) -> CertificateContent:
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
        authority=authority_for(award, province, conferral),
        recipient=name,
        recipient_detail=detail,
        title_line=title_line,
        achievement=achievement,
        decision_line=decision_line,
        place_date=f"{province}, {date_words(award.decision_date)}" if award.decision_date else "",
        signer=conferral.signer if conferral else None,
        code=certificate.code,
        verify_url=verify_url(certificate.code),
    )


def certificates_for(awards, *, user=None, conferrals: dict | None = None) -> list[CertificateContent]:
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
    if conferrals is None:
        conferrals = conferrals_for(awards)
    return [certificate_content(a, certs[a.pk], conferral=conferrals.get(a.pk)) for a in awards]


def awards_for_certificates(queryset):
    return queryset.select_related("award_type", "person", "unit").order_by("sort_key", "id")


# ---------------------------------------------------------------- documents of a dossier / decision
# Legal bases printed on every award decision and proposal (edit the DOCX for special cases).
LAW_BASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều "
    "của Luật Thi đua, khen thưởng",
]


def issuer_of(issued) -> Issuer:
    """content.Issuer from the dossiers app's Decree 30 issuance."""
    return Issuer(lines=tuple(issued.issuer_lines), symbol=issued.symbol, place=issued.place,
                  parent=issued.issuer_parent, name=issued.issuer_name, head=issued.authority_text)


def decision_issuance(dossier, decision):
    """Who issues and signs: the signed decision's own record; for a draft, the dossier's authority today (the
    province's chair when it cannot be routed), signature left to the signer."""
    from thidua.dossiers.authorities import decision_issuance as of_decision
    from thidua.dossiers.authorities import dossier_route, issuance

    if decision is not None:
        return of_decision(decision)
    _decision, nominations = decision_nominations(dossier)
    route, _problem = dossier_route(dossier, nominations, timezone.localdate())
    if route is None or route.by_proposal:
        return issuance("province_chair")
    return issuance(route.kind, unit_name="" if route.is_provincial else dossier.unit.name)


def nomination_entries(nominations) -> list[ListEntry]:
    """Annex lines from nominations fetched with `for_rendering()` / `select_related` (no query per row)."""
    entries = []
    for n in nominations:
        if n.person_id:
            person = n.person
            entries.append(ListEntry(
                name=person.full_name,
                detail=", ".join(x for x in (person.position, person.unit.name) if x),
                award=n.award_type.name,
                honorific={"male": "Ông", "female": "Bà"}.get(person.gender, ""),
            ))
        else:
            entries.append(ListEntry(name=n.nominee_unit.name, collective=True, award=n.award_type.name))
    return entries


def _count_phrase(collectives: int, individuals: int) -> str:
    parts = []
    if collectives:
        parts.append(f"{collectives:02d} tập thể")
    if individuals:
        parts.append(f"{individuals:02d} cá nhân")
    return " và ".join(parts)


def _conferrals(nominations) -> list[tuple[object, int, int]]:
    """[(award_type, collectives, individuals)] in catalogue order."""
    counts: dict[int, list] = {}
    for n in nominations:
        row = counts.setdefault(n.award_type_id, [n.award_type, 0, 0])
        row[1 if not n.person_id else 2] += 1
    return sorted((tuple(r) for r in counts.values()), key=lambda r: (r[0].order, r[0].name))


def _conferral_sentence(award_type, collectives: int, individuals: int) -> str:
    if award_type.category == "title":
        return f"Công nhận danh hiệu “{award_type.name}” cho {_count_phrase(collectives, individuals)}"
    return f"Tặng {award_type.name} cho {_count_phrase(collectives, individuals)}"


def _annex_title(conferrals) -> str:
    if len(conferrals) == 1:
        award_type, c, i = conferrals[0]
        who = "TẬP THỂ, CÁ NHÂN" if c and i else ("TẬP THỂ" if c else "CÁ NHÂN")
        verb = "ĐƯỢC CÔNG NHẬN DANH HIỆU" if award_type.category == "title" else "ĐƯỢC TẶNG"
        return f"{who} {verb} {upper_vi(award_type.name)}"
    return "TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"


def decision_nominations(dossier):
    """What the decision confers: its annex once signed, else (a draft) what the dossier would confer."""
    from thidua.dossiers.models import Decision, Nomination

    decision = Decision.objects.filter(dossier=dossier).first()
    if decision is not None:
        return decision, list(Nomination.objects.filter(decision=decision).for_rendering())
    from thidua.dossiers.services import conferrable

    return None, list(conferrable(dossier).select_related("person__unit").order_by("sort_key", "id"))


def decision_document(dossier) -> DecisionDocument:
    """The Quyết định of a dossier, signed (number, date, signer) or as a draft to sign (number and date blank)."""
    from thidua.dossiers.services import decision_summary

    decision, nominations = decision_nominations(dossier)
    issued = decision_issuance(dossier, decision)
    issuer = issuer_of(issued)
    conferrals = _conferrals(nominations)
    year = decision.year if decision else dossier.year
    provincial = issued.issuer_name.startswith("Ủy ban nhân dân tỉnh")
    article_1 = Article("Điều 1.", "; ".join(_conferral_sentence(*c) for c in conferrals)
                        + f" (có danh sách kèm theo), đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {dossier.year}."
                        if conferrals else "Khen thưởng các tập thể, cá nhân có tên trong danh sách kèm theo.")
    if provincial:
        articles = [
            article_1,
            Article("Điều 2.", "Tiền thưởng thực hiện theo quy định hiện hành, chi từ Quỹ Thi đua, khen thưởng của tỉnh."),
            Article("Điều 3.", "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc "
                               f"Sở Nội vụ, Thủ trưởng {dossier.unit.name} và các tập thể, cá nhân có tên tại Điều 1 chịu "
                               "trách nhiệm thi hành Quyết định này./."),
        ]
        proposer = "Theo đề nghị của Giám đốc Sở Nội vụ" + (
            f" tại Tờ trình số {dossier.proposal_number} {date_words(dossier.proposal_date)}"
            if dossier.proposal_number and dossier.proposal_date else "")
        recipients = ["Như Điều 3;", "Chủ tịch, các PCT UBND tỉnh;", "Sở Nội vụ;", "Lưu: VT."]
    else:  # a unit's head or a commune's chair decides in its own name, from its own fund
        articles = [
            article_1,
            Article("Điều 2.", "Tiền thưởng thực hiện theo quy định hiện hành, chi từ Quỹ Thi đua, khen thưởng của "
                               f"{issued.issuer_name}."),
            Article("Điều 3.", "Quyết định này có hiệu lực kể từ ngày ký. Các bộ phận có liên quan của "
                               f"{issued.issuer_name} và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
                               "Quyết định này./."),
        ]
        proposer = f"Xét đề nghị của Hội đồng Thi đua - Khen thưởng {issued.issuer_name}"
        recipients = ["Như Điều 3;", "Lưu: VT."]
    signer = signer_of(issued)
    summary = decision.summary if decision else decision_summary(dossier.title)
    return DecisionDocument(
        header=Header(issuer, "QĐ", decision.number if decision else "", decision.signed_on if decision else None,
                      year=year),
        abstract=summary,
        authority=issued.authority_line,
        bases=[*LAW_BASES, proposer],
        articles=articles,
        signer=signer,
        recipients=recipients,
        entries=nomination_entries(nominations),
        annex_title=_annex_title(conferrals),
    )


def proposal_document(dossier) -> ProposalDocument:
    """Tờ trình of the standing body (Sở Nội vụ) to the chair, proposing what the dossier would confer. Until its
    number and date are recorded (`dossiers.services.record_proposal`) it is a draft with both left blank."""
    decision, nominations = decision_nominations(dossier)
    province = province_name()
    conferrals = _conferrals(nominations)
    if decision is None and _goes_to_prime_minister(dossier, nominations):
        return _proposal_to_prime_minister(dossier, nominations, conferrals, province)
    issuer = Issuer.provincial_agency("Sở Nội vụ", "SNV", province)
    council = dossier.nominations.exclude(council_result="").exists()
    return ProposalDocument(
        header=Header(issuer, "TTr", dossier.proposal_number, dossier.proposal_date,
                      year=decision.year if decision else dossier.year),
        abstract=f"Về việc đề nghị khen thưởng cho tập thể, cá nhân thuộc {dossier.unit.name}",
        addressee=f"Chủ tịch Ủy ban nhân dân tỉnh {province}",
        bases=[LAW_BASES[1], LAW_BASES[2],
               f"Căn cứ hồ sơ đề nghị khen thưởng {dossier.code} của {dossier.unit.name}"],
        body=[
            "Sau khi thẩm định hồ sơ" + (" và ý kiến của Hội đồng Thi đua - Khen thưởng tỉnh" if council else "")
            + f", Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, khen thưởng cho {_count_phrase(sum(c[1] for c in conferrals), sum(c[2] for c in conferrals)) or 'các tập thể, cá nhân'} "
            f"thuộc {dossier.unit.name} đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {dossier.year}, cụ thể:",
        ],
        closing=["(Có danh sách kèm theo)",
                 "Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định./."],
        signer=Signer("GIÁM ĐỐC", ""),
        recipients=["Như trên;", "Lưu: VT, TĐKT."],
        summary=[SummaryLine(t.name, c, i) for t, c, i in conferrals],
        entries=nomination_entries(nominations),
        annex_title=_annex_title(conferrals).replace("ĐƯỢC", "ĐỀ NGHỊ", 1),
    )


def _goes_to_prime_minister(dossier, nominations) -> bool:
    from thidua.dossiers.authorities import dossier_route

    route, _problem = dossier_route(dossier, nominations, timezone.localdate()) if nominations else (None, None)
    return route is not None and route.by_proposal


def _proposal_to_prime_minister(dossier, nominations, conferrals, province) -> ProposalDocument:
    """State and Government awards go up as a Tờ trình of the Ủy ban nhân dân tỉnh to the Thủ tướng Chính phủ: an
    act of the People's Committee as a body, so signed "TM. ỦY BAN NHÂN DÂN" (Decree 30/2020, Phụ lục I II.7)."""
    from thidua.dossiers.authorities import issuance

    issued = issuance("province_committee", province=province)
    who = _count_phrase(sum(c[1] for c in conferrals), sum(c[2] for c in conferrals)) or "các tập thể, cá nhân"
    awards = ", ".join(t.name for t, _c, _i in conferrals)
    return ProposalDocument(
        header=Header(issuer_of(issued), "TTr", dossier.proposal_number, dossier.proposal_date, year=dossier.year),
        abstract=f"Về việc đề nghị tặng {awards}" if awards else "Về việc đề nghị khen thưởng",
        addressee="Thủ tướng Chính phủ",
        bases=[LAW_BASES[1], LAW_BASES[2],
               f"Xét đề nghị của Giám đốc Sở Nội vụ và hồ sơ {dossier.code} của {dossier.unit.name}"],
        body=[f"Ủy ban nhân dân tỉnh {province} kính trình Thủ tướng Chính phủ xem xét, quyết định hoặc trình Chủ tịch "
              f"nước quyết định khen thưởng cho {who} thuộc {dossier.unit.name}, cụ thể:"],
        closing=["(Có danh sách và hồ sơ kèm theo)",
                 f"Ủy ban nhân dân tỉnh {province} kính trình Thủ tướng Chính phủ xem xét, quyết định./."],
        signer=signer_of(issued),
        recipients=["Như trên;", "Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương);", "Lưu: VT, NC."],
        summary=[SummaryLine(t.name, c, i) for t, c, i in conferrals],
        entries=nomination_entries(nominations),
        annex_title=_annex_title(conferrals).replace("ĐƯỢC", "ĐỀ NGHỊ", 1),
    )


def minutes_document(session) -> MinutesDocument:
    """Biên bản of a council session from the dossiers app's minutes data (attendance, tallies, recusals)."""
    from thidua.dossiers.services import minutes

    m = minutes(session)
    session, quorum = m["session"], m["quorum"]
    issuer = Issuer.council(province_name())
    present = [f"{a.member.full_name}" + (f", {a.member.position}" if a.member.position else "") for a in m["present"]]
    absent = [a.member.full_name + (f" ({a.note})" if a.note else "") for a in m["absent"]]
    start = session.opened_at
    when = (f"Hồi {timezone.localtime(start):%H} giờ {timezone.localtime(start):%M}, " if start else "") + date_words(session.held_on)
    attendance = [f"Số thành viên có mặt: {quorum['present']}/{quorum['total']}."]
    if present:
        attendance.append("Thành viên có mặt: " + "; ".join(present) + ".")
    if absent:
        attendance.append("Vắng mặt: " + "; ".join(absent) + ".")
    chair = session.chair
    return MinutesDocument(
        header=Header(issuer, "BB", session.minutes_number, session.held_on),
        abstract=session.title,
        opening=[f"{when[0].upper()}{when[1:]}" + (f", tại {session.place}" if session.place else "")
                 + f", {session.council.name} họp để xét khen thưởng."],
        attendance=attendance,
        tally_intro=[f"Hội đồng bỏ phiếu kín đối với {len(m['ballots'])} đề nghị; tỷ lệ tính trên tổng số "
                     f"{quorum['total']} thành viên Hội đồng. Kết quả như sau:"],
        tally=[TallyLine(r["nominee"], r["award_type"].name, r["votes_yes"], r["members_total"] or quorum["total"],
                         r["passed"] if r["ballot"].state == "closed" else None,
                         collective=not r["nomination"].person_id) for r in m["ballots"]],
        recusals=[f"{member} không tham gia biểu quyết đối với {nominee} ({reason})." for nominee, member, reason
                  in m["recusals"]],
        conclusion=[line for line in (session.conclusion or "").splitlines() if line.strip()]
        or ["Hội đồng thống nhất đề nghị khen thưởng các trường hợp đạt tỷ lệ phiếu theo quy định."],
        # Decree 30/2020, Phụ lục III, Mẫu 1.9 (Biên bản): "THƯ KÝ" on the left, "CHỦ TỌA" on the right.
        secretary=Signer("THƯ KÝ", m["secretary_name"]),
        chair=Signer("CHỦ TỌA", chair.full_name if chair else ""),
    )


# ---------------------------------------------------------------- publication (công khai)
def publish(decision, *, user=None) -> Publication:
    """Put a signed decision on the public results page with a snapshot of its public fields, and issue the
    certificates of its awards. Idempotent: publishing again refreshes the snapshot."""
    from thidua.core.text import fold, person_sort_key, sort_key
    from thidua.dossiers.models import Nomination

    nominations = list(Nomination.objects.filter(decision=decision).for_rendering().select_related("nominee_unit__parent"))
    from thidua.dossiers.authorities import decision_issuance as of_decision

    issuer = of_decision(decision)
    with transaction.atomic():
        publication, _created = Publication.objects.update_or_create(
            decision=decision,
            defaults={"number": decision.number, "signed_on": decision.signed_on, "summary": decision.summary,
                      "issuer_name": issuer.issuer_name or decision.issuer, "awardee_count": len(nominations),
                      "published_by": user if user is not None and user.pk else None},
        )
        publication.awardees.all().delete()
        rows = []
        for n in nominations:
            unit_name = n.person.unit.name if n.person_id else (n.nominee_unit.parent.name if n.nominee_unit.parent_id else "")
            rows.append(PublishedAwardee(
                publication=publication, award_id=n.award_id, name=n.nominee_name, collective=not n.person_id,
                award_name=n.award_type.name, unit_name=unit_name,
                search_text=fold(f"{n.nominee_name} {unit_name} {n.award_type.name} {decision.number}")[:800],
                sort_key=(person_sort_key(n.nominee_name) if n.person_id else sort_key(n.nominee_name))[:1200],
            ))
        PublishedAwardee.objects.bulk_create(rows, batch_size=500)
        award_ids = [n.award_id for n in nominations if n.award_id]
        if award_ids:
            from thidua.awards.models import Award

            issue_certificates(Award.objects.filter(pk__in=award_ids, revoked=False), user=user)
        record(publication, "transition", user=user, note=_("Công khai quyết định khen thưởng"),
               changes={"published": [False, True]})
    return publication


def unpublish(publication, *, user=None) -> None:
    with transaction.atomic():
        record(publication, "transition", user=user, note=_("Thôi công khai quyết định khen thưởng"),
               changes={"published": [True, False]})
        publication.delete()


def publish_decision(user, decision) -> Publication:
    """A province TĐKT officer puts a signed decision on the public results page (the documents page and the API)."""
    from thidua.core.permissions import require

    require(user, "documents.publish_decision", message=_("Chỉ cán bộ TĐKT cấp tỉnh được công khai quyết định."))
    return publish(decision, user=user)


def withdraw_decision(user, decision) -> bool:
    """Take a decision off the public results page; False when it was not published."""
    from thidua.core.permissions import require

    require(user, "documents.publish_decision", message=_("Chỉ cán bộ TĐKT cấp tỉnh được công khai quyết định."))
    existing = Publication.objects.filter(decision=decision).first()
    if existing is None:
        return False
    unpublish(existing, user=user)
    return True
