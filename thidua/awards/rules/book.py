"""Rule book v2 as data (LAW.md §1–3 + LAW-V2.md §B–§E): for each (award, nominee kind) the criteria in order,
the route group of qualitative routes (declared bases), the discipline window and whether a ballot applies.

The same book serves every rule set (LAW-V2.md §A.1: §B–§E rest on Luật 06/2022, in force in all three
periods). What differs between the sets is only data of `params.RULE_SETS`: article texts behind an article key
(`"@interval"` …), award names, and the v3 flag. `engine.compile_rule_set` turns book + set into the tables the
engine runs; a v4 that changes a criterion gets its own book entries here, keyed by version, without touching
the older sets."""

from __future__ import annotations

from dataclasses import dataclass

from . import collective, individual
from .criteria import (
    BALLOT,
    BALLOT_AWARDS,
    COLLECTIVE,
    DECLARED_BASIS,
    DISCIPLINE_WINDOWS,
    HOUSEHOLD,
    INDIVIDUAL,
    NO_DISCIPLINE,
    NO_PENDING,
    Criterion,
)

# Article keys: the article text comes from the rule set (params.RuleSet.articles, LAW-V2.md §A.2).
INTERVAL = "@interval"
BALLOT_ARTICLE = "@ballot"
SERVICE_MONTHS = "@service_months"
LONG_CONTRIBUTION = "@long_contribution"
TNXP_SERVICE = "@tnxp_service"
PROCEEDINGS = "@proceedings"
ARTICLE_KEYS = (INTERVAL, BALLOT_ARTICLE, SERVICE_MONTHS, LONG_CONTRIBUTION, TNXP_SERVICE, PROCEEDINGS)

PM_MOVEMENT_LEADER = "pm_movement_leader"


@dataclass(frozen=True, slots=True)
class Row:
    """A computable criterion: its code, article (text or article key), check and Vietnamese title."""

    code: str
    article: str
    check: object
    title: str


@dataclass(frozen=True, slots=True)
class Route:
    """A declared route (LAW-V2.md §B.4): the council judges it when the unit declares it with evidence.
    `basis` is the Vietnamese basis ("{xa}" = the set's name of XA_TIEU_BIEU, in lower case)."""

    code: str
    article: str
    basis: str


@dataclass(frozen=True, slots=True)
class Group:
    """A route group (LAW-V2.md §B.2): one computable route (may be empty) or one of the declared routes.
    `article` is cited by `declared_basis` when a group without a computable route has nothing declared."""

    computable: tuple[Row, ...]
    declared: tuple[Route, ...]
    article: str


@dataclass(frozen=True, slots=True)
class AwardRule:
    award: str
    kind: str
    specific: tuple[Row, ...]  # award-specific criteria outside the group, in the rule book's order
    group: Group | None = None


# ------------------------------------------------------------------------------------------------ routes

_BASES = {
    "movement_achievement": "thành tích xuất sắc, được bình xét trong phong trào thi đua",
    "many_or_sudden_achievements": (
        "lập được nhiều thành tích hoặc thành tích đột xuất có phạm vi ảnh hưởng trong lĩnh vực, đơn vị"
    ),
    "socioeconomic_contribution": (
        "đóng góp vào phát triển kinh tế - xã hội, khoa học công nghệ, an sinh xã hội, từ thiện"
    ),
    "worker_achievements": "công nhân, nông dân, người lao động có nhiều thành tích trong phạm vi cấp xã, đơn vị",
    "household_contribution": "hộ gia đình đóng góp công sức, đất đai, tài sản cho địa phương",
    "long_contribution": "quá trình cống hiến (thời gian giữ chức vụ; nữ được giảm 1/3 thời gian)",
    "central_group_leader": "dẫn đầu Cụm, Khối thi đua do Hội đồng Thi đua – Khen thưởng Trung ương tổ chức",
    PM_MOVEMENT_LEADER: (
        "dẫn đầu phong trào thi đua do Thủ tướng Chính phủ phát động, thời gian từ 5 năm trở lên, khi sơ kết, "
        "tổng kết"
    ),
    "model_commune": "đạt tiêu chuẩn {xa}",
    "cultural_village": "đạt tiêu chuẩn thôn, tổ dân phố văn hóa",
    "cultural_family": "đạt tiêu chuẩn “Gia đình văn hóa”",
}
ROUTE_CODES = tuple(_BASES)


def _route(code: str, article: str) -> Route:
    return Route(code, article, _BASES[code])


def _r(code: str, article: str, check, title: str) -> Row:
    return Row(code, article, check, title)


# ------------------------------------------------------------------------------------------------ individuals

_I = individual.CHECKS
_C = collective.CHECKS

_LDTT_ROWS = lambda award, article: (  # noqa: E731 - LDTT and CSTT share their rows (LAW-V2.md §C.2)
    _r("rating_good_in_year", article, _I[award]["rating_good_in_year"],
       "Xếp loại năm xét từ hòan thành tốt nhiệm vụ trở lên"),
    _r("service_months", SERVICE_MONTHS, _I[award]["service_months"],
       "Thời gian công tác trong năm đủ số tháng tối thiểu (mặc định 10 tháng)"),
)


def _cstd_tinh_rows(award: str) -> tuple[Row, ...]:
    return (
        _r("cstd_co_so_3_consecutive", "Luật Art 22.a", _I[award]["cstd_co_so_3_consecutive"],
           "Ba lần liên tục đạt Chiến sĩ thi đua cơ sở"),
        _r("initiative_scope_tinh", "Luật Art 22.b", _I[award]["initiative_scope_tinh"],
           "Có sáng kiến phạm vi cấp tỉnh trở lên được công nhận trong ba năm xét"),
    )


def _bk_individual(award: str) -> AwardRule:
    name = "Bằng khen của Chủ tịch UBND tỉnh" if award == "BK_TINH" else "Bằng khen của Bộ, ban, ngành"
    route_d = (
        _r("two_year_record", "Luật Art 74.1.d", _I[award]["two_year_record"],
           "Hai năm liên tục đạt Chiến sĩ thi đua cơ sở, hoặc hai năm hòan thành xuất sắc nhiệm vụ và có 2 sáng kiến"),
        _r("interval", INTERVAL, _I[award]["interval"], f"Chưa được tặng {name} trong hai năm xét"),
    )
    declared = (
        _route("movement_achievement", "Luật Art 74.1.a"),
        _route("many_or_sudden_achievements", "Luật Art 74.1.b"),
        _route("socioeconomic_contribution", "Luật Art 74.1.c"),
        _route("worker_achievements", "Luật Art 74.1.đ"),
    )
    return AwardRule(award, INDIVIDUAL, (), Group(route_d, declared, "Luật Art 74.1"))


def _giay_khen(award: str, kind: str) -> AwardRule:
    if kind == HOUSEHOLD:
        declared = (_route("household_contribution", "Luật Art 75"), _route("movement_achievement", "Luật Art 75"))
        return AwardRule(award, kind, (), Group((), declared, "Luật Art 75"))
    checks = _I if kind == INDIVIDUAL else _C
    specific = (
        _r("task_result_good", "Luật Art 75; Bắc Ninh QĐ 86/2025 Art 4.3 (default parameter)",
           checks[award]["task_result_good"], "Xếp loại năm xét từ hòan thành tốt nhiệm vụ trở lên (nếu được xếp loại)"),
    )
    declared = (_route("movement_achievement", "Luật Art 75"), _route("many_or_sudden_achievements", "Luật Art 75"))
    return AwardRule(award, kind, specific, Group((), declared, "Luật Art 75"))


_KNC = "TT 15/2025/TT-BXD pattern (default parameter)"

_INDIVIDUAL_RULES = (
    AwardRule("LDTT", INDIVIDUAL, _LDTT_ROWS("LDTT", "Luật Art 24.1.a")),
    AwardRule("CSTD_CO_SO", INDIVIDUAL, (
        _r("ldtt_standard", "Luật Art 23.1", _I["CSTD_CO_SO"]["ldtt_standard"],
           "Đạt tiêu chuẩn Lao động tiên tiến trong năm xét"),
        _r("excellence_or_initiative", "Luật Art 23.2", _I["CSTD_CO_SO"]["excellence_or_initiative"],
           "Hòan thành xuất sắc nhiệm vụ hoặc có sáng kiến được công nhận trong năm xét"),
    )),
    AwardRule("CSTD_TINH", INDIVIDUAL, _cstd_tinh_rows("CSTD_TINH")),
    AwardRule("CSTD_TOAN_QUOC", INDIVIDUAL, (
        _r("cstd_tinh_2_consecutive", "Luật Art 21", _I["CSTD_TOAN_QUOC"]["cstd_tinh_2_consecutive"],
           "Hai lần liên tục đạt Chiến sĩ thi đua cấp tỉnh (hoặc Bộ, ban, ngành)"),
        _r("initiative_scope_toan_quoc", "Luật Art 21", _I["CSTD_TOAN_QUOC"]["initiative_scope_toan_quoc"],
           "Có sáng kiến phạm vi toàn quốc được công nhận trong sáu năm xét"),
    )),
    _bk_individual("BK_TINH"),
    AwardRule("BK_TTG", INDIVIDUAL, (
        _r("prior_bk_tinh", "Luật Art 73.1.b", _I["BK_TTG"]["prior_bk_tinh"],
           "Đã được tặng Bằng khen cấp tỉnh (hoặc Bộ, ban, ngành) từ năm thứ năm trở về trước"),
        _r("five_years_good", "Luật Art 73.1.b", _I["BK_TTG"]["five_years_good"],
           "Năm năm liên tục hòan thành tốt nhiệm vụ trở lên"),
        _r("three_cstd_co_so", "Luật Art 73.1.b", _I["BK_TTG"]["three_cstd_co_so"],
           "Ba lần Chiến sĩ thi đua cơ sở trong năm năm xét"),
        _r("interval", INTERVAL, _I["BK_TTG"]["interval"], "Chưa được tặng Bằng khen của Thủ tướng trong năm năm xét"),
    )),
    AwardRule("HCLD_3", INDIVIDUAL, (), Group(
        (
            _r("prior_bk_ttg", "Luật Art 44.1.e", _I["HCLD_3"]["prior_bk_ttg"],
               "Đã được tặng Bằng khen của Thủ tướng từ năm thứ năm trở về trước"),
            _r("five_years_good", "Luật Art 44.1.e", _I["HCLD_3"]["five_years_good"],
               "Năm năm liên tục hòan thành tốt nhiệm vụ trở lên"),
            _r("one_year_excellent", "Luật Art 44.1.e", _I["HCLD_3"]["one_year_excellent"],
               "Ít nhất một năm hòan thành xuất sắc nhiệm vụ trong năm năm xét"),
            _r("three_cstd_co_so", "Luật Art 44.1.e", _I["HCLD_3"]["three_cstd_co_so"],
               "Ba lần Chiến sĩ thi đua cơ sở trong năm năm xét"),
            _r("interval", INTERVAL, _I["HCLD_3"]["interval"],
               "Chưa được tặng Huân chương Lao động hạng Ba trong năm năm xét"),
        ),
        (_route("long_contribution", LONG_CONTRIBUTION),),
        "Luật Art 44.1",
    )),
    # Rule book v2 (LAW-V2.md §C.2)
    AwardRule("CSTT", INDIVIDUAL, _LDTT_ROWS("CSTT", "Luật Art 24.2")),
    AwardRule("CSTD_BO_NGANH", INDIVIDUAL, _cstd_tinh_rows("CSTD_BO_NGANH")),
    _bk_individual("BK_BO_NGANH"),
    _giay_khen("GIAY_KHEN", INDIVIDUAL),
    _giay_khen("GIAY_KHEN_XA", INDIVIDUAL),
    AwardRule("KNC_BO_NGANH", INDIVIDUAL, (
        _r("service_years_by_gender", _KNC, _I["KNC_BO_NGANH"]["service_years_by_gender"],
           "Thời gian công tác trong ngành đủ 20 năm (nam) hoặc 15 năm (nữ)"),
        _r("once_per_type", _KNC, _I["KNC_BO_NGANH"]["once_per_type"], "Chưa được tặng Kỷ niệm chương cùng loại"),
        _r("second_type_interval", _KNC, _I["KNC_BO_NGANH"]["second_type_interval"],
           "Kỷ niệm chương loại khác đã được tặng từ ba năm trở lên"),
    )),
    AwardRule("HCTNXP_VE_VANG", INDIVIDUAL, (
        _r("tnxp_service", TNXP_SERVICE, _I["HCTNXP_VE_VANG"]["tnxp_service"],
           "Là liệt sĩ, hoặc tham gia thanh niên xung phong từ 24 tháng trở lên"),
    )),
)

# ------------------------------------------------------------------------------------------------ collectives


def _ttldtt_rows(award: str) -> tuple[Row, ...]:
    return (
        _r("rating_good_in_year", "Luật Art 28", _C[award]["rating_good_in_year"],
           "Tập thể xếp loại từ hòan thành tốt nhiệm vụ trở lên"),
        _r("ldtt_ratio", "Luật Art 28; provincial rule", _C[award]["ldtt_ratio"],
           "Tỷ lệ thành viên đạt Lao động tiên tiến (mặc định 70%)"),
        _r("no_member_disciplined", "Luật Art 28; provincial rule", _C[award]["no_member_disciplined"],
           "Không có thành viên bị kỷ luật từ hình thức cảnh cáo trở lên"),
    )


def _ttldxs_rows(award: str) -> tuple[Row, ...]:
    return (
        _r("rating_excellent_in_year", "Luật Art 27.1.a", _C[award]["rating_excellent_in_year"],
           "Tập thể hòan thành xuất sắc nhiệm vụ"),
        _r("all_members_completed", "Luật Art 27.1.c", _C[award]["all_members_completed"],
           "100% thành viên hòan thành nhiệm vụ"),
        _r("ldtt_ratio", "Luật Art 27.1.c", _C[award]["ldtt_ratio"],
           "Tỷ lệ thành viên đạt Lao động tiên tiến (mặc định 70%)"),
        _r("has_cstd_co_so", "Luật Art 27.1.d", _C[award]["has_cstd_co_so"], "Có cá nhân đạt Chiến sĩ thi đua cơ sở"),
    )


def _co_rows(award: str, article: str, scope: str) -> tuple[Row, ...]:
    return (
        _r("leads_group", article, _C[award]["leads_group"], f"Dẫn đầu Cụm, Khối thi đua {scope}"),
        _r("rating_excellent_in_year", article, _C[award]["rating_excellent_in_year"], "Hòan thành xuất sắc nhiệm vụ"),
    )


def _bk_collective(award: str) -> AwardRule:
    name = "Bằng khen của Chủ tịch UBND tỉnh" if award == "BK_TINH" else "Bằng khen của Bộ, ban, ngành"
    route_d = (
        _r("two_year_record", "Luật Art 74.2", _C[award]["two_year_record"],
           "Hai năm liên tục hòan thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao động xuất sắc (Đơn vị quyết thắng)"),
        _r("interval", INTERVAL, _C[award]["interval"], f"Chưa được tặng {name} trong hai năm xét"),
    )
    declared = (
        _route("movement_achievement", "Luật Art 74.2"),
        _route("many_or_sudden_achievements", "Luật Art 74.2"),
        _route("socioeconomic_contribution", "Luật Art 74.2"),
    )
    return AwardRule(award, COLLECTIVE, (), Group(route_d, declared, "Luật Art 74.2"))


_BK_TTG_COLLECTIVE = "Luật Art 73.2 (best understanding, unconfirmed)"

_COLLECTIVE_RULES = (
    AwardRule("TTLDTT", COLLECTIVE, _ttldtt_rows("TTLDTT")),
    AwardRule("TTLDXS", COLLECTIVE, _ttldxs_rows("TTLDXS")),
    _bk_collective("BK_TINH"),
    AwardRule("CO_TINH", COLLECTIVE, _co_rows("CO_TINH", "Luật Art 26", "của tỉnh")),
    AwardRule("CO_CP", COLLECTIVE, (), Group(
        (
            _r("leads_group", "Luật Art 25.1", _C["CO_CP"]["leads_group"], "Dẫn đầu Cụm, Khối thi đua"),
            _r("co_tinh_in_year", "Luật Art 25.1", _C["CO_CP"]["co_tinh_in_year"],
               "Được tặng Cờ thi đua của UBND tỉnh (hoặc Bộ, ngành) trong năm xét"),
        ),
        (_route("central_group_leader", "Luật Art 25.2"), _route(PM_MOVEMENT_LEADER, "Luật Art 25.3")),
        "Luật Art 25",
    )),
    # Rule book v2 (LAW-V2.md §C.3)
    AwardRule("DVTT", COLLECTIVE, _ttldtt_rows("DVTT")),
    AwardRule("DVQT", COLLECTIVE, _ttldxs_rows("DVQT")),
    AwardRule("CO_BO_NGANH", COLLECTIVE, _co_rows("CO_BO_NGANH", "Luật Art 26", "của Bộ, ngành")),
    _bk_collective("BK_BO_NGANH"),
    AwardRule("BK_TTG", COLLECTIVE, (
        _r("prior_bk_tinh", _BK_TTG_COLLECTIVE, _C["BK_TTG"]["prior_bk_tinh"],
           "Đã được tặng Bằng khen cấp tỉnh (hoặc Bộ, ban, ngành) từ năm thứ năm trở về trước"),
        _r("five_years_good", _BK_TTG_COLLECTIVE, _C["BK_TTG"]["five_years_good"],
           "Năm năm liên tục hòan thành tốt nhiệm vụ trở lên"),
        _r("excellent_years", _BK_TTG_COLLECTIVE, _C["BK_TTG"]["excellent_years"],
           "Ít nhất 2 năm hòan thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao động xuất sắc trong năm năm xét"),
        _r("interval", INTERVAL, _C["BK_TTG"]["interval"], "Chưa được tặng Bằng khen của Thủ tướng trong năm năm xét"),
    )),
    _giay_khen("GIAY_KHEN", COLLECTIVE),
    _giay_khen("GIAY_KHEN_XA", COLLECTIVE),
    AwardRule("XA_TIEU_BIEU", COLLECTIVE, (), Group(
        (), (_route("model_commune", "Luật Art 20; NĐ 152/2025 Art 50"),), "Luật Art 20; NĐ 152/2025 Art 50"
    )),
    AwardRule("THON_VAN_HOA", COLLECTIVE, (), Group(
        (), (_route("cultural_village", "Luật Art 20; NĐ 129/2025 Art 59"),), "Luật Art 20; NĐ 129/2025 Art 59"
    )),
)

# ------------------------------------------------------------------------------------------------ households
# LAW-V2.md §C.4, §D: no_pending_proceedings applies; discipline, ballots and ratings are not read.

_HOUSEHOLD_RULES = (
    _giay_khen("GIAY_KHEN", HOUSEHOLD),
    _giay_khen("GIAY_KHEN_XA", HOUSEHOLD),
    AwardRule("BK_TINH", HOUSEHOLD, (), Group((), (_route("household_contribution", "Luật Art 74"),), "Luật Art 74")),
    AwardRule("BK_BO_NGANH", HOUSEHOLD, (), Group(
        (), (_route("household_contribution", "Luật Art 74"),), "Luật Art 74"
    )),
    AwardRule("GIA_DINH_VAN_HOA", HOUSEHOLD, (), Group(
        (), (_route("cultural_family", "Luật Art 20.2"),), "Luật Art 20.2"
    )),
)

RULE_BOOK: dict[tuple[str, str], AwardRule] = {
    (rule.award, rule.kind): rule for rule in (*_INDIVIDUAL_RULES, *_COLLECTIVE_RULES, *_HOUSEHOLD_RULES)
}

# ------------------------------------------------------------------------------------------------ listing

_TITLES = {
    NO_PENDING: "Không đang bị xem xét kỷ luật, điều tra, thanh tra, khiếu nại, tố cáo",
    NO_DISCIPLINE: "Không bị kỷ luật trong thời gian lấy thành tích",
    BALLOT: "Đủ tỷ lệ phiếu đồng ý trên tổng số thành viên Hội đồng (khi có kết quả bỏ phiếu)",
    DECLARED_BASIS: "Đã kê khai căn cứ thành tích (kèm minh chứng)",
}


def cross_cutting(award: str, kind: str) -> tuple[tuple[str, str], ...]:
    """(code, article key) of the cross-cutting criteria of an award for a kind, in the verdict's order."""
    rows = [(NO_PENDING, PROCEEDINGS)]
    if kind == INDIVIDUAL and award in DISCIPLINE_WINDOWS:
        rows.append((NO_DISCIPLINE, PROCEEDINGS))
    if award in BALLOT_AWARDS and kind != HOUSEHOLD:
        rows.append((BALLOT, BALLOT_ARTICLE))
    return tuple(rows)


def resolve_article(article: str, articles) -> str:
    return articles[article[1:]] if article.startswith("@") else article


def route_basis(route: Route, names) -> str:
    return route.basis.format(xa=names.get("XA_TIEU_BIEU", "Xã, phường, đặc khu tiêu biểu").lower())


def listing(award: str, kind: str, articles, names) -> tuple[Criterion, ...]:
    """Every criterion the engine may report for `award` and `kind` under a rule set, in the verdict's order."""
    rule = RULE_BOOK.get((award, kind))
    if rule is None:
        return ()
    out = [Criterion(r.code, resolve_article(r.article, articles), r.title) for r in rule.specific]
    if rule.group is not None:
        group = rule.group
        out += [Criterion(r.code, resolve_article(r.article, articles), r.title) for r in group.computable]
        out += [
            Criterion(route.code, resolve_article(route.article, articles),
                      "Căn cứ: " + route_basis(route, names), declared=True)
            for route in group.declared
        ]
        if not group.computable:
            out.append(Criterion(DECLARED_BASIS, group.article, _TITLES[DECLARED_BASIS], declared=True))
    out += [Criterion(code, resolve_article(key, articles), _TITLES[code]) for code, key in cross_cutting(award, kind)]
    return tuple(out)
