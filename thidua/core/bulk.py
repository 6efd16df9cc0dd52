"""Bulk inserts without the ORM's per-value SQL compilation: `COPY … FROM STDIN` on PostgreSQL, one
`executemany` on SQLite. For the legacy award-book import (≈ 40 % of its time went into `bulk_create`'s
compiler at 100,000 rows). Rows are tuples in the order of the given columns; every other concrete column gets
the model field's default (or now() for auto_now/auto_now_add fields). Nothing here bypasses the database's own
triggers and constraints (the per-person summary and the award statistics stay exact)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection as default_connection
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone


def _adapter(field, connection):
    kind = field.get_internal_type()
    ops = connection.ops
    if kind == "JSONField":
        return lambda v: None if v is None else ("[]" if v == [] else json.dumps(v))
    if connection.vendor == "postgresql":
        return None  # psycopg adapts dates, datetimes, booleans, numbers itself
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "DateTimeField":
        return ops.adapt_datetimefield_value
    if kind == "DecimalField":
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    return None


class TableWriter:
    """Insert rows (tuples of `columns`, attribute names such as 'unit_id') into `model`'s table."""

    def __init__(self, model, columns: list[str], connection=None):
        self.connection = connection or default_connection
        self.model = model
        self.table = model._meta.db_table
        by_name = {}
        for f in model._meta.concrete_fields:
            by_name[f.attname] = f
            by_name[f.name] = f
        self.fields = [by_name[c] for c in columns]
        extra_fields, extra = [], []
        for f in model._meta.concrete_fields:
            if f in self.fields or f.primary_key:
                continue
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                value = timezone.now()
            elif f.default is not NOT_PROVIDED:
                value = f.get_default()
            elif f.null:
                value = None
            else:
                value = "" if f.get_internal_type() in ("CharField", "TextField", "SlugField") else None
            extra_fields.append(f)
            extra.append(value)
        self.all_fields = self.fields + extra_fields
        adapters = [_adapter(f, self.connection) for f in self.all_fields]
        self.adapters = [(i, a) for i, a in enumerate(adapters) if a is not None]
        self.extra = tuple(extra)
        self.columns_sql = ", ".join(self.connection.ops.quote_name(f.column) for f in self.all_fields)

    def _adapt(self, row: tuple) -> tuple:
        full = row + self.extra
        if not self.adapters:
            return full
        out = list(full)
        for i, adapt in self.adapters:
            if out[i] is not None:
                out[i] = adapt(out[i])
        return tuple(out)

    def insert_select_sql(self, select: list[str], tail: str) -> tuple[str, list]:
        """`INSERT INTO table (columns…) SELECT <select>, <defaults> <tail>` for a set-wise copy of rows already in
        the database: `select` gives the SQL of each of `columns` (it may hold %s placeholders, and so may `tail`,
        which starts with FROM); the other columns get their defaults, as parameters returned here to be passed
        after those of `select` and before those of `tail`. PostgreSQL: the defaults are cast to their column
        types (a parameter in a SELECT list has no type of its own)."""
        n = len(self.fields)
        defaults = list(self._adapt((None,) * n)[n:])
        postgres = self.connection.vendor == "postgresql"
        marks = [f"CAST(%s AS {f.db_type(self.connection)})" if postgres else "%s" for f in self.all_fields[n:]]
        sql = f"INSERT INTO {self.table} ({self.columns_sql}) SELECT {', '.join([*select, *marks])} {tail}"
        return sql, defaults

    def insert(self, rows: Iterable[tuple], adapted: bool = False) -> int:
        """`adapted`: the rows' values are already what the database takes (JSON as text; on SQLite dates as ISO
        text too), so only the other columns' defaults are added."""
        count = 0
        extra = self.extra
        adapt = (lambda row: row + extra) if adapted else self._adapt
        with self.connection.cursor() as cur:
            if self.connection.vendor == "postgresql":
                with cur.cursor.copy(f"COPY {self.table} ({self.columns_sql}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(adapt(row))
                        count += 1
            else:
                marks = ", ".join(["%s"] * len(self.all_fields))
                batch = [adapt(row) for row in rows]
                cur.executemany(f"INSERT INTO {self.table} ({self.columns_sql}) VALUES ({marks})", batch)
                count = len(batch)
        return count


def reserve_ids(model, n: int, connection=None) -> list[int]:
    """`n` primary keys for rows about to be inserted with explicit ids. PostgreSQL: taken from the table's
    sequence (safe under concurrency). SQLite: after the largest id ever used — call inside the writing
    transaction (SQLite has one writer at a time; the project opens transactions IMMEDIATE)."""
    if n <= 0:
        return []
    connection = connection or default_connection
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, n])
            return [r[0] for r in cur.fetchall()]
        cur.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {table}")
        top = cur.fetchone()[0]
        cur.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if cur.fetchone():
            cur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            seq = cur.fetchone()
            top = max(top, seq[0] if seq else 0)
        return list(range(top + 1, top + 1 + n))
