"""The wait for requested information per partner organisation (step 1a).

Step 1a of the plan of approach asks which partners are slow to answer a request
for information. Every ``info_aanvraag`` of an episode is one request; it is
answered by the first ``info_ontvangen`` after it in the same episode whose
organisation is the request's (or either has none). A request not answered is
*censored*: at ``as_of`` while its episode is open ("open"), at the episode's end
when the episode ended without the information ("unanswered"). The median and the
90th percentile are Kaplan-Meier estimates over answered and censored requests, so
the slow requests still waiting count for what is known of them; the mean is over
the answered requests only (and so understates a partner with many open ones).

The organisation is the request's, else the answer's, else ``onbekend``.
Definitions: ``docs/metrics/leadtime.md``, section "Information wait per
organisation".
"""

from __future__ import annotations

from typing import Any, Final, Literal

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import schema, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics._episodes import (
    episodes,
    ipgar_attrs,
    listed_episodes,
    require_as_of,
    resolve_as_of,
)
from ipgar_metrics.metrics.leadtime._lead_times import AsOf
from ipgar_metrics.metrics.leadtime._small import OPEN_SHARE, SMALL_N
from ipgar_metrics.schema import Period
from ipgar_metrics.workdays import elapsed_days

#: The organisation of a request that names none (nor does its answer).
UNKNOWN_ORG: Final[str] = "onbekend"

ORG_WAIT_COLUMNS: Final[dict[str, str]] = {
    "org": f"str: partner organisation of the request ('{UNKNOWN_ORG}' when none)",
    "requests": "int: information requests made in the period",
    "answered": "int: requests answered by information from the organisation",
    "open": "int: requests unanswered in an episode still open at as_of (censored there)",
    "unanswered": "int: requests whose episode ended without the information (censored at its end)",
    "mean_days": "float: mean wait of the answered requests (understates when many are open)",
    "median_days": "float: Kaplan-Meier median wait (censored requests included); NaN when small_n or never reached",
    "p90_days": "float: Kaplan-Meier 90th percentile of the wait; NaN when small_n or never reached",
    "max_days": "float: longest wait so far (answered or censored)",
    "small_n": f"bool: fewer than {SMALL_N} answered requests; median and p90 are NaN",
    "mostly_open": f"bool: more than {OPEN_SHARE:.0%} of the requests still open (open / requests)",
}
REQUEST_COLUMNS: Final[dict[str, str]] = {
    "case_id": "str: case pseudonym",
    "episode": "int: episode number",
    "org": "str: partner organisation of the request",
    "requested_at": "timestamp: the request",
    "received_at": "timestamp: the answering information (NaT: none by the end)",
    "days": "float: wait in days (to the answer, or to the censoring time)",
    "answered": "bool: the information came",
    "open": "bool: unanswered while the episode is open at as_of",
}
OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "info_wait_by_org": ORG_WAIT_COLUMNS
}
#: Output columns of the other level, keyed "function(level=...)".
COLUMNS_BY_LEVEL: Final[dict[str, dict[str, str]]] = {
    "info_wait_by_org(level=request)": REQUEST_COLUMNS
}


def info_wait_by_org(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: AsOf,
    period: Period | None = None,
    level: Literal["summary", "request"] = "summary",
    min_n: int = SMALL_N,
) -> pd.DataFrame:
    """Wait from an information request to the information, per partner organisation.

    Parameters
    ----------
    con
        The event store.
    as_of
        Reference time: events after it are ignored; a request unanswered at it in
        an open episode is censored there.
    period
        ``(first_day, last_day)``: only requests made on those local days (both
        included; ``None`` on a side leaves it open). Default: every request.
    level
        ``"summary"`` (default): one row per organisation, slowest median first;
        ``"request"``: one row per request (case pseudonyms: for analysts only).
    min_n
        Fewer answered requests than this (10): no median or p90 (``small_n``).

    Returns
    -------
    pandas.DataFrame
        level="summary": ``ORG_WAIT_COLUMNS`` (org, requests, answered, open,
        unanswered, mean_days, median_days, p90_days, max_days, small_n,
        mostly_open). level="request": ``REQUEST_COLUMNS``.
    """
    require_as_of(as_of, "info_wait_by_org")
    if level not in ("summary", "request"):
        raise ConfigError(f'unknown level "{level}"; choose one of: summary, request.')
    checked, _mode = schema.check_period(
        period, "started", allowed=("started",), function="info_wait_by_org"
    )
    ts = resolve_as_of(as_of)
    requests = _requests(con, ts, checked)
    if level == "request":
        out = requests[list(REQUEST_COLUMNS)].reset_index(drop=True)
    else:
        rows = [_summary(org, group, min_n) for org, group in requests.groupby("org")]
        out = pd.DataFrame(rows, columns=list(ORG_WAIT_COLUMNS))
        for col in ("requests", "answered", "open", "unanswered"):
            out[col] = out[col].astype("int64")
        for col in ("small_n", "mostly_open"):
            out[col] = out[col].astype(bool)
        out = out.sort_values(
            ["median_days", "requests", "org"],
            ascending=[False, False, True],
            na_position="last",
        ).reset_index(drop=True)
    out.attrs["ipgar"] = ipgar_attrs(
        con,
        ts,
        level=level,
        period=None if checked is None else [_iso(d) for d in checked],
        min_n=min_n,
    )
    return out


def _requests(
    con: duckdb.DuckDBPyConnection, ts: pd.Timestamp, period: Period | None
) -> pd.DataFrame:
    """One row per request with its organisation, wait and censoring."""
    eps = episodes(con, as_of=ts)
    eps = eps[eps["melding_at"].notna()].reset_index(drop=True)
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in REQUEST_COLUMNS})
    if eps.empty:
        return empty
    with listed_episodes(con, eps):
        raw = store.sql_frame(con, "leadtime/info_requests", as_of=ts)
    if period is not None:
        first, last = period
        if first is not None:
            raw = raw[raw["requested_at"] >= resolve_as_of(first)]
        if last is not None:
            end = pd.Timestamp(last).date() + pd.Timedelta(days=1)
            raw = raw[raw["requested_at"] < resolve_as_of(end)]
    if raw.empty:
        return empty
    org = raw["request_org"].where(raw["request_org"].notna(), raw["receipt_org"])
    answered = raw["received_at"].notna()
    stop = raw["received_at"].where(answered, raw["stop_at"])
    return pd.DataFrame(
        {
            "case_id": raw["case_id"],
            "episode": raw["episode"].astype("int64"),
            "org": org.fillna(UNKNOWN_ORG).astype(str),
            "requested_at": raw["requested_at"],
            "received_at": raw["received_at"],
            "days": elapsed_days(raw["requested_at"], stop).clip(lower=0.0),
            "answered": answered.astype(bool),
            "open": (~answered & raw["is_open"].astype(bool)).astype(bool),
        }
    )


def _summary(org: str, group: pd.DataFrame, min_n: int) -> dict[str, Any]:
    """The row of one organisation."""
    answered = group["answered"].to_numpy(dtype=bool)
    days = group["days"].to_numpy(dtype=float)
    n_open = int(group["open"].sum())
    small = int(answered.sum()) < min_n
    return {
        "org": org,
        "requests": len(group),
        "answered": int(answered.sum()),
        "open": n_open,
        "unanswered": int((~answered).sum()) - n_open,
        "mean_days": float(days[answered].mean()) if answered.any() else np.nan,
        "median_days": np.nan if small else km_quantile(days, answered, 0.5),
        "p90_days": np.nan if small else km_quantile(days, answered, 0.9),
        "max_days": float(days.max()) if len(days) else np.nan,
        "small_n": small,
        "mostly_open": n_open / len(group) > OPEN_SHARE,
    }


def km_quantile(days: np.ndarray, observed: np.ndarray, q: float) -> float:
    """The first time the Kaplan-Meier share still waiting falls to ``1 - q`` or below.

    NaN when it never does (too many waits censored before it).
    """
    order = np.lexsort((~observed, days))  # at a tie, events before censorings
    t, e = days[order], observed[order]
    survival, at_risk = 1.0, len(t)
    i = 0
    while i < len(t):
        j = i
        while j < len(t) and t[j] == t[i]:
            j += 1
        events = int(e[i:j].sum())
        if events:
            survival *= 1 - events / at_risk
            if survival <= 1 - q + 1e-12:
                return float(t[i])
        at_risk -= j - i
        i = j
    return float("nan")


def _iso(day: Any) -> str | None:
    return None if day is None else pd.Timestamp(day).date().isoformat()
