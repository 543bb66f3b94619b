"""Vietnamese by default whatever the browser asks; English once the user switches."""

from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_a_browser_set_to_english_still_gets_vietnamese(client):
    response = client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_the_language_switch_gives_english_and_back(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/dang-nhap/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.headers["Content-Language"] == "en"
    client.post("/i18n/setlang/", {"language": "vi", "next": "/dang-nhap/"})
    assert client.get("/dang-nhap/").headers["Content-Language"] == "vi"
