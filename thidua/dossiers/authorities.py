"""Routing a dossier to its conferring authority, and what that authority's decision carries under Decree
30/2020 (`../shared/DECREE30-SIGNATURES.md`): the issuer's name, the ký hiệu in the number, the authority line
above the căn cứ, and the signature block.

- A decision of the Chủ tịch UBND tỉnh: headed «ỦY BAN NHÂN DÂN» / «TỈNH HƯNG YÊN» (no chủ quản line), numbered
  «…/QĐ-UBND», issued by «CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN» and signed «CHỦ TỊCH» — or «KT. CHỦ TỊCH» /
  «PHÓ CHỦ TỊCH» when a vice-chair signs (Phụ lục I, Mục II.7: "KT." before the head's title).
- «TM. ỦY BAN NHÂN DÂN» only for acts of the People's Committee as a body (authority line «ỦY BAN NHÂN DÂN TỈNH
  HƯNG YÊN»).
- The Chủ tịch UBND cấp xã and heads of units decide in their own name, the same way.
- State and Government awards are not decided here: the province proposes them to the Thủ tướng (Tờ trình).

Pure functions over plain values plus `route()`, which reads the table (`ConferringAuthority`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from thidua.dossiers.models_authority import LOCAL_KINDS, PROVINCE_KINDS, AuthorityKind, ConferringAuthority

CHAIR_KINDS = frozenset({AuthorityKind.PROVINCE_CHAIR, AuthorityKind.PROVINCE_COMMITTEE, AuthorityKind.COMMUNE_CHAIR,
                         AuthorityKind.DISTRICT_CHAIR})
TWO_TIER = dt.date(2025, 7, 1)


def upper_vi(text: str) -> str:
    return " ".join((text or "").split()).upper()


@dataclass(frozen=True)
class Route:
    """Where a nomination goes: `kind` (AuthorityKind), the issuing unit for a local authority, the table row."""

    kind: str
    unit_id: int | None = None
    row: ConferringAuthority | None = None

    @property
    def by_proposal(self) -> bool:
        return self.kind == AuthorityKind.PRIME_MINISTER

    @property
    def is_provincial(self) -> bool:
        return self.kind in PROVINCE_KINDS

    @property
    def label(self) -> str:
        return str(AuthorityKind(self.kind).label)


def _fallback(award_type, unit, day) -> str | None:
    """Award types the table does not list yet: by the catalogue's level and competent authority."""
    if award_type.level in ("state", "government"):
        return AuthorityKind.PRIME_MINISTER
    by = (award_type.conferred_by or "").lower()
    if award_type.level == "ministry_province" and "ủy ban nhân dân tỉnh" in by:
        return AuthorityKind.PROVINCE_CHAIR
    if award_type.level == "local":
        if unit is not None and unit.kind == "locality":
            return AuthorityKind.COMMUNE_CHAIR if day >= TWO_TIER else AuthorityKind.DISTRICT_CHAIR
        return AuthorityKind.UNIT_HEAD
    return None


def route(award_type, unit, day: dt.date, rows=None) -> Route | None:
    """The authority in force on `day` for `award_type` proposed by `unit`: a row for the unit's kind first, then
    one for any kind; else the catalogue's level. None: not within the province's reach (e.g. a ministry's)."""
    if rows is None:
        rows = list(ConferringAuthority.objects.in_force(day).filter(award_type=award_type))
    else:
        rows = [r for r in rows if r.award_type_id == award_type.pk and r.valid_from <= day
                and (r.valid_to is None or r.valid_to >= day)]
    unit_kind = getattr(unit, "kind", "")
    chosen = next((r for r in rows if r.unit_kind and r.unit_kind == unit_kind), None) or next(
        (r for r in rows if not r.unit_kind), None)
    kind = chosen.kind if chosen is not None else _fallback(award_type, unit, day)
    if kind is None:
        return None
    return Route(kind, unit.pk if kind in LOCAL_KINDS and unit is not None else None, chosen)


def routes_for(nominations, unit, day: dt.date) -> dict[int, Route | None]:
    """{nomination id: Route} in one query."""
    nominations = list(nominations)
    rows = list(ConferringAuthority.objects.in_force(day).filter(
        award_type_id__in={n.award_type_id for n in nominations}))
    return {n.pk: route(n.award_type, unit, day, rows) for n in nominations}


def dossier_route(dossier, nominations, day: dt.date) -> tuple[Route | None, str | None]:
    """(the one route of the nominations, None) or (None, why the dossier cannot be decided as one decision)."""
    routes = routes_for(nominations, dossier.unit, day)
    if not routes:
        return None, None
    missing = [n.nominee_name for n in nominations if routes[n.pk] is None]
    if missing:
        return None, _("%(names)s: danh hiệu, hình thức này không thuộc thẩm quyền quyết định của tỉnh hoặc đơn vị.") % {
            "names": ", ".join(missing)}
    kinds = {(r.kind, r.unit_id) for r in routes.values()}
    provincial = [r for r in routes.values() if r.kind == AuthorityKind.PROVINCE_CHAIR]
    if len(kinds) > 1 and provincial and all(k in PROVINCE_KINDS | LOCAL_KINDS for k, _u in kinds):
        # A dossier sent up to the province with both provincial and lower awards is decided as one decision by
        # the higher authority, the Chủ tịch UBND tỉnh (as the province's dossiers always were).
        return provincial[0], None
    if len(kinds) > 1:
        labels = sorted({str(AuthorityKind(k).label) for k, _u in kinds})
        return None, _("Các đề nghị trong hồ sơ thuộc thẩm quyền khác nhau (%(who)s): mỗi quyết định chỉ của một "
                       "người có thẩm quyền; hãy tách hồ sơ.") % {"who": "; ".join(labels)}
    return next(iter(routes.values())), None


# --- what the decision carries (Decree 30/2020) ----------------------------------------------------------------


def locality_name(unit_name: str) -> str:
    """'Ủy ban nhân dân xã Tân Hưng' / 'UBND xã Tân Hưng' / 'Xã Tân Hưng' → 'xã Tân Hưng'."""
    name = " ".join((unit_name or "").split())
    name = re.sub(r"^(ủy ban nhân dân|ủy ban nhân dân|ubnd)\s+", "", name, flags=re.IGNORECASE)
    return name[:1].lower() + name[1:] if name[:3].lower() in ("xã ", "phư", "huy", "thị") else name


def place_of(unit_name: str) -> str:
    """The địa danh of a commune's documents: its name without 'xã'/'phường' ('Tân Hưng')."""
    return re.sub(r"^(xã|phường|thị trấn|huyện|thị xã|thành phố)\s+", "", locality_name(unit_name),
                  flags=re.IGNORECASE)


def symbol_of(name: str) -> str:
    """Ký hiệu of a unit in document numbers: its initials ('Sở Giáo dục và Đào tạo' → 'SGDĐT')."""
    words = re.findall(r"[^\W\d_]+", name or "")
    skip = {"và", "của", "các"}
    letters = "".join(w[0].upper() for w in words if w.lower() not in skip)
    return letters[:12] or "ĐV"


def unit_symbol(unit) -> str:
    return symbol_of(unit.name)


def head_title_for(own_title: str) -> str:
    """The head's title a deputy signs for: 'Phó Giám đốc' → 'GIÁM ĐỐC', 'Phó Chủ tịch' → 'CHỦ TỊCH'."""
    return re.sub(r"^PHÓ\s+", "", upper_vi(own_title))


@dataclass(frozen=True)
class Issuance:
    """Everything Decree 30 prints about who issues and signs, as plain text."""

    issuer_lines: tuple[str, ...]  # bold upper case, top left
    issuer_parent: str  # the cơ quan chủ quản above (abbreviated), or ''
    symbol: str  # ký hiệu in the number: 'UBND'
    place: str  # địa danh in the date line
    issuer_name: str  # running text: 'Ủy ban nhân dân tỉnh Hưng Yên'
    authority_line: str  # above the căn cứ: 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN'
    authority_text: str  # running text: 'Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên'
    signature: tuple[str, ...]  # the lines above the name: ('KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH')
    signer_name: str = ""

    @property
    def signer_authority(self) -> str:
        """Every line but the last (TM. / KT. lines), one per line."""
        return "\n".join(self.signature[:-1])

    @property
    def signer_position(self) -> str:
        return self.signature[-1] if self.signature else ""


def issuance(kind: str, *, unit_name: str = "", capacity: str = "head", signer_title: str = "",
             signer_name: str = "", province: str | None = None) -> Issuance:
    """The issuer, authority line and signature block of a decision of `kind` (Decree 30/2020, Phụ lục I II.2,
    II.7; Mẫu 1.2 footnote 6). `unit_name` is the issuing unit or commune for a local authority; `signer_title`
    the signer's own title ('Phó Chủ tịch', 'Giám đốc'); `capacity` 'head' or 'deputy' (signs "KT.")."""
    province = province or settings.THIDUA_PROVINCE_NAME
    deputy = capacity == "deputy"
    if kind in (AuthorityKind.PROVINCE_CHAIR, AuthorityKind.PROVINCE_COMMITTEE):
        lines, parent, symbol, place = ("ỦY BAN NHÂN DÂN", f"TỈNH {upper_vi(province)}"), "", "UBND", province
        body = f"Ủy ban nhân dân tỉnh {province}"
    elif kind in (AuthorityKind.COMMUNE_CHAIR, AuthorityKind.DISTRICT_CHAIR):
        local = locality_name(unit_name)
        lines, parent, symbol, place = ("ỦY BAN NHÂN DÂN", upper_vi(local)), "", "UBND", place_of(unit_name)
        body = f"Ủy ban nhân dân {local}"
    else:
        lines, parent, place = (upper_vi(unit_name),), f"UBND TỈNH {upper_vi(province)}", province
        symbol, body = symbol_of(unit_name), unit_name
    if kind in CHAIR_KINDS:
        head, own = "CHỦ TỊCH", ("PHÓ CHỦ TỊCH" if deputy else "CHỦ TỊCH")
    else:
        own = upper_vi(signer_title) or "THỦ TRƯỞNG"
        head = head_title_for(signer_title) if deputy else own
    signature = (f"KT. {head}", own) if deputy else (own,)
    if kind == AuthorityKind.PROVINCE_COMMITTEE:
        # An act of the People's Committee as a body: "TM." before the body's name (Mục II.7).
        authority_line = upper_vi(body)
        authority_text = body
        signature = ("TM. ỦY BAN NHÂN DÂN", *signature)
    elif kind in CHAIR_KINDS:
        authority_text = f"Chủ tịch {body}"
        authority_line = upper_vi(authority_text)
    else:
        authority_text = f"{head[:1]}{head[1:].lower()} {body}"
        authority_line = upper_vi(authority_text)
    return Issuance(issuer_lines=lines, issuer_parent=parent, symbol=symbol, place=place, issuer_name=body,
                    authority_line=authority_line, authority_text=authority_text, signature=signature,
                    signer_name=signer_name)


def decision_issuance(decision) -> Issuance:
    """The issuance of a signed Decision (its stored authority, issuing unit, capacity and signer)."""
    return issuance(decision.authority_kind, unit_name=decision.issuer_unit.name if decision.issuer_unit_id else "",
                    capacity=decision.signer_capacity, signer_title=decision.signer_title,
                    signer_name=decision.signer_name)


def capacity_from_title(title: str) -> str:
    """'Phó Chủ tịch UBND tỉnh' or 'KT. CHỦ TỊCH — PHÓ CHỦ TỊCH' → 'deputy'; else 'head'."""
    text = upper_vi(title)
    return "deputy" if text.startswith("KT.") or re.search(r"\bPHÓ\b", text) else "head"
