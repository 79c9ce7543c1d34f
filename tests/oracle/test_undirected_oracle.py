"""``metrics.network._undirected`` finds what networkx finds, on random graphs.

Components, articulation points and degrees of random sparse graphs (chains, trees
with extra links, pairs given twice, isolated pairs), compared with networkx, which
the report used before (``docs/scaling.md``).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from ipgar_metrics.metrics.network import _undirected as und

RNG = np.random.default_rng(20261206)


def _random_pairs() -> list[list[tuple[str, str]]]:
    out = []
    for _ in range(200):
        n = int(RNG.integers(2, 60))
        links = int(RNG.integers(1, 2 * n))
        a = RNG.integers(0, n, links)
        b = RNG.integers(0, n, links)
        pairs = [
            (f"p{x:03d}", f"p{y:03d}") for x, y in zip(a, b, strict=True) if x != y
        ]
        pairs += pairs[: len(pairs) // 5]  # some pairs twice: two relations
        out.append(pairs or [("p000", "p001")])
    chain = [(f"c{i:04d}", f"c{i + 1:04d}") for i in range(3000)]  # deep search
    out.append(chain)
    out.append([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("x", "y")])
    return out


@pytest.mark.parametrize("pairs", _random_pairs())
def test_as_networkx(pairs):
    graph = und.neighbours(pairs)
    reference = nx.Graph()
    reference.add_edges_from(pairs)
    ours = sorted(sorted(part) for part in und.components(graph))
    theirs = sorted(sorted(part) for part in nx.connected_components(reference))
    assert ours == theirs
    assert und.articulation_points(graph) == set(nx.articulation_points(reference))
    assert {node: len(others) for node, others in graph.items()} == dict(
        reference.degree()
    )


def test_by_hand():
    # a triangle a-b-c with a tail c-d, and a separate pair: c holds d to the rest
    graph = und.neighbours([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("x", "y")])
    assert sorted(sorted(p) for p in und.components(graph)) == [
        ["a", "b", "c", "d"],
        ["x", "y"],
    ]
    assert und.articulation_points(graph) == {"c"}
    # a star: only the centre; a pair given twice and a self-pair add no link
    star = und.neighbours([("m", "1"), ("m", "2"), ("m", "3"), ("m", "1"), ("3", "3")])
    assert und.articulation_points(star) == {"m"}
    assert len(star["m"]) == 3 and star["3"] == {"m"}
