"""A person's family as a graph: relatives through family Relation records, laid out by generation.

Collective punishment in North Korea reaches three generations, so the graph follows family relations
(parent-of, spouse-of, sibling-of, relative-of: the relation types marked ``family`` in enums.yaml) up
to ``depth`` steps from the person. parent-of puts its object one generation below its subject; the
other family relations keep both ends in the same generation. Only records the actor may see are
followed, and names come back redacted ("[protected]") where the actor is not cleared to read them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select

from girok.errors import ValidationError
from girok.schema.vocabulary import load_vocabularies
from girok.services.actor import LEVELS, Actor
from girok.services.listing import display_name
from girok.services.protection import REDACTED
from girok.services.records import Collection, Record
from girok.store import tables as t

#: Layout of the server-drawn SVG (user units).
NODE_WIDTH = 170
NODE_HEIGHT = 44
H_GAP = 30
V_GAP = 70
MARGIN = 20
#: Room above the top row for the arcs that join relatives of one generation.
TOP = 60
LABEL_MAX = 22


def family_types() -> dict[str, bool]:
    """Family relation type -> whether it is symmetric."""
    return {
        entry.id: bool(entry.data.get("symmetric"))
        for entry in load_vocabularies().get("relation_types")
        if entry.data.get("family")
    }


@dataclass
class Node:
    id: str
    label: str
    generation: int
    redacted: bool
    root: bool = False
    x: int = 0
    y: int = 0

    @property
    def short(self) -> str:
        return self.label if len(self.label) <= LABEL_MAX else self.label[: LABEL_MAX - 1] + "…"


@dataclass
class Edge:
    relation: str  # the Relation record's id
    type: str
    source: str  # subject
    target: str  # object
    #: Drawing: a line from the parent's bottom to the child's top, or an arc over one row.
    path: str = ""


@dataclass
class FamilyGraph:
    root: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    width: int = 0
    height: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "nodes": [asdict(node) for node in self.nodes],
            "edges": [asdict(edge) for edge in self.edges],
            "width": self.width,
            "height": self.height,
        }


def family_graph(collection: Collection, actor: Actor, person_id: str, *, depth: int = 2) -> FamilyGraph:
    """The person and their relatives up to ``depth`` family relations away, laid out by generation."""
    if not 1 <= depth <= 4:
        raise ValidationError("depth must be 1..4")
    root = collection.get(actor, person_id)  # NotFoundError when missing or not visible
    if root.type != "Person":
        raise ValidationError(f"{person_id} is a {root.type}, not a Person")
    kinds = family_types()
    visible = [level for level in LEVELS if actor.may_see(level)]
    generation: dict[str, int] = {root.id: 0}
    order: list[str] = [root.id]
    edges: dict[str, Edge] = {}
    people: dict[str, Record] = {root.id: root}
    frontier = [root.id]
    rel, refs = t.records.c, t.record_refs.c
    with collection.store.read() as conn:
        for _ in range(depth):
            if not frontier:
                break
            query = (
                select(t.records)
                .join(t.record_refs, t.record_refs.c.from_id == rel.id)
                .where(
                    refs.to_id.in_(frontier),
                    rel.type == "Relation",
                    rel.deleted_at.is_(None),
                    rel.confidentiality.in_(visible),
                )
                .distinct()
                .order_by(rel.id)
            )
            relations = [collection.view(actor, dict(row)) for row in conn.execute(query).mappings()]
            found: list[tuple[str, int]] = []
            pending: list[Edge] = []
            for relation in relations:
                data = relation.data
                if data.get("type") not in kinds or relation.id in edges:
                    continue
                subject, obj = str(data["subject"]), str(data["object"])
                for here, there, step in ((subject, obj, 1), (obj, subject, -1)):
                    if here in frontier and there not in generation:
                        shift = step if data["type"] == "parent-of" else 0
                        found.append((there, generation[here] + shift))
                pending.append(Edge(relation=relation.id, type=str(data["type"]), source=subject, target=obj))
            new_ids = list(dict.fromkeys(pid for pid, _ in found))
            rows = conn.execute(
                select(t.records).where(rel.id.in_(new_ids), rel.deleted_at.is_(None), rel.confidentiality.in_(visible))
            ).mappings()
            for row in rows:
                people[row["id"]] = collection.view(actor, dict(row))
            for pid, gen in found:
                if pid in people and pid not in generation:
                    generation[pid] = gen
                    order.append(pid)
            for edge in pending:  # an edge is drawn when both its ends are people the actor may see
                if edge.source in generation and edge.target in generation:
                    edges[edge.relation] = edge
            frontier = [pid for pid in new_ids if pid in generation]
    nodes = [
        Node(
            id=pid,
            label=display_name(people[pid]) or pid,
            generation=generation[pid],
            redacted=display_name(people[pid]) == REDACTED,
            root=pid == root.id,
        )
        for pid in order
    ]
    return layout(FamilyGraph(root=root.id, nodes=nodes, edges=list(edges.values())))


def layout(graph: FamilyGraph) -> FamilyGraph:
    """Rows by generation (eldest on top), each row centred; edge paths between node boxes."""
    rows: dict[int, list[Node]] = {}
    for node in graph.nodes:
        rows.setdefault(node.generation, []).append(node)
    widest = max((len(row) for row in rows.values()), default=1)
    width = 2 * MARGIN + widest * NODE_WIDTH + (widest - 1) * H_GAP
    for index, gen in enumerate(sorted(rows)):
        row = rows[gen]
        row_width = len(row) * NODE_WIDTH + (len(row) - 1) * H_GAP
        left = (width - row_width) // 2
        for position, node in enumerate(row):
            node.x = left + position * (NODE_WIDTH + H_GAP)
            node.y = TOP + index * (NODE_HEIGHT + V_GAP)
    by_id = {node.id: node for node in graph.nodes}
    for edge in graph.edges:
        a, b = by_id[edge.source], by_id[edge.target]
        if a.generation != b.generation:
            upper, lower = (a, b) if a.y < b.y else (b, a)
            x1, y1 = upper.x + NODE_WIDTH // 2, upper.y + NODE_HEIGHT
            x2, y2 = lower.x + NODE_WIDTH // 2, lower.y
            mid = (y1 + y2) // 2
            edge.path = f"M{x1},{y1} C{x1},{mid} {x2},{mid} {x2},{y2}"
        else:
            left_node, right_node = (a, b) if a.x < b.x else (b, a)
            x1, x2 = left_node.x + NODE_WIDTH // 2, right_node.x + NODE_WIDTH // 2
            y = a.y
            lift = min(V_GAP - 10, 20 + (x2 - x1) // 10)
            edge.path = f"M{x1},{y} C{x1},{y - lift} {x2},{y - lift} {x2},{y}"
    graph.width = width
    graph.height = TOP + MARGIN + len(rows) * NODE_HEIGHT + max(len(rows) - 1, 0) * V_GAP
    return graph
