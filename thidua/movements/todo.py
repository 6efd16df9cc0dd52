"""Movements work waiting for the signed-in user (home page, core/todo.py): the registrations a unit's leader has to
approve, in one query over what the user can see."""

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.roles import Role
from thidua.core.todo import Item
from thidua.movements.models import Registration


def items(user) -> list[Item]:
    if user.role != Role.UNIT_LEADER:
        return []
    waiting = Registration.objects.visible_to(user).filter(status=Registration.Status.UNIT_REVIEW).count()
    url = f"{reverse('movements:registration_list')}?status={Registration.Status.UNIT_REVIEW}"
    return [Item(_("Bản đăng ký thi đua chờ lãnh đạo đơn vị duyệt"), waiting, url, icon="bi-check2-circle")]
