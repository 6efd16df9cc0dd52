"""Award names as lists and award books write them → the catalogue entry.

"Danh hiệu “Lao động tiên tiến”", "LĐTT", "CSTĐCS", "BK UBND tỉnh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Hưng
Yên", "HCLĐ hạng 3", "Huân chương Kháng chiến chống Mỹ hạng Nhất"… all become one canonical key, built the same way
from the catalogue's names, short names and codes, so a new catalogue entry is recognised without a new alias. A bare
"Bằng khen" / "Giấy khen" is read at the level the list is sent to (DESIGN.md §4.7).
"""

from __future__ import annotations

import re

from thidua.core.tabular import key

LEVEL_PROVINCE, LEVEL_COMMUNE, LEVEL_UNIT = "tinh", "xa", "don_vi"
LEVELS = (LEVEL_PROVINCE, LEVEL_COMMUNE, LEVEL_UNIT)

# Ordered rewrites on the folded key; both the catalogue and what a list says go through them.
_REWRITES = [
    (r"^(de nghi )?(tang )?(thuong )?", ""),
    (r"\b(nam|nam hoc|giai doan) \d{4}( \d{4})?\b", ""),  # "LĐTT năm 2025", "… năm học 2024-2025"
    (r"\bdanh hieu\b", ""),
    (r"\bhinh thuc\b", ""),
    (r"\bsy\b", "si"),  # "Chiến sỹ" as often as "Chiến sĩ"
    (r"\buy ban nhan dan\b", "ubnd"),
    (r"\bubnd\b", " ubnd "),
    (r"\bchu tich\b", ""),
    (r"\bcua\b", ""),
    (r"\b(thu tuong chinh phu|thu tuong|ttcp|ttg)\b", "ttg"),
    (r"\bchinh phu\b", "cp"),
    (r"\bhuan chuong\b", "hc"),
    (r"\bhuy chuong\b", "huyc"),
    (r"\bbang khen\b", "bk"),
    (r"\bgiay khen\b", "gk"),
    (r"\bchien si thi dua\b", "cstd"),
    (r"\bcstdcs\b", "cstd cs"),
    (r"\bcstdtq\b", "cstd toan quoc"),
    (r"\blao dong tien tien\b", "ldtt"),
    (r"\blao dong xuat sac\b", "ldxs"),
    (r"\btap the (ldtt|ldxs)\b", r"tt\1"),
    (r"\btt (ldtt|ldxs)\b", r"tt\1"),
    (r"\bco so\b", "cs"),
    (r"\bcap cs\b", "cs"),
    (r"\bcap tinh\b", "tinh"),
    (r"\bthi dua\b", "td"),
    (r"\bhc lao dong\b", "hcld"),
    (r"\bhang (nhat|1|i)\b", "h1"),
    (r"\bhang (nhi|2|ii)\b", "h2"),
    (r"\bhang (ba|3|iii)\b", "h3"),
    (r"\bchong (phap|my)( cuu nuoc)?\b", ""),
    (r"\b(bk|gk) (\w+ )?(tinh|xa|huyen)\b", r"\1 ubnd \3"),
    (r"\bubnd (cap )?(xa|phuong|thi tran|dac khu)\b", "ubnd xa"),
    (r"\bubnd (cap )?(huyen|thi xa|thanh pho|quan)\b", "ubnd huyen"),
    (r"\bubnd ubnd\b", "ubnd"),
]
_REWRITES = [(re.compile(p), r) for p, r in _REWRITES]
_PROVINCE_SUFFIX = re.compile(r"\b(ubnd tinh|tinh|ubnd huyen|huyen|ubnd xa|xa)( [a-z]+){1,4}$")

# Spellings that the rewrites do not reach (canonical form → code).
ALIASES = {
    "ldtt": "LDTT", "cstd cs": "CSTD_CO_SO", "cstd tinh": "CSTD_TINH", "cstd toan quoc": "CSTD_TOAN_QUOC",
    "bk ubnd tinh": "BK_TINH", "bk tinh": "BK_TINH", "bkubnd tinh": "BK_TINH", "bkubt": "BK_TINH",
    "bk ttg": "BK_TTG", "bkttg": "BK_TTG", "bk bo nganh": "BK_BO_NGANH",
    "co td ubnd tinh": "CO_TINH", "co td tinh": "CO_TINH", "co tinh": "CO_TINH", "co ubnd tinh": "CO_TINH",
    "co td cp": "CO_CP", "co cp": "CO_CP",
    "ttldtt": "TTLDTT", "ttldxs": "TTLDXS", "cstt": "CSTT",
    "hcld h1": "HCLD_1", "hcld h2": "HCLD_2", "hcld h3": "HCLD_3",
    "huyc thanh nien xung phong": "HCTNXP_VE_VANG", "huyc tnxp": "HCTNXP_VE_VANG",
    "huyc tnxp ve vang": "HCTNXP_VE_VANG",
    "gk ubnd xa": "GIAY_KHEN_XA", "gk xa": "GIAY_KHEN_XA",
    "gk ubnd huyen": "GIAY_KHEN_HUYEN", "gk huyen": "GIAY_KHEN_HUYEN",
    "gk giam doc so": "GIAY_KHEN", "gk giam doc": "GIAY_KHEN", "gk thu truong don vi": "GIAY_KHEN",
    "gk thu truong co quan": "GIAY_KHEN", "gk thu truong": "GIAY_KHEN",
    "bang to quoc ghi cong": "BANG_TO_QUOC_GHI_CONG", "to quoc ghi cong": "BANG_TO_QUOC_GHI_CONG",
    "gia dinh van hoa": "GIA_DINH_VAN_HOA", "thon van hoa": "THON_VAN_HOA", "to dan pho van hoa": "THON_VAN_HOA",
    "ky niem chuong": "KNC_BO_NGANH",
}
GENERIC = {"bk": {LEVEL_PROVINCE: "BK_TINH"}, "gk": {LEVEL_COMMUNE: "GIAY_KHEN_XA", LEVEL_UNIT: "GIAY_KHEN"}}


def canonical(text) -> str:
    k = key(text)
    for pattern, repl in _REWRITES:
        k = " ".join(pattern.sub(repl, k).split())
    return k


# Families recognised by the words they contain, when no exact spelling matched (first match wins).
_FAMILIES = [
    (re.compile(r"^ky niem chuong\b"), "KNC_BO_NGANH"),
    (re.compile(r"^bk (bo|bo truong|thu truong|ban|uy ban|trung uong|tong lien doan|hoi|doan|tw)\b"), "BK_BO_NGANH"),
    (re.compile(r"^co td (bo|ban|trung uong|tong lien doan|doan|tw)\b"), "CO_BO_NGANH"),
    (re.compile(r"^cstd (bo|nganh|bo nganh)\b"), "CSTD_BO_NGANH"),
    (re.compile(r"^gk (giam doc|hieu truong|thu truong|truong|vien truong|tong giam doc|chanh|cuc truong)\b"),
     "GIAY_KHEN"),
    (re.compile(r"^gk .*\bubnd xa\b"), "GIAY_KHEN_XA"),
    (re.compile(r"^gk .*\bubnd huyen\b"), "GIAY_KHEN_HUYEN"),
    (re.compile(r"^bk .*\bubnd tinh\b"), "BK_TINH"),
    (re.compile(r"^bk .*\bttg\b"), "BK_TTG"),
]


class AwardRecogniser:
    """Built once per list from the catalogue (any iterable of objects with code, name, short_name)."""

    def __init__(self, award_types, level: str = LEVEL_PROVINCE):
        self.level = level if level in LEVELS else LEVEL_PROVINCE
        self.by_code = {at.code: at for at in award_types}
        self.table: dict[str, object] = {}
        for at in self.by_code.values():
            for k in (canonical(at.name), canonical(at.short_name), at.code.lower(), key(at.code.replace("_", " "))):
                if k:
                    self.table.setdefault(k, at)
        for alias, code in ALIASES.items():
            if code in self.by_code:
                self.table.setdefault(alias, self.by_code[code])

    def recognise(self, text, codes: dict[str, str] | None = None):
        """The catalogue entry `text` names, through the workbook's own `codes` ({folded code: name}) first;
        None when unknown (or a generic 'Bằng khen' / 'Giấy khen' at a level that has none)."""
        raw = key(text)
        if not raw:
            return None
        if codes and raw in codes and key(codes[raw]) != raw:
            found = self.recognise(codes[raw])
            if found is not None:
                return found
        bracketed = re.sub(r"\s*[(\[][^)\]]*[)\]]", " ", str(text))
        if bracketed.strip() != str(text).strip():  # "Bằng khen … (đột xuất)": the note is not the award
            found = self.recognise(bracketed)
            if found is not None:
                return found
        k = canonical(text)
        if k in GENERIC:
            code = GENERIC[k].get(self.level)
            return self.by_code.get(code) if code else None
        found = self.table.get(k) or self.table.get(k.replace(" ", ""))
        if found is None:
            stripped = _PROVINCE_SUFFIX.sub(r"\1", k)
            if stripped != k:
                found = self.table.get(stripped)
        if found is None:
            code = next((c for pattern, c in _FAMILIES if pattern.search(k)), None)
            found = self.by_code.get(code) if code else None
        return found
