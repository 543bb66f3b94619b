"""The `namro` console script."""

from __future__ import annotations

import subprocess
import sys

import pytest

from namro.cli import main


def test_namro_without_arguments_lists_its_commands(capsys):
    main([])
    out = capsys.readouterr().out
    for command in ["demo", "units", "extract", "audit"]:
        assert command in out


@pytest.mark.parametrize(
    "command", [["demo"], ["units", "load-admin"], ["audit", "verify"], ["serve"]]
)
def test_every_command_has_help(command):
    result = subprocess.run(
        [sys.executable, "-m", "namro.cli", *command, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "usage" in result.stdout.lower()
