"""Re-reports: a new report for a person within 12 or 24 months after an end.

Two ends are followed: the exit from the approach (``after="exit"``, by exit
reason) and the intermediate variant, a preventive conversation instead of intake
(``after="intermediate"``). A follow-up whose window has not passed by ``as_of`` is
censored: it is never counted as "no re-report".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import config, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics._episodes import episodes, require_as_of

#: Follow-up windows in calendar months.
HORIZONS_MONTHS: tuple[int, ...] = (12, 24)
#: What a follow-up starts after.
AFTER: tuple[str, ...] = ("exit", "intermediate")

COLUMNS_BY_LEVEL: dict[str, dict[str, str]] = {
    "rereports(level=episode)": {
        "case_id": "str: case pseudonym",
        "episode": "int: the episode that ended",
        "ended_at": "timestamp: the uitstroom (exit), or the PTO-R decision of the intermediate variant",
        "exit_reason": "str: outcome of the uitstroom (None for the intermediate variant)",
        "next_report_at": "timestamp: the first melding of a later episode (NaT: none by as_of)",
        "days_to_report": "float: ended_at to next_report_at (NaN: none)",
        "complete_12m": "bool: ended_at + 12 calendar months is at or before as_of",
        "rereported_12m": "boolean: re-reported within 12 months; <NA> when not re-reported and the window is not complete (censored)",
        "complete_24m": "bool: the same for 24 months",
        "rereported_24m": "boolean: the same for 24 months",
    },
    "rereports(level=summary)": {
        "<group>": "exit_reason (after='exit') or nothing",
        "horizon_months": "int: 12 or 24",
        "followed": "int: ends followed",
        "complete": "int: of which the window passed by as_of",
        "censored": "int: of which the window did not pass (left out of the share)",
        "rereported": "int: complete ones re-reported within the window",
        "share": "float: rereported / complete (NaN when none complete)",
    },
}
#: The episode-level columns before the pair per horizon.
BASE_COLUMNS: tuple[str, ...] = tuple(
    c for c in COLUMNS_BY_LEVEL["rereports(level=episode)"] if not c.endswith("m")
)
#: Output columns per public function at its default level (the contract test reads
#: this); ``COLUMNS_BY_LEVEL`` has every level, keyed "function(level=...)".
OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "rereports": COLUMNS_BY_LEVEL["rereports(level=episode)"],
}


def rereports(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    after: Literal["exit", "intermediate"] = "exit",
    level: Literal["episode", "summary"] = "episode",
    horizons_months: Sequence[int] = HORIZONS_MONTHS,
) -> pd.DataFrame:
    """New reports for a person within 12 and 24 months after an exit or the variant.

    ``after="exit"`` follows every exit from the approach (``uitstroom``) by reason;
    ``after="intermediate"`` every episode that ended in the intermediate variant
    (``episodes`` outcome ``tussenvariant``: the PTO-R's decision not to take in,
    with a preventive conversation), from that decision. A re-report is the first
    ``melding`` of a later episode of the same case. Per window of ``h`` months:
    re-reported when that report came within ``h`` calendar months; not
    re-reported only when the window has passed by ``as_of``; otherwise censored
    (``<NA>``). Shares are over the complete windows only, so an early re-report
    of a window still running does not count either (no bias towards re-reports).

    Returns
    -------
    level="episode": one row per end followed (``rereports(level=episode)``; one
        pair of ``complete_<h>m``, ``rereported_<h>m`` per horizon).
    level="summary": one row per (exit_reason for ``after="exit"``, horizon):
        ``rereports(level=summary)``.
    """
    require_as_of(as_of, "rereports")
    if after not in AFTER:
        raise ConfigError(
            f'unknown after "{after}"; choose one of: exit, intermediate.'
        )
    if level not in ("episode", "summary"):
        raise ConfigError(f'unknown level "{level}"; choose one of: episode, summary.')
    horizons = tuple(int(h) for h in horizons_months)
    if not horizons or min(horizons) < 1:
        raise ConfigError(
            "horizons_months must be 1 or more months each; pass (12, 24)."
        )
    ts = status.as_timestamp(con, as_of)
    frame = _ends(con, ts, after)
    nxt = store.sql_frame(con, "ptor/next_reports", as_of=ts)
    nxt["next_report_at"] = pd.to_datetime(
        nxt["next_report_at"], utc=True
    ).dt.tz_convert(config.TIMEZONE)
    frame = frame.merge(nxt, on=["case_id", "episode"], how="left")
    frame["days_to_report"] = status.days_between(
        frame["ended_at"], frame["next_report_at"]
    )
    for h in horizons:
        window_end = frame["ended_at"] + pd.DateOffset(months=h)
        complete = (window_end <= ts).to_numpy(dtype=bool)
        within = (frame["next_report_at"] <= window_end).to_numpy(dtype=bool)
        value = pd.array(np.where(within, True, False), dtype="boolean")
        value[~within & ~complete] = pd.NA
        frame[f"complete_{h}m"] = complete
        frame[f"rereported_{h}m"] = value
    per_h = [f"{k}_{h}m" for h in horizons for k in ("complete", "rereported")]
    cols = [*BASE_COLUMNS, *per_h]
    frame = frame[cols].sort_values(["ended_at", "case_id"]).reset_index(drop=True)
    params = {"after": after, "level": level, "horizons_months": list(horizons)}
    if level == "episode":
        return status.attach_meta(frame, con, ts, **params)
    return status.attach_meta(_summary(frame, after, horizons), con, ts, **params)


def _ends(con: duckdb.DuckDBPyConnection, ts: pd.Timestamp, after: str) -> pd.DataFrame:
    """The ends followed: case_id, episode, ended_at, exit_reason."""
    if after == "exit":
        p = status.approach_periods(con, as_of=ts)
        p = p.loc[p["uitstroom_at"].notna()]
        out = p[["case_id", "episode", "uitstroom_at", "exit_reason"]].rename(
            columns={"uitstroom_at": "ended_at"}
        )
        out["exit_reason"] = out["exit_reason"].fillna("onbekend")
        return out.reset_index(drop=True)
    ep = episodes(con, as_of=ts)
    ep = ep.loc[(ep["outcome"] == "tussenvariant") & ep["end_at"].notna()]
    out = ep[["case_id", "episode", "end_at"]].rename(columns={"end_at": "ended_at"})
    out["ended_at"] = pd.to_datetime(out["ended_at"], utc=True).dt.tz_convert(
        config.TIMEZONE
    )
    out["exit_reason"] = None
    return out.reset_index(drop=True)


def _summary(
    frame: pd.DataFrame, after: str, horizons: tuple[int, ...]
) -> pd.DataFrame:
    by = ["exit_reason"] if after == "exit" else []
    groups = frame.groupby(by, sort=True) if by else [((), frame)]
    rows: list[dict[str, Any]] = []
    for key, g in groups:
        key_t = key if isinstance(key, tuple) else (key,)
        for h in horizons:
            complete = g[f"complete_{h}m"].to_numpy(dtype=bool)
            hit = g[f"rereported_{h}m"].fillna(False).to_numpy(dtype=bool)
            n_complete = int(complete.sum())
            n_hit = int((hit & complete).sum())
            row: dict[str, Any] = dict(zip(by, key_t, strict=True))
            row.update(
                {
                    "horizon_months": h,
                    "followed": len(g),
                    "complete": n_complete,
                    "censored": len(g) - n_complete,
                    "rereported": n_hit,
                    "share": n_hit / n_complete if n_complete else np.nan,
                }
            )
            rows.append(row)
    cols = [*by, *list(COLUMNS_BY_LEVEL["rereports(level=summary)"])[1:]]
    return pd.DataFrame(rows, columns=cols)
