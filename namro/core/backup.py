"""Backup and restore: a consistent snapshot of the database and the uploaded files, with a
manifest of content hashes that restore checks before it touches anything.

A backup is a folder: ``database.sqlite3`` (SQLite's online backup API, consistent while the
application writes) or ``database.dump`` (``pg_dump`` custom format), ``media.tar`` (the
uploaded files), ``audit.seals`` (a copy of the audit seals, when there are any) and
``manifest.json`` (each file's SHA-256 and size, the database engine, the audit head, the rows
of each table). The audit keys and the keys that seal the TOTP secrets are never in a backup:
keep them apart (docs/deployment.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Vietnamese."""


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine(alias: str = "default") -> str:
    return connections[alias].vendor


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict[str, Any]) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return args


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(f"Không tìm thấy chương trình {tool} (cài gói postgresql-client).")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{tool} thất bại: {done.stderr.strip()[:2000]}")


def _dump_database(target: Path, alias: str = "default") -> Path:
    db = connections[alias].settings_dict
    if _engine(alias) == "sqlite":
        out = target / "database.sqlite3"
        connections[alias].ensure_connection()
        source = connections[alias].connection
        with sqlite3.connect(out) as copy:
            source.backup(copy)
        copy.close()
        return out
    if _engine(alias) == "postgresql":
        out = target / "database.dump"
        _run(
            [
                "pg_dump",
                "-Fc",
                "--no-owner",
                "--no-privileges",
                *_pg_args(db),
                "-f",
                str(out),
                str(db["NAME"]),
            ],
            _pg_env(db),
        )
        return out
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {_engine(alias)}.")


def _media_files(root: Path) -> Iterator[Path]:
    if root.exists():
        yield from sorted(p for p in root.rglob("*") if p.is_file())


def _pack_media(target: Path) -> Path:
    out = target / "media.tar"
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(out, "w") as tar:
        for path in _media_files(root):
            tar.add(path, arcname=str(path.relative_to(root)))
    return out


def table_counts(alias: str = "default") -> dict[str, int]:
    conn = connections[alias]
    with conn.cursor() as cursor:
        counts = {}
        for table in sorted(conn.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def backup(out_dir: Path) -> Path:
    """Write a backup folder under ``out_dir``; return it."""
    from namro.audit.models import AuditHead
    from namro.audit.services import seal_file

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = Path(out_dir) / f"namro-backup-{stamp}"
    if target.exists():
        raise BackupError(f"Thư mục {target} đã có; chờ một giây rồi chạy lại.")
    partial = Path(tempfile.mkdtemp(prefix=".namro-backup-", dir=out_dir))
    try:
        files = [_dump_database(partial), _pack_media(partial)]
        seals = seal_file()
        if seals.exists():
            copy = partial / "audit.seals"
            shutil.copyfile(seals, copy)
            files.append(copy)
        head = AuditHead.objects.filter(id=1).values("last_hash", "count").first()
        manifest = {
            "format": FORMAT,
            "made_at": timezone.now().isoformat(),
            "engine": _engine(),
            "files": {f.name: {"sha256": file_hash(f), "size": f.stat().st_size} for f in files},
            "media": [
                str(p.relative_to(settings.MEDIA_ROOT))
                for p in _media_files(Path(settings.MEDIA_ROOT))
            ],
            "audit_head": head,
            "tables": table_counts(),
        }
        (partial / MANIFEST).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True), encoding="utf-8"
        )
        partial.rename(target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return target


@dataclass(frozen=True)
class Checked:
    folder: Path
    manifest: dict[str, Any]


def check(folder: Path) -> Checked:
    """Read the manifest and check every file against it, before anything is restored."""
    folder = Path(folder)
    path = folder / MANIFEST
    if not path.exists():
        raise BackupError(f"{folder} không phải bản sao lưu của namro (thiếu {MANIFEST}).")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BackupError(f"{path} hỏng: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: định dạng {manifest.get('format')} không được hỗ trợ.")
    for name, expected in manifest["files"].items():
        part = folder / name
        if not part.exists():
            raise BackupError(f"Bản sao lưu thiếu tệp {name}.")
        if file_hash(part) != expected["sha256"]:
            raise BackupError(
                f"Tệp {name} không khớp mã băm trong {MANIFEST}: bản sao lưu đã bị thay đổi."
            )
    return Checked(folder, manifest)


def _database_is_empty(alias: str = "default") -> bool:
    conn = connections[alias]
    with conn.cursor() as cursor:
        return not conn.introspection.table_names(cursor)


def restore(folder: Path, *, alias: str = "default") -> Checked:
    """Restore a checked backup into the configured database (which must be empty) and the
    media folder (which must hold no file)."""
    checked = check(folder)
    manifest = checked.manifest
    if manifest["engine"] != _engine(alias):
        raise BackupError(
            f"Bản sao lưu của {manifest['engine']} không khôi phục được vào {_engine(alias)}."
        )
    if not _database_is_empty(alias):
        raise BackupError("Cơ sở dữ liệu đích đã có bảng: chỉ khôi phục vào cơ sở dữ liệu trống.")
    media_root = Path(settings.MEDIA_ROOT)
    if any(_media_files(media_root)):
        raise BackupError(f"Thư mục tệp {media_root} đã có tệp: chỉ khôi phục vào thư mục trống.")
    conn = connections[alias]
    db = conn.settings_dict
    if manifest["engine"] == "sqlite":
        conn.ensure_connection()
        with sqlite3.connect(Path(folder) / "database.sqlite3") as source:
            source.backup(conn.connection)
        source.close()
    else:
        conn.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *_pg_args(db),
                "-d",
                str(db["NAME"]),
                str(Path(folder) / "database.dump"),
            ],
            _pg_env(db),
        )
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(Path(folder) / "media.tar") as tar:
        tar.extractall(media_root, filter="data")
    return checked


def table_hashes(cursor: Any, vendor: str) -> dict[str, str]:
    """Each table's rows as the database itself writes them as text, sorted, hashed: equal
    for two databases that hold the same rows, whichever driver reads them."""
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    tables = sorted(row[0] for row in cursor.fetchall())
    hashes = {}
    for table in tables:
        if vendor == "sqlite":
            cursor.execute(f'PRAGMA table_info("{table}")')
            columns = [row[1] for row in cursor.fetchall()]
            text = " || '|' || ".join(f'quote("{c}")' for c in columns)
            cursor.execute(f'SELECT {text} FROM "{table}" ORDER BY 1')
        else:
            cursor.execute(f'SELECT t::text FROM "{table}" t ORDER BY 1')
        digest = hashlib.sha256()
        for (row,) in cursor.fetchall():
            digest.update(row.encode("utf-8") + b"\n")
        hashes[table] = digest.hexdigest()
    return hashes
