"""`namro backup` then `namro restore` into an empty database gives the same rows in every
table and the same files; a changed backup is refused before anything is restored."""

from __future__ import annotations

import base64
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from namro.access.tests.otp import enrolled
from namro.audit.services import seal
from namro.core.backup import file_hash, table_hashes
from namro.paths import PROJECT_ROOT
from namro.tasks.services import task_report_progress

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def world(personas):
    task_report_progress(
        actor=personas.user("reporter"),
        task=personas.task,
        progress=30,
        narrative="Đã họp triển khai.",
        evidence=[SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 noi dung", "application/pdf")],
    )
    seal()
    return personas


def _media(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): file_hash(p) for p in root.rglob("*") if p.is_file()}


def _manage_in_a_fresh_process(
    database_url: str, var: Path, *args: str, factor_key_file: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``manage.py ARGS`` on the restored database, with this system's key files (or another
    factor key file)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "NAMRO_VAR_DIR": str(var),
        "NAMRO_AUDIT_KEY_FILE": str(settings.NAMRO_AUDIT_KEY_FILE),
        "NAMRO_AUDIT_SEAL_FILE": str(var / "audit.seals"),
        "NAMRO_FACTOR_KEY_FILE": str(factor_key_file or settings.NAMRO_FACTOR_KEY_FILE),
    }
    env.pop("NAMRO_FACTOR_KEYS", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _restore_in_a_fresh_process(folder: Path, database_url: str, var: Path) -> str:
    done = _manage_in_a_fresh_process(database_url, var, "restore", str(folder))
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def empty_database():
    """A URL of an empty database of the same engine, and a cursor factory for it."""
    if not POSTGRES:
        path = Path(settings.VAR_DIR) / f"restore-{uuid.uuid4().hex}.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path)
        path.unlink(missing_ok=True)
        return
    import psycopg

    name = f"namro_restore_{uuid.uuid4().hex[:12]}"
    params = connection.settings_dict
    admin = psycopg.connect(
        host=params["HOST"],
        port=params["PORT"] or 5432,
        user=params["USER"],
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{name}"

    def connect():
        return psycopg.connect(
            host=params["HOST"], port=params["PORT"] or 5432, user=params["USER"], dbname=name
        )

    yield url, connect
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_backup_then_restore_gives_identical_tables_and_files(world, tmp_path, empty_database):
    url, connect = empty_database
    device, _codes = enrolled(world.user("leader"))
    secret = device.open()
    call_command("backup", "-o", str(tmp_path))
    (folder,) = [p for p in tmp_path.iterdir() if p.name.startswith("namro-backup-")]
    # The backup holds neither key file nor a TOTP secret in the clear.
    assert not [p for p in folder.rglob("*") if p.suffix == ".keys"]
    for path in (p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert secret.hex().encode() not in data and base64.b32encode(secret) not in data
    with connection.cursor() as cursor:
        before = table_hashes(cursor, connection.vendor)
    media_before = _media(Path(settings.MEDIA_ROOT))
    assert any(name.endswith("bien-ban.pdf") for name in media_before)

    var = tmp_path / "restored"
    out = _restore_in_a_fresh_process(folder, url, var)
    assert "toàn vẹn" in out and "khớp 1 dấu niêm phong" in out

    target = connect()
    try:
        after = table_hashes(target.cursor(), connection.vendor)
    finally:
        target.close()
    assert after == before
    assert _media(var / "media") == media_before
    # The restored secrets open with this system's factor keys, and with no other.
    checked = _manage_in_a_fresh_process(url, var, "factor", "check")
    assert checked.returncode == 0 and "OK: 1 khóa bí mật" in checked.stdout, checked.stderr
    other = _manage_in_a_fresh_process(
        url, var, "factor", "check", factor_key_file=tmp_path / "other.keys"
    )
    assert other.returncode != 0 and "1 thiết bị không mở được" in other.stderr


def test_a_changed_backup_is_refused_before_anything_is_restored(world, tmp_path):
    call_command("backup", "-o", str(tmp_path))
    (folder,) = [p for p in tmp_path.iterdir() if p.name.startswith("namro-backup-")]
    call_command("restore", str(folder), "--check-only")
    with (folder / "media.tar").open("ab") as handle:
        handle.write(b"x")
    with pytest.raises(CommandError, match=r"media\.tar không khớp mã băm"):
        call_command("restore", str(folder), "--check-only")


def test_restore_refuses_a_database_that_is_not_empty(world, tmp_path):
    call_command("backup", "-o", str(tmp_path))
    (folder,) = [p for p in tmp_path.iterdir() if p.name.startswith("namro-backup-")]
    with pytest.raises(CommandError, match="đã có bảng"):
        call_command("restore", str(folder))
