"""The daily work, end to end in a real browser: an office enters a document with its tasks,
a lower unit reports on them, the counts move; the pages switch to English; a phone works."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from namro.access.models import SealedTOTPDevice
from namro.access.tests.otp import code_for
from namro.factories import (
    DocumentFactory,
    PersonFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
    grant,
)
from namro.orgs.models import UnitKind, UnitLevel
from namro.orgs.services import position_create

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "namro-test-password"


@pytest.fixture
def world(transactional_db):
    city = UnitFactory(
        name="Thành ủy Hà Nội", kind=UnitKind.PARTY_COMMITTEE, level=UnitLevel.PROVINCE
    )
    ward = UnitFactory(
        name="Đảng ủy phường Ba Đình",
        kind=UnitKind.PARTY_COMMITTEE,
        level=UnitLevel.COMMUNE,
        parent=city,
    )
    UnitFactory(name="Sở Nội vụ", parent=city)
    secretary = PersonFactory(full_name="Lê Thị Mẫu")
    position_create(actor=None, person=secretary, title="Bí thư Đảng ủy phường", unit=ward)
    tracker = UserFactory(username="office", first_name="Văn phòng Thành ủy")
    grant(tracker, "tracker", city)
    reporter = UserFactory(username="ward", first_name="Chuyên viên phường")
    grant(reporter, "reporter", ward)
    return {"city": city, "ward": ward, "tracker": tracker, "reporter": reporter}


def log_in(page, live_server, username):
    """Sign in through the page; an account with a second factor gives its current code, as
    its owner's authenticator app would show it."""
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(rf"{re.escape(live_server.url)}/(dang-nhap/ma-xac-thuc/.*)?$"))
    if "/dang-nhap/ma-xac-thuc/" in page.url:
        device = SealedTOTPDevice.objects.get(user__username=username, confirmed=True)
        page.get_by_label("Mã xác thực").fill(code_for(device))
        page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{live_server.url}/")


def log_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r".*/dang-nhap/.*"))


def test_office_enters_document_and_ward_reports(page, live_server, world):
    today = timezone.localdate()
    due = (today + timedelta(days=60)).strftime("%d/%m/%Y")

    # The office tracker enters a document and three tasks.
    log_in(page, live_server, "office")
    page.get_by_role("link", name="Nhập văn bản").click()
    page.get_by_label("Loại văn bản").select_option("plan")
    page.get_by_label("Số, ký hiệu").fill("12-KH/TU")
    page.get_by_label("Trích yếu").fill("Kế hoạch cải cách hành chính năm nay")
    page.get_by_label("Ngày ban hành").fill(today.isoformat())
    page.get_by_label("Dán nhiều dòng").fill(
        f"Rà soát thủ tục hành chính cấp phường\tba dinh\t{due}\tBáo cáo rà soát\tLê Thị Mẫu\n"
        f"Số hóa hồ sơ một cửa của phường\tba dinh\t{due}\tCơ sở dữ liệu\tLê Thị Mẫu"
    )
    page.get_by_role("button", name="Tách thành các dòng").click()
    page.locator("tr.entry-row[data-row='1'] textarea", has_text="Số hóa hồ sơ một cửa").wait_for()
    # The third row is typed by hand, picking the unit from the suggestions.
    page.get_by_role("button", name="Thêm dòng").click()
    page.locator("tr.entry-row[data-row='3']").wait_for()
    row = page.locator("tr.entry-row[data-row='2']")
    row.locator("textarea").fill("Tổ chức đối thoại với nhân dân về thủ tục")
    unit_input = row.locator("input[name='tasks-2-lead_unit']")
    unit_input.press_sequentially("ba dinh", delay=30)
    page.locator("#unit-options option[value='Đảng ủy phường Ba Đình']").wait_for(state="attached")
    unit_input.fill("Đảng ủy phường Ba Đình")
    row.locator("input[name='tasks-2-due_on']").fill((today + timedelta(days=60)).isoformat())
    row.locator("input[name='tasks-2-expected_output']").fill("Biên bản đối thoại")
    page.get_by_role("button", name="Kiểm tra sáu rõ").last.click()
    summary = page.locator(".check-summary")
    summary.wait_for()
    screenshot(page, "01-fast-entry-checked")
    assert "2 nhiệm vụ đủ, 1 nhiệm vụ còn thiếu" in summary.inner_text()
    page.get_by_label("Vẫn lưu khi còn nhiệm vụ chưa đủ sáu rõ").check()
    page.get_by_role("button", name="Lưu tất cả").click()
    page.wait_for_url(re.compile(r".*/van-ban/\d+/$"))
    assert "Đã lưu 3 nhiệm vụ của văn bản." in page.content()
    assert page.locator("table.tasks tbody tr").count() == 3
    screenshot(page, "02-document-page")
    log_out(page)

    # The ward's reporter reports progress on one task and completion of another.
    log_in(page, live_server, "ward")
    assert page.locator("table.tasks tbody tr").count() == 3
    screenshot(page, "03-ward-my-work")
    page.get_by_role("link", name="Rà soát thủ tục hành chính cấp phường").click()
    page.locator("#action-progress summary").click()
    page.get_by_label("Tiến độ (%)").fill("50")
    page.get_by_label("Kết quả thực hiện").fill("Đã rà soát 40 thủ tục")
    page.get_by_role("button", name="Gửi báo cáo tiến độ").click()
    page.get_by_text("Đã ghi nhận báo cáo tiến độ.").wait_for()
    assert page.locator("#task-progress").inner_text() == "50%"
    page.get_by_role("link", name="Nhiệm vụ").first  # noqa: B018  (the page settled)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Số hóa hồ sơ một cửa của phường").click()
    page.locator("#action-claim summary").click()
    page.get_by_label("Kết quả, sản phẩm đã hoàn thành").fill("Đã số hóa toàn bộ hồ sơ")
    page.get_by_role("button", name="Báo cáo hoàn thành").click()
    page.get_by_text("Đã báo cáo hoàn thành; chờ xác nhận.").wait_for()
    screenshot(page, "04-task-claimed")
    log_out(page)

    # The office confirms; the ward's counts move on the unit pages.
    log_in(page, live_server, "office")
    city_page = f"{live_server.url}/don-vi/{world['city'].pk}/"
    page.goto(city_page)
    ward_row = page.locator(f"tr[data-unit='{world['ward'].pk}']")
    assert ward_row.locator("td[data-status='done_on_time']").inner_text() == "0"
    assert ward_row.locator("td[data-status='in_progress']").inner_text() == "3"
    page.get_by_role("link", name="Nhập văn bản")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Số hóa hồ sơ một cửa của phường").click()
    page.locator("#action-confirm summary").click()
    page.get_by_role("button", name="Xác nhận hoàn thành").click()
    page.get_by_text("Đã xác nhận hoàn thành.").wait_for()
    assert "Hoàn thành đúng hạn" in page.locator(".task-status").inner_text()
    page.goto(city_page)
    ward_row = page.locator(f"tr[data-unit='{world['ward'].pk}']")
    assert ward_row.locator("td[data-status='done_on_time']").inner_text() == "1"
    assert ward_row.locator("td[data-status='in_progress']").inner_text() == "2"
    screenshot(page, "05-unit-counts-after")


def test_language_switch_shows_english(page, live_server, world):
    log_in(page, live_server, "office")
    assert page.get_by_role("heading", name="Công việc của tôi").is_visible()
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("heading", name="My work").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Log out").is_visible()
    screenshot(page, "06-english-home")
    page.goto(f"{live_server.url}/don-vi/{world['city'].pk}/")
    assert page.get_by_role("heading", name="Units below").is_visible()
    screenshot(page, "07-english-unit")


def test_phone_width_pages_fit_and_forms_are_keyboard_reachable(phone, live_server, world):
    doc = DocumentFactory(issuer=world["city"], number="3-KH/TU")
    task = TaskFactory(
        document=doc,
        lead_unit=world["ward"],
        action="Hoàn thiện hồ sơ sáp nhập tổ dân phố trên địa bàn phường",
        due_on=timezone.localdate() + timedelta(days=5),
    )
    log_in(phone, live_server, "ward")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the home page is {width}px wide on a 360px screen"
    screenshot(phone, "08-phone-home")
    phone.goto(f"{live_server.url}/tim-kiem/?q=ba+dinh")
    assert phone.get_by_role("link", name="Đảng ủy phường Ba Đình").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "09-phone-search")
    phone.goto(f"{live_server.url}/nhiem-vu/{task.pk}/")
    phone.locator("#action-progress summary").click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "10-phone-task")
    # Keyboard: the skip link comes first, and the progress form is reachable by Tab.
    phone.goto(f"{live_server.url}/nhiem-vu/{task.pk}/")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.className") == "skip"
    for _ in range(40):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    phone.keyboard.press("Enter")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.name") == "progress-progress"
