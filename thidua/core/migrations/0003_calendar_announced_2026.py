"""Day-offs and make-up days announced by the Government Office that the `holidays` package does not know.

2026: the New Year holiday was extended by swapping Friday 02/01/2026 (day off) with Saturday 10/01/2026 (working
day) — Công văn 12729/VPCP-KGVX ngày 25/12/2025. Administrators add later years' notices on the calendar page;
these rows are data like theirs (editable, removable)."""

import datetime as dt

from django.db import migrations

ANNOUNCED = [
    (dt.date(2026, 1, 2), "day_off", "Nghỉ bù Tết Dương lịch 2026 — Công văn 12729/VPCP-KGVX ngày 25/12/2025"),
    (dt.date(2026, 1, 10), "workday", "Làm bù cho ngày 02/01/2026 — Công văn 12729/VPCP-KGVX ngày 25/12/2025"),
]


def add(apps, schema_editor):
    CalendarOverride = apps.get_model("core", "CalendarOverride")
    for day, kind, note in ANNOUNCED:
        CalendarOverride.objects.get_or_create(day=day, defaults={"kind": kind, "note": note})


def remove(apps, schema_editor):
    CalendarOverride = apps.get_model("core", "CalendarOverride")
    for day, kind, note in ANNOUNCED:
        CalendarOverride.objects.filter(day=day, kind=kind, note=note).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_accounts_security")]
    operations = [migrations.RunPython(add, remove)]
