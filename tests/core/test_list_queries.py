"""Every list, search and statistics page measured by bench/bench_pages.py runs a number of SQL queries that does
not grow with the data (no per-row query, N+1), and the benchmark's small mode works (smoke test: no timing)."""

import pytest

from bench.bench_pages import bench_user, build_extra, causes, pages, query_counts, unit_dropdown_bytes
from bench.generate_province import generate

pytestmark = pytest.mark.django_db


def test_list_pages_query_count_does_not_grow_with_rows():
    generate(people=20, years=3, seed=1, verbose=False, migrate=False)
    build_extra({"dossiers": 4, "nominations_per": 2, "petitions": 4, "audit": 4}, verbose=False)
    user = bench_user()
    paths = [p for _label, p in pages()]
    few = query_counts(user, paths)
    assert all(status == 200 for status, _n, _size in few.values()), few
    generate(people=150, years=3, seed=2, force=True, verbose=False, migrate=False)
    build_extra({"dossiers": 70, "nominations_per": 3, "petitions": 70, "audit": 70}, verbose=False)
    many = query_counts(user, paths)
    grew = {p: (few[p][1], many[p][1]) for p in paths if many[p][1] > few[p][1]}
    assert not grew, f"queries grew with the rows (few → many): {grew}"
    assert max(n for _s, n, _b in many.values()) <= 25


def test_bench_small_mode_causes_run():
    generate(people=40, years=4, seed=3, verbose=False, migrate=False)
    build_extra({"dossiers": 10, "nominations_per": 2, "petitions": 5, "audit": 5}, verbose=False)
    measured = causes(bench_user())  # also checks the OR cursor and the row comparison give the same page
    assert len(measured) >= 5 and all(before >= 0 and after >= 0 for _name, before, after in measured)
    old, new = unit_dropdown_bytes()
    assert new < old
