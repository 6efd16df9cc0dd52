"""Synthetic province for benchmarks: units, people, 10 years of ratings, award history, initiatives,
discipline, open proceedings. Deterministic for a given --seed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_thidua .venv/bin/python bench/generate_province.py
    .venv/bin/python bench/generate_province.py --small          # 5,000 people, a quick check
    .venv/bin/python bench/generate_province.py --people 100000 --years 10

Rows are produced in Python and loaded with PostgreSQL `COPY` (≈ 5M rows a minute); on SQLite (tests) with
`executemany`. Every column of a model that the generator does not set gets the model field's default, so a new
field with a default does not break the generator. The database is migrated first. Refuses to write into a
database that already holds people unless --force (it never deletes anything).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hòang", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Đào", "Đinh", "Mai", "Trịnh"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thành", "Công", "Xuân", "Mạnh", "Tuấn"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Kim", "Thùy", "Diệu"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Long", "Minh",
           "Nam", "Phong", "Quân", "Sơn", "Thắng", "Trung", "Tùng", "Việt", "Vinh"]
GIVEN_F = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngân", "Nhung",
           "Oanh", "Phượng", "Quỳnh", "Thảo", "Trang", "Tuyết", "Vân", "Yến"]

INDIVIDUAL_CODES = ["LDTT", "CSTD_CO_SO", "CSTD_TINH", "CSTD_TOAN_QUOC", "BK_TINH", "BK_TTG", "HCLD_3"]
EXTRA_CODES = ["GIAY_KHEN"]  # Giấy khen: history that the rules do not read, as in a real award book
RATING_WEIGHTS = [("HTXSNV", 0.16), ("HTTNV", 0.70), ("HTNV", 0.11), ("KHTNV", 0.03)]


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("THIDUA_PROCESS", "command")  # batch work: no web statement timeout
    import django

    django.setup()


def _defaults(model, provided: list[str]) -> tuple[list[str], tuple]:
    """Columns of `model` not in `provided` (pk excluded) and their default values."""
    from django.db.models.fields import NOT_PROVIDED
    from django.utils import timezone

    cols, values = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.attname in provided or f.name in provided:
            continue
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            value = timezone.now()
        elif f.default is not NOT_PROVIDED:
            value = f.get_default()
            if isinstance(value, list | dict):
                import json

                value = json.dumps(value)
        elif f.null:
            value = None
        else:
            value = "" if f.get_internal_type() in ("CharField", "TextField", "SlugField") else None
        cols.append(f.column)
        values.append(value)
    return cols, tuple(values)


class Loader:
    """Bulk-load rows into a model's table: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, model, columns: list[str]):
        from django.db import connection

        self.connection = connection
        self.model = model
        self.table = model._meta.db_table
        field_cols = {f.name: f.column for f in model._meta.concrete_fields}
        field_cols.update({f.attname: f.column for f in model._meta.concrete_fields})
        self.columns = [field_cols[c] for c in columns]
        self.extra_cols, self.extra = _defaults(model, columns)
        self.all_cols = self.columns + self.extra_cols
        self.count = 0

    def load(self, rows):
        extra = self.extra
        if self.connection.vendor == "postgresql":
            with self.connection.cursor() as cur:
                replica = _skip_row_fk_checks(cur)
                try:
                    raw = cur.cursor
                    with raw.copy(f'COPY {self.table} ({", ".join(self.all_cols)}) FROM STDIN') as copy:
                        for row in rows:
                            copy.write_row(row + extra)
                            self.count += 1
                finally:
                    if replica:  # the rest of the transaction (a test's, say) fires its triggers again
                        cur.execute("SET LOCAL session_replication_role = origin")
                if replica:
                    self._check_references(cur)
        else:
            sql = (f'INSERT INTO {self.table} ({", ".join(self.all_cols)}) '
                   f'VALUES ({", ".join(["%s"] * len(self.all_cols))})')
            batch = []
            with self.connection.cursor() as cur:
                for row in rows:
                    batch.append(row + extra)
                    if len(batch) >= 5000:
                        cur.executemany(sql, batch)
                        self.count += len(batch)
                        batch = []
                if batch:
                    cur.executemany(sql, batch)
                    self.count += len(batch)
        return self.count


    def _check_references(self, cur):
        """What the skipped foreign-key triggers would have checked, set-wise: one anti-join per foreign key."""
        for f in self.model._meta.concrete_fields:
            if not f.is_relation or not f.db_constraint:
                continue
            target = f.target_field
            cur.execute(f"SELECT count(*) FROM {self.table} t LEFT JOIN {target.model._meta.db_table} r "
                        f"ON r.{target.column} = t.{f.column} WHERE t.{f.column} IS NOT NULL AND r.{target.column} IS NULL")
            missing = cur.fetchone()[0]
            if missing:
                raise SystemExit(f"{self.table}.{f.column}: {missing} rows refer to nothing")


def _skip_row_fk_checks(cur) -> bool:
    """On PostgreSQL as a superuser, skip the per-row foreign-key triggers for this transaction (they are deferred
    to COMMIT and probe an index once per row: about 15 minutes for 50M ratings); the loader checks the references
    set-wise instead. Other users keep the per-row checks."""
    cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if not cur.fetchone()[0]:
        return False
    cur.execute("SET LOCAL session_replication_role = replica")
    return True


def _next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _reset_sequence(model):
    from django.core.management.color import no_style
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
                cur.execute(sql)


def ensure_award_types() -> dict[str, int]:
    from thidua.awards.models import AwardType

    names = {
        "LDTT": ("Lao động tiên tiến", "title", "title_individual", "local"),
        "CSTD_CO_SO": ("Chiến sĩ thi đua cơ sở", "title", "title_individual", "local"),
        "CSTD_TINH": ("Chiến sĩ thi đua cấp tỉnh", "title", "title_individual", "ministry_province"),
        "CSTD_TOAN_QUOC": ("Chiến sĩ thi đua toàn quốc", "title", "title_individual", "government"),
        "BK_TINH": ("Bằng khen của Chủ tịch UBND tỉnh", "form", "merit", "ministry_province"),
        "BK_TTG": ("Bằng khen của Thủ tướng Chính phủ", "form", "merit", "government"),
        "HCLD_3": ("Huân chương Lao động hạng Ba", "form", "order", "state"),
        "GIAY_KHEN": ("Giấy khen", "form", "recognition", "local"),
    }
    ids = dict(AwardType.objects.filter(code__in=list(names)).values_list("code", "id"))
    for code, (name, category, group, level) in names.items():
        if code not in ids:
            ids[code] = AwardType.objects.create(
                code=code, name=name, category=category, group=group, level=level, subject_kinds=["individual"]
            ).pk
    return ids


def generate(people: int = 500_000, years: int = 10, last_year: int = 2025, seed: int = 196, units: int | None = None,
             force: bool = False, verbose: bool = True, migrate: bool = True) -> dict:
    """Create the synthetic province in the configured database; returns row counts."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from thidua.awards import award_stats, person_facts
    from thidua.awards.models import Award, Discipline, Initiative, PendingProceeding, Rating
    from thidua.core.text import fold, person_sort_key, sort_key
    from thidua.orgs.models import Person, Unit

    def say(msg):
        if verbose:
            print(msg, flush=True)

    if migrate:
        call_command("migrate", verbosity=0)
    if Person.objects.exists() and not force:
        raise SystemExit("The database already holds people; use --force to add a second synthetic province.")
    rng = random.Random(seed)
    t0 = time.perf_counter()
    type_ids = ensure_award_types()
    first_year = last_year - years + 1
    n_units = units or max(5, people // 250)

    # Triggers maintaining the per-person fact summary are suspended during the bulk load (one full rebuild
    # after it, timed) — per-statement refreshes of millions of COPY rows would be pointless work.
    facts_started = None
    with person_facts.suspended(connection, on_rebuild=lambda: say("rebuilding the person facts summary …")), \
            award_stats.suspended(connection, on_rebuild=lambda: say("rebuilding the award statistics cells …")):
        # Units: the province, ~40 agencies/localities, and their schools/communes/offices (people are in leaves).
        with transaction.atomic():
            root = Unit.objects.create(name="Ủy ban nhân dân tỉnh (tổng hợp)", code=f"bench-{seed}-tinh", kind="province")
            tops = [Unit(name=f"Sở, ngành, địa phương số {i + 1}", code=f"bench-{seed}-top-{i + 1}",
                         kind="agency" if i % 2 else "locality", parent=root) for i in range(min(40, n_units))]
            for u in tops:
                u.save()
            leaves = []
            next_unit = _next_id(Unit)
            leaf_rows = []
            for i in range(n_units):
                parent = tops[i % len(tops)]
                uid = next_unit + i
                name = f"Đơn vị cơ sở {i + 1}"
                leaf_rows.append((uid, name, f"bench-{seed}-u-{i + 1}", "school" if i % 3 == 0 else "other", parent.pk,
                                  f"{parent.path}{uid}/", fold(name), sort_key(name)))
                leaves.append(uid)
            Loader(Unit, ["id", "name", "code", "kind", "parent_id", "path", "search_text", "sort_key"]).load(iter(leaf_rows))
            _reset_sequence(Unit)
        say(f"units: {n_units + len(tops) + 1} ({time.perf_counter() - t0:.1f}s)")

        # People. Names come from a small table of combinations whose fold()/sort keys are computed once.
        combos = []
        for family in FAMILY:
            for middle, given, gender in [(m, g, "male") for m in MIDDLE_M for g in GIVEN_M] + \
                                         [(m, g, "female") for m in MIDDLE_F for g in GIVEN_F]:
                full = f"{family} {middle} {given}"
                combos.append((full, gender, fold(full), person_sort_key(full)))
        first_pid = _next_id(Person)
        quality = {}

        def person_rows():
            for k in range(people):
                pid = first_pid + k
                full, gender, folded, skey = combos[rng.randrange(len(combos))]
                joined = dt.date(rng.randint(1990, last_year), rng.randint(1, 12), rng.randint(1, 28))
                direct = rng.random() < 0.35
                quality[pid] = rng.random()
                yield (pid, full, gender, leaves[k % len(leaves)], direct, joined, True, folded, skey,
                       dt.date(rng.randint(1965, 2002), rng.randint(1, 12), rng.randint(1, 28)))

        with transaction.atomic():
            Loader(Person, ["id", "full_name", "gender", "unit_id", "direct_worker", "joined_on", "active", "search_text",
                            "sort_key", "birth_date"]).load(person_rows())
            _reset_sequence(Person)
        say(f"people: {people} ({time.perf_counter() - t0:.1f}s)")

        # Ratings, then awards derived from them the way a province awards: LĐTT for good ratings, CSTĐCS for part
        # of the excellent, chains for a few; plus Giấy khen, sudden (đột xuất) awards and a few revoked ones.
        ratings: dict[int, list[str]] = {}

        def rating_rows():
            for k in range(people):
                pid = first_pid + k
                q = quality[pid]
                seq = []
                for y in range(first_year, last_year + 1):
                    r = rng.random() * 0.75 + q * 0.25
                    value = "HTXSNV" if r > 0.80 else "HTTNV" if r > 0.16 else "HTNV" if r > 0.04 else "KHTNV"
                    seq.append(value)
                    yield (pid, y, value)
                ratings[pid] = seq

        with transaction.atomic():
            n_ratings = Loader(Rating, ["person_id", "year", "rating"]).load(rating_rows())
        say(f"ratings: {n_ratings} ({time.perf_counter() - t0:.1f}s)")

        unit_of = {first_pid + k: leaves[k % len(leaves)] for k in range(people)}
        initiative_rows = []

        def award_rows():
            for k in range(people):
                pid = first_pid + k
                seq = ratings[pid]
                cstd_years, tinh_years, bk_years, ttg_years = [], [], [], []
                uid = unit_of[pid]
                # Units confer their own titles (LĐTT, CSTĐ cơ sở) before the province's round, so those exist for
                # the round's year too; everything decided by the province stops the year before.
                for i, y in enumerate(range(first_year, last_year + 1)):
                    value = seq[i]
                    dn = f"{rng.randint(1, 999):02d}/QĐ-UBND"
                    if value in ("HTXSNV", "HTTNV"):
                        yield (type_ids["LDTT"], pid, uid, "individual", y, "cong_trang", dn, False)
                    if value == "HTXSNV" and rng.random() < 0.75:
                        cstd_years.append(y)
                        yield (type_ids["CSTD_CO_SO"], pid, uid, "individual", y, "cong_trang", dn,
                               rng.random() < 0.002)
                        if rng.random() < 0.5:
                            initiative_rows.append((pid, y, "co_so" if rng.random() < 0.85 else "tinh"))
                    if y == last_year:
                        break
                    if {y - 2, y - 1, y} <= set(cstd_years) and rng.random() < 0.4:
                        tinh_years.append(y)
                        yield (type_ids["CSTD_TINH"], pid, uid, "individual", y, "cong_trang", dn, False)
                        initiative_rows.append((pid, y, "tinh"))
                    if {y - 3, y} <= set(tinh_years) and rng.random() < 0.3:
                        yield (type_ids["CSTD_TOAN_QUOC"], pid, uid, "individual", y, "cong_trang", dn, False)
                    if {y - 1, y} <= set(cstd_years) and y - 1 not in bk_years and rng.random() < 0.35:
                        bk_years.append(y)
                        yield (type_ids["BK_TINH"], pid, uid, "individual", y, "cong_trang", dn, False)
                    if bk_years and bk_years[0] <= y - 5 and len([c for c in cstd_years if c > y - 5]) >= 3 \
                            and not [t for t in ttg_years if t > y - 5] and rng.random() < 0.3:
                        ttg_years.append(y)
                        yield (type_ids["BK_TTG"], pid, uid, "individual", y, "cong_trang", dn, False)
                    if rng.random() < 0.04:
                        yield (type_ids["GIAY_KHEN"], pid, uid, "individual", y, "cong_trang", dn, False)
                    if rng.random() < 0.01:
                        yield (type_ids["BK_TINH"], pid, uid, "individual", y, "dot_xuat", dn, False)
                if rng.random() < 0.05:
                    initiative_rows.append((pid, last_year, "co_so" if rng.random() < 0.8 else "tinh"))

        with transaction.atomic():
            n_awards = Loader(Award, ["award_type_id", "person_id", "unit_id", "recipient_kind", "year",
                                      "commendation_type", "decision_number", "revoked"]).load(award_rows())
        say(f"awards: {n_awards} ({time.perf_counter() - t0:.1f}s)")

        def discipline_rows():
            for k in range(people):
                pid = first_pid + k
                for y in range(first_year, last_year + 1):
                    if rng.random() < 0.004:
                        yield (pid, y, "khien_trach" if rng.random() < 0.6 else "canh_cao")

        def pending_rows():
            for k in range(people):
                if rng.random() < 0.003:
                    yield (first_pid + k, "complaint" if rng.random() < 0.5 else "discipline_review",
                           dt.date(last_year, rng.randint(1, 11), 1))

        with transaction.atomic():
            n_init = Loader(Initiative, ["person_id", "year", "scope", "title"]).load(
                (pid, y, scope, f"Sáng kiến năm {y}") for pid, y, scope in initiative_rows
            )
            n_disc = Loader(Discipline, ["person_id", "year", "form"]).load(discipline_rows())
            n_pend = Loader(PendingProceeding, ["person_id", "kind", "opened_on"]).load(pending_rows())
        facts_started = time.perf_counter()
    say(f"person facts summary rebuilt ({time.perf_counter() - facts_started:.1f}s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for model in (Unit, Person, Rating, Award, Initiative, Discipline, PendingProceeding):
                cur.execute(f"ANALYZE {model._meta.db_table}")
    counts = {"units": n_units + len(tops) + 1, "people": people, "ratings": n_ratings, "awards": n_awards,
              "initiatives": n_init, "discipline": n_disc, "pending": n_pend,
              "seconds": round(time.perf_counter() - t0, 1)}
    say(f"done: {counts}")
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--last-year", type=int, default=2025)
    parser.add_argument("--seed", type=int, default=196)
    parser.add_argument("--small", action="store_true", help="5,000 people (quick check)")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    setup_django()
    people = 5_000 if args.small else args.people
    generate(people=people, years=args.years, last_year=args.last_year, seed=args.seed, force=args.force)


if __name__ == "__main__":
    main()
