"""Moved to `thidua/outreach/permissions.py` (rules permissions asked through `user.has_perm`); kept so that code
importing `access` keeps working."""

from thidua.outreach.permissions import *  # noqa: F403
from thidua.outreach.permissions import PERMISSIONS, can_nominate, can_register_for  # noqa: F401
