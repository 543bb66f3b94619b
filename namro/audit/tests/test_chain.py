"""The audit chain against the attacker the word implies: one who can write to the database
(edit a row, delete rows, recompute every hash, cut the tail and fix the head) but holds
neither the key nor the seal file kept outside it."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from namro.audit import keys
from namro.audit.models import AuditEvent, AuditHead
from namro.audit.services import _payload, record, seal, verify_chain
from namro.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table
POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def events():
    for i in range(24):
        UnitFactory(name=f"Sở thứ {i}")
    return list(AuditEvent.objects.order_by("id"))


def as_owner(sql: str, params: list | None = None) -> None:
    """Run ``sql`` as a superuser of the database could: on PostgreSQL with triggers switched
    off for the statement (``session_replication_role``), past the append-only trigger."""
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params or [])
        if POSTGRES:
            cursor.execute("SET LOCAL session_replication_role = origin")


def rechain(hasher) -> None:
    """Recompute every event's hash and link with ``hasher(event) -> hex``, and fix the head:
    what an attacker who rewrote history would do."""
    prev: dict[int, str] = {}
    length: dict[int, int] = {}
    rows = list(AuditEvent.objects.order_by("id"))
    for event in rows:
        event.prev_hash = prev.get(event.chain, "0" * 64)
        event.hash = hasher(event)
        as_owner(
            f"UPDATE {TABLE} SET prev_hash = %s, hash = %s, object_repr = %s, key_id = %s "
            "WHERE id = %s",
            [event.prev_hash, event.hash, event.object_repr, event.key_id, event.id],
        )
        prev[event.chain] = event.hash
        length[event.chain] = length.get(event.chain, 0) + 1
    for chain, last in prev.items():
        AuditHead.objects.filter(id=chain).update(last_hash=last, count=length[chain])


def test_each_event_links_to_the_one_before_in_its_chain_and_is_signed(events):
    ring = keys.keyring()
    by_chain: dict[int, list[AuditEvent]] = {}
    for event in events:
        by_chain.setdefault(event.chain, []).append(event)
    for chain in by_chain.values():
        assert chain[0].prev_hash == "0" * 64
        for previous, event in itertools.pairwise(chain):
            assert event.prev_hash == previous.hash
    assert all(event.key_id == ring.current for event in events)
    assert verify_chain().ok and verify_chain().checked == 24


def test_verify_command_reports_an_intact_sealed_chain(events, capsys):
    call_command("audit", "seal")
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "24 sự kiện" in out and "khớp 1 dấu niêm phong" in out


def test_changing_a_row_breaks_the_chain_at_that_event(events):
    target = events[2]
    as_owner(f"UPDATE {TABLE} SET object_repr = %s WHERE id = %s", ["giả mạo", target.id])
    result = verify_chain()
    assert not result.ok and result.broken_id == target.id
    with pytest.raises(CommandError, match=f"#{target.id}"):
        call_command("audit", "verify")


def test_recomputing_the_chain_without_the_key_is_found(events):
    events[5].object_repr = "giả mạo"

    def plain_sha256(event):
        if event.id == events[5].id:
            event.object_repr = "giả mạo"
        return hashlib.sha256(_payload(event)).hexdigest()

    rechain(plain_sha256)
    assert not verify_chain().ok


def test_recomputing_the_chain_with_a_guessed_key_is_found(events):
    guess = b"k" * 32

    def forged(event):
        if event.id == events[5].id:
            event.object_repr = "giả mạo"
        return hmac.new(guess, _payload(event), hashlib.sha256).hexdigest()

    rechain(forged)
    result = verify_chain()
    assert not result.ok and result.reason == "content does not match its hash"


def test_recomputing_the_chain_with_the_stolen_key_is_found_by_the_seal(events):
    seal()
    ring = keys.keyring()

    def with_key(event):
        if event.id == events[5].id:
            event.object_repr = "giả mạo"
        return ring.mac(event.key_id, _payload(event))

    rechain(with_key)
    result = verify_chain()
    assert not result.ok and "seal" in result.reason


def test_cutting_the_last_twenty_events_and_fixing_the_head_is_found_by_the_seal(events):
    seal()
    keep = events[3]
    as_owner(f"DELETE FROM {TABLE} WHERE id > %s", [keep.id])
    AuditHead.objects.all().update(last_hash="0" * 64, count=0)
    for event in events[:4]:
        AuditHead.objects.filter(id=event.chain).update(last_hash=event.hash)
    for chain in {e.chain for e in events[:4]}:
        AuditHead.objects.filter(id=chain).update(
            count=sum(1 for e in events[:4] if e.chain == chain)
        )
    result = verify_chain()
    assert not result.ok and result.reason.startswith("sealed event #")
    assert result.reason.endswith("is missing")


def test_a_forged_seal_is_refused(events, settings):
    seal()
    path = settings.NAMRO_AUDIT_SEAL_FILE
    line = json.loads(path.read_text().splitlines()[0])
    # Any change to what the seal says, here a head's count, must break its signature.
    next(iter(line["heads"].values()))["count"] += 1
    path.write_text(json.dumps(line) + "\n")
    assert "not signed" in verify_chain().reason


def test_verify_against_another_copy_of_the_seals(events, settings, tmp_path, capsys):
    copy = tmp_path / "copy.seals"
    seal(copy)
    call_command("audit", "verify", "--against", str(copy))
    assert "khớp 1 dấu niêm phong" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("audit", "verify", "--against", str(tmp_path / "none.seals"))


def test_a_rotated_key_signs_new_events_and_old_ones_still_verify(settings, tmp_path):
    settings.NAMRO_AUDIT_KEY_FILE = tmp_path / "audit.keys"
    UnitFactory(name="Trước khi đổi khóa")
    seal()
    first = keys.keyring().current
    new = keys.rotate()
    UnitFactory(name="Sau khi đổi khóa")
    assert new != first
    latest = AuditEvent.objects.order_by("-id").first()
    assert latest.key_id == new
    seal()
    result = verify_chain()
    assert result.ok and result.seals == 2


@pytest.mark.skipif(not POSTGRES, reason="the append-only trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete_of_events(events):
    for sql in (f"UPDATE {TABLE} SET action = 'x'", f"DELETE FROM {TABLE}"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditEvent.objects.count() == 24


def test_the_admin_can_neither_change_nor_delete_events(events):
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    model_admin = admin.site._registry[AuditEvent]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, events[0])
    assert not model_admin.has_delete_permission(request, events[0])


@pytest.mark.skipif(not POSTGRES, reason="SQLite has one writer at a time and one chain")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_take_different_chains_and_every_chain_verifies():
    import threading

    from django.db import connections

    barrier = threading.Barrier(8)
    errors = []

    def write(n):
        try:
            barrier.wait()
            for i in range(5):
                with transaction.atomic():
                    record(
                        actor=None, action="test.write", object_type="test", object_id=f"{n}-{i}"
                    )
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AuditEvent.objects.count() == 40
    assert AuditEvent.objects.values("chain").distinct().count() > 1
    seal()
    assert verify_chain().ok


def test_events_recorded_many_at_once_hash_as_one_by_one_would():
    """``record_many`` builds each payload from pieces cut once; its hashes are those of
    ``_payload`` over the stored rows, whatever the values hold (quotes, accents, nesting)."""
    from namro.audit.services import record_many

    user = UserFactory(username="người nhập")
    items = [
        (7, 'Nhiệm vụ "một" \\ xuống\ndòng', None, {"b": [1, None, True], "a": "Đ", "z": 1.5}),
        ("x-8", "Ủy ban — số 8", {"k": {"y": 2, "x": "ồ"}}, None),
        (9, "", None, None),
    ]
    with transaction.atomic():
        assert record_many(actor=user, action="task.create", object_type="t.t", items=items) == 3
    stored = list(AuditEvent.objects.filter(object_type="t.t").order_by("id"))
    assert [(e.object_id, e.object_repr, e.before, e.after) for e in stored] == [
        (str(oid), text, before, after) for oid, text, before, after in items
    ]
    ring = keys.keyring()
    for event in stored:
        assert ring.mac(event.key_id, _payload(event)) == event.hash
        assert event.actor_name == "người nhập"
    assert [e.prev_hash for e in stored[1:]] == [e.hash for e in stored[:-1]]
    assert verify_chain().ok
