"""Read replicas for the heavy reads: statistics and the big lists (DESIGN.md §3, docs/operations.md).

Set `DATABASE_REPLICA_URL`; views and API operations wrapped in `reads_from_replica` send their reads to
`DATABASES["replica"]`, everything else (and every write, e.g. the audit row of an export) goes to the primary.
Without a replica nothing changes.

Read-your-writes: a replica lags the primary by a moment, so an officer who just saved something and goes back to
the list must see it. Any successful write request stamps the session (`RecentWriteMiddleware`); for
`REPLICA_STICKY_SECONDS` after it (default 15) that user's reads stay on the primary."""

import contextvars
import functools
import time

from django.conf import settings
from django.http import HttpRequest

REPLICA = "replica"
SESSION_KEY = "_thidua_wrote_at"
_reading_replica = contextvars.ContextVar("thidua_reads_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def _wrote_recently(request) -> bool:
    session = getattr(request, "session", None)
    if session is None:
        return False
    wrote_at = session.get(SESSION_KEY)
    return wrote_at is not None and time.time() - wrote_at < getattr(settings, "REPLICA_STICKY_SECONDS", 15)


def reads_from_replica(view):
    """Decorate a view or API operation (its first argument is the request) whose reads may go to the replica."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        request = args[0] if args and isinstance(args[0], HttpRequest) else None
        if request is not None and _wrote_recently(request):
            return view(*args, **kwargs)
        token = _reading_replica.set(True)
        try:
            return view(*args, **kwargs)
        finally:
            _reading_replica.reset(token)

    return wrapper


class RecentWriteMiddleware:
    """Stamp the session after a successful write, so the next reads of that user stay on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400
                and replica_configured() and getattr(request, "session", None) is not None):
            request.session[SESSION_KEY] = time.time()
        return response


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading_replica.get() and replica_configured():
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
