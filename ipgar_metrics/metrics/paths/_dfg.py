"""The directly-follows graph (DFG) with frequency and performance, in DuckDB.

One edge per pair of activities that directly follow each other within an episode
(profile ``generic``: a case), with the number of occurrences and the time between
the two events. Artificial start and end nodes (``START_NODE``, ``END_NODE``) carry
how many episodes start or end with each activity. The phase and the scope (period,
segment) are those of ``_variants.prepare_phase``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import duckdb
import pandas as pd

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics._episodes import require_as_of
from ipgar_metrics.metrics.paths._variants import Phase, _attrs, prepare_phase
from ipgar_metrics.schema import END_NODE, START_NODE, Period, PeriodMode

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "directly_follows": {
        "source": "str: activity, or '[start]'",
        "target": "str: activity, or '[end]'",
        "count": "int: times target directly follows source",
        "n_episodes": "int: episodes (generic: cases) with the pair at least once",
        "mean_seconds": "float: mean time source -> target (NaN for start/end edges)",
        "median_seconds": "float: median of that time",
        "mean_days": "float: mean_seconds in days",
        "median_days": "float: median_seconds in days",
    },
}


def directly_follows(
    con: duckdb.DuckDBPyConnection,
    *,
    phase: Phase = "episode",
    as_of: date | datetime,
    period: Period | None = None,
    period_mode: PeriodMode = "started",
    segment: Mapping[str, str] | None = None,
    include_open: bool = False,
    outcomes: bool = False,
) -> pd.DataFrame:
    """The directly-follows graph of a phase with counts and times per edge.

    ``period=(first_day, last_day)`` keeps the episodes that started in it (inclusive
    dates); ``segment`` keeps cases with the given attribute values, e.g.
    ``{"report_source": "MAP"}``. With ``outcomes`` the nodes of ``ivgr_advies``
    and ``ptor_besluit`` carry their outcome (``ptor_besluit:opname``).

    Returns
    -------
    One row per edge, most frequent first: source, target, count, n_episodes,
    mean_seconds, median_seconds, mean_days, median_days (see ``OUTPUT_COLUMNS``).
    Edges from ``"[start]"`` and to ``"[end]"`` have counts only.

    Examples
    --------
    >>> from ipgar_metrics import store
    >>> directly_follows(store.memory_store()).empty
    True
    """
    require_as_of(as_of, "directly_follows")
    params = prepare_phase(
        con,
        phase=phase,
        as_of=as_of,
        period=period,
        period_mode=period_mode,
        segment=segment,
        include_open=include_open,
        refined=outcomes,
    )
    frame = store.sql_frame(con, "paths/dfg", start_node=START_NODE, end_node=END_NODE)
    frame["count"] = frame["count"].astype("int64")
    frame["n_episodes"] = frame["n_episodes"].astype("int64")
    frame.attrs["ipgar"] = _attrs(con, as_of, params)
    return frame


def suppress_edges(frame: pd.DataFrame, *, min_count: int) -> pd.DataFrame:
    """Drop edges seen in fewer than ``min_count`` episodes (for published maps).

    This does not protect the dropped edges. They are not merged into a row, and
    every visit of a step has one edge in and one edge out (``[start]`` and
    ``[end]`` included), so a step's ``count`` in and out add up to the same
    number: where one edge of a step is dropped, the kept edges give its count
    back. ``attrs["ipgar"]["suppression"]`` says so: ``min_count``,
    ``dropped_edges`` and ``protected`` (false as soon as an edge is dropped). A
    published map needs the edges protected as a table (secondary suppression over
    every step's edges in and out), which this function does not do.
    """
    keep = frame["n_episodes"] >= min_count
    out = frame.loc[keep].reset_index(drop=True)
    out.attrs = dict(frame.attrs)
    dropped = int((~keep).sum())
    out.attrs["ipgar"] = {
        **dict(out.attrs.get("ipgar", {})),
        "suppression": {
            "min_count": min_count,
            "dropped_edges": dropped,
            "protected": dropped == 0,
        },
    }
    return out


def top_edges(frame: pd.DataFrame, *, max_edges: int) -> pd.DataFrame:
    """Keep the ``max_edges`` most frequent edges (a readable map of a large log).

    Ties at the cut are broken by the frame's order (count, then names). Start and
    end edges count as edges.
    """
    if max_edges < 1:
        raise ConfigError("max_edges must be at least 1.")
    out = frame.sort_values(
        ["count", "source", "target"], ascending=[False, True, True], kind="stable"
    ).head(max_edges)
    out = out.reset_index(drop=True)
    out.attrs = dict(frame.attrs)
    return out
