"""Production settings, the security headers and the logs: what an attacker or a careless
operator meets."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from namro.access.services import token_create
from namro.core.logs import JsonLines, RequestContext
from namro.paths import PROJECT_ROOT

APPS = PROJECT_ROOT / "namro"


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    # Only what an operator would set: no test-runner variables (browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE in this process).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NAMRO_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        NAMRO_ENV="production",
        NAMRO_SECRET_KEY=secrets.token_urlsafe(64),
        NAMRO_ALLOWED_HOSTS="namro.example.vn",
        NAMRO_VAR_DIR=str(tmp_path),
        NAMRO_FACTOR_KEYS=f"k1:{secrets.token_hex(32)}",
    )
    env.update(extra)
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_finds_nothing_in_production_mode(tmp_path):
    done = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"NAMRO_SECRET_KEY": ""}, "NAMRO_SECRET_KEY"),
        ({"NAMRO_SECRET_KEY": "namro-insecure-development-key-change-me"}, "NAMRO_SECRET_KEY"),
        ({"NAMRO_ALLOWED_HOSTS": ""}, "NAMRO_ALLOWED_HOSTS"),
        ({"NAMRO_FACTOR_KEYS": ""}, "NAMRO_FACTOR_KEYS"),
        ({"NAMRO_FACTOR_KEYS": "k1:not-hex"}, "not hexadecimal"),
    ],
)
def test_production_refuses_to_start_without_its_own_secret_hosts_and_factor_keys(
    tmp_path, override, message
):
    done = _manage(_production_env(tmp_path, **override), "check")
    assert done.returncode != 0 and message in done.stderr


def test_production_turns_on_secure_cookies_hsts_and_the_ssl_redirect(tmp_path):
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_HTTPONLY, getattr(s, 'SECURE_PROXY_SSL_HEADER', None)]))"
    )
    env = _production_env(tmp_path, NAMRO_BEHIND_PROXY="1", DJANGO_SETTINGS_MODULE="namro.settings")
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        True,
        True,
        True,
        31_536_000,
        True,
        ["HTTP_X_FORWARDED_PROTO", "https"],
    ]


def test_no_template_holds_an_inline_script_or_event_handler():
    offenders = []
    for template in APPS.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in match.group(0):
                offenders.append(f"{template.relative_to(PROJECT_ROOT)}: {match.group(0)}")
        for match in re.finditer(r"\son[a-z]+\s*=", text):
            offenders.append(f"{template.relative_to(PROJECT_ROOT)}: {match.group(0).strip()}")
    assert not offenders


@pytest.mark.django_db
def test_every_page_carries_a_policy_that_forbids_inline_script(client, personas):
    client.force_login(personas.user("tracker"))
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_private_pages_api_answers_and_files_are_not_stored_by_the_browser(client, personas):
    client.force_login(personas.user("tracker"))
    page = client.get(reverse("home"))
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    client.logout()
    _token, key = token_create(actor=None, user=personas.user("tracker"), name="thử")
    api = client.get("/api/v1/tasks?limit=1", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 200 and "no-store" in api["Cache-Control"]


@pytest.mark.django_db
def test_log_lines_are_json_with_the_request_id_and_the_actor(client, personas):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    handler.addFilter(RequestContext())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.force_login(personas.user("reporter"))
        response = client.get("/khong-co-trang-nay/")
    finally:
        logger.removeHandler(handler)
    entry = json.loads(stream.getvalue().splitlines()[-1])
    assert response.status_code == 404
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["actor"] == personas.user("reporter").get_username()
    assert entry["level"] == "WARNING" and entry["status"] == 404
