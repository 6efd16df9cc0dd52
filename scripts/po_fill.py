"""Fill the English catalogue from JSON dictionaries {Vietnamese msgid: English msgstr} and report what is left.

Usage: python scripts/po_fill.py [--check] [translations/*.json]
An entry with a context (pgettext, {% translate "…" context "…" %}) is looked up as "context\u0004msgid" first
(the gettext convention), then as the bare msgid.
Source strings are Vietnamese (the default UI language); `thidua/locale/en` holds the English translation.
A plural msgid takes [singular, plural]. `--check` also runs `thidua/core/i18n_checks.py`: translations evaluated at
import, choice labels and display tables (criteria, recusal reasons) without English, engine criterion codes without
an English message, plural forms given one form, translated words glued to values in templates."""

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
        if entry.msgid_plural and f"{entry.msgid}\x00{entry.msgid_plural}" in mapping:
            key = f"{entry.msgid}\x00{entry.msgid_plural}"  # a plural may also be keyed "singular\0plural"
        if key in mapping and bool(entry.msgid_plural) != isinstance(mapping[key], list):
            continue  # one form for a plural, or two for a singular: reported by --check, left untranslated
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
    problems = []
    if check:
        problems = source_problems([(e.msgid, bool(e.msgid_plural)) for e in po if not e.obsolete], mapping)
        print(f"{len(problems)} problems in the sources")
        for p in problems[:50]:
            print("  -", p)
    return 1 if (check and (missing or problems)) else 0


def source_problems(entries, mapping):
    import os

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    django.setup()
    from thidua.core.i18n_checks import all_problems

    return all_problems(entries, mapping)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
