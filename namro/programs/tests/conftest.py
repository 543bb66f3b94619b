"""Fixtures of the programme tests: the oversight world and Hà Nội's 2023 programme with an
item done on time, one done late and one missed."""

from datetime import date

import pytest

from namro.documents.services import document_create
from namro.oversight import services as oversight
from namro.oversight.tests.world import World, build_world
from namro.programs import services


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def programme(world):
    city = world.users["city"]
    program = services.program_create(
        actor=city,
        unit=world.hanoi,
        kind="annual",
        title="Chương trình công tác năm 2023 của Thành ủy Hà Nội (mẫu)",
        starts_on=date(2023, 1, 1),
        ends_on=date(2023, 12, 31),
    )
    on_time = services.program_item_add(
        actor=city,
        program=program,
        kind="issue_document",
        title="Ban hành kế hoạch",
        period_kind="quarter",
        year=2023,
        period_number=1,
    )
    late = services.program_item_add(
        actor=city,
        program=program,
        kind="run_visit",
        title="Làm việc với Đoàn công tác",
        period_kind="month",
        year=2023,
        period_number=3,
    )
    missed = services.program_item_add(
        actor=city,
        program=program,
        kind="hold_review",
        title="Sơ kết 6 tháng",
        period_kind="month",
        year=2023,
        period_number=7,
    )
    plan = document_create(
        actor=None,
        kind="plan",
        number="5-KH/TU",
        title="Kế hoạch mẫu",
        issuer=world.hanoi,
        issued_on=date(2023, 3, 10),
    )
    services.program_item_link(actor=city, item=on_time, document=plan)
    visit = oversight.visit_create(
        actor=city,
        kind="working_session",
        title="Làm việc",
        visiting_unit=world.delegation,
        host_unit=world.standing,
        held_on=date(2023, 4, 12),
        state="held",
        members=world.members(),
    )
    services.program_item_link(actor=city, item=late, visit=visit)
    return program, on_time, late, missed
