# The award statistics cells hold their counts as columns (one row per unit × year × award type × commendation
# type) instead of one row per recipient kind × revoked × woman × direct worker: 4–8× fewer rows to sum.

from django.db import migrations, models


def drop_old_cells(apps, schema_editor):
    from thidua.awards import award_stats

    award_stats.uninstall(schema_editor.connection)
    schema_editor.execute("DELETE FROM awards_awardstat")


def install_triggers(apps, schema_editor):
    # The trigger SQL lives in thidua/awards/award_stats.py; install() replaces the functions and triggers and
    # rebuilds the table from the award book.
    from thidua.awards import award_stats

    award_stats.install(schema_editor.connection)


def uninstall_triggers(apps, schema_editor):
    from thidua.awards import award_stats

    award_stats.uninstall(schema_editor.connection)
    schema_editor.execute("DELETE FROM awards_awardstat")


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0012_import_batch_year'),
    ]

    operations = [
        migrations.RunPython(drop_old_cells, uninstall_triggers),
        migrations.RemoveConstraint(model_name='awardstat', name='award_stat_cell'),
        migrations.RemoveField(model_name='awardstat', name='recipient_kind'),
        migrations.RemoveField(model_name='awardstat', name='female'),
        migrations.RemoveField(model_name='awardstat', name='direct'),
        migrations.RemoveField(model_name='awardstat', name='revoked'),
        migrations.RemoveField(model_name='awardstat', name='n'),
        migrations.AddField(model_name='awardstat', name='total', field=models.IntegerField(default=0)),
        migrations.AddField(model_name='awardstat', name='individual', field=models.IntegerField(default=0)),
        migrations.AddField(model_name='awardstat', name='women', field=models.IntegerField(default=0)),
        migrations.AddField(model_name='awardstat', name='direct', field=models.IntegerField(default=0)),
        migrations.AddField(model_name='awardstat', name='collective', field=models.IntegerField(default=0)),
        migrations.AddField(model_name='awardstat', name='household', field=models.IntegerField(default=0)),
        migrations.AddField(model_name='awardstat', name='revoked', field=models.IntegerField(default=0)),
        migrations.AddConstraint(
            model_name='awardstat',
            constraint=models.UniqueConstraint(fields=('unit', 'year', 'award_type', 'commendation_type'),
                                               name='award_stat_cell'),
        ),
        migrations.RunPython(install_triggers, uninstall_triggers),
    ]
