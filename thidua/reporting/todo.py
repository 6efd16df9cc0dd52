"""Report work waiting for the signed-in user (home page, core/todo.py): reports the user's unit still owes (its
TĐKT officer), reports waiting for the head's approval (unit leader), units late with their report and reports
sent but not yet accepted (province staff)."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.todo import Item
from thidua.reporting.models import EDITABLE, ReportSubmission, SubmissionStatus


def items(user) -> list[Item]:
    today = timezone.localdate()
    url = reverse("reporting:request_list")
    out = []
    if user.has_perm("reporting.manage_requests"):
        row = ReportSubmission.objects.visible_to(user).aggregate(
            late=Count(
                "id",
                filter=Q(
                    status__in=EDITABLE + (SubmissionStatus.AWAITING_UNIT_APPROVAL,),
                    request__due_on__lt=today,
                ),
            ),
            due=Min(
                "request__due_on",
                filter=Q(
                    status__in=EDITABLE + (SubmissionStatus.AWAITING_UNIT_APPROVAL,),
                    request__due_on__lt=today,
                ),
            ),
            review=Count("id", filter=Q(status=SubmissionStatus.SUBMITTED)),
        )
        out.append(Item(_("Đơn vị chậm gửi báo cáo"), row["late"], url, row["due"], True, "bi-alarm"))
        out.append(Item(_("Báo cáo của đơn vị chờ tiếp nhận"), row["review"], url, None, False, "bi-inbox"))
        return out
    owed = (
        ReportSubmission.objects.fillable_by(user)
        .filter(status__in=EDITABLE)
        .aggregate(
            n=Count("id"), due=Min("request__due_on"), late=Count("id", filter=Q(request__due_on__lt=today))
        )
    )
    out.append(
        Item(
            _("Báo cáo đơn vị cần lập, gửi"),
            owed["n"],
            url,
            owed["due"],
            bool(owed["late"]),
            "bi-file-earmark-text",
        )
    )
    waiting = ReportSubmission.objects.approvable_by(user).aggregate(
        n=Count("id"), due=Min("request__due_on"), late=Count("id", filter=Q(request__due_on__lt=today))
    )
    out.append(
        Item(
            _("Báo cáo chờ lãnh đạo đơn vị duyệt"),
            waiting["n"],
            url,
            waiting["due"],
            bool(waiting["late"]),
            "bi-pen",
        )
    )
    return out
