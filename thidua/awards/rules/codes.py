"""The award catalogue as the engine sees it: code → (Vietnamese name, nominee kinds).

Read from `thidua.awards.catalogue` (plain Python data, no Django), so a code added to the catalogue is at once
"not specified" for the engine (LAW-V2.md §C.6) instead of unknown. The catalogue's kind `village` (THON_VAN_HOA)
is sent as `collective` (LAW-V2.md §C.3)."""

from __future__ import annotations

from thidua.awards import catalogue as _catalogue

_ENTRIES = _catalogue.ENTRIES


def _kinds(kinds) -> tuple[str, ...]:
    return tuple(dict.fromkeys("collective" if k == "village" else k for k in kinds))


CATALOGUE: dict[str, tuple[str, tuple[str, ...]]] = {
    entry["code"]: (entry["name"], _kinds(entry["subject_kinds"])) for entry in _ENTRIES
}

# Forms of commendation of the past, kept to record award histories only (never conferred now): code → name.
HISTORICAL: dict[str, str] = {entry["code"]: entry["name"] for entry in getattr(_catalogue, "HISTORICAL", ())}
