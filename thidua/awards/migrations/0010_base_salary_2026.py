"""Base salary 2.530.000 đ from 01/7/2026 (Nghị định 161/2026/NĐ-CP Điều 3 khoản 2; LAW-V2.md §F, §H)."""

import datetime as dt

from django.db import migrations


def add(apps, schema_editor):
    BaseSalary = apps.get_model("awards", "BaseSalary")  # noqa: N806
    BaseSalary.objects.get_or_create(
        effective_from=dt.date(2026, 7, 1),
        defaults={"amount": 2_530_000, "legal_basis": "Nghị định 161/2026/NĐ-CP"},
    )


def remove(apps, schema_editor):
    apps.get_model("awards", "BaseSalary").objects.filter(effective_from=dt.date(2026, 7, 1), amount=2_530_000).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0009_award_stats")]
    operations = [migrations.RunPython(add, remove)]
