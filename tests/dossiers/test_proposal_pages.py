"""The proposal-list pages: upload → preview → fix an ambiguous match → nominations, all or nothing; columns
assigned once per sender; a báo cáo thành tích fills the summary; the candidate list and bulk appraisal."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.dossiers import proposal_files as files
from tests.dossiers.conftest import make_dossier
from tests.factories import PersonFactory, UnitFactory
from thidua.awards.models import AwardType
from thidua.dossiers import services
from thidua.dossiers.models import ListColumnMapping, Nomination, ProposalUpload
from thidua.orgs.models import Person

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def people(unit_a):
    an = PersonFactory(full_name="Nguyễn Văn An", birth_date=dt.date(1980, 3, 12), unit=unit_a)
    cuong1 = PersonFactory(full_name="Lê Văn Cường", birth_date=dt.date(1975, 2, 1), unit=unit_a, position="Lái xe")
    cuong2 = PersonFactory(full_name="Lê Văn Cường", birth_date=dt.date(1975, 9, 9), unit=unit_a,
                           position="Chánh Văn phòng")
    PersonFactory(full_name="Lê Văn Cường", birth_date=dt.date(1975, 9, 9), unit=UnitFactory())  # outside scope
    team = UnitFactory(name="Phòng Giáo dục Trung học", code="phong-gdth", parent=unit_a)
    return {"an": an, "cuong1": cuong1, "cuong2": cuong2, "team": team}


def upload(client, dossier, data=None, name="danh-sach.docx", content_type=DOCX):
    data = data if data is not None else files.office_docx()
    response = client.post(reverse("dossiers:proposal_upload", args=[dossier.pk]),
                           {"file": SimpleUploadedFile(name, data, content_type=content_type), "level": "tinh"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ProposalUpload.objects.get(dossier=dossier), response["Location"]


def award_id(code):
    return AwardType.objects.get(code=code).pk


def choices(people, *, include_bad_row=False):
    """What the officer sends from the preview: rows 0–2 individuals, 3 has an impossible date, 4–5 collectives."""
    data = {
        "action": "create",
        "use_0": "1", "award_0": award_id("BK_TINH"), "person_0": str(people["an"].pk),
        "use_1": "1", "award_1": award_id("BK_TINH"), "person_1": "new",
        "use_2": "1", "award_2": award_id("CSTD_CO_SO"), "person_2": str(people["cuong2"].pk),
        "award_3": award_id("LDTT"), "person_3": "new",
        "use_4": "1", "award_4": award_id("TTLDXS"), "unit_4": str(people["team"].pk),
        "award_5": "", "unit_5": "",
    }
    if include_bad_row:
        data["use_3"] = "1"
    return data


@pytest.mark.django_db
def test_upload_preview_fix_ambiguous_match_and_get_the_right_nominations(client_a, officer_a, people):
    dossier = make_dossier(officer_a)
    item, location = upload(client_a, dossier)
    page = client_a.get(location)
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("Nguyễn Văn An", "Đại tá", "12/03/1980", "2 người trùng tên", "Chánh Văn phòng",
                 "Ngày sinh “31/02/1990” không hợp lệ.", "không tặng cho tập thể"):
        assert text in html

    # one row with a problem ticked: nothing at all is created
    response = client_a.post(location, choices(people, include_bad_row=True))
    assert response.status_code == 200
    assert "Dòng 4: Ngày sinh “31/02/1990” không hợp lệ." in response.content.decode()
    assert dossier.nominations.count() == 0
    assert not Person.objects.filter(full_name="Trần Thị Bình").exists()
    item.refresh_from_db()
    assert item.used_at is None

    # the ambiguous "Lê Văn Cường" resolved to the Chánh Văn phòng, the bad row left out
    response = client_a.post(location, choices(people))
    assert response.status_code == 302
    got = {(n.kind, n.nominee_name, n.award_type.code, n.person_id or n.nominee_unit_id)
           for n in dossier.nominations.all()}
    binh = Person.objects.get(full_name="Trần Thị Bình")
    assert got == {
        ("individual", "Nguyễn Văn An", "BK_TINH", people["an"].pk),
        ("individual", "Trần Thị Bình", "BK_TINH", binh.pk),
        ("individual", "Lê Văn Cường", "CSTD_CO_SO", people["cuong2"].pk),
        ("collective", "Phòng Giáo dục Trung học", "TTLDXS", people["team"].pk),
    }
    assert binh.birth_date == dt.date(1985, 11, 5) and binh.gender == "female" and binh.unit == officer_a.unit
    # the same list cannot be applied twice
    assert client_a.post(location, choices(people)).status_code == 200
    assert dossier.nominations.count() == 4


@pytest.mark.django_db
def test_a_candidate_outside_the_rows_candidates_is_not_taken(client_a, officer_a, people):
    dossier = make_dossier(officer_a)
    _item, location = upload(client_a, dossier)
    data = choices(people)
    data["person_2"] = str(Person.objects.exclude(unit__path__startswith=officer_a.unit.path).first().pk)
    response = client_a.post(location, data)
    assert response.status_code == 200
    assert "Dòng 3: chưa xác định cá nhân" in response.content.decode()
    assert dossier.nominations.count() == 0


@pytest.mark.django_db
def test_new_dossier_from_a_list(client_a, officer_a, people):
    response = client_a.post(reverse("dossiers:from_list"), {
        "title": "Đề nghị khen thưởng năm 2025", "kind": "cong_trang", "procedure": "normal", "year": 2025,
        "level": "tinh", "file": SimpleUploadedFile("ds.docx", files.office_docx(), content_type=DOCX)})
    assert response.status_code == 302
    item = ProposalUpload.objects.get()
    assert item.dossier.unit == officer_a.unit and response["Location"].endswith(f"/danh-sach/{item.pk}/")


@pytest.mark.django_db
def test_a_file_that_is_not_a_list_is_refused_by_the_upload_checks(client_a, officer_a):
    dossier = make_dossier(officer_a)
    response = client_a.post(reverse("dossiers:proposal_upload", args=[dossier.pk]), {
        "file": SimpleUploadedFile("ds.xlsx", b"%PDF-1.4 nope", content_type=XLSX), "level": "tinh"})
    assert response.status_code == 200
    assert ProposalUpload.objects.count() == 0


@pytest.mark.django_db
def test_unmapped_column_assigned_once_and_remembered_for_the_sender(client_a, officer_a, unit_a):
    PersonFactory(full_name="Trần Văn Tâm", birth_date=None, unit=unit_a, citizen_id="001085012345")
    data = files.hospital_xlsx([(1, "Trần Văn Tâm", "Sở Giáo dục và Đào tạo", "LĐTT", "'001085012345")],
                               extra_header="Mã định danh điện tử")
    dossier = make_dossier(officer_a)
    _item, location = upload(client_a, dossier, data, "ds.xlsx", XLSX)
    html = client_a.get(location).content.decode()
    assert "«Mã định danh điện tử»" in html
    response = client_a.post(location, {"action": "columns", "col_ma dinh danh dien tu": "citizen_id"})
    assert response.status_code == 302
    assert ListColumnMapping.objects.get(unit=unit_a).field == "citizen_id"
    # the next list from the same unit is read with it
    second = make_dossier(officer_a, title="Đợt 2")
    _item, location = upload(client_a, second, data, "ds2.xlsx", XLSX)
    html = client_a.get(location).content.decode()
    assert "Mã định danh điện tử" not in html.split("proposal-rows")[0]


@pytest.mark.django_db
def test_pages_are_scoped(client_b, officer_a, people):
    dossier = make_dossier(officer_a)
    item = services.upload_proposal_list(officer_a, dossier, SimpleUploadedFile("ds.docx", files.office_docx()))
    assert client_b.get(reverse("dossiers:proposal_preview", args=[dossier.pk, item.pk])).status_code == 404
    assert client_b.get(reverse("dossiers:proposal_upload", args=[dossier.pk])).status_code == 404


@pytest.mark.django_db
def test_achievement_report_docx_fills_the_summary(officer_a, people):
    dossier = make_dossier(officer_a)
    nomination = services.save_nomination(officer_a, dossier, Nomination(
        person=people["an"], award_type=AwardType.objects.get(code="LDTT"), achievement_summary="tạm"))
    report = SimpleUploadedFile("bao-cao.docx", files.achievement_report_docx("Chủ trì 2 đề tài cấp tỉnh."),
                                content_type=DOCX)
    services.add_attachment(officer_a, dossier, report, "bao_cao", nomination)
    nomination.refresh_from_db()
    assert nomination.achievement_summary == "Chủ trì 2 đề tài cấp tỉnh."


@pytest.mark.django_db
def test_historical_award_cannot_be_proposed(officer_a, people):
    dossier = make_dossier(officer_a)
    with pytest.raises(ValidationError):
        services.save_nomination(officer_a, dossier, Nomination(
            person=people["an"], award_type=AwardType.objects.get(code="HC_KHANG_CHIEN_1"), achievement_summary="x"))
    assert not AwardType.objects.conferrable().filter(code__startswith="HC_KHANG_CHIEN").exists()


@pytest.mark.django_db
def test_candidate_list_adds_ticked_people_to_a_dossier(client_a, officer_a, people):
    dossier = make_dossier(officer_a)
    response = client_a.post(reverse("dossiers:add_candidates"), {
        "dossier": dossier.pk, "award": "LDTT", "person": [people["an"].pk, people["cuong1"].pk]})
    assert response.status_code == 302
    assert set(dossier.nominations.values_list("person_id", flat=True)) == {people["an"].pk, people["cuong1"].pk}
    # again: already there, nothing added twice
    client_a.post(reverse("dossiers:add_candidates"), {"dossier": dossier.pk, "award": "LDTT",
                                                       "person": [people["an"].pk]})
    assert dossier.nominations.count() == 2


@pytest.mark.django_db
def test_bulk_appraisal_goes_through_the_appraisal_service(client, staff, officer_a, people):
    dossier = make_dossier(officer_a)
    services.add_people_to_dossier(officer_a, dossier, [people["an"], people["cuong1"]],
                                   AwardType.objects.get(code="LDTT"))
    from thidua.dossiers.models import Dossier

    Dossier.objects.filter(pk=dossier.pk).update(state="received")
    client.force_login(staff)
    ids = list(dossier.nominations.values_list("pk", flat=True))
    # "excluded" needs a reason: refused for all
    client.post(reverse("dossiers:appraise_bulk", args=[dossier.pk]), {"nominations": ids, "result": "excluded"})
    assert set(dossier.nominations.values_list("appraisal", flat=True)) == {"pending"}
    response = client.post(reverse("dossiers:appraise_bulk", args=[dossier.pk]),
                           {"nominations": ids, "result": "accepted"})
    assert response.status_code == 302
    assert set(dossier.nominations.values_list("appraisal", flat=True)) == {"accepted"}


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice not installed")
@pytest.mark.django_db
def test_legacy_doc_is_converted_once_at_upload(client_a, officer_a, people, tmp_path):
    import subprocess

    source = tmp_path / "ds.docx"
    source.write_bytes(files.office_docx())
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    dossier = make_dossier(officer_a)
    item, location = upload(client_a, dossier, (tmp_path / "ds.doc").read_bytes(), "danh-sach.doc",
                            "application/msword")
    assert item.original_name == "danh-sach.doc" and item.file.name.endswith(".docx")
    html = client_a.get(location).content.decode()
    assert "Nguyễn Văn An" in html and "2 người trùng tên" in html


@pytest.mark.django_db
def test_anonymous_users_go_to_sign_in(client, officer_a):
    dossier = make_dossier(officer_a)
    for url in (reverse("dossiers:proposal_upload", args=[dossier.pk]),
                reverse("dossiers:proposal_preview", args=[dossier.pk, 1]), reverse("dossiers:from_list")):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    for url in (reverse("dossiers:add_candidates"), reverse("dossiers:appraise_bulk", args=[dossier.pk])):
        assert "/dang-nhap/" in client.post(url)["Location"]


@pytest.mark.django_db
def test_a_long_list_becomes_nominations_in_a_job_once(client_a, officer_a, people, monkeypatch):
    from thidua.core import jobs
    from thidua.core.models import Job
    from thidua.dossiers import views_proposals

    monkeypatch.setattr(views_proposals, "INLINE_PROPOSAL_ROWS", 2)
    dossier = make_dossier(officer_a)
    item, location = upload(client_a, dossier)
    response = client_a.post(location, choices(people))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("job_detail", args=[job.pk])
    assert job.kind == "dossiers.proposals" and job.target == dossier and job.status == Job.Status.DONE, job.message
    assert dossier.nominations.count() == 4
    assert Person.objects.get(full_name="Trần Thị Bình").birth_date == dt.date(1985, 11, 5)
    # run again (as after a worker died once the list was applied): nothing is created twice
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED)
    assert jobs.retry(job)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and "4" in job.message and dossier.nominations.count() == 4
    item.refresh_from_db()
    assert item.used_at is not None
