"""The shared reading layer (core/tabular.py) and the award recogniser on what offices really write."""

import datetime as dt

import pytest

from thidua.awards.catalogue import ENTRIES, HISTORICAL
from thidua.awards.recognise import AwardRecogniser
from thidua.core import tabular


@pytest.mark.parametrize("raw,title,name", [
    ("Ông Nguyễn  Văn An", "Ông", "Nguyễn Văn An"),
    ("Đồng chí Đại tá Trần Văn Bình", "Đồng chí Đại tá", "Trần Văn Bình"),
    ("Đ/c: Lê Văn Tám", "Đ/c", "Lê Văn Tám"),
    ("PGS.TS Nguyễn Văn Bảo", "PGS.TS", "Nguyễn Văn Bảo"),
    ("Bà mẹ Việt Nam anh hùng Nguyễn Thị Xuân", "Bà mẹ Việt Nam anh hùng", "Nguyễn Thị Xuân"),
    ("Nguyễn Văn Ông", "", "Nguyễn Văn Ông"),  # an honorific word inside the name stays
    ("Ông Bà", "", "Ông Bà"),  # at least two words stay in the name
])
def test_honorifics_and_ranks_kept_apart(raw, title, name):
    assert tabular.split_title(raw) == (title, name)


@pytest.mark.parametrize("value,number,kind", [
    ("'001085012345", "001085012345", "cccd"), (1085012345, "001085012345", "cccd"),
    ("034 123 456", "034123456", "cmnd"), (34123456.0, "034123456", "cmnd"),
    ("12345", "12345", ""), ("０１２３４５６７８９０１", "０１２３４５６７８９０１", ""),
])
def test_citizen_ids_as_typed(value, number, kind):
    cid = tabular.citizen_id(value)
    assert (cid.number, cid.kind) == (number, kind)


@pytest.mark.parametrize("header,field", [
    ("Tên tập thể/cá nhân/hộ gia đình", "name"), ("Họ và tên (Tên tập thể)", "name"),
    ("Đơn vị công tác", "unit"), ("Chức vụ/Chức danh, đơn vị công tác", "position_unit"),
    ("Danh hiệu thi đua/Hình thức khen thưởng", "award"), ("Phân loại khen thưởng", "classification"),
    ("Ngày, tháng, năm sinh", "birth_date"), ("Số định danh cá nhân/CCCD", "citizen_id"), ("Quê quán", None),
])
def test_column_names_as_offices_write_them(header, field):
    assert tabular.field_for(header) == field


def test_header_below_titles_and_over_two_merged_rows():
    rows = [["UBND TỈNH HƯNG YÊN", None, None, None], ["DANH SÁCH", None, None, None],
            ["TT", "Họ và tên", "Năm sinh", None, "Hình thức"], [None, None, "Nam", "Nữ", None],
            ["(1)", "(2)", "(3)", "(4)", "(5)"], [1, "Nguyễn Văn An", 1980, None, "LĐTT"]]
    header = tabular.find_header(rows)
    assert (header.first_row, header.data_start) == (2, 4)
    assert header.columns == {"number": 0, "name": 1, "birth_male": 2, "birth_female": 3, "award": 4}
    assert tabular.is_column_number_row(rows[4]) and not tabular.is_column_number_row(rows[5])


def test_code_sheet_in_either_order():
    sheets = [tabular.Sheet("DS", []), tabular.Sheet("DM", [["Mã", "Tên"], ["BKCT", "Bằng khen của Chủ tịch UBND tỉnh"]]),
              tabular.Sheet("DM2", [["Lao động tiên tiến", "LDTT01"]])]
    assert tabular.code_sheet(sheets, skip=sheets[0]) == {"bkct": "Bằng khen của Chủ tịch UBND tỉnh",
                                                          "ldtt01": "Lao động tiên tiến"}


def test_birth_cells():
    assert tabular.parse_birth("1975") == tabular.Birth(year=1975)
    assert tabular.parse_birth(dt.datetime(1980, 3, 12)).date == dt.date(1980, 3, 12)
    assert tabular.parse_birth("12.03.1980").date == dt.date(1980, 3, 12)
    with pytest.raises(ValueError):
        tabular.parse_birth("31/02/1990")


class _Type:
    def __init__(self, entry):
        self.__dict__.update(entry)


@pytest.mark.parametrize("text,code", [
    ("LĐTT", "LDTT"), ("CSTĐCS", "CSTD_CO_SO"), ("CSTĐ cấp cơ sở", "CSTD_CO_SO"), ("Chiến sỹ thi đua cấp tỉnh", "CSTD_TINH"),
    ("BK UBND tỉnh", "BK_TINH"), ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên", "BK_TINH"),
    ("Bằng khen của Bộ trưởng Bộ Y tế", "BK_BO_NGANH"), ("Cờ thi đua của UBND tỉnh", "CO_TINH"),
    ("HCLĐ hạng Ba", "HCLD_3"), ("Huân chương Lao động hạng III", "HCLD_3"),
    ("Tập thể lao động xuất sắc", "TTLDXS"), ("TT LĐTT", "TTLDTT"),
    ("Giấy khen của Giám đốc Sở", "GIAY_KHEN"), ("Giấy khen của Chủ tịch UBND phường", "GIAY_KHEN_XA"),
    ("Giấy khen Chủ tịch UBND huyện", "GIAY_KHEN_HUYEN"), ("Huân chương Kháng chiến chống Pháp hạng Nhất", "HC_KHANG_CHIEN_1"),
    ("Huy chương Chiến thắng hạng Nhì", "HUY_CHUONG_CHIEN_THANG_2"), ("Bằng Tổ quốc ghi công", "BANG_TO_QUOC_GHI_CONG"),
    ("Kỷ niệm chương Vì sự nghiệp giáo dục", "KNC_BO_NGANH"), ("Hòan thành xuất sắc nhiệm vụ", None),
])
def test_award_names_and_abbreviations(text, code):
    recogniser = AwardRecogniser([_Type(e) for e in ENTRIES + HISTORICAL])
    found = recogniser.recognise(text)
    assert (found.code if found else None) == code


@pytest.mark.parametrize("text,code", [
    ("Bằng khen của Chủ tịch UBND tỉnh (đột xuất)", "BK_TINH"), ("Danh hiệu LĐTT năm 2025", "LDTT"),
    ("Chiến sĩ thi đua cơ sở năm học 2024-2025", "CSTD_CO_SO"),
])
def test_award_with_notes_and_years(text, code):
    recogniser = AwardRecogniser([_Type(e) for e in ENTRIES + HISTORICAL])
    assert recogniser.recognise(text).code == code
