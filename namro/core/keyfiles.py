"""Secret keys held outside the database: in an environment variable or in a key file.

The variable holds ``id:hex`` items separated by commas or new lines; the file holds one
``id hex`` per line (``#`` starts a comment). In both the last key is the current one and the
others are kept so that what they signed or sealed still opens. Outside production a missing
key file is created with one fresh key, readable by its owner only; in production it must be
there. The audit chain's keys (``namro.audit.keys``) and the keys that seal the TOTP secrets
(``namro.access.sealing``) are both read this way.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32


@dataclass(frozen=True)
class KeySource:
    """Where one set of keys comes from, and what to tell an operator about it."""

    name: str  # what the keys are for, in messages and the file's first line ("audit")
    variable: str  # the environment variable that overrides the file
    path: Path
    rotate_command: str  # the command that creates the file or adds a key
    exact_length: bool = False  # every key must be KEY_BYTES long (a cipher's key)


@dataclass(frozen=True)
class Keys:
    keys: dict[str, bytes]
    current: str


def parse(pairs: list[tuple[str, str]], where: str, *, exact_length: bool = False) -> Keys:
    """The keys of ``(id, hex)`` pairs, the last one current; ImproperlyConfigured, naming
    ``where``, for a value that is not hexadecimal, too short or (``exact_length``) too long."""
    keys: dict[str, bytes] = {}
    for key_id, value in pairs:
        if not key_id:
            raise ImproperlyConfigured(f"{where}: a key has no id")
        try:
            secret = bytes.fromhex(value)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{where}: key {key_id!r} is not hexadecimal") from exc
        if len(secret) < KEY_BYTES:
            raise ImproperlyConfigured(f"{where}: key {key_id!r} is shorter than 32 bytes")
        if exact_length and len(secret) != KEY_BYTES:
            raise ImproperlyConfigured(f"{where}: key {key_id!r} is not 32 bytes (64 hex digits)")
        keys[key_id] = secret
    if not keys:
        raise ImproperlyConfigured(f"{where}: no key")
    return Keys(keys, pairs[-1][0])


def parse_variable(value: str, where: str, *, exact_length: bool = False) -> Keys:
    """The keys of a variable's ``id:hex`` items (``id hex`` also taken), separated by commas
    or new lines."""
    pairs = []
    for item in re.split(r"[,\n]", value):
        item = item.strip()
        if item:
            key_id, _, secret = re.sub(r"[:\s]+", ":", item, count=1).partition(":")
            pairs.append((key_id, secret))
    return parse(pairs, where, exact_length=exact_length)


def read_file(path: Path, *, exact_length: bool = False) -> Keys:
    pairs = []
    for number, line in enumerate(path.read_text(encoding="ascii").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2:
            raise ImproperlyConfigured(f"{path}:{number}: expected 'id hex'")
        pairs.append((parts[0], parts[1]))
    return parse(pairs, str(path), exact_length=exact_length)


def _new_line(key_id: str) -> str:
    return f"{key_id} {secrets.token_hex(KEY_BYTES)}\n"


def _create(source: KeySource) -> None:
    source.path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(source.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(f"# namro {source.name} keys: id hex; the last line is the current key\n")
        handle.write(_new_line("k1"))
        handle.flush()
        os.fsync(handle.fileno())


_cached: dict[tuple[Path, bool], tuple[tuple[int, int], Keys]] = {}


def load(source: KeySource, *, production: bool) -> Keys:
    """The keys in force: the variable's when it is set, else the file's (read again whenever
    it changes). A missing file is made outside production and refused in production."""
    configured = os.environ.get(source.variable, "").strip()
    if configured:
        return parse_variable(configured, source.variable, exact_length=source.exact_length)
    path = source.path
    if not path.exists():
        if production:
            raise ImproperlyConfigured(
                f"the {source.name} key file {path} does not exist: set {source.variable}, "
                f"or create the file with `{source.rotate_command}`"
            )
        with contextlib.suppress(FileExistsError):  # another process made it first
            _create(source)
    status = path.stat()
    stamp = (status.st_mtime_ns, status.st_size)
    cached = _cached.get((path, source.exact_length))
    if cached is None or cached[0] != stamp:
        cached = (stamp, read_file(path, exact_length=source.exact_length))
        _cached[(path, source.exact_length)] = cached
    return cached[1]


def add_key(source: KeySource) -> str:
    """Append a new key to the key file (creating the file when missing); return its id. The
    new key is written to disk before this returns, so nothing is sealed under a key that a
    crash could lose."""
    if os.environ.get(source.variable, "").strip():
        raise ImproperlyConfigured(f"keys come from {source.variable}: rotate them there")
    path = source.path
    if not path.exists():
        _create(source)
        return "k1"
    keys = read_file(path, exact_length=source.exact_length)
    numbers = [int(k[1:]) for k in keys.keys if k.startswith("k") and k[1:].isdigit()]
    key_id = f"k{max(numbers, default=0) + 1}"
    with path.open("a", encoding="ascii") as handle:
        handle.write(_new_line(key_id))
        handle.flush()
        os.fsync(handle.fileno())
    return key_id
