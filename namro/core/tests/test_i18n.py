"""The main pages in both languages: English when chosen, and no English leaking into the
Vietnamese pages (the default)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from namro.tasks import services

pytestmark = pytest.mark.django_db

APPS = Path(__file__).resolve().parents[2]
CATALOGUES = [
    APPS / app / "locale/en/LC_MESSAGES/django.po"
    for app in ("core", "orgs", "documents", "tasks", "inbox")
]


def main_pages(personas):
    services.extension_request_create(
        actor=None,
        task=personas.task,
        requested_due_on=personas.task.due_on.replace(year=personas.task.due_on.year + 1),
        reason="Chờ ý kiến",
    )
    return [
        reverse("home"),
        reverse("orgs:unit", args=[personas.province.pk]),
        reverse("documents:document", args=[personas.document.pk]),
        reverse("tasks:task", args=[personas.task.pk]),
        reverse("documents:entry"),
        reverse("search") + "?q=so",
        reverse("password_change"),
        reverse("inbox:inbox"),
    ]


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<option[^>]*>(English|Tiếng Việt)</option>", " ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def english_labels() -> set[str]:
    """Every English translation of two words or more in the apps' catalogues."""
    labels = set()
    for path in CATALOGUES:
        for match in re.finditer(r'^msgstr(?:\[\d\])? "(.+)"$', path.read_text("utf-8"), re.M):
            text = match.group(1)
            if "%(" not in text and len(text.split()) >= 2:
                labels.add(text)
    return labels


def test_catalogues_are_complete():
    for path in CATALOGUES:
        text = path.read_text("utf-8")
        assert 'msgstr ""\n\n' not in text.split("\n\n", 1)[1] + "\n", (
            f"untranslated entry in {path}"
        )
        assert path.with_suffix(".mo").exists()


def test_main_pages_in_english(client, personas):
    client.force_login(personas.users["admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    expected = {
        reverse("home"): ["My work", "Overdue", "Log out", "All statuses"],
        reverse("orgs:unit", args=[personas.province.pk]): [
            "Units below",
            "Officials and positions",
        ],
        reverse("documents:document", args=[personas.document.pk]): ["Issuing body", "Date issued"],
        reverse("tasks:task", args=[personas.task.pk]): [
            "Six clears",
            "Clear owner",
            "Timeline",
            "Send progress report",
            "Record decision",
        ],
        reverse("documents:entry"): [
            "Enter a document and its tasks",
            "Add row",
            "Save all",
            "Paste several lines",
        ],
        reverse("search") + "?q=so": ["Officials", "Document"],
        reverse("inbox:inbox"): [
            "Waiting for me",
            "Extension requests to decide",
            "Record decision",
        ],
    }
    for url in main_pages(personas):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'lang="en"' in html
        for label in expected.get(url, []):
            assert label in visible_text(html), f"{label!r} missing on {url}"


def test_no_english_leaks_into_vietnamese_pages(client, personas):
    client.force_login(personas.users["admin"])
    labels = english_labels()
    assert len(labels) > 100
    for url in main_pages(personas):
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        leaked = sorted(label for label in labels if label in text)
        assert not leaked, f"English on the Vietnamese page {url}: {leaked}"
        for word in ("Save", "Submit", "Search", "Log out", "Password", "Page ", "Required"):
            assert word not in text, f"{word!r} on the Vietnamese page {url}"
