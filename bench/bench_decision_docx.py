"""Benchmark: a Quyết định with a 2,000-name annex rendered to DOCX (goal: ≤ 3 s).

Prints the median time of the full render (sorting the list in Vietnamese name order, filling the docxtpl
master, zipping the file) and its ratio to rendering the same master with an empty annex in the same run, so the
number means something on any machine. Run: `.venv/bin/python bench/bench_decision_docx.py [names] [repeats]`.
Exit status 1 when the 2,000-name render exceeds the 3 s budget."""

import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thidua.documents.content import Article, DecisionDocument, Header, Issuer, ListEntry, Signer  # noqa: E402
from thidua.documents.rendering import decision_docx  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Xuân"]
GIVEN = ["An", "Anh", "Ánh", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hằng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Nam", "Ngân", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến"]
UNITS = ["Trường THPT Chuyên Hưng Yên", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Bệnh viện Đa khoa tỉnh",
         "UBND xã Tân Hưng", "Công ty Cổ phần May Hưng Yên", "Báo Hưng Yên"]
BK = "Bằng khen của Chủ tịch UBND tỉnh"


def decision(names: int) -> DecisionDocument:
    rnd = random.Random(2025)
    entries = [
        ListEntry(f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}",
                  f"Chuyên viên, {rnd.choice(UNITS)}", award=BK, honorific=rnd.choice(["Ông", "Bà"]))
        for _ in range(names)
    ]
    return DecisionDocument(
        header=Header(Issuer.people_committee("Hưng Yên"), "QĐ", "125/QĐ-UBND", dt.date(2025, 2, 5)),
        abstract="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN",
        bases=["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022", "Theo đề nghị của Giám đốc Sở Nội vụ"],
        articles=[Article("Điều 1.", f"Tặng Bằng khen cho {names} cá nhân (có danh sách kèm theo)."),
                  Article("Điều 2.", "Quyết định có hiệu lực kể từ ngày ký./.")],
        signer=Signer("CHỦ TỊCH", "Trần Quốc Văn", "TM. ỦY BAN NHÂN DÂN"),
        recipients=["Như Điều 2;", "Lưu: VT, NC."],
        entries=entries,
        annex_title="CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH",
    )


def timed(doc, repeats: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        size = len(decision_docx(doc))
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def main() -> int:
    names = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    timed(decision(0), 1)  # warm up: imports, template parsing caches
    empty, empty_size = timed(decision(0), repeats)
    full, full_size = timed(decision(names), repeats)
    budget = 3.0
    print(f"empty template (no annex):      {empty * 1000:8.1f} ms  ({empty_size / 1024:.0f} KiB)")
    print(f"decision + {names:,}-name annex: {full * 1000:8.1f} ms  ({full_size / 1024:.0f} KiB)")
    print(f"ratio full / empty:             {full / empty:8.1f} x")
    print(f"budget {budget:.0f} s: {'OK' if full <= budget else 'EXCEEDED'} (median of {repeats} runs)")
    return 0 if full <= budget else 1


if __name__ == "__main__":
    sys.exit(main())
