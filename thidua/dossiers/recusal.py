"""Why a council member recuses from a ballot (conflict of interest), in both languages.

The reason is stored on the `Recusal` in Vietnamese (it goes into the session's minutes, a legal document), whatever
the language of the secretary who opened the ballot; pages show it in their language (`display`)."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext_lazy as _

NOMINEE = "nominee"
RELATIVE = "relative"
SAME_UNIT = "same_unit"
PARENT_UNIT = "parent_unit"
CHILD_UNIT = "child_unit"

REASONS = {
    NOMINEE: _("Là người được đề nghị"),
    RELATIVE: _("Là %(relation)s của người được đề nghị (đã kê khai)"),
    SAME_UNIT: _("Cùng đơn vị với đối tượng được đề nghị"),
    PARENT_UNIT: _("Công tác tại đơn vị cấp trên trực tiếp của đơn vị được đề nghị"),
    CHILD_UNIT: _("Công tác tại đơn vị trực thuộc đơn vị được đề nghị"),
}


def text(code: str, relation: str = "") -> str:
    """The reason in the active language (the relation label already in that language)."""
    message = str(REASONS[code])
    return message % {"relation": relation.lower()} if code == RELATIVE else message


def display(stored: str) -> str:
    """A stored (Vietnamese) reason in the active language; a reason of unknown form is shown as it is."""
    stored = stored or ""
    if (translation.get_language() or "vi").startswith("vi"):
        return stored
    from thidua.dossiers.models import DeclaredRelative

    with translation.override("vi"):
        vietnamese = {str(message): code for code, message in REASONS.items() if code != RELATIVE}
        pattern = re.escape(str(REASONS[RELATIVE])).replace(re.escape("%(relation)s"), "(?P<relation>.+)")
        relations = {str(label).lower(): label for _value, label in DeclaredRelative.Relation.choices}
    if stored in vietnamese:
        return text(vietnamese[stored])
    match = re.fullmatch(pattern, stored)
    if match and match["relation"] in relations:
        return text(RELATIVE, str(relations[match["relation"]]))
    return stored
