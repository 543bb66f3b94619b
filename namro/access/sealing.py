"""The TOTP secrets, sealed under keys held outside the database.

A secret is encrypted with AES-256-GCM under one of the keys of ``NAMRO_FACTOR_KEYS``
("id:hex,id:hex", the last one current) or of the key file ``NAMRO_FACTOR_KEY_FILE`` (one
"id hex" per line, the last one current; by default ``factor.keys`` under ``NAMRO_VAR_DIR``),
read as the audit keys are (``namro.core.keyfiles``). What is stored is the key's id and the
nonce and ciphertext; the authenticated data names the key id and the account, so a changed
ciphertext, a changed key id, or a sealed secret copied onto another account's device does not
open. Old keys stay in the file so the secrets they sealed still open until they are sealed
again under the current key (``namro factor rotate-key``).
"""

from __future__ import annotations

import base64
import binascii
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from namro.core import keyfiles

PURPOSE = b"namro.access.totp-secret"
NONCE_BYTES = 12


class SealBroken(Exception):
    """A sealed secret that does not open: its key id is not among the keys in force, or its
    ciphertext, key id or account was changed after it was sealed."""


@dataclass(frozen=True)
class Sealed:
    key_id: str
    ciphertext: str  # base64 of the nonce and the ciphertext with its tag


def _context(key_id: str, owner: int) -> bytes:
    return b"\0".join([PURPOSE, key_id.encode("utf-8"), str(owner).encode("ascii")])


@dataclass(frozen=True)
class FactorKeys:
    keys: dict[str, bytes]
    current: str

    def seal(self, secret: bytes, *, owner: int) -> Sealed:
        """``secret`` sealed under the current key, for the account ``owner``."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        body = AESGCM(self.keys[self.current]).encrypt(nonce, secret, _context(self.current, owner))
        return Sealed(self.current, base64.b64encode(nonce + body).decode("ascii"))

    def open(self, sealed: Sealed, *, owner: int) -> bytes:
        """The secret ``sealed`` holds for the account ``owner``; ``SealBroken`` when it does
        not open."""
        key = self.keys.get(sealed.key_id)
        if key is None:
            raise SealBroken(f"the key {sealed.key_id!r} is not among the factor keys in force")
        try:
            raw = base64.b64decode(sealed.ciphertext.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError) as exc:
            raise SealBroken("the sealed secret is not base64") from exc
        nonce, body = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
        try:
            return AESGCM(key).decrypt(nonce, body, _context(sealed.key_id, owner))
        except (InvalidTag, ValueError) as exc:
            raise SealBroken(
                f"the sealed secret does not open under the key {sealed.key_id!r}: "
                "it was changed, or belongs to another account"
            ) from exc


def key_file() -> Path:
    return Path(settings.NAMRO_FACTOR_KEY_FILE)


def _source() -> keyfiles.KeySource:
    return keyfiles.KeySource(
        name="factor",
        variable="NAMRO_FACTOR_KEYS",
        path=key_file(),
        rotate_command="namro factor rotate-key",
        exact_length=True,
    )


def factor_keys() -> FactorKeys:
    """The keys in force (the file is read again whenever it changes); ImproperlyConfigured
    in production when there are none."""
    found = keyfiles.load(_source(), production=settings.NAMRO_ENV == "production")
    return FactorKeys(found.keys, found.current)


def add_key() -> str:
    """Append a new key to the key file, which becomes the current one; return its id."""
    return keyfiles.add_key(_source())
