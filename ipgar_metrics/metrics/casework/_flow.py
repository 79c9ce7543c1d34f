"""Stock and flow of the approach: inflow, outflow, stock by status, time in it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import schema, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics import _summary as summary
from ipgar_metrics.metrics._episodes import require_as_of
from ipgar_metrics.metrics._km import median as km_median
from ipgar_metrics.metrics._km import product_limit
from ipgar_metrics.workdays import as_utc, month_label

COLUMNS_BY_LEVEL: dict[str, dict[str, str]] = {
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
#: Output columns per public function at its default level (the contract test reads
#: this); ``COLUMNS_BY_LEVEL`` has every level, keyed "function(level=...)".
OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    name: {c: m for c, m in COLUMNS_BY_LEVEL[key].items() if not c.startswith("<")}
    for name, key in {
        "time_in_approach": "time_in_approach(level=case)",
    }.items()
}
OUTPUT_COLUMNS.update({k: v for k, v in COLUMNS_BY_LEVEL.items() if "(" not in k})


def _segments(by: Sequence[str]) -> tuple[str, ...]:
    return tuple(b for b in schema.check_segments(by) if b != "month")


def flow(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    by: str | Sequence[str] = (),
) -> pd.DataFrame:
    """Inflow, outflow and stock (by status) per local calendar month.

    The stock of a month is the state after every event before the next month
    began (for the month holding ``as_of``: after every event at or before it),
    so ``stock_end = previous stock_end + inflow - outflow``.

    Returns
    -------
    One row per (by-group, month) from the first instroom to ``as_of``: the
    ``by`` columns then ``COLUMNS_BY_LEVEL["flow"]``.
    """
    require_as_of(as_of, "flow")
    segs = _segments(by)
    ts = status.as_timestamp(con, as_of)
    key = store.result_key(con, "flow", ts, segs)
    return store.reused(key, lambda: _flow(con, ts, segs))  # the report asks twice


def _flow(
    con: duckdb.DuckDBPyConnection, ts: pd.Timestamp, segs: tuple[str, ...]
) -> pd.DataFrame:
    periods = status.approach_periods(con, as_of=ts)
    intervals = status.status_intervals(con, as_of=ts)
    cols = [*segs, *COLUMNS_BY_LEVEL["flow"]]
    if periods.empty:
        return status.attach_meta(pd.DataFrame(columns=cols), con, ts, by=list(segs))
    months = status.month_ends(periods["instroom_at"].min(), ts)
    groups = periods.groupby(list(segs), dropna=False) if segs else [((), periods)]
    parts = []
    for key, grp in groups:
        part = _flow_group(grp, intervals, months)
        key_t = key if isinstance(key, tuple) else (key,)
        for name, val in zip(segs, key_t, strict=True):
            part[name] = val
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)[cols]
    for c in ("inflow", "outflow", "stock_end", *status.STATUSES):
        out[c] = out[c].astype("int64")
    return status.attach_meta(out, con, ts, by=list(segs))


def _flow_group(
    grp: pd.DataFrame, intervals: pd.DataFrame, months: pd.DataFrame
) -> pd.DataFrame:
    """Flow of one group: counts by month label, stock as cumulative in - out."""
    labels = months["month"]
    inflow = (
        month_label(grp["instroom_at"]).value_counts().reindex(labels, fill_value=0)
    )
    exits = grp["uitstroom_at"].dropna()
    outflow = month_label(exits).value_counts().reindex(labels, fill_value=0)
    out = months[["month", "is_partial"]].copy()
    out["inflow"] = inflow.to_numpy()
    out["outflow"] = outflow.to_numpy()
    # every exit follows its episode's instroom, so the stock is a running balance
    out["stock_end"] = (out["inflow"].cumsum() - out["outflow"].cumsum()).to_numpy()
    paused = _paused_counts(grp, intervals, months)
    for s in status.PAUSE_STATUSES:
        counts = paused[s] if s in paused.columns else pd.Series(dtype="int64")
        out[s] = counts.reindex(labels).fillna(0).to_numpy()
    out["active"] = out["stock_end"] - out[list(status.PAUSE_STATUSES)].sum(axis=1)
    return out


def _paused_counts(
    grp: pd.DataFrame, intervals: pd.DataFrame, months: pd.DataFrame
) -> pd.DataFrame:
    """Episodes in the approach and paused at each month end, by status.

    A pause counts at the end ``t`` of a full month when it and the episode's
    instroom began before ``t`` and neither it nor the episode had ended before
    ``t``; at the partial month's end (``as_of``) when both began at or before ``t``
    and neither ended by then. Each pause is matched to the months it covers by
    binary search on the month ends: crossing every pause with every month cost
    20 s at 1 M cases.
    """
    if intervals.empty or grp.empty:
        return pd.DataFrame()
    cols = ["case_id", "episode", "instroom_at", "uitstroom_at"]
    pairs = intervals.merge(grp[cols], on="case_id")
    if pairs.empty:
        return pd.DataFrame()
    never = np.iinfo(np.int64).max
    start = np.maximum(_ns(pairs["start_at"]), _ns(pairs["instroom_at"]))
    end = np.minimum(
        _ns(pairs["end_at"], missing=never), _ns(pairs["uitstroom_at"], missing=never)
    )
    full = ~months["is_partial"].to_numpy()
    ends = _ns(months["month_end"])
    # full months: start < t <= end; the partial (last) month: start <= t < end
    idx = np.flatnonzero(full)
    t_full = ends[idx]
    first = np.searchsorted(t_full, start, side="right")
    last = np.searchsorted(t_full, end, side="right")
    n = np.clip(last - first, 0, None)
    rows = np.repeat(np.arange(len(pairs)), n)
    offsets = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    month_of = idx[np.repeat(first, n) + offsets]
    for i in np.flatnonzero(~full):
        hit = np.flatnonzero((start <= ends[i]) & (end > ends[i]))
        rows = np.concatenate([rows, hit])
        month_of = np.concatenate([month_of, np.full(len(hit), i)])
    rank = {s: i for i, s in enumerate(status.PAUSE_STATUSES)}
    live = pd.DataFrame(
        {
            "case_id": pairs["case_id"].to_numpy()[rows],
            "episode": pairs["episode"].to_numpy()[rows],
            "status": pairs["status"].to_numpy()[rows],
            "month": months["month"].to_numpy()[month_of],
        }
    )
    live = live.assign(_r=live["status"].map(rank)).sort_values("_r", kind="stable")
    live = live.drop_duplicates(["case_id", "episode", "month"])
    return live.groupby(["month", "status"]).size().unstack(fill_value=0)


def _ns(values: pd.Series, *, missing: int = 0) -> np.ndarray:
    """Instants as int64 nanoseconds since 1970 (UTC); ``missing`` for NaT."""
    utc = as_utc(values).dt.as_unit("ns")
    out = utc.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    return np.where(utc.isna().to_numpy(), missing, out)


def outflow_by_reason(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    by: str | Sequence[str] = (),
) -> pd.DataFrame:
    """Exits from the approach per local month and reason.

    Returns
    -------
    One row per (by-group, month, exit_reason) with at least one exit: the ``by``
    columns then ``COLUMNS_BY_LEVEL["outflow_by_reason"]``.
    """
    require_as_of(as_of, "outflow_by_reason")
    segs = _segments(by)
    ts = status.as_timestamp(con, as_of)
    periods = status.approach_periods(con, as_of=ts)
    done = periods.loc[periods["uitstroom_at"].notna()].copy()
    done["month"] = month_label(done["uitstroom_at"])
    done["exit_reason"] = done["exit_reason"].fillna("onbekend")
    keys = [*segs, "month", "exit_reason"]
    out = done.groupby(keys, dropna=False).size().reset_index(name="n")
    out["n"] = out["n"].astype("int64")
    return status.attach_meta(out, con, ts, by=list(segs))


def time_in_approach(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    level: Literal["case", "summary", "km"] = "case",
    by: str | Sequence[str] = (),
) -> pd.DataFrame:
    """Time from instroom to uitstroom, with episodes still in censored at ``as_of``.

    Returns
    -------
    level="case": one row per episode (``time_in_approach(level=case)``).
    level="summary": ``summarise`` of closed episodes per by-group plus
        ``km_median_days`` (Kaplan-Meier, as lifelines computes it, open episodes censored).
    level="km": the Kaplan-Meier curve per by-group: days, survival, ci_lower,
        ci_upper, at_risk.
    """
    require_as_of(as_of, "time_in_approach")
    if level not in ("case", "summary", "km"):
        raise ConfigError(f'unknown level "{level}"; choose one of: case, summary, km.')
    segs = _segments(by)
    ts = status.as_timestamp(con, as_of)
    p = status.approach_periods(con, as_of=ts)
    p["days"] = status.days_between(p["instroom_at"], p["uitstroom_at"].fillna(ts))
    params = {"level": level, "by": list(segs)}
    if level == "case":
        cols = [*COLUMNS_BY_LEVEL["time_in_approach(level=case)"], *segs]
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
    if grp.empty:  # nobody in the approach yet: no curve, no median
        columns = ["days", "survival", "ci_lower", "ci_upper", "at_risk"]
        return pd.DataFrame({c: pd.Series(dtype=float) for c in columns}), np.nan
    km = product_limit(grp["days"].to_numpy(float), (~grp["is_open"]).to_numpy())
    curve = pd.DataFrame(
        {
            "days": km.times,
            "survival": km.survival,
            "ci_lower": km.ci_lower,
            "ci_upper": km.ci_upper,
            "at_risk": km.at_risk.astype(int),
        }
    )
    median = km_median(km.times, km.survival)
    return curve, (median if np.isfinite(median) else np.nan)
