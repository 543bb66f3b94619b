"""Chromium through Playwright for the browser tests, and where their screenshots go.

Debian's ``chromium`` is used (``python -m namro.core.browser_setup`` installs it where it
can). Without it the tests skip with a visible reason, unless NAMRO_REQUIRE_BROWSER=1 (CI),
where a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Django's live server runs the app in a thread while Playwright's sync API drives the
# browser from the test thread; Django must allow its sync ORM calls in that setting.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

OUTPUT = Path(__file__).resolve().parents[4] / "test-output"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        message = "chromium is not installed: browser tests skipped (apt-get install chromium)"
        if os.environ.get("NAMRO_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page_in(chromium: Any, **options: Any) -> Iterator[Any]:
    context = chromium.new_context(locale="vi-VN", **options)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    yield from _page_in(chromium, viewport={"width": 1280, "height": 900})


@pytest.fixture
def desk(chromium: Any) -> Iterator[Any]:
    """The screen of an office's desk: 1366×900."""
    yield from _page_in(chromium, viewport={"width": 1366, "height": 900})


@pytest.fixture
def phone(chromium: Any) -> Iterator[Any]:
    yield from _page_in(
        chromium, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under test-output/ and return its path."""
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
