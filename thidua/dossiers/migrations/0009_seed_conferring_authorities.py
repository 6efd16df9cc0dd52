"""Seed the table of conferring authorities (who decides what, from when) and the signing capacity of the
decisions already signed (a "Phó …" signer signed for the head: "KT.")."""

import datetime as dt

from django.db import migrations

LAW_ART_80 = "Điều 80 Luật Thi đua, khen thưởng"
ND_129_ART_59 = "Điều 59 Nghị định 129/2025/NĐ-CP"
START = dt.date(2024, 1, 1)  # Luật Thi đua, khen thưởng 2022 in force
TWO_TIER = dt.date(2025, 7, 1)  # local government in two tiers: no district level (NĐ 129/2025)

ROWS = [
    # (kind, unit kind, award codes, from, to, legal basis)
    ("province_chair", "", ["BK_TINH", "CO_TINH", "CSTD_TINH", "TTLDXS", "XA_TIEU_BIEU"], START, None, LAW_ART_80),
    ("unit_head", "", ["CSTD_CO_SO", "LDTT", "TTLDTT", "GIAY_KHEN"], START, None, LAW_ART_80),
    ("district_chair", "locality", ["CSTD_CO_SO", "LDTT", "TTLDTT", "GIAY_KHEN", "THON_VAN_HOA", "GIA_DINH_VAN_HOA"],
     START, TWO_TIER - dt.timedelta(days=1), LAW_ART_80),
    ("commune_chair", "locality", ["GIAY_KHEN_XA", "GIA_DINH_VAN_HOA"], START, TWO_TIER - dt.timedelta(days=1),
     LAW_ART_80),
    ("commune_chair", "locality", ["CSTD_CO_SO", "LDTT", "TTLDTT", "GIAY_KHEN_XA", "THON_VAN_HOA", "GIA_DINH_VAN_HOA"],
     TWO_TIER, None, ND_129_ART_59),
]


def seed(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    ConferringAuthority = apps.get_model("dossiers", "ConferringAuthority")
    Decision = apps.get_model("dossiers", "Decision")
    types = {t.code: t for t in AwardType.objects.all()}
    rows = []
    for kind, unit_kind, codes, start, end, basis in ROWS:
        for code in codes:
            if code in types:
                rows.append(ConferringAuthority(award_type=types[code], kind=kind, unit_kind=unit_kind,
                                                valid_from=start, valid_to=end, legal_basis=basis))
    for t in types.values():
        if t.level in ("state", "government"):
            rows.append(ConferringAuthority(
                award_type=t, kind="prime_minister", valid_from=START, legal_basis=LAW_ART_80,
                note="Chủ tịch UBND tỉnh trình Thủ tướng Chính phủ (Tờ trình) để quyết định hoặc trình Chủ tịch nước."))
    ConferringAuthority.objects.bulk_create(rows)
    for decision in Decision.objects.all():
        if "PHÓ" in decision.signer_title.upper():
            decision.signer_capacity = "deputy"
            decision.save(update_fields=["signer_capacity"])


def unseed(apps, schema_editor):
    apps.get_model("dossiers", "ConferringAuthority").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0008_conferring_authorities_and_decision_signing"),
        ("awards", "0014_pending_proceeding_more_kinds_closing_note"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
