"""Load and soak (issue #9 item 7): the production stack of scripts/prod_stack.py — its own PostgreSQL cluster,
production settings, gunicorn with 2 workers and the job worker — on the demo data plus a synthetic province
(bench/generate_province.py), then N clients over the main pages and the API for M minutes, on loopback.

    .venv/bin/python bench/soak.py                        # 10 minutes, 32 clients, 20,000 synthetic people
    .venv/bin/python bench/soak.py --minutes 2 --people 5000   # a short run

Prints, per page, requests, errors, p50/p95/max latency; the resident memory of each gunicorn worker and of the job
worker after the warm-up and at the end (growth in %); and a verdict: 0 errors and memory growth ≤ 10 %
(exit status 1 otherwise). While the load runs, an award book is imported through the job worker every minute,
so the worker's memory is measured doing work. Bounded: loopback only, one machine, a fixed duration.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import prod_stack as stack  # noqa: E402

PG_PORT = int(os.environ.get("SOAK_PG_PORT", 5441))
HTTP_PORT = int(os.environ.get("SOAK_HTTP_PORT", 8141))
stack.PG_PORT, stack.HTTP_PORT = PG_PORT, HTTP_PORT
stack.BASE = f"http://127.0.0.1:{HTTP_PORT}"

PAGES = [
    ("home", "/"),
    ("dossiers list", "/ho-so/"),
    ("people list", "/to-chuc/ca-nhan/"),
    ("people search 'nguyen van'", "/to-chuc/ca-nhan/?q=nguyen+van"),
    ("awards register", "/khen-thuong/so-khen-thuong/"),
    ("awards search 'nguyen'", "/khen-thuong/so-khen-thuong/?q=nguyen"),
    ("petitions list", "/kiem-tra/don-thu/"),
    ("statistics", "/bao-cao/khen-thuong/"),
    ("dashboard", "/bao-cao/"),
    ("audit log", "/nhat-ky/"),
    ("jobs page", "/cong-viec-nen/"),
    ("API plans", "/api/v1/plans"),
    ("API people", "/api/v1/orgs/people"),
    ("API dossiers", "/api/v1/dossiers"),
]


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Load:
    def __init__(self, cookie: str, clients: int, seconds: float):
        self.cookie, self.clients, self.seconds = cookie, clients, seconds
        self.times: dict[str, list[float]] = {label: [] for label, _ in PAGES}
        self.errors: dict[str, list[str]] = {label: [] for label, _ in PAGES}
        self.lock = threading.Lock()

    def client(self, index: int, stop_at: float) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=120)
        i = index
        while time.monotonic() < stop_at:
            label, path = PAGES[i % len(PAGES)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": self.cookie})
                response = conn.getresponse()
                response.read()
                ok, what = response.status == 200, f"HTTP {response.status}"
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=120)
            except (OSError, http.client.HTTPException) as exc:
                ok, what = False, repr(exc)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=120)
            elapsed = time.perf_counter() - started
            with self.lock:
                (self.times if ok else self.errors)[label].append(elapsed if ok else what)

    def run(self) -> None:
        stop_at = time.monotonic() + self.seconds
        threads = [threading.Thread(target=self.client, args=(i, stop_at), daemon=True) for i in range(self.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def imports_while_loaded(staff: stack.Browser, stop_at: float, done: list) -> None:
    """An award book through the job worker every minute while the pages are under load."""
    n = 0
    while time.monotonic() < stop_at - 60:
        try:
            stack.import_through_the_worker(staff, 200, 10_000 + n * 1000)
            done.append(True)
        except stack.SmokeFailure as failure:
            done.append(str(failure))
        n += 1
        time.sleep(30)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--people", type=int, default=20_000, help="synthetic province size (0: demo data only)")
    parser.add_argument("--warmup", type=float, default=30, help="seconds of load before the memory baseline")
    args = parser.parse_args(argv)
    bindir = stack.pg_bin_dir()
    if bindir is None:
        print("PostgreSQL server binaries (initdb, pg_ctl) not found (Debian: postgresql)")
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="thidua-soak-"))
    os.chmod(workdir, 0o755)
    cluster = stack.Cluster(bindir, workdir)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "THIDUA_", "REDIS_"))},
        "SECRET_KEY": "soak-" + os.urandom(24).hex(), "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/thidua",
        "THIDUA_DATA_DIR": str(workdir / "data"), "THIDUA_MEDIA_ROOT": str(workdir / "media"),
        "THIDUA_STATIC_ROOT": str(workdir / "static"), "THIDUA_DEMO_PASSWORD": stack.PASSWORD,
        "THIDUA_PUBLIC_BASE_URL": stack.BASE, "LOG_LEVEL": "ERROR", "THIDUA_REQUIRE_2FA": "0",
        # 32 clients on 2 sync workers queue for seconds: the web statement timeout must not cut a queued page.
        "THIDUA_DB_STATEMENT_TIMEOUT_MS": "60000",
    }
    gunicorn = worker = None
    try:
        stack.say(f"PostgreSQL cluster on port {PG_PORT}")
        cluster.init()
        cluster.start()
        cluster.createdb("thidua")
        stack.thidua(env, "migrate", "--noinput")
        stack.thidua(env, "collectstatic", "--noinput")
        stack.thidua(env, "demo", "--no-serve", "--force")
        if args.people:
            stack.say(f"synthetic province: {args.people:,} people (bench/generate_province.py)")
            subprocess.run([sys.executable, str(ROOT / "bench" / "generate_province.py"), "--people",
                            str(args.people), "--force"], cwd=ROOT, env=env, check=True)
        gunicorn = subprocess.Popen(
            [str(stack.BIN / "gunicorn"), "thidua.wsgi", "-w", "2", "-b", f"127.0.0.1:{HTTP_PORT}", "--timeout", "120",
             "--log-level", "warning"], cwd=ROOT, env=env)
        worker = subprocess.Popen([str(stack.BIN / "thidua"), "job_worker", "--interval", "0.5"], cwd=ROOT, env=env)
        stack.wait_until(lambda: stack.healthz()[0] == 200, 60, "gunicorn")
        staff = stack.Browser()
        staff.sign_in("sonoivu")
        cookie = "; ".join(f"{c.name}={c.value}" for c in staff.jar)
        web = children(gunicorn.pid)
        stack.say(f"warm-up {args.warmup:.0f} s, {args.clients} clients (gunicorn workers {web}, job worker "
                  f"{worker.pid})")
        Load(cookie, args.clients, args.warmup).run()
        before = {pid: rss_kb(pid) for pid in [*web, worker.pid]}
        seconds = args.minutes * 60
        stack.say(f"soak: {args.minutes:g} min, {args.clients} clients over {len(PAGES)} pages")
        load = Load(cookie, args.clients, seconds)
        imports: list = []
        importer = threading.Thread(target=imports_while_loaded, args=(staff, time.monotonic() + seconds, imports),
                                    daemon=True)
        importer.start()
        started = time.monotonic()
        load.run()
        elapsed = time.monotonic() - started
        importer.join(timeout=120)
        after = {pid: rss_kb(pid) for pid in before}
        alive = children(gunicorn.pid)
    finally:
        for proc in (worker, gunicorn):
            if proc is not None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    proc.kill()
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    total = sum(len(v) for v in load.times.values())
    errors = sum(len(v) for v in load.errors.values())
    print(f"\n{total:,} requests in {elapsed:.0f} s ({total / elapsed:.1f} req/s), {errors} errors, "
          f"{args.clients} clients, gunicorn 2 workers")
    print(f"{'page':32} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, _path in PAGES:
        t = load.times[label]
        print(f"{label:32} {len(t):9,} {len(load.errors[label]):7} {statistics.median(t) * 1000 if t else 0:8.0f} "
              f"{percentile(t, 0.95) * 1000:8.0f} {max(t, default=0) * 1000:8.0f}")
        for what in sorted(set(load.errors[label]))[:3]:
            print(f"    error: {what}")
    growth_ok = True
    print("\nresident memory (after warm-up → end)")
    for pid, kb in before.items():
        name = "job worker" if pid == worker.pid else "gunicorn worker"
        grown = (after[pid] - kb) / kb * 100 if kb else 0.0
        growth_ok &= grown <= 10
        print(f"  {name} {pid}: {kb / 1024:.1f} MB → {after[pid] / 1024:.1f} MB ({grown:+.1f} %)")
    recycled = set(before) - {worker.pid} - set(alive)
    if recycled:
        print(f"  note: gunicorn workers {sorted(recycled)} were replaced during the run")
    ok_imports = sum(1 for x in imports if x is True)
    print(f"\nimports through the job worker during the soak: {ok_imports} done, "
          f"{len(imports) - ok_imports} failed {[x for x in imports if x is not True][:2]}")
    passed = errors == 0 and growth_ok and ok_imports == len(imports)
    print("PASSED" if passed else "FAILED", "(0 errors, memory growth ≤ 10 %, every import done)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
