"""The overview of a log: counts, time span, start and end activities, case durations.

The figures of Disco's or pm4py's log statistics for any loaded log (profile
``generic`` or ``ipgar``), at case level: a variant is a case's sequence of
activities in the store's order (``seq``), the start (end) activity is the activity
of a case's first (last) event. Counts are in SQL (``sql/paths/overview*.sql``);
the case durations are those of ``case_durations`` (first to last event).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

import duckdb
import pandas as pd

from ipgar_metrics import store
from ipgar_metrics.metrics._episodes import reference_time, require_as_of
from ipgar_metrics.metrics.leadtime import case_durations
from ipgar_metrics.workdays import as_local

#: Whether the overview reads the stored paths when they hold the answer (a test
#: switches it off to compare with the counts over the events).
READ_STORED_OVERVIEW: bool = True
#: The statistics of the case durations, in the order of the columns.
DURATION_STATS: Final[tuple[str, ...]] = ("min", "median", "mean", "p90", "max")

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "log_overview": {
        "cases": "int: cases with an event at or before as_of",
        "events": "int: events at or before as_of",
        "activities": "int: distinct activities",
        "variants": "int: distinct activity sequences of the cases (order: seq)",
        "start": "timestamp: first event (NaT on an empty log)",
        "end": "timestamp: last event at or before as_of (NaT on an empty log)",
        "start_activities": "dict[str, int]: activity of a case's first event -> cases",
        "end_activities": "dict[str, int]: activity of a case's last event -> cases",
        **{
            f"{stat}_days": f"float: {stat} case duration in days (first to last event)"
            for stat in DURATION_STATS
        },
    },
}


def log_overview(
    con: duckdb.DuckDBPyConnection, *, as_of: date | datetime
) -> pd.DataFrame:
    """One row of log statistics: what Disco shows on its overview page.

    Returns
    -------
    A one-row frame: cases, events, activities, variants, start, end,
    start_activities, end_activities (dicts activity -> cases, most frequent first)
    and min_days, median_days, mean_days, p90_days, max_days of the case durations
    (p90 interpolated linearly; see ``OUTPUT_COLUMNS["log_overview"]``).

    Examples
    --------
    >>> from ipgar_metrics import store
    >>> con = store.memory_store()
    >>> int(log_overview(con, as_of=date(2026, 1, 1))["cases"].iloc[0])
    0
    """
    require_as_of(as_of, "log_overview")
    ts = reference_time(con, as_of)
    row, ends = _counts(con, ts)
    for col in ("cases", "events", "activities", "variants"):
        row[col] = row[col].astype("int64")
    row = row.rename(columns={"first_at": "start", "last_at": "end"})
    for col in ("start", "end"):
        row[col] = as_local(pd.to_datetime(row[col], utc=True))
    for position in ("start", "end"):
        part = ends[ends["position"] == position]
        counts = dict(zip(part["activity"], part["cases"].astype(int), strict=True))
        row[f"{position}_activities"] = [counts]
    days = case_durations(con, as_of=ts)["days"]
    stats = {
        "min": days.min(),
        "median": days.median(),
        "mean": days.mean(),
        "p90": days.quantile(0.9),
        "max": days.max(),
    }
    for stat in DURATION_STATS:
        row[f"{stat}_days"] = float(stats[stat])
    row = row[list(OUTPUT_COLUMNS["log_overview"])]
    row.attrs["ipgar"] = {"snapshot": store.snapshot(con), "as_of": str(as_of)}
    return row


def _counts(
    con: duckdb.DuckDBPyConnection, ts: pd.Timestamp
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The overview's counts and times (one row), and its start and end activities.

    From the stored paths when they hold the answer (no event after ``ts``, every
    path keyed), else from the events: the same numbers
    (``tests/unit/test_overview_stored.py``).
    """
    if READ_STORED_OVERVIEW and _stored_paths_cover(con, ts):
        both = store.sql_frame(con, "paths/overview_stored")
        overview = both["position"] == "overview"
        row = both.loc[overview].drop(columns=["position", "activity"])
        ends = both.loc[~overview, ["position", "activity", "cases"]]
        return row.reset_index(drop=True), ends.reset_index(drop=True)
    row = store.sql_frame(con, "paths/overview", as_of=ts)
    ends = store.sql_frame(con, "paths/overview_ends", as_of=ts)
    return row, ends


def _stored_paths_cover(con: duckdb.DuckDBPyConnection, ts: pd.Timestamp) -> bool:
    """Whether ``episode_paths`` holds every event at or before ``ts``, each keyed."""
    last = store.last_event_at(con)
    if last is not None and pd.Timestamp(last) > ts:
        return False
    unkeyed = store.first_row(
        con, "SELECT count(*) FROM episode_paths WHERE path_key IS NULL"
    )
    return unkeyed is None or not unkeyed[0]
