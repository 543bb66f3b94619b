"""The secret keys of the audit chain, held outside the database.

``NAMRO_AUDIT_KEYS`` ("id:hex,id:hex", the last one current) or the key file
``NAMRO_AUDIT_KEY_FILE`` (one "id hex" per line, the last one current; by default
``audit.keys`` under ``NAMRO_VAR_DIR``). Outside production a missing key file is created with
one fresh key, readable by its owner only. Rotating appends a key; old keys stay in the file so
the events and seals they signed still verify.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import secrets
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class KeyRing:
    keys: dict[str, bytes]
    current: str

    def mac(self, key_id: str, message: bytes) -> str:
        """HMAC-SHA256 of ``message`` under the key ``key_id`` (KeyError if unknown)."""
        return hmac.new(self.keys[key_id], message, sha256).hexdigest()


def key_file() -> Path:
    return Path(settings.NAMRO_AUDIT_KEY_FILE)


def _parse(pairs: list[tuple[str, str]], where: str) -> KeyRing:
    keys: dict[str, bytes] = {}
    for key_id, value in pairs:
        try:
            secret = bytes.fromhex(value)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{where}: key {key_id!r} is not hexadecimal") from exc
        if len(secret) < 32:
            raise ImproperlyConfigured(f"{where}: key {key_id!r} is shorter than 32 bytes")
        keys[key_id] = secret
    if not keys:
        raise ImproperlyConfigured(f"{where}: no key")
    return KeyRing(keys, pairs[-1][0])


def _read_file(path: Path) -> KeyRing:
    pairs = []
    for number, line in enumerate(path.read_text(encoding="ascii").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2:
            raise ImproperlyConfigured(f"{path}:{number}: expected 'id hex'")
        pairs.append((parts[0], parts[1]))
    return _parse(pairs, str(path))


def _new_line(key_id: str) -> str:
    return f"{key_id} {secrets.token_hex(32)}\n"


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write("# namro audit keys: id hex; the last line is the current key\n")
        handle.write(_new_line("k1"))


_cached: tuple[tuple[str, int], KeyRing] | None = None


def keyring() -> KeyRing:
    """The keys in force (the file is read again whenever it changes)."""
    global _cached
    configured = os.environ.get("NAMRO_AUDIT_KEYS", "").strip()
    if configured:
        pairs = []
        for item in configured.split(","):
            key_id, _, value = item.strip().partition(":")
            pairs.append((key_id, value))
        return _parse(pairs, "NAMRO_AUDIT_KEYS")
    path = key_file()
    if not path.exists():
        if settings.NAMRO_ENV == "production":
            raise ImproperlyConfigured(
                f"the audit key file {path} does not exist: create it with `namro audit rotate-key`"
            )
        with contextlib.suppress(FileExistsError):  # another process made it first
            _create(path)
    stamp = (str(path), path.stat().st_mtime_ns)
    if _cached is None or _cached[0] != stamp:
        _cached = (stamp, _read_file(path))
    return _cached[1]


def rotate() -> str:
    """Append a new key to the key file; return its id."""
    if os.environ.get("NAMRO_AUDIT_KEYS", "").strip():
        raise ImproperlyConfigured("keys come from NAMRO_AUDIT_KEYS: rotate them there")
    path = key_file()
    if not path.exists():
        _create(path)
        return "k1"
    ring = _read_file(path)
    number = 1 + max(int(k[1:]) for k in ring.keys if k[1:].isdigit()) if ring.keys else 1
    key_id = f"k{number}"
    with path.open("a", encoding="ascii") as handle:
        handle.write(_new_line(key_id))
    return key_id
