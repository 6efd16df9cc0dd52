"""The engine is pure Python: importing it must not import Django (DESIGN.md §3)."""

import pathlib
import re
import subprocess
import sys

import thidua.awards.rules as rules_package

RULES_DIR = pathlib.Path(rules_package.__file__).parent


def test_no_django_import_in_source():
    imports = re.compile(r"^\s*(from|import)\s+django\b|import_module\(\s*['\"]django", re.MULTILINE)
    for path in RULES_DIR.glob("*.py"):
        assert not imports.search(path.read_text(encoding="utf-8")), path.name


def test_imports_without_django():
    code = (
        "import sys\n"
        "sys.modules['django'] = None  # any 'import django' now fails\n"
        "from thidua.awards.rules import evaluate\n"
        "v = evaluate({'award': 'LDTT', 'year': 2025, 'ratings': [{'year': 2025, 'rating': 'HTTNV'}]})\n"
        "assert v['eligible'] is True, v\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules if sys.modules[m]), 'django'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
