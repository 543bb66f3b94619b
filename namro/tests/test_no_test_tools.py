"""What a user runs must not need the test tools: nothing outside the tests imports them.

``pip install .`` installs namro without the dev extras, so a command, page or service that
imports pytest, factory_boy, hypothesis, playwright or schemathesis fails there (``namro bench
seed`` once did, through ``namro.testing``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import namro

TEST_TOOLS = {
    "pytest",
    "_pytest",
    "factory",
    "factory_boy",
    "hypothesis",
    "playwright",
    "schemathesis",
}

PACKAGE = Path(namro.__file__).resolve().parent

# Modules outside a tests/ folder that exist only for the tests; nothing else imports them.
TEST_SUPPORT = {
    "testing.py": "helpers shared by the test suites (skips through pytest)",
    "factories.py": "factory_boy factories of the test suites",
}


def _is_test_module(path: Path) -> bool:
    rel = path.relative_to(PACKAGE)
    return (
        "tests" in rel.parts
        or path.name == "conftest.py"
        or path.name.startswith("test_")
        or rel.as_posix() in TEST_SUPPORT
    )


def _imported(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _app_modules() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if not _is_test_module(p)]


def test_the_walk_sees_the_commands():
    names = {p.relative_to(PACKAGE).as_posix() for p in _app_modules()}
    assert "cli.py" in names
    assert "insights/management/commands/bench.py" in names
    assert "insights/bench/seed.py" in names


def test_no_module_outside_the_tests_imports_a_test_tool():
    offences = []
    for path in _app_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, module in _imported(tree):
            if module.split(".")[0] in TEST_TOOLS:
                offences.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
    assert not offences, "\n".join(offences)


def test_no_app_module_imports_the_test_support():
    offences = []
    support = {f"namro.{name.removesuffix('.py')}" for name in TEST_SUPPORT}
    for path in _app_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, module in _imported(tree):
            if module in support:
                offences.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
    assert not offences, "\n".join(offences)
