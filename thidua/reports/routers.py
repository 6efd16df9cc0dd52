"""Reports read from a replica when one is configured (DESIGN.md §3: "Django database router sends reports to
replicas"). Set `DATABASE_REPLICA_URL`; the report views run under `reads_from_replica`, and only their reads go
to `DATABASES["replica"]`. Writes (the audit row of an export) always go to the primary. Without a replica,
nothing changes."""

import contextvars
import functools

from django.conf import settings

REPLICA = "replica"
_reading_reports = contextvars.ContextVar("thidua_reports_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def reads_from_replica(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        token = _reading_reports.set(True)
        try:
            return view(*args, **kwargs)
        finally:
            _reading_reports.reset(token)

    return wrapper


class ReportsReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading_reports.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read there may be linked to one written here.
        if {obj1._state.db, obj2._state.db} <= {"default", REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None
