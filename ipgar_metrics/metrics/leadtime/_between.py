"""Generic lead times on any log: first A to first B per case, and case durations.

These work in profile ``generic`` too (any event log, one episode per case) and are
checked against pm4py on public logs (tests/oracle/test_leadtime_oracle.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal

import duckdb
import pandas as pd

from ipgar_metrics import schema, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _summary as summary
from ipgar_metrics.metrics._episodes import ipgar_attrs, reference_time, require_as_of
from ipgar_metrics.metrics.leadtime._lead_times import AsOf
from ipgar_metrics.workdays import as_local, elapsed_days

OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "lead_time_between": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode of the first `from_activity`",
        "start_at": "datetime64[tz]: first `from_activity`",
        "end_at": "datetime64[tz]: first `to_activity` (may precede start_at); NaT: open",
        "outcome": "str: reached or open",
        "is_open": "bool: no `to_activity` by as_of",
        "days": "float: end_at - start_at in days (negative kept); NaN when open",
        "weeks": "float: days / 7",
        "open_days": "float: as_of - start_at for open cases",
    },
    "case_durations": {
        "case_id": "str: case pseudonym",
        "start_at": "datetime64[tz]: first event",
        "end_at": "datetime64[tz]: last event",
        "n_events": "int: events of the case",
        "days": "float: end_at - start_at in days",
    },
}


def lead_time_between(
    con: duckdb.DuckDBPyConnection,
    *,
    from_activity: str,
    to_activity: str,
    as_of: AsOf,
    level: Literal["case", "summary"] = "case",
) -> pd.DataFrame:
    """Lead time from the first ``from_activity`` to the first ``to_activity`` per case.

    Works on any log (profile ``generic`` too). Cases without ``from_activity`` are
    left out; cases without ``to_activity`` are ``open``. When the first
    ``to_activity`` precedes the first ``from_activity`` the lead time is negative
    and kept (as pm4py and the public-log reference figures do).

    Parameters
    ----------
    con
        The event store.
    from_activity, to_activity
        Activity names (checked against the vocabulary in profile ``ipgar``).
    as_of
        Reference time (required); ``store.last_event_at(con)`` gives the last event.
    level
        ``"case"``: one row per case; ``"summary"``: ``summarise`` of days.

    Returns
    -------
    pandas.DataFrame
        level="case": case_id, episode, start_at, end_at, outcome (reached/open),
        is_open, days, weeks, open_days. level="summary": n, n_open, mean_days,
        median_days, p10_days, p25_days, p75_days, p90_days, min_days, max_days.
    """
    require_as_of(as_of, "lead_time_between")
    profile = store.profile_of(con)
    schema.check_activity(from_activity, profile=profile)
    schema.check_activity(to_activity, profile=profile)
    ts = _default_as_of(con, as_of)
    raw = store.sql_frame(
        con,
        "leadtime/first_a_to_first_b",
        from_activity=from_activity,
        to_activity=to_activity,
        as_of=ts,
    )
    out = _aware(raw, ("start_at", "end_at"))
    out["episode"] = out["episode"].astype("int64")
    out["is_open"] = out["end_at"].isna().astype(bool)
    out.insert(4, "outcome", out["is_open"].map({True: "open", False: "reached"}))
    out["days"] = elapsed_days(out["start_at"], out["end_at"])
    out["weeks"] = out["days"] / 7
    as_of_col = pd.Series(ts, index=out.index, dtype=out["start_at"].dtype)
    out["open_days"] = elapsed_days(out["start_at"], as_of_col).where(out["is_open"])
    if level == "summary":
        out = summary.summarise(out, value="days")
    elif level != "case":
        raise ConfigError(f'unknown level "{level}"; choose one of: case, summary.')
    out.attrs["ipgar"] = ipgar_attrs(
        con, ts, from_activity=from_activity, to_activity=to_activity, level=level
    )
    return out


def case_durations(con: duckdb.DuckDBPyConnection, *, as_of: AsOf) -> pd.DataFrame:
    """Case duration: from the first to the last event of each case (any log).

    Returns
    -------
    pandas.DataFrame
        One row per case: case_id, start_at, end_at, n_events, days.
    """
    require_as_of(as_of, "case_durations")
    ts = _default_as_of(con, as_of)
    out = _aware(
        store.sql_frame(con, "leadtime/case_durations", as_of=ts),
        ("start_at", "end_at"),
    )
    out["n_events"] = out["n_events"].astype("int64")
    out["days"] = elapsed_days(out["start_at"], out["end_at"])
    out.attrs["ipgar"] = ipgar_attrs(con, ts)
    return out


def _default_as_of(con: duckdb.DuckDBPyConnection, as_of: AsOf | None) -> pd.Timestamp:
    return reference_time(con, as_of)


def _aware(frame: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    out = frame.copy()
    for col in cols:
        out[col] = as_local(out[col])
    return out.reset_index(drop=True)
