"""Moved to `thidua/movements/permissions.py` (rules permissions asked through `user.has_perm`); kept so that code
importing `access` keeps working."""

from thidua.movements.permissions import *  # noqa: F403
from thidua.movements.permissions import PERMISSIONS, can_sign_for  # noqa: F401
