"""Small numbers flagged per row of a lead-time summary.

A median over three completed reports, or over the fast half of a month whose slow
reports are still open, reads like a fact and is not one. Every group row of a
lead-time summary therefore carries two flags, and for a group with fewer than
``SMALL_N`` completed reports the median and the percentiles are left empty (NaN):

``small_n``
    fewer than ``SMALL_N`` (10) completed reports in the group (``n < 10``): its
    median, p10, p25, p75 and p90 are NaN; count, mean, minimum and maximum stay.
``mostly_open``
    more than ``OPEN_SHARE`` (20%) of the group's reports still open
    (``n_open / (n + n_open) > 0.2``): its statistics of the completed reports
    understate the lead time (the slow ones are still waiting).

Definitions: ``docs/metrics/leadtime.md``, section "Small numbers".
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

#: A group with fewer completed reports than this gets no median or percentiles.
SMALL_N: Final[int] = 10
#: A group with a larger share of open reports than this is flagged ``mostly_open``.
OPEN_SHARE: Final[float] = 0.2
#: The statistics left out of a ``small_n`` group (``days`` read as the unit).
HIDDEN_STATS: Final[tuple[str, ...]] = (
    "median_days",
    "p10_days",
    "p25_days",
    "p75_days",
    "p90_days",
)
#: The flag columns and their meaning (for the contract tables).
FLAG_COLUMNS: Final[dict[str, str]] = {
    "small_n": f"bool: fewer than {SMALL_N} completed reports (n); median and "
    "percentiles are NaN",
    "mostly_open": f"bool: more than {OPEN_SHARE:.0%} of the group's reports open "
    "(n_open / (n + n_open)); the statistics understate the lead time",
}


def flag_small(
    frame: pd.DataFrame,
    *,
    units: tuple[str, ...] = ("days",),
    min_n: int = SMALL_N,
) -> pd.DataFrame:
    """Add ``small_n`` and ``mostly_open`` to a summary and blank its small rows.

    ``frame`` has the columns of ``summary.summarise`` (``n``, ``n_open`` and the
    statistics in each of ``units``, e.g. ``("days", "weeks")``). Returns a copy
    with the two flags appended; ``small_n`` is ``n < min_n`` and where it holds
    the median and the percentiles of every unit are NaN. ``min_n`` is 10 unless
    an analyst who knows what a median of three means passes another (``min_n=1``
    flags nothing and hides nothing).
    """
    out = frame.copy()
    n = pd.to_numeric(out["n"], errors="coerce").fillna(0)
    n_open = pd.to_numeric(out["n_open"], errors="coerce").fillna(0)
    total = n + n_open
    small = n < min_n
    share = (n_open / total.where(total > 0)).fillna(0.0)
    for unit in units:
        cols = [c.replace("days", unit) for c in HIDDEN_STATS]
        for col in cols:
            if col in out.columns:
                out[col] = out[col].astype(float).where(~small, np.nan)
    out["small_n"] = small.astype(bool).to_numpy()
    out["mostly_open"] = (share > OPEN_SHARE).astype(bool).to_numpy()
    return out
