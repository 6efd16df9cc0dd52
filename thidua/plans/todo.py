"""Plan work waiting for the signed-in user (home page, core/todo.py): appendix tasks past their due date among
those the user sees (a unit: the tasks it leads or co-ordinates)."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.todo import Item
from thidua.plans.models import PlanTask


def items(user) -> list[Item]:
    today = timezone.localdate()
    row = PlanTask.objects.visible_to(user).overdue(today).aggregate(n=Count("id"), due=Min("due_on"))
    return [Item(_("Nhiệm vụ kế hoạch quá hạn chưa hòan thành"), row["n"], reverse("plans:overdue"), row["due"], True,
                 "bi-calendar-x")]
