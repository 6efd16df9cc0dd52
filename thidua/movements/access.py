"""Moved to `thidua/movements/permissions.py` (rules permissions asked through `user.has_perm`); kept so that code
importing `access` keeps working."""

from thidua.movements.permissions import *  # noqa: F403
from thidua.movements.permissions import (  # noqa: F401
    PERMISSIONS,
    can_approve_registration,
    can_send_for_approval,
    can_sign_for,
    needs_unit_approval,
    unit_has_leader,
)
