"""pg_trgm GIN indexes on the folded search columns (`search_text`), so `LIKE '%term%'` (what
`search_text__contains` becomes) reads an index instead of scanning the table. PostgreSQL only: on SQLite the
migration does nothing and search keeps working (by a scan, at the sizes SQLite serves).

The extension needs a role allowed to create it (a superuser, or `pg_trgm` created beforehand by the DBA:
`CREATE EXTENSION pg_trgm;`)."""

from django.db import migrations


def trigram_indexes(*targets: tuple[str, str, str]):
    """A migration operation creating (and on reverse dropping) `name` ON `table` USING gin (`column`
    gin_trgm_ops) for each (table, column, name), on PostgreSQL only."""

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, column, name in targets:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for _table, _column, name in targets:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forward, backward, elidable=False)
