"""A decision with more certificates than a request prints (documents.views.INLINE_CERTIFICATES) is printed by a
job, whole — no cap; the file is on the job's page, for whoever may see the job."""

import datetime as dt
import re
import shutil
import subprocess

from django.urls import reverse

from tests.rewards.conftest import people, prepared_dossier, sign
from thidua.core.models import Job


def test_large_decision_certificates_become_a_job(
    client, staff, officer_b, leader, unit_a, monkeypatch, tmp_path
):
    from thidua.documents import tasks, views

    monkeypatch.setattr(views, "INLINE_CERTIFICATES", 2)
    monkeypatch.setattr(tasks, "CHUNK", 2)  # rendered two pages at a time, then joined
    lines = [
        (p, "BK_TINH")
        for p in people(unit_a, ["Nguyễn Thị Lan", "Lê Văn Minh", "Trần Thu Hà", "Phạm Văn An", "Đỗ Thị Mai"])
    ]
    decision = sign(leader, prepared_dossier(unit_a, lines, year=2026), dt.date(2026, 7, 15))
    client.force_login(staff)
    url = reverse("documents:decision_certificates", args=[decision.dossier_id])
    response = client.get(url)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("job_detail", args=[job.pk])
    assert job.kind == "documents.certificates" and job.target == decision
    assert job.status == Job.Status.DONE and (job.done, job.total) == (5, 5), job.message
    pdf = b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content)
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdfinfo"):  # poppler-utils: one page per certificate, all five in one file
        (tmp_path / "bang.pdf").write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(tmp_path / "bang.pdf")], capture_output=True, text=True).stdout
        assert re.search(r"^Pages:\s+5$", info, re.M), info
    # another unit's officer does not see the job (nor its file)
    client.force_login(officer_b)
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404
    # a second click while it prints follows the same job
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    client.force_login(staff)
    assert client.get(url)["Location"] == reverse("job_detail", args=[job.pk]) and Job.objects.count() == 1


def test_the_api_prints_a_large_decision_through_the_same_job(client, staff, leader, unit_a, monkeypatch):
    from thidua.core.models import ApiToken
    from thidua.documents import tasks, views

    monkeypatch.setattr(views, "INLINE_CERTIFICATES", 2)
    monkeypatch.setattr(tasks, "CHUNK", 2)
    lines = [(p, "BK_TINH") for p in people(unit_a, ["Nguyễn Thị Lan", "Lê Văn Minh", "Trần Thu Hà"])]
    decision = sign(leader, prepared_dossier(unit_a, lines, year=2026), dt.date(2026, 7, 15))
    headers = {"Authorization": f"Bearer {ApiToken.issue(staff)}"}
    response = client.get(f"/api/v1/decisions/{decision.pk}/certificates.pdf", headers=headers)
    assert response.status_code == 202, response.content
    body = response.json()
    job = Job.objects.get(pk=body["job"])
    assert body["url"] == reverse("job_detail", args=[job.pk]) and "trong nền" in body["detail"]
    assert job.kind == "documents.certificates" and job.target == decision and job.owner == staff
    assert job.status == Job.Status.DONE and (job.done, job.total) == (3, 3), job.message
