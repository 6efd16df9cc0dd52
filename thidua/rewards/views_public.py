"""The public verification page (/xac-minh/<code>, documents) for a code that no certificate carries any more:
the certificate was re-issued (cấp đổi, cấp lại), so the old paper shows "đã thay thế" and is not valid."""

import re

from django.shortcuts import redirect, render

from thidua.rewards.models import IssuedItem

SERIAL = re.compile(r"(\d{4})([A-Z]{1,2})(\d{6})")  # '2026-B-000123' as typed, dashes dropped by normalise_code


def replaced_certificate(request, code):
    items = IssuedItem.objects.select_related("award__award_type", "award__person", "award__unit", "replacement")
    item = items.filter(code=code, status=IssuedItem.Status.REPLACED).first()
    if item is None:
        match = SERIAL.fullmatch(code)
        by_serial = items.filter(serial="-".join(match.groups())).first() if match else None
        if by_serial is None:
            return None
        if by_serial.valid and by_serial.code:  # a valid certificate typed by its serial: its verification page
            return redirect("public:verify", code=by_serial.code)
        if by_serial.status != IssuedItem.Status.REPLACED:
            return None
        item = by_serial
    award = item.award
    replacement = getattr(item, "replacement", None)
    facts = {
        "name": award.recipient_name, "award": award.award_type.name, "year": award.year,
        "decision_number": award.decision_number, "decision_date": award.decision_date,
        "serial": item.serial, "code": item.code,
        "replaced_on": replacement.issued_on if replacement else None,
        "replacement_serial": replacement.serial if replacement else "",
        "reissue": replacement.get_reissue_display() if replacement else "",
    }
    # 410 Gone: the paper existed, it is no longer valid.
    return render(request, "rewards/public/verify_replaced.html", {"f": facts}, status=410)
