"""A layered left-to-right layout of a directly-follows graph (a small Sugiyama).

Pure Python, no system binary, deterministic. The steps:

1. **Cycles**: a depth-first search from the start node, heaviest edges first, marks
   the edges that close a cycle; they are laid out reversed (drawn backwards).
2. **Layers**: longest path from the start node on the acyclic graph; the end node
   alone in the last layer. Layers are doubled: real nodes sit in even ranks, every
   edge crosses at least one odd rank, where its label gets a slot of its own.
3. **Dummies**: an edge spanning several ranks becomes a chain of dummy nodes, one
   per rank; the middle one in an odd rank carries the edge's label.
4. **Order**: barycentre sweeps down and up (twelve), keeping the order with the
   fewest crossings (counted per pair of ranks by inversions).
5. **Coordinates**: every rank is a column as wide as its widest member; within a
   column, members are placed near the mean position of their neighbours with
   minimal gaps kept exactly (isotonic regression, pool-adjacent-violators), so no
   two boxes of a column overlap and columns never overlap by construction.

The layout computes no metric: it takes nodes with sizes and weighted edges and
returns boxes and polylines in pixels (y grows downward, as in SVG).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

#: Vertical gap between two boxes of a column, in pixels (real nodes, labels).
NODE_GAP: Final[float] = 22.0
#: Vertical gap between two dummies (edge lines) of a column.
LINE_GAP: Final[float] = 5.0
#: Horizontal gap between two columns.
COLUMN_GAP: Final[float] = 26.0
#: Margin around the drawing.
MARGIN: Final[float] = 24.0
_SWEEPS: Final[int] = 12
_PLACE_ROUNDS: Final[int] = 8


@dataclass(frozen=True)
class Box:
    """A node's box: centre ``x``, ``y`` and its ``width``, ``height`` in pixels."""

    x: float
    y: float
    width: float
    height: float

    @property
    def left(self) -> float:
        """The x of the box's left side."""
        return self.x - self.width / 2

    @property
    def top(self) -> float:
        """The y of the box's top side."""
        return self.y - self.height / 2

    def overlaps(self, other: Box) -> bool:
        """Whether the two boxes share any area (touching sides do not count)."""
        return (
            abs(self.x - other.x) * 2 < self.width + other.width
            and abs(self.y - other.y) * 2 < self.height + other.height
        )


@dataclass(frozen=True)
class Route:
    """How one edge is drawn: ``points`` from source to target, the label's centre."""

    source: str
    target: str
    points: tuple[tuple[float, float], ...]
    label_at: tuple[float, float]
    backward: bool


@dataclass(frozen=True)
class Drawing:
    """A laid-out graph: a box per node, a route per edge, the canvas size."""

    boxes: dict[str, Box]
    routes: list[Route]
    width: float
    height: float
    ranks: dict[str, int]


def layered_layout(
    sizes: Mapping[str, tuple[float, float]],
    edges: Sequence[tuple[str, str, float]],
    *,
    label_sizes: Sequence[tuple[float, float]] | None = None,
    first: str | None = None,
    last: str | None = None,
) -> Drawing:
    """Lay out ``edges`` (source, target, weight) between nodes of ``sizes`` (w, h).

    ``label_sizes`` gives each edge's label box (width, height), in edge order;
    ``first``/``last`` name a node to put alone in the first/last layer (the
    artificial start and end). Self-loops are not routed (draw them at the node).
    """
    names = list(sizes)
    index = {n: i for i, n in enumerate(names)}
    plain = [(s, t, w) for s, t, w in edges if s != t]
    if label_sizes is None:
        label_sizes = [(0.0, 0.0)] * len(edges)
    plain_labels = [
        ls for (s, t, _), ls in zip(edges, label_sizes, strict=True) if s != t
    ]
    flipped = _back_edges(names, plain, first)
    dag = [(t, s) if k in flipped else (s, t) for k, (s, t, _) in enumerate(plain)]
    rank = _ranks(names, dag, first, last)
    # the chain of every edge: real ends and dummies (ids past the real nodes)
    width = [sizes[n][0] for n in names]
    height = [sizes[n][1] for n in names]
    rank_of = [rank[n] for n in names]
    weight_of_link: dict[tuple[int, int], float] = {}
    chains: list[list[int]] = []
    label_node: list[int] = []
    for k, (u, v) in enumerate(dag):
        ru, rv = rank[u], rank[v]
        middle = (ru + rv) // 2
        if middle % 2 == 0:
            middle -= 1  # an odd rank: a label column
        chain = [index[u]]
        for r in range(ru + 1, rv):
            is_label = r == middle
            lw, lh = plain_labels[k] if is_label else (0.0, 0.0)
            width.append(lw)
            height.append(max(lh, 2.0))
            rank_of.append(r)
            if is_label:
                label_node.append(len(width) - 1)
            chain.append(len(width) - 1)
        chain.append(index[v])
        chains.append(chain)
        for a, b in itertools.pairwise(chain):
            weight_of_link[(a, b)] = weight_of_link.get((a, b), 0.0) + 1.0
    n_items = len(width)
    top_rank = max(rank_of, default=0)
    layers: list[list[int]] = [[] for _ in range(top_rank + 1)]
    for item in _initial_order(n_items, chains, len(names)):
        layers[rank_of[item]].append(item)
    up: list[list[int]] = [[] for _ in range(n_items)]
    down: list[list[int]] = [[] for _ in range(n_items)]
    for a, b in weight_of_link:
        down[a].append(b)
        up[b].append(a)
    layers = _reduce_crossings(layers, up, down)
    is_dummy = [i >= len(names) for i in range(n_items)]
    ys = _place(layers, up, down, height, is_dummy)
    col_left: list[float] = []
    x = MARGIN
    for layer in layers:
        col_left.append(x)
        x += max((width[i] for i in layer), default=0.0) + COLUMN_GAP
    col_width = [max((width[i] for i in layer), default=0.0) for layer in layers]
    xs = [col_left[rank_of[i]] + col_width[rank_of[i]] / 2 for i in range(n_items)]
    low = min((ys[i] - height[i] / 2 for i in range(n_items)), default=0.0)
    shift = MARGIN - low
    ys = [y + shift for y in ys]
    boxes = {n: Box(xs[i], ys[i], width[i], height[i]) for i, n in enumerate(names)}
    routes = []
    labelled = set(label_node)
    for k, chain in enumerate(chains):
        pts = [(xs[chain[0]] + width[chain[0]] / 2, ys[chain[0]])]
        pts += [(xs[i], ys[i]) for i in chain[1:-1]]
        pts.append((xs[chain[-1]] - width[chain[-1]] / 2, ys[chain[-1]]))
        label = next(i for i in chain[1:-1] if i in labelled)
        s, t, _ = plain[k]
        if k in flipped:
            pts.reverse()
        routes.append(Route(s, t, tuple(pts), (xs[label], ys[label]), k in flipped))
    high = max((ys[i] + height[i] / 2 for i in range(n_items)), default=0.0)
    return Drawing(
        boxes=boxes,
        routes=routes,
        width=max(x - COLUMN_GAP + MARGIN, 2 * MARGIN),
        height=high + MARGIN,
        ranks=dict(rank),
    )


def _back_edges(
    names: list[str], edges: list[tuple[str, str, float]], first: str | None
) -> set[int]:
    """Edges (by position) that close a cycle in a heaviest-first depth-first search."""
    out: dict[str, list[tuple[float, int, str]]] = {n: [] for n in names}
    inflow: dict[str, float] = dict.fromkeys(names, 0.0)
    for k, (s, t, w) in enumerate(edges):
        out[s].append((-w, k, t))
        inflow[t] += w
    for n in out:
        out[n].sort()
    roots = ([first] if first in out else []) + sorted(
        names, key=lambda n: (inflow[n] > 0, -sum(-w for w, _, _ in out[n]), n)
    )
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    back: set[int] = set()
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(out[root]))]
        while stack:
            node, todo = stack[-1]
            for _, k, t in todo:
                if state.get(t) == 1:
                    back.add(k)
                elif t not in state:
                    state[t] = 1
                    stack.append((t, iter(out[t])))
                    break
            else:
                state[node] = 2
                stack.pop()
    return back


def _ranks(
    names: list[str],
    dag: list[tuple[str, str]],
    first: str | None,
    last: str | None,
) -> dict[str, int]:
    """Longest-path layers (doubled: real nodes in even ranks); ``last`` alone last."""
    preds: dict[str, list[str]] = {n: [] for n in names}
    succs: dict[str, list[str]] = {n: [] for n in names}
    for s, t in dag:
        preds[t].append(s)
        succs[s].append(t)
    pending = {n: len(preds[n]) for n in names}
    queue = sorted(n for n in names if pending[n] == 0)
    layer: dict[str, int] = {}
    while queue:
        n = queue.pop(0)
        if n == first:
            layer[n] = 0
        else:
            floor = 0 if first is None else 1  # after the start node, if any
            layer[n] = max((layer[p] + 1 for p in preds[n]), default=floor)
        for t in succs[n]:
            pending[t] -= 1
            if pending[t] == 0:
                queue.append(t)
    if last in layer:
        others = [v for k, v in layer.items() if k != last]
        layer[last] = max(others, default=0) + 1
    return {n: 2 * v for n, v in layer.items()}


def _initial_order(n_items: int, chains: list[list[int]], n_real: int) -> list[int]:
    """Items in first-seen order along the chains (real nodes by their index first)."""
    seen: dict[int, None] = dict.fromkeys(range(n_real))
    for chain in chains:
        for item in chain:
            seen.setdefault(item, None)
    return [i for i in seen if i < n_items]


def _crossings(upper: list[int], lower: list[int], down: list[list[int]]) -> int:
    """Crossings between two adjacent ranks: inversions of the link ends."""
    pos = {v: i for i, v in enumerate(lower)}
    ends = sorted((i, pos[b]) for i, a in enumerate(upper) for b in down[a] if b in pos)
    seen: list[int] = []
    count = 0
    for _, b in ends:
        count += len(seen) - bisect.bisect_right(seen, b)
        bisect.insort(seen, b)
    return count


def _total_crossings(layers: list[list[int]], down: list[list[int]]) -> int:
    return sum(_crossings(a, b, down) for a, b in itertools.pairwise(layers))


def _reduce_crossings(
    layers: list[list[int]], up: list[list[int]], down: list[list[int]]
) -> list[list[int]]:
    """Barycentre sweeps; the order with the fewest crossings seen is returned."""
    best = [list(layer) for layer in layers]
    best_count = _total_crossings(best, down)
    current = [list(layer) for layer in layers]
    for sweep in range(_SWEEPS):
        downward = sweep % 2 == 0
        order = range(1, len(current)) if downward else range(len(current) - 2, -1, -1)
        for r in order:
            ref = current[r - 1] if downward else current[r + 1]
            pos = {v: i for i, v in enumerate(ref)}
            links = up if downward else down
            key: dict[int, float] = {}
            for i, v in enumerate(current[r]):
                near = [pos[u] for u in links[v] if u in pos]
                key[v] = sum(near) / len(near) if near else float(i)
            current[r] = sorted(current[r], key=lambda v: key[v])
        count = _total_crossings(current, down)
        if count < best_count:
            best, best_count = [list(layer) for layer in current], count
    return best


def _place(
    layers: list[list[int]],
    up: list[list[int]],
    down: list[list[int]],
    height: list[float],
    is_dummy: list[bool],
) -> list[float]:
    """Vertical centres: near the neighbours' mean, the column order and gaps kept."""
    ys = [0.0] * len(height)
    for layer in layers:
        for v, y in zip(layer, _stack(layer, height, is_dummy), strict=True):
            ys[v] = y
    for rnd in range(_PLACE_ROUNDS):
        downward = rnd % 2 == 0
        order = layers if downward else layers[::-1]
        for layer in order:
            wanted, weights = [], []
            for v in layer:
                near = (up[v] if downward else down[v]) or (up[v] + down[v])
                if rnd == _PLACE_ROUNDS - 1:
                    near = up[v] + down[v]
                wanted.append(sum(ys[u] for u in near) / len(near) if near else ys[v])
                weights.append(2.0 if is_dummy[v] else 1.0)
            placed = _isotonic_place(layer, wanted, weights, height, is_dummy)
            for v, y in zip(layer, placed, strict=True):
                ys[v] = y
    return ys


def _gap(a: int, b: int, height: list[float], is_dummy: list[bool]) -> float:
    lines = is_dummy[a] and is_dummy[b] and height[a] <= 2.0 and height[b] <= 2.0
    return (height[a] + height[b]) / 2 + (LINE_GAP if lines else NODE_GAP)


def _stack(layer: list[int], height: list[float], is_dummy: list[bool]) -> list[float]:
    if not layer:
        return []
    ys = [0.0]
    for a, b in itertools.pairwise(layer):
        ys.append(ys[-1] + _gap(a, b, height, is_dummy))
    mid = (ys[0] + ys[-1]) / 2 if ys else 0.0
    return [y - mid for y in ys]


def _isotonic_place(
    layer: list[int],
    wanted: list[float],
    weights: list[float],
    height: list[float],
    is_dummy: list[bool],
) -> list[float]:
    """Positions closest (weighted squares) to ``wanted`` with the minimal gaps kept.

    With offsets o_i (the cumulative minimal gaps), q_i = y_i - o_i must not
    decrease: an isotonic regression of wanted_i - o_i, solved by pooling adjacent
    violators.
    """
    offsets = [0.0]
    for a, b in itertools.pairwise(layer):
        offsets.append(offsets[-1] + _gap(a, b, height, is_dummy))
    blocks: list[list[float]] = []  # [weighted sum, weight, count]
    for want, off, w in zip(wanted, offsets, weights, strict=True):
        blocks.append([w * (want - off), w, 1.0])
        while len(blocks) > 1 and (
            blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]
        ):
            s, ww, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += ww
            blocks[-1][2] += c
    qs: list[float] = []
    for s, ww, c in blocks:
        qs.extend([s / ww] * int(c))
    return [q + off for q, off in zip(qs, offsets, strict=True)]
