"""The person table's update trigger refreshes the fact summary only when the start of service changes
(person_facts.WATCHED): editing names or moving people between units no longer recomputes their summaries."""

from django.db import migrations


def reinstall(apps, schema_editor):
    from thidua.awards import person_facts

    person_facts.install(schema_editor.connection)  # replaces functions and triggers, then rebuilds the table


class Migration(migrations.Migration):
    dependencies = [("awards", "0006_person_facts")]
    operations = [migrations.RunPython(reinstall, migrations.RunPython.noop)]
