"""State changes of the "Báo cáo" area: the unit head signs off a statistical report form."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import record


def sign_off_statistics_form(user, result, *, prepared_by_name: str = ""):
    """Record that the unit head signed off `result` (engine.FormResult): who, when, and the cells as they stand.
    Signing again (after corrections) replaces the earlier sign-off of the same form, year and unit."""
    from thidua.reports.models import StatisticsFormSignoff

    if not user.has_perm("reports.sign_off", result.unit):
        raise PermissionDenied(_("Chỉ thủ trưởng đơn vị được ký duyệt biểu mẫu thống kê của đơn vị."))
    with transaction.atomic():
        signoff, created = StatisticsFormSignoff.objects.select_for_update().update_or_create(
            circular=result.circular["circular"], form=result.key, year=result.year, unit=result.unit,
            defaults={"signed_by": user, "signed_by_name": user.display_name, "signed_at": timezone.now(),
                      "prepared_by_name": prepared_by_name.strip()[:150], "cells": result.snapshot()})
        record(signoff, "create" if created else "update", user=user,
               note=_("Ký duyệt biểu số %(form)s năm %(year)s") % {"form": result.form["code"], "year": result.year})
    return signoff
