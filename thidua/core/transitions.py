"""A status change that two people cannot both win: `UPDATE … WHERE id=… AND status IN (…)`, then the audit log.

Used by the apps whose records move through a few states (registrations, pacts, exemplars, trainings…); the
commendation dossier has its own, richer workflow table (`thidua/dossiers/workflow.py`)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.core.audit import record


def transition_status(model, obj, from_states, to_state, *, user, note="", extra=None):
    """Move `obj` from one of `from_states` to `to_state` (and set `extra` fields) or raise ValidationError when
    someone else changed it first. Returns `obj` updated in memory."""
    extra = extra or {}
    updated = model.objects.filter(pk=obj.pk, status__in=list(from_states)).update(status=to_state, **extra)
    if not updated:
        raise ValidationError(_("Trạng thái của bản ghi đã thay đổi, vui lòng tải lại trang."))
    old = obj.status
    obj.status = to_state
    for k, v in extra.items():
        setattr(obj, k, v)
    record(obj, "transition", user=user, changes={"status": [old, to_state]}, note=note)
    return obj
