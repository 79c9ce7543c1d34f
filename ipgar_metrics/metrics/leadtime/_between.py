"""Lead times from A to B on any log, and case durations.

On an iPGA-R store (profile ``ipgar``) ``lead_time_between`` measures within each
episode, as ``lead_times`` does; on any other log (profile ``generic``, one episode
per case) from the first A to the first B per case, which is checked against pm4py on
public logs (tests/oracle/test_leadtime_oracle.py).

Over whole cases the lead time reads the stored first time of each activity per case
(``activity_firsts``, schema version 12), and case durations read the stored paths
(``episode_paths``) when no event lies after the reference time: the same rows as
the scans of every event, which stay for the other cases (``READ_STORED``; a test
compares both ways).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal

import duckdb
import pandas as pd

from ipgar_metrics import config, schema, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _summary as summary
from ipgar_metrics.metrics._episodes import (
    ipgar_attrs,
    numbered_rows,
    reference_time,
    require_as_of,
    store_values,
)
from ipgar_metrics.metrics.leadtime._lead_times import AsOf
from ipgar_metrics.metrics.leadtime._small import SMALL_N, flag_small
from ipgar_metrics.workdays import as_local, elapsed_days

Within = Literal["episode", "case"]
#: Whether ``within="case"`` and ``case_durations`` read the stored tables derived
#: from the events (``activity_firsts``, ``episode_paths``); False: they scan the
#: events (a test compares both).
READ_STORED: bool = True
#: The SQL file of each way to measure.
_SQL_WITHIN: Final[dict[str, str]] = {
    "episode": "leadtime/first_a_to_first_b_in_episode",
    "case": "leadtime/first_a_to_first_b",
}

OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "lead_time_between": {
        "case_id": "str: case pseudonym",
        "episode": "int: the episode (within='case': of the first `from_activity`)",
        "start_at": "datetime64[tz]: first `from_activity` (of the episode)",
        "end_at": "datetime64[tz]: first `to_activity` (within='episode': after "
        "start_at in the same episode; within='case': may precede start_at); NaT: none",
        "outcome": "str: reached, open, or ended (closed without `to_activity`)",
        "is_open": "bool: no `to_activity` by as_of and the episode not closed",
        "ended_without_to": "bool: the episode was closed by as_of (exit, geen_opname "
        "decision, preventive conversation or a new report) without `to_activity`",
        "days": "float: end_at - start_at in days (negative kept); NaN without end",
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
    within: Within | None = None,
    min_n: int = SMALL_N,
) -> pd.DataFrame:
    """Lead time from the first ``from_activity`` to the first ``to_activity``.

    Per episode on an iPGA-R store, per case on any other log (``within``).

    ``within="episode"`` (the default in profile ``ipgar``): one row per episode with
    a ``from_activity``, from its first ``from_activity`` to the first
    ``to_activity`` after it in the same episode, so a re-reported case is measured
    per report, and ``melding`` to ``instroom`` equals ``lead_times`` for the
    episodes with an intake. An episode without ``to_activity`` is ``open``
    (``is_open``) while it is still open at ``as_of``; once it has been closed (an
    exit, a ``geen_opname`` decision, a preventive conversation, or a new report)
    its outcome is ``ended`` (``ended_without_to``): it is neither open nor in the
    statistics, as a refused report never reaches the intake.

    ``within="case"`` (the default in profile ``generic``): one row per case, from
    the first ``from_activity`` to the first ``to_activity`` of the whole case;
    cases without ``to_activity`` are ``open``. When the first ``to_activity``
    precedes the first ``from_activity`` the lead time is negative and kept (as
    pm4py and the public-log reference figures do).

    Cases without ``from_activity`` are left out.

    Parameters
    ----------
    con
        The event store.
    from_activity, to_activity
        Activity names (checked against the vocabulary in profile ``ipgar``).
    as_of
        Reference time (required); ``store.last_event_at(con)`` gives the last event.
    level
        ``"case"``: one row per case (per episode with ``within="episode"``);
        ``"summary"``: ``summarise`` of days (``n`` counts the reached
        rows, ``n_open`` the open ones; ended rows are in neither).
    within
        ``"episode"`` or ``"case"``; ``None``: ``"episode"`` in profile ``ipgar``,
        ``"case"`` otherwise.
    min_n
        ``level="summary"``: fewer reached rows than this flag ``small_n`` and
        leave the median and percentiles NaN; default 10.

    Returns
    -------
    pandas.DataFrame
        level="case": case_id, episode, start_at, end_at, outcome (reached, open,
        ended), is_open, ended_without_to, days, weeks, open_days.
        level="summary": n, n_open, mean_days, median_days, p10_days, p25_days,
        p75_days, p90_days, min_days, max_days, small_n, mostly_open (fewer than
        10 reached rows leave median and percentiles NaN; ``_small.flag_small``).
    """
    require_as_of(as_of, "lead_time_between")
    profile = store.profile_of(con)
    # iPGA-R: the vocabulary; any other log: the activities the store holds
    known = None if profile == "ipgar" else store_values(con, "activity")
    schema.check_activity(from_activity, profile=profile, known=known)
    schema.check_activity(to_activity, profile=profile, known=known)
    if from_activity == to_activity:  # every lead time would be 0
        raise ConfigError(
            f'the lead time from "{from_activity}" to "{to_activity}" is 0 in every '
            "case; give two different activities."
        )
    if within is None:
        within = "episode" if profile == "ipgar" else "case"
    if within not in _SQL_WITHIN:
        raise ConfigError(f'unknown within "{within}"; choose one of: episode, case.')
    ts = _default_as_of(con, as_of)
    sql = _SQL_WITHIN[within]
    if within == "case" and READ_STORED:
        sql = "leadtime/first_a_to_first_b_stored"
    raw = store.sql_frame(
        con,
        sql,
        from_activity=from_activity,
        to_activity=to_activity,
        as_of=ts,
    )
    out = _aware(raw, ("start_at", "end_at"))
    out["episode"] = out["episode"].astype("int64")
    ended = out.pop("ended_without_to") if "ended_without_to" in out else None
    ended = (
        pd.Series(False, index=out.index)
        if ended is None
        else ended.fillna(False).astype(bool)
    )
    out["is_open"] = (out["end_at"].isna() & ~ended).astype(bool)
    out["ended_without_to"] = ended
    outcome = (
        out["is_open"].map({True: "open", False: "reached"}).where(~ended, "ended")
    )
    out.insert(4, "outcome", outcome)
    out["days"] = elapsed_days(out["start_at"], out["end_at"])
    out["weeks"] = out["days"] / 7
    as_of_col = pd.Series(ts, index=out.index, dtype=out["start_at"].dtype)
    out["open_days"] = elapsed_days(out["start_at"], as_of_col).where(out["is_open"])
    if level == "summary":
        out = flag_small(summary.summarise(out, value="days"), min_n=min_n)
    elif level != "case":
        raise ConfigError(f'unknown level "{level}"; choose one of: case, summary.')
    out.attrs["ipgar"] = ipgar_attrs(
        con,
        ts,
        from_activity=from_activity,
        to_activity=to_activity,
        level=level,
        within=within,
        min_n=min_n,
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
    last = store.last_event_at(con)
    if READ_STORED and (last is None or pd.Timestamp(last) <= ts):
        # one episode per case (every generic log): a case's row is its episode's
        most = store.first_row(con, "SELECT max(episode) FROM episode_paths")
        single = most is None or most[0] is None or int(most[0]) <= 1
        raw = store.sql_frame(
            con,
            "leadtime/case_durations_stored_single"
            if single
            else "leadtime/case_durations_stored",
        )
    else:
        raw = store.sql_frame(con, "leadtime/case_durations", as_of=ts)
    out = _aware(raw, ("start_at", "end_at"))
    out["n_events"] = out["n_events"].astype("int64")
    out["days"] = elapsed_days(out["start_at"], out["end_at"])
    out.attrs["ipgar"] = ipgar_attrs(con, ts)
    return out


def _default_as_of(con: duckdb.DuckDBPyConnection, as_of: AsOf | None) -> pd.Timestamp:
    return reference_time(con, as_of)


def _aware(frame: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    """``frame`` (a fresh query result, changed in place) with ``cols`` in local time.

    DuckDB gives instants in the connection's time zone, the local one: those
    columns are kept as they are, not copied (0.1 s at a million rows).
    """
    for col in cols:
        values = frame[col]
        local = isinstance(values.dtype, pd.DatetimeTZDtype) and (
            str(values.dtype.tz) == config.TIMEZONE
        )
        if not local:
            frame[col] = as_local(values)
    return numbered_rows(frame)
