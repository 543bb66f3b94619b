"""Bulk loading for ``namro bench seed``: rows straight into tables, indexes built once after.

On SQLite a row costs most in the statement around it, so rows go in as multi-row INSERTs of
up to ``MULTI_ROWS`` rows each, through the DB-API connection's ``executemany``, with the
columns the seed does not fill written as literals (no parameter to bind). On PostgreSQL they
go in by COPY (psycopg's ``cursor.copy()``).
"""

from __future__ import annotations

import re
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import Any

from django.db import connection, models

BATCH = 20_000  # rows kept before a round trip
MULTI_ROWS = 500  # rows per INSERT statement on SQLite


def _literal(value: Any) -> str:
    """An SQL literal for a column default (None, a boolean, a number or text)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {value!r}")


class Inserter:
    """Bulk rows into one model's table: ``columns`` vary by row, ``constants`` are the same
    in every row, and the other columns take the field's default.

    Append rows (tuples in ``columns`` order) to ``rows`` or call ``add``; ``flush`` writes
    them. Rows of ``parents`` (tables this one refers to) are written first.
    """

    def __init__(
        self,
        model: type[models.Model],
        columns: Sequence[str],
        parents: Sequence[Inserter] = (),
        constants: dict[str, Any] | None = None,
    ) -> None:
        self.model = model
        self.parents = list(parents)
        constants = constants or {}
        given = {*columns, *constants}
        extra = [
            f
            for f in model._meta.concrete_fields
            if f.column not in given and not f.primary_key  # the database numbers the rest
        ]
        self.extra_values = (
            *constants.values(),
            *(f.get_db_prep_save(f.get_default(), connection) for f in extra),
        )
        names = [*columns, *constants, *(f.column for f in extra)]
        table = connection.ops.quote_name(model._meta.db_table)
        quoted = ", ".join(connection.ops.quote_name(c) for c in names)
        self.width = len(columns)
        self.sqlite = connection.vendor == "sqlite"
        if self.sqlite:
            connection.ensure_connection()
            limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
            self.per_statement = max(1, min(MULTI_ROWS, limit // max(self.width, 1)))
            one = "(" + ", ".join(["?"] * self.width + [_literal(v) for v in self.extra_values])
            one += ")"
            head = f"INSERT INTO {table} ({quoted}) VALUES "
            self.sql_one = head + one
            self.sql_many = head + ", ".join([one] * self.per_statement)
        else:
            self.sql = f"COPY {table} ({quoted}) FROM STDIN"
        self.rows: list[tuple[Any, ...]] = []
        self.count = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        for parent in self.parents:
            parent.flush()
        rows = self.rows  # the same list stays in use: callers may hold its ``append``
        connection.ensure_connection()
        raw = connection.connection
        if self.sqlite:
            per = self.per_statement
            whole = len(rows) - len(rows) % per
            if whole:
                flat = chain.from_iterable(islice(rows, whole))
                raw.executemany(self.sql_many, _chunks(flat, per * self.width, whole // per))
            if whole < len(rows):
                raw.executemany(self.sql_one, rows[whole:])
        else:
            extra = self.extra_values
            with raw.cursor() as cursor, cursor.copy(self.sql) as copy:
                for row in rows:
                    copy.write_row(row + extra if extra else row)
        self.count += len(rows)
        rows.clear()


def _chunks(flat: Iterator[Any], size: int, count: int) -> Iterator[tuple[Any, ...]]:
    for _ in range(count):
        yield tuple(islice(flat, size))


def flush_all(inserters: Iterable[Inserter]) -> None:
    for inserter in inserters:
        inserter.flush()


def _secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's indexes that no constraint depends on."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL",
                [table],
            )
        else:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                [table],
            )
        return list(cursor.fetchall())


def _leading_column(create_sql: str) -> str:
    match = re.search(r'\sON\s[^(]*\(\s*"?(\w+)', create_sql)
    return match.group(1) if match else ""


class DeferredIndexes:
    """Drop the secondary indexes of ``tables`` while loading and build them once after,
    except those led by a column of ``in_order``: rows arrive in the order of that column, so
    each new entry goes at the end of the index, which costs less than sorting after."""

    def __init__(self, tables: Iterable[str], in_order: Iterable[str] = ()) -> None:
        keep = set(in_order)
        self.saved = [
            ix for t in tables for ix in _secondary_indexes(t) if _leading_column(ix[1]) not in keep
        ]

    def __enter__(self) -> DeferredIndexes:
        with connection.cursor() as cursor:
            for name, _sql in self.saved:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        return self

    def __exit__(self, *exc: object) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # PostgreSQL builds no index on a table with foreign-key checks pending.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _name, sql in self.saved:
                cursor.execute(sql)


class DeferredForeignKeys:
    """On PostgreSQL, drop the foreign keys of ``tables`` while loading and add them again
    after: adding one checks every row in a single join, where a deferred check costs a
    query per row at commit. (SQLite's checks are off for the load and on again after.)"""

    def __init__(self, tables: Iterable[str]) -> None:
        self.saved: list[tuple[str, str, str]] = []
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
                "FROM pg_constraint c WHERE c.contype = 'f' "
                "AND c.conrelid::regclass::text = ANY(%s)",
                [list(tables)],
            )
            self.saved = list(cursor.fetchall())

    def __enter__(self) -> DeferredForeignKeys:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table, name, _definition in self.saved:
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        return self

    def __exit__(self, *exc: object) -> None:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table, name, definition in self.saved:
                cursor.execute(
                    f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                )


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, total: int, enabled: bool = True) -> None:
        self.total, self.enabled, self.start, self.shown = total, enabled, time.monotonic(), -1

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        percent = done * 100 // max(self.total, 1)
        if percent == self.shown:
            return
        self.shown = percent
        rate = done / max(time.monotonic() - self.start, 1e-9)
        bar = "#" * (percent // 4) + "." * (25 - percent // 4)
        sys.stderr.write(f"\r[{bar}] {percent:3d}% {done:,}/{self.total:,} nhiệm vụ, {rate:,.0f}/s")
        if done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()
