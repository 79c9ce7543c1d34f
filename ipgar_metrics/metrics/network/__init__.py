"""The network approach: persons in the approach linked by relations and key locations.

``network_edges``, ``network_components`` and ``network_nodes`` describe the graph of
the persons in the approach at an as-of (issue 19): links, connected groups with
their case managers and coordination need, and each person's degree and whether his
exit would split his group. ``network_inflow`` compares new reports of linked and
unlinked persons; ``key_location_counts`` counts persons per key location per month.
Every function needs a store whose settings enable relations (a DPIA reference) and
that holds them. Modules: ``_graph`` (the gate, the nodes, the links, the graph),
``_undirected`` (components, articulation points, degrees), ``_components``,
``_inflow``; SQL in ``sql/network/``.
"""

from ipgar_metrics.metrics.network._components import (
    network_components,
    network_edges,
    network_nodes,
)
from ipgar_metrics.metrics.network._inflow import key_location_counts, network_inflow

__all__ = [
    "key_location_counts",
    "network_components",
    "network_edges",
    "network_inflow",
    "network_nodes",
]
