"""Default items (hiện vật) per catalogue group: a Bằng khen comes with its frame, an order or a medal with its
box and certificate, an emulation flag (Cờ thi đua) is a flag (Luật TĐKT 2022 Art 76)."""

DEFAULT_ITEMS_BY_GROUP = {
    "title_individual": ["bang"],
    "title_collective": ["bang", "khung"],
    "title_household": ["bang"],
    "order": ["huy_hieu", "hop", "bang"],
    "medal": ["huy_hieu", "hop", "bang"],
    "honorary": ["huy_hieu", "bang"],
    "prize": ["bang"],
    "commemorative": ["huy_hieu", "bang"],
    "merit": ["bang", "khung"],
    "recognition": ["bang", "khung"],
}
FLAG_CODES = {"CO_CP", "CO_BO_NGANH", "CO_TINH"}


def default_items(award_type) -> list[str]:
    if award_type.code in FLAG_CODES:
        return ["co"]
    return DEFAULT_ITEMS_BY_GROUP.get(award_type.group, ["bang"])
