"""The one scoping mechanism (DESIGN.md §1): who may see and change which records.

Every model that holds unit-owned data uses `ScopedQuerySet` (or a manager built from it) and says where its
unit is, with `scope_unit_field = "unit"` (a path to a `orgs.Unit`) or its own `scope_q(user)` classmethod.
Pages, exports and API endpoints read through `Model.objects.visible_to(user)` and fetch single objects with
`get_visible_or_404`, so an object outside the user's scope is a 404, never a leak.
"""

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from thidua.core import permissions


def is_province_wide(user) -> bool:
    """Reads the whole province (the roles of `PROVINCE_WIDE_ROLES`, and administrators)."""
    return bool(permissions.is_province_wide(user))


def unit_path_q(user, field: str) -> Q:
    """Records whose unit (at `field`) is the user's unit or below it."""
    unit = getattr(user, "unit", None)
    if unit is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__path__startswith": unit.path})


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_province_wide(user):
            return self
        return self.filter(self.model.scope_q(user))

    def editable_by(self, user):
        if not user or not user.is_authenticated:
            return self.none()
        if not user.has_perm("core.edit_records"):
            return self.none()
        return self.visible_to(user)


class ReadByAllMixin:
    """Mixin for models every signed-in user reads (published plans, launched movements, announced courses and
    congresses); who may change them is the queryset's `editable_by`."""

    @classmethod
    def scope_q(cls, user) -> Q:
        return Q()


class ScopedModelMixin:
    """Mixin for models: default scope is the unit at `scope_unit_field`."""

    scope_unit_field = "unit"

    @classmethod
    def scope_q(cls, user) -> Q:
        return unit_path_q(user, cls.scope_unit_field)


def get_visible_or_404(queryset_or_model, user, **lookup):
    qs = queryset_or_model
    if isinstance(qs, type) and issubclass(qs, models.Model):
        qs = qs._default_manager.all()
    try:
        return qs.visible_to(user).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền xem."))


def get_editable_or_404(queryset_or_model, user, **lookup):
    qs = queryset_or_model
    if isinstance(qs, type) and issubclass(qs, models.Model):
        qs = qs._default_manager.all()
    obj = get_visible_or_404(qs, user, **lookup)
    if not qs.editable_by(user).filter(pk=obj.pk).exists():
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Bạn không có quyền sửa bản ghi này."))
    return obj


def can_edit(user) -> bool:
    """May change records in its scope (`core.edit_records`; an app's permissions narrow it per action)."""
    return bool(user and user.is_authenticated and user.has_perm("core.edit_records"))
