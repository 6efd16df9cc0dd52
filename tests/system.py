"""System programs and libraries some tests need (PDF rendering, DOCX layout checks, browser journeys).

On a developer's machine a test whose program or library is missing is SKIPPED with a message naming the Debian /
Ubuntu package to install. Under CI=true nothing is skipped: the test runs and fails, so CI never passes by skipping
(.ci/run installs every package named here)."""

import ctypes.util
import os
import shutil

import pytest

CI = os.environ.get("CI") == "true"

# what → (how to detect it, Debian/Ubuntu packages)
PACKAGES = {
    "pango": "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-liberation2",
    "libreoffice": "libreoffice-writer-nogui fonts-liberation2",
    "poppler": "poppler-utils",
    "chromium": "chromium",
}


def _missing_programs(*names: str) -> list[str]:
    return [name for name in names if shutil.which(name) is None]


def missing(what: str) -> list[str]:
    if what == "pango":
        return [lib for lib in ("pango-1.0", "pangoft2-1.0", "harfbuzz", "fontconfig")
                if ctypes.util.find_library(lib) is None]
    if what == "libreoffice":
        return [] if shutil.which("soffice") or shutil.which("libreoffice") else ["soffice"]
    if what == "poppler":
        return _missing_programs("pdftotext", "pdfinfo", "pdftoppm")
    if what == "chromium":
        return _missing_programs("/usr/bin/chromium")
    raise ValueError(what)


def available(what: str) -> bool:
    """For optional deeper checks inside a test: always True under CI (a missing tool then fails the test)."""
    return CI or not missing(what)


def needs(*whats: str):
    """Mark a test that cannot run without these (skipped with the package names outside CI)."""
    gaps = {what: missing(what) for what in whats}
    gaps = {what: names for what, names in gaps.items() if names}
    if CI or not gaps:
        return pytest.mark.skipif(False, reason="")  # a mark all the same: usable as `pytestmark = needs(…)`
    packages = " ".join(PACKAGES[what] for what in gaps)
    lacking = ", ".join(name for names in gaps.values() for name in names)
    return pytest.mark.skipif(True, reason=f"missing {lacking}: apt-get install {packages}")
