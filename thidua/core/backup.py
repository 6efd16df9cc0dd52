"""Backup and restore of the whole installation (DESIGN.md §4.6): the database named by DATABASE_URL and every
file under MEDIA_ROOT, in one tar archive with a manifest.

Archive layout:
    manifest.json             format, format_version, app version, created_at (UTC), engine, tables {name: rows},
                              files {member: {"sha256", "size"}}, migrations {app: last applied}
    database/thidua.sqlite3   SQLite: a consistent copy made with SQLite's online backup API, or
    database/thidua.dump      PostgreSQL: `pg_dump -Fc` of the whole database, taken in the same snapshot as the
                              row counts (pg_export_snapshot + pg_dump --snapshot)
    media/<path>              every regular file under MEDIA_ROOT

Restore refuses a database that has tables, or a media root that has files, unless forced; it verifies every
checksum BEFORE touching anything, restores, and then compares every table's row count with the manifest.
Every failure is a BackupError with a Vietnamese message (the commands turn it into exit status 1).
The archive is gzip-compressed when FILE ends in .gz / .tgz, plain tar otherwise."""

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = "thidua-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/thidua.sqlite3"
PG_MEMBER = "database/thidua.dump"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A failure with a Vietnamese message for the operator."""


# ------------------------------------------------------------------ helpers
def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _app_version() -> str:
    try:
        from importlib.metadata import version

        return version("thidua")
    except Exception:  # noqa: BLE001 - running from a checkout without metadata
        return "unknown"


def _engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu loại «{vendor}» (chỉ SQLite và PostgreSQL).")
    return vendor


def media_files(root: Path) -> list[Path]:
    """Every regular file under the media root, relative, in a stable order."""
    if not root.is_dir():
        return []
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _count_rows(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _applied_migrations(cursor) -> dict[str, str]:
    try:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    except Exception:  # noqa: BLE001 - an unmigrated database has no such table
        return {}
    last: dict[str, str] = {}
    for app, name in cursor.fetchall():
        last[app] = max(last.get(app, ""), name)
    return last


# ------------------------------------------------------------------ PostgreSQL client tools
def _pg_params(alias: str = "default") -> dict:
    sd = connections[alias].settings_dict
    return {"dbname": sd["NAME"], "user": sd.get("USER") or "", "password": sd.get("PASSWORD") or "",
            "host": sd.get("HOST") or "", "port": str(sd.get("PORT") or "")}


def _pg_env(params: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    if params["password"]:
        env["PGPASSWORD"] = params["password"]
    return env


def _pg_args(params: dict) -> list[str]:
    args = []
    if params["host"]:
        args += ["-h", params["host"]]
    if params["port"]:
        args += ["-p", params["port"]]
    if params["user"]:
        args += ["-U", params["user"]]
    return args


def pg_tool(name: str, server_major: int) -> str:
    """pg_dump / pg_restore whose major version is at least the server's (an older one refuses or loses data).
    THIDUA_PG_BIN names the directory explicitly; else the server's own version from /usr/lib/postgresql, else PATH."""
    candidates = []
    if os.environ.get("THIDUA_PG_BIN"):
        candidates.append(Path(os.environ["THIDUA_PG_BIN"]) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin") / name)
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    seen = []
    for path in candidates:
        if not path.exists():
            continue
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True).stdout
        match = re.search(r"(\d+)(?:\.\d+)?", out)
        major = int(match[1]) if match else 0
        seen.append(f"{path} ({major})")
        if major >= server_major:
            return str(path)
    raise BackupError(
        f"Không tìm thấy {name} phiên bản {server_major} trở lên (máy chủ PostgreSQL là bản {server_major}; "
        f"đã thấy: {', '.join(seen) or 'không có'}). Cài gói postgresql-client-{server_major} "
        f"hoặc đặt THIDUA_PG_BIN trỏ tới thư mục chứa {name}."
    )


def _server_major(cursor) -> int:
    cursor.execute("SHOW server_version_num")
    return int(cursor.fetchone()[0]) // 10000


# ------------------------------------------------------------------ backup
def _dump_sqlite(alias: str, target: Path) -> tuple[dict, dict]:
    name = connections[alias].settings_dict["NAME"]
    source = sqlite3.connect(str(name))
    copy = sqlite3.connect(str(target))
    try:
        source.backup(copy)  # online backup API: consistent even while the application writes
    finally:
        source.close()
    try:
        cursor = copy.cursor()
        cursor.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        tables = [row[0] for row in cursor.fetchall()]
        counts = _count_rows(cursor, tables, lambda t: '"' + t.replace('"', '""') + '"')
        migrations = _applied_migrations(cursor)
    finally:
        copy.close()
    return counts, migrations


def _dump_postgres(alias: str, target: Path) -> tuple[dict, dict, int]:
    import psycopg
    from psycopg import sql

    params = _pg_params(alias)
    conninfo = {k: v for k, v in params.items() if v}
    with psycopg.connect(**conninfo, options="-c statement_timeout=0 -c lock_timeout=0") as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor = conn.cursor()
        major = _server_major(cursor)
        snapshot = cursor.execute("SELECT pg_export_snapshot()").fetchone()[0]
        cursor.execute(
            "SELECT schemaname, tablename FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY schemaname, tablename"
        )
        tables = [(s, t) for s, t in cursor.fetchall()]
        counts = {}
        for schema, table in tables:
            cursor.execute(sql.SQL("SELECT COUNT(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
            counts[table if schema == "public" else f"{schema}.{table}"] = cursor.fetchone()[0]
        migrations = _applied_migrations(cursor)
        # pg_dump reads the very snapshot the counts were taken in (the transaction stays open meanwhile).
        result = subprocess.run(
            [pg_tool("pg_dump", major), "-Fc", "--no-password", f"--snapshot={snapshot}", "-f", str(target),
             *_pg_args(params), params["dbname"]],
            env=_pg_env(params), capture_output=True, text=True,
        )
        conn.execute("COMMIT")
    if result.returncode != 0:
        raise BackupError(f"pg_dump thất bại (mã {result.returncode}): {result.stderr.strip()}")
    return counts, migrations, major


def backup(path: Path, *, alias: str = "default", media_root: Path | None = None) -> dict:
    """Write the archive to `path` (atomically: a partial file never carries the final name); return the manifest."""
    path = Path(path)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    engine = _engine(alias)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".thidua-backup-", dir=path.parent) as tmp:
        tmp = Path(tmp)
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "app_version": _app_version(),
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "engine": engine,
        }
        if engine == "sqlite":
            member = SQLITE_MEMBER
            db_file = tmp / "thidua.sqlite3"
            counts, migrations = _dump_sqlite(alias, db_file)
        else:
            member = PG_MEMBER
            db_file = tmp / "thidua.dump"
            counts, migrations, major = _dump_postgres(alias, db_file)
            manifest["postgresql_major"] = major
        manifest["tables"] = counts
        manifest["migrations"] = migrations
        files = {member: {"sha256": sha256_file(db_file), "size": db_file.stat().st_size}}
        media = media_files(media_root)
        for rel in media:
            full = media_root / rel
            files[MEDIA_PREFIX + rel.as_posix()] = {"sha256": sha256_file(full), "size": full.stat().st_size}
        manifest["files"] = files
        manifest["media_files"] = len(media)

        partial = tmp / "archive.partial"
        mode = "w:gz" if path.name.endswith((".gz", ".tgz")) else "w"
        with tarfile.open(partial, mode) as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(dt.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=member)
            for rel in media:
                tar.add(media_root / rel, arcname=MEDIA_PREFIX + rel.as_posix())
        os.replace(partial, path)
    return manifest


# ------------------------------------------------------------------ restore
def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.loads(tar.extractfile(MANIFEST).read())
    except (KeyError, AttributeError, ValueError):
        raise BackupError("Tệp sao lưu không có bản kê (manifest.json) hợp lệ: không phải tệp sao lưu của thidua.")
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
        raise BackupError("Tệp sao lưu không đúng định dạng của thidua.")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BackupError(
            f"Tệp sao lưu dùng định dạng phiên bản {manifest['format_version']}, mới hơn phiên bản phần mềm này "
            f"đọc được ({FORMAT_VERSION}). Hãy cập nhật phần mềm trước khi khôi phục."
        )
    return manifest


def _safe_member(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def extract_verified(archive: Path, into: Path) -> dict:
    """Extract every member listed in the manifest into `into`, checking sizes and sha256; raise on any mismatch,
    on a listed member that is missing and on a member that is not listed."""
    try:
        tar = tarfile.open(archive, "r:*")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {archive}: {exc}")
    with tar:
        manifest = read_manifest(tar)
        expected = manifest["files"]
        seen = set()
        problems = []
        for info in tar:
            if info.name == MANIFEST:
                continue
            if not info.isfile() or not _safe_member(info.name) or info.name not in expected:
                problems.append(f"tệp lạ trong bản sao lưu: {info.name}")
                continue
            target = into / info.name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with tar.extractfile(info) as src, open(target, "wb") as dst:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    dst.write(chunk)
            seen.add(info.name)
            if digest.hexdigest() != expected[info.name]["sha256"] or info.size != expected[info.name]["size"]:
                problems.append(f"tổng kiểm tra (sha256) không khớp: {info.name}")
        problems += [f"thiếu tệp: {name}" for name in sorted(set(expected) - seen)]
    if problems:
        shown = "; ".join(problems[:10]) + (f"; … và {len(problems) - 10} lỗi khác" if len(problems) > 10 else "")
        raise BackupError(f"Tệp sao lưu bị hỏng hoặc đã bị sửa, không khôi phục: {shown}.")
    return manifest


def database_tables(alias: str = "default") -> list[str]:
    connection = connections[alias]
    if connection.vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).exists():
        return []
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def _quote_sqlite(t: str) -> str:
    return '"' + t.replace('"', '""') + '"'


def current_row_counts(alias: str = "default") -> dict[str, int]:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            tables = [t for t in connection.introspection.table_names(cursor) if not t.startswith("sqlite_")]
            return _count_rows(cursor, tables, _quote_sqlite)
    from psycopg import sql

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT schemaname, tablename FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY schemaname, tablename"
        )
        counts = {}
        for schema, table in cursor.fetchall():
            cursor.execute(sql.SQL("SELECT COUNT(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
            counts[table if schema == "public" else f"{schema}.{table}"] = cursor.fetchone()[0]
        return counts


def _wipe_postgres(alias: str) -> None:
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
            "AND nspname NOT LIKE 'pg_temp_%' AND nspname NOT LIKE 'pg_toast_temp_%'"
        )
        schemas = [row[0] for row in cursor.fetchall()]
        for schema in schemas:
            cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
        cursor.execute("CREATE SCHEMA public")


def _restore_postgres(alias: str, dump: Path) -> None:
    connection = connections[alias]
    with connection.cursor() as cursor:
        major = _server_major(cursor)
    connection.close()
    params = _pg_params(alias)
    pg_restore = pg_tool("pg_restore", major)
    # An extension the DBA created beforehand (pg_trgm, for a role that may not create it) belongs to the DBA:
    # restoring its COMMENT would fail for the application's role ("must be owner of extension"). The comment is
    # the extension's own text, not data: leave it out of the restore list.
    listing = subprocess.run([pg_restore, "-l", str(dump)], capture_output=True, text=True)
    if listing.returncode != 0:
        raise BackupError(f"pg_restore không đọc được bản dump (mã {listing.returncode}): {listing.stderr.strip()}")
    toc = dump.with_suffix(".list")
    toc.write_text("".join(line + "\n" for line in listing.stdout.splitlines() if " COMMENT - EXTENSION " not in line))
    result = subprocess.run(
        [pg_restore, "--no-password", "--exit-on-error", "--single-transaction", "--no-owner",
         "--no-privileges", "-L", str(toc), *_pg_args(params), "-d", params["dbname"], str(dump)],
        env=_pg_env(params), capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore thất bại (mã {result.returncode}): {result.stderr.strip()[-2000:]}")


def _restore_sqlite(alias: str, copy: Path) -> None:
    connection = connections[alias]
    connection.close()
    name = Path(connection.settings_dict["NAME"])
    name.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(str(copy))
    target = sqlite3.connect(str(name))
    try:
        source.backup(target)  # replaces the whole content of the target database
    finally:
        source.close()
        target.close()


@contextmanager
def _staging(archive: Path):
    with tempfile.TemporaryDirectory(prefix=".thidua-restore-", dir=Path(archive).resolve().parent) as tmp:
        yield Path(tmp)


def restore(archive: Path, *, force: bool = False, alias: str = "default", media_root: Path | None = None) -> dict:
    archive = Path(archive)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if not archive.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {archive}.")
    engine = _engine(alias)
    with _staging(archive) as tmp:
        manifest = extract_verified(archive, tmp)  # nothing is touched before every checksum is verified
        if manifest.get("engine") != engine:
            raise BackupError(
                f"Bản sao lưu là của CSDL {manifest.get('engine')}, còn DATABASE_URL đang trỏ tới CSDL {engine}: "
                "hãy khôi phục vào cùng loại CSDL."
            )
        tables = database_tables(alias)
        existing_media = media_files(media_root)
        if (tables or existing_media) and not force:
            what = []
            if tables:
                what.append(f"cơ sở dữ liệu đã có {len(tables)} bảng")
            if existing_media:
                what.append(f"thư mục tệp tải lên {media_root} đã có {len(existing_media)} tệp")
            raise BackupError(
                "Từ chối khôi phục: " + " và ".join(what) + ". Chỉ khôi phục vào CSDL và thư mục trống; "
                "thêm --force để XÓA dữ liệu hiện có và thay bằng bản sao lưu."
            )
        if engine == "postgresql":
            if tables:
                _wipe_postgres(alias)
            _restore_postgres(alias, tmp / PG_MEMBER)
        else:
            _restore_sqlite(alias, tmp / SQLITE_MEMBER)

        if media_root.exists():
            for child in media_root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        media_root.mkdir(parents=True, exist_ok=True)
        staged_media = tmp / MEDIA_PREFIX.rstrip("/")
        for name, meta in manifest["files"].items():
            if not name.startswith(MEDIA_PREFIX):
                continue
            target = media_root / name[len(MEDIA_PREFIX):]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(staged_media / name[len(MEDIA_PREFIX):], target)
            if sha256_file(target) != meta["sha256"]:
                raise BackupError(f"Tệp {target} sau khi khôi phục không khớp tổng kiểm tra.")

    connections[alias].close()
    after = current_row_counts(alias)
    mismatched = [
        f"{table}: {manifest['tables'][table]} → {after.get(table)}"
        for table in manifest["tables"] if after.get(table) != manifest["tables"][table]
    ]
    if mismatched:
        raise BackupError("Số dòng sau khi khôi phục không khớp bản kê: " + "; ".join(mismatched[:10]) + ".")
    return manifest
