"""Audit log: `@audited` on a model records every create/update/delete with the changed fields;
`record(...)` records workflow steps, imports and exports. Entries carry the record's unit so that the
audit list is scoped like everything else (a unit officer sees only its own units' entries)."""

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


def record(obj, action, *, user=None, changes=None, note="", unit_id=None):
    from thidua.core.models import AuditEntry

    user = user or get_current_user()
    return AuditEntry.objects.create(
        actor=user if user is not None and user.pk else None,
        actor_name=(user.display_name if user is not None and user.pk else "hệ thống"),
        action=action,
        model=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        unit_id=unit_id if unit_id is not None else (unit_id_of(obj) if obj is not None else None),
        changes=changes or {},
        note=note,
    )


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
