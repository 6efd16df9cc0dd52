"""Benchmark: scoring and ranking every Cụm/Khối of a province, and the `group_ranks` facts for the Cờ thi đua.

    .venv/bin/python bench/bench_group_ranking.py                 # 40 groups × 15 units × 40 criteria, SQLite in /tmp
    DATABASE_URL=postgres://…/bench_movements .venv/bin/python bench/bench_group_ranking.py --groups 80

Builds the data in a scratch database (migrated on the fly), then measures in the same run:
  1. `services.compute_ranking` for every rubric (totals from all scores, tie-breaks, ranks), set-wise: the first
     time (every card written) and again with nothing changed (reads only, writes skipped);
  2. a naive version that reads each scorecard's scores criterion by criterion (one query per cell);
  3. `selectors.group_ranks(all units, year)` (one query) against one query per unit.
Prints medians and the ratios naive / set-wise. Not part of the test suite (no timing assertions there).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def setup_django(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("THIDUA_PROCESS", "command")  # batch work: no web statement timeout
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build(groups: int, members: int, leaves: int):
    from thidua.core.middleware import acting_as
    from thidua.movements.models import Criterion, Score, Scorecard, ScoringRubric
    from thidua.orgs.models import EmulationGroup, GroupMembership, Period, Unit

    rng = random.Random(2025)
    year = Period.year(2025)
    with acting_as(None):
        root = Unit.objects.create(name="UBND tỉnh (bench)", code="bench-root", kind="province")
        rubrics = []
        for g in range(groups):
            group = EmulationGroup.objects.create(name=f"Khối bench {g:03d}", kind="block")
            units = [Unit.objects.create(name=f"Đơn vị bench {g:03d}-{m:02d}", code=f"bench-{g}-{m}", parent=root)
                     for m in range(members)]
            GroupMembership.objects.bulk_create([GroupMembership(group=group, unit=u) for u in units])
            rubric = ScoringRubric.objects.create(group=group, period=year, title=f"Bộ tiêu chí {g}", status="open")
            sections = [Criterion.objects.create(rubric=rubric, code=code, name=f"Phần {code}", position=i,
                                                 is_leaf=False, kind=kind)
                        for i, (code, kind) in enumerate([("I", "standard"), ("II", "standard"), ("III", "bonus"),
                                                          ("IV", "penalty")])]
            crit = Criterion.objects.bulk_create([
                Criterion(rubric=rubric, parent=sections[i % 4], code=f"{sections[i % 4].code}.{i}",
                          name=f"Tiêu chí {i}", max_points=Decimal("10"), kind=sections[i % 4].kind,
                          position=10 + i) for i in range(leaves)
            ])
            cards = Scorecard.objects.bulk_create([Scorecard(rubric=rubric, unit=u, status="submitted") for u in units])
            Score.objects.bulk_create([
                Score(scorecard=card, criterion=c, self_score=Decimal(rng.randint(0, 20)) / 2,
                      cross_score=Decimal(rng.randint(0, 20)) / 2 if rng.random() < 0.2 else None)
                for card in cards for c in crit
            ])
            rubrics.append(rubric)
    return rubrics


def naive_ranking(rubric):
    """One query per scorecard and criterion, sums in Python: what a loop in a view would do."""
    from thidua.movements.models import Score

    totals = []
    for card in rubric.scorecards.all():
        total = Decimal("0")
        for c in rubric.criteria.filter(is_leaf=True):
            s = Score.objects.filter(scorecard=card, criterion=c).first()
            if s is None:
                continue
            v = s.final_score if s.final_score is not None else (s.cross_score if s.cross_score is not None else s.self_score)
            total += -(v or 0) if c.kind == "penalty" else (v or 0)
        totals.append((total, card.pk))
    return sorted(totals, reverse=True)


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=40)
    parser.add_argument("--members", type=int, default=15)
    parser.add_argument("--criteria", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or "sqlite:////tmp/thidua-bench-movements.sqlite3"
    if url.startswith("sqlite:////tmp/"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    setup_django(url)

    from thidua.movements import selectors, services
    from thidua.movements.models import Scorecard

    start = time.perf_counter()
    rubrics = build(args.groups, args.members, args.criteria)
    cells = args.groups * args.members * args.criteria
    print(f"built {args.groups} groups × {args.members} units × {args.criteria} criteria = {cells:,} scores "
          f"in {time.perf_counter() - start:.1f} s ({url.split('://')[0]})")

    def setwise():
        for r in rubrics:
            services.compute_ranking(r)

    t_first = median_time(setwise, 1)  # every card's totals and rank are written
    t_set = median_time(setwise, args.repeats)  # recompute with nothing changed: reads only
    sample = rubrics[: max(1, len(rubrics) // 10)]
    t_naive_sample = median_time(lambda: [naive_ranking(r) for r in sample], 1)
    t_naive = t_naive_sample * len(rubrics) / len(sample)
    print(f"rank every group, first time:         {t_first * 1000:9.1f} ms")
    print(f"rank every group, set-wise (again):   {t_set * 1000:9.1f} ms")
    print(f"rank every group, naive (extrapol.):  {t_naive * 1000:9.1f} ms   naive / first = {t_naive / t_first:.0f}×")

    for r in rubrics:
        r.status = "finalised"
        r.save(update_fields=["status"])
    unit_ids = list(Scorecard.objects.values_list("unit_id", flat=True))
    t_ranks = median_time(lambda: selectors.group_ranks(unit_ids, 2025), args.repeats)

    def per_unit():
        return {u: Scorecard.objects.filter(unit_id=u, rubric__status="finalised").values_list("rank", flat=True).first()
                for u in unit_ids}

    t_per_unit = median_time(per_unit, 1)
    print(f"group_ranks for {len(unit_ids):,} units:      {t_ranks * 1000:9.1f} ms")
    print(f"one query per unit:                   {t_per_unit * 1000:9.1f} ms   per-unit / set-wise = "
          f"{t_per_unit / t_ranks:.0f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
