"""How far a higher document has reached down the tree: which units issued a document that
implements it (directly or through a chain), which only have tasks under it, which neither.

Computed in three queries whatever the size of the tree: the subtree's units, the
``implements`` links of documents issued in the subtree, and the units leading tasks under the
document or any document that implements it.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import date

from namro.documents.models import Document
from namro.orgs.models import Unit
from namro.tasks.models import Task

ISSUED = "issued"
TASKS = "tasks"
NONE = "none"

# What a unit's sub-units did, rolled up: every one covered (by its own document or tasks, or
# because all of its own sub-units are), some of them, or none; "" for a unit without any.
ALL_BELOW = "all"
SOME_BELOW = "some"
NONE_BELOW = "none"


@dataclass
class CoverageNode:
    id: int
    name: str
    depth: int
    parent_id: int | None
    state: str
    documents: list[int] = field(default_factory=list)
    below: str = ""

    @property
    def covered(self) -> bool:
        """Covered by what the unit did itself, or because every sub-unit is covered."""
        return self.state != NONE or self.below == ALL_BELOW


@dataclass
class Coverage:
    document: Document
    root: Unit
    nodes: list[CoverageNode]
    documents: set[int]
    issued_by: dict[int, list[int]]

    def count(self, state: str) -> int:
        return sum(1 for n in self.nodes if n.state == state)

    @property
    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in (ISSUED, TASKS, NONE)}

    @property
    def covered_below(self) -> int:
        """Units that did nothing themselves but whose every sub-unit is covered."""
        return sum(1 for n in self.nodes if n.state == NONE and n.below == ALL_BELOW)


def implementing_documents(
    document: Document, root: Unit, as_of: date | None = None
) -> dict[int, int]:
    """{document id: issuer id} of every document issued in ``root``'s subtree that
    implements ``document``, directly or through a chain (one query)."""
    links = Document.implements.through.objects.filter(root.subtree_q("from_document__issuer__"))
    if as_of is not None:
        links = links.filter(from_document__issued_on__lte=as_of)
    below: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for lower, higher, issuer in links.values_list(
        "from_document_id", "to_document_id", "from_document__issuer_id"
    ):
        below[higher].append((lower, issuer))
    found: dict[int, int] = {}
    queue = deque([document.pk])
    while queue:
        for lower, issuer in below.get(queue.popleft(), []):
            if lower not in found and lower != document.pk:
                found[lower] = issuer
                queue.append(lower)
    return found


def coverage(document: Document, root: Unit, as_of: date | None = None) -> Coverage:
    """The coverage tree of ``document`` over ``root``'s subtree, as of ``as_of``."""
    units = list(
        Unit.objects.filter(root.subtree_q())
        .order_by("path")
        .values_list("id", "name", "depth", "parent_id")
    )
    lower = implementing_documents(document, root, as_of)
    issued_by: dict[int, list[int]] = defaultdict(list)
    for doc_id, issuer in lower.items():
        issued_by[issuer].append(doc_id)
    tasks = Task.objects.filter(
        root.subtree_q("lead_unit__"), document_id__in=[document.pk, *lower]
    )
    if as_of is not None:
        tasks = tasks.filter(assigned_on__lte=as_of)
    with_tasks = set(tasks.values_list("lead_unit_id", flat=True).distinct())
    nodes = []
    for pk, name, depth, parent_id in units:
        state = ISSUED if pk in issued_by else TASKS if pk in with_tasks else NONE
        nodes.append(CoverageNode(pk, name, depth - root.depth, parent_id, state, issued_by[pk]))
    roll_up(nodes)
    return Coverage(document, root, nodes, {document.pk, *lower}, dict(issued_by))


def roll_up(nodes: list[CoverageNode]) -> None:
    """Set each node's ``below`` from its sub-units, deepest first (no query: ``nodes`` are in
    tree order, so children come after their parent)."""
    children: dict[int, list[CoverageNode]] = defaultdict(list)
    for node in nodes:
        if node.parent_id is not None:
            children[node.parent_id].append(node)
    touched: dict[int, bool] = {}  # a node's subtree holds a covered unit
    for node in reversed(nodes):
        kids = children.get(node.id, [])
        if kids:
            if all(k.covered for k in kids):
                node.below = ALL_BELOW
            elif any(k.state != NONE or touched[k.id] for k in kids):
                node.below = SOME_BELOW
            else:
                node.below = NONE_BELOW
        touched[node.id] = any(k.state != NONE or touched[k.id] for k in kids)
