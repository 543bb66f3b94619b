"""Helpers shared by the test suites of every app (test-only: imports pytest)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from namro.paths import PROJECT_ROOT, SHARED_CASES

__all__ = ["PROJECT_ROOT", "SHARED_CASES", "shared_case_json", "shared_case_path"]


def shared_case_path(name: str) -> Path:
    """Path of a file in the shared case folder, or skip the test with a visible reason.

    The shared cases sit beside a developer's checkout; a user's fresh clone does not have
    them, and the tests that read them say so instead of failing.
    """
    path = SHARED_CASES / name
    if not path.exists():
        pytest.skip(f"shared case file {name} is not present beside the project (../shared/cases)")
    return path


def shared_case_json(name: str) -> Any:
    return json.loads(shared_case_path(name).read_text(encoding="utf-8"))


def sign_in_steps_done(client: Any) -> None:
    """Mark the client's session as past every step of the sign-in (the second factor, a
    password change that is due). ``Client.force_login`` skips the password; the suites treat
    it as a whole sign-in, and the tests of the steps sign in through the pages instead."""
    from namro.access.factor import STEPS

    session = client.session
    if STEPS in session:
        del session[STEPS]
        session.save()


def xlsx_table(response_or_bytes: Any) -> tuple[Any, list[Any], list[tuple[Any, ...]]]:
    """An exported sheet (``core.xlsx``), its header row (the one starting with STT) and the
    rows under it, from a response (streamed or not) or the file's bytes."""
    import io

    from openpyxl import load_workbook

    data = response_or_bytes
    if hasattr(data, "streaming_content"):
        data = b"".join(data.streaming_content)
    elif hasattr(data, "content"):
        data = data.content
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, row in enumerate(rows) if row and row[0] == "STT")
    return sheet, list(rows[at]), rows[at + 1 :]
