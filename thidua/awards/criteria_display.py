"""The rule book's criteria as the page's language shows them.

The engine (`awards/rules`, pure Python) speaks Vietnamese: its titles and messages are the contract's text and
stay so (the CLI/API and the documents use them). Pages show them as they are in Vietnamese; in English they show
the catalogue's translation of the criterion's title and, for an unmet criterion, a message chosen by criterion
code (the engine's message carries Vietnamese figures and phrasing that cannot be translated word by word).

`scripts/po_fill.py --check` and tests/core/test_i18n.py check that every criterion code and title of the engine
has an entry here."""

from __future__ import annotations

from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# Every title of `awards/rules/book.py`, listed so that makemessages puts them in the catalogue.
TITLES = (
    gettext_noop("Xếp loại năm xét từ hòan thành tốt nhiệm vụ trở lên"),
    gettext_noop("Thời gian công tác trong năm đủ số tháng tối thiểu (mặc định 10 tháng)"),
    gettext_noop("Không đang bị xem xét kỷ luật, điều tra, thanh tra, khiếu nại, tố cáo"),
    gettext_noop("Không bị kỷ luật trong thời gian lấy thành tích"),
    gettext_noop("Đạt tiêu chuẩn Lao động tiên tiến trong năm xét"),
    gettext_noop("Hòan thành xuất sắc nhiệm vụ hoặc có sáng kiến được công nhận trong năm xét"),
    gettext_noop("Đủ tỷ lệ phiếu đồng ý trên tổng số thành viên Hội đồng (khi có kết quả bỏ phiếu)"),
    gettext_noop("Ba lần liên tục đạt Chiến sĩ thi đua cơ sở"),
    gettext_noop("Có sáng kiến phạm vi cấp tỉnh trở lên được công nhận trong ba năm xét"),
    gettext_noop("Hai lần liên tục đạt Chiến sĩ thi đua cấp tỉnh (hoặc Bộ, ban, ngành)"),
    gettext_noop("Có sáng kiến phạm vi toàn quốc được công nhận trong sáu năm xét"),
    gettext_noop("Hai năm liên tục đạt Chiến sĩ thi đua cơ sở, hoặc hai năm hòan thành xuất sắc nhiệm vụ và có 2 "
                 "sáng kiến"),
    gettext_noop("Chưa được tặng Bằng khen của Chủ tịch UBND tỉnh trong hai năm xét"),
    gettext_noop("Căn cứ: thành tích xuất sắc, được bình xét trong phong trào thi đua"),
    gettext_noop("Căn cứ: lập được nhiều thành tích hoặc thành tích đột xuất có phạm vi ảnh hưởng trong lĩnh vực, "
                 "đơn vị"),
    gettext_noop("Căn cứ: đóng góp vào phát triển kinh tế - xã hội, khoa học công nghệ, an sinh xã hội, từ thiện"),
    gettext_noop("Căn cứ: công nhân, nông dân, người lao động có nhiều thành tích trong phạm vi cấp xã, đơn vị"),
    gettext_noop("Đã được tặng Bằng khen cấp tỉnh (hoặc Bộ, ban, ngành) từ năm thứ năm trở về trước"),
    gettext_noop("Năm năm liên tục hòan thành tốt nhiệm vụ trở lên"),
    gettext_noop("Ba lần Chiến sĩ thi đua cơ sở trong năm năm xét"),
    gettext_noop("Chưa được tặng Bằng khen của Thủ tướng trong năm năm xét"),
    gettext_noop("Đã được tặng Bằng khen của Thủ tướng từ năm thứ năm trở về trước"),
    gettext_noop("Ít nhất một năm hòan thành xuất sắc nhiệm vụ trong năm năm xét"),
    gettext_noop("Chưa được tặng Huân chương Lao động hạng Ba trong năm năm xét"),
    gettext_noop("Căn cứ: quá trình cống hiến (thời gian giữ chức vụ; nữ được giảm 1/3 thời gian)"),
    gettext_noop("Chưa được tặng Bằng khen của Bộ, ban, ngành trong hai năm xét"),
    gettext_noop("Xếp loại năm xét từ hòan thành tốt nhiệm vụ trở lên (nếu được xếp loại)"),
    gettext_noop("Đã kê khai căn cứ thành tích (kèm minh chứng)"),
    gettext_noop("Thời gian công tác trong ngành đủ 20 năm (nam) hoặc 15 năm (nữ)"),
    gettext_noop("Chưa được tặng Kỷ niệm chương cùng loại"),
    gettext_noop("Kỷ niệm chương loại khác đã được tặng từ ba năm trở lên"),
    gettext_noop("Là liệt sĩ, hoặc tham gia thanh niên xung phong từ 24 tháng trở lên"),
    gettext_noop("Tập thể xếp loại từ hòan thành tốt nhiệm vụ trở lên"),
    gettext_noop("Tỷ lệ thành viên đạt Lao động tiên tiến (mặc định 70%)"),
    gettext_noop("Không có thành viên bị kỷ luật từ hình thức cảnh cáo trở lên"),
    gettext_noop("Tập thể hòan thành xuất sắc nhiệm vụ"),
    gettext_noop("100% thành viên hòan thành nhiệm vụ"),
    gettext_noop("Có cá nhân đạt Chiến sĩ thi đua cơ sở"),
    gettext_noop("Hai năm liên tục hòan thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao động xuất sắc (Đơn vị quyết "
                 "thắng)"),
    gettext_noop("Dẫn đầu Cụm, Khối thi đua của tỉnh"),
    gettext_noop("Hòan thành xuất sắc nhiệm vụ"),
    gettext_noop("Dẫn đầu Cụm, Khối thi đua"),
    gettext_noop("Được tặng Cờ thi đua của UBND tỉnh (hoặc Bộ, ngành) trong năm xét"),
    gettext_noop("Căn cứ: dẫn đầu Cụm, Khối thi đua do Hội đồng Thi đua – Khen thưởng Trung ương tổ chức"),
    gettext_noop("Căn cứ: dẫn đầu phong trào thi đua do Thủ tướng Chính phủ phát động, thời gian từ 5 năm trở lên, "
                 "khi sơ kết, tổng kết"),
    gettext_noop("Dẫn đầu Cụm, Khối thi đua của Bộ, ngành"),
    gettext_noop("Ít nhất 2 năm hòan thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao động xuất sắc trong năm năm xét"),
    gettext_noop("Căn cứ: đạt tiêu chuẩn xã, phường, thị trấn tiêu biểu"),
    gettext_noop("Căn cứ: đạt tiêu chuẩn thôn, tổ dân phố văn hóa"),
    gettext_noop("Căn cứ: hộ gia đình đóng góp công sức, đất đai, tài sản cho địa phương"),
    gettext_noop("Căn cứ: đạt tiêu chuẩn “Gia đình văn hóa”"),
)

# What an unmet criterion means, by the engine's criterion code (shown in English instead of the engine's message).
UNMET = {
    "all_members_completed": _("Chưa đạt: không phải mọi thành viên đều hòan thành nhiệm vụ."),
    "ballot_threshold": _("Chưa đạt: tỷ lệ phiếu đồng ý chưa đủ."),
    "central_group_leader": _("Chưa đạt: không có căn cứ dẫn đầu Cụm, Khối thi đua Trung ương."),
    "co_tinh_in_year": _("Chưa đạt: chưa được tặng Cờ thi đua cấp tỉnh (hoặc Bộ, ngành) trong năm xét."),
    "cstd_co_so_3_consecutive": _("Chưa đạt: chưa có ba lần liên tục đạt Chiến sĩ thi đua cơ sở."),
    "cstd_tinh_2_consecutive": _("Chưa đạt: chưa có hai lần liên tục đạt Chiến sĩ thi đua cấp tỉnh."),
    "cultural_family": _("Chưa đạt: không có căn cứ đạt tiêu chuẩn Gia đình văn hóa."),
    "cultural_village": _("Chưa đạt: không có căn cứ đạt tiêu chuẩn thôn, tổ dân phố văn hóa."),
    "declared_basis": _("Chưa đạt: chưa kê khai căn cứ thành tích kèm minh chứng."),
    "excellence_or_initiative": _("Chưa đạt: không hòan thành xuất sắc nhiệm vụ và không có sáng kiến được công "
                                  "nhận trong năm xét."),
    "excellent_years": _("Chưa đạt: chưa đủ 2 năm hòan thành xuất sắc nhiệm vụ trong năm năm xét."),
    "five_years_good": _("Chưa đạt: chưa đủ năm năm liên tục hòan thành tốt nhiệm vụ trở lên."),
    "has_cstd_co_so": _("Chưa đạt: không có cá nhân đạt Chiến sĩ thi đua cơ sở."),
    "household_contribution": _("Chưa đạt: không có căn cứ đóng góp của hộ gia đình cho địa phương."),
    "initiative_scope_tinh": _("Chưa đạt: không có sáng kiến phạm vi cấp tỉnh trở lên được công nhận trong ba "
                               "năm xét."),
    "initiative_scope_toan_quoc": _("Chưa đạt: không có sáng kiến phạm vi toàn quốc được công nhận trong sáu năm "
                                    "xét."),
    "interval": _("Chưa đạt: đã được tặng cùng hình thức khen thưởng trong thời gian xét."),
    "ldtt_ratio": _("Chưa đạt: tỷ lệ thành viên đạt Lao động tiên tiến chưa đủ."),
    "ldtt_standard": _("Chưa đạt: chưa đạt tiêu chuẩn Lao động tiên tiến trong năm xét."),
    "leads_group": _("Chưa đạt: không dẫn đầu Cụm, Khối thi đua."),
    "long_contribution": _("Chưa đạt: không có căn cứ quá trình cống hiến."),
    "many_or_sudden_achievements": _("Chưa đạt: không có căn cứ nhiều thành tích hoặc thành tích đột xuất."),
    "model_commune": _("Chưa đạt: không có căn cứ đạt tiêu chuẩn xã, phường tiêu biểu."),
    "movement_achievement": _("Chưa đạt: không có căn cứ thành tích trong phong trào thi đua."),
    "no_discipline_in_window": _("Chưa đạt: bị kỷ luật trong thời gian lấy thành tích."),
    "no_member_disciplined": _("Chưa đạt: có thành viên bị kỷ luật từ hình thức cảnh cáo trở lên."),
    "no_pending_proceedings": _("Chưa đạt: đang bị xem xét kỷ luật, điều tra, thanh tra, khiếu nại hoặc tố cáo."),
    "once_per_type": _("Chưa đạt: đã được tặng Kỷ niệm chương cùng loại."),
    "one_year_excellent": _("Chưa đạt: không có năm nào hòan thành xuất sắc nhiệm vụ trong năm năm xét."),
    "pm_movement_leader": _("Chưa đạt: không có căn cứ dẫn đầu phong trào thi đua do Thủ tướng phát động."),
    "prior_bk_tinh": _("Chưa đạt: chưa được tặng Bằng khen cấp tỉnh (hoặc Bộ, ban, ngành) từ năm thứ năm trở về "
                       "trước."),
    "prior_bk_ttg": _("Chưa đạt: chưa được tặng Bằng khen của Thủ tướng từ năm thứ năm trở về trước."),
    "rating_excellent_in_year": _("Chưa đạt: không hòan thành xuất sắc nhiệm vụ trong năm xét."),
    "rating_good_in_year": _("Chưa đạt: xếp loại năm xét dưới mức hòan thành tốt nhiệm vụ, hoặc thiếu xếp loại."),
    "second_type_interval": _("Chưa đạt: Kỷ niệm chương loại khác được tặng chưa đủ ba năm."),
    "service_months": _("Chưa đạt: thời gian công tác trong năm chưa đủ số tháng tối thiểu."),
    "service_years_by_gender": _("Chưa đạt: thời gian công tác trong ngành chưa đủ số năm tối thiểu."),
    "socioeconomic_contribution": _("Chưa đạt: không có căn cứ đóng góp vào phát triển kinh tế - xã hội."),
    "task_result_good": _("Chưa đạt: xếp loại năm xét dưới mức hòan thành tốt nhiệm vụ."),
    "three_cstd_co_so": _("Chưa đạt: chưa đủ ba lần Chiến sĩ thi đua cơ sở trong năm năm xét."),
    "tnxp_service": _("Chưa đạt: thời gian tham gia thanh niên xung phong chưa đủ 24 tháng."),
    "two_year_record": _("Chưa đạt: chưa có thành tích hai năm liên tục theo yêu cầu."),
    "worker_achievements": _("Chưa đạt: không có căn cứ thành tích của công nhân, nông dân, người lao động."),
}
JUDGEMENT = _("Căn cứ đã kê khai kèm minh chứng: Hội đồng Thi đua – Khen thưởng cần đánh giá.")
MISSING_DATA = _("Thiếu thông tin để xét tiêu chí này.")


def _vietnamese() -> bool:
    return (get_language() or "vi").startswith("vi")


def title(text: str) -> str:
    """A criterion's title (the engine's Vietnamese) in the page's language."""
    if not text or _vietnamese():
        return text or ""
    return gettext(text)


def message(code: str, text: str, status: str = "unmet") -> str:
    """The message of an unmet criterion, or of one the council must judge, in the page's language: the engine's
    own Vietnamese message, or in English the message of its criterion code."""
    if _vietnamese() or not text:
        return text or ""
    if status == "judgement":
        return str(JUDGEMENT)
    if "thiếu thông tin" in text.lower() and code not in ("declared_basis",):
        return str(MISSING_DATA)
    return str(UNMET.get(code, text))
