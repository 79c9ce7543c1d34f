"""Status periods shared by the case-management metrics.

A case is *in the approach* from the first ``instroom`` of an episode until the first
``uitstroom`` after it in the same episode. Within the approach a case is
``active`` unless a status period pauses the work: ``detained``
(``detentie_start``/``detentie_eind``), ``travelled``
(``uitgereisd_start``/``uitgereisd_eind``) or ``static``
(``statisch_start``/``statisch_eind``). An unclosed start lasts until ``as_of``.
When statuses overlap, the status shown is the first of detained, travelled, static.

The state at a time *t* is the state after every event at or before *t*; the state
"at the end of a month" is the state after every event before the next month began.
All durations are exact elapsed time in days (decimals), independent of daylight
saving time. See ``docs/adr/0003-contact-gap-definition.md``.
"""

from __future__ import annotations

from typing import Any, Final

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import config, store
from ipgar_metrics.metrics._episodes import reference_time, require_ipgar
from ipgar_metrics.metrics._runs import isin_by_runs
from ipgar_metrics.workdays import as_local, as_utc

#: Statuses of a case in the approach, in the order reports show them.
STATUSES: Final[tuple[str, ...]] = ("active", "detained", "travelled", "static")
#: Statuses that pause the work (not counted in a contact gap).
PAUSE_STATUSES: Final[tuple[str, ...]] = ("detained", "travelled", "static")
_DAY: Final[float] = 86400.0

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "approach_periods": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "instroom_at": "timestamp: first instroom of the episode",
        "instroom_seq": "int: position of that instroom in the case",
        "uitstroom_at": "timestamp: first uitstroom after it (NaT while still in)",
        "exit_reason": "str: outcome of the uitstroom (None while still in)",
        "is_open": "bool: still in the approach at as_of",
        "report_source": "str: case attribute",
        "risk_category": "str: case attribute",
        "ideology": "str: case attribute",
    },
    "status_intervals": {
        "case_id": "str: case pseudonym",
        "status": "str: detained|travelled|static",
        "start_at": "timestamp: start event",
        "end_at": "timestamp: matching end event (NaT while open)",
        "is_open": "bool: not ended at as_of",
    },
}


def as_timestamp(con: duckdb.DuckDBPyConnection, as_of: Any) -> pd.Timestamp:
    """The reference time as an aware timestamp.

    ``None`` means the store's last event; a ``date`` means the start of that day
    (00:00 Europe/Amsterdam, the export-date convention); a naive datetime is read
    as local time. A generic event log is refused (``require_ipgar``).
    """
    require_ipgar(con)
    return reference_time(con, as_of)


def days_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """Exact elapsed days (float) from ``start`` to ``end``."""
    return (end - start).dt.total_seconds() / _DAY


def approach_periods(
    con: duckdb.DuckDBPyConnection, *, as_of: Any = None
) -> pd.DataFrame:
    """Episodes with an instroom at or before ``as_of``, with their exit.

    Returns
    -------
    One row per (case_id, episode): see ``OUTPUT_COLUMNS["approach_periods"]``.
    """
    ts = as_timestamp(con, as_of)
    return _local_frame(
        con, "metrics/status_approach", ts, ("instroom_at", "uitstroom_at")
    )


def status_intervals(
    con: duckdb.DuckDBPyConnection, *, as_of: Any = None
) -> pd.DataFrame:
    """Detained, travelled and static periods that started at or before ``as_of``.

    Returns
    -------
    One row per status start: see ``OUTPUT_COLUMNS["status_intervals"]``.
    """
    ts = as_timestamp(con, as_of)
    return _local_frame(con, "metrics/status_intervals", ts, ("start_at", "end_at"))


def _local_frame(
    con: duckdb.DuckDBPyConnection, name: str, ts: pd.Timestamp, cols: tuple[str, ...]
) -> pd.DataFrame:
    """The named SQL's frame at ``ts`` with ``cols`` in local time.

    Inside ``reuse_results`` computed once: nearly every section asks for the
    approach periods and the status intervals.
    """
    key = store.result_key(con, name, ts)
    return store.reused(
        key, lambda: _localise(store.run_sql(con, name, as_of=ts).df(), cols)
    )


def pause_periods(intervals: pd.DataFrame, *, as_of: pd.Timestamp) -> pd.DataFrame:
    """The union of all pause periods per case (overlaps merged, open ends at as_of).

    Returns
    -------
    One row per merged period: case_id, start_at, end_at.
    """
    cols = ["case_id", "start_at", "end_at"]
    if intervals.empty:
        return pd.DataFrame(
            {
                "case_id": pd.Series(dtype=object),
                "start_at": pd.Series(dtype=f"datetime64[us, {config.TIMEZONE}]"),
                "end_at": pd.Series(dtype=f"datetime64[us, {config.TIMEZONE}]"),
            }
        )
    work = intervals.assign(end_at=intervals["end_at"].fillna(as_of))[cols]
    work = work.sort_values(["case_id", "start_at", "end_at"]).reset_index(drop=True)
    # a new island starts where the start is after every earlier end of the case
    # (built-in grouped cummax and shift: a Python lambda per case was the report's
    # largest cost at 100,000 cases)
    running_end = work.groupby("case_id")["end_at"].cummax()
    prev_max_end = running_end.groupby(work["case_id"]).shift()
    new_island = prev_max_end.isna() | (work["start_at"] > prev_max_end)
    work["island"] = new_island.cumsum()
    merged = work.groupby(["case_id", "island"], as_index=False).agg(
        start_at=("start_at", "min"), end_at=("end_at", "max")
    )
    return merged[cols]


def pauses_at(con: duckdb.DuckDBPyConnection, ts: pd.Timestamp) -> pd.DataFrame:
    """``pause_periods`` of the status intervals at ``ts`` (an aware timestamp).

    Inside ``reuse_results`` computed once: the report's contact, caseload and
    practice figures all ask for them.
    """
    key = store.result_key(con, "pause_periods", ts)
    return store.reused(
        key, lambda: pause_periods(status_intervals(con, as_of=ts), as_of=ts)
    )


def pause_overlap_days(
    windows: pd.DataFrame,
    pauses: pd.DataFrame,
    *,
    start: str = "from_at",
    end: str = "to_at",
) -> pd.Series:
    """Days of each window ``[start, end]`` that fall in a merged pause period.

    ``windows`` needs ``case_id`` and the two timestamp columns; the result is
    aligned with ``windows.index`` (0.0 where there is no overlap).
    """
    out = pd.Series(0.0, index=windows.index)
    if windows.empty or pauses.empty:
        return out
    # only the windows of cases with a pause can overlap one: the merge below then
    # joins those (about a tenth of the contact intervals), not every window
    # (tested once per run of one case's windows: 10.7 million intervals, 0.5 M runs)
    paused = isin_by_runs(windows, "case_id", pauses["case_id"].unique())
    w = windows.loc[paused, ["case_id", start, end]]
    w = w.rename(columns={start: "_ws", end: "_we"}).reset_index(names="_row")
    joined = w.merge(pauses, on="case_id", how="inner")
    # whole microseconds, summed exactly per window, divided once (as
    # casework/contact_gaps does in SQL)
    lo = np.maximum(_epoch_us(joined["_ws"]), _epoch_us(joined["start_at"]))
    hi = np.minimum(_epoch_us(joined["_we"]), _epoch_us(joined["end_at"]))
    micros = pd.Series(np.clip(hi - lo, 0, None), index=joined.index)
    overlap = micros.groupby(joined["_row"]).sum()
    out.loc[overlap.index] = overlap.to_numpy() / 1e6 / _DAY
    return out


def status_at(
    intervals: pd.DataFrame, at: pd.Timestamp, *, before: bool = False
) -> pd.Series:
    """The pause status of each case at ``at`` (cases not listed are active).

    ``before=False`` gives the state after all events at or before ``at``;
    ``before=True`` the state after all events strictly before ``at`` (month ends).

    Returns
    -------
    A Series indexed by case_id with the status (detained|travelled|static).
    """
    if intervals.empty:
        return pd.Series(dtype=object, name="status")
    if before:
        started = intervals["start_at"] < at
        running = intervals["end_at"].isna() | (intervals["end_at"] >= at)
    else:
        started = intervals["start_at"] <= at
        running = intervals["end_at"].isna() | (intervals["end_at"] > at)
    live = intervals.loc[started & running, ["case_id", "status"]]
    rank = {s: i for i, s in enumerate(PAUSE_STATUSES)}
    live = live.assign(_r=live["status"].map(rank)).sort_values(["case_id", "_r"])
    return live.drop_duplicates("case_id").set_index("case_id")["status"]


def in_approach_at(
    periods: pd.DataFrame, at: pd.Timestamp, *, before: bool = False
) -> pd.Series:
    """Boolean mask of ``periods`` rows that are in the approach at ``at``."""
    if before:
        return (periods["instroom_at"] < at) & (
            periods["uitstroom_at"].isna() | (periods["uitstroom_at"] >= at)
        )
    return (periods["instroom_at"] <= at) & (
        periods["uitstroom_at"].isna() | (periods["uitstroom_at"] > at)
    )


def month_ends(first: pd.Timestamp, as_of: pd.Timestamp) -> pd.DataFrame:
    """Local calendar months from ``first`` to ``as_of``.

    Returns
    -------
    One row per month: month (str YYYY-MM), month_start, month_end (the next month's
    start, or ``as_of`` for the month that contains it), is_partial (bool). When
    ``as_of`` is the very start of a month, the last row is the month before it.
    """
    start = first.tz_convert(config.TIMEZONE).tz_localize(None).to_period("M")
    local = as_of.tz_convert(config.TIMEZONE).tz_localize(None)
    stop = local.to_period("M")
    if local == stop.start_time and stop > start:
        stop -= 1  # as_of at 00:00 on the 1st: the last month is the one before
    months = pd.period_range(start, stop, freq="M")
    # localised in one step each (the first of a month at 00:00 is never in a DST gap)
    starts = months.start_time.tz_localize(config.TIMEZONE)
    nexts = list((months + 1).start_time.tz_localize(config.TIMEZONE))
    ends = [min(n, as_of) for n in nexts]
    return pd.DataFrame(
        {
            "month": months.strftime("%Y-%m").tolist(),
            "month_start": starts,
            "month_end": ends,
            "is_partial": [e < n for e, n in zip(ends, nexts, strict=True)],
        }
    )


def attach_meta(
    frame: pd.DataFrame,
    con: duckdb.DuckDBPyConnection,
    as_of: pd.Timestamp,
    **params: Any,
) -> pd.DataFrame:
    """Set ``frame.attrs["ipgar"]`` (snapshot, as_of, params) and return the frame."""
    frame.attrs["ipgar"] = {
        "snapshot": store.snapshot(con),
        "as_of": as_of.isoformat(),
        "params": params,
    }
    return frame


def _epoch_us(values: pd.Series) -> np.ndarray:
    """Microseconds since 1970 (UTC) as integers, whatever the time-zone object.

    Exact: float seconds since 1970 (and a difference taken in nanoseconds, which
    pandas turns into floats) round an instant to about a quarter of a microsecond.
    """
    return np.asarray(as_utc(values).dt.as_unit("us").array.asi8, dtype=np.int64)


def _localise(frame: pd.DataFrame, cols: tuple[str, ...]) -> pd.DataFrame:
    for col in cols:
        if col in frame.columns:
            frame[col] = as_local(frame[col])
    if "is_open" in frame.columns:
        frame["is_open"] = frame["is_open"].astype(bool)
    return frame


__all__ = [
    "PAUSE_STATUSES",
    "STATUSES",
    "approach_periods",
    "as_timestamp",
    "attach_meta",
    "days_between",
    "in_approach_at",
    "month_ends",
    "pause_overlap_days",
    "pause_periods",
    "pauses_at",
    "status_at",
    "status_intervals",
]
