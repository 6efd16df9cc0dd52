"""Holds: a pending proceeding (`awards.PendingProceeding`) stops a nomination at every step after submission.

Khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP: no commendation for a person or collective while a discipline review,
investigation, inspection with signs of violation, complaint or denunciation, or a matter reported by the press or
by a consulted body is being verified. A matter opened at any time before the decision holds the nomination at
appraisal, the council ballot, signing and conferral; once it is closed the nomination continues. A matter about a
unit holds that unit's collective nominations (not its members' individual ones).

The services call `refuse_if_held` inside their transaction, so a hold recorded between the page and the click
still stops the step; the pages call `holds_for` to show the reason to each role.
"""

from __future__ import annotations

from django.utils import timezone

from thidua.awards.facts import lineage_map
from thidua.awards.models import PendingProceeding
from thidua.awards.services import hold_message


def holds_for(nominations, on=None) -> dict[int, list[PendingProceeding]]:
    """{nomination id: [open proceedings holding it]} for the given nominations, in one query."""
    nominations = list(nominations)
    on = on or timezone.localdate()
    person_ids = {n.person_id for n in nominations if n.person_id}
    unit_ids = {n.nominee_unit_id for n in nominations if n.nominee_unit_id and not n.person_id}
    # A matter about a unit that merged into the nominee follows it, as its history does (UnitLineage).
    lineage = lineage_map(unit_ids) if unit_ids else {}
    all_unit_ids = set().union(*lineage.values()) if lineage else set()
    by_person, by_unit = {}, {}
    for p in (PendingProceeding.objects.holding(person_ids=person_ids, unit_ids=all_unit_ids, on=on)
              .select_related("person", "unit").order_by("opened_on", "id")):
        if p.person_id:
            by_person.setdefault(p.person_id, []).append(p)
        else:
            by_unit.setdefault(p.unit_id, []).append(p)
    result = {}
    for n in nominations:
        if n.person_id:
            found = by_person.get(n.person_id, [])
        else:
            found = [p for uid in sorted(lineage.get(n.nominee_unit_id, ())) for p in by_unit.get(uid, [])]
        if found:
            result[n.pk] = found
    return result


def hold_reasons(nominations, on=None) -> dict[int, list[str]]:
    """{nomination id: [Vietnamese reasons]}; nominations that are not held are absent."""
    return {pk: [hold_message(p) for p in found] for pk, found in holds_for(nominations, on).items()}


class Held(Exception):
    """A step refused because a nomination is held; `messages` are shown to the user."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


def refuse_if_held(nominations, on=None) -> None:
    reasons = hold_reasons(nominations, on)
    if reasons:
        raise Held([m for msgs in reasons.values() for m in msgs])
