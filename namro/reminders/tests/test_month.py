"""A month of one document's tasks, the clock moved day by day, the sweep run twice a day:
exactly the expected reminders, escalations and digests, delivered through a real SMTP
server, none twice."""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from datetime import date
from typing import Any

import pytest
from django.db import connection

from namro.reminders.models import Channel, Digest, Escalation, Notification, Reminder
from namro.reminders.sweep import run_sweep

from . import month
from .conftest import subject

pytestmark = pytest.mark.django_db


def _digest_items(world: month.Month) -> dict[str, dict[date, set[tuple[str, str]]]]:
    """What the records say each person was told each day, as (task, kind) pairs."""
    names = {t.pk: n for n, t in world.tasks.items()}
    people = {u.pk: n for n, u in world.users.items()}
    found: dict[str, dict[date, set[tuple[str, str]]]] = {n: defaultdict(set) for n in world.users}
    for r in Reminder.objects.all():
        found[people[r.recipient_id]][r.day].add((names[r.task_id], r.kind))
    for e in Escalation.objects.all():
        found[people[e.recipient_id]][e.day].add((names[e.task_id], "escalation"))
    return {n: dict(v) for n, v in found.items()}


def test_a_month_of_sweeps_sends_exactly_what_is_due_once_a_day(smtp, client):
    world = month.build()
    for day in month.days():
        world.happen(day)
        first = run_sweep(day)
        again = run_sweep(day)
        assert again.digests_sent == 0, f"{day}: sent twice"
        if day == month.DAY_OFF or day.weekday() >= 5:
            assert first.skipped == "day_off" and not first.people

    assert _digest_items(world) == month.EXPECTED

    # One digest per person, day and channel they take; the reporter takes in-app only.
    digests = Counter(
        (d.recipient.username, d.channel) for d in Digest.objects.select_related("recipient")
    )
    lead_days = len(month.LEAD)
    assert digests == {
        ("chu_tri", Channel.EMAIL): lead_days,
        ("chu_tri", Channel.IN_APP): lead_days,
        ("bao_cao", Channel.IN_APP): lead_days,
        ("giam_doc", Channel.EMAIL): 1,
        ("giam_doc", Channel.IN_APP): 1,
        ("van_phong", Channel.EMAIL): 1,
        ("van_phong", Channel.IN_APP): 1,
    }
    assert not Digest.objects.filter(sent_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=world.users["reporter"]).count() == (lead_days)

    # What the SMTP server received: one message per person per day, in Vietnamese.
    owner_mail = smtp.to("chu_tri@example.test")
    assert len(smtp.messages) == lead_days + 2
    assert len(owner_mail) == lead_days
    assert smtp.to("bao_cao@example.test") == []
    subjects = Counter(subject(m) for m in owner_mail)
    assert subjects["namro: 3 nhiệm vụ cần đôn đốc ngày 13/03/2026"] == 1
    assert subjects["namro: 1 nhiệm vụ cần đôn đốc ngày 02/03/2026"] == 1
    assert max(subjects.values()) == 1

    thirteenth = next(m for m in owner_mail if "13/03/2026" in subject(m))
    body = thirteenth.get_content()
    assert "Kính gửi Chủ Nguyễn Văn," in body
    assert "Quá hạn 8 ngày" in body
    assert "Còn 7 ngày đến hạn" in body
    assert "14 ngày chưa cập nhật tiến độ" in body
    assert "Xây dựng đề án đô thị thông minh" in body
    assert "Thời hạn: 05/03/2026" in body
    assert "Trạng thái: Quá hạn" in body
    # The overdue task comes first, then the one due soon, then the stale one.
    assert body.index("đô thị thông minh") < body.index("quản lý dữ liệu số")
    assert body.index("quản lý dữ liệu số") < body.index("hiệu quả đầu tư công")

    leader_mail = smtp.to("giam_doc@example.test")
    assert len(leader_mail) == 1
    leader_body = leader_mail[0].get_content()
    assert subject(leader_mail[0]) == "namro: 1 nhiệm vụ cần đôn đốc ngày 12/03/2026"
    assert "Báo cáo vượt cấp (Lãnh đạo đơn vị chủ trì)" in leader_body
    assert "sau 3 lần nhắc" in leader_body
    office_body = smtp.to("van_phong@example.test")[0].get_content()
    assert "Văn phòng cơ quan giao nhiệm vụ" in office_body and "sau 6 lần nhắc" in office_body

    # The links open the right tasks.
    links = re.findall(r"http://namro\.example\.test(/nhiem-vu/\d+/)", body)
    expected = {f"/nhiem-vu/{world.tasks[n].pk}/" for n in ("A", "B", "D")}
    assert set(links) == expected
    client.force_login(world.users["owner"])
    task_d = world.tasks["D"]
    response = client.get(f"/nhiem-vu/{task_d.pk}/")
    assert response.status_code == 200
    assert "Đánh giá hiệu quả đầu tư công" in response.content.decode()


def test_nothing_goes_out_on_a_day_off_unless_configured(smtp, settings):
    world = month.build()
    assert run_sweep(month.DAY_OFF).skipped == "day_off"
    assert not Reminder.objects.exists() and smtp.messages == []
    settings.NAMRO_REMIND_ON_DAYS_OFF = True
    result = run_sweep(month.DAY_OFF)
    assert not result.skipped
    # A has been overdue since 06/03, the first sweep of it: one reminder to owner and reporter.
    assert {(r.recipient_id, r.kind) for r in Reminder.objects.all()} == {
        (world.users["owner"].pk, "overdue"),
        (world.users["reporter"].pk, "overdue"),
    }
    assert len(smtp.messages) == 1


def test_a_dry_run_writes_and_sends_nothing_but_says_what_it_would(smtp):
    world = month.build()
    world.up_to(month.d(13))
    result = run_sweep(month.d(13), dry_run=True)
    assert not Reminder.objects.exists() and not Digest.objects.exists()
    assert smtp.messages == []
    by_user = {p.user_id: p for p in result.people}
    owner = by_user[world.users["owner"].pk]
    assert owner.channels == [Channel.IN_APP, Channel.EMAIL]
    assert owner.subject == "namro: 3 nhiệm vụ cần đôn đốc ngày 13/03/2026"
    assert {i.task.pk for i in owner.items} == {world.tasks[n].pk for n in ("A", "B", "D")}


def test_a_digest_waits_for_the_persons_hour(smtp):
    world = month.build()
    early = run_sweep(month.d(6), hour=6)  # everyone's digest hour is 7 by default
    assert early.digests_sent == 0 and all(p.waiting for p in early.people)
    assert Reminder.objects.filter(day=month.d(6)).count() == 2  # recorded at the first run
    later = run_sweep(month.d(6), hour=7)
    assert later.digests_sent == 3  # the owner's e-mail and in-app, the reporter's in-app
    assert len(smtp.to("chu_tri@example.test")) == 1
    assert run_sweep(month.d(6), hour=8).digests_sent == 0
    assert world.users["owner"].notifications.count() == 1


def test_a_failed_delivery_is_recorded_and_not_retried_the_same_day(settings):
    world = month.build()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens on the discard port
    settings.EMAIL_TIMEOUT = 2
    result = run_sweep(month.d(6))
    owner = next(p for p in result.people if p.user_id == world.users["owner"].pk)
    assert owner.sent == [Channel.IN_APP] and owner.errors
    failed = Digest.objects.get(recipient=world.users["owner"], channel=Channel.EMAIL)
    assert failed.sent_at is None and failed.error
    assert run_sweep(month.d(6)).digests_sent == 0


def test_an_extension_starts_the_overdue_count_again(smtp):
    """Escalation counts the overdue reminders since the deadline now in force."""
    from namro.tasks import services as task_services

    world = month.build()
    for day in [month.d(6), month.d(9), month.d(11)]:
        run_sweep(day)
    request = task_services.extension_request_create(
        actor=None,
        task=world.tasks["A"],
        requested_due_on=month.d(11),
        reason="Chờ vốn",
        on=month.d(11),
    )
    task_services.extension_decide(actor=None, request=request, grant=True, on=month.d(11))
    run_sweep(month.d(12))  # now one day overdue, no earlier reminder since 11/03
    assert not Escalation.objects.exists()
    assert Reminder.objects.filter(day=month.d(12), kind="overdue").first().days == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_sweeping_the_same_day_send_one_digest_each(smtp):
    world = month.build()
    day = month.d(13)
    world.up_to(day)
    results: list[Any] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def work() -> None:
        try:
            start.wait()
            results.append(run_sweep(day))
        except BaseException as exc:  # the test reports what a worker raised
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert len(results) == 2
    assert sum(r.digests_sent for r in results) == 3
    assert Digest.objects.count() == 3
    assert len(smtp.to("chu_tri@example.test")) == 1
    assert Notification.objects.filter(recipient=world.users["reporter"]).count() == 1
    assert Reminder.objects.filter(day=day).count() == 6  # three tasks × two people
