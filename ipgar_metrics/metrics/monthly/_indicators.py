"""Key indicators per month with 95% intervals: the trends of the half-yearly monitor.

A month of the iPGA-R holds a handful of reports, so each month's value is taken over
the ``window_months`` months up to and including it (12, as the key figures of the
monthly report): a rolling window, one point per month. Shares get the Wilson score
interval (statsmodels' ``proportion_confint(method="wilson")``, computed in
``metrics._inference`` so that a report does not import statsmodels), the median
the exact distribution-free interval from the order statistics (the binomial with
p = 1/2: the k-th smallest and k-th largest value, the largest k whose coverage is
still at least 95%).
"""

from __future__ import annotations

from typing import Any, Final

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import config
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics.casework import flow, shared_interventions
from ipgar_metrics.metrics.leadtime import lead_times

#: The plan's norm: reports decided (intake or final decision) within 8 weeks.
HORIZON_DAYS: Final[float] = 56.0
#: The indicators, in the order the monitor shows them.
INDICATORS: Final[tuple[str, ...]] = (
    "stock",
    "decided_8w_share",
    "median_weeks",
    "own_org_share",
)
OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "monitor_trends": {
        "month": "str: the last month of the window, YYYY-MM",
        "indicator": "str: stock, decided_8w_share, median_weeks or own_org_share",
        "n": "int: units behind the value (cases, reports, interventions)",
        "count": "float: the numerator of a share (NaN otherwise)",
        "value": "float: the indicator (shares as fractions, the median in weeks)",
        "ci_lower": "float: lower bound of the 95% interval (NaN for the stock)",
        "ci_upper": "float: upper bound of the 95% interval (NaN for the stock)",
        "method": "str: wilson, exact_median or '' (the stock is a count)",
    },
}


def monitor_trends(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    months: int = 24,
    window_months: int = 12,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """The monitor's key indicators for the ``months`` months before ``as_of``.

    - ``stock``: cases in the approach at the end of the month (``flow``);
    - ``decided_8w_share``: of the reports (meldingen) of the window whose 8 weeks
      had passed at ``as_of``, the share with an intake or final decision within 8
      weeks (Wilson interval);
    - ``median_weeks``: median lead time report → intake or final decision of the
      episodes completed in the window, in weeks (exact interval of the median);
    - ``own_org_share``: of the interventions started in the window with a case
      manager, the share delivered by the case manager's own organisation (Wilson).

    Returns
    -------
    pandas.DataFrame
        One row per month and indicator, oldest month first:
        ``OUTPUT_COLUMNS["monitor_trends"]``.
    """
    ts = status.as_timestamp(con, as_of)
    last = pd.Period(ts.tz_convert(config.TIMEZONE).tz_localize(None), freq="M") - 1
    month_list = [str(last - i) for i in range(months - 1, -1, -1)]
    eps = lead_times(con, as_of=as_of, level="episode")
    ivs = shared_interventions(con, as_of=as_of)  # selected and read
    ivs = ivs[ivs["own_org"].notna()]
    stock = flow(con, as_of=as_of).set_index("month")["stock_end"]
    reported = eps["start_at"] + pd.Timedelta(days=HORIZON_DAYS) <= ts
    eps = eps.assign(
        ripe=reported,
        within=(~eps["is_open"]) & (eps["days"] <= HORIZON_DAYS),
        end_month=eps["end_at"].dt.tz_convert(config.TIMEZONE).dt.strftime("%Y-%m"),
    )
    rows: list[dict[str, Any]] = []
    for month in month_list:
        first = str(pd.Period(month, freq="M") - (window_months - 1))
        n_stock = stock.get(month, np.nan)
        rows.append(_row(month, "stock", n_stock, np.nan, n_stock, (np.nan,) * 2, ""))
        sel = eps[(eps["month"] >= first) & (eps["month"] <= month) & eps["ripe"]]
        n, k = len(sel), int(sel["within"].sum())
        rows.append(_share(month, "decided_8w_share", k, n, alpha))
        done = eps[
            ~eps["is_open"] & (eps["end_month"] >= first) & (eps["end_month"] <= month)
        ]
        weeks = np.sort(done["weeks"].to_numpy(float))
        ci = median_interval(weeks, alpha)
        median = float(np.median(weeks)) if len(weeks) else np.nan
        rows.append(
            _row(month, "median_weeks", len(weeks), np.nan, median, ci, "exact_median")
        )
        sel = ivs[(ivs["month"] >= first) & (ivs["month"] <= month)]
        own = int(sel["own_org"].astype(bool).sum())
        rows.append(_share(month, "own_org_share", own, len(sel), alpha))
    out = pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS["monitor_trends"]))
    out["n"] = out["n"].fillna(0).astype(int)
    return status.attach_meta(
        out, con, ts, months=months, window_months=window_months, alpha=alpha
    )


def wilson_interval(count: int, n: int, alpha: float = 0.05) -> tuple[float, float]:
    """The Wilson score interval of ``count`` out of ``n`` (NaN when ``n`` is 0)."""
    if n <= 0:
        return (np.nan, np.nan)
    from ipgar_metrics.metrics._inference import wilson_interval as wilson

    return wilson(count, n, alpha)


def median_interval(values: np.ndarray, alpha: float = 0.05) -> tuple[float, float]:
    """Exact distribution-free interval of the median from sorted ``values``.

    The j-th smallest and j-th largest value, j the largest rank with
    P(Binomial(n, 1/2) < j) <= alpha / 2; NaN when no such rank exists (n < 6).
    """
    from ipgar_metrics.metrics._inference import binomial_cdf, binomial_ppf

    n = len(values)
    j = binomial_ppf(alpha / 2, n, 0.5) if n else 0
    if j >= 1 and binomial_cdf(j - 1, n, 0.5) > alpha / 2:
        j -= 1
    if j < 1:
        return (np.nan, np.nan)
    ordered = np.sort(values)
    return (float(ordered[j - 1]), float(ordered[n - j]))


def _share(month: str, name: str, count: int, n: int, alpha: float) -> dict[str, Any]:
    value = count / n if n else np.nan
    return _row(
        month, name, n, count, value, wilson_interval(count, n, alpha), "wilson"
    )


def _row(
    month: str,
    name: str,
    n: float,
    count: float,
    value: float,
    ci: tuple[float, float],
    method: str,
) -> dict[str, Any]:
    return {
        "month": month,
        "indicator": name,
        "n": n,
        "count": count,
        "value": value,
        "ci_lower": ci[0],
        "ci_upper": ci[1],
        "method": method,
    }
