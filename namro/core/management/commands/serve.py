"""`namro serve`: run the web application.

By default a production WSGI server (gunicorn, in this process: it forks its workers from
here) serves ``namro.wsgi.application``; static files come from ``STATIC_ROOT`` through
WhiteNoise. ``--dev`` keeps Django's development server (reloads nothing, prints its warning).
Both first apply the migrations and collect the static files.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

DEFAULT_ADDRPORT = "127.0.0.1:8000"


def default_workers() -> int:
    """``NAMRO_WORKERS`` when set, else 2 × cores + 1 (gunicorn's rule of thumb)."""
    value = os.environ.get("NAMRO_WORKERS", "").strip()
    if value:
        try:
            workers = int(value)
        except ValueError:
            raise CommandError(f"NAMRO_WORKERS phải là số nguyên, không phải «{value}».") from None
        if workers < 1:
            raise CommandError("NAMRO_WORKERS phải từ 1 trở lên.")
        return workers
    return 2 * (os.cpu_count() or 1) + 1


def bind_address(addrport: str) -> str:
    """``host:port``, ``port`` alone (on 127.0.0.1) or ``unix:/path``, as gunicorn binds it."""
    if addrport.startswith("unix:"):
        return addrport
    if addrport.isdigit():
        return f"127.0.0.1:{addrport}"
    host, sep, port = addrport.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise CommandError(
            f"Địa chỉ «{addrport}» không hợp lệ: dùng ĐỊA_CHỈ:CỔNG, ví dụ {DEFAULT_ADDRPORT}."
        )
    return addrport


def run_gunicorn(bind: str, workers: int, timeout: int) -> None:
    """Serve namro with gunicorn's arbiter in this process until it is told to stop."""
    from gunicorn.app.base import BaseApplication

    class NamroApplication(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            settings = {
                "bind": [bind],
                "workers": workers,
                "timeout": timeout,
                "graceful_timeout": 10,
                "errorlog": "-",
                "loglevel": os.environ.get("NAMRO_SERVER_LOG_LEVEL", "info"),
                "accesslog": os.environ.get("NAMRO_ACCESS_LOG") or None,
                "proc_name": "namro",
                # No control socket: several servers on one machine would share its path.
                "control_socket_disable": True,
            }
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from namro.wsgi import application

            return application

    # The workers are forked from this process: none may inherit its database connections.
    connections.close_all()
    NamroApplication().run()


class Command(BaseCommand):
    help = (
        "Chạy ứng dụng web namro (mặc định http://127.0.0.1:8000) bằng máy chủ WSGI gunicorn; "
        "--dev: máy chủ phát triển của Django."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "addrport",
            nargs="?",
            default=DEFAULT_ADDRPORT,
            help="Địa chỉ:cổng (hoặc unix:/đường/dẫn).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            help="Số tiến trình phục vụ (mặc định NAMRO_WORKERS, hoặc 2 × số lõi + 1).",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=int(os.environ.get("NAMRO_TIMEOUT", 60)),
            help="Số giây tối đa cho một yêu cầu trước khi tiến trình bị khởi động lại "
            "(mặc định NAMRO_TIMEOUT hoặc 60).",
        )
        parser.add_argument(
            "--dev",
            action="store_true",
            help="Dùng máy chủ phát triển của Django (chỉ để phát triển, không dùng thật).",
        )
        parser.add_argument(
            "--no-migrate", action="store_true", help="Không cập nhật cấu trúc CSDL trước khi chạy."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if options["dev"]:
            call_command("runserver", options["addrport"], use_reloader=False, use_threading=True)
            return
        workers = options["workers"] or default_workers()
        if workers < 1:
            raise CommandError("--workers phải từ 1 trở lên.")
        run_gunicorn(bind_address(options["addrport"]), workers, options["timeout"])
