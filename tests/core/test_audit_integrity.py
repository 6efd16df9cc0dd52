"""The audit log is append-only (the ORM and the database both refuse changes) and hash-chained; `thidua audit
verify` reports the first broken link when someone edits a row behind the application's back."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from thidua.core import audit
from thidua.core.models import AuditEntry, AuditLogIsAppendOnly


def _entries(n, unit):
    return [audit.record(unit, "update", changes={"name": ["A", f"B{i}"], "n": [1.0, 1e16]}, note=f"bước {i}")
            for i in range(n)]


def test_each_entry_links_to_the_previous_one(unit_a):
    entries = _entries(3, unit_a)
    assert entries[1].prev_hash == entries[0].row_hash and entries[2].prev_hash == entries[1].row_hash
    result = audit.verify()
    assert result.ok and result.checked == AuditEntry.objects.count()


def test_orm_refuses_changes(unit_a):
    entry = _entries(1, unit_a)[0]
    entry.note = "sửa"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(note="sửa")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_database_refuses_update_and_delete_in_sql(unit_a):
    entry = _entries(1, unit_a)[0]
    for sql in ("UPDATE core_auditentry SET note = 'sửa' WHERE id = %s", "DELETE FROM core_auditentry WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.note == "bước 0"


def _drop_triggers(cursor):
    if connection.vendor == "postgresql":
        cursor.execute("DROP TRIGGER core_auditentry_append_only ON core_auditentry")
    else:
        cursor.execute("DROP TRIGGER core_auditentry_no_update")
        cursor.execute("DROP TRIGGER core_auditentry_no_delete")


def test_verify_finds_a_row_edited_in_sql(unit_a, capsys):
    entries = _entries(5, unit_a)
    call_command("audit", "verify")
    assert "toàn vẹn" in capsys.readouterr().out
    with connection.cursor() as cursor:  # an attacker with database access, going around the trigger
        _drop_triggers(cursor)
        cursor.execute("UPDATE core_auditentry SET note = 'đã sửa' WHERE id = %s", [entries[2].pk])
    result = audit.verify()
    assert (result.broken_id, result.reason) == (entries[2].pk, "row_hash")
    with pytest.raises(CommandError, match=f"#{entries[2].pk}") as exc:
        call_command("audit", "verify")
    assert exc.value.returncode == 1


def test_verify_finds_a_deleted_row(unit_a):
    entries = _entries(4, unit_a)
    with connection.cursor() as cursor:
        _drop_triggers(cursor)
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entries[1].pk])
    result = audit.verify()
    assert (result.broken_id, result.reason) == (entries[2].pk, "prev_hash")


def test_verify_finds_a_rehashed_row_whose_successor_no_longer_links(unit_a):
    entries = _entries(3, unit_a)
    forged = audit.entry_hash(entries[0].prev_hash, **{**audit._hash_fields(entries[0]), "note": "giả"})
    with connection.cursor() as cursor:
        _drop_triggers(cursor)
        cursor.execute("UPDATE core_auditentry SET note = 'giả', row_hash = %s WHERE id = %s", [forged, entries[0].pk])
    result = audit.verify()
    assert (result.broken_id, result.reason) == (entries[1].pk, "prev_hash")


def test_deleting_a_unit_or_a_user_leaves_history_untouched(unit_a, officer_a):
    from tests.factories import UnitFactory

    unit = UnitFactory(parent=unit_a)
    audit.record(unit, "update", user=officer_a, note="x")
    unit.delete()
    assert audit.verify().ok
