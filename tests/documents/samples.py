"""Sample documents as plain data (no database), shared by the document tests."""

import datetime as dt

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
)

BK = "Bằng khen của Chủ tịch UBND tỉnh"
PEOPLE = [  # deliberately not in order: the annex must sort them by given name, then middle, then family name
    ("Trần Thị Bình", "Phó Giám đốc Sở Y tế", "Bà"),
    ("Nguyễn Văn An", "Giáo viên Trường THPT Chuyên Hưng Yên", "Ông"),
    ("Lê Văn Ánh", "Chuyên viên Sở Nội vụ", "Ông"),
    ("Đỗ Thị Ân", "Kế toán Sở Tài chính", "Bà"),
    ("Phạm Minh Anh", "Trưởng phòng, Sở Xây dựng", "Ông"),
    ("Vũ Đức Bảo", "Giám đốc Công ty Cổ phần May & Thời trang <Hưng Yên>", "Ông"),
]
EXPECTED_ORDER = ["Nguyễn Văn An", "Phạm Minh Anh", "Lê Văn Ánh", "Đỗ Thị Ân", "Vũ Đức Bảo", "Trần Thị Bình"]


def entries(extra: int = 0) -> list[ListEntry]:
    rows = [ListEntry(name, detail, award=BK, honorific=h) for name, detail, h in PEOPLE]
    rows.append(ListEntry("Phòng Tổ chức cán bộ, Sở Giáo dục và Đào tạo", collective=True, award=BK))
    rows += [ListEntry(f"Nguyễn Văn Thử {i:04d}", "Giáo viên", award=BK) for i in range(extra)]
    return rows


def decision(province: str = "Hưng Yên", *, number: str = "12/QĐ-UBND", day=dt.date(2025, 2, 5), extra=0):
    issuer = Issuer.people_committee(province)
    return DecisionDocument(
        header=Header(issuer, "QĐ", number, day, year=2025),
        abstract="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        authority=f"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH {province.upper()}",
        bases=[
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 25/TTr-SNV ngày 20 tháng 01 năm 2025.",
        ],
        articles=[
            Article("Điều 1.", "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể và 06 cá nhân "
                               "(có danh sách kèm theo) đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2024."),
            Article("Điều 2.", "Quyết định này có hiệu lực kể từ ngày ký."),
            Article("Điều 3.", "Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ và các tập thể, cá nhân có tên tại "
                               "Điều 1 chịu trách nhiệm thi hành Quyết định này./."),
        ],
        signer=Signer("CHỦ TỊCH", "Trần Quốc Văn"),
        recipients=["Như Điều 3;", "Chủ tịch, các PCT UBND tỉnh;", "Lưu: VT, NC."],
        entries=entries(extra),
        annex_title="TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH",
    )


def proposal(province: str = "Hưng Yên"):
    issuer = Issuer.provincial_agency("Sở Nội vụ", "SNV", province)
    return ProposalDocument(
        header=Header(issuer, "TTr", "25/TTr-SNV", dt.date(2025, 1, 20)),
        abstract="Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
        addressee=f"Chủ tịch Ủy ban nhân dân tỉnh {province}",
        bases=["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"],
        body=["Sau khi thẩm định hồ sơ, Sở Nội vụ đề nghị khen thưởng như sau:"],
        closing=["Sở Nội vụ kính trình Chủ tịch UBND tỉnh xem xét, quyết định./."],
        signer=Signer("GIÁM ĐỐC", "Nguyễn Thị Hương"),
        recipients=["Như trên;", "Lưu: VT, TĐKT."],
        summary=[SummaryLine(BK, 1, 6)],
        entries=entries(),
        annex_title="TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH",
    )


def minutes(province: str = "Hưng Yên"):
    issuer = Issuer.council(province)
    return MinutesDocument(
        header=Header(issuer, "BB", "03/BB-HĐTĐKT", dt.date(2025, 1, 15)),
        abstract="Họp Hội đồng Thi đua - Khen thưởng tỉnh xét khen thưởng",
        opening=["Hồi 08 giờ 00 ngày 15 tháng 01 năm 2025, tại Sở Nội vụ, Hội đồng họp xét khen thưởng."],
        attendance=["Có mặt: 13/15 thành viên.", "Vắng mặt: Bà Lê Thị Thu (có lý do)."],
        tally_intro=["Hội đồng bỏ phiếu kín; kết quả như sau:"],
        tally=[
            TallyLine("Trần Thị Bình", BK, 12, 13, True),
            TallyLine("Nguyễn Văn An", BK, 6, 12, False),
            TallyLine("Vũ Đức Bảo", BK, 0, 13, None),
        ],
        recusals=["Ông Trần Văn Minh không tham gia biểu quyết hồ sơ của Sở Giáo dục và Đào tạo."],
        conclusion=["Hội đồng thống nhất đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho 01 cá nhân."],
        secretary=Signer("THƯ KÝ", "Đỗ Minh Tuấn"),
        chair=Signer("CHỦ TỌA", "Trần Quốc Văn"),
    )
