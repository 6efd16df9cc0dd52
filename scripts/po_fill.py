"""Fill the English catalogue from JSON dictionaries {Vietnamese msgid: English msgstr} and report what is left.

Usage: python scripts/po_fill.py [--check] [translations/*.json]
An entry with a context (pgettext, {% translate "…" context "…" %}) is looked up as "context\u0004msgid" first
(the gettext convention), then as the bare msgid.
Source strings are Vietnamese (the default UI language); `thidua/locale/en` holds the English translation."""

import glob
import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "thidua" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def main(argv):
    check = "--check" in argv
    files = [a for a in argv if a != "--check"] or sorted(glob.glob(str(ROOT / "thidua" / "locale" / "en" / "*.json")))
    mapping = {}
    for f in files:
        mapping.update(json.loads(Path(f).read_text(encoding="utf-8")))
    po = polib.pofile(str(PO))
    po.metadata["Language"] = "en"
    po.metadata_is_fuzzy = False
    for entry in po:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt and f"{entry.msgctxt}\x04{entry.msgid}" in mapping else entry.msgid
        if key in mapping:
            if entry.msgid_plural:
                value = mapping[key]
                entry.msgstr_plural = {0: value[0], 1: value[1]} if isinstance(value, list) else {0: value, 1: value}
            else:
                entry.msgstr = mapping[key]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
    if not check:
        po.save()
        po.save_as_mofile(str(PO.with_suffix(".mo")))
    print(f"{len(po)} strings, {len(missing)} untranslated")
    for m in missing[:50]:
        print("  -", m)
    return 1 if (check and missing) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
