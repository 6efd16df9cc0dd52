"""Jobs of the awards room (thidua/core/jobs.py): an uploaded award book staged (and, when asked and clean,
committed), and a reviewed book committed. Both may run twice — after their worker died — and never write an
award twice: staging starts over; the commit is one transaction guarded by the batch's status (COMMITTED once)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.awards import importer
from thidua.awards.models import ImportBatch, ImportRow
from thidua.core import jobs


def start_staging(batch, user):
    """Queue the reading of an uploaded book (the upload page, the exchange-format import): a 100,000-row book does
    not hold a web worker; its progress lives on the batch and the job (any app server can answer)."""
    return jobs.start(
        "awards.import",
        owner=user,
        unit=batch.unit,
        target=batch,
        title=_("Đọc sổ khen thưởng “%(name)s”") % {"name": batch.original_name},
    )


def _batch(job) -> ImportBatch:
    return ImportBatch.objects.select_related("unit", "created_by").get(pk=job.target_id)


def _committed(batch) -> str:
    return _("Đã nhập %(n)s khen thưởng vào sổ; %(p)s cá nhân mới.") % {
        "n": batch.committed_count,
        "p": batch.new_person_count,
    }


@jobs.handler("awards.import", gettext_lazy("Đọc và kiểm tra sổ khen thưởng"))
def stage_book(job, progress):
    batch = _batch(job)
    if batch.status == ImportBatch.Status.COMMITTED:
        return _committed(batch)
    if batch.status == ImportBatch.Status.CANCELLED:
        raise jobs.Cancelled()
    if batch.status in (ImportBatch.Status.UPLOADED, ImportBatch.Status.PARSING):
        try:
            batch = importer.stage(batch, progress=progress)
        except jobs.Cancelled:
            ImportRow.objects.filter(batch=batch).delete()
            ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.CANCELLED)
            raise
    if job.params.get("commit") and batch.status == ImportBatch.Status.REVIEW and not batch.ambiguous_count:
        importer.start_commit(batch)
        return commit_book(job, progress)
    if batch.status == ImportBatch.Status.INVALID:
        return batch.message or _("Tệp có %(n)s dòng lỗi; không dòng nào được nhập.") % {
            "n": batch.error_count
        }
    return _("Đã đọc %(n)s dòng; chờ xác nhận và nhập vào sổ.") % {"n": batch.total_rows}


@jobs.handler("awards.commit", gettext_lazy("Nhập sổ khen thưởng vào sổ"))
def commit_book(job, progress):
    batch = _batch(job)
    if batch.status == ImportBatch.Status.COMMITTED:  # a run after the commit, before the job was marked done
        return _committed(batch)
    if batch.status == ImportBatch.Status.REVIEW:
        importer.start_commit(batch)
    progress(0, batch.total_rows)
    if importer.commit_or_reopen(batch, user=job.owner) is None:
        batch.refresh_from_db()
        raise importer.CommitRefused(batch.message)
    batch.refresh_from_db()
    return _committed(batch)
