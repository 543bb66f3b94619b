"""Writing to, sealing and checking the audit chain.

Each event's ``hash`` is an HMAC under a key held outside the database (``keys.py``), over its
content and the hash before it. ``seal()`` appends the head of the chain — its last id, count
and hash, signed — to a file outside the database; ``verify_chain()`` walks the chain and checks
every seal against it, so a changed row, a recomputed chain and a cut tail are each found.
"""

from __future__ import annotations

import contextvars
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from namro.core.actors import Actor

from .keys import KeyRing, keyring
from .models import AuditEvent, AuditHead

GENESIS = "0" * 64

# The request id of the request being served, set by middleware, read by record().
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def _canonical(value: Any) -> Any:
    """JSON-safe, key-sorted form, so the hash is the same before and after a round trip."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def _payload(event: AuditEvent) -> bytes:
    return json.dumps(
        {
            "at": event.at.isoformat(),
            "actor": event.actor_id,
            "actor_name": event.actor_name,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "object_repr": event.object_repr,
            "before": event.before,
            "after": event.after,
            "request_id": event.request_id,
            "prev_hash": event.prev_hash,
            "key_id": event.key_id,
        },
        sort_keys=True,
        ensure_ascii=False,
        cls=DjangoJSONEncoder,
    ).encode("utf-8")


def _digest(event: AuditEvent, ring: KeyRing) -> str:
    """The event's hash: the HMAC of its content under its key (KeyError if unknown)."""
    return ring.mac(event.key_id, _payload(event))


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` (foreign keys as ids), for before/after."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"search_text", "created_at", "updated_at"}:
            continue
        data[field.attname] = getattr(obj, field.attname)
    return _canonical(data)


def record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    actor_name: str = "",
) -> AuditEvent:
    """Append one event to the chain. Must run inside the transaction of the write it records.

    ``obj`` names what was written; without one (a failed sign-in for an unknown name, a row
    that is gone) ``object_type``/``object_id``/``object_repr`` do. ``actor_name`` names an
    actor who is not a user (the name typed at a failed sign-in)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the write's transaction")
    ring = keyring()
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS}
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    if obj is not None:
        object_type, object_id, object_repr = obj._meta.label_lower, str(obj.pk), str(obj)
    event = AuditEvent(
        at=timezone.now(),
        actor=user,
        actor_name=user.get_username() if user else (actor_name[:150] or "system"),
        action=action,
        object_type=object_type,
        object_id=object_id[:64],
        object_repr=object_repr[:255],
        before=_canonical(before) if before is not None else None,
        after=_canonical(after) if after is not None else None,
        request_id=current_request_id.get(),
        key_id=ring.current,
        prev_hash=head.last_hash,
    )
    event.hash = _digest(event, ring)
    event.save(force_insert=True)
    head.last_hash = event.hash
    head.count += 1
    head.save(update_fields=["last_hash", "count"])
    return event


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""
    seals: int = 0


# --- seals ----------------------------------------------------------------------------------


def seal_file() -> Path:
    return Path(settings.NAMRO_AUDIT_SEAL_FILE)


def _seal_mac(ring: KeyRing, key_id: str, seal: dict[str, Any]) -> str:
    body = {k: seal[k] for k in ("at", "last_id", "count", "head_hash", "key_id")}
    return ring.mac(key_id, json.dumps(body, sort_keys=True).encode("utf-8"))


def seal(path: Path | None = None) -> dict[str, Any]:
    """Append the chain's head, signed, to the seal file (append-only, outside the database)
    and return the seal. Sealing an empty chain writes nothing."""
    ring = keyring()
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(id=1).first()
        last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    if head is None or last is None:
        return {}
    record_ = {
        "at": timezone.now().isoformat(),
        "last_id": last[0],
        "count": head.count,
        "head_hash": last[1],
        "key_id": ring.current,
    }
    record_["mac"] = _seal_mac(ring, ring.current, record_)
    target = path or seal_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record_, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return record_


def read_seals(path: Path, ring: KeyRing) -> tuple[list[dict[str, Any]], str]:
    """The seals of ``path`` in order, or the reason the file cannot be trusted."""
    if not path.exists():
        return [], ""
    seals = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            expected = _seal_mac(ring, item["key_id"], item)
        except (ValueError, KeyError, TypeError):
            return [], f"seal {number} of {path} cannot be read or its key is unknown"
        if not hmac.compare_digest(expected, str(item.get("mac", ""))):
            return [], f"seal {number} of {path} is not signed by an audit key"
        seals.append(item)
    return seals, ""


def verify_chain(*, batch: int = 5000, seals_path: Path | None = None) -> VerifyResult:
    """Walk the chain in id order; report the first event whose link or content does not
    hold, then check every seal (of ``seals_path``, by default the seal file) against it."""
    ring = keyring()
    seals, problem = read_seals(seals_path or seal_file(), ring)
    if problem:
        return VerifyResult(False, 0, None, problem)
    sealed = {int(s["last_id"]): s for s in seals}
    seen: dict[int, tuple[int, str]] = {}
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            break
        for event in rows:
            if event.prev_hash != prev:
                return VerifyResult(
                    False, checked, event.id, "prev_hash does not match the previous event"
                )
            if event.key_id not in ring.keys:
                return VerifyResult(False, checked, event.id, "not signed by an audit key")
            if not hmac.compare_digest(_digest(event, ring), event.hash):
                return VerifyResult(False, checked, event.id, "content does not match its hash")
            prev = event.hash
            checked += 1
            last_id = event.id
            if event.id in sealed:
                seen[event.id] = (checked, event.hash)
    for item in seals:
        found = seen.get(int(item["last_id"]))
        if found is None:
            return VerifyResult(
                False, checked, None, f"sealed event #{item['last_id']} is missing", len(seals)
            )
        if found != (int(item["count"]), item["head_hash"]):
            return VerifyResult(
                False,
                checked,
                int(item["last_id"]),
                "the chain up to a sealed event differs from its seal",
                len(seals),
            )
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.last_hash != prev or head.count != checked):
        return VerifyResult(
            False, checked, None, "events are missing at the end of the chain", len(seals)
        )
    return VerifyResult(True, checked, seals=len(seals))
