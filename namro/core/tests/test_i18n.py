"""The main pages in both languages: English when chosen, and no English leaking into the
Vietnamese pages (the default); every app's English catalogue whole, compiled, and holding
exactly the strings the code and templates ask for."""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from namro.tasks import services

pytestmark = pytest.mark.django_db

APPS = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(APPS.glob("*/locale/en/LC_MESSAGES/django.po"))
SOURCE_SUFFIXES = {".py", ".html", ".txt"}


def catalogue_entries(path: Path) -> list[dict]:
    """The entries of a .po file, the header left out: each with its ``flags``, whether it is
    ``obsolete`` (``#~``) and its fields (``msgctxt``, ``msgid``, ``msgid_plural``,
    ``msgstr``, ``msgstr[n]``), strings unquoted."""
    entries = []
    current: dict | None = None
    field = None
    for line in [*path.read_text("utf-8").splitlines(), ""]:
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].lstrip()
        after_translation = field is not None and field.startswith("msgstr")
        if not line.strip() or (after_translation and line.startswith(("#", "msgctxt ", "msgid "))):
            if current and current["fields"].get("msgid"):
                entries.append(current)
            current, field = None, None
            if not line.strip():
                continue
        if current is None:
            current = {"flags": set(), "obsolete": False, "fields": {}}
        current["obsolete"] |= obsolete
        if line.startswith("#,"):
            current["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line):
            field = match.group(1)
            current["fields"][field] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and field:
            current["fields"][field] += ast.literal_eval(line)
        else:
            raise AssertionError(f"{path}: cannot read the line {line!r}")
    return entries


def entry_key(entry: dict) -> tuple[str | None, str]:
    return entry["fields"].get("msgctxt"), entry["fields"]["msgid"]


def translations(entry: dict) -> list[str]:
    return [value for name, value in sorted(entry["fields"].items()) if name.startswith("msgstr")]


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
        for entry in catalogue_entries(path):
            for text in translations(entry):
                if "%(" not in text and len(text.split()) >= 2 and text != entry_key(entry)[1]:
                    labels.add(text)
    return labels


def test_every_app_with_a_locale_folder_has_its_catalogue_checked():
    apps_with_locale = sorted(p.parent.name for p in APPS.glob("*/locale"))
    assert len(apps_with_locale) >= 10, apps_with_locale
    assert [path.parents[3].name for path in CATALOGUES] == apps_with_locale


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parents[3].name)
def test_a_catalogue_is_wholly_translated_and_compiled(path):
    """No empty or fuzzy translation, no obsolete or doubled entry, and the compiled .mo holds
    exactly what the .po says."""
    entries = catalogue_entries(path)
    assert entries, f"{path} has no entries"
    empty = [entry_key(e)[1] for e in entries if not all(translations(e)) or not translations(e)]
    assert not empty, f"untranslated entries in {path}: {empty}"
    fuzzy = [entry_key(e)[1] for e in entries if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy entries in {path}: {fuzzy}"
    obsolete = [entry_key(e)[1] for e in entries if e["obsolete"]]
    assert not obsolete, f"obsolete (#~) entries in {path}: {obsolete}"
    keys = [entry_key(e) for e in entries]
    assert len(keys) == len(set(keys)), f"an entry twice in {path}"

    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} missing: run msgfmt -c -o django.mo django.po"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    expected = {}
    for entry in entries:
        context, msgid = entry_key(entry)
        msgid = f"{context}\x04{msgid}" if context else msgid
        if "msgid_plural" in entry["fields"]:
            for n, text in enumerate(translations(entry)):
                expected[(msgid, n)] = text
        else:
            expected[msgid] = entry["fields"]["msgstr"]
    compiled = {k: v for k, v in compiled.items() if k != ""}
    assert compiled == expected, f"{mo} is not compiled from the current {path.name}"


def extracted_strings(tmp_path: Path) -> set[tuple[str | None, str]]:
    """The msgids the code and templates ask for, as ``makemessages`` finds them: a copy of
    the sources (catalogues left out) gets one catalogue of its own."""
    copy = tmp_path / "sources"
    for source in APPS.rglob("*"):
        relative = source.relative_to(APPS)
        if (
            source.suffix in SOURCE_SUFFIXES
            and source.is_file()
            and "locale" not in relative.parts
            and "__pycache__" not in relative.parts
        ):
            target = copy / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    (copy / "locale").mkdir()
    cwd = os.getcwd()
    os.chdir(copy)
    try:
        call_command("makemessages", locale=["en"], verbosity=0)
    finally:
        os.chdir(cwd)
    return {entry_key(e) for e in catalogue_entries(copy / "locale/en/LC_MESSAGES/django.po")}


def test_the_catalogues_hold_every_string_asked_for_and_no_other(tmp_path):
    """A msgid the code or a template uses is in some app's catalogue (Django merges them);
    a catalogue entry nothing uses any more is dead and goes."""
    if shutil.which("xgettext") is None:
        message = "xgettext (gettext) is not installed: the catalogues cannot be checked"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    asked = extracted_strings(tmp_path)
    assert len(asked) > 1000, len(asked)
    held: dict[tuple[str | None, str], list[str]] = {}
    for path in CATALOGUES:
        for entry in catalogue_entries(path):
            held.setdefault(entry_key(entry), []).append(path.parents[3].name)
    missing = sorted(msgid for _context, msgid in asked - set(held))
    assert not missing, f"strings in no catalogue (add and translate them): {missing}"
    dead = sorted(
        f"{apps}: {msgid}" for (c, msgid), apps in held.items() if (c, msgid) not in asked
    )
    assert not dead, f"catalogue entries nothing uses any more: {dead}"


def test_a_string_held_by_several_catalogues_reads_the_same_in_each():
    """Django merges the apps' catalogues and the first app's translation wins everywhere,
    so a second translation of the same msgid would never show; a string that must read
    otherwise somewhere ("Kiểm tra": Check or Inspection) is asked for with a context."""
    held: dict[tuple[str | None, str], dict[str, list[str]]] = {}
    for path in CATALOGUES:
        for entry in catalogue_entries(path):
            if not entry["obsolete"] and "fuzzy" not in entry["flags"]:
                held.setdefault(entry_key(entry), {})[path.parents[3].name] = translations(entry)
    differing = {
        msgid: apps
        for (_context, msgid), apps in held.items()
        if len({tuple(t) for t in apps.values()}) > 1
    }
    assert not differing, differing


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
