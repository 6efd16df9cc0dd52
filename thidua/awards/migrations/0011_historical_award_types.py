"""Historical awards of legacy award books (Huân/Huy chương Kháng chiến, Chiến thắng, Bằng Tổ quốc ghi công, Giấy
khen of a former district chairman): catalogue entries that are recorded but never conferred."""

from django.db import migrations, models


def _sqlite_triggers_off(apps, schema_editor):
    # SQLite adds the column by rebuilding the table, which its person-fact triggers would break: lift them first.
    if schema_editor.connection.vendor == "sqlite":
        from thidua.awards import person_facts

        person_facts.uninstall(schema_editor.connection)


def _sqlite_triggers_on(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from thidua.awards import person_facts

        person_facts.install(schema_editor.connection)


def load(apps, schema_editor):
    from thidua.awards.catalogue import sync_historical

    sync_historical(apps.get_model("awards", "AwardType"))


def unload(apps, schema_editor):
    from thidua.awards.catalogue import HISTORICAL

    apps.get_model("awards", "AwardType").objects.filter(
        code__in=[e["code"] for e in HISTORICAL], awards__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0010_base_salary_2026")]

    operations = [
        migrations.RunPython(_sqlite_triggers_off, _sqlite_triggers_on),
        migrations.AddField(
            model_name="awardtype",
            name="conferrable",
            field=models.BooleanField(default=True, verbose_name="còn xét tặng"),
        ),
        migrations.RunPython(_sqlite_triggers_on, _sqlite_triggers_off),
        migrations.RunPython(load, unload),
    ]
