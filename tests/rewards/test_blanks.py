"""Printing on pre-printed blanks: a decision's certificates as one PDF whose text sits inside the calibrated
boxes (read back with poppler's `pdftotext -bbox`), the live-preview editor, and the background job."""

import datetime as dt
import re
import shutil
import subprocess
from html import unescape

import pytest

from tests.rewards.conftest import people, prepared_dossier, sign, units
from thidua.rewards import blanks
from thidua.rewards.models import BlankLayout

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")]

PT_PER_MM = 72 / 25.4
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)


def words_per_page(pdf_bytes, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf_bytes)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [[(float(a) / PT_PER_MM, float(b) / PT_PER_MM, float(c) / PT_PER_MM, float(d) / PT_PER_MM, unescape(w))
             for a, b, c, d, w in WORD.findall(page)] for page in PAGE.findall(out)]


def inside(word, box, slack=1.0):
    x0, y0, x1, y1, _text = word
    return (box["x"] - slack <= x0 and x1 <= box["x"] + box["w"] + slack
            and box["y"] - slack <= y0 and y1 <= box["y"] + box["h"] + slack)


def words_of(page, text):
    """The run of consecutive words (in reading order) that spells `text`."""
    wanted = text.split()
    for i in range(len(page) - len(wanted) + 1):
        if [w[4] for w in page[i:i + len(wanted)]] == wanted:
            return page[i:i + len(wanted)]
    return []


@pytest.fixture
def layout():
    boxes = {
        "name": {"x": 50, "y": 90, "w": 200, "h": 14, "size": 20, "align": "center"},
        "award": {"x": 40, "y": 70, "w": 220, "h": 12, "size": 14, "align": "center"},
        "unit": {"x": 50, "y": 108, "w": 200, "h": 10, "size": 12, "align": "center"},
        "decision": {"x": 25, "y": 150, "w": 120, "h": 8, "size": 11, "align": "left"},
        "signer": {"x": 180, "y": 178, "w": 90, "h": 10, "size": 14, "align": "center"},
        "qr": {"x": 20, "y": 165, "w": 25, "h": 25, "size": 0, "align": "left"},
    }
    return BlankLayout.objects.create(name="Phôi Bằng khen UBND tỉnh", boxes=boxes)


@pytest.fixture
def decision(leader, unit_a):
    lan, minh = people(unit_a, ["Nguyễn Thị Lan", "Lê Văn Minh"])
    [to] = units(unit_a, ["Phòng Giáo dục mầm non"])
    return sign(leader, prepared_dossier(unit_a, [(lan, "LDTT"), (minh, "BK_TINH"), (to, "TTLDTT")], year=2026),
                dt.date(2026, 7, 15))


def test_decision_prints_every_field_inside_its_box(layout, decision, tmp_path):
    pages = blanks.decision_pages(decision)
    assert len(pages) == 3
    pdf_pages = words_per_page(blanks.pdf(layout, pages), tmp_path)
    assert len(pdf_pages) == 3
    boxes = blanks.boxes_of(layout)
    for page, words in zip(pages, pdf_pages, strict=True):
        for field in ("name", "award", "unit", "decision", "signer"):
            text = getattr(page, field)
            if not text:
                continue
            found = words_of(words, text)
            assert found, (field, text)
            assert all(inside(w, boxes[field]) for w in found), (field, found, boxes[field])
    names = [" ".join(w[4] for w in words if inside(w, boxes["name"])) for words in pdf_pages]
    assert any("Nguyễn Thị Lan" in n for n in names) and any("Phòng Giáo dục mầm non" in n for n in names)


def test_layout_editor_preview_and_sample(staff_client, layout):
    html = staff_client.get(f"/tien-thuong/phoi/{layout.pk}/").content.decode()
    assert 'data-preview="name"' in html and 'name="name-x"' in html
    response = staff_client.post(f"/tien-thuong/phoi/{layout.pk}/", {
        "name": layout.name, "page_width_mm": "297", "page_height_mm": "210",
        **{f"{k}-{a}": v for k, box in blanks.boxes_of(layout).items() for a, v in box.items()},
        "name-x": "55,5", "name-align": "left",
    })
    assert response.status_code == 302
    layout.refresh_from_db()
    assert layout.boxes["name"]["x"] == 55.5 and layout.boxes["name"]["align"] == "left"
    bad = staff_client.post(f"/tien-thuong/phoi/{layout.pk}/", {"page_width_mm": "297", "page_height_mm": "210",
                                                               "name-x": "9999"}, follow=True)
    assert "không hợp lệ" in bad.content.decode()
    sample = staff_client.get(f"/tien-thuong/phoi/{layout.pk}/thu.pdf")
    assert sample.status_code == 200 and sample.content.startswith(b"%PDF")


def test_unit_officer_may_not_edit_layouts(client_a, layout):
    assert client_a.get(f"/tien-thuong/phoi/{layout.pk}/").status_code == 403


def test_large_decision_prints_in_a_background_job(staff_client, staff, layout, decision, monkeypatch, settings,
                                                   tmp_path):
    from thidua.core.models import Job

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(blanks, "INLINE_PAGES", 1)
    response = staff_client.post(f"/tien-thuong/quyet-dinh/{decision.pk}/in-phoi.pdf", {"layout": layout.pk})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cong-viec-nen/{job.pk}/"
    assert job.kind == "rewards.print_blanks" and job.owner == staff and job.target == decision
    assert job.status == Job.Status.DONE and job.total == 3 and "3 trang" in job.message
    page = staff_client.get(response["Location"])
    assert 'data-job-status="done"' in page.content.decode()
    pdf = staff_client.get(f"/cong-viec-nen/{job.pk}/tai/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_small_decision_prints_at_once(staff_client, layout, decision):
    response = staff_client.post(f"/tien-thuong/quyet-dinh/{decision.pk}/in-phoi.pdf", {"layout": layout.pk})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_name_too_long_for_its_box_is_set_smaller_not_outside(layout, tmp_path):
    long = blanks.BlankPage(name="Tập thể Phòng Giáo dục và Đào tạo thuộc Ủy ban nhân dân xã Tân Hưng, tỉnh Hưng Yên "
                                 "(nay là Phòng Văn hóa – Xã hội)", award="Tập thể lao động tiên tiến", unit="",
                            decision="Quyết định số 7/QĐ-UBND ngày 02/02/2026", signer="Trần Quốc Văn", qr_url="")
    [words] = words_per_page(blanks.pdf(layout, [long]), tmp_path)
    found = words_of(words, long.name)
    assert found and all(inside(w, blanks.boxes_of(layout)["name"]) for w in found)
