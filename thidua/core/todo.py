"""The home page's to-do list: what waits for the signed-in user, with counts and the nearest deadline.

`core` sits under every app, so it does not query them: each app may have `todo.py` with
`items(user) -> list[Item]`, built from the app's own scoped querysets in a fixed, small number of queries.
The home page collects them (like the top bar collects each app's `nav.py`) and shows those with work in them."""

import datetime as dt
import importlib
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings


@dataclass(frozen=True)
class Item:
    label: str  # what waits, in the UI's language ("Hồ sơ chờ tiếp nhận")
    count: int
    url: str  # the filtered list (or the object) where the work is done
    due_on: dt.date | None = None  # the nearest deadline among them, when they have one
    urgent: bool = False  # something is already late
    icon: str = "bi-inbox"


@lru_cache(maxsize=1)
def _providers():
    found = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("thidua."):
            continue
        try:
            module = importlib.import_module(f"{app}.todo")
        except ModuleNotFoundError:
            continue
        if callable(getattr(module, "items", None)):  # core/todo.py itself is the collector, not a provider
            found.append(module.items)
    return tuple(found)


def collect(user) -> list[Item]:
    """Every app's entries for this user that hold work, late ones first, then by nearest deadline."""
    if not user.is_authenticated:
        return []
    items = [item for provider in _providers() for item in provider(user) if item.count]
    return sorted(items, key=lambda i: (not i.urgent, i.due_on or dt.date.max))
