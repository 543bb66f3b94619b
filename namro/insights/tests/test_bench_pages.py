"""`namro bench pages` and `namro bench http` at a tiny size: the shape of what they print.
Times are not asserted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from namro.factories import UserFactory
from namro.insights.bench import http


@pytest.mark.django_db(transaction=True)
def test_bench_pages_prints_one_json_object_per_run_on_its_last_line() -> None:
    out = StringIO()
    call_command(
        "bench", "pages", "--size", "tiny", "--repeat", "2", "--only", "tasks overdue",
        "--only", "api tasks", "--only", "dashboard", "--json", stdout=out,
    )  # fmt: skip
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["scan_ms"] > 0
    assert result["tasks"] == 2000
    names = {(p["scope"], p["name"]) for p in result["pages"]}
    for scope in ("national", "province", "commune"):
        assert {(scope, "tasks overdue"), (scope, "api tasks"), (scope, "dashboard")} <= names
    for page in result["pages"]:
        assert set(page) >= {"name", "url", "scope", "p50_ms", "p95_ms", "queries", "bytes",
                             "ratio", "peak_mb", "rss_growth_mb", "status"}  # fmt: skip
        assert page["status"] == 200, page
        assert page["p50_ms"] <= page["p95_ms"]
        assert page["ratio"] == pytest.approx(page["p95_ms"] / result["scan_ms"], rel=0.01)
        assert page["queries"] > 0 and page["bytes"] > 0
    # A second run reuses the seeded data and the accounts.
    out = StringIO()
    call_command("bench", "pages", "--repeat", "1", "--only", "home", "--scope", "commune",
                 "--json", stdout=out)  # fmt: skip
    again = json.loads(out.getvalue().strip().splitlines()[-1])
    assert again["seeded"] is None and again["tasks"] == 2000
    assert [(p["scope"], p["name"]) for p in again["pages"]] == [("commune", "home")]


@pytest.mark.django_db
def test_the_benchmarks_refuse_a_database_with_real_accounts() -> None:
    UserFactory()
    with pytest.raises(CommandError, match="tài khoản thật"):
        call_command("bench", "pages", "--size", "tiny", "--json", stdout=StringIO())


def test_bench_http_says_how_to_install_wrk_when_it_is_missing(monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ValueError, match="apt-get install wrk"):
        http.wrk_binary()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_bench_http_drives_the_production_server_with_wrk(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"NAMRO_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "namro.settings"}
    command = [sys.executable, "-m", "namro.cli", "bench", "http", "--size", "tiny",
               "--workers", "2", "--duration", "3", "--only", "api tasks",
               "--only", "api progress post", "--json"]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["server"] == "gunicorn" and not result["development_server_warning"]
    rows = {r["name"]: r for r in result["targets"]}
    assert set(rows) == {"healthz", "api tasks", "api progress post"}
    for row in rows.values():
        assert row["requests"] > 0 and row["rps"] > 0 and row["errors"] == 0, row
        assert row["non_2xx"] == 0, row
        assert row["p50_ms"] <= row["p95_ms"]
    assert rows["healthz"]["rps_ratio"] == 1
    assert rows["api tasks"]["rps_ratio"] > 0
