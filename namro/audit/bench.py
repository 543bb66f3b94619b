"""How fast the chain takes writes when many write at once.

Every event locks the chain's head row until its transaction commits, so appends are
serialised. ``measure`` runs ``writers`` threads for ``seconds``, each committing one event per
transaction, and the same threads committing a plain row of the same size into a scratch table
(no lock shared): the ratio says whether the head lock is what limits writes.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection, connections, transaction

from .services import record

SCRATCH = "namro_bench_scratch"


@dataclass(frozen=True)
class Rate:
    writers: int
    chain_per_s: float
    plain_per_s: float

    @property
    def ratio(self) -> float:
        return self.chain_per_s / self.plain_per_s if self.plain_per_s else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "writers": self.writers,
            "chain_per_s": round(self.chain_per_s, 1),
            "plain_per_s": round(self.plain_per_s, 1),
            "ratio": round(self.ratio, 3),
        }


def _chain_write(n: int) -> None:
    with transaction.atomic():
        record(
            actor=None,
            action="bench.write",
            object_type="bench",
            object_id=str(n),
            object_repr="bench",
            after={"n": n, "text": "x" * 200},
        )


def _plain_write(n: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {SCRATCH} (payload) VALUES (%s)", ["x" * 400 + str(n)])


def _run(writers: int, seconds: float, write: Any) -> float:
    counts = [0] * writers
    errors: list[BaseException] = []
    start = threading.Barrier(writers + 1)
    deadline = [0.0]

    def worker(index: int) -> None:
        try:
            start.wait()
            n = 0
            while time.perf_counter() < deadline[0]:
                write(index * 1_000_000 + n)
                n += 1
            counts[index] = n
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return sum(counts) / (time.perf_counter() - began)


def measure(writers: list[int], seconds: float) -> list[Rate]:
    serial = (
        "INTEGER PRIMARY KEY AUTOINCREMENT"
        if connection.vendor == "sqlite"
        else "BIGSERIAL PRIMARY KEY"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {SCRATCH} (id {serial}, payload TEXT)")
    connection.close()
    try:
        return [
            Rate(n, _run(n, seconds, _chain_write), _run(n, seconds, _plain_write)) for n in writers
        ]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
