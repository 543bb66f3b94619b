"""The daily loop through "Việc cần xử lý" in a real browser: the ward claims completion, the
office sees it counted in the top bar and confirms it from its inbox (and sends another
back); the ward asks for an extension and the leader decides it from the inbox; on a 390-px
phone the ward finds the sent-back task and the request for explanation waiting."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from namro.access import factor
from namro.factories import DocumentFactory, TaskFactory, UnitFactory, UserFactory, grant
from namro.orgs.models import UnitKind, UnitLevel
from namro.tasks import services
from namro.tasks.models import ExplanationRequest, ExtensionRequest, ExtensionState, Task

from .conftest import screenshot
from .test_daily_work import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
CHIEF_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def loop(transactional_db):
    city = UnitFactory(
        name="Thành ủy Hải Phòng", kind=UnitKind.PARTY_COMMITTEE, level=UnitLevel.PROVINCE
    )
    ward = UnitFactory(
        name="Đảng ủy phường Hồng Bàng",
        kind=UnitKind.PARTY_COMMITTEE,
        level=UnitLevel.COMMUNE,
        parent=city,
    )
    for username, role, unit in [
        ("office", "tracker", city),
        ("chief", "leader", city),
        ("ward", "reporter", ward),
    ]:
        grant(UserFactory(username=username, first_name=username), role, unit)
    # The leader must sign in with a second factor: the app on their phone is set up.
    factor.enrol_with_secret(
        actor=None, user=get_user_model().objects.get(username="chief"), secret=CHIEF_SECRET
    )
    document = DocumentFactory(issuer=city, number="7-KH/TU", issued_on=timezone.localdate())
    due = timezone.localdate() + timedelta(days=60)

    def task(action):
        return TaskFactory(
            document=document, lead_unit=ward, authority=city, action=action, due_on=due
        )

    tasks = {
        "claim": task("Ban hành quy chế làm việc của Đảng ủy phường"),
        "send_back": task("Tổng kết công tác dân vận của phường"),
        "extension": task("Số hóa hồ sơ đảng viên của phường"),
        "explain": task("Sắp xếp tổ dân phố sau sáp nhập"),
    }
    # Claimed earlier: the office will send it back from its inbox.
    services.task_claim_done(actor=None, task=tasks["send_back"], output_note="Dự thảo báo cáo")
    return tasks


def badge(page):
    return page.locator("#inbox-badge")


def badge_count(page):
    text = badge(page).inner_text() if badge(page).is_visible() else "0"
    return int(re.sub(r"\D", "", text) or 0)


def submit(row, action):
    row.locator(f"details[data-action='{action}'] button[type='submit']").click()


def open_inbox(page):
    page.get_by_role("link", name=re.compile("^Việc cần xử lý")).click()
    page.get_by_role("heading", name=re.compile("^Việc cần xử lý")).wait_for()


def test_the_daily_loop_through_what_waits(page, chromium, live_server, loop):
    tasks = loop
    base = live_server.url

    # The ward claims completion of a task.
    log_in(page, live_server, "ward")
    page.goto(f"{base}/nhiem-vu/{tasks['claim'].pk}/")
    page.locator("#action-claim summary").click()
    page.get_by_label("Kết quả, sản phẩm đã hoàn thành").fill("Đã ban hành quy chế làm việc")
    page.get_by_role("button", name="Báo cáo hoàn thành").click()
    page.get_by_text("Đã báo cáo hoàn thành; chờ xác nhận.").wait_for()
    log_out(page)

    # The office sees both claims counted in the top bar and confirms one from its inbox.
    log_in(page, live_server, "office")
    assert badge_count(page) == 2
    open_inbox(page)
    screenshot(page, "21-office-inbox")
    row = page.locator(f"#row-claim-{tasks['claim'].pk}")
    assert "Đã ban hành quy chế làm việc" in row.inner_text()
    row.locator("details[data-action='confirm'] summary").click()
    submit(row, "confirm")
    page.get_by_text("Đã xác nhận hoàn thành.").wait_for()
    row.wait_for(state="detached")
    assert badge_count(page) == 1
    assert page.locator("#count-claim").inner_text() == "1"
    assert Task.objects.get(pk=tasks["claim"].pk).confirmed_on is not None

    # It sends the other back: first without a reason (refused by the field), then with one.
    selector = f"#row-claim-{tasks['send_back'].pk}"
    page.locator(f"{selector} details[data-action='send_back'] summary").click()
    submit(page.locator(selector), "send_back")
    page.locator(selector).get_by_text("Phải nêu lý do trả lại.").wait_for()
    page.locator(selector).get_by_label("Lý do trả lại").fill("Thiếu số liệu so sánh cùng kỳ")
    submit(page.locator(selector), "send_back")
    page.get_by_text("Đã trả lại báo cáo hoàn thành.").wait_for()
    page.locator(selector).wait_for(state="detached")
    assert page.locator("#count-claim").inner_text() == "0"
    # The office may also report for the ward (its subtree): the sent-back task now waits
    # for it too, and the top bar says so.
    assert badge_count(page) == int(page.locator("#inbox-total").inner_text()) == 1

    # And asks the ward to explain another task, from the task page.
    page.goto(f"{base}/nhiem-vu/{tasks['explain'].pk}/")
    page.locator("#action-ask_explanation summary").click()
    page.get_by_label("Nội dung yêu cầu giải trình").fill("Đề nghị giải trình lý do chậm")
    page.get_by_role("button", name="Gửi yêu cầu giải trình").click()
    page.get_by_text("Đã gửi yêu cầu giải trình.").wait_for()
    log_out(page)

    # The ward asks for a later deadline.
    log_in(page, live_server, "ward")
    page.goto(f"{base}/nhiem-vu/{tasks['extension'].pk}/")
    form = page.locator("#action-extension")
    form.locator("summary").click()
    later = tasks["extension"].due_on + timedelta(days=30)
    form.get_by_label("Thời hạn đề nghị").fill(later.isoformat())
    form.get_by_label("Lý do").fill("Chờ bàn giao hồ sơ từ phường cũ")
    page.get_by_role("button", name="Gửi đề nghị gia hạn").click()
    page.get_by_text("Đã gửi đề nghị gia hạn.").wait_for()
    log_out(page)

    # The leader decides it from the inbox.
    log_in(page, live_server, "chief")
    assert badge_count(page) == 1
    open_inbox(page)
    request = ExtensionRequest.objects.get(task=tasks["extension"])
    row = page.locator(f"#row-extension-{request.pk}")
    assert "Chờ bàn giao hồ sơ từ phường cũ" in row.inner_text()
    row.locator("details[data-action='decide'] summary").click()
    row.get_by_label("Đồng ý gia hạn").check()
    submit(row, "decide")
    page.get_by_text("Đã quyết định đề nghị gia hạn.").wait_for()
    row.wait_for(state="detached")
    assert badge_count(page) == 0
    request.refresh_from_db()
    assert request.state == ExtensionState.GRANTED
    log_out(page)

    # On a phone the ward finds the sent-back task and the request for explanation waiting.
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    context.set_default_timeout(15_000)
    phone = context.new_page()
    try:
        log_in(phone, live_server, "ward")
        assert badge_count(phone) == 2
        open_inbox(phone)
        sent_back = phone.locator(f"#row-sent_back-{tasks['send_back'].pk}")
        assert sent_back.is_visible()
        assert "Thiếu số liệu so sánh cùng kỳ" in sent_back.inner_text()
        asked = ExplanationRequest.objects.get(task=tasks["explain"])
        explanation = phone.locator(f"#row-explanation_to_answer-{asked.pk}")
        assert explanation.is_visible()
        assert "Đề nghị giải trình lý do chậm" in explanation.inner_text()
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the inbox is {width}px wide on a 390px screen"
        explanation.locator("details[data-action='answer'] summary").click()
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(phone, "22-phone-inbox")
        # The sent-back task's page says why, at the top.
        sent_back.get_by_role("link", name="Mở nhiệm vụ").click()
        notice = phone.locator("#sent-back-notice")
        notice.wait_for()
        assert "Thiếu số liệu so sánh cùng kỳ" in notice.inner_text()
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(phone, "23-phone-sent-back-task")
    finally:
        context.close()
