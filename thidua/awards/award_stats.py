"""Pre-aggregated award counts (`awards_awardstat`), kept exact by database triggers.

One row per (unit, year, award type, recipient kind, commendation type, revoked, woman, direct worker) holds how
many award records fall in that cell (`n`). The statistics pages, the dashboard, the periodic report and the
statistics API (`reports/selectors.py`) read these few hundred thousand narrow rows instead of joining millions
of awards to their people. "Woman" and "direct worker" are the person's current gender and `direct_worker`
(false for collectives and households), which is what the raw query over the award book reads too.

The same discipline as the per-person summary (`person_facts.py`): maintenance is in the database so that every
write path keeps the counts exact — forms, the admin, the legacy import's bulk inserts, `QuerySet.update()`,
decisions conferring awards, raw SQL:
- PostgreSQL: statement-level AFTER triggers with transition tables. Awards inserted/deleted/updated add or
  subtract their cells' counts (`INSERT … ON CONFLICT DO UPDATE SET n = n + delta`); an update of people's
  gender or `direct_worker` moves their awards between cells. The award triggers first take a share lock on the
  people they read, so a concurrent change of one of those people's gender either waits for them or is waited
  for, and each side then counts what the other committed (READ COMMITTED: each statement a fresh snapshot).
- SQLite (embedded, one writer at a time): row-level triggers doing the same per row.
Cells whose count falls to 0 stay (harmless for sums; `rebuild()` drops them).
`rebuild()` recomputes the table (after loads with the triggers suspended; `thidua rebuild_award_stats`).
`tests/reports/test_award_stats_summary.py` checks every write path against the raw query.
"""

from __future__ import annotations

from contextlib import contextmanager

TABLE = "awards_awardstat"
AWARD = "awards_award"
PERSON = "orgs_person"
KEYS = ("unit_id", "year", "award_type_id", "recipient_kind", "commendation_type", "revoked", "female", "direct")
COLUMNS = (*KEYS, "n")
TRIGGERS = ((AWARD, "insert"), (AWARD, "delete"), (AWARD, "update"), (PERSON, "update"))


def _cells(vendor: str, source: str, person_join: str = "p") -> str:
    """Key columns of award rows `a` from `source` with their person `p` (LEFT JOIN)."""
    false = "false" if vendor == "postgresql" else "0"
    return (f"a.unit_id, a.year, a.award_type_id, a.recipient_kind, a.commendation_type, a.revoked, "
            f"COALESCE({person_join}.gender = 'female', {false}), COALESCE({person_join}.direct_worker, {false})")


def select_sql(vendor: str, source: str = AWARD, sign: str = "") -> str:
    """Cells and counts of the award rows in `source` (a table or transition table)."""
    return (f"SELECT {_cells(vendor, source)}, {sign}COUNT(*) FROM {source} a "
            f"LEFT JOIN {PERSON} p ON p.id = a.person_id GROUP BY {', '.join(f'{i}' for i in range(1, 9))}")


def _upsert(select: str) -> str:
    return (f"INSERT INTO {TABLE} AS s ({', '.join(COLUMNS)}) {select} "
            f"ON CONFLICT ({', '.join(KEYS)}) DO UPDATE SET n = s.n + EXCLUDED.n")


def _postgres_install_sql() -> list[str]:
    lock_new = f"PERFORM 1 FROM {PERSON} WHERE id IN (SELECT person_id FROM new_rows) ORDER BY id FOR SHARE;"
    lock_old = f"PERFORM 1 FROM {PERSON} WHERE id IN (SELECT person_id FROM old_rows) ORDER BY id FOR SHARE;"
    bodies = {
        "insert": f"{lock_new}\n  {_upsert(select_sql('postgresql', 'new_rows'))};",
        "delete": f"{lock_old}\n  {_upsert(select_sql('postgresql', 'old_rows', '-'))};",
        "update": f"{lock_old}\n  {lock_new}\n  {_upsert(select_sql('postgresql', 'old_rows', '-'))};\n"
                  f"  {_upsert(select_sql('postgresql', 'new_rows'))};",
    }
    statements = []
    for op, body in bodies.items():
        statements.append(f"""
CREATE OR REPLACE FUNCTION thidua_award_stats_{op}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  {body}
  RETURN NULL;
END
$fn$""")
    # People whose gender or direct_worker changed: their awards leave the old cells and enter the new ones.
    moved = f"""
CREATE OR REPLACE FUNCTION thidua_award_stats_person() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  {_upsert(f'''SELECT a.unit_id, a.year, a.award_type_id, a.recipient_kind, a.commendation_type, a.revoked,
         x.female, x.direct, SUM(x.delta)
    FROM (SELECT n.id, COALESCE(o.gender = 'female', false) AS female, COALESCE(o.direct_worker, false) AS direct,
                 -1 AS delta
            FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE n.gender IS DISTINCT FROM o.gender OR n.direct_worker IS DISTINCT FROM o.direct_worker
          UNION ALL
          SELECT n.id, COALESCE(n.gender = 'female', false), COALESCE(n.direct_worker, false), 1
            FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE n.gender IS DISTINCT FROM o.gender OR n.direct_worker IS DISTINCT FROM o.direct_worker) x
    JOIN {AWARD} a ON a.person_id = x.id
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8''')};
  RETURN NULL;
END
$fn$"""
    statements.append(moved)
    for table, op in TRIGGERS:
        name = f"thidua_as_{table}_{op}"
        if table == PERSON:
            referencing, function = "OLD TABLE AS old_rows NEW TABLE AS new_rows", "thidua_award_stats_person"
        else:
            referencing = {"insert": "NEW TABLE AS new_rows", "delete": "OLD TABLE AS old_rows",
                           "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}[op]
            function = f"thidua_award_stats_{op}"
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        statements.append(f"CREATE TRIGGER {name} AFTER {op.upper()} ON {table} REFERENCING {referencing} "
                          f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()")
    return statements


def _sqlite_row_cell(row: str) -> list[str]:
    """The cell of the award row `row` (NEW or OLD) as SQL expressions, in KEYS order."""
    def person(expr: str) -> str:
        return f"COALESCE((SELECT {expr} FROM {PERSON} WHERE id = {row}.person_id), 0)"

    return [f"{row}.unit_id", f"{row}.year", f"{row}.award_type_id", f"{row}.recipient_kind",
            f"{row}.commendation_type", f"{row}.revoked", person("gender = 'female'"), person("direct_worker")]


def _sqlite_add(cell: list[str], delta: str) -> list[str]:
    match = " AND ".join(f"{k} = {v}" for k, v in zip(KEYS, cell, strict=True))
    return [f"INSERT OR IGNORE INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({', '.join(cell)}, 0);",
            f"UPDATE {TABLE} SET n = n + ({delta}) WHERE {match};"]


def _sqlite_install_sql() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in ("unit_id", "year", "award_type_id", "recipient_kind",
                                                              "commendation_type", "revoked", "person_id"))
    bodies = {
        "insert": ("", _sqlite_add(_sqlite_row_cell("NEW"), "1")),
        "delete": ("", _sqlite_add(_sqlite_row_cell("OLD"), "-1")),
        "update": (f" WHEN {changed}", _sqlite_add(_sqlite_row_cell("OLD"), "-1") + _sqlite_add(_sqlite_row_cell("NEW"), "1")),
    }
    statements = []
    for op, (when, body) in bodies.items():
        name = f"thidua_as_{AWARD}_{op}"
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(f"CREATE TRIGGER {name} AFTER {op.upper()} ON {AWARD} FOR EACH ROW{when}\nBEGIN\n  "
                          + "\n  ".join(body) + "\nEND")
    # A person's gender or direct_worker changed: move each of their awards' cells.
    same = " AND ".join(f"a.{k} = {TABLE}.{k}" for k in KEYS[:6])
    count = f"(SELECT COUNT(*) FROM {AWARD} a WHERE a.person_id = NEW.id AND {same})"
    old_f, old_d = "COALESCE(OLD.gender = 'female', 0)", "COALESCE(OLD.direct_worker, 0)"
    new_f, new_d = "COALESCE(NEW.gender = 'female', 0)", "COALESCE(NEW.direct_worker, 0)"
    mine = f"(unit_id, year, award_type_id) IN (SELECT unit_id, year, award_type_id FROM {AWARD} WHERE person_id = NEW.id)"
    name = f"thidua_as_{PERSON}_update"
    statements.append(f"DROP TRIGGER IF EXISTS {name}")
    statements.append(f"""
CREATE TRIGGER {name} AFTER UPDATE OF gender, direct_worker ON {PERSON} FOR EACH ROW
WHEN OLD.gender IS NOT NEW.gender OR OLD.direct_worker IS NOT NEW.direct_worker
BEGIN
  INSERT OR IGNORE INTO {TABLE} ({', '.join(COLUMNS)})
    SELECT DISTINCT a.unit_id, a.year, a.award_type_id, a.recipient_kind, a.commendation_type, a.revoked,
           {new_f}, {new_d}, 0 FROM {AWARD} a WHERE a.person_id = NEW.id;
  UPDATE {TABLE} SET n = n - {count} WHERE female = {old_f} AND direct = {old_d} AND {mine};
  UPDATE {TABLE} SET n = n + {count} WHERE female = {new_f} AND direct = {new_d} AND {mine};
END""")
    return statements


def _uninstall_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS thidua_as_{t}_{op} ON {t}" for t, op in TRIGGERS] + [
            f"DROP FUNCTION IF EXISTS thidua_award_stats_{f}()" for f in ("insert", "delete", "update", "person")]
    return [f"DROP TRIGGER IF EXISTS thidua_as_{t}_{op}" for t, op in TRIGGERS]


def install(connection) -> None:
    """Create (or replace) the triggers, then fill the table from the award book."""
    statements = _postgres_install_sql() if connection.vendor == "postgresql" else _sqlite_install_sql()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    rebuild(connection)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for statement in _uninstall_sql(connection.vendor):
            cursor.execute(statement)


def rebuild(connection=None) -> int:
    """Recompute every cell from the award book, set-wise. Returns the number of cells."""
    if connection is None:
        from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) {select_sql(connection.vendor)}")
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


@contextmanager
def suspended(connection=None, on_rebuild=None):
    """Bulk loads: triggers off during the block (PostgreSQL), one full rebuild after it."""
    if connection is None:
        from django.db import connection
    postgres = connection.vendor == "postgresql"

    def switch(action: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, op in TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} {action} TRIGGER thidua_as_{table}_{op}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    if postgres:
        switch("DISABLE")
    try:
        yield
    finally:
        if postgres:
            switch("ENABLE")
        if on_rebuild:
            on_rebuild()
        rebuild(connection)
