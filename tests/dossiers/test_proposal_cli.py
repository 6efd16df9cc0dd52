"""`thidua proposals preview FILE` (DESIGN.md §4.7) on lists in the layouts units really send."""

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.dossiers import proposal_files as files
from tests.factories import PersonFactory, UnitFactory
from thidua.orgs.models import UnitLineage


def preview(tmp_path, data: bytes, name: str, *args) -> list[dict]:
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    call_command("proposals", "preview", str(path), *args, stdout=out)
    document = json.loads(out.getvalue())
    assert set(document) == {"rows"}
    for row in document["rows"]:
        assert set(row) == {"row", "kind", "title", "name", "birth_date", "position_unit", "award", "person",
                            "problems"}
        assert set(row["person"]) == {"id", "candidates"}
    return document["rows"]


@pytest.mark.django_db
def test_word_table_with_two_row_header_sections_honorifics_and_split_birth_columns(tmp_path, unit_a):
    an = PersonFactory(full_name="Nguyễn Văn An", birth_date=dt.date(1980, 3, 12), unit=unit_a)
    rows = preview(tmp_path, files.office_docx(), "danh-sach.docx", "--unit", unit_a.code, "--year", "2025")
    assert [(r["row"], r["kind"]) for r in rows] == [
        (1, "individual"), (2, "individual"), (3, "individual"), (4, "individual"), (1, "collective"),
        (2, "collective")]
    first = rows[0]
    assert first["title"] == "Ông" and first["name"] == "Nguyễn Văn An"  # double space collapsed, honorific apart
    assert first["birth_date"] == "1980-03-12"  # from the "Nam" column
    assert first["position_unit"] == "Phó Trưởng phòng, Sở Giáo dục và Đào tạo"
    assert first["award"] == "BK_TINH"
    assert first["person"] == {"id": an.pk, "candidates": 1}
    assert first["problems"] == []
    assert rows[1]["title"] == "Bà" and rows[1]["birth_date"] == "1985-11-05"  # from the "Nữ" column
    assert rows[1]["award"] == "BK_TINH"  # a bare "Bằng khen" sent to the province
    assert rows[1]["person"] == {"id": None, "candidates": 0}  # unmatched: not a problem
    assert rows[1]["problems"] == []
    assert rows[2]["title"] == "Đại tá" and rows[2]["name"] == "Lê Văn Cường"
    assert rows[2]["birth_date"] is None and rows[2]["award"] == "CSTD_CO_SO"  # year only; abbreviation
    assert rows[3]["birth_date"] is None and any("31/02/1990" in p for p in rows[3]["problems"])
    assert rows[4]["award"] == "TTLDXS" and rows[4]["problems"] == []
    assert rows[5]["award"] == "LDTT" and rows[5]["problems"] == ["“Lao động tiên tiến” không tặng cho tập thể."]


@pytest.mark.django_db
def test_other_systems_export_with_classification_column_code_sheet_and_citizen_ids(tmp_path, province):
    health = UnitFactory(name="Sở Y tế", code="so-y-te", parent=province)
    em = PersonFactory(full_name="Hòang Văn Em", birth_date=None, citizen_id="001085012345", unit=health)
    rows = preview(tmp_path, files.system_export_xlsx(), "xuat-tu-phan-mem.xlsx")
    assert [(r["row"], r["kind"], r["award"]) for r in rows] == [
        (1, "individual", "BK_TINH"), (2, "collective", "CO_TINH"), (3, "household", "BK_TINH"),
        (4, "individual", "LDTT")]
    assert rows[0]["title"] == "Đồng chí" and rows[0]["name"] == "Hòang Văn Em"
    assert rows[0]["person"] == {"id": em.pk, "candidates": 1}  # '001085012345 with its apostrophe
    assert rows[2]["name"] == "Vũ Văn Giang"
    assert all(r["problems"] == [] for r in rows)


@pytest.mark.django_db
def test_no_birth_dates_match_by_name_and_unit_and_count_candidates(tmp_path, province):
    hospital = UnitFactory(name="Bệnh viện Đa khoa tỉnh", code="bvdk", parent=province)
    internal = UnitFactory(name="Khoa Nội", code="khoa-noi", parent=hospital)
    surgery = UnitFactory(name="Khoa Ngoại", code="khoa-ngoai", parent=hospital)
    in_internal = PersonFactory(full_name="Đỗ Văn Khánh", unit=internal)
    PersonFactory(full_name="Đỗ Văn Khánh", unit=surgery, birth_date=dt.date(1990, 1, 1))
    PersonFactory(full_name="Đỗ Văn Khánh", unit=surgery, birth_date=dt.date(1991, 1, 1))
    rows = preview(tmp_path, files.hospital_xlsx(), "bv.xlsx", "--unit", "bvdk")
    assert rows[0]["title"] == "BS" and rows[0]["person"] == {"id": in_internal.pk, "candidates": 1}
    assert rows[1]["person"] == {"id": None, "candidates": 2}  # to be chosen in the preview
    assert rows[0]["award"] == "LDTT" and rows[1]["award"] == "CSTD_CO_SO"


@pytest.mark.django_db
def test_unit_names_through_variants_and_lineage(tmp_path, province):
    commune = UnitFactory(name="Xã Tân Hưng", code="xa-tan-hung", parent=province, kind="locality")
    old = UnitFactory(name="Ủy ban nhân dân huyện Tiên Lữ", code="huyen-tien-lu", parent=province)
    UnitLineage.objects.create(kind="dissolve", predecessor=old, successor=commune, effective_on=dt.date(2025, 7, 1))
    hoa = PersonFactory(full_name="Ngô Thị Hoa", birth_date=None, unit=commune)
    PersonFactory(full_name="Ngô Thị Hoa", birth_date=None, unit=UnitFactory(parent=province))
    data = files.system_export_xlsx([
        (1, "Ngô Thị Hoa", "CANHAN", "", "UBND xã Tân Hưng", "LDTT", ""),
        (2, "Ngô Thị Hoa", "CANHAN", "", "UBND huyện Tiên Lữ", "LDTT", ""),
    ])
    rows = preview(tmp_path, data, "ds.xlsx")
    assert rows[0]["person"] == {"id": hoa.pk, "candidates": 1}
    assert rows[1]["person"] == {"id": hoa.pk, "candidates": 1}  # the dissolved district's successor


@pytest.mark.django_db
@pytest.mark.parametrize("level,award,expected", [
    ("tinh", "Bằng khen", "BK_TINH"), ("tinh", "Giấy khen", None), ("xa", "Giấy khen", "GIAY_KHEN_XA"),
    ("don_vi", "Giấy khen", "GIAY_KHEN"), ("xa", "Bằng khen", None),
    ("tinh", "BK UBND tỉnh", "BK_TINH"), ("tinh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên", "BK_TINH"),
    ("tinh", "LĐTT", "LDTT"), ("tinh", "Danh hiệu “Chiến sĩ thi đua cơ sở”", "CSTD_CO_SO"),
    ("tinh", "HCLĐ hạng 3", "HCLD_3"), ("tinh", "Bằng khen Thủ tướng Chính phủ", "BK_TTG"),
])
def test_generic_award_read_at_the_level_the_list_is_sent_to(tmp_path, db, level, award, expected):
    data = files.hospital_xlsx([(1, "Trần Văn Tâm", "Khoa Nội", award)])
    rows = preview(tmp_path, data, "ds.xlsx", "--level", level)
    assert rows[0]["award"] == expected
    if expected is None:
        assert rows[0]["problems"]


@pytest.mark.django_db
def test_historical_award_is_recognised_but_not_proposable(tmp_path, db):
    data = files.hospital_xlsx([(1, "Trần Văn Tâm", "Khoa Nội", "Huân chương Kháng chiến chống Mỹ hạng Nhất")])
    rows = preview(tmp_path, data, "ds.xlsx")
    assert rows[0]["award"] == "HC_KHANG_CHIEN_1"
    assert any("không còn xét tặng" in p for p in rows[0]["problems"])


@pytest.mark.django_db
def test_missing_name_and_unknown_award_are_problems(tmp_path, db):
    data = files.hospital_xlsx([(1, "Trần Văn Tâm", "Khoa Nội", "Giải thưởng sáng tạo của Hội"),
                                (2, "", "Khoa Nội", "LĐTT")])
    rows = preview(tmp_path, data, "ds.xlsx")
    assert rows[0]["award"] is None and "Giải thưởng sáng tạo của Hội" in rows[0]["problems"][0]
    assert rows[1]["problems"][0] == "Thiếu họ tên (tên tập thể)."


def _run(args):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="thidua.settings", DATABASE_URL="sqlite:////nonexistent/x.db")
    return subprocess.run([sys.executable, "-m", "thidua", "proposals", "preview", *args], capture_output=True,
                          env=env, timeout=120)


def test_unreadable_file_exit_2_with_message_on_stderr(tmp_path):
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    done = _run([str(broken)])
    assert done.returncode == 2
    assert done.stdout == b""
    assert "hong.xlsx" in done.stderr.decode() and "hỏng" in done.stderr.decode()
    assert _run([str(tmp_path / "khong-co.docx")]).returncode == 2


@pytest.mark.skipif(shutil.which("soffice") is not None, reason="LibreOffice installed: .doc is converted")
def test_legacy_doc_without_libreoffice_says_what_to_do(tmp_path):
    legacy = tmp_path / "ds.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    done = _run([str(legacy)])
    assert done.returncode == 2
    assert "LibreOffice" in done.stderr.decode() and ".docx" in done.stderr.decode()


@pytest.mark.django_db
def test_unknown_unit_code_is_refused(tmp_path, db):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(files.hospital_xlsx())
    with pytest.raises(CommandError) as info:
        call_command("proposals", "preview", str(path), "--unit", "khong-co", stdout=io.StringIO())
    assert info.value.returncode == 2


@pytest.mark.django_db
def test_legacy_xls_list(tmp_path, unit_a):
    rows = preview(tmp_path, files.legacy_xls(), "danh-sach.xls", "--unit", unit_a.code)
    assert [(r["row"], r["title"], r["name"], r["birth_date"], r["award"]) for r in rows] == [
        (1, "Đồng chí", "Trịnh Văn Quân", "1982-08-15", "LDTT"), (2, "", "Mai Thị Quyên", None, "LDTT")]
    assert rows[0]["position_unit"] == "Kế toán, Sở Giáo dục và Đào tạo"
    assert rows[1]["problems"] == ["Ngày sinh “29/02/1983” không hợp lệ."]


@pytest.mark.django_db
def test_word_list_in_captioned_tables_with_award_headings(tmp_path, db):
    rows = preview(tmp_path, files.captioned_tables_docx(), "ds.docx")
    assert [(r["row"], r["kind"], r["title"], r["name"], r["award"]) for r in rows] == [
        (1, "individual", "Đ/c", "Nguyễn Văn An", "BK_BO_NGANH"),
        (2, "individual", "Thầy giáo", "Phạm Văn Bảo", "BK_BO_NGANH"),
        (3, "individual", "Cô giáo", "Lương Thị Cúc", "CSTD_CO_SO"),
        (1, "collective", "", "Trường THCS Tân Hưng", "CO_TINH"),
    ]
    assert rows[0]["position_unit"] == "Trường THCS Tân Hưng, Hiệu trưởng"
    assert all(r["problems"] == [] for r in rows)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed: .doc cannot be converted")
@pytest.mark.django_db
def test_legacy_doc_list_read_through_libreoffice(tmp_path, unit_a):
    source = tmp_path / "ds.docx"
    source.write_bytes(files.office_docx())
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "out"), str(source)],
                   check=True, capture_output=True, timeout=180)
    legacy = (tmp_path / "out" / "ds.doc").read_bytes()
    assert legacy.startswith(b"\xd0\xcf\x11\xe0")
    rows = preview(tmp_path, legacy, "danh-sach.doc")
    assert [(r["row"], r["kind"], r["title"], r["name"], r["award"]) for r in rows][:3] == [
        (1, "individual", "Ông", "Nguyễn Văn An", "BK_TINH"), (2, "individual", "Bà", "Trần Thị Bình", "BK_TINH"),
        (3, "individual", "Đại tá", "Lê Văn Cường", "CSTD_CO_SO")]
    assert rows[1]["birth_date"] == "1985-11-05"


@pytest.mark.django_db
def test_section_headings_with_counts_give_kind_and_award(tmp_path, db):
    data = files.hospital_xlsx([
        ("I. DANH HIỆU CHIẾN SĨ THI ĐUA CƠ SỞ (02 cá nhân)", None, None, None),
        (1, "Trần Văn Tâm", "Khoa Nội", None), (2, "Lý Thị Hằng", "Khoa Nội", None),
        ("II. Tặng Bằng khen của Chủ tịch UBND tỉnh cho 01 tập thể", None, None, None),
        (1, "Khoa Ngoại", "Bệnh viện Đa khoa tỉnh", None),
        ("Tổng cộng: 03", None, None, None),
    ])
    rows = preview(tmp_path, data, "ds.xlsx")
    assert [(r["row"], r["kind"], r["name"], r["award"]) for r in rows] == [
        (1, "individual", "Trần Văn Tâm", "CSTD_CO_SO"), (2, "individual", "Lý Thị Hằng", "CSTD_CO_SO"),
        (1, "collective", "Khoa Ngoại", "BK_TINH")]


HTML_XLS = """<html><head><meta charset="utf-8"></head><body>
<table><tr><td colspan="5">DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG</td></tr>
<tr><th rowspan="2">STT</th><th rowspan="2">Họ và tên</th><th colspan="2">Ngày sinh</th><th rowspan="2">Hình thức khen thưởng</th></tr>
<tr><th>Nam</th><th>Nữ</th></tr>
<tr><td>1</td><td>Ông Vương Văn Hùng</td><td>01/01/1970</td><td></td><td>Bằng khen UBND tỉnh</td></tr>
<tr><td>2</td><td>Bà Tạ Thị Liên</td><td></td><td>02/02/1972</td><td>LĐTT</td></tr>
</table></body></html>"""


@pytest.mark.django_db
def test_html_saved_as_xls_by_a_web_system(tmp_path, db):
    rows = preview(tmp_path, HTML_XLS.encode("utf-8"), "xuat-excel.xls")
    assert [(r["row"], r["title"], r["name"], r["birth_date"], r["award"]) for r in rows] == [
        (1, "Ông", "Vương Văn Hùng", "1970-01-01", "BK_TINH"), (2, "Bà", "Tạ Thị Liên", "1972-02-02", "LDTT")]


@pytest.mark.django_db
def test_csv_list(tmp_path, db):
    text = "STT;Họ và tên;Đơn vị công tác;Danh hiệu\n1;Trần Văn Tâm;Khoa Nội;LĐTT\n"
    rows = preview(tmp_path, text.encode("utf-8-sig"), "ds.csv")
    assert [(r["name"], r["award"]) for r in rows] == [("Trần Văn Tâm", "LDTT")]


@pytest.mark.django_db
def test_numbered_collective_row_is_not_a_heading(tmp_path, db):
    data = files.hospital_xlsx([
        ("1.", "Cá nhân", None, None), ("1", "Trần Văn Tâm", "Khoa Nội", "LĐTT"),
        ("2.", "Tập thể", None, None), ("1.", "Tập thể Khoa Nội", "Bệnh viện", "Tập thể lao động tiên tiến"),
        ("2.", "Tập thể Khoa Ngoại", None, None),
    ])
    rows = preview(tmp_path, data, "ds.xlsx")
    assert [(r["row"], r["kind"], r["name"]) for r in rows] == [
        (1, "individual", "Trần Văn Tâm"), (1, "collective", "Tập thể Khoa Nội"), (2, "collective", "Tập thể Khoa Ngoại")]
    assert rows[2]["problems"] == ["Chưa ghi danh hiệu/hình thức khen thưởng."]
