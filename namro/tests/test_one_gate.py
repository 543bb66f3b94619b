"""The gate is the only place that reads roles: no module outside ``namro/access`` reads the
actor's scopes or names a role, and every rule the gate knows is used."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from namro.access import policy

ROOT = Path(__file__).resolve().parents[1]
GATE = ROOT / "access"

# Reading scopes or naming a role is deciding a permission.
FORBIDDEN = re.compile(r"\bscopes\(|\bRole\.(ADMIN|LEADER|TRACKER|REPORTER|VIEWER)\b|\b_holds\(")


def _sources() -> list[Path]:
    return [
        p
        for p in ROOT.rglob("*.py")
        if GATE not in p.parents
        and "tests" not in p.parts
        and "migrations" not in p.parts
        and p.name != "conftest.py"
    ]


def test_no_module_outside_the_gate_reads_roles() -> None:
    found = []
    for path in _sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if FORBIDDEN.search(line):
                found.append(f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}")
    # The demo gives its sample users their roles through the grant service, naming them.
    found = [f for f in found if not f.startswith("namro/demo/")]
    assert found == [], "permission logic outside namro/access:\n" + "\n".join(found)


def test_no_app_keeps_its_own_access_module() -> None:
    copies = [p for p in ROOT.glob("*/access.py")]
    assert copies == []


def _called_actions() -> set[str]:
    """Every ``Action.X`` named outside the gate's own rules (the access services count)."""
    names: set[str] = set()
    askers = _sources() + [p for p in GATE.glob("*.py") if p.name != "policy.py"]
    for path in askers:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and (
                (isinstance(node.value, ast.Name) and node.value.id == "Action")
                or (isinstance(node.value, ast.Attribute) and node.value.attr == "Action")
            ):
                names.add(node.attr)
    return names


def test_every_rule_of_the_gate_is_asked_somewhere() -> None:
    unused = {a.name for a in policy.Action} - _called_actions()
    assert unused == set(), f"actions no service or view asks: {sorted(unused)}"


@pytest.mark.parametrize("action", list(policy.Action))
def test_every_action_has_a_rule_and_a_refusal(action: policy.Action) -> None:
    rule = policy.rules()[action]
    assert str(rule.refusal).strip()
    assert rule.roles
