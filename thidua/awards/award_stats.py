"""Pre-aggregated award counts (`awards_awardstat`), kept exact by database triggers.

One row per cell — unit × year × award type × commendation type — holds the counts the statistics read: awards
not revoked (`total`), of them to individuals, to women, to direct workers, to collectives, to households, and
the revoked ones. Women and direct workers are counted among individual awards not revoked, by the person's
current gender and `direct_worker`: exactly what the raw query over the award book joined to people counts
(`reports.selectors._grouped_from_awards`). The statistics pages, the dashboard, the periodic report and the
statistics API read these ~160,000 narrow rows (a province of 2,000 units, 10 years, 8 award types) instead of
joining 5 million awards to 500,000 people.

The same discipline as the per-person summary (`person_facts.py`): maintenance is in the database so that every
write path keeps the counts exact — forms, the admin, the legacy import's bulk inserts, `QuerySet.update()`,
decisions conferring awards, raw SQL:
- PostgreSQL: statement-level AFTER triggers with transition tables. Awards inserted/deleted/updated add or
  subtract their counts (`INSERT … ON CONFLICT DO UPDATE SET total = total + delta, …`); an update of people's
  gender or `direct_worker` moves their awards between the women / direct-worker counts. The award triggers
  first take a share lock on the people they read, so a concurrent change of one of those people either waits
  for them or is waited for, and each side then counts what the other committed (READ COMMITTED: each statement
  of the trigger function takes a fresh snapshot).
- SQLite (embedded, one writer at a time): row-level triggers doing the same per row.
Cells whose counts fall to 0 stay (harmless for sums; `rebuild()` drops them).
`rebuild()` recomputes the table (after loads with the triggers suspended; `thidua rebuild_award_stats`).
`tests/reports/test_award_stats_summary.py` checks every write path against the raw query.
"""

from __future__ import annotations

from contextlib import contextmanager

TABLE = "awards_awardstat"
AWARD = "awards_award"
PERSON = "orgs_person"
KEYS = ("unit_id", "year", "award_type_id", "commendation_type")
COUNTS = ("total", "individual", "women", "direct", "collective", "household", "revoked")
COLUMNS = (*KEYS, *COUNTS)
TRIGGERS = ((AWARD, "insert"), (AWARD, "delete"), (AWARD, "update"), (PERSON, "update"))


def _flag(vendor: str, test: str) -> str:
    return f"(CASE WHEN {test} THEN 1 ELSE 0 END)"


def _count_exprs(vendor: str, a: str = "a", gender: str = "p.gender", direct: str = "p.direct_worker") -> list[str]:
    """Per award row `a` (its person's `gender` and `direct` as SQL): 0/1 for each of COUNTS."""
    false = "false" if vendor == "postgresql" else "0"
    live = f"{a}.revoked = {false}"
    ind = f"{live} AND {a}.recipient_kind = 'individual'"
    return [_flag(vendor, live), _flag(vendor, ind), _flag(vendor, f"{ind} AND {gender} = 'female'"),
            _flag(vendor, f"{ind} AND {direct}"),
            _flag(vendor, f"{live} AND {a}.recipient_kind = 'collective'"),
            _flag(vendor, f"{live} AND {a}.recipient_kind = 'household'"), _flag(vendor, f"NOT ({live})")]


def select_sql(vendor: str, source: str = AWARD, sign: str = "") -> str:
    """Cells and counts of the award rows in `source` (a table or a transition table), in COLUMNS order."""
    sums = ", ".join(f"{sign}SUM({e})" for e in _count_exprs(vendor))
    return (f"SELECT a.unit_id, a.year, a.award_type_id, a.commendation_type, {sums} FROM {source} a "
            f"LEFT JOIN {PERSON} p ON p.id = a.person_id GROUP BY 1, 2, 3, 4")


def _upsert(select: str) -> str:
    adds = ", ".join(f"{c} = s.{c} + EXCLUDED.{c}" for c in COUNTS)
    return (f"INSERT INTO {TABLE} AS s ({', '.join(COLUMNS)}) {select} "
            f"ON CONFLICT ({', '.join(KEYS)}) DO UPDATE SET {adds}")


def _person_moves_pg() -> str:
    """Awards of people whose gender or direct_worker changed: women / direct counts move by the difference."""
    return _upsert(f"""SELECT a.unit_id, a.year, a.award_type_id, a.commendation_type, 0, 0,
         SUM(x.women), SUM(x.direct), 0, 0, 0
    FROM (SELECT n.id,
                 (CASE WHEN n.gender = 'female' THEN 1 ELSE 0 END) - (CASE WHEN o.gender = 'female' THEN 1 ELSE 0 END)
                   AS women,
                 (CASE WHEN n.direct_worker THEN 1 ELSE 0 END) - (CASE WHEN o.direct_worker THEN 1 ELSE 0 END)
                   AS direct
            FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE n.gender IS DISTINCT FROM o.gender OR n.direct_worker IS DISTINCT FROM o.direct_worker) x
    JOIN {AWARD} a ON a.person_id = x.id AND a.revoked = false AND a.recipient_kind = 'individual'
   GROUP BY 1, 2, 3, 4""")


def _postgres_install_sql() -> list[str]:
    lock_new = f"PERFORM 1 FROM {PERSON} WHERE id IN (SELECT person_id FROM new_rows) ORDER BY id FOR SHARE;"
    lock_old = f"PERFORM 1 FROM {PERSON} WHERE id IN (SELECT person_id FROM old_rows) ORDER BY id FOR SHARE;"
    bodies = {
        "insert": f"{lock_new}\n  {_upsert(select_sql('postgresql', 'new_rows'))};",
        "delete": f"{lock_old}\n  {_upsert(select_sql('postgresql', 'old_rows', '-'))};",
        "update": f"{lock_old}\n  {lock_new}\n  {_upsert(select_sql('postgresql', 'old_rows', '-'))};\n"
                  f"  {_upsert(select_sql('postgresql', 'new_rows'))};",
        "person": f"{_person_moves_pg()};",
    }
    statements = [f"""
CREATE OR REPLACE FUNCTION thidua_award_stats_{op}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  {body}
  RETURN NULL;
END
$fn$""" for op, body in bodies.items()]
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


def _sqlite_add(row: str, sign: str) -> list[str]:
    """Statements adding (sign '+') or subtracting ('-') the award row `row` (NEW/OLD) to its cell."""
    def person(column: str) -> str:
        return f"(SELECT {column} FROM {PERSON} WHERE id = {row}.person_id)"

    exprs = _count_exprs("sqlite", a=row, gender=person("gender"), direct=person("direct_worker"))
    keys = [f"{row}.{k}" for k in KEYS]
    match = " AND ".join(f"{k} = {v}" for k, v in zip(KEYS, keys, strict=True))
    sets = ", ".join(f"{c} = {c} {sign} {e}" for c, e in zip(COUNTS, exprs, strict=True))
    return [f"INSERT OR IGNORE INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({', '.join(keys)}, 0, 0, 0, 0, 0, 0, 0);",
            f"UPDATE {TABLE} SET {sets} WHERE {match};"]


def _sqlite_install_sql() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in ("unit_id", "year", "award_type_id", "recipient_kind",
                                                              "commendation_type", "revoked", "person_id"))
    bodies = {
        "insert": ("", _sqlite_add("NEW", "+")),
        "delete": ("", _sqlite_add("OLD", "-")),
        "update": (f" WHEN {changed}", _sqlite_add("OLD", "-") + _sqlite_add("NEW", "+")),
    }
    statements = []
    for op, (when, body) in bodies.items():
        name = f"thidua_as_{AWARD}_{op}"
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(f"CREATE TRIGGER {name} AFTER {op.upper()} ON {AWARD} FOR EACH ROW{when}\nBEGIN\n  "
                          + "\n  ".join(body) + "\nEND")
    # A person's gender or direct_worker changed: their individual, not revoked awards move between the counts.
    same = " AND ".join(f"a.{k} = {TABLE}.{k}" for k in KEYS)
    mine = (f"SELECT COUNT(*) FROM {AWARD} a WHERE a.person_id = NEW.id AND a.revoked = 0 "
            f"AND a.recipient_kind = 'individual' AND {same}")
    women = "((NEW.gender = 'female') - (OLD.gender = 'female'))"
    direct = "(COALESCE(NEW.direct_worker, 0) - COALESCE(OLD.direct_worker, 0))"
    name = f"thidua_as_{PERSON}_update"
    statements.append(f"DROP TRIGGER IF EXISTS {name}")
    statements.append(f"""
CREATE TRIGGER {name} AFTER UPDATE OF gender, direct_worker ON {PERSON} FOR EACH ROW
WHEN OLD.gender IS NOT NEW.gender OR OLD.direct_worker IS NOT NEW.direct_worker
BEGIN
  UPDATE {TABLE} SET women = women + {women} * ({mine}), direct = direct + {direct} * ({mine})
   WHERE ({', '.join(KEYS)}) IN (SELECT {', '.join(KEYS)} FROM {AWARD} WHERE person_id = NEW.id);
END""")
    return statements


def sqlite_insert_triggers() -> list[tuple[str, str]]:
    """(name, CREATE statement) of the SQLite trigger adding each inserted award to its cell (a bulk insert may
    drop it in its transaction, add its rows set-wise with `add_sql`, and create it again)."""
    name = f"thidua_as_{AWARD}_insert"
    return [(name, next(s for s in _sqlite_install_sql() if f"CREATE TRIGGER {name} " in s))]


def add_sql(vendor: str, source: str) -> str:
    """Add the counts of the award rows of `source` (a table or a parenthesised subquery) to their cells."""
    return _upsert(f"SELECT * FROM ({select_sql(vendor, source)}) c WHERE 1 = 1")  # WHERE: SQLite's upsert grammar


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
