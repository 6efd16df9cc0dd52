"""Roles of DESIGN.md §1. A user has one role and belongs to one unit."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE_STAFF = "province_staff", _("Cán bộ TĐKT cấp tỉnh (Sở Nội vụ)")
    UNIT_OFFICER = "unit_officer", _("Cán bộ TĐKT đơn vị")
    UNIT_LEADER = "unit_leader", _("Thủ trưởng đơn vị")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng TĐKT")
    COUNCIL_SECRETARY = "council_secretary", _("Thường trực Hội đồng TĐKT")
    GROUP_HEAD = "group_head", _("Trưởng/Phó Cụm, Khối thi đua")
    LEADER = "leader", _("Lãnh đạo UBND tỉnh")


# Roles that see the whole province. Everyone else sees its own unit and the units below it.
PROVINCE_WIDE_ROLES = frozenset({Role.PROVINCE_STAFF, Role.COUNCIL_SECRETARY, Role.COUNCIL_MEMBER, Role.LEADER})
# Roles that may change records (within what they can see).
EDITOR_ROLES = frozenset({Role.PROVINCE_STAFF, Role.UNIT_OFFICER, Role.GROUP_HEAD})
