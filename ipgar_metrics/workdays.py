"""Working days between two instants, on the calendar of the Algemene termijnenwet.

Convention (ADR 0006, superseding ADR 0002 item 6 on the calendar): the number of
working days *after* the start's local date up to and including the end's local date;
the day of the event itself does not count. A report on Friday answered on Monday took
1 working day; within one day it took 0. Working days are Monday to Friday that are
not a holiday of art. 3 of the Algemene termijnenwet (``law_holidays``): New Year's
Day, Easter Monday, Whit Monday, both Christmas days, Ascension Day, Koningsdag and
5 May (every year), and Good Friday (lid 2). Days a decree equates with them (lid 3,
bridge days) are not built in: pass them as ``bridge_days``. Local dates are in
Europe/Amsterdam, so DST plays no part.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache

import numpy as np
import pandas as pd

from ipgar_metrics import config
from ipgar_metrics.errors import ConfigError

#: Working days in a working week (``workweeks = workdays / 5``).
WORKDAYS_PER_WEEK = 5


#: First year the calendar covers: Koningsdag is 27 April from 2014 (decree of
#: 30 January 2013); earlier years had Koninginnedag on other rules.
FIRST_YEAR = 2014


def local_today() -> date:
    """Today's date in ``config.TIMEZONE`` (Amsterdam), whatever the machine's clock zone.

    The report names dates in Amsterdam time; a retention cut-off or a check for a
    date in the future takes the same day (on a UTC server the two differ for an
    hour or two around midnight).
    """
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(config.TIMEZONE)).date()


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """Koningsdag: 27 April, or 26 April when the 27th is a Sunday."""
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == 6 else day


def law_holidays(year: int) -> dict[date, str]:
    """The holidays of art. 3 Algemene termijnenwet in ``year``: date -> Dutch name.

    Lid 1 (New Year, Easter and Whit Monday, both Christmas days, Ascension,
    Koningsdag, 5 May every year) and lid 2 (Good Friday); Sundays (lid 1) are
    weekend days anyway. Bridge days of a decree (lid 3) are not included.
    """
    if year < FIRST_YEAR:
        raise ConfigError(
            f"The working-day calendar starts in {FIRST_YEAR} (Koningsdag on 27 "
            "April), but a date lies before it; check the dates or count calendar "
            "days instead."
        )
    easter = easter_sunday(year)
    return {
        date(year, 1, 1): "Nieuwjaarsdag",
        easter - timedelta(days=2): "Goede Vrijdag",
        easter + timedelta(days=1): "Tweede Paasdag",
        kings_day(year): "Koningsdag",
        date(year, 5, 5): "Bevrijdingsdag",
        easter + timedelta(days=39): "Hemelvaartsdag",
        easter + timedelta(days=50): "Tweede Pinksterdag",
        date(year, 12, 25): "Eerste Kerstdag",
        date(year, 12, 26): "Tweede Kerstdag",
    }


@lru_cache(maxsize=64)
def _holidays(first_year: int, last_year: int) -> frozenset[date]:
    days: set[date] = set()
    for year in range(first_year, last_year + 1):
        days.update(law_holidays(year))
    return frozenset(days)


def _bridge_days(bridge_days: Iterable[date] | None) -> set[date]:
    if bridge_days is None:
        return set()
    out: set[date] = set()
    for day in bridge_days:
        if not isinstance(day, date):
            raise ConfigError(
                "A bridge day is not a date; give bridge_days as dates "
                "(datetime.date), for example date(2026, 5, 15)."
            )
        out.add(date(day.year, day.month, day.day))
    return out


def _local_dates(values: pd.Series) -> np.ndarray:
    local = as_local(values)
    return local.dt.tz_localize(None).dt.normalize().to_numpy().astype("datetime64[D]")


def workdays_between(
    start: pd.Series,
    end: pd.Series,
    *,
    bridge_days: Iterable[date] | None = None,
) -> pd.Series:
    """Working days from ``start`` to ``end`` per row (float, NaN where one is missing).

    Negative when ``end`` lies before ``start`` (the same count with a minus sign).
    ``bridge_days``: extra dates that are not working days (days a decree equates
    with the holidays, art. 3 lid 3 Algemene termijnenwet); default none.
    """
    out = pd.Series(np.nan, index=start.index, dtype="float64")
    mask = (start.notna() & end.notna()).to_numpy()
    if not mask.any():
        return out
    s = _local_dates(start[mask])
    e = _local_dates(end[mask])
    years = np.concatenate([s, e]).astype("datetime64[Y]").astype(int) + 1970
    days = _holidays(int(years.min()), int(years.max())) | _bridge_days(bridge_days)
    hol = np.array(sorted(days), dtype="datetime64[D]")
    one = np.timedelta64(1, "D")
    counts = np.busday_count(s + one, e + one, holidays=hol)
    out[mask] = counts.astype("float64")
    return out


def elapsed_days(start: pd.Series, end: pd.Series) -> pd.Series:
    """Real elapsed time from ``start`` to ``end`` in days of 86,400 seconds.

    Differences are taken between instants, so a DST change makes a local-clock
    week 167 or 169 hours long.
    """
    aware = isinstance(start.dtype, pd.DatetimeTZDtype) and isinstance(
        end.dtype, pd.DatetimeTZDtype
    )
    if aware and start.index.equals(end.index):
        # the UTC instants as numpy holds them: no converted copy of either column
        seconds = (end.values - start.values) / np.timedelta64(1, "s")
        name = start.name if start.name == end.name else None
        return pd.Series(seconds / 86400.0, index=start.index, name=name)
    delta = as_utc(end) - as_utc(start)
    return delta.dt.total_seconds() / 86400.0


def as_local(values: pd.Series) -> pd.Series:
    """``values`` as instants in local time (``config.TIMEZONE``); see ``as_utc``."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):  # one conversion, not two
        return values.dt.tz_convert(config.TIMEZONE)
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
