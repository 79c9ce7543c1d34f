"""Around the network: new reports of linked persons, and persons per key location.

``network_inflow`` splits the new reports of a window by whether the person, at the
report, was linked to someone in the approach: how many, how many were admitted and
their lead time from report to intake (the lead times of ``metrics.leadtime``, with
its censoring and small-number rules). ``key_location_counts`` counts the persons
linked to each key location at each month end, in the approach and others.
Definitions: ``docs/metrics/network.md``.
"""

from __future__ import annotations

from typing import Any, Final

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import config, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics import _summary as summary
from ipgar_metrics.metrics._episodes import require_as_of
from ipgar_metrics.metrics.leadtime import SMALL_N, lead_times
from ipgar_metrics.metrics.network._graph import require_relations

#: Default window of ``network_inflow`` and months of ``key_location_counts``.
WINDOW_MONTHS: Final[int] = 12

OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "network_inflow": {
        "linked": "bool: at the report, linked to a person then in the approach",
        "reports": "int: new reports (episodes whose first melding is in the window)",
        "admitted": "int: of which with an instroom by as_of",
        "n": "int: of which completed (intake, or final decision without intake)",
        "n_open": "int: of which still open at as_of (censored: no lead time yet)",
        "mean_days": "float: mean days from report to intake or final decision (completed)",
        "median_days": f"float: median of the same (NaN when n < {SMALL_N}, see small_n)",
        "small_n": f"bool: fewer than {SMALL_N} completed reports; median is NaN",
    },
    "key_location_counts": {
        "location_id": "str: pseudonym of the key location",
        "month": "str: local calendar month YYYY-MM",
        "persons": "int: known persons linked to the location at the month end",
        "in_approach": "int: of which in the approach at that moment",
        "others": "int: of which not in the approach (reported, refused, exited)",
        "is_partial": "bool: the month containing as_of (counted at as_of)",
    },
}


def network_inflow(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    window_months: int = WINDOW_MONTHS,
    min_n: int = SMALL_N,
) -> pd.DataFrame:
    """New reports in the window, linked to someone in the approach or not.

    A report is linked when, on its local date, the person had an active link
    (a relation, or a shared key location) to a person in the approach at the
    moment of the report. The lead time is ``lead_times``' report to intake, or to
    the final decision for an episode without intake; open episodes are counted in
    ``n_open`` and left out of the statistics, and a group with fewer than ``min_n``
    completed reports has no median (``small_n``).

    Returns
    -------
    Two rows, ``linked`` True and False (zeros when a group has no reports):
    ``OUTPUT_COLUMNS["network_inflow"]``.
    """
    require_as_of(as_of, "network_inflow")
    if window_months < 1:
        raise ConfigError("window_months must be 1 or more; pass e.g. 12.")
    ts = status.as_timestamp(con, as_of)
    require_relations(con, "network_inflow")
    start = ts - pd.DateOffset(months=window_months)
    flags = store.sql_frame(
        con, "network/inflow", as_of=ts, window_start=start, tz=config.TIMEZONE
    )
    times = lead_times(con, as_of=ts)
    keys = ["case_id", "episode"]
    work = flags[[*keys, "linked"]].merge(times, on=keys, how="left")
    work["linked"] = work["linked"].astype(bool)
    rows = []
    for linked in (True, False):
        group = work.loc[work["linked"] == linked]
        stats = summary.summarise(group, value="days").iloc[0] if len(group) else None
        n = int(stats["n"]) if stats is not None else 0
        median = float(stats["median_days"]) if stats is not None else np.nan
        rows.append(
            {
                "linked": linked,
                "reports": len(group),
                "admitted": int((group["outcome"] == "instroom").sum()),
                "n": n,
                "n_open": int(stats["n_open"]) if stats is not None else 0,
                "mean_days": float(stats["mean_days"]) if stats is not None else np.nan,
                "median_days": median if n >= min_n else np.nan,
                "small_n": n < min_n,
            }
        )
    out = pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS["network_inflow"]))
    return status.attach_meta(
        out,
        con,
        ts,
        window_months=window_months,
        window_start=start.isoformat(),
        min_n=min_n,
    )


def key_location_counts(
    con: duckdb.DuckDBPyConnection, *, as_of: Any, months: int = WINDOW_MONTHS
) -> pd.DataFrame:
    """Persons linked to each key location at each of the last ``months`` month ends.

    A person is linked to a location at a moment when a period of theirs there
    started on or before its local date and has no end or ends after it. The month
    containing ``as_of`` is counted at ``as_of``; when ``as_of`` is the very start of
    a month, the last month is the one before it.

    Returns
    -------
    One row per (location, month) for every location with a known person in any of
    the months: ``OUTPUT_COLUMNS["key_location_counts"]``.
    """
    require_as_of(as_of, "key_location_counts")
    if months < 1:
        raise ConfigError("months must be 1 or more; pass e.g. 12.")
    ts = status.as_timestamp(con, as_of)
    _, locations = require_relations(con, "key_location_counts")
    if locations == 0:
        raise ConfigError(
            "key_location_counts: the store holds no key locations; load them with "
            "ipgar load --db DB --relations FILE --locations FILE."
        )
    local = ts.tz_convert(config.TIMEZONE).tz_localize(None)
    last = local.to_period("M")
    if local == last.start_time:
        last -= 1  # as_of at 00:00 on the 1st: the last month is the one before
    first = (last - (months - 1)).start_time.tz_localize(config.TIMEZONE)
    grid = status.month_ends(first, ts)
    points = grid["month_end"].where(
        grid["is_partial"], grid["month_end"] - pd.Timedelta(microseconds=1)
    )
    out = store.sql_frame(
        con,
        "network/key_locations",
        as_of=ts,
        tz=config.TIMEZONE,
        months=grid["month"].tolist(),
        points=[p.to_pydatetime() for p in points],
    )
    partial = dict(zip(grid["month"], grid["is_partial"], strict=True))
    out["is_partial"] = out["month"].map(partial).astype(bool)
    for col in ("persons", "in_approach", "others"):
        out[col] = out[col].astype("int64")
    cols = list(OUTPUT_COLUMNS["key_location_counts"])
    return status.attach_meta(out[cols], con, ts, months=months)
