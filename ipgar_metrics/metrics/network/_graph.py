"""The shared steps of the network metrics: the gate, the nodes, the links, the graph.

Every network function runs the same steps at one as-of: refuse a store without
relations (``require_relations``), read the persons in the approach with their
current case manager (``sql/network/nodes.sql``) and the active links
(``sql/network/links.sql``), then find the connected components and articulation
points of the small graph of nodes (``network_at``, with ``_undirected``). The heavy
work (dates, periods, managers) is SQL; the graph sees only edge pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import duckdb
import pandas as pd

from ipgar_metrics import config, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics.network._undirected import (
    articulation_points,
    components,
    neighbours,
)

#: The one-line refusal of a network metric on a store without relations.
NO_RELATIONS: Final[str] = (
    "{what}: the store holds no relations between persons; enable them with "
    "ipgar config --db DB --enable relations --dpia REFERENCE, then load them with "
    "ipgar load --db DB --relations FILE [--locations FILE]."
)


@dataclass(frozen=True)
class Network:
    """The graph of the persons in the approach at one as-of (``network_at``).

    ``nodes``: case_id, case_manager, org, component (0: in no component of two or
    more), degree, articulation_point. ``edges``: case_a, case_b, relation, since
    (links between two nodes). ``outside``: case_id (a node), other (a known person
    not in the approach) for every active link between them.
    """

    as_of: pd.Timestamp
    nodes: pd.DataFrame
    edges: pd.DataFrame
    outside: pd.DataFrame


def require_relations(con: duckdb.DuckDBPyConnection, what: str) -> tuple[int, int]:
    """Refuse (``ConfigError``, one line) unless relations are enabled and loaded.

    Returns the number of stored relations and of key-location periods.
    """
    row = store.sql_frame(con, "network/state").iloc[0]
    relations, locations = int(row["relations"]), int(row["key_locations"])
    if not row["enabled"] or (relations == 0 and locations == 0):
        raise ConfigError(NO_RELATIONS.format(what=what))
    return relations, locations


def local_day(ts: pd.Timestamp) -> Any:
    """The local calendar date of an aware timestamp (the day relations are read on)."""
    return ts.tz_convert(config.TIMEZONE).date()


def network_at(con: duckdb.DuckDBPyConnection, ts: pd.Timestamp) -> Network:
    """The nodes, edges and outside links at ``ts``, with components numbered.

    Components of two or more persons are numbered 1, 2, ... by size, largest first;
    equal sizes by their smallest pseudonym. ``degree`` is the number of distinct
    neighbours in the approach; an articulation point is a node whose removal splits
    its component (``_undirected.articulation_points``).
    """
    nodes = store.sql_frame(con, "network/nodes", as_of=ts)
    links = store.sql_frame(con, "network/links", as_of=ts, day=local_day(ts))
    links["since"] = pd.to_datetime(links["since"]).dt.date
    both = links["a_in_approach"].astype(bool) & links["b_in_approach"].astype(bool)
    edges = links.loc[both, ["case_a", "case_b", "relation", "since"]]
    edges = edges.reset_index(drop=True)
    one = links.loc[~both]
    a_in = one["a_in_approach"].astype(bool)
    outside = pd.DataFrame(
        {
            "case_id": one["case_a"].where(a_in, one["case_b"]),
            "other": one["case_b"].where(a_in, one["case_a"]),
        }
    ).reset_index(drop=True)
    graph = neighbours(zip(edges["case_a"], edges["case_b"], strict=True))
    parts = sorted(
        (sorted(part) for part in components(graph)),
        key=lambda part: (-len(part), part[0]),
    )
    number = {case: i for i, part in enumerate(parts, start=1) for case in part}
    cut = articulation_points(graph)
    degree = {case: len(others) for case, others in graph.items()}
    nodes["component"] = nodes["case_id"].map(number).fillna(0).astype("int64")
    nodes["degree"] = nodes["case_id"].map(degree).fillna(0).astype("int64")
    nodes["articulation_point"] = nodes["case_id"].isin(cut)
    return Network(as_of=ts, nodes=nodes, edges=edges, outside=outside)


def prepare(
    con: duckdb.DuckDBPyConnection, as_of: Any, what: str
) -> tuple[pd.Timestamp, Network]:
    """Resolve ``as_of``, pass the gate and build the network (every function's start)."""
    ts = status.as_timestamp(con, as_of)
    require_relations(con, what)
    return ts, network_at(con, ts)
