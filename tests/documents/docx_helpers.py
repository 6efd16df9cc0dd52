"""Reading generated files back: python-docx for DOCX, LibreOffice + poppler for the rendered page."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx

from tests.system import needs

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice") or "soffice"
needs_libreoffice = needs("libreoffice", "poppler")


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def body_lines(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def to_pdf(data: bytes, workdir: Path, name: str = "doc.docx") -> Path:
    """Convert with LibreOffice headless, using a private profile so parallel test workers don't collide."""
    src = workdir / name
    src.write_bytes(data)
    profile = workdir / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(workdir), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = src.with_suffix(".pdf")
    assert pdf.exists(), "LibreOffice did not produce a PDF"
    return pdf


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def words_on_page(pdf: Path, page: int = 1):
    """[(text, x0, y0, x1, y1)] of one page, in reading order, plus the page size, via `pdftotext -bbox`."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    width, height = map(float, PAGE.search(out).groups())
    words = [(html_unescape(m[4]), float(m[0]), float(m[1]), float(m[2]), float(m[3])) for m in WORD.findall(out)]
    return words, width, height


def html_unescape(s: str) -> str:
    import html

    return html.unescape(s)


def find_phrase(words, phrase: str):
    """Bounding box (x0, y0, x1, y1) of the first run of consecutive words spelling `phrase`."""
    tokens = phrase.split()
    texts = [w[0] for w in words]
    for i in range(len(texts) - len(tokens) + 1):
        if texts[i:i + len(tokens)] == tokens:
            box = words[i:i + len(tokens)]
            return (min(w[1] for w in box), min(w[2] for w in box), max(w[3] for w in box), max(w[4] for w in box))
    raise AssertionError(f"{phrase!r} not found on the page; words: {' '.join(texts)[:600]}")
