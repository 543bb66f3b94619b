"""``namro bench http``: what the production server delivers, measured with wrk on loopback.

Starts ``namro serve`` (gunicorn, the usual number of workers) on a free loopback port against
the database in use, and drives each target with wrk — ``connections`` connections for
``duration`` seconds after a short warm-up — through a Lua script that prints wrk's own
latency percentiles as JSON. Targets: the trivial JSON view (``/healthz``, no database), the
task list API with 50 rows, the dashboard summary API, the inbox page when its URL resolves,
and progress reports posted through the API (one task after another from a list, so that the
writes do not all wait on one row). Each target's requests/s and p95 are compared with the
trivial view's.

The caller is the national tracker made by ``scopes.scope_users``: a personal token for the
API, a session cookie for the pages.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connections
from django.urls import Resolver404, resolve
from django.utils import timezone

from namro.access import policy
from namro.access.services import token_create
from namro.tasks.models import Task
from namro.tasks.rules import Status

from .scopes import scope_users, session_cookie

WRK_MISSING = (
    "Không tìm thấy wrk (công cụ tạo tải HTTP). Cài: `sudo apt-get install wrk` (Debian/Ubuntu), "
    "`brew install wrk` (macOS), hoặc từ mã nguồn: https://github.com/wg/wrk."
)
WARMUP_SECONDS = 2
POST_TASKS = 500

# Printed by wrk when it is done: one JSON line the benchmark reads back.
REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nNAMRO_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, '
    .. '"errors_status": %d, "errors_connect": %d, "errors_read": %d, '
    .. '"errors_write": %d, "errors_timeout": %d}\\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
"""

POST_LUA = """
local ids = {%(ids)s}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"progress": 50, "narrative": "Đo tải", "explanation": "Đo tải"}'
request = function()
  i = i %% #ids + 1
  return wrk.format(nil, "/api/v1/tasks/" .. ids[i] .. "/progress")
end
"""


@dataclass
class HttpTarget:
    name: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    lua: str = ""
    expect: int = 200


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if not found:
        raise ValueError(WRK_MISSING)
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _resolves(path: str) -> bool:
    try:
        resolve(path.split("?", 1)[0])
    except Resolver404:
        return False
    return True


def build_targets(stdout: Any = None) -> tuple[list[HttpTarget], list[dict[str, str]]]:
    scope = next(s for s in scope_users() if s.name == "national")
    _, secret = token_create(actor=None, user=scope.user, name="namro bench http")
    bearer = {"Authorization": f"Bearer {secret}"}
    cookie = {"Cookie": session_cookie(scope.user)}
    skipped = []
    targets = [
        HttpTarget("healthz", "/healthz"),
        HttpTarget("api tasks", "/api/v1/tasks?limit=50", bearer),
        HttpTarget("api summary", f"/api/v1/insights/units/{scope.unit.pk}/summary", bearer),
    ]
    pages = []
    if _resolves("/viec-can-xu-ly/"):
        pages.append(HttpTarget("inbox", "/viec-can-xu-ly/", cookie))
    else:
        skipped.append({"name": "inbox", "url": "/viec-can-xu-ly/", "why": "URL does not resolve"})
        if stdout is not None:
            stdout.write("Bỏ qua trang việc cần xử lý: /viec-can-xu-ly/ chưa có.")
    pages.append(HttpTarget("dashboard page", f"/tong-hop/don-vi/{scope.unit.pk}/", cookie))
    from namro.tasks.aggregation import with_status

    open_tasks = with_status(
        policy.visible_tasks(scope.user, Task.objects.filter(cancelled_on__isnull=True)),
        timezone.localdate(),
    ).filter(status__in=[Status.IN_PROGRESS, Status.OVERDUE])
    ids = list(open_tasks.order_by("-pk").values_list("pk", flat=True)[:POST_TASKS])
    if ids:
        lua = POST_LUA % {"ids": ", ".join(str(i) for i in ids)}
        targets.append(HttpTarget("api progress post", "/api/v1/tasks", bearer, lua, 201))
    else:
        skipped.append({"name": "api progress post", "url": "", "why": "no open task"})
    return targets + pages, skipped


class Server:
    """``namro serve`` on loopback, as a child process, for the duration of a ``with``."""

    def __init__(self, workers: int | None) -> None:
        self.port = free_port()
        self.workers = workers
        handle, name = tempfile.mkstemp(prefix="namro-serve-", suffix=".log")
        os.close(handle)
        self.log = Path(name)
        self.process: subprocess.Popen[str] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        command = [sys.executable, "-m", "namro.cli", "serve", f"127.0.0.1:{self.port}"]
        command += ["--no-migrate", "--timeout", "300"]
        if self.workers:
            command += ["--workers", str(self.workers)]
        connections.close_all()
        env = os.environ | {"DJANGO_SETTINGS_MODULE": "namro.settings"}
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, text=True
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ValueError(f"Máy chủ dừng khi khởi động:\n{self.output()}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=5) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.25)
        self.__exit__(None, None, None)
        raise ValueError("Máy chủ không trả lời /healthz sau 120 giây.")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.unlink(missing_ok=True)


def check_once(server: Server, target: HttpTarget) -> tuple[int, int]:
    """One request with urllib before wrk: the status must be the expected one."""
    if target.lua:
        return target.expect, 0  # a write: wrk's own error count tells
    request = urllib.request.Request(server.base + target.path, headers=target.headers)
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, 0


def drain(server: Server, workers: int, seconds: float = 600) -> None:
    """Wait until every worker is free again: wrk leaves requests queued behind it when it
    stops, which the workers still serve; the next target must not measure them."""
    from concurrent.futures import ThreadPoolExecutor

    def ping(_: int) -> float:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{server.base}/healthz", timeout=seconds) as response:
                response.read()
        except (urllib.error.URLError, ConnectionError):
            return float("inf")
        return time.perf_counter() - started

    deadline = time.monotonic() + seconds
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while time.monotonic() < deadline:
            if max(pool.map(ping, range(workers))) < 1:
                return
            time.sleep(0.5)


def run_wrk(
    server: Server, target: HttpTarget, *, seconds: int, connections_: int, threads: int
) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(target.lua + REPORT_LUA)
    try:
        command = [wrk_binary(), "--latency", "-t", str(threads), "-c", str(connections_)]
        command += ["-d", f"{seconds}s", "--timeout", "60s", "-s", script.name]
        for key, value in target.headers.items():
            command += ["-H", f"{key}: {value}"]
        command.append(server.base + target.path)
        result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    finally:
        os.unlink(script.name)
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("NAMRO_RESULT ")), None)
    if result.returncode != 0 or line is None:
        raise ValueError(f"wrk thất bại ({result.returncode}): {result.stderr or result.stdout}")
    data = json.loads(line.removeprefix("NAMRO_RESULT "))
    non_2xx = 0
    for ln in result.stdout.splitlines():
        if "Non-2xx or 3xx responses:" in ln:
            non_2xx = int(ln.rsplit(":", 1)[1])
    data["non_2xx"] = non_2xx
    return data


def run(
    *,
    workers: int | None = None,
    duration: int = 10,
    connections: int = 16,
    only: list[str] | None = None,
    stdout: Any = None,
) -> dict[str, Any]:
    from namro.core.management.commands.serve import default_workers

    wrk_binary()
    from django.db import connection

    vendor = connection.vendor
    targets, skipped = build_targets(stdout)
    if only:
        targets = [t for t in targets if t.name in only or t.name == "healthz"]
    workers = workers or default_workers()
    threads = max(1, min(os.cpu_count() or 1, connections))
    rows = []
    with Server(workers) as server:
        for target in targets:
            status, _size = check_once(server, target)
            url = f"{target.path}/<id>/progress" if target.lua else target.path
            row: dict[str, Any] = {"name": target.name, "url": url, "status": status}
            if status != target.expect:
                row["error"] = f"HTTP {status}"
                rows.append(row)
                if stdout is not None:
                    stdout.write(f"{target.name}: LỖI HTTP {status}")
                continue
            run_wrk(
                server, target, seconds=WARMUP_SECONDS, connections_=connections, threads=threads
            )
            drain(server, workers)
            data = run_wrk(
                server, target, seconds=duration, connections_=connections, threads=threads
            )
            seconds = data["duration_us"] / 1e6
            if not data["requests"]:
                row["error"] = f"no response completed within {duration} s"
                rows.append(row)
                continue
            row.update(
                requests=data["requests"],
                rps=round(data["requests"] / seconds, 1) if seconds else None,
                p50_ms=round(data["p50_us"] / 1000, 2),
                p95_ms=round(data["p95_us"] / 1000, 2),
                p99_ms=round(data["p99_us"] / 1000, 2),
                bytes_per_response=round(data["bytes"] / data["requests"])
                if data["requests"]
                else 0,
                errors=data["errors_status"]
                + data["errors_connect"]
                + data["errors_read"]
                + data["errors_write"]
                + data["errors_timeout"],
                non_2xx=data["non_2xx"],
            )
            rows.append(row)
            if stdout is not None:
                stdout.write(
                    f"{target.name:<18} {row['rps']:>8} req/s  p50 {row['p50_ms']:>8} ms  "
                    f"p95 {row['p95_ms']:>8} ms  lỗi {row['errors']}"
                )
        server_output = server.output()
    base = next((r for r in rows if r["name"] == "healthz" and r.get("rps")), None)
    for row in rows:
        if base and row.get("rps"):
            row["rps_ratio"] = round(row["rps"] / base["rps"], 4)
            row["p95_ratio"] = round(row["p95_ms"] / base["p95_ms"], 2) if base["p95_ms"] else None
    return {
        "database": vendor,
        "units": _count("orgs.Unit"),
        "tasks": Task.objects.count(),
        "server": "gunicorn",
        "workers": workers,
        "connections": connections,
        "threads": threads,
        "duration_s": duration,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "development_server_warning": "development server" in server_output.lower(),
        "targets": rows,
        "skipped": skipped,
    }


def _count(label: str) -> int:
    from django.apps import apps

    return apps.get_model(label).objects.count()
