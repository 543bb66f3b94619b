"""The seed article's working session walked through the services, step by step: the visit,
its conclusion and tasks, the city's recommendation through its lifecycle, and the counts a
dashboard shows after each step."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from namro.audit.models import AuditEvent
from namro.documents.models import DocumentKind
from namro.oversight import services
from namro.oversight.answers import answer_status, count_answers_by_status
from namro.oversight.models import Recommendation, RecommendationState, Visit, VisitState
from namro.tasks.aggregation import count_by_status
from namro.tasks.models import Task

from .world import VISIT_DAY

SUBJECT = "Đẩy mạnh phân cấp, phân quyền nhằm phát huy tính chủ động của địa phương"


def _visit(world, **kw):
    args = dict(
        actor=world.users["city"],
        kind="working_session",
        title="Làm việc về 15 năm thực hiện Nghị quyết Trung ương 5 khóa X",
        visiting_unit=world.delegation,
        host_unit=world.standing,
        held_on=VISIT_DAY,
        place="Hà Nội",
        state=VisitState.HELD,
        members=world.members(),
        subject_documents=[world.resolution],
    )
    args.update(kw)
    return services.visit_create(**args)


def _raise(world, visit, **kw):
    args = dict(
        actor=world.users["city"],
        raised_by=world.standing,
        addressed_to=world.central,
        responsible_unit=world.organisation,
        subject=SUBJECT,
        visit=visit,
        subject_document=world.resolution,
        raised_on=VISIT_DAY,
        answer_due_on=date(2023, 6, 30),
    )
    args.update(kw)
    return services.recommendation_raise(**args)


def test_seed_visit_is_recorded_with_members_and_their_positions_then(world):
    visit = _visit(world)
    members = list(visit.members.select_related("person"))
    assert [m.person.full_name for m in members] == ["Trương Thị Mai", "Lê Văn Thư Ký"]
    assert members[0].role == "head"
    assert "Trưởng Ban Tổ chức Trung ương" in members[0].position_title
    # An insider without a role is a member; their title is read from their post.
    assert (members[1].role, members[1].position_title) == ("member", "Chuyên viên")
    assert list(visit.subject_documents.all()) == [world.resolution]
    assert AuditEvent.objects.filter(action="visit.create", object_id=str(visit.pk)).exists()


def test_walk_the_seed_scenario_through_every_step(world):
    tracker = world.users["city"]
    central = world.users["central"]
    visit = _visit(world)

    # The delegation concludes; its conclusion notice sets two tasks.
    conclusion = services.visit_conclude(
        actor=central,
        visit=visit,
        issued_on=date(2023, 4, 20),
        number="01-TB/ĐCT",
        title="Thông báo kết luận của Đoàn công tác số 1 tại buổi làm việc với Ban Thường vụ Thành ủy Hà Nội",
        tasks=[
            services.ConclusionTask(
                action="Hoàn thiện báo cáo tổng kết 15 năm thực hiện Nghị quyết",
                lead_unit=world.office,
                due_on=date(2023, 5, 31),
                expected_output="Báo cáo tổng kết",
            ),
            services.ConclusionTask(
                action="Đề xuất danh mục nội dung cần phân cấp cho cấp xã",
                lead_unit=world.department,
                due_on=date(2023, 8, 31),
                expected_output="Danh mục đề xuất",
            ),
        ],
    )
    visit.refresh_from_db()
    assert visit.conclusion == conclusion and conclusion.kind == DocumentKind.CONCLUSION_NOTICE
    tasks = Task.objects.filter(document=conclusion)
    assert count_by_status(tasks, date(2023, 4, 30))["in_progress"] == 2
    assert count_by_status(tasks, date(2023, 6, 15))["overdue"] == 1

    # The city raises its recommendation; the answer is owed by 30/06/2023.
    rec = _raise(world, visit)
    recs = Recommendation.objects.all()
    assert count_answers_by_status(recs, date(2023, 5, 1))["in_progress"] == 1

    services.recommendation_receive(actor=central, recommendation=rec, on=date(2023, 4, 25))
    rec = services.recommendation_consider(
        actor=central,
        recommendation=rec,
        on=date(2023, 4, 25),
        note="Sẽ xem xét cụ thể để tham mưu Trung ương",
    )
    assert rec.state == RecommendationState.UNDER_CONSIDERATION
    assert count_answers_by_status(recs, date(2023, 7, 1))["overdue"] == 1

    # Answered after its deadline: it counts late, as a late task would.
    rec = services.recommendation_answer(
        actor=central,
        recommendation=rec,
        outcome="accepted",
        answer="Tiếp thu; giao Ban Tổ chức Trung ương chủ trì xây dựng đề án phân cấp.",
        on=date(2023, 7, 15),
    )
    assert count_answers_by_status(recs, date(2023, 7, 20)) == {
        "in_progress": 0,
        "overdue": 0,
        "done_on_time": 0,
        "done_late": 1,
    }
    assert answer_status(rec, date(2023, 7, 20)).status == "done_late"
    # As known before the answer, it was overdue: past reports stay reproducible.
    assert count_answers_by_status(recs, date(2023, 7, 14))["overdue"] == 1

    # The accepted recommendation spawns a task, tracked like any other.
    task = services.recommendation_spawn_task(
        actor=central,
        recommendation=rec,
        document=world.resolution,
        action="Xây dựng đề án phân cấp, phân quyền cho địa phương",
        lead_unit=world.organisation,
        due_on=date(2023, 12, 31),
        assigned_on=date(2023, 7, 15),
    )
    assert list(rec.tasks.all()) == [task]
    assert task.authority == world.organisation

    rec = services.recommendation_close(actor=tracker, recommendation=rec, on=date(2023, 7, 20))
    steps = list(rec.events.values_list("state", "on", "actor__username"))
    assert steps == [
        ("raised", VISIT_DAY, "w_city"),
        ("received", date(2023, 4, 25), "w_central"),
        ("under_consideration", date(2023, 4, 25), "w_central"),
        ("answered", date(2023, 7, 15), "w_central"),
        ("closed", date(2023, 7, 20), "w_city"),
    ]


def _frozen(rec):
    rec.refresh_from_db()
    return (rec.state, rec.answer, rec.outcome, rec.events.count(), AuditEvent.objects.count())


def test_answering_a_closed_recommendation_is_refused_and_changes_nothing(world):
    central = world.users["central"]
    rec = _raise(world, _visit(world))
    services.recommendation_answer(
        actor=central, recommendation=rec, outcome="declined", answer="Chưa phù hợp.", on=VISIT_DAY
    )
    services.recommendation_close(actor=central, recommendation=rec, on=VISIT_DAY)
    before = _frozen(rec)
    with pytest.raises(ValidationError) as err:
        services.recommendation_answer(
            actor=central, recommendation=rec, outcome="accepted", answer="Tiếp thu.", on=VISIT_DAY
        )
    assert "đã kết thúc" in str(err.value)
    assert _frozen(rec) == before


def test_a_step_dated_before_the_previous_one_is_refused(world):
    rec = _raise(world, _visit(world))
    with pytest.raises(ValidationError, match="trước bước trước đó"):
        services.recommendation_receive(
            actor=world.users["central"], recommendation=rec, on=date(2023, 4, 1)
        )
    assert rec.events.count() == 1


def test_a_held_visit_dated_in_the_future_is_refused(world):
    with pytest.raises(ValidationError) as err:
        _visit(world, held_on=date(2999, 1, 1))
    assert "tương lai" in str(err.value) and "held_on" in err.value.message_dict
    assert not Visit.objects.exists()


def test_holding_a_planned_visit_on_a_future_day_is_refused(world):
    visit = _visit(world, state=VisitState.PLANNED, held_on=date(2999, 1, 1))
    count = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="tương lai"):
        services.visit_hold(actor=world.users["city"], visit=visit)
    visit.refresh_from_db()
    assert visit.state == VisitState.PLANNED and AuditEvent.objects.count() == count


def test_a_member_outside_the_visiting_body_without_a_role_is_refused(world):
    members = [services.MemberInput(person=world.dung)]
    with pytest.raises(ValidationError) as err:
        _visit(world, members=members)
    assert "Đinh Tiến Dũng" in str(err.value) and "vai trò" in str(err.value)
    assert not Visit.objects.exists()


def test_a_recommendation_goes_only_to_a_higher_body(world):
    with pytest.raises(ValidationError, match="cấp trên"):
        _raise(world, None, addressed_to=world.communes[0])


def test_only_an_accepted_recommendation_spawns_tasks(world):
    central = world.users["central"]
    rec = _raise(world, _visit(world))
    services.recommendation_answer(
        actor=central, recommendation=rec, outcome="declined", answer="Chưa phù hợp.", on=VISIT_DAY
    )
    with pytest.raises(ValidationError, match="tiếp thu"):
        services.recommendation_spawn_task(
            actor=central,
            recommendation=rec,
            document=world.resolution,
            action="Việc bất kỳ",
            lead_unit=world.organisation,
        )
    assert not Task.objects.exists()


def test_an_outsider_cannot_answer_a_recommendation(world):
    from django.core.exceptions import PermissionDenied

    rec = _raise(world, _visit(world))
    with pytest.raises(PermissionDenied):
        services.recommendation_receive(actor=world.users["outsider"], recommendation=rec)
    with pytest.raises(PermissionDenied):
        services.recommendation_receive(actor=world.users["city"], recommendation=rec)


@pytest.mark.parametrize(
    ("raised", "due", "answered", "as_of"),
    [
        (date(2023, 4, 12), date(2023, 6, 30), None, date(2023, 4, 1)),
        (date(2023, 4, 12), date(2023, 6, 30), None, date(2023, 6, 30)),
        (date(2023, 4, 12), date(2023, 6, 30), None, date(2023, 7, 1)),
        (date(2023, 4, 12), date(2023, 6, 30), date(2023, 6, 30), date(2023, 7, 1)),
        (date(2023, 4, 12), date(2023, 6, 30), date(2023, 7, 15), date(2023, 7, 10)),
        (date(2023, 4, 12), date(2023, 6, 30), date(2023, 7, 15), date(2023, 7, 20)),
        (date(2023, 4, 12), None, None, date(2030, 1, 1)),
        (date(2023, 4, 12), None, date(2024, 1, 1), date(2030, 1, 1)),
    ],
)
def test_answer_status_in_the_database_agrees_with_the_task_rules(
    world, raised, due, answered, as_of
):
    from namro.oversight.answers import with_answer_status

    rec = _raise(world, None, raised_on=raised, answer_due_on=due)
    Recommendation.objects.filter(pk=rec.pk).update(
        answered_on=answered, outcome="accepted" if answered else ""
    )
    rec.refresh_from_db()
    expected = answer_status(rec, as_of)
    db = with_answer_status(Recommendation.objects.filter(pk=rec.pk), as_of).get().answer_status
    assert db == (expected.status.value if expected else None)
