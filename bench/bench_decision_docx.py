"""Benchmark: a Quyết định with a 2,000-name annex rendered to DOCX (goal: ≤ 3 s).

Prints the median time of the full render (sorting the list in Vietnamese name order, filling the docxtpl
master, zipping the file) and its ratio to rendering the same master with an empty annex in the same run, so the
number means something on any machine. Then the same through the application's real path: a signed decision
with 2,000 nominations in a scratch SQLite database, `services.decision_document(dossier)` (one query for the
annex) + render — what the download page does. Skip that part with `--no-db`.
Run: `.venv/bin/python bench/bench_decision_docx.py [names] [repeats] [--no-db]`.
Exit status 1 when a 2,000-name render exceeds the 3 s budget."""

import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thidua.documents.content import Article, DecisionDocument, Header, Issuer, ListEntry, Signer  # noqa: E402
from thidua.documents.rendering import decision_docx  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hòang", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
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


def database_path(names: int, repeats: int) -> float:
    """Median seconds of gather + render for a signed decision with `names` nominations, in a scratch database."""
    import datetime as dt
    import os
    import tempfile

    tmp = tempfile.mkdtemp(prefix="bench-docx-")
    os.environ["THIDUA_DATA_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("THIDUA_PROCESS", "command")  # batch work: no web statement timeout
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from thidua.awards.models import AwardType
    from thidua.core.text import fold, person_sort_key
    from thidua.documents import services
    from thidua.dossiers.models import Decision, Dossier, Nomination
    from thidua.orgs.models import Person, Unit

    rnd = random.Random(7)
    province = Unit.objects.create(name="Ủy ban nhân dân tỉnh", code="ubnd", kind="province")
    units = [Unit.objects.create(name=u, code=f"u{i}", parent=province) for i, u in enumerate(UNITS)]
    people = []
    for _ in range(names):
        full = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
        people.append(Person(full_name=full, gender=rnd.choice(["male", "female"]), unit=rnd.choice(units),
                             position="Chuyên viên", search_text=fold(full), sort_key=person_sort_key(full)))
    people = Person.objects.bulk_create(people, batch_size=1000)
    dossier = Dossier.objects.create(unit=units[0], title="Bench", year=2025, state="decided")
    decision = Decision.objects.create(dossier=dossier, issuer="UBND", year=2025, number="125/QĐ-UBND",
                                       signed_on=dt.date(2025, 2, 5), signer_name="Trần Quốc Văn",
                                       signer_title="Chủ tịch", summary="Về việc tặng Bằng khen")
    bk = AwardType.objects.get(code="BK_TINH")
    Nomination.objects.bulk_create(
        [Nomination(dossier=dossier, kind="individual", person=p, award_type=bk, achievement_summary="—",
                    decision=decision, nominee_name=p.full_name, sort_key=p.sort_key) for p in people],
        batch_size=1000,
    )
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        decision_docx(services.decision_document(dossier))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    names = int(args[0]) if args else 2000
    repeats = int(args[1]) if len(args) > 1 else 5
    timed(decision(0), 1)  # warm up: imports, template parsing caches
    empty, empty_size = timed(decision(0), repeats)
    full, full_size = timed(decision(names), repeats)
    budget = 3.0
    print(f"empty template (no annex):      {empty * 1000:8.1f} ms  ({empty_size / 1024:.0f} KiB)")
    print(f"decision + {names:,}-name annex: {full * 1000:8.1f} ms  ({full_size / 1024:.0f} KiB)")
    print(f"ratio full / empty:             {full / empty:8.1f} x")
    worst = full
    if "--no-db" not in sys.argv:
        db = database_path(names, repeats)
        worst = max(worst, db)
        print(f"from the database (gather+render): {db * 1000:6.1f} ms  ratio to empty {db / empty:.1f} x")
    print(f"budget {budget:.0f} s: {'OK' if worst <= budget else 'EXCEEDED'} (median of {repeats} runs)")
    return 0 if worst <= budget else 1


if __name__ == "__main__":
    sys.exit(main())
