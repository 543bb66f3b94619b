"""A leader's sign-in in a real browser: the password, then the enrolment the account must
make (the secret read off the page, the code computed as an authenticator app would), then,
signed out and in again, the password and the six-digit code."""

from __future__ import annotations

import base64
import re
import time

import pytest
from django_otp.oath import totp

from namro.access.models import SealedTOTPDevice
from namro.access.tests.otp import code_for
from namro.factories import UnitFactory, UserFactory, grant

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "namro-test-password"


def password_step(page, live_server, username):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_leader_enrols_then_signs_in_with_a_totp_code(page, live_server, transactional_db):
    city = UnitFactory(name="Thành ủy Hà Nội")
    leader = UserFactory(username="lanhdao", first_name="Lãnh đạo Thành ủy")
    grant(leader, "leader", city)

    password_step(page, live_server, "lanhdao")
    page.wait_for_url(re.compile(r".*/tai-khoan/xac-thuc-hai-lop/.*"))
    assert "bắt buộc dùng xác thực hai lớp" in page.content()
    page.get_by_role("button", name="Bắt đầu thiết lập").click()
    secret = page.locator("#otp-secret").inner_text().strip()
    assert page.locator(".qr svg").count() == 1
    screenshot(page, "sign-in-01-enrol")
    code = totp(base64.b32decode(secret), t0=0, step=30, digits=6)
    page.get_by_label("Mã xác thực").fill(f"{code:06d}")
    page.get_by_role("button", name="Xác nhận và bật").click()
    codes = page.locator(".recovery-codes code")
    codes.first.wait_for()
    assert codes.count() == 10
    screenshot(page, "sign-in-02-recovery-codes")
    page.get_by_role("link", name="Tôi đã cất các mã, tiếp tục").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("button", name="Đăng xuất").is_visible()

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r".*/dang-nhap/.*"))
    password_step(page, live_server, "lanhdao")
    page.wait_for_url(re.compile(r".*/dang-nhap/ma-xac-thuc/.*"))
    page.get_by_label("Mã xác thực").fill("000000")
    page.get_by_role("button", name="Xác nhận").click()
    page.locator(".field-error").wait_for()
    assert "Mã không đúng" in page.content()
    time.sleep(1.1)  # django-otp's wait after a wrong code
    device = SealedTOTPDevice.objects.get(user=leader, confirmed=True)
    page.get_by_label("Mã xác thực").fill(code_for(device, 1))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{live_server.url}/")
    screenshot(page, "sign-in-03-signed-in")
    assert page.get_by_role("button", name="Đăng xuất").is_visible()
