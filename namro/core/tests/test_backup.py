"""`namro backup` then `namro restore` into an empty database gives the same rows in every
table and the same files; a changed backup is refused before anything is restored."""

from __future__ import annotations

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


def _restore_in_a_fresh_process(folder: Path, database_url: str, var: Path) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "NAMRO_VAR_DIR": str(var),
        "NAMRO_AUDIT_KEY_FILE": str(settings.NAMRO_AUDIT_KEY_FILE),
        "NAMRO_AUDIT_SEAL_FILE": str(var / "audit.seals"),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
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
    call_command("backup", "-o", str(tmp_path))
    (folder,) = [p for p in tmp_path.iterdir() if p.name.startswith("namro-backup-")]
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
