"""Every page is reachable by links from home, for each role that may open it.

On the demo story, each demo user starts at home and follows the links of every page it
reaches (GET only, same site, a few addresses per page kind). The administrator must reach
every page the URL configuration declares, apart from the few that are not pages (listed with
the reason); every other user must reach every page kind whose administrator's address they
may open themselves — so no page is reachable only by typing its URL.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from namro.access import factor
from namro.demo import loader as demo

pytestmark = pytest.mark.django_db(transaction=False)

# URL names that are not pages a person navigates to, and why.
NOT_PAGES = {
    "healthz": "a probe for the load balancer",
    "login": "signing in (shown to anonymous users)",
    "logout": "a POST from the top bar",
    "second_factor": "a step of signing in",
    "password_reset": "reached from the sign-in page",
    "password_reset_done": "the answer to a reset request",
    "password_reset_confirm": "opened from the mailed link",
    "password_reset_complete": "the answer to a new password",
    "password_change_done": "the answer to a changed password",
    "set_language": "a POST from the top bar",
    "orgs:suggest": "suggestions an input asks for",
    "orgs:person_suggest": "suggestions an input asks for",
    "reminders:unread": "the bell's count, asked for by the page",
    "tasks:evidence": "a file download",
    "reports:review_docx": "a Word download",
    "calendar_feed": "a calendar's secret address, read by calendar programs",
    "reminders:task_ics": "a calendar file download",
    "reports:periodic_docx": "a Word download, linked from the report page",
    "reports:periodic_pdf": "a PDF download, linked from the report page",
}
# Name prefixes of forms posted from the page of their object (a task, a visit, an item of
# the inbox…): they answer a POST and have no page of their own to link to.
ACTION_SUFFIXES = (
    "tasks:progress",
    "tasks:claim",
    "tasks:extension",
    "tasks:decide",
    "tasks:confirm",
    "tasks:send_back",
    "tasks:delegate",
    "tasks:ask_explanation",
    "tasks:answer_explanation",
    "tasks:review_explanation",
    "inbox:confirm",
    "inbox:send_back",
    "inbox:decide",
    "inbox:answer",
    "inbox:review",
    "oversight:visit_member_add",
    "oversight:visit_member_remove",
    "oversight:visit_hold",
    "oversight:visit_conclude",
    "oversight:visit_attach",
    "oversight:recommendation_spawn_task",
    "oversight:recommendation_step",
    "programs:item_add",
    "programs:item_link",
    "documents:received",
    "reminders:calendar_revoke",
    "documents:add_tasks",
)
SKIPPED_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/i18n/")
PER_KIND = 2


def page_names() -> set[str]:
    """Every named URL of the site outside the admin and the API."""
    names: set[str] = set()

    def walk(patterns, namespace: str = "") -> None:  # type: ignore[no-untyped-def]
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith(("admin/", "api/")):
                    continue
                walk(p.url_patterns, namespace + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern) and p.name:
                names.add(namespace + p.name)

    walk(get_resolver().url_patterns)
    return names - set(NOT_PAGES) - set(ACTION_SUFFIXES)


class Links(HTMLParser):
    """The links of a page and its visible text (outside scripts, styles and the language
    picker's names)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)
        if tag in {"script", "style", "option"}:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "option"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.text.append(" ".join(data.split()))


def view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def crawl(client, limit: int = 400, texts: dict[str, list[str]] | None = None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """{view name: the first address of it reached} from home, by links only; ``texts``, when
    given, receives each page's visible text nodes by address."""
    found: dict[str, str] = {}
    taken: dict[str, int] = defaultdict(int)
    queue, seen = deque(["/"]), {"/"}
    while queue and len(seen) <= limit:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        name = view_name(urlsplit(url).path)
        if name is None:
            continue
        found.setdefault(name, url)
        parser = Links()
        parser.feed(response.content.decode())
        if texts is not None:
            texts[url] = parser.text
        for href in parser.hrefs:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "testserver":
                continue
            if parts.path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(
                (".docx", ".xlsx", ".pdf", ".ics")
            ):
                continue
            address = parts.path + (f"?{parts.query}" if parts.query else "")
            kind = view_name(parts.path)
            if kind is None or address in seen or taken[kind] >= PER_KIND:
                continue
            taken[kind] += 1
            seen.add(address)
            queue.append(address)
    return found


@pytest.fixture(scope="module")
def crawled(django_db_setup, django_db_blocker):
    """Each demo user's crawl of the demo story, made once."""
    from django.db import transaction
    from django.test import Client

    with django_db_blocker.unblock(), transaction.atomic():
        demo.load()
        result = {}
        for username in demo.DEMO_USERS:
            client = Client()
            client.force_login(get_user_model().objects.get(username=username))
            # As after the second factor: the steps of signing in are done.
            session = client.session
            session.pop(factor.STEPS, None)
            session.save()
            result[username] = (client, crawl(client))
        english = Client()
        english.force_login(get_user_model().objects.get(username="tracker"))
        english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        texts: dict[str, list[str]] = {}
        crawl(english, texts=texts)
        result["english"] = (english, texts)
        yield result
        transaction.set_rollback(True)


def test_the_administrator_reaches_every_page_by_links(crawled) -> None:
    _client, found = crawled["admin"]
    assert {"home", "tasks:task", "insights:dashboard"} <= set(found), found
    missing = page_names() - set(found)
    assert not missing, f"pages reachable only by URL: {sorted(missing)}"


@pytest.mark.parametrize("username", [u for u in demo.DEMO_USERS if u != "admin"])
def test_each_role_reaches_by_links_every_page_it_may_open(crawled, username) -> None:
    _admin, by_admin = crawled["admin"]
    client, found = crawled[username]
    missing = []
    for name, url in sorted(by_admin.items()):
        if name in found:
            continue
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            missing.append(f"{name} ({url})")
    assert not missing, f"{username} may open, but finds no link to: {missing}"


def ui_strings() -> set[str]:
    """The Vietnamese interface strings of the catalogues (two words or more, no
    placeholders) whose English differs."""
    strings = set()
    for path in (Path(__file__).resolve().parents[2]).glob("*/locale/en/LC_MESSAGES/django.po"):
        text = path.read_text("utf-8")
        for vi, en in re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', text, re.M):
            if "%(" in vi or "{" in vi or vi == en or len(vi.split()) < 2:
                continue
            strings.add(unescape(vi.replace('\\"', '"')))
    return strings


def test_english_pages_show_no_vietnamese_interface_text(crawled) -> None:
    """A text node that is a catalogue's Vietnamese string (a label, a heading, a button)
    is one the English page forgot to translate; names and texts of the data are not
    interface strings and are left alone."""
    _client, texts = crawled["english"]
    assert len(texts) > 20, sorted(texts)
    strings = ui_strings()
    leaks = {
        url: sorted({node.rstrip(" :") for node in nodes if node.rstrip(" :") in strings})
        for url, nodes in texts.items()
    }
    leaks = {url: found for url, found in leaks.items() if found}
    assert not leaks, f"untranslated interface text on English pages: {leaks}"
