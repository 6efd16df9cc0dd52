"""Merging two records of the same person (found by the duplicate report: same name and birth date, or same citizen
id — usually a transfer between units or an imported award book).

Everything that points at the duplicate — awards, ratings, initiatives, discipline, open matters, nominations,
registrations, council seats, exemplars, training, delegations, petitions, the login — moves to the record kept,
whatever app it lives in (found through the model's reverse relations, so a new app is covered without changing
this module). Blank fields of the kept record are filled from the duplicate. Then the duplicate is deleted, all in
one transaction, and the audit log keeps what moved.

Where a uniqueness rule would be broken (both records have a rating for the same year, both registered for the
same movement and period, both attend the same training …) nothing is merged and the officer is told exactly what
to settle first — except identical ratings, which are the same fact recorded twice and are simply dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.orgs.models import Person

# Fields of the kept record that are filled from the duplicate when blank.
FILLABLE = ("birth_date", "citizen_id", "position", "joined_on")
# Rows equal on these fields are the same fact recorded twice: the duplicate's copy is dropped, not a conflict.
SAME_FACT = {"awards.Rating": ("rating",)}


class MergeRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class MergePlan:
    keep: Person
    drop: Person
    moves: list[tuple[str, int]] = field(default_factory=list)  # (what, how many rows move)
    dropped: list[tuple[str, int]] = field(default_factory=list)  # (what, identical rows dropped)
    conflicts: list[str] = field(default_factory=list)
    filled: dict[str, tuple] = field(default_factory=dict)  # field -> (old, new)
    drop_ids: dict[str, set] = field(default_factory=dict, repr=False)  # identical rows to delete, per model label

    @property
    def possible(self) -> bool:
        return not self.conflicts


def _relations():
    """(model, field name, one_to_one) of every relation pointing at Person."""
    for rel in Person._meta.related_objects:
        if rel.many_to_many:
            continue
        yield rel.related_model, rel.field.name, rel.one_to_one


def _unique_sets(model, field_name):
    """(fields, condition) of each uniqueness rule of `model` that includes the person field."""
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if isinstance(constraint, models.UniqueConstraint) and field_name in fields:
            yield tuple(f for f in fields if f != field_name), constraint.condition
    for together in model._meta.unique_together:
        if field_name in together:
            yield tuple(f for f in together if f != field_name), None


def _describe(model, row: dict, others: tuple) -> str:
    parts = []
    for name in others:
        f = model._meta.get_field(name)
        value = row[f.attname]
        if f.is_relation and value is not None:
            value = str(f.related_model._default_manager.filter(pk=value).first() or value)
        parts.append(f"{f.verbose_name}: {value}")
    return ", ".join(parts)


def plan(keep: Person, drop: Person) -> MergePlan:
    result = MergePlan(keep, drop)
    if keep.pk == drop.pk:
        result.conflicts.append(_("Hai hồ sơ là một; chọn hai hồ sơ khác nhau."))
        return result
    for model, name, one_to_one in _relations():
        label = str(model._meta.verbose_name_plural)
        manager = model._default_manager
        moving = manager.filter(**{name: drop})
        if one_to_one:
            if moving.exists() and manager.filter(**{name: keep}).exists():
                result.conflicts.append(_("Cả hai hồ sơ đều gắn với một %(what)s; bỏ liên kết ở một hồ sơ trước.")
                                        % {"what": model._meta.verbose_name})
            elif moving.exists():
                result.moves.append((label, 1))
            continue
        same = set()
        for others, condition in _unique_sets(model, name):
            mine = manager.filter(**{name: drop})
            theirs = manager.filter(**{name: keep})
            if condition is not None:
                mine, theirs = mine.filter(condition), theirs.filter(condition)
            attnames = [model._meta.get_field(f).attname for f in others]
            kept_rows = {tuple(r[a] for a in attnames): r for r in theirs.values("pk", *attnames,
                                                                               *SAME_FACT.get(model._meta.label, ()))}
            for row in mine.values("pk", *attnames, *SAME_FACT.get(model._meta.label, ())):
                key = tuple(row[a] for a in attnames)
                if key not in kept_rows:
                    continue
                facts = SAME_FACT.get(model._meta.label)
                if facts and all(row[f] == kept_rows[key][f] for f in facts):
                    same.add(row["pk"])
                else:
                    result.conflicts.append(
                        _("Cả hai hồ sơ đều có %(what)s trùng (%(detail)s); sửa hoặc xóa một bản trước khi hợp nhất.")
                        % {"what": model._meta.verbose_name, "detail": _describe(model, row, others)})
        count = moving.count()
        if same:
            result.dropped.append((label, len(same)))
            result.drop_ids[model._meta.label] = same
        if count - len(same):
            result.moves.append((label, count - len(same)))
    for name in FILLABLE:
        old, new = getattr(keep, name), getattr(drop, name)
        if not old and new:
            result.filled[name] = (old, new)
    return result


def check_may_merge(user):
    """Merging changes records of the whole province: province TĐKT staff (and administrators) only, not the
    read-only province-wide roles (leader, council). The page, the API and `merge` ask here."""
    if not user.has_perm("orgs.merge_people"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh được hợp nhất hồ sơ cá nhân."))


def merge(user, keep: Person, drop: Person) -> MergePlan:
    """Move everything of `drop` to `keep` and delete `drop` (province TĐKT staff only)."""
    check_may_merge(user)
    with transaction.atomic():
        locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, drop.pk])}
        if len(locked) != 2:
            raise MergeRefused([_("Một trong hai hồ sơ không còn tồn tại (có thể đã được hợp nhất).")])
        keep, drop = locked[keep.pk], locked[drop.pk]
        result = plan(keep, drop)
        if result.conflicts:
            raise MergeRefused(result.conflicts)
        for model, name, _one_to_one in _relations():
            doomed = result.drop_ids.get(model._meta.label)
            if doomed:
                model._default_manager.filter(pk__in=doomed).delete()
            model._default_manager.filter(**{name: drop}).update(**{name: keep})
        for name, (_old, new) in result.filled.items():
            setattr(keep, name, new)
        if result.filled:
            keep.save(update_fields=[*result.filled])
        summary = {
            "merged_person": [f"{drop.full_name} (#{drop.pk}, {drop.unit})", ""],
            **{what: ["", n] for what, n in result.moves},
            **{f"{what} (trùng, đã bỏ)": ["", n] for what, n in result.dropped},
            **{name: [str(old or ""), str(new)] for name, (old, new) in result.filled.items()},
        }
        audit.record(keep, "update", user=user, changes=summary,
                     note=_("Hợp nhất hồ sơ trùng %(name)s (#%(pk)s) vào hồ sơ này.") % {"name": drop.full_name,
                                                                                       "pk": drop.pk})
        drop.delete()
    return result
