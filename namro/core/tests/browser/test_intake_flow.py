"""Text intake through its pages in a browser, as an office uses it: every excerpt of the
real development set pasted and read into the draft the core extracts, a collective lead
saved as the issuer's task with one delegated sub-task per unit of its group, and the seed
article's working session recorded with its recommendation."""

from __future__ import annotations

import re
from datetime import date

import pytest

from namro.documents.models import Document
from namro.factories import PersonFactory, UnitFactory, UserFactory, grant
from namro.intake.core import extract
from namro.intake.core.bench import context_date
from namro.orgs.models import UnitKind, UnitLevel
from namro.orgs.services import position_create
from namro.oversight.models import RecommendationState, Visit
from namro.tasks.models import Task
from namro.testing import shared_case_json, shared_case_path
from namro.workdays.calendar import add_working_days

from .conftest import screenshot
from .test_daily_work import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    """A city's People's Committee with two departments and three districts, the bodies of
    the seed article, and an office that tracks both trees."""
    city = UnitFactory(
        name="UBND thành phố Thử Nghiệm", kind=UnitKind.GOVERNMENT, level=UnitLevel.PROVINCE
    )
    departments = [
        UnitFactory(name=name, kind=UnitKind.DEPARTMENT, level=UnitLevel.PROVINCE, parent=city)
        for name in ("Sở Nội vụ", "Sở Tài chính")
    ]
    districts = [
        UnitFactory(name=name, kind=UnitKind.GOVERNMENT, level=UnitLevel.DISTRICT, parent=city)
        for name in ("UBND quận Một", "UBND quận Hai", "UBND huyện Ba")
    ]
    centre = UnitFactory(
        name="Ban Chỉ đạo Đề án Trung ương 6",
        kind=UnitKind.STEERING_COMMITTEE,
        level=UnitLevel.CENTRAL,
    )
    host = UnitFactory(
        name="Ban Thường vụ Thành ủy Hà Nội",
        kind=UnitKind.STANDING_COMMITTEE,
        level=UnitLevel.PROVINCE,
        parent=centre,
    )
    for name, title, unit in (
        ("Trương Thị Mai", "Trưởng Ban Tổ chức Trung ương", centre),
        ("Đinh Tiến Dũng", "Bí thư Thành ủy Hà Nội", host),
    ):
        position_create(actor=None, person=PersonFactory(full_name=name), title=title, unit=unit)
    office = UserFactory(username="office", first_name="Văn phòng")
    grant(office, "tracker", city)
    grant(office, "tracker", centre)
    return {"city": city, "departments": departments, "districts": districts, "host": host}


def paste(
    page, live_server, link: str, text: str, day: date | None, button: str = "Trích xuất"
) -> None:
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=link).first.click()
    page.get_by_label("Dán nội dung văn bản").fill(text)
    if day is not None:
        page.get_by_label("Ngày của văn bản").fill(day.isoformat())
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def test_every_real_excerpt_reads_in_the_page_as_the_core_reads_it(desk, live_server, world):
    """The page shows, for each excerpt, the draft rows of the tasks the core finds (the
    figures of the core itself are ``bench extract``'s): nothing lost or added on the way,
    and no excerpt that breaks the page."""
    cases = shared_case_json("extraction_real_dev.json")["cases"]
    page = desk
    log_in(page, live_server, "office")
    for case in cases:
        day = context_date(case["context_date"])
        paste(page, live_server, "Trích xuất văn bản", case["text"], day)
        expected = len(extract(case["text"], doc_date=day, add_working_days=add_working_days).tasks)
        heading = page.locator("legend", has_text="Nhiệm vụ dự thảo")
        if expected:
            assert heading.inner_text() == f"Nhiệm vụ dự thảo ({expected})", case["id"]
        else:
            assert page.get_by_text("Không tìm thấy nhiệm vụ nào").count() == 1, case["id"]


def test_a_collective_lead_in_a_real_excerpt_is_delegated_to_each_unit_of_its_group(
    desk, live_server, world
):
    case = next(
        c for c in shared_case_json("extraction_real_dev.json")["cases"] if c["id"] == "real28"
    )
    page = desk
    log_in(page, live_server, "office")
    paste(page, live_server, "Trích xuất văn bản", case["text"], context_date(case["context_date"]))
    page.get_by_text("Nhóm «UBND các quận, huyện»: 3 đơn vị").first.wait_for()
    page.get_by_label("Số, ký hiệu").fill("04/CT-UBND")
    page.get_by_label("Cơ quan ban hành").fill(world["city"].name)
    screenshot(page, "intake-real-collective")
    page.get_by_role("button", name="Lưu văn bản và các nhiệm vụ đã chọn").click()
    page.wait_for_url(re.compile(r".*/van-ban/\d+/$"))

    document = Document.objects.get(number="04/CT-UBND")
    parents = Task.objects.filter(document=document, parent=None)
    assert parents.exists()
    assert {t.lead_unit for t in parents} == {world["city"]}  # a group's task is the issuer's
    districts = set(world["districts"])
    delegated = [{c.lead_unit for c in Task.objects.filter(parent=parent)} for parent in parents]
    assert districts in delegated  # one sub-task for each district, none for anyone else
    assert set(world["departments"]) in delegated


def test_the_seed_articles_working_session_is_recorded_with_its_recommendation(
    desk, live_server, world
):
    expected = shared_case_json("seed_article_expected.json")["visit"]
    text = shared_case_path("seed_article_vi.txt").read_text(encoding="utf-8")
    page = desk
    log_in(page, live_server, "office")
    paste(page, live_server, "Dự thảo buổi làm việc", text, date(2025, 4, 13), "Đọc buổi làm việc")
    page.get_by_label("Ngày làm việc").wait_for()
    assert page.get_by_label("Ngày làm việc").input_value() == "2025-04-12"
    page.get_by_label("Đoàn công tác (cơ quan)").fill("Ban Chỉ đạo Đề án Trung ương 6")
    page.get_by_label("Đơn vị làm việc").fill(world["host"].name)
    # The head of the delegation is one of the people the article names; the office says so.
    head = page.locator("tr", has=page.locator("th", has_text="Trương Thị Mai"))
    head.get_by_label("Thành viên đoàn").check()
    recommendation = expected["recommendations"][0]
    subject = page.locator("textarea[name='recs-0-subject'], input[name='recs-0-subject']")
    assert recommendation["subject"] in subject.input_value()
    page.locator("input[name='recs-0-raised_by']").fill(world["host"].name)
    page.locator("input[name='recs-0-addressed_to']").fill("Ban Chỉ đạo Đề án Trung ương 6")
    screenshot(page, "intake-seed-visit")
    page.get_by_role("button", name="Ghi nhận buổi làm việc").click()
    page.wait_for_url(re.compile(r".*/\d+/$"))

    visit = Visit.objects.get()
    assert visit.host_unit == world["host"] and visit.held_on == date(2025, 4, 12)
    assert [m.person.full_name for m in visit.members.all()] == ["Trương Thị Mai"]
    assert "Trương Thị Mai" in expected["chaired_by"]
    (saved,) = visit.recommendations.all()
    assert saved.state == RecommendationState.UNDER_CONSIDERATION
    assert recommendation["answer"] in saved.detail  # said at the session, not yet answered
