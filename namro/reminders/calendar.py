"""Deadlines as an iCalendar (RFC 5545) file, written by the ``icalendar`` library.

Pure: it knows no model and no request. Each deadline is one all-day event on its date (an
event's end is the next day, exclusive, as the standard reads an all-day event), marked free
time so that a deadline does not block a person's day in their calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

PRODID = "-//namro//Nhiem vu//VI"
SUMMARY_LENGTH = 120
# How often a calendar client is asked to read the feed again (X-PUBLISHED-TTL says the same).
REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class Deadline:
    """One deadline to show: ``uid`` stays the same for the same task across fetches."""

    uid: str
    summary: str
    description: str
    due_on: date
    modified: datetime
    url: str


def shorten(text: str, length: int = SUMMARY_LENGTH) -> str:
    """``text`` on one line, cut to ``length`` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"


def event_of(deadline: Deadline) -> Event:
    event = Event()
    event.add("uid", deadline.uid)
    event.add("summary", shorten(deadline.summary))
    event.add("description", deadline.description)
    event.add("dtstart", deadline.due_on)
    event.add("dtend", deadline.due_on + timedelta(days=1))
    # Without a METHOD, DTSTAMP is the time the information last changed (RFC 5545 3.8.7.2).
    event.add("dtstamp", deadline.modified)
    event.add("last-modified", deadline.modified)
    event.add("url", deadline.url)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_of(deadlines: Iterable[Deadline], *, name: str) -> bytes:
    """The calendar holding one event per deadline, as the bytes of an ``.ics`` file."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for deadline in deadlines:
        calendar.add_component(event_of(deadline))
    body: bytes = calendar.to_ical()
    return body
