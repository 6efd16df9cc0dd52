"""A small PDF writer for printing on pre-printed blanks: a few lines of text at exact millimetre positions and a
QR code per page, nothing else. Layout engines (WeasyPrint) spend ~30–100 ms per page on boxes we do not need;
this writes a 2,000-certificate decision in a few seconds, with the same boxes.

- Fonts: a TrueType font found by fontconfig (Liberation Serif, which has every precomposed Vietnamese letter),
  embedded whole once per file as a CIDFontType2 with Identity-H encoding; a ToUnicode map for the glyphs used,
  so the text can be searched, copied and read back (`pdftotext -bbox`).
- Text: NFC, one line per field, shrunk to fit its box's width, aligned left/center/right, centred vertically.
- QR code: segno's module matrix drawn as filled rectangles (one per horizontal run of dark modules).
"""

from __future__ import annotations

import functools
import subprocess
import unicodedata
import zlib
from dataclasses import dataclass, field

MM = 72 / 25.4  # PDF points per millimetre


@functools.lru_cache(maxsize=8)
def font_file(family: str, bold: bool = False) -> str:
    pattern = f"{family}:bold" if bold else f"{family}:regular"
    try:
        path = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, timeout=30,
                              check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        path = ""
    return path or (f"/usr/share/fonts/truetype/liberation2/LiberationSerif-{'Bold' if bold else 'Regular'}.ttf")


@dataclass
class Font:
    """One embedded TrueType font: glyph ids and advance widths (in 1/1000 em) for the characters used."""

    path: str
    name: str
    data: bytes = b""
    units: int = 1000
    ascent: int = 0
    descent: int = 0
    cap_height: int = 0
    bbox: tuple = (0, 0, 0, 0)
    cmap: dict = field(default_factory=dict)
    advances: dict = field(default_factory=dict)  # gid -> width in 1/1000 em
    used: dict = field(default_factory=dict)  # gid -> character

    @classmethod
    @functools.lru_cache(maxsize=8)
    def load(cls, path: str, name: str) -> Font:
        from fontTools.ttLib import TTFont

        tt = TTFont(path, lazy=True)
        units = tt["head"].unitsPerEm
        order = tt.getGlyphOrder()
        gid_of = {n: i for i, n in enumerate(order)}
        hmtx = tt["hmtx"].metrics
        os2 = tt["OS/2"]
        font = cls(path=path, name=name, units=units)
        with open(path, "rb") as handle:
            font.data = handle.read()
        scale = 1000 / units
        font.ascent = round(tt["hhea"].ascent * scale)
        font.descent = round(tt["hhea"].descent * scale)
        font.cap_height = round(getattr(os2, "sCapHeight", 0) * scale) or font.ascent
        head = tt["head"]
        font.bbox = tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax))
        font.cmap = {cp: gid_of[n] for cp, n in tt.getBestCmap().items()}
        font.advances = {gid_of[n]: round(hmtx[n][0] * scale) for n in order}
        tt.close()
        return font

    def fresh(self) -> Font:
        """A copy with its own record of used glyphs (the tables are shared)."""
        return Font(path=self.path, name=self.name, data=self.data, units=self.units, ascent=self.ascent,
                    descent=self.descent, cap_height=self.cap_height, bbox=self.bbox, cmap=self.cmap,
                    advances=self.advances)

    def encode(self, text: str) -> tuple[str, int]:
        """(hex string of glyph ids, width in 1/1000 em); characters the font lacks are dropped."""
        out, width = [], 0
        for ch in unicodedata.normalize("NFC", text):
            gid = self.cmap.get(ord(ch))
            if gid is None:
                continue
            self.used.setdefault(gid, ch)
            out.append(f"{gid:04X}")
            width += self.advances.get(gid, 0)
        return "".join(out), width


def _escape_name(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name)


class Writer:
    def __init__(self):
        self.objects: list[bytes | None] = [None]  # object 0 is the free head

    def reserve(self) -> int:
        self.objects.append(None)
        return len(self.objects) - 1

    def put(self, num: int, body: bytes) -> int:
        self.objects[num] = body
        return num

    def add(self, body: bytes) -> int:
        return self.put(self.reserve(), body)

    def stream(self, data: bytes, extra: str = "", compress: bool = True) -> int:
        if compress:
            data = zlib.compress(data, 6)
            extra += " /Filter /FlateDecode"
        return self.add(f"<< /Length {len(data)}{extra} >>\nstream\n".encode() + data + b"\nendstream")

    def output(self, root: int) -> bytes:
        chunks, offsets, pos = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"], [], 0
        pos = len(chunks[0])
        for num in range(1, len(self.objects)):
            offsets.append(pos)
            chunk = f"{num} 0 obj\n".encode() + self.objects[num] + b"\nendobj\n"
            chunks.append(chunk)
            pos += len(chunk)
        xref = [f"xref\n0 {len(self.objects)}\n", "0000000000 65535 f \n"]
        xref += [f"{off:010d} 00000 n \n" for off in offsets]
        chunks.append("".join(xref).encode())
        chunks.append(f"trailer\n<< /Size {len(self.objects)} /Root {root} 0 R >>\nstartxref\n{pos}\n%%EOF\n".encode())
        return b"".join(chunks)


def _font_objects(writer: Writer, font: Font, into: int) -> int:
    """Write `font` as object `into` (a Type0 font) and its parts; call after every page is written: it lists
    the glyphs used."""
    file_obj = writer.stream(font.data, f" /Length1 {len(font.data)}")
    base = _escape_name(font.name)
    descriptor = writer.add(
        f"<< /Type /FontDescriptor /FontName /{base} /Flags 34 /FontBBox [{' '.join(map(str, font.bbox))}] "
        f"/ItalicAngle 0 /Ascent {font.ascent} /Descent {font.descent} /CapHeight {font.cap_height} /StemV 80 "
        f"/FontFile2 {file_obj} 0 R >>".encode())
    gids = sorted(font.used)
    widths = " ".join(f"{g} [{font.advances.get(g, 0)}]" for g in gids)
    cid_font = writer.add(
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{base} /CIDSystemInfo << /Registry (Adobe) "
        f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /DW 1000 /W [{widths}] "
        f"/CIDToGIDMap /Identity >>".encode())
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    for start in range(0, len(gids), 100):
        part = gids[start:start + 100]
        lines.append(f"{len(part)} beginbfchar")
        for g in part:
            utf16 = font.used[g].encode("utf-16-be").hex().upper()
            lines.append(f"<{g:04X}> <{utf16}>")
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    to_unicode = writer.stream("\n".join(lines).encode())
    return writer.put(into,
        f"<< /Type /Font /Subtype /Type0 /BaseFont /{base} /Encoding /Identity-H "
        f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>".encode())


@dataclass
class Text:
    text: str
    box: dict  # x, y, w, h in mm from the top-left corner; size in pt; align
    bold: bool = False


def _text_ops(item: Text, font: Font, page_h: float) -> str:
    box = item.box
    hex_text, width = font.encode(item.text)
    if not hex_text:
        return ""
    size = float(box["size"]) or 12.0
    box_w, box_h = float(box["w"]) * MM, float(box["h"]) * MM
    if width * size / 1000 > box_w > 0:  # too long for its box: smaller type, never outside the box
        size = box_w * 1000 / width
    line_w = width * size / 1000
    x = float(box["x"]) * MM
    if box.get("align") == "center":
        x += (box_w - line_w) / 2
    elif box.get("align") == "right":
        x += box_w - line_w
    # Baseline: the line (ascent..descent) centred in the box; PDF y grows upwards from the bottom.
    line_h = (font.ascent - font.descent) * size / 1000
    top = float(box["y"]) * MM + max(0.0, (box_h - line_h) / 2)
    baseline = page_h - top - font.ascent * size / 1000
    return f"BT /F{'2' if item.bold else '1'} {size:.2f} Tf {x:.2f} {baseline:.2f} Td <{hex_text}> Tj ET\n"


def _qr_ops(url: str, box: dict, page_h: float, mask: int) -> str:
    import segno

    qr = segno.make(url, error="m", mask=mask)
    matrix = qr.matrix
    n = len(matrix)
    side = min(float(box["w"]), float(box["h"])) * MM
    cell = side / n
    x0, top = float(box["x"]) * MM, page_h - float(box["y"]) * MM
    ops = ["0 g"]
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                ops.append(f"{x0 + start * cell:.2f} {top - (r + 1) * cell:.2f} {(c - start) * cell:.2f} {cell:.2f} re")
            else:
                c += 1
    ops.append("f")
    return "\n".join(ops) + "\n"


def write(pages: list[list], *, width_mm: float, height_mm: float, family: str = "Liberation Serif",
          qr_mask: int = 4) -> bytes:
    """`pages`: for each page a list of `Text` and ("qr", url, box) items. Returns the PDF."""
    regular = Font.load(font_file(family), family.replace(" ", "") + "-Regular").fresh()
    bold = Font.load(font_file(family, bold=True), family.replace(" ", "") + "-Bold").fresh()
    page_w, page_h = width_mm * MM, height_mm * MM
    writer = Writer()
    root, pages_obj = writer.reserve(), writer.reserve()
    font_regular_ref, font_bold_ref = writer.reserve(), writer.reserve()
    resources = f"<< /Font << /F1 {font_regular_ref} 0 R /F2 {font_bold_ref} 0 R >> >>"
    kids = []
    for items in pages:
        ops = []
        for item in items:
            if isinstance(item, Text):
                ops.append(_text_ops(item, bold if item.bold else regular, page_h))
            elif item and item[0] == "qr" and item[1]:
                ops.append(_qr_ops(item[1], item[2], page_h, qr_mask))
        content = writer.stream("".join(ops).encode("ascii"))
        kids.append(writer.add(
            f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {page_w:.2f} {page_h:.2f}] "
            f"/Resources {resources} /Contents {content} 0 R >>".encode()))
    _font_objects(writer, regular, font_regular_ref)
    _font_objects(writer, bold, font_bold_ref)
    writer.put(pages_obj, f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode())
    writer.put(root, f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode())
    return writer.output(root)
