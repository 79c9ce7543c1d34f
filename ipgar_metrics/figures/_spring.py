"""A force-directed layout of one component of the network graph.

Fruchterman and Reingold's spring model: every pair of persons pushes apart with
force k^2 / d, every link pulls its two persons together with force d^2 / k, and each
step moves every person along its net force by at most the current "temperature",
which falls linearly to nothing over the iterations. Started from seeded random
positions, then centred and scaled into [-1, 1]: the same positions, to the last bit,
as networkx's ``spring_layout`` with the same seed and parameters (its dense method,
which it uses below 500 persons; ``tests/oracle/test_spring_oracle.py``), so that the
report no longer imports networkx (0.15 s) for a picture. A component of 500 or more
persons is still laid out by networkx, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np

#: From this many persons networkx switches to its sparse method; so does this module.
DENSE_LIMIT: Final[int] = 500
#: The layout stops early once the mean step per person is below this.
_SETTLED: Final[float] = 1e-4
#: Persons nearer than this count as this near (no division by zero).
_NEAREST: Final[float] = 0.01


def spring_positions(
    members: Sequence[Any],
    pairs: Sequence[tuple[Any, Any]],
    *,
    seed: int,
    k: float,
    iterations: int,
) -> dict[Any, tuple[float, float]]:
    """Positions in [-1, 1]^2 of ``members`` (in this order), linked by ``pairs``."""
    if len(members) >= DENSE_LIMIT:  # networkx's sparse method, as before
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(members)
        graph.add_edges_from(pairs)
        layout = nx.spring_layout(graph, seed=seed, k=k, iterations=iterations)
        return {m: (float(layout[m][0]), float(layout[m][1])) for m in members}
    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    where = {member: i for i, member in enumerate(members)}
    n = len(members)
    linked = np.zeros((n, n))
    for a, b in pairs:
        linked[where[a], where[b]] = linked[where[b], where[a]] = 1.0
    pos = np.random.RandomState(seed).rand(n, 2)
    temperature = max(np.ptp(pos[:, 0]), np.ptp(pos[:, 1])) * 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        apart = pos[:, np.newaxis, :] - pos[np.newaxis, :, :]
        distance = np.linalg.norm(apart, axis=-1)
        np.clip(distance, _NEAREST, None, out=distance)
        force = k * k / distance**2 - linked * distance / k
        push = np.einsum("ijk,ij->ik", apart, force)
        length = np.clip(np.linalg.norm(push, axis=-1), _NEAREST, None)
        step = push * (temperature / length)[:, np.newaxis]
        pos += step
        temperature -= cooling
        if np.linalg.norm(step) / n < _SETTLED:
            break
    pos -= pos.mean(axis=0)
    widest = np.abs(pos).max()
    if widest > 0:
        pos *= 1 / widest
    return {
        member: (float(x), float(y))
        for member, (x, y) in zip(members, pos, strict=True)
    }
