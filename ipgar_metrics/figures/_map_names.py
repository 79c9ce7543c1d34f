"""Where a node's name goes on the plotly process map: the side with the least ink.

A name can sit above, below, right or left of its node. Each side's box (estimated
from the letters and lines of the name, ``_fit.LETTER_WIDTH``) is scored by what it
would cover: the drawn edges (a line by its width, an arrowhead twenty times as
much), the nodes, the other names, and the colour bar beside the plot. The name takes the
side that covers least; of equal sides, its layer's default (above on even layers,
below on odd ones, so neighbouring layers' names do not share a line), then the
other one, then right and left. All in pixels of the plot area: the caller turns
its data coordinates into pixels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from ipgar_metrics.figures._fit import LETTER_WIDTH

#: The sides a name may take, in the order of preference after its layer's default.
PLACES: Final[tuple[str, ...]] = ("above", "below", "right", "left")
#: Pixels between a node's centre and its name (a marker is 16 px across).
GAP: Final[float] = 10.0
#: Half a node's marker, with its outline, in pixels.
_NODE_HALF: Final[float] = 10.0
#: The length of an arrowhead along its line, in pixels, beyond its line's width.
_HEAD: Final[float] = 10.0
#: Weight of covered area of a node, and of a name placed before, against a line's ink
#: (a name over another is never read: all but forbidden).
_NODE_COVER: Final[float] = 50.0
_NAME_COVER: Final[float] = 2000.0
#: Weight of an arrowhead's covered length times its width: a head under a name
#: hides which way the step runs, however thin its line.
_HEAD_COVER: Final[float] = 20.0
#: Pixels between the plot's right edge and the colour bar.
_BAR_GAP: Final[float] = 8.0
#: Weight of a name's area beyond the plot's right edge (the colour bar) and left edge.
_RIGHT_EDGE: Final[float] = 20.0
_LEFT_EDGE: Final[float] = 1.0
#: Rounds of placing every name again against all the others, at most.
_ROUNDS: Final[int] = 5
#: A small cost per place in ``PLACES`` order, so that ties keep the layer's default.
_PREFERENCE: Final[float] = 1.0

Box = tuple[float, float, float, float]  # left, bottom, right, top (pixels)


@dataclass(frozen=True)
class Stroke:
    """A drawn piece of an edge in pixels: a line of ``width``, a head at its end."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    head: bool


def name_box(x: float, y: float, text: str, place: str, font_size: float) -> Box:
    """The box of a name (lines split by ``<br>``) on ``place`` of a node at (x, y)."""
    lines = text.split("<br>")
    w = LETTER_WIDTH * font_size * max(len(line) for line in lines)
    h = 1.25 * font_size * len(lines)
    if place == "above":
        return (x - w / 2, y + GAP, x + w / 2, y + GAP + h)
    if place == "below":
        return (x - w / 2, y - GAP - h, x + w / 2, y - GAP)
    if place == "right":
        return (x + GAP, y - h / 2, x + GAP + w, y + h / 2)
    return (x - GAP - w, y - h / 2, x - GAP, y + h / 2)


def name_places(
    nodes: Mapping[str, tuple[float, float]],
    texts: Mapping[str, str],
    defaults: Mapping[str, str],
    strokes: Sequence[Stroke],
    *,
    plot_width: float,
    font_size: float,
) -> dict[str, str]:
    """The place of each node's name (one of ``PLACES``), nodes in pixels.

    ``defaults`` gives each node's preferred side ("above" or "below"). Names are
    placed node by node from left to right, top to bottom, each avoiding the names
    placed before it; then each is placed again against all the others, until none
    moves (at most ``_ROUNDS`` times): on a crowded map the first names otherwise
    take the room the later ones needed.
    """
    solid = [
        (x - _NODE_HALF, y - _NODE_HALF, x + _NODE_HALF, y + _NODE_HALF)
        for x, y in nodes.values()
    ]
    # each side's cost without the other names: its ink, the nodes, the plot's edges
    fixed: dict[str, list[tuple[float, str, Box]]] = {}
    for node, (x, y) in nodes.items():
        order = [defaults[node], *(p for p in PLACES if p != defaults[node])]
        fixed[node] = []
        for rank, place in enumerate(order):
            box = name_box(x, y, texts[node], place, font_size)
            left, bottom, right, top = box
            cost = rank * _PREFERENCE + sum(_ink(box, s) for s in strokes)
            cost += _NODE_COVER * sum(_overlap(box, b) for b in solid)
            beyond = max(0.0, right - plot_width - _BAR_GAP)
            cost += _RIGHT_EDGE * beyond * (top - bottom)
            cost += _LEFT_EDGE * max(0.0, -left) * (top - bottom)
            fixed[node].append((cost, place, box))
    chosen: dict[str, tuple[str, Box]] = {}

    def best(node: str) -> tuple[str, Box]:
        others = [box for other, (_, box) in chosen.items() if other != node]
        _, place, box = min(
            fixed[node],
            key=lambda c: c[0] + _NAME_COVER * sum(_overlap(c[2], b) for b in others),
        )
        return place, box

    in_order = sorted(nodes, key=lambda n: (nodes[n][0], -nodes[n][1]))
    for node in in_order:
        chosen[node] = best(node)
    for _ in range(_ROUNDS):
        moved = False
        for node in in_order:
            again = best(node)
            moved |= again[0] != chosen[node][0]
            chosen[node] = again
        if not moved:
            break
    return {node: place for node, (place, _) in chosen.items()}


def _ink(box: Box, stroke: Stroke) -> float:
    """The ink of ``stroke`` inside ``box``: covered length times width, a head more."""
    inside = _clipped_length(box, stroke.x0, stroke.y0, stroke.x1, stroke.y1)
    ink = inside * (stroke.width + 2.0)
    if stroke.head:
        length = ((stroke.x1 - stroke.x0) ** 2 + (stroke.y1 - stroke.y0) ** 2) ** 0.5
        if length > 0:
            part = min(1.0, (_HEAD + stroke.width) / length)
            hx = stroke.x1 - part * (stroke.x1 - stroke.x0)
            hy = stroke.y1 - part * (stroke.y1 - stroke.y0)
            head = _clipped_length(box, hx, hy, stroke.x1, stroke.y1)
            ink += _HEAD_COVER * head * (stroke.width + 4.0)
    return ink


def _clipped_length(box: Box, x0: float, y0: float, x1: float, y1: float) -> float:
    """The length of the segment (x0, y0)-(x1, y1) inside ``box`` (Liang-Barsky)."""
    left, bottom, right, top = box
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for p, q in (
        (-dx, x0 - left),
        (dx, right - x0),
        (-dy, y0 - bottom),
        (dy, top - y0),
    ):
        if p == 0:
            if q < 0:
                return 0.0
            continue
        t = q / p
        if p < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo >= hi:
            return 0.0
    return (hi - lo) * (dx * dx + dy * dy) ** 0.5


def _overlap(a: Box, b: Box) -> float:
    """The area two boxes share."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0
