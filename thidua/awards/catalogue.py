"""The catalogue of emulation titles and commendation forms (Luật Thi đua, khen thưởng 06/2022/QH15 Art 9, 19–20,
33, 59, 71–75; NĐ 152/2025/NĐ-CP Art 50–54 for bonus multiples; LAW-RESEARCH.md §1–2).

Loaded by data migrations through `sync(AwardType, BaseSalary)`; keyed by `code`, so re-running updates in place.
Bonus multiples marked "suy ra" in `note` follow the individual = collective ÷ 2 pattern of the confirmed pairs and
must be checked against the published NĐ 152 text before payment.
"""

from decimal import Decimal

I, C, H, V = "individual", "collective", "household", "village"  # noqa: E741 (short names keep the table readable)
STATE, GOV, MIN_PROV, LOCAL = "state", "government", "ministry_province", "local"

DERIVED = "Mức thưởng cá nhân suy ra (= mức tập thể ÷ 2), cần đối chiếu NĐ 152/2025."
UNCONFIRMED = "Mức thưởng chưa xác nhận trong NĐ 152/2025; cập nhật khi có văn bản."

CHU_TICH_NUOC = "Chủ tịch nước"
THU_TUONG = "Thủ tướng Chính phủ"
CHU_TICH_TINH = "Chủ tịch Ủy ban nhân dân tỉnh"
BO_TRUONG = "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ, đoàn thể Trung ương"
CO_SO = "Thủ trưởng cơ quan, đơn vị; Chủ tịch Ủy ban nhân dân cấp xã"


def _t(code, name, short, group, kinds, level, by, *, ballot=None, ind="0", col="0", article="", note=""):
    return {
        "code": code,
        "name": name,
        "short_name": short,
        "group": group,
        "subject_kinds": kinds,
        "level": level,
        "conferred_by": by,
        "needs_ballot": ballot is not None,
        "ballot_threshold": Decimal(ballot) if ballot is not None else None,
        "bonus_multiple": Decimal(ind),
        "bonus_multiple_collective": Decimal(col),
        "article": article,
        "note": note,
    }


TITLES = [
    # Individuals (Luật Art 19, 21–24)
    _t(
        "CSTD_TOAN_QUOC",
        "Chiến sĩ thi đua toàn quốc",
        "CSTĐ toàn quốc",
        "title_individual",
        [I],
        GOV,
        THU_TUONG,
        ballot="0.90",
        ind="4.5",
        article="Luật TĐKT 2022 Điều 21; NĐ 152/2025 Điều 50",
    ),
    _t(
        "CSTD_BO_NGANH",
        "Chiến sĩ thi đua Bộ, ban, ngành, đoàn thể Trung ương",
        "CSTĐ Bộ, ngành",
        "title_individual",
        [I],
        MIN_PROV,
        BO_TRUONG,
        ballot="0.90",
        ind="3.0",
        article="Luật TĐKT 2022 Điều 22; NĐ 152/2025 Điều 50",
    ),
    _t(
        "CSTD_TINH",
        "Chiến sĩ thi đua cấp tỉnh",
        "CSTĐ cấp tỉnh",
        "title_individual",
        [I],
        MIN_PROV,
        CHU_TICH_TINH,
        ballot="0.90",
        ind="3.0",
        article="Luật TĐKT 2022 Điều 22; NĐ 152/2025 Điều 50",
    ),
    _t(
        "CSTD_CO_SO",
        "Chiến sĩ thi đua cơ sở",
        "CSTĐ cơ sở",
        "title_individual",
        [I],
        LOCAL,
        CO_SO,
        ballot="0.80",
        ind="1.0",
        article="Luật TĐKT 2022 Điều 23; NĐ 152/2025 Điều 50",
    ),
    _t(
        "LDTT",
        "Lao động tiên tiến",
        "LĐTT",
        "title_individual",
        [I],
        LOCAL,
        CO_SO,
        ind="0.3",
        article="Luật TĐKT 2022 Điều 24; NĐ 152/2025 Điều 50",
    ),
    _t(
        "CSTT",
        "Chiến sĩ tiên tiến",
        "CSTT",
        "title_individual",
        [I],
        LOCAL,
        "Thủ trưởng đơn vị trong Quân đội nhân dân, Công an nhân dân, Dân quân tự vệ",
        ind="0.3",
        article="Luật TĐKT 2022 Điều 24.2; NĐ 152/2025 Điều 50",
    ),
    # Collectives (Luật Art 20, 25–28)
    _t(
        "CO_CP",
        "Cờ thi đua của Chính phủ",
        "Cờ Chính phủ",
        "title_collective",
        [C],
        GOV,
        THU_TUONG,
        ballot="0.80",
        col="12",
        article="Luật TĐKT 2022 Điều 25; NĐ 152/2025 Điều 50",
    ),
    _t(
        "CO_BO_NGANH",
        "Cờ thi đua của Bộ, ban, ngành, đoàn thể Trung ương",
        "Cờ Bộ, ngành",
        "title_collective",
        [C],
        MIN_PROV,
        BO_TRUONG,
        ballot="0.80",
        col="8.0",
        article="Luật TĐKT 2022 Điều 26; NĐ 152/2025 Điều 50",
    ),
    _t(
        "CO_TINH",
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
        "Cờ UBND tỉnh",
        "title_collective",
        [C],
        MIN_PROV,
        CHU_TICH_TINH,
        ballot="0.80",
        col="8.0",
        article="Luật TĐKT 2022 Điều 26; NĐ 152/2025 Điều 50",
    ),
    _t(
        "TTLDXS",
        "Tập thể lao động xuất sắc",
        "TTLĐXS",
        "title_collective",
        [C],
        MIN_PROV,
        CHU_TICH_TINH,
        col="1.5",
        article="Luật TĐKT 2022 Điều 27; NĐ 152/2025 Điều 50",
    ),
    _t(
        "DVQT",
        "Đơn vị quyết thắng",
        "ĐVQT",
        "title_collective",
        [C],
        MIN_PROV,
        "Thủ trưởng Bộ Quốc phòng, Bộ Công an và đơn vị được phân cấp",
        col="1.5",
        article="Luật TĐKT 2022 Điều 27; NĐ 152/2025 Điều 50",
    ),
    _t(
        "TTLDTT",
        "Tập thể lao động tiên tiến",
        "TTLĐTT",
        "title_collective",
        [C],
        LOCAL,
        CO_SO,
        col="0.8",
        article="Luật TĐKT 2022 Điều 28; NĐ 152/2025 Điều 50",
    ),
    _t(
        "DVTT",
        "Đơn vị tiên tiến",
        "ĐVTT",
        "title_collective",
        [C],
        LOCAL,
        "Thủ trưởng đơn vị trong Quân đội nhân dân, Công an nhân dân",
        col="0.8",
        article="Luật TĐKT 2022 Điều 28; NĐ 152/2025 Điều 50",
    ),
    _t(
        "XA_TIEU_BIEU",
        "Xã, phường, đặc khu tiêu biểu",
        "Xã, phường tiêu biểu",
        "title_collective",
        [C],
        MIN_PROV,
        CHU_TICH_TINH,
        col="2.0",
        article="Luật TĐKT 2022 Điều 20; NĐ 152/2025 Điều 50",
        note="Thẩm quyền quyết định chưa xác nhận (LAW-RESEARCH §1.1).",
    ),
    # Households and villages (Luật Art 20.2–20.3)
    _t(
        "THON_VAN_HOA",
        "Thôn, tổ dân phố văn hóa",
        "Thôn văn hóa",
        "title_household",
        [V],
        LOCAL,
        "Chủ tịch Ủy ban nhân dân cấp xã",
        col="1.5",
        article="Luật TĐKT 2022 Điều 20; NĐ 129/2025 Điều 59",
    ),
    _t(
        "GIA_DINH_VAN_HOA",
        "Gia đình văn hóa",
        "Gia đình văn hóa",
        "title_household",
        [H],
        LOCAL,
        "Chủ tịch Ủy ban nhân dân cấp xã",
        article="Luật TĐKT 2022 Điều 20.2; NĐ 129/2025 Điều 59",
        note="Không có mức tiền thưởng riêng trong NĐ 152/2025 theo tài liệu đã đọc.",
    ),
]

CLASSES = [("1", "hạng Nhất"), ("2", "hạng Nhì"), ("3", "hạng Ba")]
# (individual, collective) multiples per class: Độc lập, Quân công; Lao động, Chiến công, Bảo vệ Tổ quốc.
DOC_LAP = {"1": ("15", "30", ""), "2": ("12.5", "25", DERIVED), "3": ("10.5", "21", UNCONFIRMED)}
LAO_DONG = {"1": ("9", "18", DERIVED), "2": ("7.5", "15", DERIVED), "3": ("4.5", "9", DERIVED)}
HC_ART = "Luật TĐKT 2022 Điều 33–58; NĐ 152/2025 Điều 51"


def _orders():
    rows = [
        _t(
            "HC_SAO_VANG",
            "Huân chương Sao vàng",
            "HC Sao vàng",
            "order",
            [I, C],
            STATE,
            CHU_TICH_NUOC,
            ind="46",
            col="92",
            article=HC_ART,
        ),
        _t(
            "HC_HO_CHI_MINH",
            "Huân chương Hồ Chí Minh",
            "HC Hồ Chí Minh",
            "order",
            [I, C],
            STATE,
            CHU_TICH_NUOC,
            ind="30.5",
            col="61",
            article=HC_ART,
        ),
    ]
    for prefix, name, table in (
        ("HC_DOC_LAP", "Huân chương Độc lập", DOC_LAP),
        ("HC_QUAN_CONG", "Huân chương Quân công", DOC_LAP),
        ("HCLD", "Huân chương Lao động", LAO_DONG),
        ("HC_BAO_VE_TO_QUOC", "Huân chương Bảo vệ Tổ quốc", LAO_DONG),
        ("HC_CHIEN_CONG", "Huân chương Chiến công", LAO_DONG),
    ):
        short = name.replace("Huân chương", "HC")
        for number, label in CLASSES:
            ind, col, note = table[number]
            rows.append(
                _t(
                    f"{prefix}_{number}",
                    f"{name} {label}",
                    f"{short} {label}",
                    "order",
                    [I, C],
                    STATE,
                    CHU_TICH_NUOC,
                    ind=ind,
                    col=col,
                    article=HC_ART,
                    note=note,
                )
            )
    rows += [
        _t(
            "HC_DAI_DOAN_KET",
            "Huân chương Đại đoàn kết dân tộc",
            "HC Đại đoàn kết dân tộc",
            "order",
            [I, C],
            STATE,
            CHU_TICH_NUOC,
            ind="7.5",
            col="15",
            article=HC_ART,
            note=DERIVED,
        ),
        _t(
            "HC_DUNG_CAM",
            "Huân chương Dũng cảm",
            "HC Dũng cảm",
            "order",
            [I],
            STATE,
            CHU_TICH_NUOC,
            ind="4.5",
            article=HC_ART,
            note=DERIVED,
        ),
        _t(
            "HC_HUU_NGHI",
            "Huân chương Hữu nghị",
            "HC Hữu nghị",
            "order",
            [I, C],
            STATE,
            CHU_TICH_NUOC,
            article=HC_ART,
            note="Tặng cho người nước ngoài, tập thể nước ngoài; không có tiền thưởng.",
        ),
    ]
    return rows


HUY_ART = "Luật TĐKT 2022 Điều 9, 96; NĐ 152/2025 Điều 51"
MEDAL_NOTE = "Mức 1,5 lần lương cơ sở theo quy định trước đây; chưa xác nhận trong NĐ 152/2025."
MEDALS = [
    _t(
        "HUY_CHUONG_QUAN_KY",
        "Huy chương Quân kỳ quyết thắng",
        "HC Quân kỳ quyết thắng",
        "medal",
        [I],
        STATE,
        CHU_TICH_NUOC,
        ind="1.5",
        article=HUY_ART,
        note=MEDAL_NOTE,
    ),
    _t(
        "HUY_CHUONG_VI_AN_NINH",
        "Huy chương Vì an ninh Tổ quốc",
        "HC Vì an ninh Tổ quốc",
        "medal",
        [I],
        STATE,
        CHU_TICH_NUOC,
        ind="1.5",
        article=HUY_ART,
        note=MEDAL_NOTE,
    ),
    _t(
        "HUY_CHUONG_CSVV_1",
        "Huy chương Chiến sĩ vẻ vang hạng Nhất",
        "HC Chiến sĩ vẻ vang hạng Nhất",
        "medal",
        [I],
        STATE,
        CHU_TICH_NUOC,
        ind="1.5",
        article=HUY_ART,
        note=MEDAL_NOTE,
    ),
    _t(
        "HUY_CHUONG_CSVV_2",
        "Huy chương Chiến sĩ vẻ vang hạng Nhì",
        "HC Chiến sĩ vẻ vang hạng Nhì",
        "medal",
        [I],
        STATE,
        CHU_TICH_NUOC,
        ind="1.5",
        article=HUY_ART,
        note=MEDAL_NOTE,
    ),
    _t(
        "HUY_CHUONG_CSVV_3",
        "Huy chương Chiến sĩ vẻ vang hạng Ba",
        "HC Chiến sĩ vẻ vang hạng Ba",
        "medal",
        [I],
        STATE,
        CHU_TICH_NUOC,
        ind="1.5",
        article=HUY_ART,
        note=MEDAL_NOTE,
    ),
    _t(
        "HUY_CHUONG_HUU_NGHI",
        "Huy chương Hữu nghị",
        "HC Hữu nghị",
        "medal",
        [I],
        STATE,
        CHU_TICH_NUOC,
        article=HUY_ART,
        note="Tặng cho người nước ngoài; không có tiền thưởng.",
    ),
    _t(
        "HCTNXP_VE_VANG",
        "Huy chương Thanh niên xung phong vẻ vang",
        "HC TNXP vẻ vang",
        "medal",
        [I],
        STATE,
        CHU_TICH_NUOC,
        ind="1.5",
        article="Luật TĐKT 2022 Điều 96; NĐ 152/2025 (thay NĐ 28/2024)",
        note="Điều kiện: tham gia TNXP từ 24 tháng trở lên, hoặc là liệt sĩ (theo thời kỳ kháng chiến). "
        "Kế hoạch 196/KH-UBND, phụ lục nhiệm vụ 27. " + MEDAL_NOTE,
    ),
]

HON_ART = "Luật TĐKT 2022 Điều 59–70"
HONORARY = [
    _t(
        "TINH_ANH_HUNG",
        "Tỉnh anh hùng",
        "Tỉnh anh hùng",
        "honorary",
        [C],
        STATE,
        CHU_TICH_NUOC,
        article=HON_ART,
    ),
    _t(
        "THANH_PHO_ANH_HUNG",
        "Thành phố anh hùng",
        "Thành phố anh hùng",
        "honorary",
        [C],
        STATE,
        CHU_TICH_NUOC,
        article=HON_ART,
    ),
    _t(
        "BA_ME_VNAH",
        "Bà mẹ Việt Nam anh hùng",
        "Bà mẹ VNAH",
        "honorary",
        [I],
        STATE,
        CHU_TICH_NUOC,
        article=HON_ART,
        note=UNCONFIRMED,
    ),
    _t(
        "AH_LLVTND",
        "Anh hùng Lực lượng vũ trang nhân dân",
        "Anh hùng LLVTND",
        "honorary",
        [I, C],
        STATE,
        CHU_TICH_NUOC,
        ballot="0.90",
        col="31",
        article=HON_ART,
        note="Mức thưởng cá nhân chưa xác nhận trong NĐ 152/2025.",
    ),
    _t(
        "AH_LAO_DONG",
        "Anh hùng Lao động",
        "Anh hùng Lao động",
        "honorary",
        [I, C],
        STATE,
        CHU_TICH_NUOC,
        ballot="0.90",
        col="31",
        article=HON_ART,
        note="Mức thưởng cá nhân chưa xác nhận trong NĐ 152/2025.",
    ),
]
for _code, _name in (
    ("NHA_GIAO_ND", "Nhà giáo nhân dân"),
    ("NHA_GIAO_UT", "Nhà giáo ưu tú"),
    ("THAY_THUOC_ND", "Thầy thuốc nhân dân"),
    ("THAY_THUOC_UT", "Thầy thuốc ưu tú"),
    ("NGHE_SI_ND", "Nghệ sĩ nhân dân"),
    ("NGHE_SI_UT", "Nghệ sĩ ưu tú"),
    ("NGHE_NHAN_ND", "Nghệ nhân nhân dân"),
    ("NGHE_NHAN_UT", "Nghệ nhân ưu tú"),
):
    HONORARY.append(
        _t(_code, _name, _name, "honorary", [I], STATE, CHU_TICH_NUOC, article=HON_ART, note=UNCONFIRMED)
    )

PRIZES = [
    _t(
        "GIAI_THUONG_HCM",
        "Giải thưởng Hồ Chí Minh",
        "Giải thưởng HCM",
        "prize",
        [I, C],
        STATE,
        CHU_TICH_NUOC,
        article="Luật TĐKT 2022 Điều 9",
        note=UNCONFIRMED,
    ),
    _t(
        "GIAI_THUONG_NHA_NUOC",
        "Giải thưởng Nhà nước",
        "Giải thưởng Nhà nước",
        "prize",
        [I, C],
        STATE,
        CHU_TICH_NUOC,
        article="Luật TĐKT 2022 Điều 9",
        note=UNCONFIRMED,
    ),
]

COMMEMORATIVE = [
    _t(
        "KNC_BO_NGANH",
        "Kỷ niệm chương của Bộ, ban, ngành, đoàn thể Trung ương",
        "Kỷ niệm chương",
        "commemorative",
        [I],
        MIN_PROV,
        BO_TRUONG,
        article="Luật TĐKT 2022 Điều 71",
        note="Tặng một lần cho mỗi loại; không có tiền thưởng.",
    ),
]

MERIT = [
    _t(
        "BK_TTG",
        "Bằng khen của Thủ tướng Chính phủ",
        "Bằng khen Thủ tướng",
        "merit",
        [I, C, H],
        GOV,
        THU_TUONG,
        ind="3.5",
        col="7",
        article="Luật TĐKT 2022 Điều 72, 73; NĐ 152/2025 Điều 52",
        note=DERIVED,
    ),
    _t(
        "BK_BO_NGANH",
        "Bằng khen của Bộ, ban, ngành, đoàn thể Trung ương",
        "Bằng khen Bộ, ngành",
        "merit",
        [I, C, H],
        MIN_PROV,
        BO_TRUONG,
        ind="1.5",
        col="3",
        article="Luật TĐKT 2022 Điều 72, 74; NĐ 152/2025 Điều 52",
        note=DERIVED,
    ),
    _t(
        "BK_TINH",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "Bằng khen UBND tỉnh",
        "merit",
        [I, C, H],
        MIN_PROV,
        CHU_TICH_TINH,
        ind="1.5",
        col="3",
        article="Luật TĐKT 2022 Điều 72, 74; NĐ 152/2025 Điều 52",
        note=DERIVED,
    ),
]

RECOGNITION = [
    _t(
        "GIAY_KHEN",
        "Giấy khen",
        "Giấy khen",
        "recognition",
        [I, C, H],
        LOCAL,
        "Thủ trưởng cơ quan, đơn vị có tư cách pháp nhân; Giám đốc Sở",
        ind="0.3",
        col="0.6",
        article="Luật TĐKT 2022 Điều 75; NĐ 152/2025 Điều 53",
    ),
    _t(
        "GIAY_KHEN_XA",
        "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã",
        "Giấy khen UBND xã",
        "recognition",
        [I, C, H],
        LOCAL,
        "Chủ tịch Ủy ban nhân dân cấp xã",
        ind="0.3",
        col="0.6",
        article="Luật TĐKT 2022 Điều 75; NĐ 129/2025 Điều 59; NĐ 152/2025 Điều 53",
    ),
]

ENTRIES = TITLES + _orders() + MEDALS + HONORARY + PRIZES + COMMEMORATIVE + MERIT + RECOGNITION
for _i, _e in enumerate(ENTRIES):
    _e["order"] = (_i + 1) * 10
    _e["category"] = "title" if _e["group"].startswith("title_") else "form"

# Historical awards a legacy award book holds (resistance-war orders and medals, Bằng Tổ quốc ghi công, the Giấy khen
# of a former district chairman): recorded in award histories, never conferred through a dossier (`conferrable`).
HISTORICAL_NOTE = "Hình thức khen thưởng trước đây, chỉ để ghi nhận lịch sử khen thưởng; không xét tặng."


def _h(code, name, short, group, kinds, level, by, article=""):
    entry = _t(code, name, short, group, kinds, level, by, article=article, note=HISTORICAL_NOTE)
    entry["category"] = "form"
    entry["conferrable"] = False
    return entry


HISTORICAL = [
    *(_h(f"HC_KHANG_CHIEN_{n}", f"Huân chương Kháng chiến {label}", f"HC Kháng chiến {label}", "order", [I, C], STATE,
         CHU_TICH_NUOC, "Pháp lệnh 1981 (Huân chương Kháng chiến)") for n, label in CLASSES),
    *(_h(f"HUY_CHUONG_KHANG_CHIEN_{n}", f"Huy chương Kháng chiến {label}", f"Huy chương Kháng chiến {label}", "medal",
         [I], STATE, CHU_TICH_NUOC, "Pháp lệnh 1981 (Huy chương Kháng chiến)") for n, label in CLASSES[:2]),
    *(_h(f"HC_CHIEN_THANG_{n}", f"Huân chương Chiến thắng {label}", f"HC Chiến thắng {label}", "order", [I, C], STATE,
         CHU_TICH_NUOC) for n, label in CLASSES),
    *(_h(f"HUY_CHUONG_CHIEN_THANG_{n}", f"Huy chương Chiến thắng {label}", f"Huy chương Chiến thắng {label}", "medal",
         [I], STATE, CHU_TICH_NUOC) for n, label in CLASSES[:2]),
    _h("BANG_TO_QUOC_GHI_CONG", "Bằng Tổ quốc ghi công", "Bằng Tổ quốc ghi công", "honorary", [I], GOV, THU_TUONG,
       "Pháp lệnh Ưu đãi người có công với cách mạng"),
    _h("GIAY_KHEN_HUYEN", "Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện", "Giấy khen UBND huyện", "recognition",
       [I, C, H], LOCAL, "Chủ tịch Ủy ban nhân dân cấp huyện (trước 01/7/2025)"),
]
for _i, _e in enumerate(HISTORICAL):
    _e["order"] = (len(ENTRIES) + _i + 1) * 10


def sync_historical(AwardType):  # noqa: N803 (historical model passed by the migration)
    for entry in HISTORICAL:
        AwardType.objects.update_or_create(code=entry["code"], defaults={k: v for k, v in entry.items() if k != "code"})


# The codes of LAW.md (the engine's rule book v1): always in the catalogue.
LAW_CODES = [
    "LDTT",
    "CSTD_CO_SO",
    "CSTD_TINH",
    "CSTD_TOAN_QUOC",
    "BK_TINH",
    "BK_TTG",
    "HCLD_3",
    "TTLDTT",
    "TTLDXS",
    "CO_TINH",
    "CO_CP",
]

BASE_SALARIES = [
    # (amount, effective_from ISO, legal basis)
    (1_490_000, "2019-07-01", "Nghị định 38/2019/NĐ-CP"),
    (1_800_000, "2023-07-01", "Nghị định 24/2023/NĐ-CP"),
    (2_340_000, "2024-07-01", "Nghị định 73/2024/NĐ-CP"),
    (2_530_000, "2026-07-01", "Nghị định 161/2026/NĐ-CP"),
]


def sync(AwardType, BaseSalary):  # noqa: N803 (historical models passed by migrations)
    import datetime as dt

    for entry in ENTRIES:
        AwardType.objects.update_or_create(
            code=entry["code"], defaults={k: v for k, v in entry.items() if k != "code"}
        )
    for amount, since, basis in BASE_SALARIES:
        BaseSalary.objects.get_or_create(
            effective_from=dt.date.fromisoformat(since), defaults={"amount": amount, "legal_basis": basis}
        )
