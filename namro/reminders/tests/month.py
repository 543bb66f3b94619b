"""One document's tasks through March 2026, for the sweep's tests.

The province committee (issuer) gives its planning department (lead unit) four tasks, all
assigned on 27/02/2026, owned by one official with an account (who reports for the
department too, and is reminded once, not twice):

- A, due 05/03, stays overdue the whole month (progress reported 09/03 and 20/03);
- B, due 20/03, claimed done 16/03 and confirmed 18/03 (progress 09/03);
- C, due 31/03, on time to the end (progress 09/03 and 20/03);
- D, due 30/04, never updated.

Tuesday 10/03 is a day off in the calendar. People: the owner (e-mail and in-app), a reporter
on the department (in-app only), the department's leader, the province's tracker (the
issuer's office), and a reporter and a leader on the province itself, who hold nothing
directly on the department and so are never reminded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from namro.access.models import Role
from namro.factories import (
    DocumentFactory,
    PersonFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
    grant,
)
from namro.orgs.models import UnitKind, UnitLevel
from namro.reminders.models import NotificationKind, Preference
from namro.tasks import services as task_services
from namro.workdays.models import CalendarDay

FIRST = date(2026, 3, 1)
LAST = date(2026, 3, 31)
DAY_OFF = date(2026, 3, 10)


def days() -> list[date]:
    return [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]


@dataclass
class Month:
    users: dict[str, Any]
    tasks: dict[str, Any]
    events: dict[date, list[Callable[[], Any]]]

    def happen(self, day: date) -> None:
        for event in self.events.get(day, []):
            event()

    def up_to(self, day: date) -> None:
        """Everything that happens from the first of the month to ``day``."""
        for each in days():
            if each <= day:
                self.happen(each)


def build() -> Month:
    province = UnitFactory(
        name="Tỉnh ủy Thử nghiệm", kind=UnitKind.PARTY_COMMITTEE, level=UnitLevel.PROVINCE
    )
    department = UnitFactory(name="Sở Kế hoạch và Đầu tư", parent=province)
    CalendarDay.objects.create(day=DAY_OFF, name="Ngày nghỉ bù")

    users = {
        "owner": UserFactory(username="chu_tri", first_name="Chủ", last_name="Nguyễn Văn"),
        "reporter": UserFactory(username="bao_cao", first_name="Hà", last_name="Lê Thị"),
        "leader": UserFactory(username="giam_doc", first_name="Đức", last_name="Trần Minh"),
        "tracker": UserFactory(username="van_phong", first_name="Hương", last_name="Phạm Thu"),
        "far_reporter": UserFactory(username="bao_cao_tinh"),
        "far_leader": UserFactory(username="lanh_dao_tinh"),
    }
    grant(users["owner"], Role.REPORTER, department)  # so the links open for them
    grant(users["reporter"], Role.REPORTER, department)
    grant(users["leader"], Role.LEADER, department)
    grant(users["tracker"], Role.TRACKER, province)
    grant(users["far_reporter"], Role.REPORTER, province)
    grant(users["far_leader"], Role.LEADER, province)
    Preference.objects.create(
        user=users["reporter"], in_app=True, email=False, kinds=NotificationKind.values
    )
    owner = PersonFactory(full_name="Nguyễn Văn Chủ", user=users["owner"])

    document = DocumentFactory(
        number="12-KH/TU",
        title="Kế hoạch thực hiện chuyển đổi số năm 2026",
        issuer=province,
        issued_on=date(2026, 2, 27),
    )

    def task(section: str, action: str, due: date) -> Any:
        return TaskFactory(
            document=document,
            section=section,
            action=action,
            lead_unit=department,
            owner=owner,
            authority=province,
            due_on=due,
        )

    tasks = {
        "A": task("1.", "Xây dựng đề án đô thị thông minh", date(2026, 3, 5)),
        "B": task("2.", "Ban hành quy chế quản lý dữ liệu số", date(2026, 3, 20)),
        "C": task("3.", "Tổng kết chương trình cải cách hành chính", date(2026, 3, 31)),
        "D": task("4.", "Đánh giá hiệu quả đầu tư công", date(2026, 4, 30)),
    }

    def progress(name: str, on: date, percent: int) -> Callable[[], Any]:
        return lambda: task_services.task_report_progress(
            actor=None,
            task=tasks[name],
            progress=percent,
            narrative="Đang triển khai",
            explanation="Chờ ý kiến các sở, ngành",
            on=on,
        )

    events: dict[date, list[Callable[[], Any]]] = {
        date(2026, 3, 9): [
            progress("A", date(2026, 3, 9), 40),
            progress("B", date(2026, 3, 9), 60),
            progress("C", date(2026, 3, 9), 20),
        ],
        date(2026, 3, 16): [
            lambda: task_services.task_claim_done(
                actor=None, task=tasks["B"], output_note="Quy chế đã ban hành", on=date(2026, 3, 16)
            )
        ],
        date(2026, 3, 18): [
            lambda: task_services.task_confirm(actor=None, task=tasks["B"], on=date(2026, 3, 18))
        ],
        date(2026, 3, 20): [
            progress("A", date(2026, 3, 20), 70),
            progress("C", date(2026, 3, 20), 60),
        ],
    }
    return Month(users=users, tasks=tasks, events=events)


def d(day: int) -> date:
    return date(2026, 3, day)


# The specification: on each day, what each person's digest lists — (task, kind) pairs,
# "escalation" for a task reported over the lead unit's head. Days not listed: nothing.
LEAD = {
    d(2): {("A", "due_soon")},
    d(4): {("A", "due_soon")},
    d(5): {("A", "due_today")},
    d(6): {("A", "overdue")},
    d(9): {("A", "overdue")},
    d(11): {("A", "overdue")},
    d(12): {("A", "overdue")},
    d(13): {("A", "overdue"), ("B", "due_soon"), ("D", "stale")},
    d(16): {("A", "overdue")},
    d(17): {("A", "overdue")},
    d(18): {("A", "overdue")},
    d(19): {("A", "overdue")},
    d(20): {("A", "overdue")},
    d(23): {("A", "overdue")},
    d(24): {("A", "overdue"), ("C", "due_soon")},
    d(25): {("A", "overdue")},
    d(26): {("A", "overdue")},
    d(27): {("A", "overdue"), ("D", "stale")},
    d(30): {("A", "overdue"), ("C", "due_soon")},
    d(31): {("A", "overdue"), ("C", "due_today")},
}
EXPECTED = {
    "owner": LEAD,
    "reporter": LEAD,
    # Overdue reminders on 06, 09, 11/03: still overdue on 12/03 after three → the leader.
    "leader": {d(12): {("A", "escalation")}},
    # Six overdue reminders by 16/03: on 17/03 the issuer's office.
    "tracker": {d(17): {("A", "escalation")}},
    "far_reporter": {},
    "far_leader": {},
}
