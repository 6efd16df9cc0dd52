"""The real job worker (`thidua job_worker`, django-tasks-db) killed with SIGKILL in the middle of an award-book
import: a second worker takes the job up again after the stale timeout and the book is imported exactly once.

Runs the worker as separate processes over a database of its own (a SQLite file, or a fresh PostgreSQL database
next to the test database when the suite runs on PostgreSQL), because the worker must see committed rows.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
ROWS = 12_000  # staged in chunks of 1,000: the worker reports progress (and is killed) between chunks

SETUP = """
import json, django
django.setup()
from tests.awards.books import HEADERS, generated_rows, make_batch
from thidua.awards import importer
from thidua.core import jobs
from thidua.core.models import User
from thidua.orgs.models import Unit

province = Unit.objects.create(code="tinh", name="UBND tỉnh")
units = [Unit.objects.create(code=f"dv-{i}", name=f"Trường THCS số {i}", parent=province) for i in range(5)]
user = User.objects.create(username="nhap", role="province_staff", unit=province)
rows = ([i + 1, *row] for i, row in enumerate(generated_rows(%(rows)d, [u.name for u in units])))
batch = make_batch(province, user, importer.write_book(rows, HEADERS))
job = jobs.start("awards.import", owner=user, target=batch, params={"commit": True})
print(json.dumps({"batch": batch.pk, "job": job.pk}))
"""


class Database:
    """A throw-away database for the worker processes, read directly by the test."""

    def __init__(self, tmp_path):
        default = settings.DATABASES["default"]
        self.vendor = "postgresql" if "postgresql" in default["ENGINE"] else "sqlite"
        if self.vendor == "sqlite":
            self.path = tmp_path / "worker.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            import psycopg

            self.params = {
                "host": default.get("HOST") or "127.0.0.1",
                "port": default.get("PORT") or 5432,
                "user": default.get("USER") or "postgres",
                "password": default.get("PASSWORD") or None,
            }
            self.name = f"{default['NAME']}_worker_kill"[:60]
            with psycopg.connect(dbname="postgres", autocommit=True, **self.params) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                conn.execute(f'CREATE DATABASE "{self.name}"')
            auth = self.params["user"] + (f":{self.params['password']}" if self.params["password"] else "")
            self.url = f"postgres://{auth}@{self.params['host']}:{self.params['port']}/{self.name}"

    def one(self, sql: str):
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path, timeout=30) as conn:
                return conn.execute(sql).fetchone()
        import psycopg

        with psycopg.connect(dbname=self.name, autocommit=True, **self.params) as conn:
            return conn.execute(sql).fetchone()

    def drop(self):
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(dbname="postgres", autocommit=True, **self.params) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def worker_env(tmp_path):
    database = Database(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "THIDUA_DATA_DIR": str(tmp_path),
        "DEBUG": "0",
        "SECRET_KEY": "worker-test",
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
        "THIDUA_PROCESS": "command",
        "THIDUA_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONPATH": str(ROOT),
        "THIDUA_JOB_HEARTBEAT_SECONDS": "0.5",
        "THIDUA_JOB_STALE_SECONDS": "3",
        "LOG_LEVEL": "WARNING",
    }
    try:
        yield database, env
    finally:
        database.drop()


def _worker(env, log):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "thidua",
            "job_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-schedule",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait(what, condition, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_worker_killed_mid_import_finishes_the_job_exactly_once(worker_env, tmp_path):
    database, env = worker_env
    subprocess.run(
        [sys.executable, "-m", "thidua", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    out = subprocess.run(
        [sys.executable, "-c", SETUP % {"rows": ROWS}],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    ids = json.loads(out.stdout.strip().splitlines()[-1])
    job = f"SELECT status, done, attempts, message FROM core_job WHERE id = {ids['job']}"
    assert database.one(job)[0] == "queued"  # the page's transaction queued it; nothing ran it yet

    log = (tmp_path / "worker.log").open("w")
    first = _worker(env, log)
    try:
        # Killed while reading the book: the job is running and some chunks are staged, none committed.
        _wait(
            "the first worker to stage rows",
            lambda: (row := database.one(job))[0] == "running" and row[1] >= 2000,
        )
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    finally:
        if first.poll() is None:
            first.kill()
    status, done, attempts, _message = database.one(job)
    assert status == "running" and 0 < done < ROWS and attempts == 1
    assert database.one("SELECT COUNT(*) FROM awards_award")[0] == 0

    second = _worker(env, log)
    try:
        _wait("the second worker to finish the job", lambda: database.one(job)[0] in ("done", "failed"))
        second.send_signal(signal.SIGTERM)  # idle: exits at once, cleanly
        assert second.wait(30) == 0
    finally:
        if second.poll() is None:
            second.kill()
        log.close()
    status, done, attempts, message = database.one(job)
    assert status == "done", (message, (tmp_path / "worker.log").read_text()[-3000:])
    assert attempts == 2  # taken up again after the heartbeat went stale
    batch = database.one(f"SELECT status, committed_count FROM awards_importbatch WHERE id = {ids['batch']}")
    assert batch == ("committed", ROWS)
    # Every row of the book once: staged once (the second run started over), committed once.
    assert database.one(f"SELECT COUNT(*) FROM awards_importrow WHERE batch_id = {ids['batch']}")[0] == ROWS
    assert database.one("SELECT COUNT(*) FROM awards_award")[0] == ROWS
    assert (
        database.one(f"SELECT COUNT(*) FROM awards_award WHERE import_batch_id = {ids['batch']}")[0] == ROWS
    )
    assert (
        database.one(
            "SELECT COUNT(*) FROM (SELECT person_id, award_type_id, year FROM awards_award "
            "GROUP BY person_id, award_type_id, year HAVING COUNT(*) > 1) d"
        )[0]
        == 0
    )
    # The dead worker's task is not left "running" in the queue.
    assert (
        database.one("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'")[0]
        == 0
    )
