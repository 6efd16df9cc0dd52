"""Text rules of Decree 30/2020 that do not depend on layout (pure functions, no database)."""

import datetime as dt

import pytest

from tests.documents import samples
from thidua.documents.content import (
    Header,
    Issuer,
    ListEntry,
    date_words,
    list_sections,
    ratio_text,
    with_final_punctuation,
)


def test_date_line_pads_day_below_10_and_month_below_3():
    assert date_words(dt.date(2025, 2, 5)) == "ngày 05 tháng 02 năm 2025"
    assert date_words(dt.date(2025, 3, 9)) == "ngày 09 tháng 3 năm 2025"
    assert date_words(dt.date(2024, 12, 24)) == "ngày 24 tháng 12 năm 2024"


def test_unsigned_draft_leaves_day_and_month_blank():
    assert date_words(None, 2025) == "ngày      tháng      năm 2025"
    header = Header(Issuer.people_committee("Hưng Yên"), "QĐ", "", None, year=2025)
    assert header.number_text.strip() == "/QĐ-UBND"
    assert header.place_date.startswith("Hưng Yên, ngày ")


def test_issuer_comes_from_data_for_any_province_or_ministry():
    assert Issuer.people_committee("Bắc Ninh").lines == ("ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH")
    agency = Issuer.provincial_agency("Sở Nội vụ", "SNV", "Thái Bình")
    assert agency.lines == ("SỞ NỘI VỤ",) and agency.parent == "UBND TỈNH THÁI BÌNH"
    ministry = Issuer(lines=("BỘ NỘI VỤ",), symbol="BNV", place="Hà Nội")
    assert Header(ministry, "QĐ", "311/QĐ-BNV", dt.date(2025, 4, 1)).place_date == "Hà Nội, ngày 01 tháng 4 năm 2025"


def test_bases_end_with_semicolons_and_a_final_full_stop():
    assert with_final_punctuation(["Căn cứ A", "Căn cứ B;", "Theo đề nghị C."]) == [
        "Căn cứ A;", "Căn cứ B;", "Theo đề nghị C."
    ]


def test_annex_is_in_vietnamese_name_order_collectives_first():
    sections = list_sections(samples.entries())
    assert [s["title"] for s in sections] == ["I. TẬP THỂ (1)", "II. CÁ NHÂN (6)"]
    names = [r["name"].split(" ", 1)[1] for r in sections[1]["rows"]]
    assert names == samples.EXPECTED_ORDER
    assert [r["no"] for r in sections[1]["rows"]] == [1, 2, 3, 4, 5, 6]


def test_annex_with_several_awards_gets_one_section_per_award_and_kind():
    rows = [ListEntry("Lê Văn B", award="Giấy khen"), ListEntry("Lê Văn A", award="Bằng khen"),
            ListEntry("Lê Văn C", award="Bằng khen")]
    sections = list_sections(rows, award_order=["Bằng khen", "Giấy khen"])
    assert [s["title"] for s in sections] == ["I. Bằng khen – cá nhân (2)", "II. Giấy khen – cá nhân (1)"]
    assert [r["name"] for r in sections[0]["rows"]] == ["Lê Văn A", "Lê Văn C"]


def test_large_counts_use_vietnamese_thousands_separator():
    sections = list_sections(samples.entries(extra=2000))
    assert sections[1]["title"] == "II. CÁ NHÂN (2.006)"


def test_ratio_uses_decimal_comma():
    assert ratio_text(12, 13) == "92,3%"
    assert ratio_text(0, 0) == "—"


@pytest.mark.parametrize(("kind", "capacity", "title", "expected"), [
    # The Chủ tịch UBND tỉnh decides in person (a Bằng khen is the chair's own power): no "TM." line.
    ("province_chair", "head", "Chủ tịch", ("CHỦ TỊCH",)),
    ("province_chair", "deputy", "Phó Chủ tịch UBND tỉnh", ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    # "TM." only for acts of the People's Committee as a body (Decree 30/2020, Phụ lục I, Mục II.7).
    ("province_committee", "head", "Chủ tịch", ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
    ("province_committee", "deputy", "Phó Chủ tịch", ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    ("commune_chair", "deputy", "Phó Chủ tịch", ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    ("unit_head", "head", "Giám đốc", ("GIÁM ĐỐC",)),
    ("unit_head", "deputy", "Phó Giám đốc", ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
])
def test_signature_block_follows_the_authority_and_capacity(kind, capacity, title, expected):
    from thidua.dossiers.authorities import issuance

    issued = issuance(kind, unit_name="Sở Giáo dục và Đào tạo" if kind == "unit_head" else "Xã Tân Hưng",
                      capacity=capacity, signer_title=title, signer_name="Trần Quốc Văn", province="Hưng Yên")
    assert issued.signature == expected
    assert issued.signer_position == expected[-1]
    assert issued.signer_authority.split("\n") == list(expected[:-1]) or (not issued.signer_authority
                                                                        and len(expected) == 1)
