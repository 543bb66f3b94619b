"""The demo story: Hà Nội implementing the Central Committee's resolution on renewing the
Party's method of leadership, reviewed by Working Delegation No. 1 of the central steering
committee.

Real bodies and the people a news report of that working session names appear as reported.
Everything else — the action programme, its tasks, their owners and every figure — is sample
data, marked ``is_sample`` and labelled so in the pages.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from namro.access import factor, policy
from namro.access.models import Role, RoleAssignment
from namro.access.policy import Action
from namro.access.services import role_grant
from namro.demo.daily import load_daily
from namro.demo.oversight import load_oversight
from namro.documents.models import Document, DocumentKind
from namro.documents.services import (
    document_create,
    goal_create,
    indicator_create,
    measurement_record,
)
from namro.orgs.admin_units import load_communes
from namro.orgs.models import Person, Unit, UnitKind, UnitLevel
from namro.orgs.services import person_create, position_create, unit_create
from namro.tasks import services as task_services
from namro.tasks.models import Recurrence, Task
from namro.workdays.services import load_holidays

MARKER = "demo-hn-party"
DEMO_USERS = ["admin", "tracker", "leader", "reporter", "viewer"]
VISIT_DAY = date(2023, 4, 12)


def demo_password() -> str:
    return os.environ.get("NAMRO_DEMO_PASSWORD") or "namro-demo"


def demo_otp_secret() -> str:
    """The TOTP secret of the demo accounts that must use a second factor (``namro demo``
    prints it, to be added to an authenticator app)."""
    return os.environ.get("NAMRO_DEMO_OTP_SECRET") or "NAMRODEMONAMRODEMONAMRODEMONAMRO"


def _second_factors(users: dict[str, Any]) -> None:
    """The demo's leader and administrator sign in as the real ones do: with a code."""
    for user in users.values():
        if factor.required(user) and factor.device(user) is None:
            factor.enrol_with_secret(actor=None, user=user, secret=demo_otp_secret())


@dataclass
class Story:
    central: Unit
    steering: Unit
    delegation: Unit
    hanoi: Unit
    standing: Unit
    office: Unit
    city_government: Unit
    departments: list[Unit]
    communes: list[Unit]
    resolution: Document
    programme: Document


def _unit(name: str, kind: str, level: str, parent: Unit | None, **extra: Any) -> Unit:
    return unit_create(actor=None, name=name, kind=kind, level=level, parent=parent, **extra)


def _bodies() -> dict[str, Any]:
    central = _unit(
        "Ban Chấp hành Trung ương Đảng",
        UnitKind.PARTY_COMMITTEE,
        UnitLevel.CENTRAL,
        None,
        short_name="BCH TW",
        aliases=["Trung ương", "BCHTW"],
    )
    politburo = _unit(
        "Bộ Chính trị", UnitKind.STANDING_COMMITTEE, UnitLevel.CENTRAL, central, short_name="BCT"
    )
    organisation = _unit(
        "Ban Tổ chức Trung ương",
        UnitKind.DEPARTMENT,
        UnitLevel.CENTRAL,
        central,
        short_name="BTCTW",
    )
    steering = _unit(
        "Ban Chỉ đạo Đề án Trung ương 6",
        UnitKind.STEERING_COMMITTEE,
        UnitLevel.CENTRAL,
        central,
        aliases=["Ban Chỉ đạo Đề án 6"],
    )
    delegation = _unit(
        "Đoàn công tác số 1 của Ban Chỉ đạo Đề án Trung ương 6",
        UnitKind.DELEGATION,
        UnitLevel.CENTRAL,
        steering,
        short_name="Đoàn công tác số 1",
    )
    hanoi = _unit(
        "Thành ủy Hà Nội",
        UnitKind.PARTY_COMMITTEE,
        UnitLevel.PROVINCE,
        central,
        code=MARKER,
        aliases=["Đảng bộ thành phố Hà Nội", "Thành ủy"],
    )
    standing = _unit(
        "Ban Thường vụ Thành ủy Hà Nội",
        UnitKind.STANDING_COMMITTEE,
        UnitLevel.PROVINCE,
        hanoi,
        short_name="BTV Thành ủy",
        aliases=["Ban Thường vụ Thành ủy"],
    )
    office = _unit(
        "Văn phòng Thành ủy Hà Nội",
        UnitKind.DEPARTMENT,
        UnitLevel.PROVINCE,
        hanoi,
        short_name="Văn phòng Thành ủy",
    )
    party_boards = [
        _unit(
            "Ban Tổ chức Thành ủy Hà Nội",
            UnitKind.DEPARTMENT,
            UnitLevel.PROVINCE,
            hanoi,
            short_name="Ban Tổ chức Thành ủy",
        ),
        _unit(
            "Ban Tuyên giáo và Dân vận Thành ủy Hà Nội",
            UnitKind.DEPARTMENT,
            UnitLevel.PROVINCE,
            hanoi,
            short_name="Ban Tuyên giáo và Dân vận Thành ủy",
        ),
        _unit(
            "Ủy ban Kiểm tra Thành ủy Hà Nội",
            UnitKind.DEPARTMENT,
            UnitLevel.PROVINCE,
            hanoi,
            short_name="UBKT Thành ủy",
        ),
    ]
    city = _unit(
        "UBND thành phố Hà Nội",
        UnitKind.GOVERNMENT,
        UnitLevel.PROVINCE,
        hanoi,
        aliases=["Ủy ban nhân dân thành phố Hà Nội", "UBND Thành phố"],
    )
    department_names = [
        ("Sở Nội vụ Hà Nội", "Sở Nội vụ"),
        ("Sở Tài chính Hà Nội", "Sở Tài chính"),
        ("Sở Xây dựng Hà Nội", "Sở Xây dựng"),
        ("Sở Giáo dục và Đào tạo Hà Nội", "Sở GD&ĐT"),
        ("Sở Y tế Hà Nội", "Sở Y tế"),
        ("Sở Khoa học và Công nghệ Hà Nội", "Sở KH&CN"),
        ("Sở Nông nghiệp và Môi trường Hà Nội", "Sở NN&MT"),
        ("Sở Văn hóa và Thể thao Hà Nội", "Sở VH&TT"),
        ("Sở Tư pháp Hà Nội", "Sở Tư pháp"),
    ]
    departments = [
        _unit(name, UnitKind.DEPARTMENT, UnitLevel.PROVINCE, city, short_name=short)
        for name, short in department_names
    ]
    return {
        "central": central,
        "politburo": politburo,
        "organisation": organisation,
        "steering": steering,
        "delegation": delegation,
        "hanoi": hanoi,
        "standing": standing,
        "office": office,
        "party_boards": party_boards,
        "city": city,
        "departments": departments,
    }


def _people(b: dict[str, Any]) -> dict[str, Person]:
    """The officials the news report of the working session names, with the positions it gives."""
    mai = person_create(actor=None, full_name="Trương Thị Mai")
    for title, unit in [
        ("Ủy viên Bộ Chính trị", b["politburo"]),
        ("Bí thư Trung ương Đảng", b["central"]),
        ("Trưởng Ban Tổ chức Trung ương", b["organisation"]),
    ]:
        position_create(
            actor=None, person=mai, title=title, unit=unit, is_head=title.startswith("Trưởng")
        )
    dung = person_create(actor=None, full_name="Đinh Tiến Dũng")
    position_create(actor=None, person=dung, title="Ủy viên Bộ Chính trị", unit=b["politburo"])
    position_create(
        actor=None, person=dung, title="Bí thư Thành ủy Hà Nội", unit=b["hanoi"], is_head=True
    )
    tuyen = person_create(actor=None, full_name="Nguyễn Thị Tuyến")
    position_create(
        actor=None, person=tuyen, title="Phó Bí thư Thường trực Thành ủy Hà Nội", unit=b["hanoi"]
    )
    return {"mai": mai, "dung": dung, "tuyen": tuyen}


SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quang", "Hữu", "Thanh", "Ngọc", "Đức", "Hải"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hạnh",
    "Khánh",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Uyên",
    "Vinh",
    "Yến",
]


def _sample_person(rng: random.Random, unit: Unit, title: str) -> Person:
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    person = person_create(actor=None, full_name=name, is_sample=True)
    position_create(
        actor=None,
        person=person,
        title=title,
        unit=unit,
        is_head=title.startswith(("Giám đốc", "Bí thư", "Chánh")),
    )
    return person


PROGRAMME_TASKS: list[tuple[str, str, str, bool, bool]] = [
    # (section, action, expected output, key, breakthrough)
    (
        "I.1",
        "Rà soát, sửa đổi quy chế làm việc của Thành ủy, Ban Thường vụ, Thường trực Thành ủy theo hướng rõ người, rõ việc, rõ tiến độ, rõ trách nhiệm, rõ hiệu quả",
        "Quy chế làm việc sửa đổi",
        True,
        False,
    ),
    (
        "I.2",
        "Hướng dẫn các đảng ủy trực thuộc xây dựng quy chế làm việc nhiệm kỳ 2025–2030",
        "Hướng dẫn",
        True,
        False,
    ),
    (
        "I.3",
        "Xây dựng chương trình công tác toàn khóa và hằng năm của cấp ủy gắn với chỉ tiêu đo được",
        "Chương trình công tác",
        False,
        False,
    ),
    (
        "II.1",
        "Đổi mới cách ra nghị quyết: mỗi nghị quyết chuyên đề có chương trình hành động kèm danh mục nhiệm vụ, thời hạn, sản phẩm",
        "Quy định về quy trình ban hành nghị quyết",
        True,
        True,
    ),
    (
        "II.2",
        "Tổ chức học tập, quán triệt nghị quyết theo hình thức trực tuyến đến chi bộ",
        "Báo cáo kết quả học tập, quán triệt",
        False,
        False,
    ),
    (
        "II.3",
        "Xây dựng cơ sở dữ liệu theo dõi thực hiện nghị quyết, chỉ thị, kết luận của Thành ủy",
        "Hệ thống phần mềm theo dõi nhiệm vụ",
        True,
        True,
    ),
    (
        "III.1",
        "Đẩy mạnh phân cấp, phân quyền cho cấp xã gắn với kiểm soát quyền lực",
        "Đề án phân cấp, phân quyền",
        True,
        True,
    ),
    (
        "III.2",
        "Rà soát chức năng, nhiệm vụ của các cơ quan tham mưu, giúp việc sau sắp xếp tổ chức bộ máy",
        "Báo cáo rà soát",
        False,
        False,
    ),
    (
        "III.3",
        "Hoàn thiện vị trí việc làm của cơ quan đảng, chính quyền cấp xã sau sắp xếp",
        "Đề án vị trí việc làm",
        True,
        False,
    ),
    (
        "IV.1",
        "Đổi mới công tác kiểm tra, giám sát việc thực hiện nghị quyết theo chuyên đề",
        "Kế hoạch kiểm tra, giám sát chuyên đề",
        False,
        False,
    ),
    (
        "IV.2",
        "Đánh giá, xếp loại cán bộ theo kết quả thực hiện nhiệm vụ, sản phẩm cụ thể",
        "Bộ tiêu chí đánh giá",
        True,
        False,
    ),
    (
        "IV.3",
        "Sơ kết giữa nhiệm kỳ việc thực hiện chương trình hành động",
        "Báo cáo sơ kết",
        False,
        False,
    ),
    (
        "V.1",
        "Đối thoại định kỳ giữa người đứng đầu cấp ủy với nhân dân",
        "Báo cáo kết quả đối thoại",
        False,
        False,
    ),
    (
        "V.2",
        "Nâng cao chất lượng sinh hoạt chi bộ, thực hiện chuyên đề sinh hoạt hằng quý",
        "Báo cáo chất lượng sinh hoạt chi bộ",
        False,
        False,
    ),
    (
        "V.3",
        "Chuyển đổi số trong hoạt động của cơ quan đảng: văn bản điện tử, họp không giấy",
        "Hệ thống văn bản điện tử",
        True,
        True,
    ),
    (
        "VI.1",
        "Thực hiện cơ chế một cửa liên thông tại trung tâm phục vụ hành chính công cấp xã",
        "Báo cáo đánh giá mức độ hài lòng",
        False,
        False,
    ),
    (
        "VI.2",
        "Rà soát thủ tục hành chính, cắt giảm thời gian giải quyết ít nhất 30%",
        "Danh mục thủ tục được cắt giảm",
        True,
        False,
    ),
    (
        "VI.3",
        "Bồi dưỡng kỹ năng lãnh đạo, quản lý cho cán bộ chủ chốt cấp xã",
        "Báo cáo kết quả bồi dưỡng",
        False,
        False,
    ),
]

PLAN_TASKS: list[tuple[str, str, str]] = [
    (
        "1",
        "Ban hành quy chế phối hợp giữa UBND thành phố với các sở, ngành trong theo dõi nhiệm vụ",
        "Quy chế phối hợp",
    ),
    (
        "2",
        "Chuẩn hóa danh mục nhiệm vụ giao các sở, ngành theo năm tiêu chí rõ",
        "Danh mục nhiệm vụ",
    ),
    (
        "3",
        "Tích hợp dữ liệu theo dõi nhiệm vụ với hệ thống quản lý văn bản của thành phố",
        "Hệ thống tích hợp",
    ),
    ("4", "Báo cáo kết quả thực hiện nhiệm vụ được giao theo quý", "Báo cáo quý"),
    ("5", "Tổ chức tập huấn cho chuyên viên theo dõi nhiệm vụ của các sở", "Báo cáo tập huấn"),
    ("6", "Đánh giá mức độ hoàn thành nhiệm vụ của các sở, ngành cuối năm", "Báo cáo đánh giá"),
    (
        "7",
        "Công khai kết quả thực hiện nhiệm vụ trên cổng thông tin điện tử thành phố",
        "Chuyên mục công khai",
    ),
    ("8", "Rà soát, xử lý các nhiệm vụ tồn đọng từ năm trước", "Báo cáo rà soát"),
]


def _documents(b: dict[str, Any], today: date) -> tuple[Document, Document, Document]:
    resolution = document_create(
        actor=None,
        kind=DocumentKind.RESOLUTION,
        title="Nghị quyết Hội nghị Trung ương 5 khóa X về tiếp tục đổi mới phương thức lãnh đạo "
        "của Đảng đối với hoạt động của hệ thống chính trị",
        issuer=b["central"],
        issued_on=date(2007, 8, 1),
    )
    issued = today - timedelta(days=420)
    programme = document_create(
        actor=None,
        kind=DocumentKind.ACTION_PROGRAM,
        number="99-CTr/TU",
        title="Chương trình hành động thực hiện Nghị quyết Trung ương 5 khóa X, nhiệm kỳ 2025–2030 (dữ liệu mẫu)",
        issuer=b["hanoi"],
        issued_on=issued,
        implements=[resolution],
        is_sample=True,
    )
    plan = document_create(
        actor=None,
        kind=DocumentKind.PLAN,
        number="999/KH-UBND",
        title="Kế hoạch triển khai Chương trình hành động 99-CTr/TU trong khối chính quyền (dữ liệu mẫu)",
        issuer=b["city"],
        issued_on=issued + timedelta(days=30),
        implements=[programme],
        is_sample=True,
    )
    goal = goal_create(
        actor=None,
        document=programme,
        text="Mọi nhiệm vụ của cấp ủy được giao rõ người, rõ việc, rõ tiến độ, rõ trách nhiệm, rõ hiệu quả",
        order=1,
    )
    goal_create(
        actor=None,
        document=programme,
        text="Phân cấp, phân quyền mạnh cho cấp xã, gắn với kiểm soát quyền lực",
        order=2,
    )
    indicator = indicator_create(
        actor=None,
        document=programme,
        goal=goal,
        name="Tỷ lệ nhiệm vụ hoàn thành đúng hạn",
        unit_of_measure="%",
        baseline=62,
        target=95,
        target_on=issued + timedelta(days=365 * 2),
        lead_unit=b["office"],
    )
    for months, value in [(3, 68), (6, 74), (9, 79), (12, 83)]:
        day = issued + timedelta(days=30 * months)
        if day <= today:
            measurement_record(
                actor=None, indicator=indicator, measured_on=day, value=value, note="Số liệu mẫu"
            )
    satisfaction = indicator_create(
        actor=None,
        document=plan,
        name="Tỷ lệ người dân hài lòng với dịch vụ hành chính công cấp xã",
        unit_of_measure="%",
        baseline=80,
        target=90,
        target_on=issued + timedelta(days=365 * 2),
    )
    measurement_record(
        actor=None,
        indicator=satisfaction,
        measured_on=issued + timedelta(days=180),
        value=84,
        note="Số liệu mẫu",
    )
    return resolution, programme, plan


def _play(task: Task, rng: random.Random, today: date, actors: dict[str, Any]) -> None:
    """Give ``task`` a history that ends in a fate drawn from every status namro knows."""
    fate = rng.choices(
        ["on_time", "late", "overdue", "running", "due_soon", "extended", "sent_back", "cancelled"],
        weights=[30, 10, 14, 22, 6, 6, 6, 3],
    )[0]
    start = task.assigned_on
    due = task.due_on

    # Each step is taken by a demo user the gate lets take it, the named one first; where no
    # demo user may (a ward other than the demo reporter's), the system writes the sample.
    def who(action: Action, preferred: str) -> Any:
        users = [actors[preferred], *actors.values()]
        return next((u for u in users if policy.allows(u, action, task)), None)

    reporter = who(Action.TASK_REPORT, "reporter")
    tracker = who(Action.TASK_CONFIRM, "tracker")
    leader = who(Action.TASK_DECIDE_EXTENSION, "leader")
    office = who(Action.TASK_CHANGE, "tracker")
    if due is None:
        # Ongoing or periodic: progress reports, and for periodic tasks the occurrences done.
        day = start + timedelta(days=rng.randint(10, 40))
        while day <= today - timedelta(days=20):
            if task.recurrence == Recurrence.ONGOING:
                task_services.task_report_progress(
                    actor=reporter,
                    task=task,
                    progress=rng.randint(30, 90),
                    narrative="Đã triển khai trong kỳ (số liệu mẫu).",
                    on=day,
                )
            elif rng.random() < 0.85:
                task_services.task_claim_done(
                    actor=reporter, task=task, output_note="Đã nộp báo cáo kỳ (mẫu).", on=day
                )
                task_services.task_confirm(
                    actor=tracker, task=task, on=min(today, day + timedelta(days=3))
                )
            day += timedelta(days=rng.randint(85, 100))
        return
    if due < today and fate in {"running", "due_soon"}:
        fate = "on_time"
    if fate == "due_soon":
        return
    span = max((min(due, today) - start).days, 2)
    first = start + timedelta(days=max(1, span // 3))
    if first <= today and first <= due:
        task_services.task_report_progress(
            actor=reporter,
            task=task,
            progress=rng.choice([20, 30, 40]),
            narrative="Đã xây dựng kế hoạch triển khai, phân công cán bộ.",
            on=first,
        )
    if fate == "cancelled":
        task_services.task_cancel(
            actor=office,
            task=task,
            reason="Điều chỉnh do sắp xếp tổ chức bộ máy.",
            on=min(today, first + timedelta(days=5)),
        )
        return
    if fate == "on_time" and due <= today + timedelta(days=60):
        claim = min(today, due - timedelta(days=rng.randint(0, 10)))
        if claim >= start:
            task_services.task_claim_done(
                actor=reporter,
                task=task,
                output_note=task.expected_output or "Hoàn thành",
                on=claim,
            )
            if claim + timedelta(days=3) <= today:
                task_services.task_confirm(
                    actor=tracker, task=task, on=claim + timedelta(days=rng.randint(1, 3))
                )
        return
    if fate == "late" and due + timedelta(days=12) <= today:
        claim = due + timedelta(days=rng.randint(3, 10))
        task_services.task_report_progress(
            actor=reporter,
            task=task,
            progress=80,
            on=due + timedelta(days=1),
            narrative="Đang hoàn thiện.",
            explanation="Phải chờ ý kiến góp ý của các sở, ngành.",
        )
        task_services.task_claim_done(
            actor=reporter,
            task=task,
            output_note=task.expected_output or "Hoàn thành",
            on=claim,
            explanation="Chậm do phải lấy ý kiến rộng rãi.",
        )
        task_services.task_confirm(actor=tracker, task=task, on=claim + timedelta(days=2))
        return
    if fate == "extended" and start + timedelta(days=20) <= today:
        asked = start + timedelta(days=15)
        if asked <= due:
            request = task_services.extension_request_create(
                actor=reporter,
                task=task,
                requested_due_on=due + timedelta(days=60),
                reason="Khối lượng công việc tăng sau sắp xếp đơn vị hành chính.",
                on=asked,
            )
            task_services.extension_decide(
                actor=leader,
                request=request,
                grant=True,
                note="Đồng ý gia hạn.",
                on=asked + timedelta(days=4),
            )
        return
    if (
        fate == "sent_back"
        and first + timedelta(days=10) <= today
        and first + timedelta(days=10) <= due
    ):
        claim = first + timedelta(days=7)
        task_services.task_claim_done(
            actor=reporter, task=task, output_note="Dự thảo báo cáo", on=claim
        )
        task_services.task_send_back(
            actor=tracker,
            task=task,
            reason="Sản phẩm chưa đạt yêu cầu: thiếu số liệu so sánh.",
            on=claim + timedelta(days=3),
        )
        return
    if due < today:
        task_services.task_report_progress(
            actor=reporter,
            task=task,
            progress=rng.choice([50, 60, 70]),
            narrative="Đang triển khai.",
            explanation="Vướng mắc về nhân sự sau sắp xếp.",
            on=min(today, due + timedelta(days=5)),
        )


def _users(story: Story, people: dict[str, Person]) -> dict[str, Any]:
    User = get_user_model()
    password = demo_password()
    scopes = {
        "admin": (Role.ADMIN, story.central, "Quản trị hệ thống"),
        "tracker": (Role.TRACKER, story.hanoi, "Chuyên viên Văn phòng Thành ủy (mẫu)"),
        "leader": (Role.LEADER, story.hanoi, "Lãnh đạo Thành ủy (mẫu)"),
        "reporter": (Role.REPORTER, story.communes[0], "Chuyên viên Đảng ủy phường (mẫu)"),
        "viewer": (Role.VIEWER, story.hanoi, "Người xem (mẫu)"),
    }
    users = {}
    for username, (role, unit, label) in scopes.items():
        user, _ = User.objects.get_or_create(username=username, defaults={"first_name": label})
        user.set_password(password)
        user.is_staff = user.is_superuser = username == "admin"
        user.save()
        if not RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
            role_grant(actor=None, user=user, role=role, unit=unit)
        users[username] = user
    return users


def load(*, stdout: Any = None) -> bool:
    """Load the demo story once. Returns False (and only resets the demo passwords) when it
    is already there."""
    today = timezone.localdate()
    with transaction.atomic():
        load_holidays(actor=None, years=[today.year, today.year + 1])
        existing = Unit.objects.filter(code=MARKER).first()
        if existing is not None:
            hanoi = existing
            story_users = {}
            User = get_user_model()
            for username in DEMO_USERS:
                user = User.objects.filter(username=username).first()
                if user:
                    user.set_password(demo_password())
                    user.save(update_fields=["password"])
                    story_users[username] = user
            _second_factors(story_users)
            return False
        rng = random.Random(2025)
        b = _bodies()
        hanoi = b["hanoi"]
        _, _, _ = load_communes(actor=None, province="Hà Nội", parent=hanoi)
        communes = list(Unit.objects.filter(parent=hanoi, level=UnitLevel.COMMUNE).order_by("path"))
        people = _people(b)
        resolution, programme, plan = _documents(b, today)
        story = Story(
            central=b["central"],
            steering=b["steering"],
            delegation=b["delegation"],
            hanoi=hanoi,
            standing=b["standing"],
            office=b["office"],
            city_government=b["city"],
            departments=b["departments"],
            communes=communes,
            resolution=resolution,
            programme=programme,
        )
        users = _users(story, people)
        _second_factors(users)
        actors = {
            "reporter": users["reporter"],
            "tracker": users["tracker"],
            "leader": users["leader"],
        }
        leads = [*b["party_boards"], b["office"], *b["departments"]]
        owners = {
            u.pk: _sample_person(
                rng, u, "Phó Giám đốc" if u.name.startswith("Sở") else "Phó Trưởng ban"
            )
            for u in leads
        }
        commune_owner = {c.pk: _sample_person(rng, c, "Phó Bí thư Đảng ủy") for c in communes[:30]}
        made = 0
        for i, (section, action, output, key, breakthrough) in enumerate(PROGRAMME_TASKS):
            delegated = i % 3 != 2 and section not in {"V.1", "V.2", "IV.3"}
            # Work every commune does is led by the city Party Committee and delegated down.
            lead = hanoi if delegated else leads[i % len(leads)]
            recurrence = (
                Recurrence.QUARTERLY
                if section == "V.2"
                else Recurrence.ONGOING
                if section == "V.1"
                else Recurrence.NONE
            )
            due = (
                None
                if recurrence != Recurrence.NONE
                else programme.issued_on + timedelta(days=rng.randint(60, 700))
            )
            if section in {"IV.3"}:
                due = today + timedelta(days=4)
            task = task_services.task_create(
                actor=users["tracker"],
                document=programme,
                section=section,
                action=action,
                lead_unit=lead,
                coordinating_units=rng.sample([u for u in leads if u != lead], 2),
                owner=owners[b["office"].pk if delegated else lead.pk],
                authority=b["standing"],
                due_on=due,
                recurrence=recurrence,
                expected_output=output,
                is_key=key,
                is_breakthrough=breakthrough,
                assigned_on=programme.issued_on,
            )
            made += 1
            if delegated:
                chosen = rng.sample(communes[1:], rng.randint(18, 26))
                # The demo reporter's ward takes part in every delegated task.
                for commune in [communes[0], *chosen]:
                    child_due = due - timedelta(days=rng.randint(0, 30)) if due else None
                    if child_due and rng.random() < 0.06:
                        child_due = min(due, today + timedelta(days=rng.randint(1, 7)))
                    child = task_services.task_delegate(
                        actor=users["tracker"],
                        task=task,
                        lead_unit=commune,
                        due_on=child_due,
                        owner=commune_owner.get(commune.pk),
                        on=task.assigned_on + timedelta(days=7),
                    )
                    _play(child, rng, today, actors)
                    made += 1
            _play(task, rng, today, actors)
        for section, action, output in PLAN_TASKS:
            lead = rng.choice(b["departments"])
            recurrence = Recurrence.QUARTERLY if section == "4" else Recurrence.NONE
            task = task_services.task_create(
                actor=users["tracker"],
                document=plan,
                section=section,
                action=action,
                lead_unit=lead,
                owner=owners[lead.pk],
                authority=b["city"],
                expected_output=output,
                recurrence=recurrence,
                due_on=None
                if recurrence != Recurrence.NONE
                else plan.issued_on + timedelta(days=rng.randint(45, 600)),
                assigned_on=plan.issued_on,
            )
            _play(task, rng, today, actors)
            made += 1
        load_oversight(story, users)
        load_daily(story, actors, today)
        if stdout is not None:
            stdout.write(f"Đã nạp dữ liệu minh họa: {len(communes)} xã, phường; {made} nhiệm vụ.")
    return True
