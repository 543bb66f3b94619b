"""The day's work waiting in the demo inboxes: requests for explanation asked and answered, a
completion claim sent back, a claim and an extension request waiting for a decision, and a
document received whose tasks are not yet entered.

Each step is taken through the services by the demo user the gate lets take it (the named
one first), on tasks the demo ward leads, so every demo role finds something in
"Việc cần xử lý". All of it is sample data.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from namro.access import policy
from namro.access.policy import Action
from namro.documents.models import DocumentKind
from namro.documents.services import document_create
from namro.tasks import services
from namro.tasks.models import ExplanationState, ExtensionState, Recurrence, Task


def _who(users: dict[str, Any], action: Action, preferred: str, task: Task) -> Any:
    """The demo user the gate lets do ``action`` on ``task``, ``preferred`` first."""
    for user in [users[preferred], *users.values()]:
        if policy.allows(user, action, task):
            return user
    raise LookupError(f"no demo user may {action} task {task.pk}")


def _open_tasks(lead: Any) -> list[Task]:
    """One-off tasks ``lead`` leads with nothing pending: no claim, extension request or
    request for explanation waiting."""
    return list(
        Task.objects.filter(
            lead_unit=lead,
            recurrence=Recurrence.NONE,
            due_on__isnull=False,
            cancelled_on__isnull=True,
            confirmed_on__isnull=True,
            claimed_on__isnull=True,
        )
        .exclude(extension_requests__state=ExtensionState.PENDING)
        .exclude(
            explanation_requests__state__in=[ExplanationState.ASKED, ExplanationState.ANSWERED]
        )
        .select_related("document__issuer", "lead_unit", "authority")
        .order_by("due_on", "pk")
    )


def load_daily(story: Any, users: dict[str, Any], today: date) -> None:
    """Leave something waiting for the demo tracker, leader and reporter."""
    ward = story.communes[0]
    tasks = _open_tasks(ward)
    running = [t for t in tasks if t.due_on is not None and t.due_on > today + timedelta(days=7)]
    # Late tasks first; a slipping one when fewer are late.
    late = [t for t in tasks if t.due_on is not None and t.due_on < today]
    late += [t for t in reversed(running)][: max(0, 2 - len(late))]
    running = [t for t in running if t not in late]

    # Asked two days ago: waits for the ward to explain.
    if late:
        task = late[0]
        services.explanation_ask(
            actor=_who(users, Action.TASK_ASK_EXPLANATION, "tracker", task),
            task=task,
            question="Đề nghị giải trình lý do chậm tiến độ, giải pháp khắc phục và thời hạn "
            "hoàn thành (dữ liệu mẫu).",
            answer_due_on=today + timedelta(days=3),
            on=max(task.assigned_on, today - timedelta(days=2)),
        )
    # Asked and answered: waits for the asker to accept it or ask again.
    if len(late) > 1:
        task = late[1]
        asked = services.explanation_ask(
            actor=_who(users, Action.TASK_ASK_EXPLANATION, "leader", task),
            task=task,
            question="Vì sao nhiệm vụ chưa hoàn thành đúng hạn? (dữ liệu mẫu)",
            on=max(task.assigned_on, today - timedelta(days=6)),
        )
        services.explanation_answer(
            actor=_who(users, Action.TASK_REPORT, "reporter", task),
            request=asked,
            reason="Phải chờ hướng dẫn sau sắp xếp đơn vị hành chính (mẫu).",
            remedy="Đã phân công lại cán bộ, họp giao ban hằng tuần để đôn đốc (mẫu).",
            proposed_due_on=today + timedelta(days=30),
            on=max(asked.asked_on, today - timedelta(days=3)),
        )
    # Claimed, then sent back: waits for the ward to complete it and claim again.
    if running:
        task = running[0]
        services.task_claim_done(
            actor=_who(users, Action.TASK_REPORT, "reporter", task),
            task=task,
            output_note="Dự thảo báo cáo kết quả (mẫu).",
            on=today - timedelta(days=4),
        )
        services.task_send_back(
            actor=_who(users, Action.TASK_CONFIRM, "tracker", task),
            task=task,
            reason="Chưa có số liệu so sánh với cùng kỳ; đề nghị bổ sung (mẫu).",
            on=today - timedelta(days=2),
        )
    # Claimed yesterday: waits for the tracker or the leader to confirm it.
    if len(running) > 1:
        task = running[1]
        services.task_claim_done(
            actor=_who(users, Action.TASK_REPORT, "reporter", task),
            task=task,
            output_note=task.expected_output or "Đã hoàn thành (mẫu).",
            on=today - timedelta(days=1),
        )
    # Asked for a later deadline: waits for the leader.
    if len(running) > 2:
        task = running[2]
        assert task.due_on is not None
        services.extension_request_create(
            actor=_who(users, Action.TASK_REPORT, "reporter", task),
            task=task,
            requested_due_on=task.due_on + timedelta(days=45),
            reason="Khối lượng hồ sơ tăng sau sáp nhập tổ dân phố (mẫu).",
            on=today - timedelta(days=1),
        )
    # Received yesterday, its tasks not yet entered: waits for the office.
    document_create(
        actor=users["tracker"],
        kind=DocumentKind.PLAN,
        title="Kế hoạch triển khai chuyển đổi số trong cơ quan Đảng năm tới (dữ liệu mẫu)",
        issuer=story.hanoi,
        issued_on=today - timedelta(days=2),
        received_on=today - timedelta(days=1),
        is_sample=True,
    )
