"""Fast entry as an office uses it at a desk (1366×900): no error before a row is touched, an
error that goes once its field is changed, the whole table and full unit names on the screen,
owners suggested from the chosen lead unit and a new one added in place, and a task without a
deadline that says so."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from namro.documents.models import Document
from namro.factories import PersonFactory, UnitFactory, UserFactory, grant
from namro.orgs.models import Person, UnitKind, UnitLevel
from namro.orgs.services import position_create
from namro.tasks.models import Task

from .conftest import screenshot
from .test_daily_work import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_UNIT = "Ủy ban nhân dân phường Hoàn Kiếm thành phố Hà Nội"


@pytest.fixture
def world(transactional_db):
    city = UnitFactory(
        name="Thành ủy Hà Nội", kind=UnitKind.PARTY_COMMITTEE, level=UnitLevel.PROVINCE
    )
    ward = UnitFactory(name=LONG_UNIT, level=UnitLevel.COMMUNE, parent=city)
    UnitFactory(name="Sở Nội vụ", parent=city)
    chair = PersonFactory(full_name="Trần Văn Chủ")
    position_create(actor=None, person=chair, title="Chủ tịch UBND phường", unit=ward)
    PersonFactory(full_name="Nguyễn Văn Ngoài")  # of no unit the office sees
    office = UserFactory(username="office", first_name="Văn phòng Thành ủy")
    grant(office, "tracker", city)
    return {"city": city, "ward": ward}


def fits(page, selector: str) -> bool:
    """The element shows all its content, inside its parent's box."""
    return page.eval_on_selector(
        selector,
        """e => e.scrollWidth <= e.clientWidth + 1
            && e.getBoundingClientRect().right <= e.parentElement.getBoundingClientRect().right""",
    )


def test_fast_entry_helps_instead_of_scolding(desk, live_server, world):
    page = desk
    log_in(page, live_server, "office")
    page.get_by_role("link", name="Nhập văn bản").click()

    # Adding a row judges nothing: no error anywhere, though the document is not filled yet.
    page.locator("tr.entry-row[data-row='0'] textarea").fill("Rà soát thủ tục hành chính")
    page.get_by_role("button", name="Thêm dòng").click()
    page.locator("tr.entry-row[data-row='3']").wait_for()
    assert page.locator(".field-error").count() == 0
    assert page.locator("[aria-invalid='true']").count() == 0

    # The table fits the desk's screen, and a long unit name shows whole in its box.
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert fits(page, "table.entry")
    row = page.locator("tr.entry-row[data-row='0']")
    row.locator("input[name='tasks-0-lead_unit']").fill(LONG_UNIT)
    assert fits(page, "input[name='tasks-0-lead_unit']")
    screenshot(page, "fast-entry-desk")

    # The owner box suggests the people of the lead unit before anything is typed.
    row.locator("input[name='tasks-0-owner']").focus()
    page.locator("#people-options option[value='Trần Văn Chủ']").wait_for(state="attached")
    labels = page.locator("#people-options option").all_inner_texts()
    assert labels == ["Trần Văn Chủ — Chủ tịch UBND phường, " + LONG_UNIT]

    # A name not recorded yet: the check names it and offers to add the person in place.
    row.locator("input[name='tasks-0-owner']").fill("Phạm Thị Mới")
    page.get_by_label("Loại văn bản").select_option("plan")
    page.get_by_label("Số, ký hiệu").fill("15-KH/TU")
    page.get_by_label("Trích yếu").fill("Kế hoạch rà soát thủ tục")
    page.get_by_label("Ngày ban hành").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Kiểm tra sáu rõ").last.click()
    error = page.locator("td.col-owner .field-error")
    error.wait_for()
    assert "Không tìm thấy cán bộ «Phạm Thị Mới»" in error.inner_text()
    screenshot(page, "fast-entry-unknown-owner")

    # Changing the field takes its error away at once; the add box stays offered.
    owner = page.locator("input[name='tasks-0-owner']")
    owner.fill("Phạm Thị Mới ")
    assert page.locator("td.col-owner .field-error").count() == 0
    assert owner.get_attribute("aria-invalid") is None

    # The second row has no deadline: it is entered as such.
    page.locator("tr.entry-row[data-row='1'] textarea").fill("Theo dõi việc giải quyết hồ sơ")
    page.locator("input[name='tasks-1-lead_unit']").fill(LONG_UNIT)
    page.locator("input[name='tasks-1-due_on']").fill("")
    page.locator("input[name='tasks-0-due_on']").fill(
        (timezone.localdate() + timedelta(days=30)).isoformat()
    )
    page.locator("td.col-owner input[type=checkbox][name='tasks-0-add_owner']").check()
    page.get_by_label("Chức vụ của cán bộ mới — dòng 1").fill("Chuyên viên")
    page.get_by_label("Vẫn lưu khi còn nhiệm vụ chưa đủ sáu rõ").check()
    page.get_by_role("button", name="Lưu tất cả").click()
    page.wait_for_url(re.compile(r".*/van-ban/\d+/$"))
    screenshot(page, "fast-entry-saved")

    document = Document.objects.get(number="15-KH/TU")
    added = Person.objects.get(full_name="Phạm Thị Mới")
    first, second = Task.objects.filter(document=document).order_by("order")
    assert first.owner == added and first.lead_unit == world["ward"]
    assert list(added.positions.values_list("title", "unit")) == [("Chuyên viên", world["ward"].pk)]
    assert second.due_on is None
    cells = page.locator("table.tasks tbody tr td[data-label='Thời hạn']").all_inner_texts()
    assert cells[1] == "Chưa có thời hạn"
