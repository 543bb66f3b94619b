"""``namro bench seed``: a synthetic national tree and its tasks over five years, fast.

The tree: a central committee with its central bodies, the 34 provinces, their departments,
and communes (each a Party committee with its People's Committee below). Tasks are led across
the tree under plans issued each quarter by the unit above; most are done, some on time, some
late, some extended, a few cancelled, a few periodic or ongoing, with their timelines.

Rows go in through ``load.Inserter`` (multi-row INSERTs on SQLite, COPY on PostgreSQL) inside
one transaction; the secondary indexes of the big tables are built once at the end, except
those whose rows arrive in key order. The timeline entries that follow from a task's own
columns are written by the database itself (``write_timeline``), so only the random progress
reports cross from Python.

The counters by status (``StatusTally``, ``TaskTrail``) are filled from the same change points
the services would record, aggregated in Python: each unit's subtree keeps one dict of
counters per year, month and day, each counter six signed 40-bit fields packed in one integer,
so that adding a change or a child's counters is one integer addition; a unit's rows are
written once, when the walk of the tree leaves its subtree. A test holds them equal to a count
with ``status_of``.
"""

from __future__ import annotations

import bisect
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from namro.core.text import fold
from namro.documents.models import Document
from namro.orgs.models import SEGMENT, Person, Unit
from namro.tasks import rules, timeline
from namro.tasks.models import (
    ExtensionRequest,
    Grain,
    StatusTally,
    Task,
    TaskOccurrence,
    TaskTrail,
    TaskUpdate,
)

from . import names
from .load import BATCH, DeferredForeignKeys, DeferredIndexes, Inserter, Progress, flush_all

IP, OD, OT, LT, OG, CA = range(6)  # column indices, in timeline.STATUSES order
LETTER = timeline.LETTERS
STATUS_VALUE = [s.value for s in timeline.STATUSES]
# Columns the rows are written in the order of (tasks unit by unit in tree order, the units
# numbered in that order; timeline entries task by task); NULL-only columns too.
IN_ORDER = ("lead_unit_id", "owner_id", "task_id", "created_by_id", "parent_id", "author_id")
SQLITE_LOAD_PRAGMAS = ("journal_mode = OFF", "synchronous = OFF", "cache_size = -100000")
SQLITE_PAGE_SIZE = 16384


@dataclass
class SeedResult:
    units: int
    tasks: int
    updates: int
    tally_rows: int
    seconds: float
    first_day: date
    last_day: date

    @property
    def tasks_per_second(self) -> float:
        return self.tasks / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "database": connection.vendor,
            "units": self.units,
            "tasks": self.tasks,
            "updates": self.updates,
            "tally_rows": self.tally_rows,
            "seconds": round(self.seconds, 2),
            "tasks_per_second": round(self.tasks_per_second),
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "load_settings": LOAD_SETTINGS.get(connection.vendor, ""),
        }


LOAD_SETTINGS = {
    "sqlite": "SQLite trong lúc nạp: journal_mode=OFF, synchronous=OFF (chỉ dùng cho CSDL tổng "
    "hợp để đo; sự cố giữa chừng thì xóa tệp và tạo lại), page_size=16384; sau khi nạp: "
    "journal_mode=WAL, synchronous=NORMAL",
    "postgresql": "PostgreSQL: COPY; khóa ngoại và chỉ mục phụ tạo lại sau khi nạp",
}


@dataclass
class UnitRow:
    id: int
    parent_id: int | None
    path: str
    name: str
    kind: str
    level: str
    weight: float


def build_tree(n_units: int) -> list[UnitRow]:
    """About ``n_units`` units: central, provinces, departments, communes and their UBND."""
    rows: list[UnitRow] = []

    counters: dict[int | None, int] = {}

    def add_fast(
        parent: UnitRow | None, name: str, kind: str, level: str, weight: float
    ) -> UnitRow:
        key = parent.id if parent else None
        counters[key] = counters.get(key, 0) + 1
        path = (parent.path if parent else "") + str(counters[key]).zfill(SEGMENT)
        row = UnitRow(len(rows) + 1, key, path, name, kind, level, weight)
        rows.append(row)
        return row

    n_provinces = max(1, min(len(names.PROVINCES), n_units // 200))
    n_central = max(1, round(n_units * 0.005))
    n_communes = max(n_provinces, round(n_units * 0.41))
    n_departments = max(n_provinces, n_units - 1 - n_central - n_provinces - 2 * n_communes)
    root = add_fast(None, "Ban Chấp hành Trung ương Đảng", "party_committee", "central", 0.5)
    for i in range(n_central):
        body = names.CENTRAL_BODIES[i % len(names.CENTRAL_BODIES)]
        if i >= len(names.CENTRAL_BODIES):
            body += f" ({i // len(names.CENTRAL_BODIES) + 1})"
        kind = (
            "department"
            if body.startswith(("Bộ", "Ban", "Văn", "Thanh", "Ngân"))
            else "party_committee"
        )
        add_fast(root, body, kind, "central", 3.0)
    per_province_dept = [n_departments // n_provinces] * n_provinces
    per_province_comm = [n_communes // n_provinces] * n_provinces
    for i in range(n_departments % n_provinces):
        per_province_dept[i] += 1
    for i in range(n_communes % n_provinces):
        per_province_comm[i] += 1
    for p in range(n_provinces):
        province = names.PROVINCES[p % len(names.PROVINCES)]
        city = province in names.CITIES
        head = "Thành" if city else "Tỉnh"
        q = ("thành phố " if city else "tỉnh ") + province
        prov = add_fast(root, f"{head} ủy {province}", "party_committee", "province", 4.0)
        for d in range(per_province_dept[p]):
            template = names.DEPARTMENTS[d % len(names.DEPARTMENTS)]
            name = template.format(p=f"{head} ", q=q, n=province).replace(
                f"{head} ủy", f"{head} ủy"
            )
            if "{" not in template and template.startswith("Sở"):
                name = f"{template} {q}"
            if d >= len(names.DEPARTMENTS):
                name += f" ({d // len(names.DEPARTMENTS) + 1})"
            kind = "government" if name.startswith("Ủy ban nhân dân") else "department"
            add_fast(prov, name, kind, "province", 2.5)
        words = names.COMMUNE_WORDS
        for c in range(per_province_comm[p]):
            w1, w2 = words[c % len(words)], words[(c // len(words) + c * 7 + 3) % len(words)]
            label = f"{w1} {w2}" + (f" {c // (len(words) * 3) + 1}" if c >= len(words) * 3 else "")
            kind_word = "phường" if city and c % 3 == 0 else "xã"
            commune = add_fast(
                prov, f"Đảng ủy {kind_word} {label}", "party_committee", "commune", 1.0
            )
            add_fast(commune, f"Ủy ban nhân dân {kind_word} {label}", "government", "commune", 1.0)
    return rows


def _fast_trail(
    a: int, d: int, g: int | None, d2: int | None, c: int | None, f: int | None, x: int | None
) -> list[tuple[int, int]]:
    """Change points (ordinal day, column) of a one-off task: assigned ``a``, due ``d``, an
    extension granted on ``g`` to ``d2``, a claim ``c`` confirmed on ``f``, cancelled on ``x``.
    Same rules as ``tasks.rules.status_of``."""
    days = {a, d + 1}
    if g is not None and d2 is not None:
        days.add(g)
        days.add(d2 + 1)
    if f is not None:
        days.add(f)
    if x is not None:
        days.add(x)
    out: list[tuple[int, int]] = []
    prev = -1
    for day in sorted(days):
        if day < a:
            continue
        if x is not None and x <= day:
            s = CA
        else:
            deadline = d2 if (g is not None and g <= day) else d
            if f is not None and f <= day:
                s = OT if c <= deadline else LT  # type: ignore[operator]
            elif day > deadline:  # type: ignore[operator]
                s = OD
            else:
                s = IP
        if s != prev:
            out.append((day, s))
            prev = s
        if s == CA:
            break
    return out


# Counters as one Python int per (grain, period): six signed fields of FIELD bits, so adding a
# change or a child's counters is one integer addition and an empty period is exactly 0.
FIELD = 40
HALF = 1 << (FIELD - 1)
MASK = (1 << FIELD) - 1
# STEP[previous column + 1][column]: what a change from ``previous`` (0: none) to ``column`` adds.
STEP = [
    [(1 << (FIELD * c)) - ((1 << (FIELD * (p - 1))) if p else 0) for c in range(6)]
    for p in range(7)
]
MONTH_KEY, DAY_KEY = 10_000_000, 20_000_000  # key = grain * 10_000_000 + ordinal of start


def unpack(value: int) -> tuple[int, ...]:
    """The six counts packed in ``value``."""
    out = []
    for _ in range(6):
        field = ((value + HALF) & MASK) - HALF
        out.append(field)
        value = (value - field) >> FIELD
    return tuple(out)


class Seeder:
    """Generates and writes the rows; see the module docstring."""

    def __init__(
        self, *, n_units: int, n_tasks: int, seed: int, today: date, years: int, progress: bool
    ) -> None:
        self.rng = random.Random(seed)
        self.n_units, self.n_tasks = n_units, n_tasks
        self.today = today
        self.first = date(today.year - years, (today.month - 1) // 3 * 3 + 1, 1)
        self.t0 = self.first.toordinal()
        self.t_end = today.toordinal()
        self.progress = Progress(n_tasks, progress)
        # Per-day lookups. No generated date lies past the horizon: a deadline is at most a
        # year after an assignment (which is at the latest today), an extension 90 days more.
        horizon = self.t_end + 1000
        self.iso: dict[int, str] = {}
        self.compact: dict[int, str] = {}
        self.year_key: dict[int, int] = {}
        self.month_key: dict[int, int] = {}
        self.period: dict[int, tuple[int, str]] = {}  # counter key -> (grain, start)
        for o in range(self.t0 - 1, horizon):
            day = date.fromordinal(o)
            self.iso[o] = iso = day.isoformat()
            self.compact[o] = f"{day:%Y%m%d}"
            self.year_key[o] = year = date(day.year, 1, 1).toordinal()
            self.month_key[o] = month = MONTH_KEY + date(day.year, day.month, 1).toordinal()
            self.period[year] = (int(Grain.YEAR), iso[:4] + "-01-01")
            self.period[month] = (int(Grain.MONTH), iso[:8] + "01")
            self.period[DAY_KEY + o] = (int(Grain.DAY), iso)
        self.unpacked: dict[int, tuple[int, ...]] = {}
        self.period_table: dict[str, tuple[list[int], list[int]]] = {}
        self.stamp = str(connection.ops.adapt_datetimefield_value(timezone.now()))

    # --- counters -------------------------------------------------------------------
    def add_points(self, acc: dict[int, int], points: list[tuple[int, int]]) -> None:
        """Add a task's change points to its lead unit's counters by year, month and day."""
        get, year_key, month_key = acc.get, self.year_key, self.month_key
        prev = 0
        for day, col in points:
            step = STEP[prev][col]
            key = year_key[day]
            acc[key] = get(key, 0) + step
            key = month_key[day]
            acc[key] = get(key, 0) + step
            key = DAY_KEY + day
            acc[key] = get(key, 0) + step
            prev = col + 1

    @staticmethod
    def _merge(into: dict[int, int], acc: dict[int, int]) -> None:
        get = into.get
        for key, value in acc.items():
            into[key] = get(key, 0) + value

    def flush_tally(self, unit_id: int, acc: dict[int, int]) -> None:
        """The counter rows of one unit's subtree, in the unique index's order."""
        rows, period, unpacked = self.tally.rows, self.period, self.unpacked
        for key in sorted(acc):
            value = acc[key]
            if not value:
                continue
            counts = unpacked.get(value)
            if counts is None:
                counts = unpacked[value] = unpack(value)
            rows.append((unit_id, *period[key], *counts))
        if len(rows) >= BATCH:
            self.tally.flush()

    # --- the run --------------------------------------------------------------------
    def run(self) -> SeedResult:
        started = time.monotonic()
        tree = build_tree(self.n_units)
        base = {m: (m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
                for m in (Unit, Person, Document, Task, TaskUpdate)}  # fmt: skip
        if base[Unit] or base[Task]:
            raise ValueError("bench seed needs an empty database (no units, no tasks)")
        tables = [m._meta.db_table for m in (Task, TaskUpdate, TaskTrail, StatusTally)]
        loaded = [
            m._meta.db_table
            for m in (Unit, Person, Document, Task, TaskUpdate, ExtensionRequest, TaskOccurrence,
                      TaskTrail, StatusTally)
        ]  # fmt: skip
        sqlite = connection.vendor == "sqlite"
        if sqlite:
            # A synthetic database loaded in one transaction: no rollback journal and no
            # fsync while loading (a crash leaves a file to delete, not to repair); WAL and
            # normal syncing again after. SQLite looks for the children of every new parent
            # row while a deferred foreign key is pending, which with the child indexes
            # dropped is a scan per row: the rows are consistent by construction, so the
            # foreign-key checks are off during the load.
            self._pragmas(*SQLITE_LOAD_PRAGMAS)
            self._larger_pages()
        try:
            with (
                connection.constraint_checks_disabled(),
                transaction.atomic(),
                DeferredForeignKeys(loaded),
                DeferredIndexes(tables, in_order=IN_ORDER),
            ):
                self.write_units(tree)
                self.write_tasks(tree, base)
                self.tally.flush()
                self.update_count = self.updates.count + self.write_timeline()
        finally:
            if sqlite:
                self._pragmas("journal_mode = WAL", "synchronous = NORMAL")
        self.finish()
        return SeedResult(
            units=len(tree),
            tasks=self.task_count,
            updates=self.update_count,
            tally_rows=self.tally.count,
            seconds=time.monotonic() - started,
            first_day=self.first,
            last_day=self.today,
        )

    @staticmethod
    def _larger_pages() -> None:
        """Rebuild the (still empty) file with larger pages: fewer, fuller pages to write."""
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA page_size")
            if cursor.fetchone()[0] < SQLITE_PAGE_SIZE:
                cursor.execute(f"PRAGMA page_size = {SQLITE_PAGE_SIZE}")
                cursor.execute("VACUUM")

    @staticmethod
    def _pragmas(*settings: str) -> None:
        with connection.cursor() as cursor:
            for setting in settings:
                cursor.execute(f"PRAGMA {setting}")

    def write_units(self, tree: list[UnitRow]) -> None:
        now = self.stamp
        units = Inserter(
            Unit,
            ["id", "created_at", "updated_at", "name", "kind", "level", "parent_id", "path",
             "depth", "search_text"],
        )  # fmt: skip
        people = Inserter(
            Person, ["id", "created_at", "updated_at", "full_name", "is_sample", "search_text"]
        )
        rng = self.rng
        for row in tree:
            units.add(
                (row.id, now, now, row.name, row.kind, row.level, row.parent_id, row.path,
                 len(row.path) // SEGMENT, fold(row.name))
            )  # fmt: skip
            full = (
                f"{rng.choice(names.FAMILY)} {rng.choice(names.MIDDLE)} {rng.choice(names.GIVEN)}"
            )
            people.add((row.id, now, now, full, True, fold(full)))
        units.flush()
        people.flush()

    def write_tasks(self, tree: list[UnitRow], base: dict[Any, int]) -> None:
        rng = self.rng
        rand = rng.random
        now = self.stamp
        by_id = {r.id: r for r in tree}
        weights = [r.weight for r in tree]
        total_w = sum(weights)
        quotas = [int(self.n_tasks * w / total_w) for w in weights]
        for i in rng.sample(range(len(tree)), k=min(len(tree), self.n_tasks - sum(quotas))):
            quotas[i] += 1
        while sum(quotas) < self.n_tasks:
            quotas[rng.randrange(len(tree))] += 1
        docs = Inserter(
            Document,
            ["id", "kind", "number", "title", "issuer_id", "issued_on", "search_text"],
            constants={"created_at": now, "updated_at": now, "is_sample": True},
        )
        tasks = Inserter(
            Task,
            ["id", "document_id", "action",
             "lead_unit_id", "owner_id", "authority_id", "expected_output", "recurrence",
             "assigned_on", "due_on", "original_due_on", "extended_on", "is_key",
             "is_breakthrough", "progress", "claimed_on", "confirmed_on", "output_note",
             "cancelled_on", "cancel_reason", "search_text"],
            parents=[docs],
            constants={"created_at": now, "updated_at": now, "section": "", "order": 1},
        )  # fmt: skip
        self.updates = Inserter(
            TaskUpdate,
            ["task_id", "kind", "on", "at", "progress", "narrative", "status_after"],
            parents=[tasks],
            constants={"explanation": "", "status_before": ""},
        )
        extensions = Inserter(
            ExtensionRequest,
            ["task_id", "requested_on", "previous_due_on", "requested_due_on", "reason", "state",
             "decided_on", "decision_note"],
            parents=[tasks],
        )  # fmt: skip
        occurrences = Inserter(
            TaskOccurrence,
            ["task_id", "due_on", "claimed_on", "confirmed_on"],
            parents=[tasks],
        )
        trails = Inserter(TaskTrail, ["task_id", "unit_id", "trail"], parents=[tasks])
        self.tally = Inserter(StatusTally, ["unit_id", "grain", "start", *STATUS_VALUE])
        loaders = (docs, tasks, self.updates, extensions, occurrences, trails)
        actions = [(a, fold(a)) for a in names.ACTIONS]
        outputs = names.OUTPUTS
        quarters: list[int] = []
        q = date(self.first.year, (self.first.month - 1) // 3 * 3 + 1, 1)
        while q <= self.today:
            quarters.append(q.toordinal())
            q = date(q.year + (q.month + 2) // 12, (q.month + 2) % 12 + 1, 1)
        n_quarters, n_actions = len(quarters), len(actions)
        doc_ids: dict[tuple[int, int], int] = {}
        titles: dict[str, str] = {}
        doc_seq: dict[int, int] = {}
        next_doc = base[Document] + 1
        task_id = base[Task]
        t_end = self.t_end
        iso, compact = self.iso, self.compact
        add_points = self.add_points
        task_rows, upd, ext_rows, trail_rows = (
            tasks.rows.append,
            self.updates.rows.append,
            extensions.rows.append,
            trails.rows.append,
        )
        task_list = tasks.rows
        durations = (30, 45, 60, 90, 90, 120, 180, 180, 270, 365)
        stack: list[tuple[str, int, dict[int, int]]] = []
        done = 0
        for unit, quota in zip(tree, quotas, strict=True):
            while stack and not unit.path.startswith(stack[-1][0]):
                _path, uid, acc = stack.pop()
                self.flush_tally(uid, acc)
                if stack:
                    self._merge(stack[-1][2], acc)
            acc = {}
            stack.append((unit.path, unit.id, acc))
            issuer = by_id[unit.parent_id] if unit.parent_id else unit
            issuer_id = issuer.id
            unit_id = owner = unit.id
            for _ in range(quota):
                task_id += 1
                qstart = quarters[int(rand() * n_quarters)]
                key = (issuer_id, qstart)
                doc = doc_ids.get(key)
                if doc is None:
                    doc = doc_ids[key] = next_doc
                    next_doc += 1
                    seq = doc_seq[issuer_id] = doc_seq.get(issuer_id, 0) + 1
                    qd = date.fromordinal(qstart)
                    title = f"Kế hoạch công tác quý {(qd.month - 1) // 3 + 1}/{qd.year}"
                    folded_title = titles.get(title)
                    if folded_title is None:
                        folded_title = titles[title] = fold(title)
                    docs.rows.append(
                        (doc, "plan", f"{seq}-KH/{issuer_id}", title, issuer_id, iso[qstart],
                         folded_title)
                    )  # fmt: skip
                a = min(qstart + int(rand() * 60), t_end)
                action, folded = actions[int(rand() * n_actions)]
                r = rand()
                ext_g = ext_d = claim = confirm = cancel = None
                recurrence = "none"
                due = None
                progress = 0
                if r < 0.015:
                    recurrence = "ongoing"
                    points = [(a, OG)]
                elif r < 0.03:
                    recurrence = "quarterly" if r < 0.025 else "yearly"
                    points = self._periodic(task_id, recurrence, a, occurrences)
                else:
                    due = a + durations[int(rand() * 10)]
                    final = due
                    if rand() < 0.12:
                        g = a + 10 + int(rand() * (due - a + 20))
                        if g <= t_end:
                            ext_g, ext_d = g, due + (30, 60, 90)[int(rand() * 3)]
                            final = ext_d
                    if rand() < 0.03:
                        cancel = a + int(rand() * max(1, min(t_end, final + 60) - a + 1))
                        cancel = min(cancel, t_end)
                    else:
                        p_done = 0.88 if final + 20 < t_end else 0.3
                        if rand() < p_done:
                            c = max(a, final - 60 + int(rand() * 85))
                            if c <= t_end:
                                f = min(t_end, c + int(rand() * 8))
                                claim = c
                                if rand() < 0.96:
                                    confirm = f
                    if confirm is not None and ext_g is not None and ext_g > confirm:
                        ext_g = ext_d = None
                        final = due
                    points = _fast_trail(a, due, ext_g, ext_d, claim, confirm, cancel)
                    progress = 100 if claim is not None else 10 * int(rand() * 10)
                add_points(acc, points)
                task_rows(
                    (task_id, doc, action, unit_id, owner, issuer_id,
                     outputs[task_id % len(outputs)], recurrence, iso[a],
                     iso[ext_d] if ext_d is not None else (iso[due] if due is not None else None),
                     iso[due] if due is not None else None,
                     iso[ext_g] if ext_g is not None else None,
                     task_id % 23 == 0, task_id % 61 == 0, progress,
                     iso[claim] if claim is not None else None,
                     iso[confirm] if confirm is not None else None,
                     "Đã hoàn thành" if claim is not None else "",
                     iso[cancel] if cancel is not None else None,
                     "Không còn phù hợp" if cancel is not None else "", folded)
                )  # fmt: skip
                trail_rows((task_id, unit_id, "".join([compact[o] + LETTER[c] for o, c in points])))
                if rand() < 0.2 and a < t_end:
                    o = iso[a + int(rand() * (min(t_end, a + 120) - a + 1))]
                    upd((task_id, "progress", o, o + " 09:00:00", 10 + 10 * int(rand() * 9),
                         "Đang triển khai", ""))  # fmt: skip
                if ext_g is not None:
                    g_day = iso[ext_g]
                    ext_rows((task_id, g_day, iso[due], iso[ext_d], "Cần thêm thời gian",
                              "granted", g_day, ""))  # fmt: skip
                done += 1
                if len(task_list) >= BATCH:
                    flush_all(loaders)
                    self.progress.update(done)
        while stack:
            _path, uid, acc = stack.pop()
            self.flush_tally(uid, acc)
            if stack:
                self._merge(stack[-1][2], acc)
        flush_all(loaders)
        self.progress.update(done)
        self.task_count = done

    def write_timeline(self) -> int:
        """The timeline entries that follow from the task rows (assignment, extension,
        completion, sending back, cancellation), written by the database from the stored
        tasks and their trails: no row crosses from Python. Returns the number written."""
        table = connection.ops.quote_name(TaskUpdate._meta.db_table)
        tasks = connection.ops.quote_name(Task._meta.db_table)
        trails = connection.ops.quote_name(TaskTrail._meta.db_table)
        status_of = "CASE {} " + " ".join(
            f"WHEN '{letter}' THEN '{value}'" for letter, value in zip(LETTER, STATUS_VALUE, strict=True)
        ) + " END"  # fmt: skip
        first = status_of.format("substr(r.trail, 9, 1)")
        last = status_of.format("substr(r.trail, length(r.trail), 1)")

        def at(column: str, clock: str) -> str:
            if connection.vendor == "sqlite":
                return f"t.{column} || ' {clock}'"
            return f"(t.{column} + TIME '{clock}') AT TIME ZONE 'UTC'"

        kinds = [
            ("created", "assigned_on", "08:00:00", "NULL", "''", first, "TRUE"),
            ("extension_granted", "extended_on", "10:00:00", "NULL", "''", "''",
             "t.extended_on IS NOT NULL"),
            ("send_back", "claimed_on", "10:30:00", "NULL", "'Chưa đạt yêu cầu'", "''",
             "t.claimed_on IS NOT NULL AND t.id % 17 = 0"),
            ("confirm", "confirmed_on", "11:00:00", "100", "''", last,
             "t.confirmed_on IS NOT NULL"),
            ("claim", "claimed_on", "11:00:00", "100", "'Đã hoàn thành'", "''",
             "t.claimed_on IS NOT NULL AND t.confirmed_on IS NULL"),
            ("cancelled", "cancelled_on", "12:00:00", "NULL", "'Không còn phù hợp'",
             "'cancelled'", "t.cancelled_on IS NOT NULL"),
        ]  # fmt: skip
        columns = ", ".join(
            connection.ops.quote_name(c)
            for c in ("task_id", "kind", "on", "at", "progress", "narrative", "explanation",
                      "status_before", "status_after", "changes", "author_id")
        )  # fmt: skip
        written = 0
        with connection.cursor() as cursor:
            for kind, column, clock, progress, narrative, status, where in kinds:
                # The status after the change is read from the trail (first or last point).
                join = f" JOIN {trails} r ON r.task_id = t.id" if "r.trail" in status else ""
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) "
                    f"SELECT t.id, '{kind}', t.{column}, {at(column, clock)}, {progress}, "
                    f"{narrative}, '', '', {status}, NULL, NULL "
                    f"FROM {tasks} t{join} WHERE {where} ORDER BY t.id"
                )
                written += cursor.rowcount
        return written

    def _periods(self, recurrence: str) -> tuple[list[int], list[int]]:
        """(first days, last days) as ordinals of the periods of ``recurrence`` that end
        before today, from the first quarter of the data on; computed once."""
        found = self.period_table.get(recurrence)
        if found is None:
            rec = rules.Recurrence(recurrence)
            ends = rules.occurrence_deadlines(rec, self.first, self.today - timedelta(days=1))
            starts = [rules.period_bounds(rec, e)[0].toordinal() for e in ends]
            found = self.period_table[recurrence] = (starts, [e.toordinal() for e in ends])
        return found

    def _periodic(
        self, task_id: int, recurrence: str, a: int, occurrences: Inserter
    ) -> list[tuple[int, int]]:
        """Completed occurrences of a periodic task assigned on ``a``, and its change points:
        in progress from ``a``; done on time from each confirmation (a claim within its
        period) to the period's end; in progress again from the next period's first day
        (``tasks.rules`` for a periodic task; a test holds the counters to it)."""
        rand, iso, add = self.rng.random, self.iso, occurrences.rows.append
        starts, ends = self._periods(recurrence)
        points = [(a, IP)]
        for i in range(bisect.bisect_left(ends, a), len(ends)):
            e = ends[i]
            c = e - int(rand() * 20)
            if c < a or c < starts[i] or rand() < 0.1:
                continue
            f = min(e, c + int(rand() * 5))
            add((task_id, iso[e], iso[c], iso[f]))
            if points[-1][0] == f:
                points[-1] = (f, OT)
            else:
                points.append((f, OT))
            points.append((e + 1, IP))
        return points

    def finish(self) -> None:
        models_ = [Unit, Person, Document, Task, TaskUpdate, ExtensionRequest, TaskOccurrence,
                   StatusTally]  # fmt: skip
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_):
                cursor.execute(sql)
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA analysis_limit = 1000")
            cursor.execute("ANALYZE")


def seed(
    *,
    units: int = 8000,
    tasks: int = 1_000_000,
    seed: int = 1,
    today: date | None = None,
    years: int = 5,
    progress: bool = True,
) -> SeedResult:
    """Fill an empty database with ``units`` units and ``tasks`` tasks over ``years`` years."""
    seeder = Seeder(
        n_units=units,
        n_tasks=tasks,
        seed=seed,
        today=today or timezone.localdate(),
        years=years,
        progress=progress,
    )
    return seeder.run()
