"""The public verification page (/xac-minh/<code>, documents) for a code that no certificate carries any more:
the certificate was re-issued (cấp đổi, cấp lại), so the old paper shows "đã thay thế" and is not valid."""

from django.shortcuts import render

from thidua.rewards.models import IssuedItem


def replaced_certificate(request, code):
    item = (IssuedItem.objects.filter(code=code, status=IssuedItem.Status.REPLACED)
            .select_related("award__award_type", "award__person", "award__unit", "replacement").first())
    if item is None:
        return None
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
