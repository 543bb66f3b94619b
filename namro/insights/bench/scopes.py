"""What the page and HTTP benchmarks share: the seeded database and one user per scope.

``prepare`` seeds an empty database (``seed.seed``) or reuses the one there; ``scope_users``
makes (once) one account per scope — the national root, the province with the most units
below it, and a commune that leads tasks — each a tracker over its unit (a tracker also
reports for the units below it, so it sees every queue of the inbox).

Both benchmarks write (accounts, sessions, progress reports): they refuse a database with
accounts of its own unless told otherwise, so a real database is not touched by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.management import call_command
from django.db.models import Exists, OuterRef

from namro.access.models import RoleAssignment
from namro.orgs.models import Unit
from namro.tasks.models import Task

from . import seed

BENCH_PREFIX = "bench-"
SCOPES = ("national", "province", "commune")
TRACKER = "tracker"  # the role each benchmark account holds over its unit
SIZES = {"tiny": (60, 2_000), "small": (200, 20_000), "national": (8_000, 1_000_000)}


@dataclass
class Scope:
    name: str
    unit: Unit
    user: Any


def prepare(*, units: int, tasks: int, force: bool = False, stdout: Any = None) -> dict[str, Any]:
    """Seed ``units``/``tasks`` into an empty database, or reuse the seeded one."""
    call_command("migrate", interactive=False, verbosity=0)
    others = get_user_model().objects.exclude(username__startswith=BENCH_PREFIX)
    if others.exists() and not force:
        raise ValueError(
            "CSDL này có tài khoản thật; phép đo sẽ tạo tài khoản và ghi báo cáo tiến độ. "
            "Dùng một CSDL riêng (DATABASE_URL=…) hoặc thêm --force nếu chắc chắn."
        )
    seeded = None
    if not Task.objects.exists():
        if stdout is not None:
            stdout.write(f"Tạo dữ liệu tổng hợp: {units} đơn vị, {tasks} nhiệm vụ…")
        seeded = seed.seed(units=units, tasks=tasks, progress=False).as_dict()
    elif stdout is not None:
        stdout.write("Dùng lại dữ liệu đã có trong CSDL (không tạo lại).")
    return {
        "units": Unit.objects.count(),
        "tasks": Task.objects.count(),
        "seeded": seeded,
    }


def scope_units() -> dict[str, Unit]:
    root = Unit.objects.filter(depth=1).order_by("path").first()
    if root is None:
        raise ValueError("CSDL chưa có đơn vị: chạy `namro bench seed` trước.")
    provinces = list(Unit.objects.filter(level="province", kind="party_committee").order_by("path"))
    paths = list(Unit.objects.values_list("path", flat=True))
    province = max(
        provinces, key=lambda p: sum(1 for x in paths if x.startswith(p.path)), default=root
    )
    leading = Exists(Task.objects.filter(lead_unit=OuterRef("pk")))
    commune = (
        Unit.objects.filter(level="commune", kind="party_committee", path__startswith=province.path)
        .filter(leading)
        .order_by("path")
        .first()
    ) or province
    return {"national": root, "province": province, "commune": commune}


def scope_users() -> list[Scope]:
    """One tracker per scope, made on the first run and reused after."""
    from namro.access.services import role_grant

    scopes = []
    for name, unit in scope_units().items():
        user, _ = get_user_model().objects.get_or_create(username=f"{BENCH_PREFIX}{name}")
        if not RoleAssignment.objects.filter(user=user, unit=unit).exists():
            role_grant(actor=None, user=user, role=TRACKER, unit=unit)
        scopes.append(Scope(name, unit, user))
    return scopes


def session_cookie(user: Any) -> str:
    """A logged-in session for ``user`` in the session store, as the login page makes one."""
    from importlib import import_module

    from django.conf import settings

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
