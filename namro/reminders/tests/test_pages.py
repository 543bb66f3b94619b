"""The bell, the notifications page, the preferences page, the task page's reminders and the
notifications API, for the owner, another person and an anonymous visitor."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from namro.reminders.models import Escalation, Notification, Preference, Reminder

pytestmark = pytest.mark.django_db


def _notify(user, title="namro: 1 nhiệm vụ cần đôn đốc ngày 02/03/2026", n=1, read=False):
    from django.utils import timezone

    return [
        Notification.objects.create(
            recipient=user,
            title=f"{title} #{i}",
            body="1. [Quá hạn 3 ngày] Xây dựng đề án\n   Xem nhiệm vụ: /nhiem-vu/1/",
            url="/thong-bao/",
            read_at=timezone.now() if read else None,
        )
        for i in range(n)
    ]


def test_the_bell_counts_unread_and_the_page_marks_them_read(client, personas):
    reporter = personas.user("reporter")
    _notify(reporter, n=2)
    _notify(personas.user("viewer"), n=5)
    client.force_login(reporter)
    home = client.get("/").content.decode()
    assert 'hx-get="/thong-bao/chua-doc/"' in home
    bell = client.get("/thong-bao/chua-doc/")
    assert bell.status_code == 200 and ">2</span>" in bell.content.decode()
    page = client.get("/thong-bao/")
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count('class="notification unread"') == 2
    assert '<a href="/nhiem-vu/1/">/nhiem-vu/1/</a>' in text
    assert not Notification.objects.filter(recipient=reporter, read_at__isnull=True).exists()
    # The other person's stay unread and unseen.
    assert Notification.objects.filter(recipient=personas.user("viewer"), read_at=None).count() == 5
    assert "bell-count" not in client.get("/thong-bao/chua-doc/").content.decode()


def test_the_bell_costs_one_query_of_its_own(client, personas, django_assert_max_num_queries):
    client.force_login(personas.user("reporter"))
    with django_assert_max_num_queries(4):  # session, user, the user's roles, the count
        client.get("/thong-bao/chua-doc/")


def test_the_notifications_page_shows_only_ones_own(client, personas):
    _notify(personas.user("viewer"), title="Của người khác")
    client.force_login(personas.user("admin"))
    text = client.get("/thong-bao/").content.decode()
    assert "Của người khác" not in text and "Chưa có thông báo nào." in text


def test_anonymous_visitors_are_sent_to_log_in(client):
    for path in ["/thong-bao/", "/thong-bao/cai-dat/", "/thong-bao/chua-doc/"]:
        response = client.get(path)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


@pytest.mark.parametrize("rows", [3, 30])
def test_the_notifications_page_costs_the_same_at_any_size(client, personas, rows):
    reporter = personas.user("reporter")
    _notify(reporter, n=rows)
    client.force_login(reporter)
    client.get("/thong-bao/")  # marks them read
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/thong-bao/").status_code == 200
    assert len(queries) <= 12


def test_the_preferences_page_changes_ones_own_only(client, personas):
    reporter = personas.user("reporter")
    client.force_login(reporter)
    page = client.get("/thong-bao/cai-dat/")
    assert page.status_code == 200 and "Giờ gửi bản tin hằng ngày" in page.content.decode()
    response = client.post(
        "/thong-bao/cai-dat/",
        {"in_app": "on", "kinds": ["overdue", "escalation"], "digest_hour": "16"},
    )
    assert response.status_code == 302
    pref = Preference.objects.get(user=reporter)
    assert (pref.in_app, pref.email, pref.kinds, pref.digest_hour) == (
        True,
        False,
        ["overdue", "escalation"],
        16,
    )
    assert not Preference.objects.exclude(user=reporter).exists()
    bad = client.post("/thong-bao/cai-dat/", {"kinds": ["nonsense"], "digest_hour": "25"})
    assert bad.status_code == 400
    assert Preference.objects.get(user=reporter).digest_hour == 16


def test_the_task_page_shows_its_reminders_and_escalations(client, personas):
    task = personas.task
    Reminder.objects.create(
        task=task, recipient=personas.user("reporter"), kind="overdue", days=4, day=date(2026, 3, 9)
    )
    Escalation.objects.create(
        task=task,
        level=1,
        recipient=personas.user("leader"),
        day=date(2026, 3, 12),
        after_reminders=3,
    )
    client.force_login(personas.user("viewer"))
    text = client.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert "Nhắc việc và báo cáo vượt cấp" in text
    assert "09/03/2026" in text and "Quá hạn (4 ngày)" in text
    assert "Lãnh đạo đơn vị chủ trì" in text and "sau 3 lần nhắc quá hạn" in text
    client.force_login(personas.user("norole"))
    assert client.get(f"/nhiem-vu/{task.pk}/").status_code == 404


def test_the_task_pages_reminders_cost_the_same_at_any_size(client, personas):
    from datetime import timedelta

    def remind(first: int, days: int) -> None:
        for n in range(first, first + days):
            for name in ("reporter", "tracker"):
                Reminder.objects.create(
                    task=personas.task,
                    recipient=personas.user(name),
                    kind="overdue",
                    days=n + 1,
                    day=date(2026, 1, 1) + timedelta(days=n),
                )

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/nhiem-vu/{personas.task.pk}/").status_code == 200
        return len(queries)

    client.force_login(personas.user("reporter"))
    never = cost()
    remind(0, 2)
    Escalation.objects.create(
        task=personas.task,
        level=1,
        recipient=personas.user("leader"),
        day=date(2026, 1, 5),
        after_reminders=3,
    )
    few = cost()
    remind(2, 40)
    assert cost() == few == never + 1  # the escalations, asked once there are reminders


def test_a_task_never_reminded_shows_no_section(client, personas):
    client.force_login(personas.user("reporter"))
    text = client.get(f"/nhiem-vu/{personas.task.pk}/").content.decode()
    assert "Nhắc việc và báo cáo vượt cấp" not in text


# --- the API --------------------------------------------------------------------------------


def test_the_api_lists_ones_own_notifications_unread_first(client, personas):
    reporter = personas.user("reporter")
    read = _notify(reporter, title="Đã đọc", read=True)[0]
    unread = _notify(reporter, title="Chưa đọc", n=2)
    _notify(personas.user("viewer"), title="Của người khác")
    client.force_login(reporter)
    body = client.get("/api/v1/notifications?limit=2").json()
    assert [i["id"] for i in body["items"]] == [unread[1].pk, unread[0].pk]
    rest = client.get(f"/api/v1/notifications?limit=2&cursor={body['next_cursor']}").json()
    assert [i["id"] for i in rest["items"]] == [read.pk] and rest["next_cursor"] is None


@pytest.mark.parametrize("rows", [2, 20])
def test_the_api_list_costs_the_same_at_any_size(
    client, personas, rows, django_assert_max_num_queries
):
    reporter = personas.user("reporter")
    _notify(reporter, n=rows)
    client.force_login(reporter)
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/notifications").status_code == 200


def test_the_api_marks_ones_own_notification_read_and_hides_others(client, personas):
    reporter = personas.user("reporter")
    own = _notify(reporter)[0]
    other = _notify(personas.user("viewer"))[0]
    assert client.post(f"/api/v1/notifications/{own.pk}/read").status_code == 401
    assert client.get("/api/v1/notifications").status_code == 401
    client.force_login(reporter)
    response = client.post(f"/api/v1/notifications/{own.pk}/read")
    assert response.status_code == 200 and response.json()["read_at"]
    missing = client.post(f"/api/v1/notifications/{other.pk}/read")
    assert missing.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
    client.force_login(personas.user("admin"))  # an administrator's inbox is their own too
    assert client.post(f"/api/v1/notifications/{other.pk}/read").status_code == 404


@pytest.fixture
def _back_to_vietnamese(settings):
    """A request in English leaves English active in the thread; the next test must not
    inherit it."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_the_pages_speak_english_when_chosen(client, personas, settings, _back_to_vietnamese):
    client.force_login(personas.user("reporter"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "No notifications yet." in client.get("/thong-bao/").content.decode()
    assert "Daily digest hour" in client.get("/thong-bao/cai-dat/").content.decode()
