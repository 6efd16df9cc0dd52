"""Benchmark: a whole decision's certificates printed on a pre-printed blank as one PDF (goal: 2,000 ≤ 60 s).

Renders N pages (default 2,000) of certificate fields (name, award, unit, decision, signer, QR code) placed in a
blank layout's boxes, exactly as `rewards.blanks.print_pages` does for `thidua print_blanks`: in chunks of 250
pages, joined with pdfunite; once with one process and once with two (`--jobs`). Prints each time and its ratio
to a 50-page baseline measured in the same run (per page), so the numbers mean something on a loaded machine.
Run: `.venv/bin/python bench/bench_blank_printing.py [pages] [--jobs N]`. Exit status 1 over the 60 s budget."""

import os
import random
import sys
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

from thidua.rewards import blanks  # noqa: E402
from thidua.rewards.models import default_boxes  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
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


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 2000
    jobs = int(sys.argv[sys.argv.index("--jobs") + 1]) if "--jobs" in sys.argv else 2
    layout = types.SimpleNamespace(page_width_mm=297, page_height_mm=210, font_family="Liberation Serif",
                                   boxes=default_boxes())
    every = pages(n)
    start = time.perf_counter()
    blanks.print_pages(layout, every[:50])
    per_page = (time.perf_counter() - start) / 50
    print(f"baseline: 50 pages, {per_page * 1000:.1f} ms per page (load average {os.getloadavg()[0]:.1f})")
    worst = 0.0
    for j in sorted({1, jobs}):
        start = time.perf_counter()
        data = blanks.print_pages(layout, every, jobs=j)
        took = time.perf_counter() - start
        worst = took if j == jobs else worst
        print(f"{n} pages, {j} process(es): {took:6.1f} s  {n / took:6.1f} pages/s  {len(data) / 1e6:5.1f} MB  "
              f"ratio to baseline {took / (per_page * n):4.2f}  (load average {os.getloadavg()[0]:.1f})")
    print(f"budget {BUDGET_S:.0f} s with {jobs} process(es): {'OK' if worst <= BUDGET_S else 'OVER'}")
    sys.exit(0 if worst <= BUDGET_S else 1)


if __name__ == "__main__":
    main()
