"""The network at an as-of: its links, its components and its persons.

The plan of approach asks for two uses of the network approach: cooperation between
the case managers of persons in one network, and reducing the influence of one person
on his network (issue 19). ``network_edges`` lists the active links between persons
in the approach, ``network_components`` the connected groups of two or more with
their case managers, organisations, links to known persons outside the approach and
when their managers last met (the coordination need), ``network_nodes`` each person
of a group with degree and whether his exit would split it. Definitions:
``docs/metrics/network.md``.
"""

from __future__ import annotations

from typing import Any, Final

import duckdb
import pandas as pd

from ipgar_metrics import config, store
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics._episodes import require_as_of
from ipgar_metrics.metrics.network._graph import Network, local_day, prepare

OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "network_edges": {
        "case_a": "str: pseudonym of one person in the approach (case_a < case_b)",
        "case_b": "str: pseudonym of the other person in the approach",
        "relation": "str: familie, vriend, online, sleutellocatie or overig",
        "since": "date: start of the active link (a shared location: the later arrival)",
    },
    "network_components": {
        "component": "int: 1 = largest; equal sizes by the smallest pseudonym",
        "cases": "int: persons in the approach in the component (2 or more)",
        "case_managers": "int: distinct current case managers of those persons",
        "organisations": "int: distinct organisations of those case managers",
        "linked_outside": "int: known persons not in the approach (reported, refused, exited) with an active link to a person of the component",
        "managers_met_days": "Int64: days from last_met to the as-of's local date; <NA> when never or one manager",
        "coordination_needed": "bool: two or more case managers",
        "last_met": "date: last day <= as_of on which two or more of the current case managers met (netwerkoverleg or a shared ITAT-R agenda day); None: never",
    },
    "network_nodes": {
        "case_id": "str: pseudonym of a person in a component",
        "component": "int: the component's number (network_components)",
        "degree": "int: distinct persons in the approach linked to the person",
        "articulation_point": "bool: the person's exit would split the component",
        "case_manager": "str: pseudonym of the current case manager (None: none)",
        "org": "str: the case manager's organisation (None: none)",
    },
}


def network_edges(con: duckdb.DuckDBPyConnection, *, as_of: Any) -> pd.DataFrame:
    """Active links between two persons in the approach at ``as_of``.

    A relation counts when it started on or before the as-of's local date and has no
    end date or one after it; two persons whose periods at one key location both
    contain that date are linked as ``sleutellocatie``. Only persons in the approach
    at ``as_of`` take part (``network_components`` counts the others).

    Returns
    -------
    One row per (case_a, case_b, relation): ``OUTPUT_COLUMNS["network_edges"]``.
    """
    require_as_of(as_of, "network_edges")
    ts, net = prepare(con, as_of, "network_edges")
    out = net.edges[list(OUTPUT_COLUMNS["network_edges"])].reset_index(drop=True)
    return status.attach_meta(out, con, ts)


def network_components(con: duckdb.DuckDBPyConnection, *, as_of: Any) -> pd.DataFrame:
    """Connected groups of two or more persons in the approach, and their coordination.

    Per component: its persons, their distinct current case managers and the
    organisations of those managers, the known persons outside the approach linked
    to it, whether it needs coordination (two or more case managers) and the last
    day on which two or more of those managers met: a ``netwerkoverleg`` on cases
    of the component registered by two or more of them on one day, or two cases of
    the component with different managers on the ITAT-R agenda (``itatr_agendering``)
    on one day.

    Returns
    -------
    One row per component, numbered 1 (largest) up:
    ``OUTPUT_COLUMNS["network_components"]``.
    """
    require_as_of(as_of, "network_components")
    ts, net = prepare(con, as_of, "network_components")
    out = _components(con, net)
    return status.attach_meta(out, con, ts)


def network_nodes(con: duckdb.DuckDBPyConnection, *, as_of: Any) -> pd.DataFrame:
    """Persons in a component: degree, articulation point, case manager, organisation.

    ``degree`` counts the distinct persons in the approach linked to the person;
    an articulation point is a person whose exit would split the component in two or
    more (networkx ``articulation_points``). Persons in the approach without any
    active link are in no component and not listed.

    Returns
    -------
    One row per person in a component, by component then pseudonym:
    ``OUTPUT_COLUMNS["network_nodes"]``.
    """
    require_as_of(as_of, "network_nodes")
    ts, net = prepare(con, as_of, "network_nodes")
    nodes = net.nodes.loc[net.nodes["component"] > 0]
    nodes = nodes.sort_values(["component", "case_id"])
    out = nodes[list(OUTPUT_COLUMNS["network_nodes"])].reset_index(drop=True)
    out["articulation_point"] = out["articulation_point"].astype(bool)
    return status.attach_meta(out, con, ts)


def _components(con: duckdb.DuckDBPyConnection, net: Network) -> pd.DataFrame:
    """One row per component of ``net`` (``network_components`` without the meta)."""
    cols = list(OUTPUT_COLUMNS["network_components"])
    nodes = net.nodes.loc[net.nodes["component"] > 0]
    if nodes.empty:
        return _typed(pd.DataFrame(columns=cols))
    groups = nodes.groupby("component")
    out = pd.DataFrame(
        {
            "cases": groups.size(),
            "case_managers": groups["case_manager"].nunique(),
            "organisations": groups["org"].nunique(),
        }
    )
    member = nodes.set_index("case_id")["component"]
    linked = net.outside.assign(component=net.outside["case_id"].map(member))
    linked = linked.dropna(subset=["component"]).astype({"component": "int64"})
    out["linked_outside"] = linked.groupby("component")["other"].nunique()
    out = out.reset_index()
    out["coordination_needed"] = out["case_managers"] >= 2
    con.register("_network_nodes", nodes[list(_MEETING_INPUT)])
    try:
        met = store.sql_frame(
            con, "network/last_met", as_of=net.as_of, tz=config.TIMEZONE
        )
    finally:
        con.unregister("_network_nodes")
    out = out.merge(met, on="component", how="left")
    return _typed(out, day=local_day(net.as_of))[cols]


#: The node columns the meeting SQL reads (``sql/network/last_met.sql``).
_MEETING_INPUT: Final[tuple[str, ...]] = ("case_id", "component", "case_manager")


def _typed(out: pd.DataFrame, day: Any = None) -> pd.DataFrame:
    """Column types of ``network_components``, and ``managers_met_days`` from ``day``."""
    for col in ("component", "cases", "case_managers", "organisations"):
        out[col] = out[col].astype("int64")
    out["linked_outside"] = out["linked_outside"].fillna(0).astype("int64")
    out["coordination_needed"] = out["coordination_needed"].astype(bool)
    last = pd.to_datetime(out["last_met"]) if "last_met" in out else None
    out["last_met"] = (
        last.dt.date.astype(object).where(last.notna(), None)
        if last is not None
        else pd.Series(dtype=object)
    )
    if day is None or out.empty:
        out["managers_met_days"] = pd.Series(dtype="Int64")
        return out
    days = (pd.Timestamp(day) - last).dt.days.astype("Int64")
    out["managers_met_days"] = days.where(out["case_managers"] >= 2, pd.NA)
    return out
