"""The whole test suite: lint, Django checks, missing migrations, pytest on SQLite, then pytest on PostgreSQL, then
the production stack (scripts/prod_stack.py: its own PostgreSQL cluster, gunicorn, smoke test over HTTP).

PostgreSQL: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test). When no server answers the run
is skipped with a visible message — except under CI=true, where PostgreSQL is required. The production-stack stage
needs the PostgreSQL server binaries (Debian: postgresql); SKIP_PROD_STACK=1 skips it outside CI."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")


def run(title, argv, env=None):
    print(f"\n=== {title} ===", flush=True)
    result = subprocess.run(argv, cwd=ROOT, env={**os.environ, **(env or {})})
    if result.returncode != 0:
        print(f"FAILED: {title}", flush=True)
        sys.exit(result.returncode)


def postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_URL.replace("postgres://", "postgresql://"), connect_timeout=3):
            return True
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        print(f"PostgreSQL at {PG_URL} not reachable: {exc}", flush=True)
        return False


def main(args):
    sqlite_env = {"DATABASE_URL": "sqlite:///" + str(ROOT / "var" / "test-default.sqlite3")}
    lint_dirs = [d for d in ("thidua", "tests", "bench", "scripts") if (ROOT / d).is_dir()]
    run("ruff", [str(BIN / "ruff"), "check", *lint_dirs])
    run("manage.py check", [str(BIN / "thidua"), "check", "--fail-level", "WARNING"], sqlite_env)
    run("makemigrations --check", [str(BIN / "thidua"), "makemigrations", "--check", "--dry-run"], sqlite_env)
    deploy_env = {**sqlite_env, "SECRET_KEY": "x" * 20 + "production-like-check-key-0123456789", "DEBUG": "0",
                  "ALLOWED_HOSTS": "thidua.example.gov.vn"}
    run("manage.py check --deploy (production settings)",
        [str(BIN / "thidua"), "check", "--deploy", "--fail-level", "WARNING"], deploy_env)
    workers = os.environ.get("TEST_WORKERS", "2")
    pytest = [str(BIN / "pytest"), "-n", workers, "-q", *args]
    run("pytest on SQLite", pytest, sqlite_env)
    if postgres_reachable():
        run("pytest on PostgreSQL", pytest, {"DATABASE_URL": PG_URL})
    elif os.environ.get("CI") == "true":
        print("FAILED: CI requires PostgreSQL for the test suite.", flush=True)
        sys.exit(1)
    else:
        print("\n*** PostgreSQL run SKIPPED: no server answered (CI requires it). ***", flush=True)
    if os.environ.get("SKIP_PROD_STACK") == "1" and os.environ.get("CI") != "true":
        print("\n*** Production-stack stage SKIPPED (SKIP_PROD_STACK=1). ***", flush=True)
    else:
        run("production stack: migrate, collectstatic, gunicorn -w 2, smoke test over HTTP, database outage",
            [sys.executable, str(ROOT / "scripts" / "prod_stack.py")])
    print("\nAll test runs passed.")


if __name__ == "__main__":
    main(sys.argv[1:])
