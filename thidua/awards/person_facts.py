"""Per-person fact summary (`awards_personfacts`), kept current by database triggers.

One narrow row per person holds, as bit masks over absolute years, everything an individual rule of LAW.md §2
reads from the history: the yearly rating, the years of the prerequisite awards (counting — công trạng — and
not revoked), unused initiatives by scope, discipline years, and the month service started (year × 12 + month − 1,
so that months in service are one subtraction). The eligibility round
(`candidates.eligibility_round`) reads this one table instead of aggregating the award book, ratings,
initiatives and discipline on every round: on a province of 500,000 people and 5 million award records that is
the difference between aggregating ~3 million rows and reading 500,000 narrow ones.

Bit `y - BASE_YEAR` of a mask is the year y. Years before BASE_YEAR fold into bit 0 (they only ever matter as
"some year at or before year-5"); years after LAST_YEAR are not kept, so the round uses the summary only for
years in SUMMARY_YEARS and falls back to aggregating the history otherwise.

Maintenance is in the database, so that every write path keeps it exact — forms, the admin, the legacy import's
bulk inserts, `QuerySet.update()`, decisions conferring awards, raw SQL:
- PostgreSQL: statement-level AFTER triggers with transition tables on the five source tables call
  `thidua_person_facts_refresh(ids)`, which locks the affected summary rows in id order (two transactions
  writing for the same person serialise, and the second recomputes from a snapshot that sees the first), then
  recomputes them set-wise (`INSERT … ON CONFLICT DO UPDATE`) and drops rows of deleted people.
- SQLite (embedded, one writer at a time): row-level triggers recompute the person's row.
`rebuild()` recomputes the whole table (used after loads with triggers suspended, and by
`thidua rebuild_person_facts`). `tests/awards/test_person_facts.py` checks every write path against it.
"""

from __future__ import annotations

from contextlib import contextmanager

BASE_YEAR = 1990
LAST_YEAR = BASE_YEAR + 62  # bit 62: masks stay positive in a signed 64-bit integer
# A round year needs bits year-5 … year inside the kept range and bit 0 (the folded older years) outside its
# windows, so that "a year ≤ year-5" is the only thing the fold can mean.
SUMMARY_YEARS = range(BASE_YEAR + 6, LAST_YEAR + 1)

TABLE = "awards_personfacts"
PERSON = "orgs_person"
AWARD = "awards_award"
AWARD_TYPE = "awards_awardtype"
RATING = "awards_rating"
INITIATIVE = "awards_initiative"
DISCIPLINE = "awards_discipline"

RATING_COLUMNS = (("rating_htxsnv", "HTXSNV"), ("rating_httnv", "HTTNV"), ("rating_htnv", "HTNV"),
                  ("rating_khtnv", "KHTNV"))
AWARD_COLUMNS = (("cstd", "CSTD_CO_SO"), ("cstd_tinh", "CSTD_TINH"), ("bk_tinh", "BK_TINH"), ("bk_ttg", "BK_TTG"),
                 ("hcld3", "HCLD_3"))
INITIATIVE_COLUMNS = ("init_any", "init_two", "init_tinh", "init_tq")
MASK_COLUMNS = (*(c for c, _ in RATING_COLUMNS), *(c for c, _ in AWARD_COLUMNS), *INITIATIVE_COLUMNS, "discipline")
COLUMNS = ("person_id", "joined_month", *MASK_COLUMNS)

COUNTING_TYPE = "cong_trang"  # the same as facts.COUNTING_TYPE (kept here: this module's SQL is frozen in migrations)

# Source tables and the column naming the person; the person table itself reacts to inserts, deletes and
# changes of the start of service only (editing a name or a position, moving people between units in bulk,
# refreshes nothing).
SOURCES = ((RATING, "person_id"), (AWARD, "person_id"), (INITIATIVE, "person_id"), (DISCIPLINE, "person_id"),
           (PERSON, "id"))
WATCHED = {PERSON: "joined_on"}  # table -> the one column whose update matters


def _bit(vendor: str, column: str = "year") -> str:
    one = "CAST(1 AS BIGINT)" if vendor == "postgresql" else "1"
    return (f"(CASE WHEN {column} < {BASE_YEAR} THEN {one} WHEN {column} > {LAST_YEAR} THEN 0 "
            f"ELSE ({one} << ({column} - {BASE_YEAR})) END)")


def _bitor(vendor: str, expr: str) -> str:
    # SQLite has no BIT_OR; each year is its own power of two (or 0), so the sum of distinct values is the mask.
    return f"BIT_OR({expr})" if vendor == "postgresql" else f"SUM(DISTINCT {expr})"


def select_sql(vendor: str, person_filter) -> str:
    """SELECT of summary rows (in COLUMNS order) for the people whose id satisfies `person_filter(column)`."""
    bit = _bit(vendor)
    false = "false" if vendor == "postgresql" else "0"
    a_bit = _bit(vendor, "a.year")

    def when(test: str, value: str) -> str:
        return _bitor(vendor, f"CASE WHEN {test} THEN {value} END")

    ratings = ", ".join(f"{when(f'rating = {value!r}', bit)} AS {col}" for col, value in RATING_COLUMNS)
    awards = ", ".join(f"{when(f't.code = {code!r}', a_bit)} AS {col}" for col, code in AWARD_COLUMNS)
    codes = ", ".join(f"'{code}'" for _, code in AWARD_COLUMNS)
    iy_bit = _bit(vendor, "iy.year")
    masks = ", ".join(f"COALESCE({col}, 0)" for col in MASK_COLUMNS)
    if vendor == "postgresql":
        year, month = "EXTRACT(YEAR FROM p.joined_on)", "EXTRACT(MONTH FROM p.joined_on)"
    else:
        year, month = "strftime('%Y', p.joined_on)", "strftime('%m', p.joined_on)"
    joined = f"CAST({year} AS integer) * 12 + CAST({month} AS integer) - 1"
    return f"""
SELECT p.id, {joined}, {masks}
FROM {PERSON} p
LEFT JOIN (SELECT person_id, {ratings} FROM {RATING}
           WHERE person_id IS NOT NULL AND {person_filter("person_id")} GROUP BY person_id) r
       ON r.person_id = p.id
LEFT JOIN (SELECT a.person_id, {awards}
           FROM {AWARD} a JOIN {AWARD_TYPE} t ON t.id = a.award_type_id
           WHERE a.person_id IS NOT NULL AND {person_filter("a.person_id")} AND a.revoked = {false}
             AND a.commendation_type = '{COUNTING_TYPE}' AND t.code IN ({codes})
           GROUP BY a.person_id) a
       ON a.person_id = p.id
LEFT JOIN (SELECT iy.person_id,
                  {_bitor(vendor, iy_bit)} AS init_any,
                  {_bitor(vendor, f"CASE WHEN iy.n >= 2 THEN {iy_bit} END")} AS init_two,
                  {_bitor(vendor, f"CASE WHEN iy.tinh = 1 THEN {iy_bit} END")} AS init_tinh,
                  {_bitor(vendor, f"CASE WHEN iy.tq = 1 THEN {iy_bit} END")} AS init_tq
           FROM (SELECT person_id, year, COUNT(*) AS n,
                        MAX(CASE WHEN scope IN ('tinh', 'toan_quoc') THEN 1 ELSE 0 END) AS tinh,
                        MAX(CASE WHEN scope = 'toan_quoc' THEN 1 ELSE 0 END) AS tq
                 FROM {INITIATIVE}
                 WHERE person_id IS NOT NULL AND used_by_award_id IS NULL AND {person_filter("person_id")}
                 GROUP BY person_id, year) iy
           GROUP BY iy.person_id) i
       ON i.person_id = p.id
LEFT JOIN (SELECT person_id, {_bitor(vendor, bit)} AS discipline FROM {DISCIPLINE}
           WHERE {person_filter("person_id")} GROUP BY person_id) d
       ON d.person_id = p.id
WHERE {person_filter("p.id")}
"""


def _everyone(column: str) -> str:
    return "1 = 1"


# ------------------------------------------------------------------------------------------------------------
# Triggers

def _postgres_install_sql() -> list[str]:
    in_ids = lambda column: f"{column} IN (SELECT unnest(ids))"  # noqa: E731 - a filter template
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS[1:])
    statements = [
        f"""
CREATE OR REPLACE FUNCTION thidua_person_facts_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  -- Serialise with other transactions refreshing the same people (READ COMMITTED: the statements below then
  -- take a snapshot that sees what those transactions committed).
  PERFORM 1 FROM {TABLE} WHERE person_id IN (SELECT unnest(ids)) ORDER BY person_id FOR UPDATE;
  DELETE FROM {TABLE} s WHERE s.person_id IN (SELECT unnest(ids))
     AND NOT EXISTS (SELECT 1 FROM {PERSON} p WHERE p.id = s.person_id);
  INSERT INTO {TABLE} ({", ".join(COLUMNS)})
  {select_sql("postgresql", in_ids)}
  ON CONFLICT (person_id) DO UPDATE SET {updates};
END
$fn$""",
        """
CREATE OR REPLACE FUNCTION thidua_person_facts_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  ids bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE format('SELECT array_agg(DISTINCT %1$I) FROM new_rows WHERE %1$I IS NOT NULL', TG_ARGV[0]) INTO ids;
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format('SELECT array_agg(DISTINCT %1$I) FROM old_rows WHERE %1$I IS NOT NULL', TG_ARGV[0]) INTO ids;
  ELSIF TG_NARGS > 1 THEN  -- an update of the person table: only rows whose watched column changed
    EXECUTE format('SELECT array_agg(n.%1$I) FROM new_rows n JOIN old_rows o ON o.%1$I = n.%1$I '
                   'WHERE n.%2$I IS DISTINCT FROM o.%2$I', TG_ARGV[0], TG_ARGV[1]) INTO ids;
  ELSE
    EXECUTE format('SELECT array_agg(DISTINCT x) FROM (SELECT %1$I AS x FROM new_rows UNION '
                   'SELECT %1$I FROM old_rows) u WHERE x IS NOT NULL', TG_ARGV[0]) INTO ids;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM thidua_person_facts_refresh(ids);
  END IF;
  RETURN NULL;
END
$fn$""",
    ]
    for table, column in SOURCES:
        for op, referencing in (("INSERT", "NEW TABLE AS new_rows"), ("DELETE", "OLD TABLE AS old_rows"),
                                ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows")):
            name = f"thidua_pf_{table}_{op.lower()}"
            args = f"'{column}'" + (f", '{WATCHED[table]}'" if op == "UPDATE" and table in WATCHED else "")
            statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            statements.append(f"CREATE TRIGGER {name} AFTER {op} ON {table} REFERENCING {referencing} "
                              f"FOR EACH STATEMENT EXECUTE FUNCTION thidua_person_facts_trigger({args})")
    return statements


def _sqlite_install_sql() -> list[str]:
    statements = []
    for table, column in SOURCES:
        for op, subjects in (("INSERT", ("NEW",)), ("DELETE", ("OLD",)), ("UPDATE", ("OLD", "NEW"))):
            name = f"thidua_pf_{table}_{op.lower()}"
            ids = ", ".join(f"{s}.{column}" for s in subjects)
            when = " OR ".join(f"{s}.{column} IS NOT NULL" for s in subjects)
            event = op
            if op == "UPDATE" and table in WATCHED:
                event = f"UPDATE OF {WATCHED[table]}"
                when = f"OLD.{WATCHED[table]} IS NOT NEW.{WATCHED[table]}"
            refresh = select_sql("sqlite", lambda col, ids=ids: f"{col} IN ({ids})")
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
            statements.append(f"""
CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW WHEN {when}
BEGIN
  DELETE FROM {TABLE} WHERE person_id IN ({ids});
  INSERT INTO {TABLE} ({", ".join(COLUMNS)}) {refresh};
END""")
    return statements


def sqlite_insert_triggers() -> list[tuple[str, str]]:
    """(name, CREATE statement) of the SQLite triggers that refresh a person per inserted award or person (a bulk
    insert may drop them in its transaction, refresh set-wise with `refresh_sql`, and create them again)."""
    names = [f"thidua_pf_{table}_insert" for table in (AWARD, PERSON)]
    statements = _sqlite_install_sql()
    return [(name, next(s for s in statements if f"CREATE TRIGGER {name} " in s)) for name in names]


def refresh_sql(vendor: str, people: str) -> list[str]:
    """Statements recomputing the rows of the people whose ids the subquery `people` selects."""
    def in_people(column: str) -> str:
        return f"{column} IN ({people})"

    return [f"DELETE FROM {TABLE} WHERE person_id IN ({people})",
            f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) {select_sql(vendor, in_people)}"]


def _postgres_uninstall_sql() -> list[str]:
    statements = [f"DROP TRIGGER IF EXISTS thidua_pf_{table}_{op} ON {table}"
                  for table, _ in SOURCES for op in ("insert", "delete", "update")]
    return statements + ["DROP FUNCTION IF EXISTS thidua_person_facts_trigger()",
                         "DROP FUNCTION IF EXISTS thidua_person_facts_refresh(bigint[])"]


def _sqlite_uninstall_sql() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS thidua_pf_{table}_{op}" for table, _ in SOURCES
            for op in ("insert", "delete", "update")]


def install(connection) -> None:
    """Create (or replace) the triggers, then fill the table from the history."""
    statements = _postgres_install_sql() if connection.vendor == "postgresql" else _sqlite_install_sql()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    rebuild(connection)


def uninstall(connection) -> None:
    statements = _postgres_uninstall_sql() if connection.vendor == "postgresql" else _sqlite_uninstall_sql()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def rebuild(connection=None) -> int:
    """Recompute every person's row from the history, set-wise. Returns the number of rows."""
    if connection is None:
        from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) {select_sql(connection.vendor, _everyone)}")
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


@contextmanager
def suspended(connection=None, on_rebuild=None):
    """Bulk loads (the benchmark generator): triggers off during the block, one full rebuild after it.

    PostgreSQL only (ALTER TABLE … DISABLE TRIGGER, needs ownership of the tables); on SQLite the row triggers
    keep running during the block and the rebuild finds nothing to change."""
    if connection is None:
        from django.db import connection
    postgres = connection.vendor == "postgresql"

    def switch(action: str) -> None:
        with connection.cursor() as cursor:
            # ALTER TABLE refuses while deferred foreign-key checks are queued in the transaction: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, _ in SOURCES:
                for op in ("insert", "delete", "update"):
                    cursor.execute(f"ALTER TABLE {table} {action} TRIGGER thidua_pf_{table}_{op}")
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
