"""Load a province's parameter overrides for the eligibility engine from the database (`awards.RuleParameter`).

The engine itself (`thidua.awards.rules`) is pure Python and receives overrides as data. This module is the one
place that reads them. It never fails: without the model, without a database (fresh checkout, no migrations)
or with an invalid row, the engine's defaults apply (invalid rows are logged and skipped)."""

from __future__ import annotations

import logging
import os

from django.apps import apps
from django.db import DatabaseError, connections, router, transaction

from thidua.awards.rules import ParameterError, ParameterOverride, ParamResolver, normalise

logger = logging.getLogger(__name__)


def _database_ready(alias: str) -> bool:
    settings_dict = connections[alias].settings_dict
    if settings_dict["ENGINE"].endswith("sqlite3"):
        name = str(settings_dict.get("NAME") or "")
        # Connecting would create an empty file: a fresh checkout has no database, hence no overrides.
        if name and name != ":memory:" and not name.startswith("file:") and not os.path.exists(name):
            return False
    return True


def load_overrides() -> list[ParameterOverride]:
    """Every valid `RuleParameter` row as a `ParameterOverride` (ordered by effective date)."""
    try:
        model = apps.get_model("awards", "RuleParameter")
    except LookupError:
        return []
    alias = router.db_for_read(model)
    if not _database_ready(alias):
        return []
    queryset = (
        model.objects.using(alias)
        .order_by("effective_from", "pk")
        .values_list("name", "value", "effective_from")
    )
    try:
        if connections[alias].in_atomic_block:
            with transaction.atomic(
                using=alias
            ):  # a savepoint, so a failed query leaves the transaction usable
                rows = list(queryset)
        else:
            rows = list(queryset)
    except DatabaseError as exc:
        logger.info("Không đọc được tham số xét khen thưởng, dùng giá trị mặc định: %s", exc)
        return []
    overrides = []
    for name, value, effective_from in rows:
        try:
            normalise(name, value)
        except ParameterError as exc:
            logger.warning("Bỏ qua tham số %s (áp dụng từ %s): %s", name, effective_from, exc)
            continue
        overrides.append(ParameterOverride(name, value, effective_from))
    return overrides


def load_resolver() -> ParamResolver:
    """A resolver over the stored overrides: `load_resolver().at(received_on)` → parameters in force."""
    return ParamResolver(load_overrides())
