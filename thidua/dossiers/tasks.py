"""Jobs of the dossiers room (thidua/core/jobs.py): the daily deadline digest (queued by the worker's schedule,
THIDUA_JOB_SCHEDULE; the `send_deadline_reminders` command does the same by hand)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core import jobs


@jobs.handler("dossiers.reminders", gettext_lazy("Nhắc hạn xử lý hồ sơ (hằng ngày)"))
def deadline_reminders(job, progress):
    from thidua.dossiers.reminders import send_reminders

    sent = send_reminders(timezone.localdate())
    return _("Đã gửi %(n)s e-mail nhắc hạn.") % {"n": sent}


@jobs.handler("dossiers.proposals", gettext_lazy("Tạo đề nghị từ danh sách"))
def nominations_from_list(job, progress):
    """The officer's confirmed rows of a long proposal list become nominations, all or nothing (the same service
    as the page). The list is claimed once (`used_at`), so a run taken up again after its worker died finds it used
    and creates nothing twice."""
    import datetime as dt

    from django.core.exceptions import ValidationError

    from thidua.dossiers import services
    from thidua.dossiers.models import Dossier, ProposalUpload

    dossier = Dossier.objects.visible_to(job.owner).get(pk=job.target_id)
    upload = ProposalUpload.objects.get(pk=job.params["upload"], dossier=dossier)
    if upload.used_at is not None:
        return _("Danh sách đã được dùng để tạo %(n)s đề nghị.") % {"n": upload.created_count}
    items = job.params["items"]
    for item in items:
        person = item.get("new_person")
        if person and person.get("birth_date"):
            person["birth_date"] = dt.date.fromisoformat(person["birth_date"])
    progress(0, len(items))
    try:
        created = services.create_nominations_from_list(job.owner, dossier, upload, items)
    except ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from exc
    progress(len(items), len(items))
    return _("Đã tạo %(n)d đề nghị từ danh sách.") % {"n": len(created)}
