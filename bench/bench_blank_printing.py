"""Benchmark: a whole decision's certificates printed on a pre-printed blank as one PDF (goal: 2,000 ≤ 60 s).

Renders N pages (default 2,000) of certificate fields (name, award, unit, decision, signer, QR code) placed in a
blank layout's boxes, exactly as `rewards.blanks.pdf` does for `thidua print_blanks` (the direct PDF writer),
and, for comparison in the same run, the first 100 of them through WeasyPrint with the same boxes as absolutely
positioned HTML (the engine of the designed certificates). Prints times, pages per second and the ratio between
the two per page, so the numbers mean something on a loaded machine.
Run: `.venv/bin/python bench/bench_blank_printing.py [pages]`. Exit status 1 over the 60 s budget."""

import os
import random
import sys
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402
import segno  # noqa: E402

django.setup()

from thidua.rewards import blanks  # noqa: E402
from thidua.rewards.models import default_boxes  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hòang", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Xuân"]
GIVEN = ["An", "Anh", "Ánh", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hằng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Nam", "Ngân", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến"]
UNITS = ["Trường THPT Chuyên Hưng Yên", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Bệnh viện Đa khoa tỉnh",
         "UBND xã Tân Hưng", "Công ty Cổ phần May Hưng Yên", "Báo Hưng Yên"]
BUDGET_S = 60.0


def pages(n: int) -> list[blanks.BlankPage]:
    rnd = random.Random(2026)
    return [blanks.BlankPage(
        name=f"{rnd.choice(['Ông', 'Bà'])} {rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}",
        award="Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026",
        unit=f"Chuyên viên, {rnd.choice(UNITS)}",
        decision="Quyết định số 125/QĐ-UBND ngày 15/7/2026",
        signer="Trần Quốc Văn",
        qr_url=f"https://thidua.hungyen.gov.vn/xac-minh/{rnd.getrandbits(80):020X}",
    ) for _ in range(n)]


def weasyprint_pdf(layout, sample) -> bytes:
    """The same boxes as absolutely positioned HTML printed by WeasyPrint (baseline only)."""
    import html

    from weasyprint import HTML

    boxes = blanks.boxes_of(layout)
    css = [f"@page {{ size: {layout.page_width_mm}mm {layout.page_height_mm}mm; margin: 0 }}",
           "body { margin: 0; font-family: 'Liberation Serif' }",
           f".p {{ position: relative; width: {layout.page_width_mm}mm; height: {layout.page_height_mm}mm; "
           "page-break-after: always }", ".f { position: absolute; white-space: nowrap; overflow: hidden }"]
    for k, b in boxes.items():
        css.append(f".{k} {{ left: {b['x']}mm; top: {b['y']}mm; width: {b['w']}mm; height: {b['h']}mm; "
                   f"font-size: {b['size']}pt; text-align: {b['align']} }}")
    body = []
    for p in sample:
        qr = segno.make(p.qr_url, error="m", mask=blanks.QR_MASK).png_data_uri(scale=1, border=0)
        body.append('<div class="p">' + "".join(f'<div class="f {k}">{html.escape(getattr(p, k))}</div>' for k in
                                                ("name", "award", "unit", "decision", "signer"))
                    + f'<div class="f qr"><img src="{qr}" style="width:100%"></div></div>')
    return HTML(string=f"<style>{''.join(css)}</style>{''.join(body)}").write_pdf()


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 2000
    layout = types.SimpleNamespace(page_width_mm=297, page_height_mm=210, font_family="Liberation Serif",
                                   boxes=default_boxes())
    every = pages(n)
    blanks.pdf(layout, every[:5])  # font tables loaded once per process
    start = time.perf_counter()
    data = blanks.pdf(layout, every)
    took = time.perf_counter() - start
    per_page = took / n
    print(f"direct writer: {n} pages {took:6.2f} s  {n / took:7.1f} pages/s  {len(data) / 1e6:5.1f} MB  "
          f"(load average {os.getloadavg()[0]:.1f})")
    sample = every[:100]
    weasyprint_pdf(layout, sample[:2])  # imports and fonts loaded
    start = time.perf_counter()
    weasyprint_pdf(layout, sample)
    wp = (time.perf_counter() - start) / len(sample)
    print(f"WeasyPrint baseline: {len(sample)} pages {wp * 1000:6.1f} ms per page; direct writer "
          f"{per_page * 1000:6.2f} ms per page; ratio {wp / per_page:5.1f} x  (load average {os.getloadavg()[0]:.1f})")
    print(f"budget {BUDGET_S:.0f} s for {n} pages: {'OK' if took <= BUDGET_S else 'OVER'}")
    sys.exit(0 if took <= BUDGET_S else 1)


if __name__ == "__main__":
    main()
