"""Calendar feeds: what a person's and a unit's feed hold (read back with ``icalendar``), that a
revoked secret or a lost role stops them, a task's .ics for each persona, the feeds page with
its CSRF check, the audit of each feed made or revoked, and a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from namro.access.models import RoleAssignment
from namro.access.tests.personas import PERSONAS
from namro.audit.models import AuditEvent
from namro.factories import DocumentFactory, TaskFactory, UserFactory
from namro.reminders import selectors
from namro.reminders.models import CalendarFeed
from namro.reminders.services import feed_create, feed_revoke
from namro.tasks.models import Task

pytestmark = pytest.mark.django_db


def _events(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def _uid(task: Task) -> str:
    return f"task-{task.pk}@{urlsplit(settings.NAMRO_SITE_URL).hostname}"


def _feed_path(secret: str) -> str:
    return f"/lich/{secret}.ics"


@pytest.fixture
def owner(personas):
    """An account linked to the persona task's owner, with a reporter role over its unit."""
    user = UserFactory(username="owner")
    personas.person.user = user
    personas.person.save(update_fields=["user"])
    return user


def test_a_persons_feed_holds_their_open_deadlines_and_no_one_elses(client, personas):
    reporter = personas.user("reporter")
    today = timezone.localdate()
    doc = personas.document
    done = TaskFactory(document=doc, lead_unit=personas.department, due_on=today)
    Task.objects.filter(pk=done.pk).update(claimed_on=today, confirmed_on=today)
    stopped = TaskFactory(document=doc, lead_unit=personas.department, due_on=today)
    Task.objects.filter(pk=stopped.pk).update(cancelled_on=today)
    claimed = TaskFactory(document=doc, lead_unit=personas.department, due_on=today)
    Task.objects.filter(pk=claimed.pk).update(claimed_on=today)
    elsewhere = TaskFactory(document=doc, lead_unit=personas.commune, due_on=today)
    _feed, secret = feed_create(actor=reporter)

    events = _events(Client().get(_feed_path(secret)))

    assert set(events) == {_uid(personas.task), _uid(claimed)}
    assert _uid(personas.outside_task) not in events and _uid(elsewhere) not in events
    event = events[_uid(personas.task)]
    assert event.decoded("dtstart") == personas.task.due_on
    assert "Sở Kế hoạch và Đầu tư" in str(event["description"])
    assert "01-KH/TU" in str(event["description"])
    assert f"/nhiem-vu/{personas.task.pk}/" in str(event["description"])
    assert event.get("last-modified") is not None and event.get("dtstamp") is not None


def test_the_owner_by_name_sees_the_task_they_answer_for(personas, owner):
    # The owner holds a viewer role over the department: they see the task, report on none.
    RoleAssignment.objects.create(user=owner, role="viewer", unit=personas.department)
    other = TaskFactory(document=personas.document, lead_unit=personas.department)
    _feed, secret = feed_create(actor=owner)
    events = _events(Client().get(_feed_path(secret)))
    assert set(events) == {_uid(personas.task)}
    assert _uid(other) not in events


def test_the_uid_of_a_task_stays_the_same_across_fetches(personas):
    _feed, secret = feed_create(actor=personas.user("reporter"))
    first = _events(Client().get(_feed_path(secret)))
    Task.objects.filter(pk=personas.task.pk).update(progress=40)
    assert set(_events(Client().get(_feed_path(secret)))) == set(first)


def test_a_units_feed_holds_the_deadlines_its_subtree_leads(personas):
    tracker = personas.user("tracker")
    below = TaskFactory(document=personas.document, lead_unit=personas.division)
    beside = TaskFactory(document=personas.document, lead_unit=personas.commune)
    _feed, secret = feed_create(actor=tracker, unit=personas.department)
    events = _events(Client().get(_feed_path(secret)))
    assert set(events) == {_uid(personas.task), _uid(below)}
    assert _uid(beside) not in events


def test_a_feed_cannot_be_made_for_a_unit_outside_ones_scope(personas):
    with pytest.raises(PermissionDenied):
        feed_create(actor=personas.user("reporter"), unit=personas.outside_department)
    assert not CalendarFeed.objects.exists()


def test_an_unknown_or_revoked_secret_is_404(personas):
    reporter = personas.user("reporter")
    feed, secret = feed_create(actor=reporter)
    assert Client().get(_feed_path(secret)).status_code == 200
    assert Client().get(_feed_path(secret + "x")).status_code == 404
    feed_revoke(actor=reporter, feed=feed)
    assert Client().get(_feed_path(secret)).status_code == 404
    assert CalendarFeed.objects.get(pk=feed.pk).key_hash != secret


def test_a_feed_answer_is_kept_by_no_cache(personas):
    _feed, secret = feed_create(actor=personas.user("reporter"))
    response = Client().get(_feed_path(secret))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_user_who_lost_the_role_gets_nothing_outside_the_new_scope(personas):
    user = UserFactory(username="moved")
    RoleAssignment.objects.create(user=user, role="tracker", unit=personas.department)
    commune_doc = DocumentFactory(issuer=personas.commune)
    commune_task = TaskFactory(document=commune_doc, lead_unit=personas.commune)
    _own, own_secret = feed_create(actor=user)
    _unit, unit_secret = feed_create(actor=user, unit=personas.department)
    assert _uid(personas.task) in _events(Client().get(_feed_path(own_secret)))
    assert _uid(personas.task) in _events(Client().get(_feed_path(unit_secret)))

    RoleAssignment.objects.filter(user=user).delete()
    RoleAssignment.objects.create(user=user, role="tracker", unit=personas.commune)

    own = _events(Client().get(_feed_path(own_secret)))
    unit = _events(Client().get(_feed_path(unit_secret)))
    assert set(own) == {_uid(commune_task)}
    assert unit == {}


def test_a_deactivated_account_has_no_feed(personas):
    reporter = personas.user("reporter")
    _feed, secret = feed_create(actor=reporter)
    reporter.is_active = False
    reporter.save(update_fields=["is_active"])
    assert Client().get(_feed_path(secret)).status_code == 404


def test_feed_creation_and_revocation_are_audited(personas):
    reporter = personas.user("reporter")
    feed, secret = feed_create(actor=reporter)
    feed_revoke(actor=reporter, feed=feed)
    events = AuditEvent.objects.filter(object_id=str(feed.pk), action__startswith="calendar_feed")
    assert sorted(events.values_list("action", flat=True)) == [
        "calendar_feed.create",
        "calendar_feed.revoke",
    ]
    assert all(secret not in str(e.after) for e in events)


def test_one_cannot_revoke_another_persons_feed(personas):
    feed, _secret = feed_create(actor=personas.user("reporter"))
    with pytest.raises(PermissionDenied):
        feed_revoke(actor=personas.user("viewer"), feed=feed)


@pytest.mark.parametrize("size", [3, 30])
def test_a_feed_costs_a_fixed_number_of_queries(personas, size):
    reporter = personas.user("reporter")
    for _ in range(size):
        TaskFactory(document=personas.document, lead_unit=personas.department)
    _feed, secret = feed_create(actor=reporter)
    Client().get(_feed_path(secret))  # the first fetch notes the feed's use
    with CaptureQueriesContext(connection) as queries:
        events = _events(Client().get(_feed_path(secret)))
    assert len(events) == size + 1
    # The feed, the user's roles, the tasks with their units and documents.
    assert len(queries) == 3, [q["sql"] for q in queries.captured_queries]


def test_a_feed_is_capped_soonest_first(personas, monkeypatch):
    monkeypatch.setattr(selectors, "FEED_CAP", 2)
    today = timezone.localdate()
    late = TaskFactory(
        document=personas.document, lead_unit=personas.department, due_on=today + timedelta(400)
    )
    soon = TaskFactory(
        document=personas.document, lead_unit=personas.department, due_on=today + timedelta(1)
    )
    _feed, secret = feed_create(actor=personas.user("reporter"))
    events = _events(Client().get(_feed_path(secret)))
    assert set(events) == {_uid(soon), _uid(personas.task)}
    assert _uid(late) not in events


# --- a task's .ics ----------------------------------------------------------------------------

SEES_TASK = {"admin", "leader", "tracker", "reporter", "viewer"}


@pytest.mark.parametrize("name", PERSONAS)
def test_a_tasks_ics_for_each_persona(client, personas, name):
    user = personas.user(name)
    if user is not None:
        client.force_login(user)
    response = client.get(f"/thong-bao/lich/nhiem-vu/{personas.task.pk}.ics")
    if name == "anonymous":
        assert response.status_code == 302
    elif name in SEES_TASK:
        assert set(_events(response)) == {_uid(personas.task)}
        assert "attachment" in response["Content-Disposition"]
    else:
        assert response.status_code == 404
    if user is not None and name != "admin":
        outside = client.get(f"/thong-bao/lich/nhiem-vu/{personas.outside_task.pk}.ics")
        assert outside.status_code == 404


def test_the_owner_and_a_colleague_get_the_ics_an_outsider_does_not(client, personas, owner):
    RoleAssignment.objects.create(user=owner, role="reporter", unit=personas.department)
    colleague = UserFactory(username="colleague")
    RoleAssignment.objects.create(user=colleague, role="viewer", unit=personas.department)
    outsider = UserFactory(username="outsider")
    RoleAssignment.objects.create(user=outsider, role="tracker", unit=personas.outside)
    url = f"/thong-bao/lich/nhiem-vu/{personas.task.pk}.ics"
    for user, status in [(owner, 200), (colleague, 200), (outsider, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_the_task_page_links_its_ics(client, personas):
    client.force_login(personas.user("reporter"))
    page = client.get(f"/nhiem-vu/{personas.task.pk}/").content.decode()
    assert f'href="/thong-bao/lich/nhiem-vu/{personas.task.pk}.ics"' in page


# --- the feeds page ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", PERSONAS)
def test_the_feeds_page_for_each_persona(client, personas, name):
    user = personas.user(name)
    if user is not None:
        client.force_login(user)
    response = client.get("/thong-bao/lich/")
    if name == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nhiệm vụ của tôi" in text
    assert ("Sở Tài chính Bên ngoài" in text) == (name == "admin")


def test_making_a_feed_shows_its_address_once_and_revoking_stops_it(client, personas):
    tracker = personas.user("tracker")
    client.force_login(tracker)
    made = client.post("/thong-bao/lich/", {"unit": personas.department.pk})
    assert made.status_code == 200
    feed = CalendarFeed.objects.get(user=tracker)
    assert feed.unit == personas.department
    text = made.content.decode()
    start = text.index(settings.NAMRO_SITE_URL + "/lich/")
    url = text[start : text.index('"', start)]
    path = url.removeprefix(settings.NAMRO_SITE_URL)
    assert _uid(personas.task) in _events(Client().get(path))
    again = client.get("/thong-bao/lich/").content.decode()
    assert path not in again and feed.prefix in again

    revoked = client.post(f"/thong-bao/lich/{feed.pk}/thu-hoi/")
    assert revoked.status_code == 302
    assert Client().get(path).status_code == 404


def test_a_feed_for_a_unit_outside_scope_is_refused_on_the_page(client, personas):
    client.force_login(personas.user("reporter"))
    response = client.post("/thong-bao/lich/", {"unit": personas.outside_department.pk})
    assert response.status_code == 400
    assert not CalendarFeed.objects.exists()


def test_another_persons_feed_cannot_be_revoked_from_the_page(client, personas):
    feed, secret = feed_create(actor=personas.user("reporter"))
    client.force_login(personas.user("viewer"))
    assert client.post(f"/thong-bao/lich/{feed.pk}/thu-hoi/").status_code == 404
    assert Client().get(_feed_path(secret)).status_code == 200


def test_making_and_revoking_need_the_csrf_token(personas):
    reporter = personas.user("reporter")
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(reporter)
    assert guarded.post("/thong-bao/lich/", {}).status_code == 403
    assert not CalendarFeed.objects.exists()
    feed, secret = feed_create(actor=reporter)
    assert guarded.post(f"/thong-bao/lich/{feed.pk}/thu-hoi/").status_code == 403
    assert Client().get(_feed_path(secret)).status_code == 200


@pytest.mark.parametrize("feeds", [1, 8])
def test_the_feeds_page_costs_a_fixed_number_of_queries(client, personas, feeds):
    tracker = personas.user("tracker")
    for _ in range(feeds):
        feed_create(actor=tracker, unit=personas.department)
    client.force_login(tracker)
    client.get("/thong-bao/lich/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/thong-bao/lich/")
    assert response.content.decode().count('class="inline"') >= feeds
    assert len(queries) <= 8, [q["sql"] for q in queries.captured_queries]


def test_a_long_action_is_cut_in_the_summary_and_kept_whole_in_the_description(personas):
    action = "Xây dựng đề án " * 30
    long = TaskFactory(document=personas.document, lead_unit=personas.department, action=action)
    _feed, secret = feed_create(actor=personas.user("reporter"))
    event = _events(Client().get(_feed_path(secret)))[_uid(long)]
    assert len(str(event["summary"])) == 120 and str(event["summary"]).endswith("…")
    assert " ".join(action.split()) in " ".join(str(event["description"]).split())
