"""List, search and statistics pages under load, against the login page served by the same server in the same run.

    # full size (issue #10): the synthetic province of generate_province.py + dossiers, nominations, petitions,
    # audit entries; gunicorn with 2 workers and production settings on 127.0.0.1:8170; 32 clients
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/province_scale .venv/bin/python bench/bench_pages.py
    .venv/bin/python bench/bench_pages.py --small --database-url sqlite:////tmp/pages.sqlite3   # a quick check

For every page it prints requests per second, the share of the login page's rate, p50/p95 latency and the number
of SQL queries one request of the page runs (counted in-process with the test client). The load comes from `wrk`
(Debian package `wrk`) when it is installed, else from a small Python generator with one thread and one
connection per client (its own overhead then weighs on the ratios: compare runs made with the same generator).
The causes of issue #10 are also measured directly, before/after, in the same run (`--causes`).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate_province import Loader, _next_id, _reset_sequence, generate, setup_django  # noqa: E402

USERNAME = "bench-tinh"
SECRET = "bench-pages-only-not-a-secret-" + "k" * 40  # the server and this process sign the session alike
FULL = {"dossiers": 30_000, "nominations_per": 8, "petitions": 20_000, "audit": 200_000}
SMALL = {"dossiers": 200, "nominations_per": 4, "petitions": 100, "audit": 500}


# ------------------------------------------------------------------------------------------------------------
# Data


def build_extra(sizes: dict, seed: int = 196, verbose: bool = True) -> dict:
    """Dossiers with nominations, petitions and audit entries on top of the synthetic province (idempotent:
    skipped when the database already holds that many dossiers)."""
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from thidua.awards.models import AwardType
    from thidua.core.models import AuditEntry
    from thidua.core.text import fold, person_sort_key, sort_key
    from thidua.dossiers.models import Dossier, Nomination
    from thidua.orgs.models import Person, Unit
    from thidua.oversight.models import Petition

    rng = random.Random(seed)
    counts = {"dossiers": Dossier.objects.count()}
    if counts["dossiers"] >= sizes["dossiers"]:
        return counts
    t0 = time.perf_counter()
    leaves = list(Unit.objects.filter(children__isnull=True).values_list("id", flat=True))
    types = list(AwardType.objects.filter(code__in=["LDTT", "CSTD_CO_SO", "BK_TINH", "GIAY_KHEN"])
                 .values_list("id", flat=True))
    people = list(Person.objects.values_list("id", "unit_id", "full_name")[: sizes["dossiers"] * sizes["nominations_per"]])
    states = ["draft", "submitted", "received", "appraised", "decided", "returned"]
    now = timezone.now()
    first = _next_id(Dossier)
    with transaction.atomic():
        def dossier_rows():
            for i in range(sizes["dossiers"]):
                title = f"Đề nghị khen thưởng năm {2020 + i % 6} số {i + 1}"
                yield (first + i, leaves[i % len(leaves)], title, "cong_trang", "normal", 2020 + i % 6,
                       states[i % len(states)], now - dt.timedelta(minutes=i * 7), fold(f"{title} {first + i}"))
        Loader(Dossier, ["id", "unit_id", "title", "kind", "procedure", "year", "state", "created_at",
                         "search_text"]).load(dossier_rows())
        _reset_sequence(Dossier)

        def nomination_rows():
            k = 0
            for i in range(sizes["dossiers"]):
                for _j in range(sizes["nominations_per"]):
                    pid, _uid, name = people[k % len(people)]
                    k += 1
                    yield (first + i, "individual", pid, types[k % len(types)], "Hòan thành xuất sắc nhiệm vụ",
                           name, person_sort_key(name), now)
        n_nom = Loader(Nomination, ["dossier_id", "kind", "person_id", "award_type_id", "achievement_summary",
                                    "nominee_name", "sort_key", "created_at"]).load(nomination_rows())

        def petition_rows():
            for i in range(sizes["petitions"]):
                name = f"Nguyễn Văn Đơn {i}"
                received = dt.date(2025, 1, 1) + dt.timedelta(days=i % 330)
                summary = f"Kiến nghị về khen thưởng số {i + 1}"
                yield (f"{i + 1}/ĐT", "recommendation" if i % 2 else "complaint", received, "direct",
                       leaves[i % len(leaves)], summary, name, "received", received + dt.timedelta(days=10),
                       fold(f"{summary} {name}"), fold(name), sort_key(name))
        n_pet = Loader(Petition, ["number", "kind", "received_on", "channel", "subject_unit_id", "summary",
                                  "petitioner_name", "status", "accept_by", "search_text", "petitioner_search",
                                  "sort_key"]).load(petition_rows())

        def audit_rows():
            for i in range(sizes["audit"]):
                yield (now - dt.timedelta(seconds=i * 13), "bench", rng.choice(["create", "update", "transition"]),
                       "dossiers.dossier", str(first + i % sizes["dossiers"]), f"HS-{i}", leaves[i % len(leaves)])
        n_audit = Loader(AuditEntry, ["at", "actor_name", "action", "model", "object_id", "object_repr",
                                      "unit_id"]).load(audit_rows())
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for model in (Dossier, Nomination, Petition, AuditEntry):
                cur.execute(f"ANALYZE {model._meta.db_table}")
    counts = {"dossiers": sizes["dossiers"], "nominations": n_nom, "petitions": n_pet, "audit": n_audit,
              "seconds": round(time.perf_counter() - t0, 1)}
    if verbose:
        print(f"extra data: {counts}", flush=True)
    return counts


def vacuum(verbose: bool = True) -> list[str]:
    """VACUUM (ANALYZE) the tables with many rows written since their last vacuum (PostgreSQL), as autovacuum
    would have done on a production server. A freshly loaded province otherwise keeps its trigram indexes' GIN
    pending lists (every search reads the whole list: 12,759 people and 65,670 awards not yet merged into the
    index) and no visibility map (no index-only scans); on a server with `autovacuum = off` (this machine's) the
    pages would be measured against a state production never stays in."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cur:
        cur.execute("SELECT relname FROM pg_stat_user_tables WHERE n_ins_since_vacuum + n_dead_tup > 1000 "
                    "ORDER BY relname")
        tables = [r[0] for r in cur.fetchall()]
        t0 = time.perf_counter()
        for table in tables:
            cur.execute(f'VACUUM (ANALYZE) "{table}"')
    if tables and verbose:
        print(f"vacuumed {len(tables)} tables ({time.perf_counter() - t0:.1f}s)", flush=True)
    return tables


def bench_user():
    from thidua.core.models import User
    from thidua.core.roles import Role
    from thidua.orgs.models import Unit

    root = Unit.objects.filter(parent=None).order_by("id").first()
    user, _ = User.objects.get_or_create(username=USERNAME, defaults={"role": Role.PROVINCE_STAFF, "unit": root})
    return user


def session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # Production asks province staff for a second factor: the session is one that passed it (a confirmed TOTP
    # device, as after the verification page), so the pages measured are the ones staff see.
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s[DEVICE_ID_SESSION_KEY] = device.persistent_id
    s.create()
    return f"{settings.SESSION_COOKIE_NAME}={s.session_key}"


def pages() -> list[tuple[str, str]]:
    """(label, path) of the measured pages (the first is the baseline)."""
    from thidua.awards.models import Award
    from thidua.core.pagination import _signed, _value
    from thidua.orgs.models import Person

    def middle_cursor(qs, order):
        """The cursor of the page that starts at the middle of the ordering (found with one OFFSET query)."""
        qs = qs.order_by(*order)
        n = qs.count()
        row = qs[n // 2: n // 2 + 1].first()
        if row is None:
            return ""
        return _signed([_value(row, f.lstrip("-")) for f in order], n // 2 + 1)

    person = Person.objects.order_by("id").first()
    return [
        ("login page (baseline)", "/dang-nhap/"),
        ("people list", "/to-chuc/ca-nhan/"),
        ("people search 'nguyen van'", "/to-chuc/ca-nhan/?q=nguyen+van"),
        ("people list, middle page", "/to-chuc/ca-nhan/?sau=" + middle_cursor(Person.objects.filter(active=True),
                                                                                ["sort_key", "id"])),
        ("awards list", "/khen-thuong/so-khen-thuong/"),
        ("awards search 'nguyen van'", "/khen-thuong/so-khen-thuong/?q=nguyen+van"),
        ("awards list, middle page", "/khen-thuong/so-khen-thuong/?sau=" + middle_cursor(
            Award.objects.all(), ["-year", "sort_key", "id"])),
        ("dossiers list", "/ho-so/"),
        ("petitions list", "/kiem-tra/don-thu/"),
        ("audit log", "/nhat-ky/"),
        ("API people", "/api/v1/orgs/people"),
        ("API dossiers", "/api/v1/dossiers"),
        ("API petitions", "/api/v1/oversight/petitions"),
        ("a person's eligibility page", f"/khen-thuong/ca-nhan/{person.pk}/xet-dieu-kien/" if person else "/"),
        ("statistics, default year", "/bao-cao/khen-thuong/"),
        ("statistics 2021–2025", "/bao-cao/khen-thuong/?tu_nam=2021&den_nam=2025"),
        ("dashboard", "/bao-cao/"),
    ]


def query_counts(user, paths, cookie: str | None = None, repeat: int = 0) -> dict[str, tuple]:
    """Per path: (status, SQL queries, bytes[, median ms of `repeat` sequential requests]) through the test
    client (in-process, one request at a time), with the load's session (`cookie`) or a fresh login."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    else:
        client.force_login(user)
    out = {}
    for path in paths:
        client.get(path, secure=True)  # warm (caches, first-use imports)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(path, secure=True)
        out[path] = (r.status_code, len(ctx.captured_queries), len(r.content))
        if repeat:
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                client.get(path, secure=True)
                times.append((time.perf_counter() - t) * 1000)
            out[path] += (statistics.median(times),)
    return out


# ------------------------------------------------------------------------------------------------------------
# Server and load


def free_port(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def start_server(database_url: str, port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY=SECRET, DEBUG="0",
               ALLOWED_HOSTS="127.0.0.1,localhost", THIDUA_PLAIN_STATIC="1")
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    proc = subprocess.Popen([gunicorn, "thidua.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                             "--log-level", "warning", "--timeout", "120"], cwd=ROOT, env=env,
                            start_new_session=True)
    for _ in range(300):
        time.sleep(0.2)
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/dang-nhap/", headers={"X-Forwarded-Proto": "https"})
            c.getresponse().read()
            return proc
        except OSError:
            continue
    stop_server(proc)
    raise SystemExit("gunicorn did not answer")


def drain(port: int, cookie: str) -> None:
    """Wait until the requests a run left queued are served: gunicorn's sync workers still answer requests whose
    clients have gone, and that backlog would otherwise be charged to the next page. One request queued behind
    them returns when they are done."""
    for _ in range(2):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            c.request("GET", "/dang-nhap/", headers={"Cookie": cookie, "X-Forwarded-Proto": "https"})
            c.getresponse().read()
            c.close()
        except OSError:
            pass


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %f %f %f %d %d\\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, 0))
end
"""


def load_wrk(port, path, cookie, clients, seconds) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT)
        script = f.name
    try:
        out = subprocess.run(["wrk", "-t", "2", "-c", str(clients), "-d", f"{max(1, round(seconds))}s", "--timeout", "60s",
                              "-s", script, "-H", f"Cookie: {cookie}", "-H", "X-Forwarded-Proto: https",
                              f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script)
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    n, secs, p50, p95, errors, _ = line.split()[1:]
    return {"requests": int(n), "rps": int(n) / float(secs), "p50": float(p50), "p95": float(p95),
            "errors": int(errors)}


def load_python(port, path, cookie, clients, seconds) -> dict:
    """Closed-loop load: `clients` threads, each sending its next request when the previous one is answered."""
    stop = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker():
        mine, bad = [], 0
        while time.perf_counter() < stop:
            t = time.perf_counter()
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                c.request("GET", path, headers={"Cookie": cookie, "X-Forwarded-Proto": "https"})
                r = c.getresponse()
                r.read()
                c.close()
                if r.status >= 400:
                    bad += 1
            except OSError:
                bad += 1
            mine.append(time.perf_counter() - t)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    pick = (lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000) if latencies else (lambda q: 0)
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50": pick(0.5), "p95": pick(0.95),
            "errors": errors[0]}


# ------------------------------------------------------------------------------------------------------------
# Causes, before / after (measured in-process on the same data)


def _time(fn, repeat=3) -> float:
    best = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best.append(time.perf_counter() - t)
    return statistics.median(best) * 1000


def causes(user) -> list[tuple[str, float, float]]:
    """(cause, before ms, after ms), each pair measured back to back."""
    from django.db.models import Count, Q

    from thidua.awards.models import Award
    from thidua.core import pagination
    from thidua.dossiers import selectors as dsel
    from thidua.dossiers.models import Dossier
    from thidua.reports import selectors as rsel

    out = []
    order = ["-year", "sort_key", "id"]
    qs = Award.objects.all().order_by(*order)
    n = qs.count() if Award.objects.count() < 100_000 else Award.objects.count()
    mid = qs[n // 2: n // 2 + 1].first()
    if mid is not None:
        values = [mid.year, mid.sort_key, mid.pk]

        def old_or():
            q = Q(pk__in=[])
            for i, f in enumerate(order):
                cond = Q(**{f"{f.lstrip('-')}__{'lt' if f.startswith('-') else 'gt'}": values[i]})
                for j in range(i):
                    cond &= Q(**{order[j].lstrip("-"): values[j]})
                q |= cond
            return list(qs.filter(q)[:51])

        def new_rows():
            return pagination._rows_after(qs, order, values, 51)
        assert [a.pk for a in old_or()] == [a.pk for a in new_rows()]
        out.append(("awards middle page: OR cursor → row comparison by runs", _time(old_or), _time(new_rows)))

    def dossiers_before():
        return list(Dossier.objects.visible_to(user).select_related("unit")
                    .annotate(nomination_count=Count("nominations", distinct=True)).order_by("-created_at", "-id")[:31])

    def dossiers_after():
        rows = list(dsel.dossiers_for(user).order_by("-created_at", "-id")[:31])
        dsel.with_nomination_counts(rows)
        return rows
    out.append(("dossiers page: aggregate all nominations → count the page's", _time(dossiers_before),
                _time(dossiers_after)))

    year = 2025
    out.append(("statistics 2025: award book join people → cells",
                _time(lambda: rsel.award_stats(user, year_from=year, year_to=year, source="awards"), 1),
                _time(lambda: rsel.award_stats(user, year_from=year, year_to=year))))
    out.append(("statistics 2021–2025: award book → cells",
                _time(lambda: rsel.award_stats(user, year_from=year - 4, year_to=year, source="awards"), 1),
                _time(lambda: rsel.award_stats(user, year_from=year - 4, year_to=year))))

    def dashboard_before():
        rsel.award_stats(user, year_from=year, year_to=year, source="awards")
        rsel.award_stats(user, year_from=year - 4, year_to=year, source="awards")
    out.append(("dashboard awards: twice from the award book → once from cells", _time(dashboard_before, 1),
                _time(lambda: rsel.dashboard(user, year))))
    out.append(("count(*) of the award table (reference)", _time(lambda: Award.objects.count()),
                _time(lambda: pagination.count_rows(Award.objects.all()))))
    return out


def unit_dropdown_bytes() -> tuple[int, int]:
    """Bytes of the old <select> of every unit vs the picker's markup."""
    from django.template.loader import render_to_string

    from thidua.orgs.models import Unit

    options = "".join(f'<option value="{pk}">{name}</option>' for pk, name in Unit.objects.values_list("pk", "name"))
    picker = render_to_string("core/_picker.html", {"name": "don_vi", "url": "/to-chuc/don-vi/chon/",
                                                    "label": "Đơn vị"})
    return len(options.encode()), len(picker.encode())


# ------------------------------------------------------------------------------------------------------------


def run(database_url: str, small: bool = False, port: int = 8170, clients: int = 32, seconds: float = 10,
        workers: int = 2, load: bool = True, verbose: bool = True, with_causes: bool = True,
        only: list[str] | None = None) -> dict:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", SECRET)  # production settings, as the server runs them
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("THIDUA_PLAIN_STATIC", "1")  # no collectstatic manifest needed; static files are not measured
    setup_django()
    from django.core.management import call_command

    from thidua.orgs.models import Person

    def say(msg=""):
        if verbose:
            print(msg, flush=True)

    call_command("migrate", verbosity=0)
    if not Person.objects.exists():
        generate(people=2_000 if small else 500_000, years=10 if not small else 6, verbose=verbose, migrate=False)
    build_extra(SMALL if small else FULL, verbose=verbose)
    vacuum(verbose=verbose)
    user = bench_user()
    cookie = session_cookie(user)
    plist = pages()
    if only:
        plist = plist[:1] + [(label, path) for label, path in plist[1:]
                             if any(label == o[:-1] if o.endswith("$") else o in label for o in only)]
    qc = query_counts(user, [p for _l, p in plist], cookie, repeat=0 if small else 5)
    for label, path in plist:
        if qc[path][0] != 200:
            say(f"warning: {label} ({path}) answers {qc[path][0]}")
    result = {"pages": [], "causes": []}
    load_avg = os.getloadavg()
    say(f"database: {database_url.rsplit('@', 1)[-1]}; {Person.objects.count():,} people; "
        f"load average at start {load_avg[0]:.1f} / {load_avg[1]:.1f} / {load_avg[2]:.1f} (1/5/15 min), "
        f"{os.cpu_count()} CPUs")
    if load:
        if not free_port(port):
            raise SystemExit(f"port {port} is busy")
        generator = load_wrk if shutil.which("wrk") else load_python
        say(f"load: {generator.__name__[5:]}, {clients} clients, {seconds:g} s per page, gunicorn -w {workers}")
        proc = start_server(database_url, port, workers)
        try:
            baseline = None
            say(f"{'page':44} {'req/s':>8} {'share':>7} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7} {'KB':>6} err")
            for label, path in plist:
                generator(port, path, cookie, clients, min(3, seconds))  # warm-up
                drain(port, cookie)
                m = generator(port, path, cookie, clients, seconds)
                drain(port, cookie)
                if baseline is None:
                    baseline = m["rps"]
                status, nq, size = qc[path][:3]
                row = {"page": label, "path": path, **m, "share": m["rps"] / baseline if baseline else 0,
                       "queries": nq, "status": status, "kb": size / 1024}
                result["pages"].append(row)
                say(f"{label:44} {m['rps']:8.1f} {100 * row['share']:6.1f}% {m['p50']:8.1f} {m['p95']:8.1f} "
                    f"{nq:7d} {size / 1024:6.1f} {m['errors']}")
        finally:
            stop_server(proc)
    else:
        for label, path in plist:
            status, nq, size = qc[path][:3]
            result["pages"].append({"page": label, "path": path, "queries": nq, "status": status, "kb": size / 1024})
    if not small:
        base = qc[plist[0][1]][3]
        say(f"\none request at a time, in-process (median of 5): {'ms':>8} {'× login':>8}")
        for label, path in plist:
            ms = qc[path][3]
            result.setdefault("single", []).append((label, ms))
            say(f"  {label:44} {ms:8.1f} {ms / base:8.1f}")
    if with_causes:
        say("\ncauses, before → after (ms, median of 3; the raw statistics queries once):")
        for name, before, after in causes(user):
            result["causes"].append((name, before, after))
            say(f"  {name:62} {before:9.1f} → {after:8.1f}")
        old, new = unit_dropdown_bytes()
        result["dropdown"] = (old, new)
        say(f"  unit filter markup: every unit as <option> {old / 1024:.0f} KB → picker {new / 1024:.1f} KB")
    load_avg = os.getloadavg()
    say(f"load average at the end {load_avg[0]:.1f} / {load_avg[1]:.1f} / {load_avg[2]:.1f}")
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/province_scale"))
    parser.add_argument("--small", action="store_true", help="2,000 people, a few hundred dossiers")
    parser.add_argument("--port", type=int, default=8170)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-load", action="store_true", help="only query counts and causes")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--only", action="append", metavar="TEXT",
                        help="measure only the pages whose label contains TEXT ('TEXT$': is TEXT; repeatable; the login page "
                             "always)")
    parser.add_argument("--no-causes", action="store_true", help="skip the before/after measurements of the causes")
    args = parser.parse_args(argv)
    result = run(args.database_url, small=args.small, port=args.port, clients=args.clients, seconds=args.seconds,
                 workers=args.workers, load=not args.no_load, with_causes=not args.no_causes, only=args.only)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
