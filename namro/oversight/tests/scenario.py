"""The seed scenario as far as a review needs it: a held visit with its conclusion and two
tasks, the city's recommendation answered late, an action plan that concretised the
programme, and an indicator with a measurement."""

from __future__ import annotations

from datetime import date

from namro.documents.models import DocumentKind
from namro.documents.services import (
    document_create,
    goal_create,
    indicator_create,
    measurement_record,
)
from namro.oversight import services
from namro.oversight.models import ReviewKind, VisitState
from namro.tasks.services import task_claim_done, task_confirm, task_create

from .world import VISIT_DAY, World


def play_scenario(world: World):
    city = world.users["city"]
    central = world.users["central"]
    visit = services.visit_create(
        actor=city,
        kind="working_session",
        title="Làm việc về 15 năm thực hiện Nghị quyết Trung ương 5 khóa X",
        visiting_unit=world.delegation,
        host_unit=world.standing,
        held_on=VISIT_DAY,
        state=VisitState.HELD,
        members=world.members(),
        subject_documents=[world.resolution],
    )
    plan = document_create(
        actor=None,
        kind=DocumentKind.PLAN,
        number="12/KH-SNV",
        title="Kế hoạch của Sở Nội vụ thực hiện Chương trình 99-CTr/TU",
        issuer=world.department,
        issued_on=date(2022, 3, 1),
        implements=[world.programme],
    )
    goal = goal_create(
        actor=None, document=world.programme, text="Nhiệm vụ được giao rõ người, rõ việc", order=1
    )
    indicator = indicator_create(
        actor=None,
        document=world.programme,
        goal=goal,
        name="Tỷ lệ nhiệm vụ hoàn thành đúng hạn",
        unit_of_measure="%",
        baseline=60,
        target=90,
    )
    measurement_record(actor=None, indicator=indicator, measured_on=date(2023, 3, 31), value=75)
    done = task_create(
        actor=None,
        document=world.programme,
        action="Sửa đổi quy chế làm việc của Thành ủy",
        lead_unit=world.office,
        due_on=date(2023, 3, 31),
        expected_output="Quy chế",
    )
    task_claim_done(actor=None, task=done, output_note="Quy chế sửa đổi", on=date(2023, 3, 20))
    task_confirm(actor=None, task=done, on=date(2023, 3, 22))
    task_create(
        actor=None,
        document=plan,
        action="Rà soát vị trí việc làm",
        lead_unit=world.department,
        due_on=date(2023, 2, 28),
        expected_output="Báo cáo",
    )
    task_create(
        actor=None,
        document=world.programme,
        action="Hướng dẫn cấp xã xây dựng quy chế làm việc",
        lead_unit=world.communes[0],
        due_on=date(2023, 12, 31),
        expected_output="Hướng dẫn",
    )
    services.visit_conclude(
        actor=central,
        visit=visit,
        issued_on=date(2023, 4, 20),
        number="01-TB/ĐCT",
        title="Thông báo kết luận buổi làm việc với Ban Thường vụ Thành ủy Hà Nội",
        tasks=[
            services.ConclusionTask(
                action="Hoàn thiện báo cáo tổng kết 15 năm",
                lead_unit=world.office,
                due_on=date(2023, 5, 31),
                expected_output="Báo cáo",
            )
        ],
    )
    rec = services.recommendation_raise(
        actor=city,
        raised_by=world.standing,
        addressed_to=world.central,
        responsible_unit=world.organisation,
        subject="Đẩy mạnh phân cấp, phân quyền nhằm phát huy tính chủ động của địa phương",
        visit=visit,
        raised_on=VISIT_DAY,
        answer_due_on=date(2023, 6, 30),
    )
    services.recommendation_consider(
        actor=central,
        recommendation=rec,
        on=date(2023, 4, 25),
        note="Sẽ xem xét cụ thể để tham mưu Trung ương",
    )
    review = services.review_create(
        actor=city,
        kind=ReviewKind.INTERIM,
        document=world.resolution,
        unit=world.hanoi,
        period_start=date(2022, 1, 1),
        period_end=date(2023, 6, 30),
        title="Sơ kết thực hiện Nghị quyết Trung ương 5 khóa X",
    )
    return visit, plan, rec, review
