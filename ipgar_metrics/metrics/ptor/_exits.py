"""Exit reasons per calendar year: why cases leave the approach, over time."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics._episodes import require_as_of

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "exit_reasons": {
        "year": "int: local calendar year of the uitstroom",
        "exit_reason": "str: outcome of the uitstroom (onbekend: none given)",
        "n": "int: exits (0 when a reason seen in another year has none this year)",
        "share": "float: n / all exits of the year",
        "is_partial": "bool: the year holding as_of (not complete yet)",
    },
}


def exit_reasons(con: duckdb.DuckDBPyConnection, *, as_of: Any) -> pd.DataFrame:
    """Exits from the approach per local calendar year and reason.

    Every reason that occurs in any year gets a row in every year from the first
    exit to ``as_of`` (``n`` 0 where it did not occur), so years compare.

    Returns
    -------
    One row per (year, exit_reason): ``OUTPUT_COLUMNS["exit_reasons"]``, by year,
    then the reasons in order of their total, most frequent first.
    """
    require_as_of(as_of, "exit_reasons")
    ts = status.as_timestamp(con, as_of)
    p = status.approach_periods(con, as_of=ts)
    done = p.loc[p["uitstroom_at"].notna()].copy()
    cols = list(OUTPUT_COLUMNS["exit_reasons"])
    if done.empty:
        return status.attach_meta(pd.DataFrame(columns=cols), con, ts)
    done["year"] = done["uitstroom_at"].dt.year.astype("int64")
    done["exit_reason"] = done["exit_reason"].fillna("onbekend")
    last = (ts - pd.Timedelta(microseconds=1)).tz_convert(done["uitstroom_at"].dt.tz)
    years = range(int(done["year"].min()), int(last.year) + 1)
    totals = done["exit_reason"].value_counts()
    reasons = sorted(totals.index, key=lambda r: (-totals[r], r))
    grid = pd.MultiIndex.from_product([years, reasons], names=["year", "exit_reason"])
    counts = done.groupby(["year", "exit_reason"]).size().reindex(grid, fill_value=0)
    out = counts.rename("n").reset_index()
    out["n"] = out["n"].astype("int64")
    per_year = out.groupby("year")["n"].transform("sum")
    out["share"] = (out["n"] / per_year.where(per_year > 0)).astype(float)
    out["is_partial"] = out["year"] == last.year
    return status.attach_meta(out[cols], con, ts)
