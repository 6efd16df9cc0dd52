"""Audit log: `@audited` on a model records every create/update/delete with the changed fields;
`record(...)` records workflow steps, imports and exports. Entries carry the record's unit so that the
audit list is scoped like everything else (a unit officer sees only its own units' entries).

Integrity: the log is append-only (the model and its queryset refuse update/delete; a database trigger refuses
UPDATE/DELETE/TRUNCATE on PostgreSQL and UPDATE/DELETE on SQLite) and hash-chained: each row stores
`row_hash = sha256(prev_hash + canonical content)` and the `prev_hash` of the row before it. Writers take the
chain's head under a lock (PostgreSQL: a transaction-scoped advisory lock; SQLite: IMMEDIATE transactions already
serialise writers), so concurrent transactions cannot fork the chain. `verify()` (`thidua audit verify`) walks the
chain and reports the first broken link. Only `audit_maintenance()` (used by `flush`: tests, restore) may empty it.
"""

import hashlib
import json
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from thidua.core.middleware import get_current_user

_SKIP_FIELDS = {"search_text", "sort_key", "updated_at", "path", "password", "last_login"}


def _value(obj, field):
    value = getattr(obj, field.attname)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def snapshot(obj) -> dict:
    return {f.name: _value(obj, f) for f in obj._meta.concrete_fields if f.name not in _SKIP_FIELDS}


def unit_id_of(obj):
    if hasattr(obj, "audit_unit_id"):
        return obj.audit_unit_id()
    field = getattr(obj, "scope_unit_field", None)
    if field and "__" not in field:
        return getattr(obj, f"{field}_id", None)
    return None


_CHAIN_LOCK = 0x74686964756101  # pg_advisory_xact_lock key of the audit chain's head


def _canonical(value):
    """JSON values as every database returns them (jsonb turns 1e16 into 10000000000000000)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value


def entry_hash(prev_hash: str, *, at, actor_id, actor_name, action, model, object_id, object_repr, unit_id,
               changes, note) -> str:
    content = {"at": at.astimezone(UTC).isoformat(), "actor": actor_id, "actor_name": actor_name, "action": action,
               "model": model, "object_id": object_id, "object_repr": object_repr, "unit": unit_id,
               "changes": _canonical(changes), "note": note}
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


def _hash_fields(entry) -> dict:
    return {"at": entry.at, "actor_id": entry.actor_id, "actor_name": entry.actor_name, "action": entry.action,
            "model": entry.model, "object_id": entry.object_id, "object_repr": entry.object_repr,
            "unit_id": entry.unit_id, "changes": entry.changes, "note": entry.note}


def record(obj, action, *, user=None, changes=None, note="", unit_id=None):
    from django.utils import timezone

    from thidua.core.models import AuditEntry

    user = user or get_current_user()
    entry = AuditEntry(
        at=timezone.now(),
        actor_id=user.pk if user is not None and user.pk else None,
        actor_name=(user.display_name if user is not None and user.pk else "hệ thống"),
        action=action,
        model=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        unit_id=unit_id if unit_id is not None else (unit_id_of(obj) if obj is not None else None),
        changes=json.loads(json.dumps(changes or {}, default=str)),
        note=note,
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        entry.prev_hash = AuditEntry.objects.order_by("-id").values_list("row_hash", flat=True).first() or ""
        entry.row_hash = entry_hash(entry.prev_hash, **_hash_fields(entry))
        entry.save()
    return entry


@dataclass
class Verification:
    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify() -> Verification:
    """Walk the chain in insertion order; the first row whose content or link does not match is reported."""
    from thidua.core.models import AuditEntry

    prev = ""
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev:
            return Verification(checked, entry.pk, "prev_hash")
        if entry.row_hash != entry_hash(prev, **_hash_fields(entry)):
            return Verification(checked, entry.pk, "row_hash")
        prev = entry.row_hash
        checked += 1
    return Verification(checked)


# --- append-only enforcement in the database ------------------------------------------------------------------

_maintenance: ContextVar[bool] = ContextVar("thidua_audit_maintenance", default=False)


def _sqlite_guard() -> int:
    return 0 if _maintenance.get() else 1


def register_sqlite_guard(sender, connection, **kwargs):
    """connection_created: the SQLite triggers call thidua_audit_guard() (1 = refuse). A connection that is not the
    application's (the sqlite3 shell) has no such function, so its UPDATE/DELETE of the log fails as well."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("thidua_audit_guard", 0, _sqlite_guard, deterministic=False)


@contextmanager
def audit_maintenance(conn=None):
    """Let a maintenance operation (flush for tests, restore) empty the audit log."""
    conn = conn or connection
    token = _maintenance.set(True)
    try:
        if conn.vendor == "postgresql":
            with conn.cursor() as cursor:
                cursor.execute("SELECT set_config('thidua.audit_maintenance', 'on', false)")
        yield
    finally:
        _maintenance.reset(token)
        if conn.vendor == "postgresql" and conn.connection is not None:
            with conn.cursor() as cursor:
                cursor.execute("SELECT set_config('thidua.audit_maintenance', 'off', false)")


def install_flush_maintenance():
    """`flush` (test teardown of transactional tests, restore --force) empties every table, the log included."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    original = BaseDatabaseOperations.execute_sql_flush
    if getattr(original, "_thidua", False):
        return

    def execute_sql_flush(self, sql_list):
        with audit_maintenance(self.connection):
            return original(self, sql_list)

    execute_sql_flush._thidua = True
    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush


TRIGGERS = {
    "postgresql": [
        """CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
        BEGIN
          IF current_setting('thidua.audit_maintenance', true) = 'on' THEN
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
          END IF;
          RAISE EXCEPTION USING MESSAGE = 'core_auditentry is append-only: ' || TG_OP || ' refused';
        END $$ LANGUAGE plpgsql""",
        "DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry",
        """CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON core_auditentry
           FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()""",
        "DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry",
        """CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON core_auditentry
           FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_append_only()""",
    ],
    "sqlite": [
        """CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update BEFORE UPDATE ON core_auditentry
           WHEN thidua_audit_guard() BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only: UPDATE refused'); END""",
        """CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete BEFORE DELETE ON core_auditentry
           WHEN thidua_audit_guard() BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only: DELETE refused'); END""",
    ],
}


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._audit_before = None
        return
    try:
        old = sender._default_manager.get(pk=instance.pk)
    except sender.DoesNotExist:
        instance._audit_before = None
    else:
        instance._audit_before = snapshot(old)


def _post_save(sender, instance, created, raw=False, **kwargs):
    if raw or getattr(instance, "_audit_skip", False):
        return
    after = snapshot(instance)
    if created or instance._audit_before is None:
        record(instance, "create", changes={k: [None, v] for k, v in after.items() if v not in (None, "")})
        return
    before = instance._audit_before
    diff = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if diff:
        record(instance, "update", changes=diff)


def _post_delete(sender, instance, **kwargs):
    record(instance, "delete", changes={k: [v, None] for k, v in snapshot(instance).items() if v not in (None, "")})


def audited(model):
    """Class decorator: audit every create/update/delete of this model."""
    pre_save.connect(_pre_save, sender=model, dispatch_uid=f"audit-pre-{model._meta.label}")
    post_save.connect(_post_save, sender=model, dispatch_uid=f"audit-post-{model._meta.label}")
    post_delete.connect(_post_delete, sender=model, dispatch_uid=f"audit-del-{model._meta.label}")
    return model
