"""Sign the events written before the chain had keys: each is checked against its plain
SHA-256 link first (a broken old chain stops the migration), then re-linked under the key."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations

GENESIS = "0" * 64


def _old_payload(event):
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
        },
        sort_keys=True,
        ensure_ascii=False,
        cls=DjangoJSONEncoder,
    ).encode("utf-8")


def forwards(apps, schema_editor):
    from namro.audit.keys import keyring
    from namro.audit.services import _payload

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditHead = apps.get_model("audit", "AuditHead")
    rows = list(AuditEvent.objects.order_by("id"))
    if not rows:
        return
    ring = keyring()
    old_prev = new_prev = GENESIS
    for event in rows:
        if event.prev_hash != old_prev or hashlib.sha256(_old_payload(event)).hexdigest() != event.hash:
            raise RuntimeError(
                f"audit event #{event.id} does not match the old chain: run `namro audit verify` "
                "on the previous version and keep the database aside before upgrading"
            )
        old_prev = event.hash
        event.prev_hash = new_prev
        event.key_id = ring.current
        event.hash = ring.mac(ring.current, _payload(event))
        event.save(update_fields=["prev_hash", "key_id", "hash"])
        new_prev = event.hash
    AuditHead.objects.filter(id=1).update(last_hash=new_prev)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_event_key_and_chains")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
