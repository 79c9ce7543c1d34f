"""The quarterly lead-time trend, without the quarters that censoring would flatter.

Recent quarters hold only the quick reports (the slow ones are still open): their
median would show a false improvement, so a quarter where more than
``OPEN_SHARE_MAX`` of the reports are still open at ``as_of`` is left out.
"""

from __future__ import annotations

from typing import Any, Final

import duckdb
import pandas as pd

from ipgar_metrics import config
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics._summary import SUMMARY_COLUMNS, summarise
from ipgar_metrics.metrics.leadtime import lead_times

#: Quarters with a larger share of open reports are left out of the trend.
OPEN_SHARE_MAX: Final[float] = 0.10
#: Quarters the trend shows, the quarter holding the day before ``as_of`` the last.
QUARTERS: Final[int] = 20

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "quarterly_trend": {
        "quarter": "str: quarter of the report (melding), e.g. 2026Q3",
        **{
            c: ("int: " if c.startswith("n") else "float: ") + c
            for c in SUMMARY_COLUMNS
        },
    },
}


def quarterly_trend(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    quarters: int = QUARTERS,
    open_share_max: float = OPEN_SHARE_MAX,
) -> pd.DataFrame:
    """Lead time report → intake per quarter of the report, for the last ``quarters``.

    The episodes of ``lead_times(level="episode")`` are summarised per quarter of
    their month; a quarter where ``n_open`` is more than ``open_share_max`` of its
    episodes (``n + n_open``) is dropped.

    Returns
    -------
    One row per kept quarter, oldest first: quarter, then the ``summarise``
    columns n, n_open, mean_days, median_days, p10_days, p25_days, p75_days,
    p90_days, min_days, max_days.
    """
    ts = status.as_timestamp(con, as_of)
    eps = lead_times(con, as_of=as_of, level="episode")
    # each distinct month is parsed once: a period per episode took 1 s per 100,000
    months = eps["month"].unique()
    quarter_of = dict(
        zip(
            months,
            pd.PeriodIndex(months, freq="M").asfreq("Q").astype(str),
            strict=True,
        )
    )
    frame = eps.assign(quarter=eps["month"].map(quarter_of))
    last_day = (ts - pd.Timedelta(days=1)).tz_convert(config.TIMEZONE)
    first = str(pd.Period(last_day.tz_localize(None), freq="Q") - (quarters - 1))
    frame = frame[frame["quarter"] >= first]
    q = summarise(frame, by=["quarter"])
    q = q[q["n_open"] <= open_share_max * (q["n"] + q["n_open"])]
    return status.attach_meta(
        q, con, ts, quarters=quarters, open_share_max=open_share_max
    )
