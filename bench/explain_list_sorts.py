"""EXPLAIN ANALYZE the audit log's sortable columns on PostgreSQL, first page and a deep keyset page (400,000 rows
added to a scratch database: run with DATABASE_URL=postgres://…/scratch PYTHONPATH=. python bench/explain_list_sorts.py)."""
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
django.setup()
from django.db import connection  # noqa: E402

from thidua.core.models import AuditEntry  # noqa: E402
from thidua.core.pagination import _rows_after  # noqa: E402
from thidua.core.views import AUDIT_SORTS  # noqa: E402

with connection.cursor() as cur:
    cur.execute("SET statement_timeout = 0")
    cur.execute("SELECT count(*) FROM core_auditentry")
    n = cur.fetchone()[0]
    if n < 300_000:
        cur.execute("ALTER TABLE core_auditentry DISABLE TRIGGER USER")
        cur.execute("""INSERT INTO core_auditentry (at, actor_name, action, model, object_id, object_repr, changes, note,
                       prev_hash, row_hash)
                       SELECT now() - (g || ' seconds')::interval, 'Người ' || (g % 997), (ARRAY['create','update','delete',
                       'export','login','transition'])[1 + g % 6], 'x', '', '', '{}', '', '', ''
                       FROM generate_series(1, 400000) g""")
        cur.execute("ALTER TABLE core_auditentry ENABLE TRIGGER USER")
        cur.execute("ANALYZE core_auditentry")

qs = AuditEntry.objects.all()
for key, (asc, desc) in AUDIT_SORTS.items():
    for order in (asc, desc):
        first = qs.order_by(*order)[:51]
        print(f"== {key} {order} first page")
        print(first.explain(analyze=True))
        deep = list(qs.order_by(*order)[200_000:200_001])[0]
        values = [getattr(deep, f.lstrip("-")) for f in order]
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            _rows_after(qs.order_by(*order), order, values, 51)
        for q in ctx.captured_queries:
            with connection.cursor() as cur:
                cur.execute("EXPLAIN ANALYZE " + q["sql"])
                print(f"== {key} {order} deep page")
                print("\n".join(r[0] for r in cur.fetchall()))
