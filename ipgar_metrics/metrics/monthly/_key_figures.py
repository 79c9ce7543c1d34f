"""The key figures of a month, of the month before and of the same month a year before.

A figure of a period is taken as the report of that month would have taken it: the
lead times, the open reports and the contact gaps at the end of that period's month
(the first day after it, 00:00); inflow, outflow and stock from ``flow`` and the
own-organisation share from ``interventions``, both as of ``as_of``. Lead times and
the own-organisation share cover the 12 months up to and including the month.

The lead time runs from the report to the intake, or to the final decision when no
intake follows (``lead_times``' total); mean, median and p90 are over the episodes
that ended in the 12 months (open ones are not in them), and median and p90 are
NaN below 10 of those (``leadtime.SMALL_N``). ``open`` counts the reports without a
final decision; ``awaiting_intake`` those decided (PTO-R opname) whose intake is
still to come: together the open episodes.

The ``intake_*`` figures are the lead time in the plan of approach's terms: from
the report to the intake, in weeks, over the episodes whose intake fell in the 12
months (``lead_times(by="outcome")``, outcome ``instroom``, stage total): mean,
median, p90 (NaN below 10 intakes), min and max, and their number.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import duckdb
import pandas as pd

from ipgar_metrics import config, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics._episodes import require_as_of, shared_episodes
from ipgar_metrics.metrics.casework import contact_gaps, flow, shared_interventions
from ipgar_metrics.metrics.leadtime import lead_times
from ipgar_metrics.workdays import shift_month

#: The periods of every figure: the month, the month before, a year before.
PERIODS: Final[dict[str, int]] = {"this": 0, "prev": -1, "year": -12}
#: The figures, in the order of the key-figure table.
FIGURES: Final[tuple[str, ...]] = (
    "inflow",
    "outflow",
    "stock",
    "active",
    "lead_mean",
    "lead_median",
    "lead_p90",
    "lead_n",
    "open",
    "awaiting_intake",
    "contact",
    "own_share",
    "intake_mean",
    "intake_median",
    "intake_p90",
    "intake_min",
    "intake_max",
    "intake_n",
)
#: flow column of each stock-and-flow figure.
_FLOW_COLUMNS: Final[dict[str, str]] = {
    "inflow": "inflow",
    "outflow": "outflow",
    "stock": "stock_end",
    "active": "active",
}

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "key_figures": {
        "figure": "str: one of FIGURES",
        "period": "str: this, prev (month before) or year (a year before)",
        "month": "str: the period's month YYYY-MM",
        "value": "float: the figure (a share as a fraction; intake_* in weeks; None: no data)",
        "n": "float: cases a statistic is based on; a share's denominator",
        "num": "float: a share's numerator",
    },
}

Figure = tuple[float | None, float | None, float | None]


def key_figures(
    con: duckdb.DuckDBPyConnection, *, as_of: Any, month: str | None = None
) -> pd.DataFrame:
    """The summary figures of ``month``, the month before and a year before.

    Parameters
    ----------
    con
        An event-store connection.
    as_of
        Reference time of ``flow`` and ``interventions``; the month must have ended
        by then.
    month
        ``YYYY-MM``; default the month before the month of ``as_of``.

    Returns
    -------
    One row per (figure, period), figures in ``FIGURES`` order within a period:
    figure, period (``this``, ``prev``, ``year``), month (YYYY-MM), value (float; a
    share as a fraction), n (the count a statistic is based on; for a share its
    denominator), num (a share's numerator).
    """
    require_as_of(as_of, "key_figures")  # before the cache: None is never a key
    ts = status.as_timestamp(con, as_of)
    key = store.result_key(con, "key_figures", ts, month)
    return store.reused(key, lambda: _key_figures(con, ts, month))


def _key_figures(
    con: duckdb.DuckDBPyConnection, ts: pd.Timestamp, month: str | None
) -> pd.DataFrame:
    as_of = ts
    local = ts.tz_convert(config.TIMEZONE)
    first = (
        date.fromisoformat(f"{month}-01")
        if month
        else shift_month(date(local.year, local.month, 1), -1)
    )
    if pd.Timestamp(shift_month(first, 1)).tz_localize(config.TIMEZONE) > ts:
        raise ConfigError(
            f"month {first:%Y-%m} has not ended by as_of {local:%Y-%m-%d %H:%M}; "
            "choose an earlier month or a later as_of."
        )
    flows = flow(con, as_of=as_of)
    ivs = shared_interventions(con, as_of=as_of)  # read only (_own_share)
    rows: list[dict[str, Any]] = []
    for period, shift in PERIODS.items():
        start = shift_month(first, shift)
        label = start.strftime("%Y-%m")
        end = shift_month(start, 1)
        window = (shift_month(start, -11), end - pd.Timedelta(days=1))
        this = flows[flows["month"] == label]
        values: dict[str, Figure] = {
            key: (_first(this, col), None, None) for key, col in _FLOW_COLUMNS.items()
        }
        values.update(_lead_figures(con, end, window))
        values.update(_contact_figure(con, end))
        values["own_share"] = _own_share(ivs, window)
        for key in FIGURES:
            value, n, num = values[key]
            rows.append(
                {
                    "figure": key,
                    "period": period,
                    "month": label,
                    "value": value,
                    "n": n,
                    "num": num,
                }
            )
    out = pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS["key_figures"]))
    return status.attach_meta(out, con, ts, month=first.strftime("%Y-%m"))


def _first(frame: pd.DataFrame, col: str) -> float | None:
    return float(frame[col].iloc[0]) if len(frame) else None


def _lead_figures(
    con: duckdb.DuckDBPyConnection, end: date, window: tuple[Any, Any]
) -> dict[str, Figure]:
    summ = lead_times(
        con, as_of=end, level="summary", period=window, period_mode="completed"
    )
    total = summ[summ["stage"] == "total"]
    n = _first(total, "n")
    eps = shared_episodes(con, as_of=end)  # read only
    waiting = eps["is_open"] & eps["decision_at"].notna()
    by_outcome = lead_times(
        con,
        as_of=end,
        level="summary",
        by="outcome",
        period=window,
        period_mode="completed",
    )
    intake = by_outcome[
        (by_outcome["stage"] == "total") & (by_outcome["outcome"] == "instroom")
    ]
    m = _first(intake, "n") or 0.0
    return {
        **{
            f"intake_{stat}": (_first(intake, f"{stat}_weeks"), m, None)
            for stat in ("mean", "median", "p90", "min", "max")
        },
        "intake_n": (m, None, None),
        "lead_mean": (_first(total, "mean_days"), n, None),
        "lead_median": (_first(total, "median_days"), n, None),
        "lead_p90": (_first(total, "p90_days"), n, None),
        "lead_n": (n, None, None),
        "open": (float((eps["is_open"] & ~waiting).sum()), None, None),
        "awaiting_intake": (float(waiting.sum()), None, None),
    }


def _contact_figure(con: duckdb.DuckDBPyConnection, end: date) -> dict[str, Figure]:
    gaps = contact_gaps(con, as_of=end)
    active = float((gaps["status"] == "active").sum())
    return {"contact": (float(gaps["over_threshold"].sum()), active, None)}


def _own_share(ivs: pd.DataFrame, window: tuple[Any, Any]) -> Figure:
    lo, hi = window
    months_in = ivs["month"].between(lo.strftime("%Y-%m"), hi.strftime("%Y-%m"))
    own = ivs.loc[months_in, "own_org"].dropna()
    return (float(own.mean()) if len(own) else None, float(len(own)), float(own.sum()))
