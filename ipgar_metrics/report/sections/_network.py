"""Netwerken: persons in the approach linked to each other, and their case managers.

Intern: the groups of linked persons whose case managers must work together (two or
more case managers), with the days since those managers last met, the network graph
(shortened pseudonyms) and the persons whose exit would split their group. Bestuur:
only the number of groups per size band, small counts suppressed; no graph, no
person. Not in the openbaar release. A store without relations (they need a DPIA)
shows the "not available" note. See ``docs/privacy.md`` ("Relations").
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ipgar_metrics import config, labels
from ipgar_metrics.figures import component_size_bands, fig_network
from ipgar_metrics.metrics.network import (
    network_components,
    network_edges,
    network_nodes,
)
from ipgar_metrics.report._model import (
    Cell,
    Context,
    Note,
    Section,
    Table,
    guarded_section,
)


def network_section(ctx: Context) -> Section:
    """Netwerken: coordination need (intern) or groups per size band (bestuur)."""
    return guarded_section(ctx, "network", _blocks)


def _blocks(ctx: Context) -> list[Any]:
    components = network_components(ctx.con, as_of=ctx.as_of)
    if ctx.protected_audience:
        return _bands(ctx, components)
    out: list[Any] = [_summary(ctx, components)]
    if components.empty:
        return out
    out.append(_coordination(ctx, components))
    nodes = network_nodes(ctx.con, as_of=ctx.as_of)
    edges = network_edges(ctx.con, as_of=ctx.as_of)
    out.append(ctx.figure(ctx.t("network_graph"), fig_network, (nodes, edges), _none))
    out.append(_key_persons(ctx, nodes))
    return out


def _none() -> tuple[Any, list[Any]]:  # the graph is never drawn for bestuur
    raise AssertionError("the network graph is intern only")


def _summary(ctx: Context, components: pd.DataFrame) -> Note:
    need = components[components["coordination_needed"]]
    late = need[_not_met(need)]
    return Note(
        ctx.t(
            "network_summary",
            groups=len(components),
            persons=int(components["cases"].sum()),
            need=len(need),
            late=len(late),
            days=config.NETWORK_MEETING_DAYS,
        )
    )


def _not_met(frame: pd.DataFrame) -> pd.Series:
    days = frame["managers_met_days"]
    return days.isna() | (days > config.NETWORK_MEETING_DAYS)


def _coordination(ctx: Context, components: pd.DataFrame) -> Table:
    """Per group with two or more case managers: its size and when they last met."""
    need = components[components["coordination_needed"]]
    rows = []
    for r in need.itertuples():
        met = (
            ctx.t("network_never")
            if pd.isna(r.managers_met_days)
            else str(int(r.managers_met_days))
        )
        late = bool(
            pd.isna(r.managers_met_days)
            or r.managers_met_days > config.NETWORK_MEETING_DAYS
        )
        rows.append(
            [
                Cell(str(r.component)),
                Cell(str(r.cases), "n", r.cases, r.cases),
                Cell(str(r.case_managers), "n", r.case_managers, r.case_managers),
                Cell(str(r.organisations), "n", r.organisations, r.organisations),
                Cell(str(r.linked_outside), "n", r.linked_outside, r.linked_outside),
                Cell(met + (" ⚑" if late else ""), "stat"),
            ]
        )
    cols = [
        ctx.t("network_group"),
        ctx.t("network_persons"),
        ctx.t("network_managers"),
        ctx.t("network_orgs"),
        ctx.t("network_outside"),
        ctx.t("network_met_days"),
    ]
    title = ctx.t("network_coordination", days=config.NETWORK_MEETING_DAYS)
    if not rows:
        return Table(title, cols, [], note=ctx.t("network_no_need"))
    return Table(
        title,
        cols,
        rows,
        note=ctx.t("network_met_note", days=config.NETWORK_MEETING_DAYS),
    )


def _key_persons(ctx: Context, nodes: pd.DataFrame) -> Table:
    """The persons whose exit would split their group (articulation points)."""
    key = nodes[nodes["articulation_point"]].sort_values(
        ["component", "degree"], ascending=[True, False]
    )
    rows = [
        [
            Cell(str(r.case_id)),
            Cell(str(r.component)),
            Cell(str(r.degree), "n", r.degree, r.degree),
            Cell(labels.label(r.org, ctx.lang) if isinstance(r.org, str) else "–"),
        ]
        for r in key.itertuples()
    ]
    cols = [
        ctx.t("network_person"),
        ctx.t("network_group"),
        ctx.t("network_degree"),
        ctx.t("network_org"),
    ]
    return Table(
        ctx.t("network_key_persons"), cols, rows, note=ctx.t("network_key_note")
    )


def _bands(ctx: Context, components: pd.DataFrame) -> list[Any]:
    """Bestuur: groups per size band and those needing coordination, counts >= k."""
    bands = component_size_bands(components)
    need = component_size_bands(components[components["coordination_needed"]])
    rows = [
        [Cell(b), ctx.count(n), ctx.count(m)]
        for b, n, m in zip(
            bands["band"], bands["components"], need["components"], strict=True
        )
    ]
    cols = [ctx.t("network_band"), ctx.t("network_groups"), ctx.t("network_need")]
    return [
        Table(ctx.t("network_bands"), cols, rows),
        Note(ctx.t("network_bestuur_note", k=ctx.k)),
    ]
