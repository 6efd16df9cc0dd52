"""Six indexes fewer on the award table (issue #10 item 3: a legacy book of 1,000,000 rows maintains every one of
them for every award it adds):
- award_type_id, person_id, unit_id alone: the (award_type, year), (person, year) and (unit, year) indexes start
  with the same column and serve the same look-ups (foreign-key checks, PROTECT, filters);
- search_text (b-tree, and its `varchar_pattern_ops` twin on PostgreSQL): awards are searched with LIKE '%…%',
  which only the trigram index (0008, PostgreSQL) serves;
- sort_key's `varchar_pattern_ops` twin (PostgreSQL): nothing filters by a sort-key prefix; the plain b-tree stays,
  under the same name, now declared in Meta.indexes.
And on the staging table `awards_importrow`, written 1,000,000 rows at a time by the same import: no index on
unit and award type (never looked up by them) and a partial one on person (the matched rows only).
Dropped by name (no table rebuild: on SQLite an altered field remakes the table, which would drop its triggers)."""

import django.db.models.deletion
from django.db import migrations, models

DROPPED = ["awards_award_award_type_id_416635a4", "awards_award_person_id_99035ebe", "awards_award_unit_id_6193fdd4",
           "awards_award_search_text_59be52f9"]
STAGED_DROPPED = [("awards_importrow_award_type_id_000335b6", "award_type_id"),
                  ("awards_importrow_person_id_275967b2", "person_id"), ("awards_importrow_unit_id_f029bb84", "unit_id")]
DROPPED_PG = ["awards_award_search_text_59be52f9_like", "awards_award_sort_key_a4232d81_like"]


def drop(apps, schema_editor):
    names = DROPPED + (DROPPED_PG if schema_editor.connection.vendor == "postgresql" else [])
    for name in names:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for name, _column in STAGED_DROPPED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def restore(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for name, column in zip(DROPPED, ["award_type_id", "person_id", "unit_id", "search_text"], strict=True):
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON awards_award ({column})")
    for name, column in STAGED_DROPPED:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON awards_importrow ({column})")
    if pg:
        schema_editor.execute("CREATE INDEX IF NOT EXISTS awards_award_search_text_59be52f9_like ON awards_award "
                              "(search_text varchar_pattern_ops)")
        schema_editor.execute("CREATE INDEX IF NOT EXISTS awards_award_sort_key_a4232d81_like ON awards_award "
                              "(sort_key varchar_pattern_ops)")


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0016_importrow_batch_index_covered'),
        ('orgs', '0003_search_trigram_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='award',
                    name='award_type',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='awards', to='awards.awardtype', verbose_name='danh hiệu, hình thức'),
                ),
                migrations.AlterField(
                    model_name='award',
                    name='person',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='awards', to='orgs.person', verbose_name='cá nhân'),
                ),
                migrations.AlterField(
                    model_name='award',
                    name='search_text',
                    field=models.CharField(default='', editable=False, max_length=400),
                ),
                migrations.AlterField(
                    model_name='award',
                    name='sort_key',
                    field=models.CharField(default='', editable=False, max_length=1200),
                ),
                migrations.AlterField(
                    model_name='award',
                    name='unit',
                    field=models.ForeignKey(db_index=False, help_text='Tập thể được khen, hoặc đơn vị của cá nhân tại thời điểm khen.', on_delete=django.db.models.deletion.PROTECT, related_name='awards', to='orgs.unit', verbose_name='đơn vị'),
                ),
                migrations.AddIndex(
                    model_name='award',
                    index=models.Index(fields=['sort_key'], name='awards_award_sort_key_a4232d81'),
                ),
                migrations.AlterField(
                    model_name='importrow',
                    name='award_type',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='awards.awardtype'),
                ),
                migrations.AlterField(
                    model_name='importrow',
                    name='person',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.person'),
                ),
                migrations.AlterField(
                    model_name='importrow',
                    name='unit',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.unit'),
                ),
            ],
            database_operations=[migrations.RunPython(drop, restore)],
        ),
        migrations.AddIndex(
            model_name='importrow',
            index=models.Index(condition=models.Q(('person__isnull', False)), fields=['person'], name='importrow_person'),
        ),
    ]
