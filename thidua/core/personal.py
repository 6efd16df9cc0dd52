"""Personal data (Decree 13/2023/NĐ-CP on personal data protection): citizen ids and birth dates are shown masked
to everyone except the roles whose work needs them (province TĐKT staff, who appraise dossiers, and
administrators), and every view of them unmasked is recorded in the audit log (who, what, how many records)."""

import datetime as dt
import hashlib

# Keys of audited changes (and of exports) that hold personal data.
PERSONAL_FIELDS = frozenset({"citizen_id", "birth_date"})
MASK = "•"


def may_see_personal_data(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("core.view_personal_data"))


def mask_citizen_id(value) -> str:
    value = str(value or "")
    return MASK * max(len(value) - 3, 0) + value[-3:] if value else ""


def mask_birth_date(value) -> str:
    """Only the year stays visible (ages can still be read): '••/••/1980'."""
    if not value:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{MASK * 2}/{MASK * 2}/{value.year}"
    text = str(value)
    year = text[:4] if text[:4].isdigit() else text[-4:]
    return f"{MASK * 2}/{MASK * 2}/{year}" if year.isdigit() else MASK * 4


def mask_value(field: str, value):
    if value in (None, ""):
        return value
    return mask_citizen_id(value) if field == "citizen_id" else mask_birth_date(value)


def mask_changes(changes: dict) -> dict:
    """An audit entry's `changes` with personal fields masked (both the old and the new value)."""
    if not isinstance(changes, dict) or not PERSONAL_FIELDS.intersection(changes):
        return changes
    out = {}
    for key, pair in changes.items():
        if key in PERSONAL_FIELDS and isinstance(pair, (list, tuple)):
            out[key] = [mask_value(key, v) for v in pair]
        else:
            out[key] = pair
    return out


def record_unmasked_view(user, what: str, *, obj=None, count: int = 1, unit_id=None):
    """One audit entry per unmasked view (a page, an export, an API response): who saw how many records.

    A list read page after page (no `obj`) is recorded once per user and list per
    `THIDUA_PERSONAL_VIEW_WINDOW` seconds (default 600; 0 records every page): the entry says who opened which list
    of personal data and when, without an audited write — the audit chain's lock serialises every writer — on each
    page of a list read by many people at once. A single person's record (`obj`) is recorded every time."""
    from django.conf import settings
    from django.core.cache import cache

    from thidua.core.audit import record

    window = int(getattr(settings, "THIDUA_PERSONAL_VIEW_WINDOW", 600))
    if obj is None and window > 0:
        key = f"thidua:personal-view:{user.pk}:{hashlib.sha256(str(what).encode()).hexdigest()[:16]}"
        if not cache.add(key, 1, timeout=window):
            return
    record(obj, "view_personal", user=user, changes={"records": count}, note=what, unit_id=unit_id)
