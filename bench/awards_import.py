"""Bench: import of a legacy award book of realistic size (issue #3: 100,000 rows in constant memory).

Runs each size in a fresh subprocess against a throw-away SQLite database and prints rows/s and peak memory,
with ratios against the smallest size measured in the same run (memory ratio ≈ 1 means constant memory).
A copy of the file with one bad row in every 10,000 checks that the error report lists exactly those rows and
that nothing is written.

    .venv/bin/python bench/awards_import.py            # 10k, 100k
    .venv/bin/python bench/awards_import.py 2000 20000
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(rows: int, bad_every: int, workdir: str) -> dict:
    os.environ["THIDUA_DATA_DIR"] = workdir
    os.environ["DEBUG"] = "0"  # no query log: measure the import, not DEBUG bookkeeping
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("THIDUA_PROCESS", "command")  # batch work: no web statement timeout
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tests.awards.books import HEADERS, generated_rows, make_batch
    from thidua.awards import importer
    from thidua.awards.models import Award, ImportRow
    from thidua.core.models import User
    from thidua.orgs.models import Unit

    province = Unit.objects.create(code="tinh", name="UBND tỉnh")
    units = [Unit.objects.create(code=f"don-vi-{i}", name=f"Trường THCS số {i}", parent=province) for i in range(40)]
    user = User.objects.create(username="bench", role="province_staff", unit=province)

    def body():
        for i, row in enumerate(generated_rows(rows, [u.name for u in units])):
            if bad_every and i % bad_every == 17:
                row[4] = "năm ngoái"  # unreadable year
            yield [i + 1, *row]

    data = importer.write_book(body(), HEADERS)
    # Baseline: python-calamine reading the same file, every cell of every row, nothing else.
    import io

    from python_calamine import CalamineWorkbook

    t = time.perf_counter()
    read = sum(1 for _ in CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).iter_rows())
    raw_s = time.perf_counter() - t
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    batch = make_batch(province, user, data)
    del data
    t0 = time.perf_counter()
    batch = importer.stage(batch)
    staged = time.perf_counter() - t0
    result = {"rows": rows, "status": batch.status, "errors": batch.error_count, "stage_s": staged,
              "calamine_rows_s": read / raw_s}
    if batch.status == "review":
        t1 = time.perf_counter()
        result["created"] = importer.commit(batch, user=user)
        result["commit_s"] = time.perf_counter() - t1
    else:
        reported = sorted({r[0] for r in importer.error_rows(batch)})
        expected = [i + 2 for i in range(rows) if i % bad_every == 17]
        result["report_ok"] = reported == expected and Award.objects.count() == 0
        result["staged_rows"] = ImportRow.objects.filter(batch=batch).count()
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["before_import_rss_mb"] = base_rss / 1024
    return result


def run(rows: int, bad_every: int = 0) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, __file__, "--child", str(rows), str(bad_every), tmp],
                             check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(sizes: list[int]) -> None:
    results = [run(n) for n in sizes]
    base = results[0]
    print(f"{'rows':>8} {'stage s':>8} {'commit s':>9} {'rows/s':>8} {'calamine':>9} {'share':>6} {'import MB':>10} "
          f"{'× mem':>6} {'× time/row':>10}")
    for r in results:
        total = r["stage_s"] + r.get("commit_s", 0)
        growth = r["peak_rss_mb"] - r["before_import_rss_mb"]
        base_growth = max(base["peak_rss_mb"] - base["before_import_rss_mb"], 1)
        per_row = total / r["rows"] / ((base["stage_s"] + base.get("commit_s", 0)) / base["rows"])
        print(f"{r['rows']:>8} {r['stage_s']:>8.1f} {r.get('commit_s', 0):>9.1f} {r['rows'] / total:>8.0f} "
              f"{r['calamine_rows_s']:>9.0f} {100 * r['rows'] / total / r['calamine_rows_s']:>5.1f}% {growth:>10.1f} {growth / base_growth:>6.2f} {per_row:>10.2f}")
    bad = run(sizes[-1], bad_every=10_000)
    print(f"error report for {bad['rows']} rows with {bad['errors']} bad rows: "
          f"{'correct, nothing written' if bad['report_ok'] else 'WRONG'} ({bad['stage_s']:.1f} s)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])))
    else:
        main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
