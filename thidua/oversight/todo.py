"""Oversight work waiting for the signed-in user (home page, core/todo.py): petitions whose legal deadline is near
or past (province staff), inspection findings the user's unit must remedy (unit officers)."""

import datetime as dt

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.todo import Item
from thidua.oversight.models import Finding, FindingStatus, Petition, is_province_editor

NEAR_DAYS = 7  # "near its deadline": due within a week (calendar days; the deadlines themselves are working days)


def items(user) -> list[Item]:
    today = timezone.localdate()
    soon = today + dt.timedelta(days=NEAR_DAYS)
    out = []
    if is_province_editor(user):
        row = (Petition.objects.visible_to(user).open().current_due()
               .aggregate(n=Count("id", filter=Q(due_on__lte=soon)), due=Min("due_on"),
                          late=Count("id", filter=Q(due_on__lt=today))))
        out.append(Item(_("Đơn thư sắp hết hạn hoặc quá hạn thụ lý, giải quyết"), row["n"],
                        reverse("oversight:petition_list"), row["due"], bool(row["late"]), "bi-envelope-exclamation"))
    findings = Finding.objects.reportable_by(user).filter(status=FindingStatus.OPEN)
    if not is_province_editor(user):
        row = findings.aggregate(n=Count("id"), due=Min("due_on"), late=Count("id", filter=Q(due_on__lt=today)))
        out.append(Item(_("Tồn tại, kiến nghị sau kiểm tra đơn vị cần khắc phục"), row["n"],
                        reverse("oversight:finding_list"), row["due"], bool(row["late"]), "bi-tools"))
    return out
