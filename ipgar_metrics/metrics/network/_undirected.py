"""Connected components, articulation points and degrees of an undirected graph.

The network approach needs three things of the links between persons: which persons
are connected (a component), who holds a component together (an articulation point:
removing that person splits it) and how many others each person is linked to. They
were networkx's; importing networkx took 0.15 s of every report, for a graph of a few
hundred links. ``tests/oracle/test_undirected_oracle.py`` compares each with
networkx on random graphs.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

Node = TypeVar("Node", bound=Hashable)


def neighbours(pairs: Iterable[tuple[Node, Node]]) -> dict[Node, set[Node]]:
    """Each node's distinct neighbours, nodes in order of first appearance.

    A pair given twice (two relations between the same persons) is one link; a pair
    of a node with itself is not a link.
    """
    out: dict[Node, set[Node]] = {}
    for a, b in pairs:
        out.setdefault(a, set())
        out.setdefault(b, set())
        if a != b:
            out[a].add(b)
            out[b].add(a)
    return out


def components(graph: dict[Node, set[Node]]) -> list[list[Node]]:
    """The connected components, each a list of its nodes (in no particular order)."""
    seen: set[Node] = set()
    out: list[list[Node]] = []
    for start in graph:
        if start in seen:
            continue
        seen.add(start)
        part, frontier = [start], [start]
        while frontier:
            node = frontier.pop()
            for other in graph[node]:
                if other not in seen:
                    seen.add(other)
                    part.append(other)
                    frontier.append(other)
        out.append(part)
    return out


def articulation_points(graph: dict[Node, set[Node]]) -> set[Node]:
    """The nodes whose removal leaves their component in two or more parts.

    Depth-first search, numbering the nodes in the order they are reached; ``low`` is
    the smallest number a node's subtree reaches by one link back. A node other than
    the root of its search is a cut node when some child's subtree reaches no higher
    than the node itself; the root is one when it has two or more children. The
    search keeps its own stack, so a long chain of persons cannot exhaust Python's.
    """
    number: dict[Node, int] = {}
    low: dict[Node, int] = {}
    cut: set[Node] = set()
    for root in graph:
        if root in number:
            continue
        number[root] = low[root] = len(number)
        root_children = 0
        stack = [(root, root, iter(graph[root]))]
        while stack:
            node, parent, rest = stack[-1]
            for other in rest:
                if other == parent:
                    continue
                if other in number:
                    low[node] = min(low[node], number[other])
                else:
                    number[other] = low[other] = len(number)
                    stack.append((other, node, iter(graph[other])))
                    break
            else:
                stack.pop()
                if node == root:
                    continue
                low[parent] = min(low[parent], low[node])
                if parent == root:
                    root_children += 1
                elif low[node] >= number[parent]:
                    cut.add(parent)
        if root_children > 1:
            cut.add(root)
    return cut
