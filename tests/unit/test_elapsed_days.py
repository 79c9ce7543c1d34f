"""Elapsed days between instants, and local time: by hand around the DST changes."""

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics.workdays import as_local, elapsed_days

ZONE = "Europe/Amsterdam"


def local(*stamps: str | None, unit: str = "us") -> pd.Series:
    """Local wall-clock times (None: missing) as a time-zone-aware column."""
    naive = pd.to_datetime(pd.Series(stamps, dtype=object))
    return naive.dt.tz_localize(ZONE).astype(f"datetime64[{unit}, {ZONE}]")


def test_a_local_week_over_a_dst_change_is_167_or_169_hours():
    start = local("2026-03-23 09:00", "2026-10-19 09:00", "2026-06-01 09:00")
    end = local("2026-03-30 09:00", "2026-10-26 09:00", None)
    got = elapsed_days(start, end)
    assert got.iloc[:2].tolist() == [167 / 24, 169 / 24]
    assert np.isnan(got.iloc[2])  # no end: no elapsed time
    assert got.index.equals(start.index)


def test_units_and_zones_of_the_two_columns_may_differ():
    start = local("2026-03-28 12:00", unit="ns")
    end = local("2026-03-29 12:00").dt.tz_convert("UTC")
    assert elapsed_days(start, end).tolist() == [23 / 24]
    assert elapsed_days(end, start).tolist() == [-23 / 24]


def test_columns_are_matched_by_their_labels():
    start = local("2026-01-01 00:00", "2026-01-02 00:00")
    end = local("2026-01-03 00:00", "2026-01-04 00:00").set_axis([1, 0])
    # label 0: 2026-01-04 minus 2026-01-01; label 1: 2026-01-03 minus 2026-01-02
    assert elapsed_days(start, end).sort_index().tolist() == [3.0, 1.0]


def test_a_column_without_a_zone_is_read_as_utc():
    start = pd.Series(pd.to_datetime(["2026-07-01 10:00"]))  # 12:00 in Amsterdam
    end = local("2026-07-01 18:00")
    assert elapsed_days(start, end).tolist() == [pytest.approx(6 / 24)]
    assert as_local(start).tolist() == local("2026-07-01 12:00").tolist()


def test_the_name_is_kept_when_both_columns_share_it():
    start, end = local("2026-01-01"), local("2026-01-02")
    assert elapsed_days(start.rename("t"), end.rename("t")).name == "t"
    assert elapsed_days(start.rename("a"), end.rename("b")).name is None


def test_as_local_shows_the_same_instants_in_local_time():
    utc = pd.Series(pd.to_datetime(["2026-10-25 00:30", "2026-10-25 01:30"], utc=True))
    got = as_local(utc)
    assert str(got.dt.tz) == ZONE
    # the two instants either side of the change back: 02:30 summer, 02:30 winter
    assert got.dt.strftime("%H:%M %z").tolist() == ["02:30 +0200", "02:30 +0100"]
    assert (got == utc).all()
