"""The directly-follows graph (DFG) with frequency and performance, in DuckDB.

One edge per pair of activities that directly follow each other within an episode
(profile ``generic``: a case), with the number of occurrences and the time between
the two events. Artificial start and end nodes (``START_NODE``, ``END_NODE``) carry
how many episodes start or end with each activity. The phase and the scope (period,
segment) are those of ``_variants.prepare_phase``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

import duckdb
import pandas as pd

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics._episodes import require_as_of
from ipgar_metrics.metrics.filters import LogFilter, filtered
from ipgar_metrics.metrics.paths._variants import Phase, _attrs, prepare_phase
from ipgar_metrics.schema import END_NODE, START_NODE, Period, PeriodMode

#: Whether the whole episode phase is read from the stored steps (schema version 11)
#: rather than by sorting the events; False: always sorted (a test compares both).
READ_STORED_STEPS: bool = True
#: The most memory the bitmaps that count an edge's episodes may take, in bytes
#: (one bit per episode of the store, per possible edge, per DuckDB thread); a
#: larger map counts them as distinct values (``sql/paths/episode_count_*.sql``).
EPISODE_BITMAP_BYTES: int = 512 * 1024 * 1024
#: Whether the episodes of an edge may be counted in bitmaps; False: always as
#: distinct values (a test compares both).
COUNT_BY_BITMAP: bool = True

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
    "directly_follows_difference": {
        "source": "str: activity, or '[start]'",
        "target": "str: activity, or '[end]'",
        "count_a": "int: times target directly follows source in group A",
        "count_b": "int: the same in group B",
        "cases_a": "int: episodes (generic: cases) of A with the pair at least once",
        "cases_b": "int: the same in B",
        "share_a": "float: cases_a / episodes in A (0 to 1)",
        "share_b": "float: cases_b / episodes in B",
        "difference": "float: share_b - share_a (positive: more common in B)",
    },
}

#: Columns of ``directly_follows_difference``, in order.
DIFFERENCE_COLUMNS: tuple[str, ...] = tuple(
    OUTPUT_COLUMNS["directly_follows_difference"]
)


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
    frame = edge_frame(con, params)
    frame["count"] = frame["count"].astype("int64")
    frame["n_episodes"] = frame["n_episodes"].astype("int64")
    frame.attrs["ipgar"] = _attrs(con, as_of, params)
    return frame


def edge_frame(
    con: duckdb.DuckDBPyConnection, params: Mapping[str, Any]
) -> pd.DataFrame:
    """The rows of ``paths/dfg`` over the ``_phase_events`` ``prepare_phase`` made.

    The whole episode phase without outcomes is read from the events (the fast path
    of ``prepare_phase``), where a label is its activity: its steps are the stored
    ones (``next_activity_code``, ``next_gap_us``; ``paths/dfg_steps_stored``), and
    no event is sorted. Any other phase codes its distinct labels
    (``paths/phase_codes``) and finds each event's next by a window sort
    (``paths/dfg_steps``).
    """
    store.run_sql(con, "paths/episode_index").fetchall()
    if READ_STORED_STEPS and params["_events_view"] and not params["refined"]:
        store.run_sql(con, "paths/dfg_steps_stored").fetchall()
    else:
        store.run_sql(con, "paths/phase_codes").fetchall()
        store.run_sql(con, "paths/dfg_steps").fetchall()
    count = "bits" if _bitmaps_fit(con) else "distinct"
    store.run_sql(con, f"paths/episode_count_{count}").fetchall()
    return store.sql_frame(con, "paths/dfg", start_node=START_NODE, end_node=END_NODE)


def _bitmaps_fit(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the episodes of every possible edge fit ``EPISODE_BITMAP_BYTES`` as bits.

    Every pair of the phase's labels and the end node may be an edge; each edge
    holds one bitmap of the store's episodes per DuckDB thread.
    """
    row = store.first_row(
        con,
        "SELECT getvariable('ipgar_episodes').last_index, "
        "(SELECT count(*) FROM _phase_codes), current_setting('threads')",
    )
    if not COUNT_BY_BITMAP or row is None or row[0] is None:
        return False
    last_index, labels, threads = row
    edges = (int(labels) + 1) ** 2
    return edges * (int(last_index) + 1) // 8 * int(threads) <= EPISODE_BITMAP_BYTES


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


def directly_follows_difference(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: date | datetime,
    before: date | None = None,
    where: Mapping[str, str] | None = None,
    log_filter: LogFilter | None = None,
    phase: Phase = "episode",
) -> pd.DataFrame:
    """Two directly-follows graphs side by side: group A against group B.

    Give one of ``before`` (A: cases that started before that day, B: cases that
    started on it or later) or ``where`` (A: cases with the attribute value, e.g.
    ``{"org": "politie"}``; B: every other case). ``log_filter`` narrows both groups
    first (the CLI's filters: give them here, not as a filter already applied to
    ``con``). A share is the edge's episodes (generic: cases) over the episodes of
    its group, so groups of different sizes compare.

    Returns
    -------
    One row per edge seen in A or B: source, target, count_a, count_b, cases_a,
    cases_b, share_a, share_b, difference (``share_b - share_a``), largest change
    first (see ``OUTPUT_COLUMNS``). ``attrs["ipgar"]["groups"]`` names A and B.
    """
    require_as_of(as_of, "directly_follows_difference")
    if (before is None) == (not where):
        raise ConfigError("compare by a day (before) or by an attribute (where), one.")
    base = log_filter or LogFilter()
    if before is not None:
        if base.period is not None:
            raise ConfigError(
                "a comparison before/after a day sets the period itself; leave out "
                "the period filter."
            )
        last_day = before - timedelta(days=1)
        spec_a = dataclasses.replace(
            base, period=(None, last_day), period_mode="started"
        )
        spec_b = dataclasses.replace(base, period=(before, None), period_mode="started")
        groups = [f"started before {before}", f"started on or after {before}"]
        frame_a = _dfg_of(con, spec_a, phase=phase, as_of=as_of)
        frame_b = _dfg_of(con, spec_b, phase=phase, as_of=as_of)
    else:
        assert where is not None
        if len(where) != 1:
            raise ConfigError("compare by one attribute value (ATTR=VALUE) at a time.")
        name, value = next(iter(where.items()))
        if name in base.where:
            raise ConfigError(
                f"the comparison on {name} and a filter on {name} cannot be combined."
            )
        spec_a = dataclasses.replace(base, where={**base.where, name: [value]})
        groups = [f"{name} = {value}", f"{name} not {value}"]
        frame_a = _dfg_of(con, spec_a, phase=phase, as_of=as_of)
        whole = _dfg_of(con, base, phase=phase, as_of=as_of)
        frame_b = _minus(whole, frame_a)
        if frame_b.empty:
            raise ConfigError(
                f"every case has {name} = {value}: there is no rest to compare with."
            )
    out = _side_by_side(frame_a, frame_b)
    out.attrs["ipgar"] = {**dict(frame_a.attrs.get("ipgar", {})), "groups": groups}
    return out


def _dfg_of(
    con: duckdb.DuckDBPyConnection,
    spec: LogFilter,
    *,
    phase: Phase,
    as_of: date | datetime,
) -> pd.DataFrame:
    """``directly_follows`` of the cases ``spec`` keeps (all of them when empty)."""
    if spec.is_empty():
        return directly_follows(con, phase=phase, as_of=as_of)
    with filtered(con, spec):
        return directly_follows(con, phase=phase, as_of=as_of)


def _minus(whole: pd.DataFrame, part: pd.DataFrame) -> pd.DataFrame:
    """Counts of ``whole`` less those of ``part`` (a subset of its cases)."""
    keys = ["source", "target"]
    both = whole[[*keys, "count", "n_episodes"]].merge(
        part[[*keys, "count", "n_episodes"]], on=keys, how="left", suffixes=("", "_p")
    )
    both = both.fillna({"count_p": 0, "n_episodes_p": 0})
    rest = both.assign(
        count=(both["count"] - both["count_p"]).astype("int64"),
        n_episodes=(both["n_episodes"] - both["n_episodes_p"]).astype("int64"),
    )
    return rest.loc[rest["count"] > 0, [*keys, "count", "n_episodes"]]


def _side_by_side(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    keys = ["source", "target"]
    total_a = int(a.loc[a["source"] == START_NODE, "count"].sum())
    total_b = int(b.loc[b["source"] == START_NODE, "count"].sum())
    merged = (
        a[[*keys, "count", "n_episodes"]]
        .rename(columns={"count": "count_a", "n_episodes": "cases_a"})
        .merge(
            b[[*keys, "count", "n_episodes"]].rename(
                columns={"count": "count_b", "n_episodes": "cases_b"}
            ),
            on=keys,
            how="outer",
        )
    )
    for column in ("count_a", "count_b", "cases_a", "cases_b"):
        merged[column] = merged[column].fillna(0).astype("int64")
    merged["share_a"] = merged["cases_a"] / total_a if total_a else 0.0
    merged["share_b"] = merged["cases_b"] / total_b if total_b else 0.0
    merged["difference"] = merged["share_b"] - merged["share_a"]
    merged = merged.assign(_size=merged["difference"].abs())
    merged = merged.sort_values(
        ["_size", "source", "target"], ascending=[False, True, True], kind="stable"
    )
    return merged[list(DIFFERENCE_COLUMNS)].reset_index(drop=True)
