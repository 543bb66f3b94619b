"""``namro bench excel-export``: the task export's time and memory at growing sizes.

Each size runs in a child process of its own (forked), so that one size's memory does not
count in the next: the tasks are generated in memory (units, people, coordinating units and
dates like real ones, a tenth of them formula-like texts) and written by the export itself
(``tasks.excel.write_tasks``) to a temporary file. Reported per size: seconds, the child's
peak resident size and, with ``--trace``, the peak the export allocated (tracemalloc).
"""

from __future__ import annotations

import multiprocessing
import resource
import time
import tracemalloc
from datetime import date, timedelta
from typing import Any

from namro.orgs.models import Person, Unit
from namro.tasks.excel import write_tasks
from namro.tasks.models import Recurrence, Task

SIZES = (10_000, 50_000, 100_000)
UNITS = 200
PEOPLE = 500


def generated_tasks(n: int) -> Any:
    """``n`` unsaved tasks whose related objects and coordinating units are set in memory,
    as a select_related and prefetch_related read leaves them."""
    units = [
        Unit(pk=i + 1, name=f"Sở Công Thương tỉnh thử nghiệm số {i + 1}") for i in range(UNITS)
    ]
    people = [Person(pk=i + 1, full_name=f"Nguyễn Văn Thử {i + 1}") for i in range(PEOPLE)]
    start = date(2026, 1, 1)
    for i in range(n):
        periodic = i % 7 == 0
        task = Task(
            pk=i + 1,
            section=f"{i // 100 + 1}.{i % 100 + 1}",
            action=(
                f'=HYPERLINK("http://x","{i}")'
                if i % 10 == 0
                else f"Xây dựng và triển khai kế hoạch chuyển đổi số trong lĩnh vực số {i}"
            ),
            lead_unit=units[i % UNITS],
            owner=people[i % PEOPLE],
            authority=units[0],
            recurrence=Recurrence.QUARTERLY if periodic else Recurrence.NONE,
            due_on=None if periodic else start + timedelta(days=i % 365),
            expected_output="Báo cáo kết quả thực hiện",
            is_key=i % 5 == 0,
        )
        coordinating = [units[(i + 1) % UNITS], units[(i + 2) % UNITS]]
        task._prefetched_objects_cache = {"coordinating_units": _Related(coordinating)}
        yield task


class _Related(list[Unit]):
    """What a prefetched many-to-many gives back to ``.all()``."""

    def all(self) -> _Related:
        return self


def _one(n: int, queue: Any, trace: bool) -> None:
    if trace:  # several times slower: the seconds are then not the export's own
        tracemalloc.start()
    began, cpu = time.perf_counter(), time.process_time()
    with write_tasks(generated_tasks(n), notes=["Tình hình đến ngày 03/12/2026"]) as out:
        size = out.seek(0, 2)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    _current, peak = tracemalloc.get_traced_memory() if trace else (0, 0)
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put(
        {
            "tasks": n,
            "seconds": round(seconds, 2),
            # CPU seconds of the child: what the export itself costs, which the machine's
            # load barely moves (the wall clock above counts the waits for a core too).
            "cpu_seconds": round(cpu, 2),
            "peak_traced_mb": round(peak / 2**20, 1),
            "peak_rss_mb": round(rss_kb / 1024, 1),
            "file_mb": round(size / 2**20, 1),
        }
    )


def run(sizes: tuple[int, ...] = SIZES, *, trace: bool = False) -> dict[str, Any]:
    context = multiprocessing.get_context("fork")
    results = []
    for n in sizes:
        queue = context.Queue()
        child = context.Process(target=_one, args=(n, queue, trace))
        child.start()
        results.append(queue.get())
        child.join()
    first = results[0]
    for row in results:
        row["seconds_per_10k"] = round(row["seconds"] / row["tasks"] * 10_000, 3)
        row["cpu_seconds_per_10k"] = round(row["cpu_seconds"] / row["tasks"] * 10_000, 3)
        row["growth_vs_first"] = round(row["seconds"] / first["seconds"], 2)
        row["cpu_growth_vs_first"] = round(row["cpu_seconds"] / first["cpu_seconds"], 2)
    return {"sizes": results}
