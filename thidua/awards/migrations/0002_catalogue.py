"""Load the award catalogue (titles and forms of Luật TĐKT 2022) and the base salary with effective dates."""

from django.db import migrations


def load(apps, schema_editor):
    from thidua.awards.catalogue import sync

    sync(apps.get_model("awards", "AwardType"), apps.get_model("awards", "BaseSalary"))


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
