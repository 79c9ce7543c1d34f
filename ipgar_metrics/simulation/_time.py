"""Simulated time: local wall-clock minutes since 2016-01-01 00:00 (Europe/Amsterdam).

Events fall in office hours, so no event lies in a daylight-saving gap or overlap;
the UTC offset of a minute follows from the EU summer-time rule alone.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta

EPOCH = date(2016, 1, 1)  # minute 0 is 00:00 local time on this day
_EPOCH_WEEKDAY = EPOCH.weekday()
DAY = 1440  # minutes


def day_of(d: date) -> int:
    """Day number of a date (days since ``EPOCH``)."""
    return (d - EPOCH).days


def weekday_of(day: int) -> int:
    """Weekday of a day number (Monday 0)."""
    return (day + _EPOCH_WEEKDAY) % 7


def _dst_days(first_year: int, last_year: int) -> list[int]:
    """Day numbers where summer time starts and ends, alternating (EU rule)."""
    out: list[int] = []
    for year in range(first_year, last_year + 1):
        for month in (3, 10):
            last = date(year, month, 31)
            last_sunday = last - timedelta(days=(last.weekday() - 6) % 7)
            out.append(day_of(last_sunday))
    return out


_DST = _dst_days(2015, 2100)


def _offset_minutes(minute: int) -> int:
    """UTC offset of a local office-hours minute: +60 in winter, +120 in summer."""
    return 120 if bisect_right(_DST, minute // DAY) % 2 == 1 else 60


def utc_seconds(minute: int) -> int:
    """Seconds since the epoch in UTC (for durations across a DST change)."""
    return (minute - _offset_minutes(minute)) * 60


def iso(minute: int) -> str:
    """ISO 8601 local time with offset, as in ``events.csv`` and ``truth.json``."""
    off = _offset_minutes(minute)
    d = EPOCH + timedelta(days=minute // DAY)
    m = minute % DAY
    return f"{d.isoformat()}T{m // 60:02d}:{m % 60:02d}:00+{off // 60:02d}:00"


def export_time(minute: int) -> str:
    """Local time as the export writes it (``dd-mm-jjjj uu:mm``)."""
    d = EPOCH + timedelta(days=minute // DAY)
    m = minute % DAY
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d} {m // 60:02d}:{m % 60:02d}"
