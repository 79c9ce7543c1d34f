"""Censoring done right: Kaplan-Meier time from report to decision or intake.

Naive statistics of completed episodes leave out the episodes still waiting at
``as_of`` and so understate lead times whenever many are open. Here an open episode
counts as *censored* at ``as_of``: it is known to have taken at least that long.
ADR 0002 explains the choice; ``docs/metrics/leadtime.md`` the columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Literal

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import schema, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics._episodes import (
    episodes,
    ipgar_attrs,
    require_as_of,
    resolve_as_of,
)
from ipgar_metrics.metrics._km import ProductLimit, product_limit
from ipgar_metrics.metrics._km import median as km_median
from ipgar_metrics.metrics.leadtime._lead_times import (
    AsOf,
    check_by,
    select_period,
    warn_if_many_open,
)
from ipgar_metrics.metrics.leadtime._small import (
    KM_FLAG_COLUMNS,
    SMALL_N,
    flag_small_km,
)
from ipgar_metrics.schema import Period, PeriodMode
from ipgar_metrics.workdays import elapsed_days, month_label

#: Events a time-to-event curve can end at.
EVENTS: Final[tuple[str, ...]] = ("decision", "instroom", "end")

#: Output columns of every level, keyed "function(level=...)".
COLUMNS_BY_LEVEL: Final[dict[str, dict[str, str]]] = {
    "time_to_decision_km(level=summary)": {
        "<by>": "the by columns",
        "event": "str: decision, instroom or end",
        "n": "int: episodes with a report",
        "n_events": "int: episodes that reached the event by as_of",
        "n_open": "int: episodes still open at as_of (censored there)",
        "n_censored": "int: censored episodes (open, plus ended without intake for event='instroom')",
        "median_days": "float: Kaplan-Meier median; NaN when the curve never falls to 0.5",
        "median_lower_days": "float: lower bound of the median's confidence interval",
        "median_upper_days": "float: upper bound (NaN: not reached)",
        "naive_median_days": "float: median over the episodes that reached the event",
        "open_median_days": "float: median time the open episodes have been open",
        "open_max_days": "float: longest-open episode's time so far",
        "open_over_32w": "int: open episodes open longer than 32 weeks",
        **KM_FLAG_COLUMNS,
    },
    "time_to_decision_km(level=curve)": {
        "<by>": "the by columns",
        "days": "float: time since the report",
        "survival": "float: Kaplan-Meier share not yet reached the event",
        "ci_lower": "float: lower confidence limit of survival",
        "ci_upper": "float: upper confidence limit of survival",
        "reached": "float: 1 - survival (share that reached the event)",
        "at_risk": "int: episodes at risk just before `days`",
        "observed": "int: events at `days`",
        "censored": "int: censored at `days`",
    },
}
#: Output columns per public function at its default level (the contract test reads
#: this).
OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "time_to_decision_km": {
        c: m
        for c, m in COLUMNS_BY_LEVEL["time_to_decision_km(level=summary)"].items()
        if c != "<by>"
    },
}


def km_durations(eps: pd.DataFrame, *, as_of: pd.Timestamp, event: str) -> pd.DataFrame:
    """Duration (days) and event flag per episode with a report.

    ``decision``: the final decision (for an intake without a recorded decision, the
    intake). ``end``: the episode's end (intake, or the final decision without
    intake), the censoring-aware twin of the total lead time. ``instroom``: the intake
    only; episodes that ended without intake are censored at their end
    (cause-specific: read ``1 - survival`` as "taken in, had no one been refused").
    """
    if event not in EVENTS:
        raise ConfigError(
            f'unknown event "{event}"; choose one of: {", ".join(EVENTS)}.'
        )
    # a frame of its own (the selection copies): the caller's frame is never changed
    out = eps[eps["melding_at"].notna()].reset_index(drop=True)
    if event == "decision":
        ended = out["decision_at"].fillna(out["end_at"])
    elif event == "end":
        ended = out["end_at"]
    else:
        ended = out["instroom_at"]
    observed = ended.notna()
    stop = ended.fillna(out["end_at"]).fillna(as_of)
    out["duration_days"] = elapsed_days(out["melding_at"], stop)
    out["observed"] = observed.astype(bool)
    return out


def period_durations(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: pd.Timestamp,
    event: str,
    period: Period | None,
    period_mode: PeriodMode,
) -> pd.DataFrame:
    """``km_durations`` of the episodes that count for ``period``, with their month.

    Inside ``reuse_results`` computed once (the report's curves and summaries ask
    for the same durations).
    """
    key = store.result_key(
        con,
        "period_durations",
        as_of,
        event,
        period,
        period_mode,
    )
    return store.reused(
        key, lambda: _period_durations(con, as_of, event, period, period_mode)
    )


def _period_durations(
    con: duckdb.DuckDBPyConnection,
    as_of: pd.Timestamp,
    event: str,
    period: Period | None,
    period_mode: PeriodMode,
) -> pd.DataFrame:
    eps = episodes(con, as_of=as_of)
    if period is not None:
        eps = select_period(eps, period=period, mode=period_mode, as_of=as_of)
    frame = km_durations(eps, as_of=as_of, event=event)
    frame["month"] = month_label(frame["melding_at"])
    return frame


def time_to_decision_km(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: AsOf,
    event: Literal["decision", "instroom", "end"] = "decision",
    by: str | Sequence[str] = (),
    level: Literal["summary", "curve"] = "summary",
    alpha: float = 0.05,
    period: Period | None = None,
    period_mode: PeriodMode = "started",
    min_n: int = SMALL_N,
) -> pd.DataFrame:
    """Kaplan-Meier estimate of the time from report to decision (or intake).

    Open episodes are censored at ``as_of``. Beside the KM median (with its
    ``1 - alpha`` confidence interval, lifelines' exponential Greenwood bounds) the
    summary gives the naive median of the completed episodes and how long the open
    ones have been open. Raises a ``DataQualityWarning`` when more than 20% of the
    episodes in a group are open.

    Parameters
    ----------
    con
        The event store.
    as_of
        Reference time (a date is the start of that day, local time).
    event
        ``decision`` (final PTO-R decision), ``instroom`` (intake; episodes that
        ended without intake are censored at their end) or ``end`` (intake, or the
        final decision without intake: the total lead time).
    by
        Breakdown, as in ``lead_times``.
    level
        ``summary``: one row per group; ``curve``: the survival curve.
    alpha
        One minus the confidence level.
    period, period_mode
        Which episodes count, as in ``lead_times`` (e.g. the cohort
        reported in a period: ``period_mode="started"``).
    min_n
        ``level="summary"``: a group with fewer episodes that reached the event
        than this is flagged ``small_n`` and gets no medians (NaN); default 10.

    Returns
    -------
    pandas.DataFrame
        level="summary": the ``by`` columns, event, n, n_events, n_open,
        n_censored, median_days, median_lower_days, median_upper_days,
        naive_median_days, open_median_days, open_max_days, open_over_32w,
        small_n (n_events below ``min_n``: the four medians are NaN),
        mostly_open (more than 20% open; ``_small.flag_small_km``).
        level="curve": the ``by`` columns, days, survival, ci_lower, ci_upper,
        reached, at_risk, observed, censored (one row per distinct time, starting
        at 0).
    """
    require_as_of(as_of, "time_to_decision_km")
    by = check_by(by)
    period, period_mode = schema.check_period(
        period, period_mode, function="time_to_decision_km"
    )
    ts = resolve_as_of(as_of)
    frame = period_durations(
        con, as_of=ts, event=event, period=period, period_mode=period_mode
    )
    warn_if_many_open(frame)
    groups = frame.groupby(list(by), dropna=False, sort=True) if by else [((), frame)]
    rows: list[Any] = []
    for key, grp in groups:
        key_t = key if isinstance(key, tuple) else (key,)
        keys = dict(zip(by, key_t, strict=False))
        if level == "curve":
            curve = km_curve(grp, alpha=alpha)
            for col, val in reversed(keys.items()):
                curve.insert(0, col, val)
            rows.append(curve)
        else:
            rows.append({**keys, "event": event, **km_summary(grp, alpha=alpha)})
    if level == "curve":
        out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    elif level == "summary":
        cols = [
            c for c in OUTPUT_COLUMNS["time_to_decision_km"] if c not in KM_FLAG_COLUMNS
        ]
        out = flag_small_km(pd.DataFrame(rows, columns=[*by, *cols]), min_n=min_n)
    else:
        raise ConfigError(f'unknown level "{level}"; choose one of: summary, curve.')
    out.attrs["ipgar"] = ipgar_attrs(
        con,
        ts,
        event=event,
        by=list(by),
        level=level,
        alpha=alpha,
        period=None if period is None else [str(p) for p in period],
        period_mode=period_mode,
        min_n=min_n,
    )
    return out


def _fit(frame: pd.DataFrame, alpha: float) -> ProductLimit:
    return product_limit(frame["duration_days"], frame["observed"], alpha=alpha)


def km_summary(frame: pd.DataFrame, *, alpha: float = 0.05) -> dict[str, Any]:
    """Median with confidence interval, counts and open-time summary of one group."""
    n = len(frame)
    is_open = frame["is_open"].astype(bool)
    n_open = int(is_open.sum())
    open_days = frame.loc[is_open, "duration_days"]
    done = frame.loc[frame["observed"], "duration_days"]
    out: dict[str, Any] = {
        "n": n,
        "n_events": int(frame["observed"].sum()),
        "n_open": n_open,
        "n_censored": int((~frame["observed"]).sum()),
        "median_days": np.nan,
        "median_lower_days": np.nan,
        "median_upper_days": np.nan,
        "naive_median_days": float(done.median()) if len(done) else np.nan,
        "open_median_days": float(open_days.median()) if n_open else np.nan,
        "open_max_days": float(open_days.max()) if n_open else np.nan,
        "open_over_32w": int((open_days > 32 * 7).sum()),
    }
    if n == 0:
        return out
    km = _fit(frame, alpha)
    out["median_days"] = _finite(km_median(km.times, km.survival))
    out["median_lower_days"] = _finite(km_median(km.times, km.ci_lower))
    out["median_upper_days"] = _finite(km_median(km.times, km.ci_upper))
    return out


def km_curve(frame: pd.DataFrame, *, alpha: float = 0.05) -> pd.DataFrame:
    """The Kaplan-Meier curve of one group as a tidy frame."""
    cols = [
        c for c in COLUMNS_BY_LEVEL["time_to_decision_km(level=curve)"] if c != "<by>"
    ]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    km = _fit(frame, alpha)
    out = pd.DataFrame(
        {
            "days": km.times,
            "survival": km.survival,
            "ci_lower": km.ci_lower,
            "ci_upper": km.ci_upper,
            "at_risk": km.at_risk,
            "observed": km.observed,
            "censored": km.censored,
        }
    )
    out.insert(4, "reached", 1.0 - out["survival"])
    return out[cols]


def _finite(value: Any) -> float:
    value = float(value)
    return value if np.isfinite(value) else np.nan
