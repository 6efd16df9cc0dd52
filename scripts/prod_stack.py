"""The production stack on loopback, from this checkout, then a smoke test over HTTP (issue 9 item 2).

    .venv/bin/python scripts/prod_stack.py          (also the last stage of ./dev test)

What it does, all on 127.0.0.1 and all thrown away at the end:
  1. its OWN PostgreSQL cluster (initdb in a temporary directory, port PROD_STACK_PG_PORT, default 5440) — stopping
     it later never disturbs another server or database; Redis (REDIS_URL with a database number of its own,
     PROD_STACK_REDIS_URL, default redis://127.0.0.1:6379/14) when one answers;
  2. production settings: SECRET_KEY set, DEBUG=0; `thidua migrate`, `thidua collectstatic --noinput`, the demo data;
  3. gunicorn with 2 workers on PROD_STACK_HTTP_PORT (default 8140), and the job worker (`thidua job_worker`);
  4. over HTTP: /healthz, sign in, a list, a search, a DOCX and a PDF download, the public verification page, the
     404 and 403 pages, the API's JSON errors; an award book uploaded → read by the job worker (job page "done")
     → committed; then PostgreSQL is stopped → the 503 page and /healthz 503; started again → the same pages
     answer 200 with nobody restarting gunicorn, and the job worker (still running) reads a second book.

Without the PostgreSQL server binaries (initdb, pg_ctl) the stage is SKIPPED with a visible message, except under
CI=true where it fails. Run as root (CI), the cluster runs as the `postgres` system user (PostgreSQL refuses root).
"""

import ctypes.util
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CI = os.environ.get("CI") == "true"
PG_PORT = int(os.environ.get("PROD_STACK_PG_PORT", 5440))
HTTP_PORT = int(os.environ.get("PROD_STACK_HTTP_PORT", 8140))
REDIS_URL = os.environ.get("PROD_STACK_REDIS_URL", "redis://127.0.0.1:6379/14")
PASSWORD = "smoke-test-password"
BASE = f"http://127.0.0.1:{HTTP_PORT}"


class SmokeFailure(Exception):
    pass


START = time.monotonic()


def say(message: str) -> None:
    print(f"[prod-stack {time.monotonic() - START:6.1f}s] {message}", flush=True)


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SmokeFailure(what)
    say(f"ok  {what}")


# ------------------------------------------------------------------ PostgreSQL (own throw-away cluster)
def pg_bin_dir() -> Path | None:
    wanted = os.environ.get("PG_BIN")
    candidates = [Path(wanted)] if wanted else sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    found = shutil.which("initdb")
    if found and not wanted:
        candidates.append(Path(found).resolve().parent)  # often a symlink into /usr/lib/postgresql/N/bin
    for candidate in candidates:
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    return None


class Cluster:
    def __init__(self, bindir: Path, workdir: Path):
        self.bindir = bindir
        self.dir = workdir / "pg"
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.as_root = os.geteuid() == 0
        self.dir.mkdir()
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / argv[0]), *argv[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise SmokeFailure(f"{argv[0]} exited {result.returncode}: {result.stderr.strip() or result.stdout.strip()}")
        return result

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    def start(self) -> None:
        opts = f"-p {PG_PORT} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", opts, "-w", "-t", "60", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def createdb(self, name: str) -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=PG_PORT, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')


# ------------------------------------------------------------------ Redis (shared server, own db number)
def redis_answers(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=2) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_flush_own_db(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()  # only this stage's database number


# ------------------------------------------------------------------ HTTP client
class Browser:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(BASE + path, data=body, headers=headers or {})
        try:
            with self.opener.open(req, timeout=60) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read()

    def upload(self, path: str, fields: dict, name: str, filename: str, content: bytes, referer: str):
        """POST a multipart form with one file (the award-book upload)."""
        boundary = "----thidua" + os.urandom(8).hex()
        parts = []
        for key, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
                     .encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        req = urllib.request.Request(BASE + path, data=b"".join(parts), headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": BASE + referer})
        try:
            with self.opener.open(req, timeout=60) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read()

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def sign_in(self, username: str) -> None:
        status, _, _ = self.request("/dang-nhap/")
        check(status == 200, f"sign-in page answers 200 ({status})")
        status, headers, _ = self.request(
            "/dang-nhap/", {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
            {"Referer": BASE + "/dang-nhap/"},
        )
        check(status == 302 and "dang-nhap" not in headers.get("Location", ""), f"{username} signs in ({status})")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_until(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SmokeFailure(f"timed out waiting for {what}")


def healthz() -> tuple[int, dict]:
    status, _, body = Browser().request("/healthz")
    try:
        return status, json.loads(body)
    except ValueError:
        return status, {}


# ------------------------------------------------------------------ the stack
def thidua(env: dict, *argv: str) -> str:
    result = subprocess.run([str(BIN / "thidua"), *argv], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SmokeFailure(f"thidua {' '.join(argv)} exited {result.returncode}")
    return result.stdout


def award_book(rows: int, first: int = 0) -> bytes:
    """A small award book (new people of the signed-in officer's unit) as .xlsx."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Danh hiệu/Hình thức", "Năm", "Số quyết định"])
    given = ["An", "Bình", "Chi", "Dũng", "Hà", "Lan", "Minh", "Nam"]
    for i in range(first, first + rows):
        ws.append([i + 1, f"Kiểm Thử {given[i % 8]} {i}", f"{1 + i % 28:02d}/0{1 + i % 9}/1985", "Lao động tiên tiến",
                   2023, f"{100 + i}/QĐ-UBND"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def import_through_the_worker(staff: "Browser", rows: int, first: int) -> None:
    """Upload a book; the job worker reads it (the web process starts nothing); commit; the awards are in."""
    status, _, _ = staff.request("/khen-thuong/nhap-so/")
    check(status == 200, f"award-book import page 200 ({status})")
    status, headers, _ = staff.upload("/khen-thuong/nhap-so/", {"csrfmiddlewaretoken": staff.csrf()}, "file",
                                      f"so-kiem-thu-{first}.xlsx", award_book(rows, first), "/khen-thuong/nhap-so/")
    location = headers.get("Location", "")
    check(status == 302 and "/nhap-so/" in location, f"award book uploaded ({status} → {location})")
    _, _, html = staff.request(location)
    job = re.search(r'href="/cong-viec-nen/(\d+)/"', html.decode())
    check(job is not None, "the batch page links its job")

    def job_status():
        _, _, page = staff.request(f"/cong-viec-nen/{job[1]}/tien-do/")
        found = re.search(r'data-job-status="(\w+)"', page.decode())
        return found[1] if found else ""

    wait_until(lambda: job_status() in ("done", "failed"), 120, f"job {job[1]} to finish")
    check(job_status() == "done", f"job {job[1]} read the book in the worker (job page: done)")
    batch = location.rstrip("/").rsplit("/", 1)[-1]
    status, _, _ = staff.request(f"/khen-thuong/nhap-so/{batch}/nhap/", {"csrfmiddlewaretoken": staff.csrf()},
                                 {"Referer": BASE + location})
    _, _, html = staff.request(location)
    check("Đã nhập" in html.decode() and f"{rows} khen thưởng" in html.decode(),
          f"{rows} awards committed from batch {batch}")


def smoke(env: dict, cluster: Cluster, worker: subprocess.Popen) -> None:
    status, body = healthz()
    check(status == 200 and body == {"status": "ok", "database": "ok"}, f"/healthz 200 {body}")

    staff = Browser()
    staff.sign_in("sonoivu")
    status, _, html = staff.request("/ho-so/")
    check(status == 200 and "Hồ sơ" in html.decode(), f"dossier list 200 ({status})")
    status, _, html = staff.request("/to-chuc/ca-nhan/?q=nguyen")
    check(status == 200 and "Nguyễn" in html.decode(), f"person search 'nguyen' finds Nguyễn… ({status})")
    status, _, html = staff.request("/api/v1/plans?number=196/KH-UBND")
    check(status == 200 and json.loads(html)[0]["number"] == "196/KH-UBND", "API plan 196/KH-UBND")

    dossier = thidua(env, "shell", "-v", "0", "-c",
                     "from thidua.dossiers.models import Dossier; "
                     "print(Dossier.objects.filter(decision__isnull=False).order_by('pk').first().pk)").strip()
    status, headers, body = staff.request(f"/van-ban/ho-so/{dossier}/quyet-dinh.docx")
    check(status == 200 and body[:2] == b"PK" and "wordprocessingml" in headers.get("Content-Type", ""),
          f"decision DOCX download ({status}, {len(body)} bytes)")
    if ctypes.util.find_library("pango-1.0") or CI:
        status, headers, body = staff.request(f"/van-ban/ho-so/{dossier}/bang-khen.pdf")
        check(status == 200 and body[:5] == b"%PDF-", f"certificates PDF download ({status}, {len(body)} bytes)")
        code = thidua(env, "shell", "-v", "0", "-c",
                      "from thidua.documents.models import Certificate; "
                      "print(Certificate.objects.order_by('pk').first().code)").strip()
        status, _, html = Browser().request(f"/xac-minh/{code}")
        check(status == 200 and code in html.decode(), f"public verification page of certificate {code} (no login)")
    else:
        say("SKIPPED the PDF and verification checks: Pango is missing (Debian: libpango-1.0-0 libpangoft2-1.0-0)")

    import_through_the_worker(staff, 40, 0)

    status, _, html = staff.request("/khong-co-trang-nay/")
    check(status == 404 and "Không tìm thấy trang" in html.decode() and 'href="/"' in html.decode(),
          f"Vietnamese 404 page with a way back ({status})")
    status, _, body = staff.request("/api/v1/khong-co")
    check(status == 404 and "detail" in json.loads(body), "API 404 is JSON {detail}")
    officer = Browser()
    officer.sign_in("canbo_gddt")
    status, _, html = officer.request("/lich-nghi/")
    check(status == 403 and "Không có quyền truy cập" in html.decode(), f"Vietnamese 403 page ({status})")
    status, _, html = Browser().request("/api/v1/docs")
    bundle = re.search(r'src="(/static/ninja/swagger-ui-bundle[^"]*\.js)"', html.decode())
    assets = re.findall(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]*)"', html.decode())
    check(status == 200 and bundle is not None and all(a.startswith("/static/") for a in assets),
          "API docs page loads Swagger UI from this app's static files only")
    status, _, _ = Browser().request(bundle[1])
    check(status == 200, f"{bundle[1]} served by the app")

    say("stopping PostgreSQL (the stage's own cluster)")
    cluster.stop()
    status, headers, html = staff.request("/ho-so/")
    check(status == 503 and "tạm thời gián đoạn" in html.decode() and 'href="/"' in html.decode(),
          f"database down: Vietnamese 503 page ({status})")
    status, _, body = staff.request("/api/v1/plans")
    check(status == 503 and "detail" in json.loads(body), f"database down: API 503 JSON ({status})")
    status, body = healthz()
    check(status == 503 and body.get("database") != "ok", f"database down: /healthz 503 {body}")

    say("starting PostgreSQL again")
    cluster.start()
    wait_until(lambda: healthz()[0] == 200, 30, "/healthz to recover")
    check(healthz() == (200, {"status": "ok", "database": "ok"}), "database back: /healthz 200")
    for _ in range(4):  # both gunicorn workers, each with its persistent connection, recover
        status, _, _ = staff.request("/ho-so/")
        check(status == 200, f"database back: dossier list 200 again ({status})")
    check(worker.poll() is None, "the job worker rode out the database outage")
    import_through_the_worker(staff, 25, 1000)


def main() -> int:
    bindir = pg_bin_dir()
    if bindir is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl) not found (Debian: postgresql)"
        if CI:
            print(f"FAILED: {message}; CI requires the production-stack stage.", flush=True)
            return 1
        print(f"\n*** Production-stack stage SKIPPED: {message}. ***", flush=True)
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="thidua-prod-stack-"))
    os.chmod(workdir, 0o755)  # the postgres user (when run as root) must reach its directory
    cluster = Cluster(bindir, workdir)
    gunicorn = worker = None
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "THIDUA_", "REDIS_"))},
        "SECRET_KEY": "prod-stack-" + os.urandom(24).hex(),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Loopback without the TLS proxy: no redirect to https, cookies over plain http.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/thidua",
        "THIDUA_DATA_DIR": str(workdir / "data"),
        "THIDUA_MEDIA_ROOT": str(workdir / "media"),
        "THIDUA_STATIC_ROOT": str(workdir / "static"),
        "THIDUA_DEMO_PASSWORD": PASSWORD,
        "THIDUA_PUBLIC_BASE_URL": BASE,
        "THIDUA_DB_CONNECT_TIMEOUT": "3",
        "LOG_LEVEL": "ERROR",
        # The smoke test signs in with passwords only: the TOTP second factor production requires of province
        # staff has its own tests (tests/core), not this stage's business.
        "THIDUA_REQUIRE_2FA": "0",
    }
    use_redis = redis_answers(REDIS_URL)
    if use_redis:
        env["REDIS_URL"] = REDIS_URL
    elif CI:
        print(f"FAILED: Redis at {REDIS_URL} does not answer; CI requires it.", flush=True)
        return 1
    else:
        say(f"Redis at {REDIS_URL} does not answer: running without REDIS_URL (in-process cache)")
    try:
        say(f"PostgreSQL {bindir.parent.name} cluster in {cluster.data}, port {PG_PORT}")
        cluster.init()
        cluster.start()
        cluster.createdb("thidua")
        if use_redis:
            redis_flush_own_db(REDIS_URL)
        say("thidua migrate")
        thidua(env, "migrate", "--noinput")
        say("thidua collectstatic --noinput (production settings)")
        thidua(env, "collectstatic", "--noinput")
        say("demo data")
        thidua(env, "demo", "--no-serve", "--force")
        say(f"gunicorn, 2 workers, on {BASE}")
        gunicorn = subprocess.Popen(
            [str(BIN / "gunicorn"), "thidua.wsgi", "-w", "2", "-b", f"127.0.0.1:{HTTP_PORT}", "--timeout", "30",
             "--graceful-timeout", "5", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )
        say("job worker (thidua job_worker)")
        worker = subprocess.Popen([str(BIN / "thidua"), "job_worker", "--interval", "0.5"], cwd=ROOT, env=env)
        wait_until(lambda: healthz()[0] == 200, 60, "gunicorn to answer /healthz")
        smoke(env, cluster, worker)
        say("PASSED: production stack smoke test")
        return 0
    except SmokeFailure as failure:
        print(f"FAILED: production stack: {failure}", flush=True)
        if cluster.log.exists():
            sys.stderr.write(cluster.log.read_text()[-3000:])
        return 1
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)  # idle: exits at once; busy: after the current job
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=20)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        cluster.stop()
        if use_redis:
            try:
                redis_flush_own_db(REDIS_URL)
            except Exception:  # noqa: BLE001 - cleaning up only
                pass
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
