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

The Kaplan-Meier summary (``time_to_decision_km``) is flagged the same way by
``flag_small_km``: ``small_n`` counts the episodes that reached the event
(``n_events``), and the open share is ``n_open / n``.

Definitions: ``docs/metrics/leadtime.md``, section "Small numbers".
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from ipgar_metrics import config

#: A group with fewer completed reports than this gets no median or percentiles.
SMALL_N: Final[int] = config.SMALL_N
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


#: The Kaplan-Meier summary's statistics left out of a ``small_n`` row.
KM_HIDDEN_STATS: Final[tuple[str, ...]] = (
    "median_days",
    "median_lower_days",
    "median_upper_days",
    "naive_median_days",
)
#: The flag columns of the Kaplan-Meier summary.
KM_FLAG_COLUMNS: Final[dict[str, str]] = {
    "small_n": f"bool: fewer than {SMALL_N} episodes reached the event (n_events); "
    "the medians and their interval are NaN",
    "mostly_open": f"bool: more than {OPEN_SHARE:.0%} of the episodes open "
    "(n_open / n); the naive median understates the time",
}


def flag_small_km(frame: pd.DataFrame, *, min_n: int = SMALL_N) -> pd.DataFrame:
    """``flag_small`` for a ``time_to_decision_km`` summary.

    ``small_n`` is ``n_events < min_n``: the Kaplan-Meier median, its interval and
    the naive median are NaN there; ``mostly_open`` is ``n_open / n > 0.2``.
    """
    out = frame.copy()
    events = pd.to_numeric(out["n_events"], errors="coerce").fillna(0)
    n = pd.to_numeric(out["n"], errors="coerce").fillna(0)
    n_open = pd.to_numeric(out["n_open"], errors="coerce").fillna(0)
    small = events < min_n
    for col in KM_HIDDEN_STATS:
        out[col] = out[col].astype(float).where(~small, np.nan)
    out["small_n"] = small.astype(bool).to_numpy()
    share = (n_open / n.where(n > 0)).fillna(0.0)
    out["mostly_open"] = (share > OPEN_SHARE).astype(bool).to_numpy()
    return out
