"""Stock and flow of the approach: inflow, outflow, stock by status, time in it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import schema, status, summary
from ipgar_metrics.errors import ConfigError

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "flow": {
        "month": "str: local calendar month YYYY-MM",
        "inflow": "int: instroom events in the month",
        "outflow": "int: uitstroom events in the month",
        "stock_end": "int: cases in the approach at the end of the month (or as_of)",
        "active": "int: of which not paused",
        "detained": "int: of which detained",
        "travelled": "int: of which travelled",
        "static": "int: of which static",
        "is_partial": "bool: the month containing as_of (stock at as_of)",
    },
    "outflow_by_reason": {
        "month": "str: local calendar month YYYY-MM",
        "exit_reason": "str: outcome of the uitstroom",
        "n": "int: uitstroom events",
    },
    "time_in_approach(level=case)": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "instroom_at": "timestamp: first instroom",
        "uitstroom_at": "timestamp: exit (NaT while still in)",
        "days": "float: days in the approach up to the exit or as_of",
        "is_open": "bool: still in at as_of (censored)",
    },
    "time_in_approach(level=summary)": {
        **{
            c: "summary.summarise column (closed episodes)"
            for c in summary.SUMMARY_COLUMNS
        },
        "km_median_days": "float: Kaplan-Meier median with open episodes censored (NaN: not reached)",
    },
    "time_in_approach(level=km)": {
        "days": "float: time since instroom",
        "survival": "float: Kaplan-Meier share still in the approach",
        "ci_lower": "float: lower 95% bound",
        "ci_upper": "float: upper 95% bound",
        "at_risk": "int: episodes still in just before that time",
    },
}


def _segments(by: Sequence[str]) -> tuple[str, ...]:
    return tuple(b for b in schema.check_segments(tuple(by)) if b != "month")


def flow(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any = None,
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """Inflow, outflow and stock (by status) per local calendar month.

    The stock of a month is the state after every event before the next month
    began (for the month holding ``as_of``: after every event at or before it),
    so ``stock_end = previous stock_end + inflow - outflow``.

    Returns
    -------
    One row per (by-group, month) from the first instroom to ``as_of``: the
    ``by`` columns then ``OUTPUT_COLUMNS["flow"]``.
    """
    segs = _segments(by)
    ts = status.as_timestamp(con, as_of)
    periods = status.approach_periods(con, as_of=ts)
    intervals = status.status_intervals(con, as_of=ts)
    cols = [*segs, *OUTPUT_COLUMNS["flow"]]
    if periods.empty:
        return status.attach_meta(pd.DataFrame(columns=cols), con, ts, by=list(segs))
    months = status.month_ends(periods["instroom_at"].min(), ts)
    groups = periods.groupby(list(segs), dropna=False) if segs else [((), periods)]
    rows: list[dict[str, Any]] = []
    for key, grp in groups:
        key_t = key if isinstance(key, tuple) else (key,)
        for m in months.itertuples():
            row = dict(zip(segs, key_t, strict=True))
            row.update(_month_row(grp, intervals, m))
            rows.append(row)
    out = pd.DataFrame(rows, columns=cols)
    for c in ("inflow", "outflow", "stock_end", *status.STATUSES):
        out[c] = out[c].astype("int64")
    return status.attach_meta(out, con, ts, by=list(segs))


def _month_row(grp: pd.DataFrame, intervals: pd.DataFrame, m: Any) -> dict[str, Any]:
    start, end, partial = m.month_start, m.month_end, m.is_partial
    in_at = status.in_approach_at(grp, end, before=not partial)
    stock = grp.loc[in_at, "case_id"]
    now = status.status_at(intervals, end, before=not partial)
    states = stock.map(now).fillna("active")
    inflow = (grp["instroom_at"] >= start) & (
        grp["instroom_at"] <= end if partial else grp["instroom_at"] < end
    )
    out_at = grp["uitstroom_at"]
    outflow = (out_at >= start) & (out_at <= end if partial else out_at < end)
    row = {
        "month": m.month,
        "inflow": int(inflow.sum()),
        "outflow": int(outflow.fillna(False).sum()),
        "stock_end": len(stock),
        "is_partial": bool(partial),
    }
    row.update({s: int((states == s).sum()) for s in status.STATUSES})
    return row


def outflow_by_reason(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any = None,
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """Exits from the approach per local month and reason.

    Returns
    -------
    One row per (by-group, month, exit_reason) with at least one exit: the ``by``
    columns then ``OUTPUT_COLUMNS["outflow_by_reason"]``.
    """
    segs = _segments(by)
    ts = status.as_timestamp(con, as_of)
    periods = status.approach_periods(con, as_of=ts)
    done = periods.loc[periods["uitstroom_at"].notna()].copy()
    done["month"] = done["uitstroom_at"].dt.tz_localize(None).dt.strftime("%Y-%m")
    done["exit_reason"] = done["exit_reason"].fillna("onbekend")
    keys = [*segs, "month", "exit_reason"]
    out = done.groupby(keys, dropna=False).size().reset_index(name="n")
    out["n"] = out["n"].astype("int64")
    return status.attach_meta(out, con, ts, by=list(segs))


def time_in_approach(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any = None,
    level: Literal["case", "summary", "km"] = "case",
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """Time from instroom to uitstroom, with episodes still in censored at ``as_of``.

    Returns
    -------
    level="case": one row per episode (``time_in_approach(level=case)``).
    level="summary": ``summary.summarise`` of closed episodes per by-group plus
        ``km_median_days`` (Kaplan-Meier, lifelines, open episodes censored).
    level="km": the Kaplan-Meier curve per by-group: days, survival, ci_lower,
        ci_upper, at_risk.
    """
    if level not in ("case", "summary", "km"):
        raise ConfigError(f'unknown level "{level}"; choose one of: case, summary, km.')
    segs = _segments(by)
    ts = status.as_timestamp(con, as_of)
    p = status.approach_periods(con, as_of=ts)
    p["days"] = status.days_between(p["instroom_at"], p["uitstroom_at"].fillna(ts))
    params = {"level": level, "by": list(segs)}
    if level == "case":
        cols = [*OUTPUT_COLUMNS["time_in_approach(level=case)"], *segs]
        return status.attach_meta(p[cols].reset_index(drop=True), con, ts, **params)
    groups = p.groupby(list(segs), dropna=False) if segs else [((), p)]
    if level == "summary":
        out = summary.summarise(p, value="days", by=segs)
        medians = [_km(g)[1] for _, g in groups]
        out["km_median_days"] = medians if len(out) == len(medians) else np.nan
        return status.attach_meta(out, con, ts, **params)
    parts = []
    for key, grp in groups:
        curve = _km(grp)[0]
        key_t = key if isinstance(key, tuple) else (key,)
        for name, val in zip(segs, key_t, strict=True):
            curve.insert(0, name, val)
        parts.append(curve)
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return status.attach_meta(out, con, ts, **params)


def _km(grp: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    from lifelines import KaplanMeierFitter

    kmf = KaplanMeierFitter()
    kmf.fit(grp["days"].to_numpy(float), event_observed=(~grp["is_open"]).to_numpy())
    ci = kmf.confidence_interval_survival_function_
    curve = pd.DataFrame(
        {
            "days": kmf.survival_function_.index.to_numpy(float),
            "survival": kmf.survival_function_.iloc[:, 0].to_numpy(float),
            "ci_lower": ci.iloc[:, 0].to_numpy(float),
            "ci_upper": ci.iloc[:, 1].to_numpy(float),
            "at_risk": kmf.event_table["at_risk"].to_numpy(int),
        }
    )
    median = float(kmf.median_survival_time_)
    return curve, (median if np.isfinite(median) else np.nan)
