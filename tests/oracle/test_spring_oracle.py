"""``figures._spring`` lays a component out exactly as networkx's spring layout.

The report's network graph used ``networkx.spring_layout`` (seeded, dense method
below 500 persons); ``spring_positions`` computes the same model without importing
networkx, and must give the same positions to the last bit, so that the figure did
not change.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from ipgar_metrics.figures._spring import DENSE_LIMIT, spring_positions

RNG = np.random.default_rng(20261207)


def _components() -> list[tuple[list[str], list[tuple[str, str]]]]:
    out = [(["solo"], []), (["a", "b"], [("a", "b")])]
    for _ in range(40):
        n = int(RNG.integers(3, 40))
        members = [f"p{i:03d}" for i in range(n)]
        tree = [(members[int(RNG.integers(0, i))], members[i]) for i in range(1, n)]
        extra = [
            tuple(sorted((members[int(x)], members[int(y)])))
            for x, y in RNG.integers(0, n, size=(int(RNG.integers(0, n)), 2))
            if x != y
        ]
        out.append((members, sorted(set(tree) | set(extra))))
    return out


@pytest.mark.parametrize("component", _components())
@pytest.mark.parametrize("seed", [19, 3])
def test_the_positions_of_networkx(component, seed):
    members, pairs = component
    k = 2.0 / math.sqrt(len(members))
    graph = nx.Graph()
    graph.add_nodes_from(members)
    graph.add_edges_from(pairs)
    want = nx.spring_layout(graph, seed=seed, k=k, iterations=200)
    got = spring_positions(members, pairs, seed=seed, k=k, iterations=200)
    assert list(got) == members
    for member in members:
        assert got[member] == (float(want[member][0]), float(want[member][1]))


def test_large_components_are_left_to_networkx():
    members = [f"p{i:04d}" for i in range(DENSE_LIMIT)]
    pairs = [(members[i], members[i + 1]) for i in range(DENSE_LIMIT - 1)]
    got = spring_positions(members, pairs, seed=19, k=0.1, iterations=5)
    graph = nx.Graph()
    graph.add_nodes_from(members)
    graph.add_edges_from(pairs)
    want = nx.spring_layout(graph, seed=19, k=0.1, iterations=5)
    assert got == {m: (float(want[m][0]), float(want[m][1])) for m in members}


def test_positions_fill_the_unit_square():
    members = [f"p{i}" for i in range(12)]
    pairs = [(members[i], members[(i + 1) % 12]) for i in range(12)]
    got = np.array(
        list(spring_positions(members, pairs, seed=19, k=0.5, iterations=200).values())
    )
    assert np.abs(got).max() == pytest.approx(1.0)
    assert np.allclose(got.mean(axis=0), 0.0, atol=1e-12)
