"""Seal the secrets of the TOTP devices made before they were sealed: each row of django-otp's
``otp_totp_totpdevice`` table (the secret in hex) becomes a ``SealedTOTPDevice`` with the same
account, parameters, counters and dates, its secret sealed under the current factor key; then
the old rows are deleted, the old table dropped and its migrations forgotten, all in this
migration's one transaction. On SQLite the deleted rows are overwritten (``secure_delete``);
on PostgreSQL their space is reclaimed by VACUUM. A database made after the change has no
such table, and nothing is done."""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.migrations.recorder import MigrationRecorder

LEGACY = "otp_totp_totpdevice"


def _legacy_fields():
    return {
        "id": models.AutoField(primary_key=True),
        "user_id": models.IntegerField(),
        "name": models.CharField(max_length=64),
        "confirmed": models.BooleanField(),
        "key": models.CharField(max_length=80),
        "step": models.PositiveSmallIntegerField(),
        "t0": models.BigIntegerField(),
        "digits": models.PositiveSmallIntegerField(),
        "tolerance": models.PositiveSmallIntegerField(),
        "drift": models.SmallIntegerField(),
        "last_t": models.BigIntegerField(),
        "throttling_failure_timestamp": models.DateTimeField(null=True),
        "throttling_failure_count": models.PositiveIntegerField(),
        "created_at": models.DateTimeField(null=True),
        "last_used_at": models.DateTimeField(null=True),
    }


def _legacy_model(connection):
    """django-otp's old device table, read through a model of its own registry (so that dates
    come back as the backend stores them), with the columns that table has."""
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, LEGACY)}
    fields = {name: field for name, field in _legacy_fields().items() if name in columns}
    meta = type(
        "Meta",
        (),
        {"apps": Apps(), "app_label": "otp_totp_legacy", "db_table": LEGACY, "managed": False},
    )
    body = {"__module__": __name__, "Meta": meta, **fields}
    return type("LegacyTOTPDevice", (models.Model,), body)


def seal_legacy_devices(device_model, connection):
    """Move every legacy device into ``device_model``, sealed; return how many."""
    if LEGACY not in connection.introspection.table_names():
        return 0
    from namro.access.sealing import factor_keys

    legacy = _legacy_model(connection)
    rows = list(legacy.objects.order_by("id"))
    keys = factor_keys() if rows else None
    have = {f.name for f in legacy._meta.get_fields()}
    copied = [
        f
        for f in _legacy_fields()
        if f in have and f not in {"id", "user_id", "key", "created_at"}
    ]
    for row in rows:
        sealed = keys.seal(bytes.fromhex(row.key), owner=row.user_id)
        made = device_model.objects.create(
            user_id=row.user_id,
            key_id=sealed.key_id,
            sealed_secret=sealed.ciphertext,
            **{f: getattr(row, f) for f in copied},
        )
        if "created_at" in have and row.created_at is not None:
            device_model.objects.filter(pk=made.pk).update(created_at=row.created_at)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA secure_delete")
            (before,) = cursor.fetchone()
            cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(LEGACY)}")
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(LEGACY)}")
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA secure_delete = {int(before)}")
    MigrationRecorder(connection).migration_qs.filter(app="otp_totp").delete()
    return len(rows)


def forwards(apps, schema_editor):
    seal_legacy_devices(apps.get_model("access", "SealedTOTPDevice"), schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("access", "0005_sealedtotpdevice")]

    operations = [migrations.RunPython(forwards, elidable=False)]
