"""Inserting many rows of one model in a few statements, for imports of 10⁵ rows.

``QuerySet.bulk_create`` compiles every value of every row through the ORM (about 150 µs
a task row with its timeline entry and audit event, measured), which is most of an import's
time and, on SQLite, time the write lock is held. ``insert_rows`` converts each column by its
field's type (a value repeated from the row before is converted once) and sends the rows with
``COPY … FROM STDIN`` on PostgreSQL (psycopg's ``cursor.copy()``) and ``executemany`` on
SQLite; ``reserve_ids`` hands out the primary keys first (the rows that follow refer to them),
from the table's sequence on PostgreSQL and, on SQLite, from the largest id inside the
caller's write transaction (``BEGIN IMMEDIATE`` keeps any other writer out).

Only for rows whose every value the caller has already validated: no ``save()``, no signal,
no field validation, no defaults beyond those given.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

CHUNK = 1000


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys for ``model``. Call inside the write's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reserve_ids must be called inside the write's transaction")
    if count <= 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        quoted = connection.ops.quote_name(table)
        cursor.execute(
            f"SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 0) FROM {quoted}"
        )
        (largest,) = cursor.fetchone()
    return list(range(largest + 1, largest + 1 + count))


CONVERTED = (models.JSONField, models.DateField, models.DecimalField)


def _converter(field: models.Field[Any, Any], copy: bool) -> Callable[[Any], Any] | None:
    """How a value of ``field`` goes to the database, or None when it goes as it is: on
    PostgreSQL's COPY psycopg sends dates, times and decimals itself and a JSON value goes as
    its text; on SQLite the backend's adapters turn each into text."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder or DjangoJSONEncoder
        if copy:
            return lambda v: None if v is None else json.dumps(v, cls=encoder)
        return lambda v: field.get_db_prep_save(v, connection)
    if copy:
        return None
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    return lambda v: field.get_db_prep_save(v, connection)


def _memo(convert: Callable[[Any], Any], by_value: bool) -> Callable[[Any], Any]:
    """``convert``, reusing its last result when given the same value again (an import's
    rows share their timestamps and dates): the same object, or with ``by_value`` an equal
    value of the same type (dates, times; not JSON, where ``1 == True``)."""
    last: list[Any] = [object(), None]

    def converted(value: Any) -> Any:
        seen = last[0]
        if value is not seen and not (by_value and type(value) is type(seen) and value == seen):
            last[0], last[1] = value, convert(value)
        return last[1]

    return converted


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    json_text: Collection[str] = (),
) -> int:
    """Insert ``rows`` (values in the order of ``fields``, attribute names such as
    ``task_id``) into ``model``'s table; returns how many. The JSON fields named in
    ``json_text`` are given as JSON text already (or None)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("insert_rows must be called inside the write's transaction")
    meta = model._meta
    concrete = {f.attname: f for f in meta.concrete_fields}
    columns = [concrete[name] for name in fields]
    copy = connection.vendor == "postgresql"
    convert: dict[int, Callable[[Any], Any]] = {}
    for i, f in enumerate(columns):
        if isinstance(f, CONVERTED) and fields[i] not in json_text:
            to_db = _converter(f, copy)
            if to_db is not None:
                convert[i] = _memo(to_db, isinstance(f, models.DateField))
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in columns)
    if copy:
        return _copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN", rows, convert)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    )
    count = 0
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            if convert:
                values = list(row)
                for i, to_db in convert.items():
                    values[i] = to_db(values[i])
                row = values
            batch.append(row)
            if len(batch) >= CHUNK:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _copy(sql: str, rows: Iterable[Sequence[Any]], convert: dict[int, Callable[[Any], Any]]) -> int:
    """Stream ``rows`` to PostgreSQL through one ``COPY … FROM STDIN``."""
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            if convert:
                values = list(row)
                for i, to_db in convert.items():
                    values[i] = to_db(values[i])
                row = values
            copy.write_row(row)
            count += 1
    return count
