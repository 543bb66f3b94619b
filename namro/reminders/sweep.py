"""The daily sweep: which task needs whom reminded today, who is told over the lead unit's
head, and one digest per person.

``plan_day(day)`` decides, from the facts known on ``day`` and the records of the days
before it (never today's own rows, so a second run plans the same), the reminders and the
escalations of ``day``. ``run_sweep(day)`` writes them (a unique row each, inserted with
``ignore_conflicts``) and sends each person's digest. A digest is sent only by the sweep that
inserted its row (unique per person, day and channel): run twice, or in two workers at once,
nothing is sent twice. A digest is recorded before it is sent, so a crash between the two
loses that one message rather than sending it again.

Which tasks: open ones (the status rules of ``tasks.aggregation``, in the database), with a
deadline in force or a current periodic occurrence — due within the largest of
``NAMRO_REMIND_DAYS``, due today or overdue — and any open task (ongoing ones too) with no
update on its timeline for ``NAMRO_STALE_DAYS``. A completion claimed and awaiting
confirmation pauses the reminders: the lead unit has done its part.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db import connection as db
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from namro.access import policy
from namro.tasks import rules
from namro.tasks.aggregation import with_status
from namro.tasks.models import Task, TaskOccurrence, TaskUpdate
from namro.workdays.calendar import is_working_day

from . import digests
from .models import (
    Channel,
    Digest,
    Escalation,
    Notification,
    NotificationKind,
    Preference,
    Reminder,
    ReminderKind,
)

logger = logging.getLogger(__name__)

CHUNK = 2000
OPEN = [rules.Status.IN_PROGRESS.value, rules.Status.OVERDUE.value, rules.Status.ONGOING.value]


@dataclass(frozen=True)
class Config:
    remind_days: tuple[int, ...]  # largest first
    stale_days: int
    escalate_after: int
    on_days_off: bool

    @classmethod
    def from_settings(cls) -> Config:
        days = tuple(sorted({d for d in settings.NAMRO_REMIND_DAYS if d > 0}, reverse=True))
        return cls(
            remind_days=days,
            stale_days=settings.NAMRO_STALE_DAYS,
            escalate_after=settings.NAMRO_ESCALATE_AFTER,
            on_days_off=settings.NAMRO_REMIND_ON_DAYS_OFF,
        )

    def band(self, days_left: int) -> tuple[int, int] | None:
        """The reminder threshold a deadline ``days_left`` away falls under and the next
        smaller one: (7, 1) for 2..7 days, (1, 0) for 1 day."""
        lower = [*self.remind_days[1:], 0]
        for threshold, below in zip(self.remind_days, lower, strict=True):
            if below < days_left <= threshold:
                return threshold, below
        return None


@dataclass
class TaskInfo:
    """What a digest says of a task."""

    pk: int
    label: str
    document: str
    deadline: date | None
    status: str
    url: str


@dataclass
class Item:
    """One line of a digest: a task and why it is there today."""

    task: TaskInfo
    kinds: list[str] = field(default_factory=list)  # reminder kinds, in order
    days: dict[str, int] = field(default_factory=dict)
    escalation_level: int | None = None
    after_reminders: int | None = None


@dataclass
class PersonResult:
    """What a person is (or would be) sent on the day."""

    user_id: int
    name: str
    email: str
    items: list[Item]
    channels: list[str]  # the channels the person takes
    sent: list[str] = field(default_factory=list)  # the channels this run delivered
    already: list[str] = field(default_factory=list)  # sent by an earlier or parallel run
    waiting: bool = False  # the person's digest hour has not come yet
    errors: list[str] = field(default_factory=list)
    subject: str = ""


@dataclass
class SweepResult:
    day: date
    dry_run: bool
    skipped: str = ""  # why nothing was done (a day off)
    people: list[PersonResult] = field(default_factory=list)
    reminders: int = 0  # planned for the day
    escalations: int = 0

    @property
    def digests_sent(self) -> int:
        return sum(len(p.sent) for p in self.people)


@dataclass
class Plan:
    reminders: list[Reminder]
    escalations: list[Escalation]
    tasks: dict[int, TaskInfo]


# --- who wants what -------------------------------------------------------------------------


class Preferences:
    """Each person's preferences, read once per sweep (defaults for a person without a row)."""

    def __init__(self) -> None:
        self._rows: dict[int, Preference] = {}
        self._users: dict[int, Any] = {}

    def load(self, user_ids: Iterable[int]) -> None:
        missing = {u for u in user_ids if u not in self._users}
        if not missing:
            return
        users = get_user_model().objects.filter(pk__in=missing, is_active=True)
        for user in users.select_related("person", "notification_preference"):
            self._users[user.pk] = user
            try:
                self._rows[user.pk] = user.notification_preference
            except Preference.DoesNotExist:
                self._rows[user.pk] = Preference(user=user)
        for pk in missing - set(self._users):
            self._users[pk] = None

    def user(self, pk: int) -> Any:
        return self._users.get(pk)

    def email_of(self, pk: int) -> str:
        user = self._users.get(pk)
        if user is None:
            return ""
        if user.email:
            return str(user.email)
        person = getattr(user, "person", None)
        return str(person.email) if person is not None and person.email else ""

    def channels(self, pk: int) -> list[str]:
        pref = self._rows.get(pk)
        if pref is None or self._users.get(pk) is None:
            return []
        found = []
        if pref.in_app:
            found.append(Channel.IN_APP.value)
        if pref.email and self.email_of(pk):
            found.append(Channel.EMAIL.value)
        return found

    def wants(self, pk: int, kind: str) -> bool:
        pref = self._rows.get(pk)
        return pref is not None and kind in (pref.kinds or []) and bool(self.channels(pk))

    def hour(self, pk: int) -> int:
        pref = self._rows.get(pk)
        return pref.digest_hour if pref is not None else 7


# --- planning ------------------------------------------------------------------------------


def _candidates(day: date, config: Config) -> Iterator[dict[str, Any]]:
    """The open tasks that may need a reminder on ``day``, as rows, in chunks."""
    horizon = day + timedelta(days=max(config.remind_days, default=0))
    last_update = Subquery(
        TaskUpdate.objects.filter(task=OuterRef("pk"), on__lte=day).order_by("-on").values("on")[:1]
    )
    occurrence_claimed = Exists(
        TaskOccurrence.objects.filter(
            task=OuterRef("pk"), due_on=OuterRef("occurrence_due"), claimed_on__lte=day
        )
    )
    qs = with_status(Task.objects.filter(assigned_on__lte=day), day)
    qs = qs.filter(status__in=OPEN).annotate(
        last_update=Coalesce(last_update, F("assigned_on")),
        occurrence_claimed=occurrence_claimed,
    )
    near = Q(deadline_on__lte=horizon) | Q(occurrence_due__lte=horizon)
    stale = Q(last_update__lte=day - timedelta(days=config.stale_days))
    claim_pending = Q(claimed_on__lte=day) & (
        Q(confirmed_on__isnull=True) | Q(confirmed_on__gt=day)
    )
    qs = qs.filter(near | stale).exclude(claim_pending).exclude(occurrence_claimed=True)
    rows = qs.order_by("pk").values(
        "pk",
        "section",
        "action",
        "lead_unit_id",
        "owner__user_id",
        "document__number",
        "document__title",
        "document__issuer_id",
        "status",
        "deadline_on",
        "occurrence_due",
        "last_update",
    )
    return rows.iterator(chunk_size=CHUNK)


def _chunks(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _task_info(row: dict[str, Any], deadline: date | None) -> TaskInfo:
    action = " ".join(str(row["action"]).split())
    label = f"{row['section']} {action}".strip() if row["section"] else action
    return TaskInfo(
        pk=row["pk"],
        label=label if len(label) <= 160 else label[:159] + "…",
        document=row["document__number"] or row["document__title"],
        deadline=deadline,
        status=row["status"],
        url=settings.NAMRO_SITE_URL + reverse("tasks:task", args=[row["pk"]]),
    )


class _Holders:
    """``policy.holders`` for the units of the sweep, each unit asked once."""

    def __init__(self, roles: frozenset[Any]) -> None:
        self.roles = roles
        self.found: dict[int, set[int]] = {}
        self.asked: set[int] = set()

    def of(self, units: Iterable[int | None]) -> dict[int, set[int]]:
        new = {u for u in units if u is not None and u not in self.asked}
        if new:
            self.found.update(policy.holders(new, self.roles))
            self.asked |= new
        return self.found


def plan_day(day: date, config: Config | None = None, prefs: Preferences | None = None) -> Plan:
    """The reminders and escalations of ``day`` (unsaved), from the facts known that day and
    the records of the days before it."""
    config = config or Config.from_settings()
    prefs = prefs or Preferences()
    reporters = _Holders(policy.REPORTERS)
    leaders = _Holders(policy.LEADERS)
    office = _Holders(policy.OFFICE)
    plan = Plan([], [], {})
    widest = max(config.remind_days, default=0)
    for chunk in _chunks(_candidates(day, config), CHUNK):
        ids = [r["pk"] for r in chunk]
        lead_units = {r["lead_unit_id"] for r in chunk}
        to_remind = reporters.of(lead_units)
        to_lead = leaders.of(lead_units)
        to_office = office.of(r["document__issuer_id"] for r in chunk)
        earlier = (
            Reminder.objects.filter(task_id__in=ids, day__lt=day)
            .filter(
                Q(kind=ReminderKind.DUE_SOON, day__gte=day - timedelta(days=widest))
                | Q(kind=ReminderKind.STALE, day__gt=day - timedelta(days=config.stale_days))
            )
            .values_list("task_id", "recipient_id", "kind", "day")
        )
        sent: dict[tuple[int, int, str], list[date]] = defaultdict(list)
        for task_id, user_id, kind, when in earlier:
            sent[(task_id, user_id, kind)].append(when)
        # Days with an overdue reminder since the deadline now in force (an extension starts
        # the count again), whoever received them.
        overdue_count = dict(
            Reminder.objects.filter(
                task_id__in=ids, kind=ReminderKind.OVERDUE, day__lt=day, day__gt=F("task__due_on")
            )
            .values("task_id")
            .order_by()
            .annotate(n=Count("day", distinct=True))
            .values_list("task_id", "n")
        )
        escalated = set(
            Escalation.objects.filter(task_id__in=ids, day__lt=day).values_list(
                "task_id", "level", "recipient_id"
            )
        )
        people = {r["owner__user_id"] for r in chunk if r["owner__user_id"]}
        for units in (to_remind, to_lead, to_office):
            people |= {u for users in units.values() for u in users}
        prefs.load(people)

        for row in chunk:
            deadline = row["deadline_on"] or row["occurrence_due"]
            recipients = set(to_remind.get(row["lead_unit_id"], set()))
            if row["owner__user_id"]:
                recipients.add(row["owner__user_id"])
            wanted: list[tuple[str, int]] = []
            if row["status"] == rules.Status.OVERDUE.value and deadline is not None:
                wanted.append((ReminderKind.OVERDUE, (day - deadline).days))
            elif deadline is not None and deadline == day:
                wanted.append((ReminderKind.DUE_TODAY, 0))
            elif deadline is not None and deadline > day:
                band = config.band((deadline - day).days)
                if band is not None:
                    wanted.append((ReminderKind.DUE_SOON, (deadline - day).days))
            stale_since = (day - row["last_update"]).days
            if stale_since >= config.stale_days:
                wanted.append((ReminderKind.STALE, stale_since))
            if not wanted:
                continue
            info = _task_info(row, deadline)
            for kind, days in wanted:
                for user_id in sorted(recipients):
                    if not prefs.wants(user_id, kind):
                        continue
                    before = sent.get((row["pk"], user_id, kind), [])
                    if kind == ReminderKind.DUE_SOON and deadline is not None:
                        threshold, below = config.band(days) or (0, 0)
                        window = (
                            deadline - timedelta(days=threshold),
                            deadline - timedelta(days=below + 1),
                        )
                        if any(window[0] <= d <= window[1] for d in before):
                            continue
                    if kind == ReminderKind.STALE and before:
                        continue
                    plan.reminders.append(
                        Reminder(
                            task_id=row["pk"], recipient_id=user_id, kind=kind, days=days, day=day
                        )
                    )
                    plan.tasks[row["pk"]] = info
            if row["status"] != rules.Status.OVERDUE.value or deadline is None:
                continue
            count = overdue_count.get(row["pk"], 0)
            levels = [
                (Escalation.Level.LEAD_UNIT_LEADER, 1, to_lead.get(row["lead_unit_id"], set())),
                (
                    Escalation.Level.ISSUER_OFFICE,
                    2,
                    to_office.get(row["document__issuer_id"], set()),
                ),
            ]
            for level, times, users in levels:
                if config.escalate_after <= 0 or count < config.escalate_after * times:
                    continue
                for user_id in sorted(users):
                    if (row["pk"], level.value, user_id) in escalated:
                        continue
                    if not prefs.wants(user_id, NotificationKind.ESCALATION):
                        continue
                    plan.escalations.append(
                        Escalation(
                            task_id=row["pk"],
                            level=level,
                            recipient_id=user_id,
                            day=day,
                            after_reminders=count,
                        )
                    )
                    plan.tasks[row["pk"]] = info
    return plan


def _items_by_person(plan: Plan) -> dict[int, list[Item]]:
    found: dict[int, dict[int, Item]] = defaultdict(dict)
    for r in plan.reminders:
        item = found[r.recipient_id].setdefault(r.task_id, Item(plan.tasks[r.task_id]))
        item.kinds.append(r.kind)
        item.days[r.kind] = r.days
    for e in plan.escalations:
        item = found[e.recipient_id].setdefault(e.task_id, Item(plan.tasks[e.task_id]))
        item.escalation_level = max(item.escalation_level or 0, e.level)
        item.after_reminders = e.after_reminders
    return {
        user_id: sorted(items.values(), key=digests.item_order) for user_id, items in found.items()
    }


# --- sending -------------------------------------------------------------------------------


def _claim(
    user_id: int, day: date, channel: str, message: digests.Message, count: int
) -> Digest | None:
    """Insert the person's digest row for the channel; None when another run already has it.
    The in-app notification is written with it, in the same transaction."""
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                recipient_id=user_id,
                day=day,
                channel=channel,
                subject=message.subject,
                body=message.text if channel == Channel.EMAIL else message.body,
                item_count=count,
            )
            if channel == Channel.IN_APP:
                Notification.objects.create(
                    recipient_id=user_id,
                    kind="digest",
                    title=message.subject,
                    body=message.body,
                    url=message.path,
                    task_id=message.task_id,
                    digest=digest,
                )
                digest.sent_at = timezone.now()
                digest.save(update_fields=["sent_at"])
    except IntegrityError:
        return None
    return digest


def _deliver(
    person: PersonResult, day: date, prefs: Preferences, mailer: Any, hour: int | None
) -> None:
    if hour is not None and prefs.hour(person.user_id) > hour:
        person.waiting = True
        return
    message = digests.compose(day, person.items, prefs.user(person.user_id))
    person.subject = message.subject
    for channel in person.channels:
        digest = _claim(person.user_id, day, channel, message, len(person.items))
        if digest is None:
            person.already.append(channel)
            continue
        if channel == Channel.EMAIL:
            email = EmailMessage(
                subject=message.subject,
                body=message.text,
                to=[person.email],
                connection=mailer,
            )
            try:
                email.send()
            except OSError as exc:  # SMTP errors are OSErrors: record them, keep going
                logger.warning("digest %s to %s not sent: %s", digest.pk, person.email, exc)
                Digest.objects.filter(pk=digest.pk).update(error=str(exc)[:2000])
                person.errors.append(f"{channel}: {exc}")
                continue
            Digest.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
        person.sent.append(channel)


@contextmanager
def _one_writer() -> Iterator[None]:
    """On SQLite, one sweep at a time in this process.

    SQLite has one writer at a time: across processes the busy timeout makes a second sweep
    wait for the first, but threads of one process sharing an in-memory database get "table
    is locked" at once instead of waiting, so they take turns here. PostgreSQL runs sweeps
    side by side; the unique rows keep them from sending anything twice.
    """
    if db.vendor != "sqlite":
        yield
        return
    with _SQLITE_WRITER:
        yield


_SQLITE_WRITER = threading.Lock()


def run_sweep(day: date, *, dry_run: bool = False, hour: int | None = None) -> SweepResult:
    """Plan ``day``'s reminders and escalations, record them and send each person's digest.

    ``hour`` (the local hour the sweep runs at) holds back the digest of a person whose
    digest hour is later; without it every digest due that day goes out. With ``dry_run``
    nothing is written or sent: the result says what would be.
    """
    with _one_writer():
        return _sweep(day, dry_run=dry_run, hour=hour)


def _sweep(day: date, *, dry_run: bool, hour: int | None) -> SweepResult:
    config = Config.from_settings()
    result = SweepResult(day=day, dry_run=dry_run)
    if not config.on_days_off and not is_working_day(day):
        result.skipped = "day_off"
        return result
    prefs = Preferences()
    plan = plan_day(day, config, prefs)
    result.reminders = len(plan.reminders)
    result.escalations = len(plan.escalations)
    if not dry_run:
        Reminder.objects.bulk_create(plan.reminders, ignore_conflicts=True, batch_size=1000)
        Escalation.objects.bulk_create(plan.escalations, ignore_conflicts=True, batch_size=1000)
    by_person = _items_by_person(plan)
    done: set[tuple[int, str]] = set(
        Digest.objects.filter(day=day, recipient_id__in=list(by_person)).values_list(
            "recipient_id", "channel"
        )
    )
    mailer = None
    if not dry_run and any(Channel.EMAIL in prefs.channels(u) for u in by_person):
        mailer = get_connection()
        try:
            mailer.open()  # one connection for every message; each send retries if it fails
        except OSError as exc:
            logger.warning("mail server not reachable: %s", exc)
    try:
        for user_id, items in sorted(by_person.items()):
            user = prefs.user(user_id)
            person = PersonResult(
                user_id=user_id,
                name=(user.get_full_name() or user.get_username()) if user else str(user_id),
                email=prefs.email_of(user_id),
                items=items,
                channels=prefs.channels(user_id),
            )
            result.people.append(person)
            if dry_run:
                person.already = [c for c in person.channels if (user_id, c) in done]
                person.waiting = hour is not None and prefs.hour(user_id) > hour
                person.subject = digests.compose(day, items, user).subject
                continue
            _deliver(person, day, prefs, mailer, hour)
    finally:
        if mailer is not None:
            mailer.close()
    return result
