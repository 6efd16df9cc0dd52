"""Bench: import of a legacy award book (issue #3: 100,000 rows in constant memory; issue #10 item 3: the import
at ≥ 50 % of python-calamine's raw read speed of the same file, peak ≤ 200 MB).

For each size, three fresh processes, one after the other in the same run:
1. the book is generated once (openpyxl write-only, cached in the temporary directory);
2. python-calamine reads it, every cell of every row, nothing else: rows/s and peak RSS (the yardstick);
3. the import: preview (`importer.stage`: read, check, match, stage) then commit (`importer.commit`), on a
   throw-away database (SQLite by default; `--database-url postgres://…/NAME` drops and creates NAME), with its
   rows/s, its share of calamine's speed and its peak RSS.
The load average (`/proc/loadavg`) is printed before and after: the machine is shared, so read the share, which
compares two measurements made minutes apart, rather than absolute times. `--errors` adds a run of the largest
size with one bad row in every 10,000: the error report must list exactly those rows and nothing is written.

    .venv/bin/python bench/awards_import.py                      # 100,000 rows, SQLite
    .venv/bin/python bench/awards_import.py 100000 1000000 --errors
    .venv/bin/python bench/awards_import.py 100000 --database-url postgres://postgres@127.0.0.1:5432/bench_import
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNITS = 40


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576


def generate(rows: int, bad_every: int, path: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django
    import openpyxl

    django.setup()  # (the generator lives with the tests' book helpers; no database is opened)
    from tests.awards.books import HEADERS, generated_rows

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Sổ khen thưởng")
    ws.append(HEADERS)
    for i, row in enumerate(generated_rows(rows, [f"Trường THCS số {u}" for u in range(UNITS)])):
        if bad_every and i % bad_every == 17:
            row[4] = "năm ngoái"  # unreadable year
        ws.append([i + 1, *row])
    wb.save(path)


def raw_read(path: str) -> dict:
    from python_calamine import CalamineWorkbook

    t = time.perf_counter()
    with open(path, "rb") as fh:
        n = sum(1 for _ in CalamineWorkbook.from_filelike(fh).get_sheet_by_index(0).iter_rows())
    return {"rows": n - 1, "seconds": time.perf_counter() - t, "peak_mb": peak_mb()}


def import_child(path: str, rows: int, bad_every: int, workdir: str, database_url: str) -> dict:
    os.environ["THIDUA_DATA_DIR"] = workdir
    os.environ["DEBUG"] = "0"  # no query log: measure the import, not DEBUG bookkeeping
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("THIDUA_PROCESS", "command")  # batch work: no web statement timeout
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # the upload check refuses sheets above 5 million cells by default (calamine's grid); a 1,000,000-row book of
    # seven columns is 7 million
    settings.THIDUA_IMPORT_MAX_CELLS = max(getattr(settings, "THIDUA_IMPORT_MAX_CELLS", 0), 12 * rows)
    # and anything whose members expand above 300 MB: this generator's sheet XML is ≈ 460 bytes a row
    settings.THIDUA_ARCHIVE_MAX_BYTES = max(getattr(settings, "THIDUA_ARCHIVE_MAX_BYTES", 0), 1000 * rows)
    call_command("migrate", verbosity=0)
    from django.db import connection

    from tests.awards.books import make_batch
    from thidua.awards import importer
    from thidua.awards.models import Award, ImportRow
    from thidua.core.models import User
    from thidua.orgs.models import Person, Unit

    province = Unit.objects.create(code="tinh", name="UBND tỉnh")
    for i in range(UNITS):
        Unit.objects.create(code=f"don-vi-{i}", name=f"Trường THCS số {i}", parent=province)
    user = User.objects.create(username="bench", role="province_staff", unit=province)
    data = Path(path).read_bytes()
    batch = make_batch(province, user, data)
    del data
    before = rss_mb()  # Django, the migrated schema, the file's bytes freed: what the import adds is on top
    t0 = time.perf_counter()
    batch = importer.stage(batch)
    staged = time.perf_counter() - t0
    result = {"rows": rows, "status": batch.status, "errors": batch.error_count, "stage_s": staged,
              "vendor": connection.vendor, "before_mb": before}
    if batch.status == "review":
        t1 = time.perf_counter()
        result["created"] = importer.commit(batch, user=user)
        result["commit_s"] = time.perf_counter() - t1
        result["people"] = Person.objects.count()
    elif not bad_every:
        raise SystemExit(f"import refused: {batch.status} {batch.message}")
    else:
        reported = sorted({r[0] for r in importer.error_rows(batch)})
        expected = [i + 2 for i in range(rows) if i % bad_every == 17]
        result["report_ok"] = reported == expected and Award.objects.count() == 0
        result["staged_rows"] = ImportRow.objects.filter(batch=batch).count()
    result["peak_mb"] = peak_mb()
    return result


def child(args: list[str]) -> None:
    kind = args[0]
    if kind == "generate":
        generate(int(args[1]), int(args[2]), args[3])
        print(json.dumps({}))
    elif kind == "raw":
        print(json.dumps(raw_read(args[1])))
    else:
        print(json.dumps(import_child(args[1], int(args[2]), int(args[3]), args[4], args[5])))


def spawn(*args) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *map(str, args)], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode)
    return json.loads(out.stdout.strip().splitlines()[-1])


def fresh_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def loadavg() -> str:
    return " / ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--errors", action="store_true", help="also the error-report run at the largest size")
    parser.add_argument("--books", default="", help="keep the generated books in this folder and reuse them")
    opts = parser.parse_args()
    print(f"load average at start {loadavg()} (1/5/15 min), {os.cpu_count()} CPUs; "
          f"database {opts.database_url.rsplit('@', 1)[-1] or 'SQLite (temporary file)'}")
    print(f"{'rows':>9} {'calamine r/s':>12} {'cal. MB':>8} {'preview s':>9} {'commit s':>9} {'import r/s':>10} "
          f"{'share':>6} {'peak MB':>8} {'Δ MB':>6} {'load':>5}")
    with tempfile.TemporaryDirectory() as tmp:
        runs = [(n, 0) for n in opts.sizes] + ([(max(opts.sizes), 10_000)] if opts.errors else [])
        for rows, bad_every in runs:
            path = f"{opts.books or tmp}/book-{rows}-{bad_every}.xlsx"
            if not (opts.books and Path(path).exists()):
                spawn("generate", rows, bad_every, path)
            raw = spawn("raw", path)
            fresh_database(opts.database_url)
            work = tempfile.mkdtemp(dir=tmp)
            r = spawn("import", path, rows, bad_every, work, opts.database_url or f"sqlite:///{work}/bench.sqlite3")
            cal = raw["rows"] / raw["seconds"]
            load = Path("/proc/loadavg").read_text().split()[0]
            if bad_every:
                print(f"error report for {rows} rows with {r['errors']} bad rows: "
                      f"{'correct, nothing written' if r['report_ok'] else 'WRONG'} (preview {r['stage_s']:.1f} s, "
                      f"peak {r['peak_mb']:.0f} MB, calamine {cal:.0f} rows/s)")
                continue
            total = r["stage_s"] + r["commit_s"]
            print(f"{rows:>9} {cal:>12.0f} {raw['peak_mb']:>8.0f} {r['stage_s']:>9.1f} {r['commit_s']:>9.1f} "
                  f"{rows / total:>10.0f} {100 * rows / total / cal:>5.1f}% {r['peak_mb']:>8.0f} "
                  f"{r['peak_mb'] - r['before_mb']:>6.0f} {load:>5}",
                  flush=True)
    print(f"load average at end {loadavg()}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
    else:
        main()
