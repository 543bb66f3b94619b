"""The secret keys of the audit chain, held outside the database.

``NAMRO_AUDIT_KEYS`` ("id:hex,id:hex", the last one current) or the key file
``NAMRO_AUDIT_KEY_FILE`` (one "id hex" per line, the last one current; by default
``audit.keys`` under ``NAMRO_VAR_DIR``). Outside production a missing key file is created with
one fresh key, readable by its owner only. Rotating appends a key; old keys stay in the file so
the events and seals they signed still verify. Reading and writing the keys is
``namro.core.keyfiles``'s, shared with the keys that seal the TOTP secrets.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from django.conf import settings

from namro.core import keyfiles


@dataclass(frozen=True)
class KeyRing:
    keys: dict[str, bytes]
    current: str

    def mac(self, key_id: str, message: bytes) -> str:
        """HMAC-SHA256 of ``message`` under the key ``key_id`` (KeyError if unknown)."""
        return hmac.new(self.keys[key_id], message, sha256).hexdigest()


def key_file() -> Path:
    return Path(settings.NAMRO_AUDIT_KEY_FILE)


def _source() -> keyfiles.KeySource:
    return keyfiles.KeySource(
        name="audit",
        variable="NAMRO_AUDIT_KEYS",
        path=key_file(),
        rotate_command="namro audit rotate-key",
    )


def keyring() -> KeyRing:
    """The keys in force (the file is read again whenever it changes)."""
    found = keyfiles.load(_source(), production=settings.NAMRO_ENV == "production")
    return KeyRing(found.keys, found.current)


def rotate() -> str:
    """Append a new key to the key file; return its id."""
    return keyfiles.add_key(_source())
