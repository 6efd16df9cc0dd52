"""The legal library and exemplar photos through the API (issue #15). The province's staff add and edit the library's
texts (retiring one = status expired or replaced), attach, replace and remove their PDF/DOCX file; everyone signed in
reads the public texts and downloads their file, staff also the unpublished ones. A unit uploads, replaces and
removes the photo of its exemplar while it is a draft or returned (PNG/JPG, at most 5 MB, checked by the bytes).
The same forms, services and rights as the pages: 403 without the right, 404 outside scope, a Vietnamese 400 for a
bad file or field."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.test_journey import Caller, ok
from tests.media import media_root  # noqa: F401 (autouse: files go to a throw-away folder)
from tests.outreach.conftest import PDF, png_bytes
from tests.outreach.factories import make_exemplar, make_legal
from thidua.outreach import services
from thidua.outreach.models import LegalDocument

pytestmark = pytest.mark.django_db

DOC = {"kind": "decree", "number": "98/2023/NĐ-CP", "issuer": "Chính phủ", "issued_on": "2023-12-31",
       "effective_on": "2023-12-31", "title": "Quy định chi tiết thi hành Luật Thi đua, khen thưởng"}


def _file(content, name):
    f = io.BytesIO(content)
    f.name = name
    return {"file": f}


def test_province_manages_the_library(client, staff, officer_a):
    province, unit = Caller(client, staff), Caller(client, officer_a)
    refused = unit.post("/outreach/legal-documents", DOC)
    assert refused.status_code == 403 and "thư viện" in refused.json()["detail"]
    doc = ok(province.post("/outreach/legal-documents", DOC), 201)
    assert doc["status"] == "in_force" and doc["is_public"] and doc["download_url"] is None

    again = province.post("/outreach/legal-documents", DOC)
    assert again.status_code == 400 and "đã có trong thư viện" in again.json()["detail"]
    for bad, words in (
        ({**DOC, "number": "98-2023"}, "số/năm/ký hiệu"),
        ({**DOC, "effective_on": "2023-01-01"}, "không được trước ngày ban hành"),
        ({**DOC, "number": "1/2024/NĐ-CP", "status": "replaced", "expired_on": "2024-06-01"}, "văn bản thay thế"),
        ({**DOC, "number": "1/2024/NĐ-CP", "status": "expired"}, "ngày hết hiệu lực"),
        ({**DOC, "number": "1/2024/NĐ-CP", "replaced_by_id": 999999}, "Được thay thế bởi"),
    ):
        response = province.post("/outreach/legal-documents", bad)
        assert response.status_code == 400 and words in response.json()["detail"], (bad, response.json())
    assert province.post("/outreach/legal-documents", {**DOC, "kind": "novel"}).status_code == 422
    assert LegalDocument.objects.count() == 1

    url = f"/outreach/legal-documents/{doc['id']}"
    newer = ok(province.post("/outreach/legal-documents", {**DOC, "number": "152/2025/NĐ-CP",
                                                           "issued_on": "2025-06-01", "effective_on": None}), 201)
    retired = ok(province.put(url, {**DOC, "status": "replaced", "expired_on": "2025-07-01",
                                    "replaced_by_id": newer["id"]}))
    assert retired["status"] == "replaced" and retired["replaced_by_id"] == newer["id"]
    assert unit.put(url, DOC).status_code == 403
    assert province.put("/outreach/legal-documents/999999", DOC).status_code == 404


def test_library_files(client, staff, officer_a):
    province, unit = Caller(client, staff), Caller(client, officer_a)
    doc = make_legal(staff)
    url = f"/outreach/legal-documents/{doc.pk}/file"
    assert unit.upload(url, _file(PDF, "nd-98.pdf")).status_code == 403
    for content, name, words in ((png_bytes(), "anh.png", "PDF"), (b"", "rong.pdf", "rỗng"),
                                 (PDF, "nd-98.docx", "không khớp")):
        response = province.upload(url, _file(content, name))
        assert response.status_code == 400 and words in response.json()["detail"], (name, response.json())
    assert province.upload(url, {}).status_code == 422
    assert unit.get(url).status_code == 404  # no file yet

    attached = ok(province.upload(url, _file(PDF, "nd-98.pdf")))
    assert attached["file_name"] == "nd-98.pdf" and attached["file_size"] == len(PDF)
    assert attached["download_url"] == f"/api/v1{url}"
    download = unit.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert unit.delete(url).status_code == 403
    assert province.delete(url).status_code == 204
    assert unit.get(url).status_code == 404 and province.delete(url).status_code == 404
    assert ok(unit.get(f"/outreach/legal-documents/{doc.pk}"))["file_name"] == ""


def test_unpublished_texts_are_staff_only(client, staff, officer_a):
    hidden = make_legal(staff, number="7/2025/QĐ-UBND", is_public=False)
    shown = make_legal(staff)
    services.save_legal_document(staff, hidden, upload=SimpleUploadedFile("qd.pdf", PDF, "application/pdf"))
    unit, province = Caller(client, officer_a), Caller(client, staff)
    assert [d["id"] for d in ok(unit.get("/outreach/legal-documents"))["items"]] == [shown.pk]
    assert {d["id"] for d in ok(province.get("/outreach/legal-documents"))["items"]} == {hidden.pk, shown.pk}
    for path in (f"/outreach/legal-documents/{hidden.pk}", f"/outreach/legal-documents/{hidden.pk}/file"):
        assert unit.get(path).status_code == 404
    assert province.get(f"/outreach/legal-documents/{hidden.pk}/file").status_code == 200
    assert ok(unit.get("/outreach/legal-documents", kind="decree"))["items"][0]["id"] == shown.pk
    assert unit.get("/outreach/legal-documents", kind="novel").status_code == 400


def test_exemplar_photo(client, officer_a, officer_b, staff, unit_a):
    exemplar = make_exemplar(officer_a, unit_a)
    url = f"/outreach/exemplars/{exemplar.pk}/photo"
    a, b, province = Caller(client, officer_a), Caller(client, officer_b), Caller(client, staff)
    assert a.get(url).status_code == 404  # no photo yet
    for content, name, words in ((PDF, "anh.png", "PNG hoặc JPG"), (png_bytes(), "anh.jpg", "không khớp"),
                                 (b"", "anh.png", "rỗng"), (png_bytes((8, 8)), "anh.png", "Kích thước"),
                                 (b"\x89PNG\r\n\x1a\n" + b"x" * (5 * 1024 * 1024), "anh.png", "quá lớn")):
        response = a.upload(url, _file(content, name))
        assert response.status_code == 400 and words in response.json()["detail"], (name, response.json())
    assert a.upload(url, {}).status_code == 422
    assert b.upload(url, _file(png_bytes(), "anh.png")).status_code == 404  # another unit's exemplar

    done = ok(a.upload(url, _file(png_bytes(), "anh.png")))
    assert done["has_photo"] and done["id"] == exemplar.pk
    photo = a.get(url)
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    assert b.get(url).status_code == 404
    assert province.get(url).status_code == 200

    services.publish_exemplar(staff, exemplar)  # published: the unit no longer changes it
    refused = a.upload(url, _file(png_bytes(), "anh.png"))
    assert refused.status_code == 403 and refused.json()["detail"]
    assert a.delete(url).status_code == 403
    services.unpublish_exemplar(staff, exemplar, reason="Cần ảnh rõ hơn")
    assert b.delete(url).status_code == 404
    assert a.delete(url).status_code == 204
    assert a.get(url).status_code == 404 and a.delete(url).status_code == 404
    assert not ok(a.get("/outreach/exemplars"))["items"][0]["has_photo"]
