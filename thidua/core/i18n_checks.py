"""Checks that the English catalogue can be complete, run by `scripts/po_fill.py --check` and the test suite.

A missing msgid in the catalogue is reported by po_fill; these checks catch what makemessages cannot see:
- a translation evaluated once at import (module- or class-level `gettext(...)`, not `gettext_lazy`): the page then
  shows the language of whoever imported the module first — Vietnamese — in English mode;
- a choice label or a display table whose entry has no English in the JSON dictionaries (`thidua/locale/en/*.json`);
- a criterion code or title of the eligibility engine without an English message (`awards/criteria_display.py`);
- plural forms: a plural msgid given one English form, or a singular msgid given two;
- a template that glues a translated word to a value ("{% translate "ngày" %} {{ day }}"), which cannot be
  reordered or inflected by the translation.

Pure reading of the source tree and the JSON files: no catalogue compilation, about a second."""

from __future__ import annotations

import ast
import glob
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the `thidua` package
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}


def english_mapping(files=None) -> dict:
    mapping = {}
    for f in files or sorted(glob.glob(str(ROOT / "locale" / "en" / "*.json"))):
        mapping.update(json.loads(Path(f).read_text(encoding="utf-8")))
    return mapping


def eager_translations(root: Path = ROOT) -> list[str]:
    """`gettext(...)` (or its alias `_`) called at module or class level: evaluated once, at import."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        eager_names = set()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                eager_names |= {a.asname or a.name for a in node.names if a.name in EAGER}
        if not eager_names:
            continue

        stack = [(node, False) for node in tree.body]
        while stack:
            node, in_function = stack.pop()
            in_function = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if (not in_function and isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in eager_names):
                problems.append(f"{path.relative_to(root.parent)}:{node.lineno}: {node.func.id}(…) runs at import; "
                                "use gettext_lazy")
            stack.extend((child, in_function) for child in ast.iter_child_nodes(node))
    return problems


def _vietnamese(label) -> str:
    from django.utils import translation

    with translation.override("vi"):
        return str(label)


def choice_labels() -> list[tuple[str, object]]:
    """(where, label) of every choices class of the project's models and of the display tables."""
    from django.apps import apps
    from django.db import models

    seen, labels = set(), []

    def walk(cls):
        for sub in cls.__subclasses__():
            walk(sub)
            if sub.__module__.startswith("thidua.") and sub not in seen:
                seen.add(sub)
                labels.extend((f"{sub.__module__}.{sub.__qualname__}", m.label) for m in sub)

    apps.check_apps_ready()
    walk(models.Choices)
    from thidua.awards import criteria_display, law_display
    from thidua.dossiers import recusal

    for name, table in (("law_display.ROUTE_LABELS", law_display.ROUTE_LABELS),
                        ("law_display.RULE_SET_LABELS", law_display.RULE_SET_LABELS),
                        ("criteria_display.UNMET", criteria_display.UNMET),
                        ("recusal.REASONS", recusal.REASONS)):
        labels.extend((f"thidua.awards.{name}" if "recusal" not in name else f"thidua.dossiers.{name}", v)
                      for v in table.values())
    labels.extend(("thidua.awards.criteria_display", v) for v in (criteria_display.JUDGEMENT,
                                                                  criteria_display.MISSING_DATA))
    return labels


def untranslated_choices(mapping: dict) -> list[str]:
    """Choice labels and display-table messages that are not lazy, or have no English in the JSON files."""
    from django.utils.functional import Promise

    problems = []
    for where, label in choice_labels():
        text = _vietnamese(label)
        if not isinstance(label, Promise):
            problems.append(f"{where}: label {text!r} is not wrapped in gettext_lazy")
        elif text not in mapping:
            problems.append(f"{where}: no English for {text!r}")
    return problems


def untranslated_criteria(mapping: dict) -> list[str]:
    """Criterion codes of the engine without an English message; titles without an English title."""
    from thidua.awards import criteria_display
    from thidua.awards.rules import CRITERIA

    problems, titles = [], set(criteria_display.TITLES)
    for (award, kind), criteria in CRITERIA.items():
        for c in criteria:
            if c.code not in criteria_display.UNMET:
                problems.append(f"criterion {c.code} ({award}, {kind}): no message in awards/criteria_display.UNMET")
            if c.title not in titles:
                problems.append(f"criterion {c.code} ({award}, {kind}): title {c.title!r} not in TITLES")
            elif c.title not in mapping:
                problems.append(f"criterion {c.code}: no English for the title {c.title!r}")
    return sorted(set(problems))


def plural_mismatches(entries, mapping: dict) -> list[str]:
    """`entries`: (msgid, is_plural) of the catalogue. A plural needs [singular, plural] in the JSON."""
    problems = []
    for msgid, plural in entries:
        value = mapping.get(msgid)
        if value is None:
            continue
        if plural and not (isinstance(value, list) and len(value) == 2):
            problems.append(f"plural msgid {msgid!r}: give [singular, plural] in the JSON, not {value!r}")
        if not plural and isinstance(value, list):
            problems.append(f"msgid {msgid!r} is not plural in the code, the JSON gives two forms")
    return problems


# A translated lower-case word or two glued to a value: {% translate "ngày" %} {{ day }} / {{ x }} {% translate "và" %}.
_GLUED = re.compile(
    r"""\{%\s*(?:translate|trans)\s+["']([a-zà-ỹđ][a-zà-ỹđ ]{0,15})["']\s*%\}[ \t]*\{\{"""
    r"""|\}\}[ \t]*\{%\s*(?:translate|trans)\s+["']([a-zà-ỹđ][a-zà-ỹđ ]{0,15})["']\s*%\}""")


GLUED_BASELINE = ROOT.parent / "scripts" / "i18n_glued_baseline.txt"


def glued_baseline(path: Path = GLUED_BASELINE) -> dict[tuple[str, str], int]:
    """(template, word) -> count of the gluings known when the check was added (to be fixed, not to grow)."""
    known = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                template, word, count = line.split("\t")
                known[(template, word)] = int(count)
    return known


def glued_templates(root: Path = ROOT, baseline: dict | None = None) -> list[str]:
    """Gluings beyond the baseline (all of them with `baseline={}`)."""
    baseline = glued_baseline() if baseline is None else baseline
    found: dict[tuple[str, str], list[int]] = {}
    for path in sorted(root.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in _GLUED.finditer(text):
            key = (str(path.relative_to(root.parent)), match.group(1) or match.group(2))
            found.setdefault(key, []).append(text.count("\n", 0, match.start()) + 1)
    return [f"{template}:{lines[0]}: {word!r} glued to a value; use {{% blocktranslate %}} with the value inside"
            for (template, word), lines in sorted(found.items()) if len(lines) > baseline.get((template, word), 0)]


def all_problems(entries=None, mapping=None) -> list[str]:
    mapping = english_mapping() if mapping is None else mapping
    problems = eager_translations() + untranslated_choices(mapping) + untranslated_criteria(mapping)
    problems += glued_templates()
    if entries is not None:
        problems += plural_mismatches(entries, mapping)
    return problems
