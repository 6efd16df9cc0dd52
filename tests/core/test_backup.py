"""Backup and restore (DESIGN.md §4.6) on whichever database the suite runs on (SQLite and PostgreSQL in CI):
back up, wipe the database and the media root, restore, and compare every row of every table and every file."""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.core import backup as backup_module
from thidua.core.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    root = settings.MEDIA_ROOT
    (root / "ho-so" / "2026").mkdir(parents=True)
    (root / "ho-so" / "2026" / "to-trinh số 12.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(4096))
    (root / "dinh-kem.docx").write_bytes(b"PK\x03\x04" + os.urandom(1000))
    return root


@pytest.fixture
def province_data(db):
    province = UnitFactory(name="Ủy ban nhân dân tỉnh", code="ubnd", kind="province")
    school = UnitFactory(name="Trường THPT Nguyễn Trãi", code="thpt-nt", parent=province)
    UserFactory(username="canbo", role=Role.UNIT_OFFICER, unit=school)
    for i in range(5):
        PersonFactory(unit=school, full_name=f"Nguyễn Thị Hằng {i}", birth_date=dt.date(1980 + i, 1, 2))
    return province


def snapshot_tables() -> dict[str, list]:
    """Every row of every table, in a canonical order."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor.fetchall()]
            tables[table] = sorted(rows, key=repr)
    return tables


def snapshot_files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def wipe_database() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    else:
        name = Path(connection.settings_dict["NAME"])
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
    assert backup_module.database_tables() == []


def wipe_media(root: Path) -> None:
    shutil.rmtree(root)


def test_backup_wipe_restore_gives_identical_tables_and_files(province_data, media, tmp_path):
    tables_before = snapshot_tables()
    files_before = snapshot_files(media)
    assert tables_before["orgs_person"] and len(files_before) == 2
    archive = tmp_path / "sao-luu" / "thidua.tar.gz"

    call_command("backup", str(archive))

    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = set(tar.getnames())
    assert manifest["engine"] == connection.vendor and manifest["format_version"] == 1
    assert manifest["created_at"] and manifest["app_version"]
    assert manifest["tables"]["orgs_person"] == 5
    assert set(manifest["tables"]) >= set(tables_before)
    assert {"media/ho-so/2026/to-trinh số 12.pdf", "media/dinh-kem.docx"} <= names
    assert manifest["files"]["media/dinh-kem.docx"]["sha256"] == files_before["dinh-kem.docx"]

    wipe_database()
    wipe_media(media)

    call_command("restore", str(archive))

    assert snapshot_files(media) == files_before
    tables_after = snapshot_tables()
    assert tables_after.keys() == tables_before.keys()
    for table, rows in tables_before.items():
        assert tables_after[table] == rows, f"table {table} differs after restore"
    # Sequences came back too: the next row does not collide with a restored one.
    PersonFactory(unit_id=province_data.pk)


def test_restore_refuses_non_empty_database_without_force(province_data, media, tmp_path):
    archive = tmp_path / "thidua.tar"
    call_command("backup", str(archive))
    PersonFactory(unit_id=province_data.pk, full_name="Người thêm sau khi sao lưu")
    (media / "moi.pdf").write_bytes(b"%PDF-new")

    with pytest.raises(CommandError, match="Từ chối khôi phục.*--force"):
        call_command("restore", str(archive))
    assert snapshot_files(media)["moi.pdf"], "nothing touched"

    call_command("restore", str(archive), "--force")
    from thidua.orgs.models import Person

    assert not Person.objects.filter(full_name="Người thêm sau khi sao lưu").exists()
    assert "moi.pdf" not in snapshot_files(media)
    assert Person.objects.count() == 5


def _tamper(archive: Path, out: Path, member: str, new_bytes: bytes) -> None:
    with tarfile.open(archive) as src, tarfile.open(out, "w") as dst:
        for info in src:
            data = src.extractfile(info).read()
            if info.name == member:
                data = new_bytes
                info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


def test_restore_rejects_a_changed_file_before_touching_anything(province_data, media, tmp_path):
    archive = tmp_path / "thidua.tar"
    call_command("backup", str(archive))
    bad = tmp_path / "bi-sua.tar"
    _tamper(archive, bad, "media/dinh-kem.docx", b"PK\x03\x04 changed")
    wipe_media(media)
    tables_before = snapshot_tables()

    with pytest.raises(CommandError, match="tổng kiểm tra.*không khớp.*dinh-kem.docx"):
        call_command("restore", str(bad), "--force")
    assert snapshot_tables() == tables_before, "the database was not touched"


def test_restore_command_exits_non_zero_with_vietnamese_message(tmp_path, media, province_data):
    """The console script, as an operator runs it: a damaged archive ends with status ≠ 0 and a message."""
    archive = tmp_path / "thidua.tar"
    call_command("backup", str(archive))
    bad = tmp_path / "bi-sua.tar"
    db_member = backup_module.SQLITE_MEMBER if connection.vendor == "sqlite" else backup_module.PG_MEMBER
    _tamper(archive, bad, db_member, b"not a database")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'trong.sqlite3'}",
           "THIDUA_MEDIA_ROOT": str(tmp_path / "media-trong")}
    result = subprocess.run([sys.executable, "-m", "thidua", "restore", str(bad)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "không khớp" in result.stderr and db_member in result.stderr
    assert not (tmp_path / "media-trong").exists() or not any((tmp_path / "media-trong").iterdir())


def test_pg_tools_match_the_server(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        major = backup_module._server_major(cursor)
    for tool in ("pg_dump", "pg_restore"):
        path = backup_module.pg_tool(tool, major)
        out = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
        assert int(out.split()[-1].split(".")[0]) >= major
