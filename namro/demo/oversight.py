"""The seed article's working session in the demo, end to end.

What the news report of 12/04/2023 says is recorded as said: Working Delegation No. 1 of the
central steering committee, headed by Trương Thị Mai with her positions at the time, works
with the Hà Nội Standing Committee on the Central Committee's 5th-plenum resolution (10th
term); the city reports; the delegation concludes; the city's recommendation to push
decentralisation is under consideration by the central Organisation Commission. The report's
number, the conclusion's tasks, the other recommendations, the review and the programmes'
items are sample data, marked ``is_sample``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from namro.documents.models import DocumentKind
from namro.documents.services import document_create
from namro.orgs.models import Person, Unit
from namro.oversight import services
from namro.oversight.models import RecommendationOutcome, ReviewKind, VisitKind, VisitState
from namro.programs import services as programs
from namro.programs.models import ItemKind, PeriodKind, ProgramKind

VISIT_DAY = date(2023, 4, 12)
SUBJECT = "Đẩy mạnh phân cấp, phân quyền nhằm phát huy tính chủ động của địa phương"
ANSWER = "Sẽ xem xét cụ thể để tham mưu Trung ương"
MAI_TITLES = "Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, Trưởng Ban Tổ chức Trung ương"

AGENDA = """1. Ban Thường vụ Thành ủy Hà Nội báo cáo kết quả 15 năm thực hiện Nghị quyết Trung ương 5 khóa X.
2. Ý kiến của các thành viên Đoàn công tác.
3. Kết luận của Trưởng đoàn."""

MINUTES = """Đồng chí Trương Thị Mai, Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, Trưởng Ban Tổ chức Trung ương và đồng chí Đinh Tiến Dũng, Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội chủ trì hội nghị.
Đồng chí Nguyễn Thị Tuyến, Phó Bí thư Thường trực Thành ủy Hà Nội báo cáo: 15 năm qua, nhận thức và tư duy của Thành ủy, các cấp ủy Đảng, cán bộ, đảng viên về tiếp tục đổi mới phương thức lãnh đạo đối với hoạt động của hệ thống chính trị ngày càng được nâng lên; Thành ủy chú trọng cụ thể hóa nghị quyết thành các chương trình hành động với các mục tiêu, nhiệm vụ trọng tâm, có tính chất đột phá; chỉ đạo xây dựng quy chế làm việc theo hướng “rõ người, rõ việc, rõ tiến độ, rõ trách nhiệm, rõ hiệu quả”.
Ban Thường vụ Thành ủy kiến nghị đẩy mạnh phân cấp, phân quyền nhằm phát huy tính chủ động của địa phương."""

CONCLUSION = """Đoàn công tác ghi nhận, đánh giá cao Thành ủy, các cấp ủy Đảng thành phố Hà Nội trong thực hiện Nghị quyết Trung ương 5 (khóa X); năng lực cụ thể hóa là một trong những yêu cầu rất lớn của đổi mới phương thức lãnh đạo, Thành ủy Hà Nội đã làm rất tốt nhiệm vụ này, lựa chọn đúng và trúng trọng tâm, trọng điểm, đột phá.
Thành ủy Hà Nội làm rất tốt việc xây dựng và thực hiện các quy chế làm việc; quá trình lãnh đạo, chỉ đạo vừa bảo đảm có nguyên tắc, vừa linh hoạt, mềm dẻo.
Đoàn công tác ghi nhận các kiến nghị của Ban Thường vụ Thành ủy và sẽ xem xét cụ thể để tham mưu Trung ương, trong đó có việc đẩy mạnh phân cấp, phân quyền nhằm phát huy tính chủ động của địa phương."""


def load_oversight(story: Any, users: dict[str, Any]) -> None:
    """Record the seed visit, its conclusion, the city's recommendations, a review and
    Hà Nội's term and annual work programmes. Runs inside ``demo.load``'s transaction."""
    today = timezone.localdate()
    organisation = Unit.objects.get(name="Ban Tổ chức Trung ương", parent=story.central)
    mai = Person.objects.get(full_name="Trương Thị Mai", is_sample=False)

    report = document_create(
        actor=None,
        kind=DocumentKind.OTHER,
        title="Báo cáo kết quả 15 năm thực hiện Nghị quyết Trung ương 5 khóa X của Ban Thường vụ "
        "Thành ủy Hà Nội (số, ngày: dữ liệu mẫu)",
        issuer=story.standing,
        issued_on=VISIT_DAY,
        implements=[],
        is_sample=True,
    )
    visit = services.visit_create(
        actor=None,
        kind=VisitKind.WORKING_SESSION,
        title="Làm việc với Ban Thường vụ Thành ủy Hà Nội về 15 năm thực hiện Nghị quyết "
        "Trung ương 5 khóa X về tiếp tục đổi mới phương thức lãnh đạo của Đảng đối với "
        "hoạt động của hệ thống chính trị",
        visiting_unit=story.delegation,
        host_unit=story.standing,
        held_on=VISIT_DAY,
        state=VisitState.HELD,
        members=[services.MemberInput(person=mai, role="head", position_title=MAI_TITLES)],
        subject_documents=[story.resolution],
        agenda=AGENDA,
        minutes=MINUTES,
        report=report,
    )
    services.visit_conclude(
        actor=None,
        visit=visit,
        issued_on=VISIT_DAY,
        title="Kết luận của Trưởng Đoàn công tác số 1 tại buổi làm việc với Ban Thường vụ "
        "Thành ủy Hà Nội",
        body=CONCLUSION,
        tasks=[
            services.ConclusionTask(
                action="Tiếp tục nâng cao năng lực cụ thể hóa nghị quyết, chỉ thị của Trung ương "
                "phù hợp với thực tiễn Thủ đô (nhiệm vụ mẫu)",
                lead_unit=story.office,
                recurrence="ongoing",
                expected_output="Báo cáo kết quả cụ thể hóa",
            ),
            services.ConclusionTask(
                action="Hoàn thiện báo cáo tổng kết 15 năm gửi Ban Chỉ đạo (nhiệm vụ mẫu)",
                lead_unit=story.office,
                due_on=date(2023, 5, 15),
                expected_output="Báo cáo tổng kết",
            ),
        ],
    )
    rec = services.recommendation_raise(
        actor=None,
        raised_by=story.standing,
        addressed_to=story.central,
        responsible_unit=organisation,
        subject=SUBJECT,
        visit=visit,
        subject_document=story.resolution,
        raised_on=VISIT_DAY,
    )
    services.recommendation_receive(
        actor=None,
        recommendation=rec,
        on=VISIT_DAY,
        note="Đồng chí Trương Thị Mai ghi nhận các kiến nghị của Ban Thường vụ Thành ủy.",
    )
    services.recommendation_consider(actor=None, recommendation=rec, on=VISIT_DAY, note=ANSWER)
    _sample_recommendations(story, visit, organisation, today)
    services.review_create(
        actor=None,
        kind=ReviewKind.INTERIM,
        document=story.resolution,
        unit=story.hanoi,
        period_start=story.programme.issued_on,
        period_end=today,
        title="Sơ kết việc thực hiện Nghị quyết Trung ương 5 khóa X tại Đảng bộ thành phố "
        "(dữ liệu mẫu)",
        is_sample=True,
    )
    _programmes(story, visit, today)


def _sample_recommendations(story: Any, visit: Any, organisation: Unit, today: date) -> None:
    """Two invented recommendations that show an answer given late and one overdue."""
    late = services.recommendation_raise(
        actor=None,
        raised_by=story.standing,
        addressed_to=story.central,
        responsible_unit=organisation,
        subject="Hướng dẫn bố trí biên chế cơ quan tham mưu cấp xã sau sắp xếp (dữ liệu mẫu)",
        visit=visit,
        subject_document=story.resolution,
        raised_on=VISIT_DAY,
        answer_due_on=VISIT_DAY + timedelta(days=60),
        is_sample=True,
    )
    services.recommendation_receive(actor=None, recommendation=late, on=VISIT_DAY)
    services.recommendation_answer(
        actor=None,
        recommendation=late,
        outcome=RecommendationOutcome.PARTLY_ACCEPTED,
        answer="Tiếp thu một phần; sẽ hướng dẫn trong văn bản chung (dữ liệu mẫu).",
        on=VISIT_DAY + timedelta(days=95),
    )
    commune = story.communes[0]
    services.recommendation_raise(
        actor=None,
        raised_by=commune,
        addressed_to=story.hanoi,
        responsible_unit=story.office,
        subject="Bổ sung kinh phí số hóa hồ sơ theo dõi nhiệm vụ cấp xã (dữ liệu mẫu)",
        subject_document=story.programme,
        raised_on=today - timedelta(days=75),
        answer_due_on=today - timedelta(days=15),
        is_sample=True,
    )


def _programmes(story: Any, visit: Any, today: date) -> None:
    term = programs.program_create(
        actor=None,
        unit=story.hanoi,
        kind=ProgramKind.TERM,
        title="Chương trình công tác toàn khóa của Ban Chấp hành Đảng bộ thành phố Hà Nội, "
        "nhiệm kỳ 2020–2025 (dữ liệu mẫu)",
        starts_on=date(2020, 10, 1),
        ends_on=date(2025, 9, 30),
        is_sample=True,
    )
    met = programs.program_item_add(
        actor=None,
        program=term,
        kind=ItemKind.RUN_VISIT,
        title="Làm việc với Đoàn công tác của Ban Chỉ đạo Đề án Trung ương 6 về 15 năm thực hiện "
        "Nghị quyết Trung ương 5 khóa X",
        period_kind=PeriodKind.QUARTER,
        year=2023,
        period_number=2,
        lead_unit=story.office,
        is_sample=True,
    )
    programs.program_item_link(actor=None, item=met, visit=visit)
    programs.program_item_add(
        actor=None,
        program=term,
        kind=ItemKind.HOLD_REVIEW,
        title="Sơ kết giữa nhiệm kỳ việc thực hiện Nghị quyết Đại hội Đảng bộ thành phố",
        period_kind=PeriodKind.QUARTER,
        year=2023,
        period_number=4,
        lead_unit=story.office,
        is_sample=True,
    )
    issued = story.programme.issued_on
    annual = programs.program_create(
        actor=None,
        unit=story.hanoi,
        kind=ProgramKind.ANNUAL,
        title=f"Chương trình công tác năm {issued.year} của Ban Thường vụ Thành ủy (dữ liệu mẫu)",
        starts_on=date(issued.year, 1, 1),
        ends_on=date(issued.year, 12, 31),
        is_sample=True,
    )
    on_time = programs.program_item_add(
        actor=None,
        program=annual,
        kind=ItemKind.ISSUE_DOCUMENT,
        title="Ban hành Chương trình hành động thực hiện Nghị quyết Trung ương 5 khóa X",
        period_kind=PeriodKind.MONTH,
        year=issued.year,
        period_number=issued.month,
        lead_unit=story.office,
        is_sample=True,
    )
    programs.program_item_link(actor=None, item=on_time, document=story.programme)
    plan = story.programme.implemented_by.order_by("issued_on").first()
    if plan is not None:
        # Planned a month earlier than it was issued: it shows as done late.
        planned = plan.issued_on.replace(day=1) - timedelta(days=1)
        if planned.year == issued.year:
            slipped = programs.program_item_add(
                actor=None,
                program=annual,
                kind=ItemKind.ISSUE_DOCUMENT,
                title="UBND thành phố ban hành kế hoạch triển khai Chương trình hành động",
                period_kind=PeriodKind.MONTH,
                year=planned.year,
                period_number=planned.month,
                lead_unit=story.city_government,
                is_sample=True,
            )
            programs.program_item_link(actor=None, item=slipped, document=plan)
    for number, title in [
        (3, "Kiểm tra việc xây dựng quy chế làm việc của các đảng ủy xã, phường"),
        (4, "Sơ kết năm thực hiện Chương trình hành động"),
    ]:
        programs.program_item_add(
            actor=None,
            program=annual,
            kind=ItemKind.RUN_VISIT if number == 3 else ItemKind.HOLD_REVIEW,
            title=title,
            period_kind=PeriodKind.QUARTER,
            year=issued.year,
            period_number=number,
            lead_unit=story.office,
            is_sample=True,
        )
