"""The floor plan: imports between the modules of ``namro`` run one way, from the top down.

Each module belongs to one layer of ``LAYERS`` (lowest first). A module may import modules of
its own layer or of a layer below; an import of a layer above fails this test, naming it.
Every ``namro.*`` import is checked, relative ones and those inside functions included.
Tests, migrations, factories and ``namro.testing`` are exempt.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DOMAINS = "orgs|documents|tasks|programs|oversight|intake|workdays|reminders"

# The last part of a domain module's name says what it is.
DOMAIN_PURE = (
    "models|rules|clarity|timeline|labels|recurrence|segment|names|numbers|units|people|"
    "outputs|readers|tables|model|calendar|clock|statutory"
)
DOMAIN_SERVICE = (
    "services|selectors|forms|filters|aggregation|tally|excel|access|answers|coverage|"
    "review_data|admin_units|sweep|digests|jobs"
)
WEB_PART = r"views|edit_views|api|review_api|schemas|urls|admin|apps|templatetags|management"


@dataclass(frozen=True)
class Layer:
    name: str
    rule: str
    patterns: tuple[str, ...]


LAYERS = [
    Layer(
        "ground",
        """What every app builds on and that knows no app: text folding, base models, form
        and page helpers, the admin base, errors, the actor type, the audit trail, settings
        and the API's shared field types. Imports nothing of namro above it.""",
        (
            r"namro",
            r"namro\.\w+",  # the apps' package markers, empty
            r"namro\.core(\..*)?",
            r"namro\.audit\.(models|services|keys|signals)",
            r"namro\.access\.sealing",  # the factor secrets' keys, like the audit keys
            r"namro\.settings",
            r"namro\.api_support",
        ),
    ),
    Layer(
        "domain models",
        """The domain's tables, enums and pure rules (no queries beyond their own model
        methods): orgs, documents, tasks, programs, oversight and the pure intake parser, and
        the tables of access (role assignments) and of the read side (closed periods), so
        the gate can restrict them. They may refer to each other's models (foreign keys) but
        call no service.""",
        (
            rf"namro\.({DOMAINS})\.({DOMAIN_PURE})",
            r"namro\.intake\.core(\..*)?",
            r"namro\.access\.models",
            r"namro\.insights\.models",
        ),
    ),
    Layer(
        "gate",
        """namro.access alone decides what an actor may see and do; it reads the domain
        models and nothing that writes.""",
        (r"namro\.access\.(policy|auth|lockout|services|forms|factor|checks|passwords|jobs)",),
    ),
    Layer(
        "domain services",
        """The writes and reads of each domain (services, selectors, forms, filters,
        aggregation, tally, excel). They call the gate inside their transactions, and may
        call the services of another domain; they know no page, no API and no read side.""",
        (rf"namro\.({DOMAINS})\.({DOMAIN_SERVICE})",),
    ),
    Layer(
        "read side",
        """Insights, reports and the inbox only read what the domain services keep:
        dashboards, evaluations, scoring, the Word and PDF reports, what waits for each
        person. Nothing below calls them.""",
        (
            r"namro\.insights\.(selectors|scope_counts|dashboard|evaluation|scoring|services|excel)",
            r"namro\.reports\.(review_docx|libreoffice_setup|periods|periodic_data|drafting|formats|layout|periodic_docx|pdf)",
            r"namro\.inbox\.selectors",
        ),
    ),
    Layer(
        "web",
        """Pages, API handlers, URL maps, admin registrations, app configs (which add their
        navigation entries), template tags, management commands and every tool a person
        runs (namro.web, namro.demo, namro.cli, the benchmark). Nothing imports them but
        each other.""",
        (
            rf"namro\.(?!core\.admin$)\w+\.({WEB_PART})(\..*)?",
            r"namro\.web(\..*)?",
            r"namro\.demo(\..*)?",
            r"namro\.insights\.bench(\..*)?",
            r"namro\.audit\.bench",
            r"namro\.(api|urls|cli|wsgi)",
            r"namro\.core\.(browser_setup|middleware)",
            r"namro\.intake\.ocr_setup",
            r"namro\.access\.middleware",
        ),
    ),
]

EXEMPT = re.compile(
    r"namro\.(factories|testing|conftest)$|(^|\.)(tests|migrations)(\.|$)|(^|\.)test_\w+$"
)

# Imports that run back up today, each with the reason it is still there: to be emptied.
ALLOWED: dict[tuple[str, str], str] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int | None:
    """The index in ``LAYERS`` of the last (highest) layer whose patterns match ``module``."""
    found = None
    for index, layer in enumerate(LAYERS):
        if any(re.fullmatch(p, module) for p in layer.patterns):
            found = index
    return found


def imports_of(path: Path, module: str) -> set[str]:
    """The ``namro`` modules ``path`` imports, relative imports resolved, anywhere in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            # "from namro.x import y" may name a module y.
            found.update(f"{target}.{a.name}" for a in node.names)
    return {name for name in found if name == "namro" or name.startswith("namro.")}


def known_modules() -> dict[str, Path]:
    return {module_name(p): p for p in ROOT.rglob("*.py")}


def resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module an imported name refers to (its longest importable prefix)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def check() -> tuple[list[str], list[str]]:
    modules = known_modules()
    unplaced: list[str] = []
    violations: list[str] = []
    for module, path in sorted(modules.items()):
        if EXEMPT.search(module):
            continue
        own = layer_of(module)
        if own is None:
            unplaced.append(module)
            continue
        for name in sorted(imports_of(path, module)):
            target = resolve(name, modules)
            if target is None or target == module or EXEMPT.search(target):
                continue
            theirs = layer_of(target)
            if theirs is None or theirs <= own or (module, target) in ALLOWED:
                continue
            violations.append(
                f"{module} ({LAYERS[own].name}) imports {target} ({LAYERS[theirs].name})"
            )
    return unplaced, sorted(set(violations))


def test_every_module_has_a_layer():
    unplaced, _ = check()
    assert not unplaced, "modules in no layer of LAYERS: " + ", ".join(unplaced)


def test_imports_run_one_way():
    _, violations = check()
    assert not violations, "imports that run back up:\n" + "\n".join(violations)


def test_the_allow_list_holds_no_stale_entry():
    modules = known_modules()
    stale = [
        f"{m} -> {t}"
        for m, t in ALLOWED
        if m not in modules or t not in {resolve(n, modules) for n in imports_of(modules[m], m)}
    ]
    assert not stale, "remove from ALLOWED: " + ", ".join(stale)
