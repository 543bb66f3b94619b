"""The sweep as a background job (Django's tasks API), and the hourly schedule that queues it.

``schedule_sweeps(now)`` queues the sweep for the current hour of the day (from
``NAMRO_SWEEP_HOUR`` on) unless a worker already did: the ``ScheduledSweep`` row, unique per
day and hour, is inserted first and only the process that inserted it enqueues. Each run of
the sweep records the day's reminders (once: they are unique) and sends the digests of the
people whose digest hour has come.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from .models import ScheduledSweep
from .sweep import run_sweep

logger = logging.getLogger(__name__)


@task()
def sweep_job(day: str, hour: int | None = None) -> dict[str, Any]:
    """Run the sweep for ``day`` (ISO date) at ``hour``; a summary for the job's result."""
    result = run_sweep(date.fromisoformat(day), hour=hour)
    return {
        "day": day,
        "hour": hour,
        "skipped": result.skipped,
        "reminders": result.reminders,
        "escalations": result.escalations,
        "digests_sent": result.digests_sent,
        "errors": sum(len(p.errors) for p in result.people),
    }


def schedule_sweeps(now: datetime | None = None) -> ScheduledSweep | None:
    """Queue the sweep for this hour unless it is before ``NAMRO_SWEEP_HOUR`` or already
    queued; the row queued, or None."""
    local = timezone.localtime(now)
    if local.hour < settings.NAMRO_SWEEP_HOUR:
        return None
    try:
        with transaction.atomic():
            slot = ScheduledSweep.objects.create(day=local.date(), hour=local.hour)
            job = sweep_job.enqueue(local.date().isoformat(), local.hour)
            slot.job_id = str(job.id)
            slot.save(update_fields=["job_id"])
    except IntegrityError:
        return None
    logger.info("sweep queued for %s %02d:00 (%s)", slot.day, slot.hour, slot.job_id)
    return slot
