"""Working days between two instants, with Dutch public holidays excluded.

Convention (ADR 0002): the number of working days *after* the start's local date up
to and including the end's local date, as a Dutch statutory term is counted
(Awb art. 1:2 style: the day of the event itself does not count). A report on Friday
answered on Monday took 1 working day; within one day it took 0. Working days are
Monday to Friday that are not a public holiday of the ``holidays`` package for the
Netherlands (New Year, Good Friday, Easter and Whit Monday, King's Day, Liberation Day
in lustrum years, Ascension, Christmas). Local dates are in Europe/Amsterdam, so DST
plays no part.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from ipgar_metrics import config

#: Working days in a working week (``workweeks = workdays / 5``).
WORKDAYS_PER_WEEK = 5


@lru_cache(maxsize=64)
def nl_holidays(first_year: int, last_year: int) -> np.ndarray:
    """Dutch public holidays of the years ``first_year..last_year`` (datetime64[D])."""
    import holidays

    days = holidays.country_holidays("NL", years=range(first_year, last_year + 1))
    return np.array(sorted(days), dtype="datetime64[D]")


def _local_dates(values: pd.Series) -> np.ndarray:
    local = as_local(values)
    return local.dt.tz_localize(None).dt.normalize().to_numpy().astype("datetime64[D]")


def workdays_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """Working days from ``start`` to ``end`` per row (float, NaN where one is missing).

    Negative when ``end`` lies before ``start`` (the same count with a minus sign).
    """
    out = pd.Series(np.nan, index=start.index, dtype="float64")
    mask = (start.notna() & end.notna()).to_numpy()
    if not mask.any():
        return out
    s = _local_dates(start[mask])
    e = _local_dates(end[mask])
    years = np.concatenate([s, e]).astype("datetime64[Y]").astype(int) + 1970
    hol = nl_holidays(int(years.min()), int(years.max()))
    one = np.timedelta64(1, "D")
    counts = np.busday_count(s + one, e + one, holidays=hol)
    out[mask] = counts.astype("float64")
    return out


def elapsed_days(start: pd.Series, end: pd.Series) -> pd.Series:
    """Real elapsed time from ``start`` to ``end`` in days of 86,400 seconds.

    Differences are taken between instants, so a DST change makes a local-clock
    week 167 or 169 hours long.
    """
    delta = as_utc(end) - as_utc(start)
    return delta.dt.total_seconds() / 86400.0


def as_local(values: pd.Series) -> pd.Series:
    """``values`` as instants in local time (``config.TIMEZONE``); see ``as_utc``."""
    return as_utc(values).dt.tz_convert(config.TIMEZONE)


def as_utc(values: pd.Series) -> pd.Series:
    """``values`` as UTC instants; a time-zone-aware column is converted, not parsed."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC")
    return pd.to_datetime(values, utc=True)


def month_label(values: pd.Series) -> pd.Series:
    """The local calendar month ``"YYYY-MM"`` of each timestamp (None for NaT).

    Equal to ``values.dt.strftime("%Y-%m")`` but vectorised: a month is formatted once,
    not once per row (strftime was a large cost of the report on big logs).
    """
    year, month = values.dt.year, values.dt.month
    code = (year * 12 + month - 1).astype("float64")
    labels = {
        c: f"{int(c) // 12:04d}-{int(c) % 12 + 1:02d}" for c in code.dropna().unique()
    }
    out = code.map(labels)
    return out.astype(object).where(code.notna(), None)


def shift_month(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
