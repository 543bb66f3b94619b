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
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from namro.core.actors import Actor
from namro.core.bulk import insert_rows

from .keys import KeyRing, keyring
from .models import MAX_CHAINS, AuditEvent, AuditHead

GENESIS = "0" * 64

# The request id of the request being served, set by middleware, read by record().
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def _canonical(value: Any) -> Any:
    """JSON-safe, key-sorted form, so the hash is the same before and after a round trip."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


PAYLOAD = (
    "at",
    "actor",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "request_id",
    "prev_hash",
    "key_id",
    "chain",
)


def _payload_of(values: dict[str, Any]) -> bytes:
    """What an event's hash covers, from its values (``at`` in ISO form, ``actor`` an id)."""
    return json.dumps(
        {key: values[key] for key in PAYLOAD},
        sort_keys=True,
        ensure_ascii=False,
        cls=DjangoJSONEncoder,
    ).encode("utf-8")


def _payload(event: AuditEvent) -> bytes:
    return _payload_of(
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
            "chain": event.chain,
        }
    )


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


_heads_ensured = False


def chains() -> int:
    """How many chains writers spread over: ``NAMRO_AUDIT_CHAINS`` on PostgreSQL (whose row
    locks let writers take different chains at once), one on SQLite (one writer at a time)."""
    if transaction.get_connection().vendor != "postgresql":
        return 1
    return max(1, min(MAX_CHAINS, int(settings.NAMRO_AUDIT_CHAINS)))


def _ensure_heads(count: int) -> None:
    global _heads_ensured
    AuditHead.objects.bulk_create(
        [AuditHead(id=n, last_hash=GENESIS) for n in range(1, count + 1)], ignore_conflicts=True
    )
    _heads_ensured = True


def _free_head(count: int) -> AuditHead | None:
    return (
        AuditHead.objects.select_for_update(skip_locked=True)
        .filter(id__lte=count)
        .order_by("?")
        .first()
    )


def _take_head() -> AuditHead:
    """Lock the head of a chain no other transaction holds (any, when all are held)."""
    count = chains()
    if count == 1:
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            id=1, defaults={"last_hash": GENESIS}
        )
        return head
    if not _heads_ensured:
        _ensure_heads(count)
    free = _free_head(count)
    if free is None:
        _ensure_heads(count)
        free = _free_head(count)
    if free is not None:
        return free
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        id=random.randint(1, count), defaults={"last_hash": GENESIS}
    )
    return head


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
    head = _take_head()
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
        chain=head.pk,
        prev_hash=head.last_hash,
    )
    event.hash = _digest(event, ring)
    event.save(force_insert=True)
    head.last_hash = event.hash
    head.count += 1
    head.save(update_fields=["last_hash", "count"])
    return event


_ENCODER = DjangoJSONEncoder(sort_keys=True, ensure_ascii=False)
_json_text = encode_basestring


def _json(value: Any) -> str:
    """``value`` as ``_payload_of`` writes it inside the payload (keys sorted, not escaped)."""
    return _ENCODER.encode(value)


def payload_template(values: dict[str, Any]) -> tuple[str, ...]:
    """``_payload_of`` cut around the values that differ from event to event (``after``,
    ``before``, ``object_id``, ``object_repr``, ``prev_hash``), the others given in
    ``values``: the payload of one event is these pieces joined with those values' JSON in
    between, the same bytes as ``_payload_of`` gives (the keys in sorted order)."""
    keys = sorted(PAYLOAD)
    varying = ("after", "before", "object_id", "object_repr", "prev_hash")
    pieces: list[str] = []
    text = "{"
    for n, key in enumerate(keys):
        text += ("" if n == 0 else ", ") + f"{_json(key)}: "
        if key in varying:
            pieces.append(text)
            text = ""
        else:
            text += _json(values[key])
    pieces.append(text + "}")
    return tuple(pieces)


def record_many(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    items: Iterable[tuple[Any, str, dict[str, Any] | None, dict[str, Any] | None]],
) -> int:
    """Append one event per ``(object id, object repr, before, after)`` of ``items``, all of
    ``object_type``, to one chain: what ``record`` does one by one, with one lock of the
    chain's head and the rows inserted in batches (an import of 10⁵ tasks). ``before`` and
    ``after`` must be JSON values already (as ``snapshot`` gives): each is serialised once,
    for the hash and for its column. Must run inside the transaction of the write. Returns
    the number of events."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record_many must be called inside the write's transaction")
    ring = keyring()
    head = _take_head()
    user = actor if getattr(actor, "is_authenticated", False) else None
    at = timezone.now()
    common = {
        "at": at.isoformat(),
        "actor": user.pk if user else None,
        "actor_name": user.get_username() if user else "system",
        "action": action,
        "object_type": object_type,
        "request_id": current_request_id.get(),
        "key_id": ring.current,
        "chain": head.pk,
    }
    # Sorted, the varying keys come as: after, before, object_id, object_repr, prev_hash.
    p_after, p_before, p_id, p_repr, p_prev, p_end = payload_template(common)
    mac = ring.mac
    key_id = ring.current
    count = 0

    def rows() -> Iterator[tuple[Any, ...]]:
        nonlocal count
        prev = head.last_hash
        for object_id, object_repr, before, after in items:
            oid, orepr = str(object_id)[:64], object_repr[:255]
            after_text = None if after is None else _json(after)
            before_text = None if before is None else _json(before)
            payload = "".join(
                (
                    p_after, after_text or "null", p_before, before_text or "null",
                    p_id, _json_text(oid), p_repr, _json_text(orepr), p_prev, f'"{prev}"', p_end,
                )
            )  # fmt: skip
            digest = mac(key_id, payload.encode("utf-8"))
            yield (
                at, common["actor"], common["actor_name"], action, object_type, oid, orepr,
                before_text, after_text, common["request_id"], head.pk, key_id, prev, digest,
            )  # fmt: skip
            prev = digest
            count += 1
        head.last_hash = prev

    insert_rows(AuditEvent, EVENT_COLUMNS, rows(), json_text=("before", "after"))
    if count:
        head.count += count
        head.save(update_fields=["last_hash", "count"])
    return count


EVENT_COLUMNS = (
    "at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "request_id",
    "chain",
    "key_id",
    "prev_hash",
    "hash",
)


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
    body = {k: seal[k] for k in ("at", "heads", "key_id")}
    return ring.mac(key_id, json.dumps(body, sort_keys=True).encode("utf-8"))


def seal(path: Path | None = None) -> dict[str, Any]:
    """Append the head of every chain — its last event's id and hash and its length — signed,
    to the seal file (append-only, outside the database) and return the seal. Sealing an
    empty log writes nothing."""
    ring = keyring()
    with transaction.atomic():
        heads = {h.pk: h for h in AuditHead.objects.select_for_update().filter(count__gt=0)}
        last = {
            chain: (event_id, event_hash)
            for chain, event_id, event_hash in AuditEvent.objects.filter(
                hash__in=[h.last_hash for h in heads.values()]
            ).values_list("chain", "id", "hash")
        }
    if not heads:
        return {}
    record_: dict[str, Any] = {
        "at": timezone.now().isoformat(),
        "heads": {
            str(n): {"last_id": last[n][0], "count": h.count, "hash": h.last_hash}
            for n, h in sorted(heads.items())
            if n in last
        },
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
    """Walk the events in id order, each chain linked on its own; report the first event whose
    link or content does not hold; then check every chain's head row and every seal (of
    ``seals_path``, by default the seal file) against what was walked."""
    ring = keyring()
    seals, problem = read_seals(seals_path or seal_file(), ring)
    if problem:
        return VerifyResult(False, 0, None, problem)
    sealed_ids = {int(h["last_id"]) for s in seals for h in s["heads"].values()}
    seen: dict[int, tuple[int, int, str]] = {}  # event id -> (chain, position, hash)
    prev: dict[int, str] = {}
    length: dict[int, int] = {}
    checked = 0
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            break
        for event in rows:
            chain = event.chain
            if event.prev_hash != prev.get(chain, GENESIS):
                return VerifyResult(
                    False, checked, event.id, "prev_hash does not match the previous event"
                )
            if event.key_id not in ring.keys:
                return VerifyResult(False, checked, event.id, "not signed by an audit key")
            if not hmac.compare_digest(_digest(event, ring), event.hash):
                return VerifyResult(False, checked, event.id, "content does not match its hash")
            prev[chain] = event.hash
            length[chain] = length.get(chain, 0) + 1
            checked += 1
            last_id = event.id
            if event.id in sealed_ids:
                seen[event.id] = (chain, length[chain], event.hash)
    for item in seals:
        for chain, head in item["heads"].items():
            found = seen.get(int(head["last_id"]))
            if found is None:
                return VerifyResult(
                    False, checked, None, f"sealed event #{head['last_id']} is missing", len(seals)
                )
            if found != (int(chain), int(head["count"]), head["hash"]):
                return VerifyResult(
                    False,
                    checked,
                    int(head["last_id"]),
                    "the chain up to a sealed event differs from its seal",
                    len(seals),
                )
    for head in AuditHead.objects.all():
        if head.last_hash != prev.get(head.pk, GENESIS) or head.count != length.get(head.pk, 0):
            return VerifyResult(
                False, checked, None, "events are missing at the end of the chain", len(seals)
            )
    return VerifyResult(True, checked, seals=len(seals))
