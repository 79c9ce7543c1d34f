"""Where the lead time goes: loops, report source, slowest episodes, information wait.

The seed blames long lead times on missing information ("cases go back and forth
between information requests and the IVG-R"); these tables let that claim be
checked. Definitions: ``docs/metrics/leadtime.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Literal

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _summary as summary
from ipgar_metrics.metrics._episodes import (
    episode_paths,
    episodes,
    ipgar_attrs,
    listed_episodes,
    require_as_of,
    resolve_as_of,
)
from ipgar_metrics.metrics.leadtime._lead_times import AsOf, check_by, lead_times
from ipgar_metrics.metrics.leadtime._small import FLAG_COLUMNS, SMALL_N, flag_small
from ipgar_metrics.schema import Period, PeriodMode

#: Factors ``lead_time_factors`` relates to the total lead time by default.
FACTORS: Final[tuple[str, ...]] = ("info_loops", "report_source")

OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "lead_time_factors": {
        "factor": "str: info_loops, report_source, ...",
        "value": "str: the factor's value (info loops as a number in text)",
        **{
            c: f"summary.summarise column ({c}) of the total lead time"
            for c in summary.SUMMARY_COLUMNS
        },
        **FLAG_COLUMNS,
    },
    "slowest_episodes": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "days": "float: total lead time (completed episodes)",
        "outcome": "str: instroom, geen_instroom or tussenvariant",
        "info_loops": "int: information requests",
        "ivgr_count": "int: IVG-R discussions",
        "report_source": "str: report source",
        "month": "str: month of the report (YYYY-MM)",
        "path": "str: activities of the episode in order, joined by ' > '",
    },
    "info_wait": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "outcome": "str: episode outcome",
        "is_open": "bool: still open at as_of",
        "days": "float: total lead time, or the time so far when open",
        "info_wait_days": "float: time with an information request outstanding",
        "info_wait_share": "float: info_wait_days / days",
        "info_requests": "int: information requests",
    },
}
#: Output columns of the other levels, keyed "function(level=...)".
COLUMNS_BY_LEVEL: Final[dict[str, dict[str, str]]] = {
    "info_wait(level=summary)": {
        "n": "int: completed episodes",
        "n_open": "int: open episodes (left out)",
        "days": "float: sum of lead times",
        "info_wait_days": "float: sum of waiting times",
        "info_wait_share": "float: info_wait_days / days (share of all lead time)",
        "median_episode_share": "float: median of the per-episode shares",
        "n_with_wait": "int: completed episodes with any information wait",
    },
}


def lead_time_factors(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: AsOf,
    factors: Sequence[str] = FACTORS,
    min_n: int = SMALL_N,
    period: Period | None = None,
    period_mode: PeriodMode = "started",
) -> pd.DataFrame:
    """Distribution of the total lead time per value of each factor, stacked.

    A row with fewer than ``min_n`` (10) completed episodes is flagged ``small_n``
    and gets no median or percentiles (``_small.flag_small``). ``period`` and
    ``period_mode`` choose the episodes as in ``lead_times`` (default: all).

    Returns
    -------
    pandas.DataFrame
        One row per (factor, value): factor, value, n, n_open, mean_days,
        median_days, p10_days, p25_days, p75_days, p90_days, min_days, max_days,
        small_n, mostly_open (``_small.flag_small``: fewer than 10 completed
        episodes leave median and percentiles NaN).
    """
    require_as_of(as_of, "lead_time_factors")
    factors = check_by(factors)
    frame = lead_times(
        con, as_of=as_of, level="episode", period=period, period_mode=period_mode
    )
    parts = []
    for factor in factors:
        part = flag_small(
            summary.summarise(frame, value="days", by=[factor]), min_n=min_n
        )
        part = part.rename(columns={factor: "value"})
        part["value"] = part["value"].astype(str)
        part.insert(0, "factor", factor)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    params = {"factors": list(factors), "min_n": min_n}
    params["period"] = frame.attrs["ipgar"]["params"]["period"]
    params["period_mode"] = period_mode
    out.attrs["ipgar"] = frame.attrs["ipgar"] | {"params": params}
    return out


def slowest_episodes(
    con: duckdb.DuckDBPyConnection, *, as_of: AsOf, share: float = 0.1
) -> pd.DataFrame:
    """The completed episodes in the slowest ``share`` of total lead times, with path.

    An episode is in the top when its lead time is at or above the
    ``1 - share`` quantile (linear interpolation) of the completed episodes.

    Returns
    -------
    pandas.DataFrame
        case_id, episode, days, outcome, info_loops, ivgr_count, report_source,
        month, path; slowest first. Case pseudonyms are for analysts: do not put
        this table in an aggregate report.
    """
    require_as_of(as_of, "slowest_episodes")
    if not 0 < share <= 1:
        raise ConfigError("share must lie in (0, 1], e.g. 0.1 for the slowest 10%.")
    ts = resolve_as_of(as_of)
    frame = lead_times(con, as_of=ts)
    done = frame[~frame["is_open"] & frame["days"].notna()]
    cols = list(OUTPUT_COLUMNS["slowest_episodes"])
    if done.empty:
        out = pd.DataFrame(columns=cols)
    else:
        cut = float(np.quantile(done["days"].to_numpy(), 1 - share))
        top = done[done["days"] >= cut]
        eps = episodes(con, as_of=ts)
        eps = eps.merge(top[["case_id", "episode"]], on=["case_id", "episode"])
        paths = episode_paths(con, eps, as_of=ts)
        out = top.merge(paths, on=["case_id", "episode"], how="left")[cols]
        out = out.sort_values(["days", "case_id"], ascending=[False, True])
    out = out.reset_index(drop=True)
    out.attrs["ipgar"] = ipgar_attrs(con, ts, share=share)
    return out


def info_wait(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: AsOf,
    level: Literal["episode", "summary"] = "episode",
) -> pd.DataFrame:
    """Share of the lead time spent waiting for information.

    Waiting time is the union of the intervals from each ``info_aanvraag`` to the
    next ``info_ontvangen`` of the episode, clipped to the lead time (melding to the
    episode's end, or ``as_of`` when open); a request never answered waits until
    that end.

    Returns
    -------
    pandas.DataFrame
        level="episode": case_id, episode, outcome, is_open, days, info_wait_days,
        info_wait_share, info_requests. level="summary" (completed episodes):
        n, n_open, days, info_wait_days, info_wait_share, median_episode_share,
        n_with_wait.
    """
    require_as_of(as_of, "info_wait")
    ts = resolve_as_of(as_of)
    eps = episodes(con, as_of=ts)
    eps = eps[eps["melding_at"].notna()].reset_index(drop=True)
    if len(eps):
        with listed_episodes(con, eps):
            waits = store.sql_frame(con, "leadtime/info_wait", as_of=ts)
    else:
        waits = pd.DataFrame(
            {
                "case_id": pd.Series(dtype=object),
                "episode": pd.Series(dtype="int64"),
                "info_wait_seconds": pd.Series(dtype=float),
                "info_requests": pd.Series(dtype="int64"),
            }
        )
    out = eps[["case_id", "episode", "outcome", "is_open"]].merge(
        waits, on=["case_id", "episode"], how="left"
    )
    stop = eps["end_at"].fillna(ts)
    out["days"] = (stop - eps["melding_at"]).dt.total_seconds().to_numpy() / 86400
    out["info_wait_days"] = out.pop("info_wait_seconds").fillna(0.0) / 86400
    out["info_wait_share"] = out["info_wait_days"] / out["days"].where(out["days"] > 0)
    out["info_requests"] = out["info_requests"].fillna(0).astype("int64")
    out = out[list(OUTPUT_COLUMNS["info_wait"])]
    if level == "summary":
        out = _wait_summary(out)
    elif level != "episode":
        raise ConfigError(f'unknown level "{level}"; choose one of: episode, summary.')
    out.attrs["ipgar"] = ipgar_attrs(con, ts, level=level)
    return out


def _wait_summary(frame: pd.DataFrame) -> pd.DataFrame:
    done = frame[~frame["is_open"]]
    total, wait = float(done["days"].sum()), float(done["info_wait_days"].sum())
    row: dict[str, Any] = {
        "n": len(done),
        "n_open": int(frame["is_open"].sum()),
        "days": total,
        "info_wait_days": wait,
        "info_wait_share": wait / total if total > 0 else np.nan,
        "median_episode_share": float(done["info_wait_share"].median())
        if len(done)
        else np.nan,
        "n_with_wait": int((done["info_wait_days"] > 0).sum()),
    }
    return pd.DataFrame([row])
