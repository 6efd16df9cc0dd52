"""Benchmark: one year's eligibility round for a whole province (all people, all individual awards of LAW.md).

    .venv/bin/python bench/bench_eligibility_round.py                  # bench_thidua on local PostgreSQL
    .venv/bin/python bench/bench_eligibility_round.py --small          # 5,000 people (quick check)
    DATABASE_URL=postgres://… .venv/bin/python bench/bench_eligibility_round.py --people 100000

Builds the synthetic province (bench/generate_province.py) if the database holds no people, then measures in
the same run:
  1. the set-wise round: `thidua.awards.candidates.eligibility_round(year)` (gather + judge), one warm-up and 5 runs, reading
     the trigger-maintained per-person summary (`awards_personfacts`); once more aggregating the history
     instead (`use_summary=False`, the path for years outside the summary's range), for comparison;
  2. a naive per-person ORM loop (one query per table per person, then the engine per award) on a sample of
     5,000 people, extrapolated to everyone;
  3. one full scan of the award table, in SQL (`SELECT count(*), sum(year)`, one warm-up, median of 5) and as a Python iteration over
     `values_list` of the whole table;
  4. what the summary costs writers: 10,000 award records bulk-inserted in chunks of 1,000 (as the legacy
     import does) with the triggers, and with them disabled (both rolled back);
and prints the ratios. Goals (issue #3): round ≤ 10 s for 500,000 people on a 2-core PostgreSQL machine;
naive / round ≥ 100×; round / one full scan ≤ 3×. Not part of the test suite (no timing assertions there).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_thidua"


def naive_case(person, year: int, received_on=None) -> dict:
    """What a per-person implementation does: a handful of ORM queries for one person."""
    from thidua.awards.facts import WINDOW_YEARS, default_received_on, months_between, service_reference_date
    from thidua.awards.models import Award, Discipline, Initiative, PendingProceeding, Rating

    as_of = received_on or default_received_on(year)
    first = year - WINDOW_YEARS
    ratings = [{"year": r.year, "rating": r.rating} for r in Rating.objects.filter(person=person, year__gte=first,
                                                                                       year__lte=year)]
    awards = [{"year": a.year, "award": a.award_type.code, "type": a.commendation_type, "revoked": a.revoked}
              for a in Award.objects.filter(person=person, year__lte=year).select_related("award_type")]
    initiatives = [
        {"id": str(i.pk), "year": i.year, "scope": i.scope,
         "used_for": i.used_by_award.award_type.code if i.used_by_award_id else None}
        for i in Initiative.objects.filter(person=person, year__gte=first, year__lte=year)
        .select_related("used_by_award__award_type")
    ]
    discipline = [{"year": d.year, "form": d.form} for d in Discipline.objects.filter(person=person, year__lte=year)]
    pending = [str(p.get_kind_display()) for p in PendingProceeding.objects.filter(person=person, opened_on__lte=as_of)
               if p.closed_on is None or p.closed_on > as_of]
    nominee = {"kind": "individual", "direct_worker": person.direct_worker}
    months = months_between(person.joined_on, service_reference_date(year))
    if months is not None:
        nominee["months_in_service"] = months
    return {"id": str(person.pk), "year": year, "nominee": nominee, "ratings": ratings, "awards": awards,
            "initiatives": initiatives, "discipline": discipline, "pending": pending}


def naive_round(person_ids, year: int, codes, overrides) -> tuple[float, int]:
    from thidua.awards.rules import evaluate
    from thidua.orgs.models import Person

    eligible = 0
    started = time.perf_counter()
    for pid in person_ids:
        person = Person.objects.get(pk=pid)
        case = naive_case(person, year)
        for code in codes:
            eligible += bool(evaluate(dict(case, award=code), overrides)["eligible"])
    return time.perf_counter() - started, eligible


def statistics_section(args, table: str) -> list[str]:
    """The whole-province award statistics (the page's selector, read from the pre-aggregated cells) and the
    dashboard, one request's work each, against one `count(*)` of the award table measured just before."""
    from django.db import connection

    from bench.bench_pages import bench_user
    from thidua.reports import selectors as rsel

    user = bench_user()
    year = args.year

    def timed(fn) -> float:
        fn()  # warm-up
        runs = []
        for _ in range(args.runs):
            started = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - started)
        return statistics.median(runs)

    def count():
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {table}")
            cur.fetchone()

    count_s = timed(count)
    year_s = timed(lambda: rsel.award_stats(user, year_from=year, year_to=year, compare=True))
    five_s = timed(lambda: rsel.award_stats(user, year_from=year - 4, year_to=year, compare=True))
    dash_s = timed(lambda: rsel.dashboard(user, year))
    print(f"  statistics (median of {args.runs}): one count(*) {count_s * 1000:.0f} ms; year {year} with the year "
          f"before {year_s * 1000:.0f} ms; five years with the five before {five_s * 1000:.0f} ms; dashboard "
          f"{dash_s * 1000:.0f} ms", flush=True)
    return [f"| annual statistics (year and the year before) / one count(*) | {year_s / count_s:.2f}× | ≤ 1.5× |",
            f"| five-year statistics / one count(*) | {five_s / count_s:.2f}× | |",
            f"| dashboard | {dash_s * 1000:.0f} ms | ≤ 300 ms |"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--people", type=int, default=500_000, help="size to generate when the database is empty")
    parser.add_argument("--small", action="store_true", help="5,000 people")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--sample", type=int, default=5_000, help="people in the naive loop's sample")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of the round and of the scan (after one warm-up each)")
    parser.add_argument("--no-python-scan", action="store_true",
                        help="skip the Python iteration over the whole award table (minutes at 5M people)")
    parser.add_argument("--statistics", action="store_true",
                        help="also time the award statistics and the dashboard against one count(*) (issue #10 item 5)")
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = args.database_url
    from bench.generate_province import generate, setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from thidua.awards.candidates import eligibility_round
    from thidua.awards.facts import INDIVIDUAL_AWARDS
    from thidua.awards.models import Award
    from thidua.awards.param_store import load_overrides
    from thidua.orgs.models import Person

    call_command("migrate", verbosity=0)
    people_wanted = 5_000 if args.small else args.people
    if not Person.objects.exists():
        print(f"Generating a synthetic province of {people_wanted:,} people …", flush=True)
        generate(people=people_wanted, last_year=args.year)
    people = Person.objects.count()
    awards = Award.objects.count()
    codes = list(INDIVIDUAL_AWARDS)
    overrides = load_overrides()
    print(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}; {people:,} people; "
          f"{awards:,} award records; year {args.year}; awards {', '.join(codes)}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average at start {os.getloadavg()[0]:.1f}")

    # 1. Set-wise round.
    times, result = [], None
    started = time.perf_counter()
    eligibility_round(args.year, award_codes=codes, overrides=overrides)  # warm-up: caches, connection
    print(f"  warm-up round: {time.perf_counter() - started:.2f} s (not counted)", flush=True)
    for _ in range(args.runs):
        started = time.perf_counter()
        result = eligibility_round(args.year, award_codes=codes, overrides=overrides)
        times.append(time.perf_counter() - started)
        print(f"  round: {times[-1]:.2f} s (query on the per-person summary, people grouped by reduced facts in the database: "
              f"{result.seconds_gather:.2f} s, {result.groups:,} groups; per-award keys + engine: "
              f"{result.seconds_judge:.2f} s, {result.evaluations:,} engine calls)", flush=True)
    round_s = statistics.median(times)
    started = time.perf_counter()
    history = eligibility_round(args.year, award_codes=codes, overrides=overrides, use_summary=False)
    history_s = time.perf_counter() - started
    same = all(sorted(history.awards[c].eligible_ids()) == sorted(result.awards[c].eligible_ids()) and
               history.awards[c].near_miss().keys() == result.awards[c].near_miss().keys() for c in codes)
    print(f"  round aggregating the history instead of the summary: {history_s:.2f} s "
          f"(query {history.seconds_gather:.2f} s); same eligible and near-miss people: {same}", flush=True)
    for code in codes:
        r = result.awards[code]
        print(f"    {code:15s} eligible {len(r.eligible_ids()):>8,}   missing exactly one criterion "
              f"{len(r.near_miss()):>8,}")

    # 2. Naive per-person loop on a sample, extrapolated.
    with connection.cursor() as cur:
        cur.execute(f"SELECT id FROM {Person._meta.db_table} ORDER BY id")
        all_ids = [row[0] for row in cur.fetchall()]
    step = max(1, len(all_ids) // args.sample)
    sample = all_ids[::step][: args.sample]
    naive_s, _ = naive_round(sample, args.year, codes, overrides)
    naive_total = naive_s * people / len(sample)
    print(f"  naive per-person ORM loop: {naive_s:.1f} s for {len(sample):,} people → {naive_total:,.0f} s "
          f"extrapolated to {people:,}", flush=True)

    # 3. One full scan of the award table.
    table = Award._meta.db_table
    scans = []
    with connection.cursor() as cur:  # warm-up, as for the round
        cur.execute(f"SELECT count(*), sum(year) FROM {table}")
        cur.fetchone()
    for _ in range(args.runs):  # median of as many runs as the round had
        started = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*), sum(year) FROM {table}")
            cur.fetchone()
        scans.append(time.perf_counter() - started)
    scan_sql = statistics.median(scans)
    scan_py = None
    if not args.no_python_scan:
        started = time.perf_counter()
        n = 0
        for _row in Award.objects.order_by().values_list("person_id", "award_type_id", "year").iterator(chunk_size=20000):
            n += 1
        scan_py = time.perf_counter() - started
        print(f"  full scan of {table}: SQL count/sum {scan_sql:.2f} s (median of {len(scans)}); Python values_list "
              f"iteration over {n:,} rows {scan_py:.2f} s", flush=True)
    else:
        print(f"  full scan of {table}: SQL count/sum {scan_sql:.2f} s (median of {len(scans)})", flush=True)
    stats_rows = statistics_section(args, table) if args.statistics else []

    # 4. The summary's cost to writers (PostgreSQL: statement triggers refresh the touched people set-wise).
    if connection.vendor == "postgresql":
        from django.db import transaction

        from thidua.awards import person_facts
        from thidua.awards.models import AwardType

        bk = AwardType.objects.get(code="BK_TINH")
        writers = list(Person.objects.order_by("?").values_list("id", "unit_id")[:10_000])

        def insert(disable: bool) -> float:
            with transaction.atomic():
                with connection.cursor() as cur:
                    if disable:
                        for op in ("insert", "update", "delete"):
                            cur.execute(f"ALTER TABLE {table} DISABLE TRIGGER thidua_pf_{table}_{op}")
                started = time.perf_counter()
                for i in range(0, len(writers), 1000):
                    Award.objects.bulk_create([
                        Award(award_type=bk, person_id=pid, unit_id=uid, recipient_kind="individual", year=args.year)
                        for pid, uid in writers[i:i + 1000]])
                elapsed = time.perf_counter() - started
                transaction.set_rollback(True)
            return elapsed

        with_triggers, without = statistics.median(insert(False) for _ in range(3)), \
            statistics.median(insert(True) for _ in range(3))
        print(f"  10,000 award inserts (chunks of 1,000): {with_triggers:.2f} s with the summary triggers, "
              f"{without:.2f} s without → ×{with_triggers / without:.1f} per write", flush=True)
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {person_facts.TABLE}")
            summary_rows = cur.fetchone()[0]
        print(f"  summary rows: {summary_rows:,} (people: {people:,})")

    print(f"  load average at the end: {os.getloadavg()[0]:.1f} (1 min), {os.getloadavg()[1]:.1f} (5 min)")
    print()
    print("| measure | value | goal |")
    print("|---|---|---|")
    print(f"| set-wise round, {people:,} people × {len(codes)} awards (median of {len(times)}) | {round_s:.2f} s | "
          f"≤ 10 s at 500,000 |")
    print(f"| naive per-person loop / round | {naive_total / round_s:,.0f}× | ≥ 100× |")
    print(f"| round / one SQL scan of the award table | {round_s / scan_sql:.1f}× | ≤ 3× |")
    if scan_py:
        print(f"| round / one Python iteration over the award table | {round_s / scan_py:.2f}× | (≤ 3×) |")
    for row in stats_rows:
        print(row)
    print(f"| round aggregating the history (no summary) / round | {history_s / round_s:.1f}× | |")


if __name__ == "__main__":
    main()
