"""`namro serve`: the production server, its static files and its health check."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from namro.core.management.commands.serve import bind_address, default_workers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, dict(response.headers), response.read()


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.stdout.read()}")
        try:
            fetch(url)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url} within {seconds} s")


@pytest.mark.slow
def test_serve_runs_the_production_server_with_its_static_files(tmp_path: Path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"NAMRO_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "namro.settings"}
    process = subprocess.Popen(
        [sys.executable, "-m", "namro.cli", "serve", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", process)
        status, headers, body = fetch(f"{base}/healthz")
        assert (status, body) == (200, b'{"ok": true}')
        assert headers["Server"] == "gunicorn"
        status, headers, body = fetch(f"{base}/dang-nhap/")
        assert status == 200 and "Đăng nhập".encode() in body
        css = next((tmp_path / "static").rglob("*.css")).relative_to(tmp_path / "static")
        status, headers, body = fetch(f"{base}/static/{css.as_posix()}")
        assert status == 200 and headers["Content-Type"].startswith("text/css") and body
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "Starting gunicorn" in output
    assert "development server" not in output.lower()


def test_the_workers_default_to_twice_the_cores_plus_one(monkeypatch):
    monkeypatch.delenv("NAMRO_WORKERS", raising=False)
    assert default_workers() == 2 * (os.cpu_count() or 1) + 1
    monkeypatch.setenv("NAMRO_WORKERS", "3")
    assert default_workers() == 3


def test_a_bare_port_binds_to_loopback():
    assert bind_address("8000") == "127.0.0.1:8000"
    assert bind_address("0.0.0.0:80") == "0.0.0.0:80"
    assert bind_address("unix:/run/namro.sock") == "unix:/run/namro.sock"
