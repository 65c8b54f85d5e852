"""Who is connected to whom: actors linked to the events and agreements they took part in.

The layout is deterministic so the same data always gives the same picture:
actors in a left column in name order, events and agreements in a right column
in date order, and one edge per participation, labelled with the role. Every
row has its own height, so labels never overlap however many nodes there are;
filters (period, tag, one actor's neighbourhood) keep large graphs short.
A graph holds at most ``MAX_LINKS`` links, the earliest first, and says how
many there are in all.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.db.models.functions import Coalesce

from kb.models import Participation

ROW_HEIGHT = 28
COLUMN_GAP = 480
LEFT_MARGIN = 16
TOP_MARGIN = 24
NODE_WIDTH = 260
MAX_LABEL = 34
NODE_HEIGHT = 22
# Above this a drawing is a tangle; the page asks for a filter and keeps the table.
MAX_DRAWN_NODES = 150
MAX_LINKS = 500
LABEL_HEIGHT = 12
LABEL_CHAR_WIDTH = 6
LABEL_POSITIONS = (0.5, 0.38, 0.62, 0.26, 0.74, 0.15, 0.85, 0.44, 0.56, 0.32, 0.68, 0.2, 0.8)


@dataclass
class Node:
    entry: object
    x: int = 0
    y: int = 0
    focus: bool = False

    @property
    def label(self):
        name = self.entry.name
        return name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"

    @property
    def kind(self):
        return self.entry._meta.model_name

    @property
    def took_place(self):
        return getattr(self.entry, "took_place", True)

    @property
    def box_y(self):
        return self.y - NODE_HEIGHT // 2

    @property
    def text_x(self):
        return self.x + 8

    @property
    def text_y(self):
        return self.y + 5


@dataclass
class Edge:
    actor: Node
    target: Node
    role: str
    note: str
    label_x: int = 0
    label_y: int = 0

    @property
    def x1(self):
        return self.actor.x + NODE_WIDTH

    @property
    def x2(self):
        return self.target.x

    @property
    def label(self):
        if self.target.took_place:
            return self.role
        return f"{self.role} ({self.target.entry.get_status_display().lower()})"

    def point_at(self, share):
        """The point ``share`` of the way along the line from the actor to the target."""
        return (
            round(self.x1 + (self.x2 - self.x1) * share),
            round(self.actor.y + (self.target.y - self.actor.y) * share),
        )


@dataclass
class Graph:
    actors: list = field(default_factory=list)
    targets: list = field(default_factory=list)
    edges: list = field(default_factory=list)
    total_links: int = 0

    @property
    def nodes(self):
        return self.actors + self.targets

    node_width = NODE_WIDTH
    node_height = NODE_HEIGHT

    @property
    def width(self):
        return LEFT_MARGIN * 2 + NODE_WIDTH * 2 + COLUMN_GAP

    @property
    def height(self):
        return TOP_MARGIN * 2 + ROW_HEIGHT * max(len(self.actors), len(self.targets), 1)

    @property
    def is_empty(self):
        return not self.edges

    @property
    def too_large_to_draw(self):
        return len(self.nodes) > MAX_DRAWN_NODES

    @property
    def is_cut_short(self):
        return self.total_links > len(self.edges)


def participations_for(period=None, tags=(), actor=None, entry=None):
    """Public participations narrowed by period, tags (all of them) and one entry's neighbourhood.

    An actor's neighbourhood is everything they took part in, with everyone
    else there; an event's or agreement's is everyone in it, with all else
    those actors took part in.
    """
    participations = Participation.objects.as_shown()
    if period is not None:
        participations = participations.filter(Q(event__period=period) | Q(agreement__period=period))
    for tag in tags:
        participations = participations.filter(Q(event__tags=tag) | Q(agreement__tags=tag))
    if actor is not None:
        shared = Participation.objects.filter(actor=actor)
        participations = participations.filter(
            Q(event__in=shared.values("event")) | Q(agreement__in=shared.values("agreement"))
        )
    if entry is not None:
        involved = Participation.objects.filter(**{entry._meta.model_name: entry}).values("actor")
        participations = participations.filter(actor__in=involved)
    return participations.distinct()


def build_graph(participations, focus=None):
    actors, targets, edges = {}, {}, []
    earliest_first = participations.order_by(
        Coalesce("event__date_start", "agreement__date_start").asc(nulls_last=True),
        F("event__name").asc(nulls_last=True),
        "agreement__name",
        "pk",
    )
    for participation in earliest_first[:MAX_LINKS]:
        actor = actors.setdefault(participation.actor.pk, Node(participation.actor))
        entry = participation.target
        target = targets.setdefault((entry._meta.model_name, entry.pk), Node(entry))
        edges.append(Edge(actor, target, participation.get_role_display(), participation.note))
    graph = Graph(
        actors=sorted(actors.values(), key=lambda node: (node.entry.name.lower(), node.entry.pk)),
        targets=sorted(targets.values(), key=_chronological),
        edges=edges,
        total_links=participations.count(),
    )
    _place(graph.actors, x=LEFT_MARGIN)
    _place(graph.targets, x=LEFT_MARGIN + NODE_WIDTH + COLUMN_GAP)
    for node in graph.nodes:
        node.focus = node.entry == focus
    graph.edges.sort(key=lambda edge: (edge.actor.y, edge.target.y, edge.role))
    if not graph.too_large_to_draw:
        _place_labels(graph.edges)
    return graph


def _chronological(node):
    entry = node.entry
    return (
        entry.date_start is None,
        entry.date_start or datetime.date.min,
        entry.name.lower(),
        node.kind,
        entry.pk,
    )


def _place(nodes, x):
    for row, node in enumerate(nodes):
        node.x = x
        node.y = TOP_MARGIN + ROW_HEIGHT * row + ROW_HEIGHT // 2


def _place_labels(edges):
    """Put each role label at the first point along its line where it overlaps no label placed before."""
    placed = []
    for edge in edges:
        width = LABEL_CHAR_WIDTH * len(edge.label) + 6
        for share in LABEL_POSITIONS:
            x, y = edge.point_at(share)
            box = (x - width / 2, y - LABEL_HEIGHT, x + width / 2, y)
            if not any(_overlap(box, other) for other in placed):
                break
        else:
            x, y = edge.point_at(0.5)
            box = (x - width / 2, y - LABEL_HEIGHT, x + width / 2, y)
        placed.append(box)
        edge.label_x, edge.label_y = x, y - 2


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
