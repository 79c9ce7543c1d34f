"""The working-day calendar follows art. 3 of the Algemene termijnenwet.

Expected dates are written out by hand. Easter Sundays 2020-2030 from the published
tables of Easter dates (e.g. nl.wikipedia "Paasdatum"; the same as
``dateutil.easter``): 2020-04-12, 2021-04-04, 2022-04-17, 2023-04-09, 2024-03-31,
2025-04-20, 2026-04-05, 2027-03-28, 2028-04-16, 2029-04-01, 2030-04-21. From them:
Good Friday = Easter - 2 days, Easter Monday = + 1, Ascension = + 39 (a Thursday),
Whit Monday = + 50. Koningsdag is 27 April, in 2025 26 April (the 27th is a Sunday).
The 2022 list of a law firm (Goede Vrijdag 15 April, 2e paasdag 18 April,
Koningsdag 27 April, 5 May, Hemelvaart 26 May, 2e pinksterdag 6 June) agrees.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from ipgar_metrics.errors import ConfigError
from ipgar_metrics.workdays import (
    easter_sunday,
    kings_day,
    law_holidays,
    workdays_between,
)

EASTER = {
    2020: "2020-04-12",
    2021: "2021-04-04",
    2022: "2022-04-17",
    2023: "2023-04-09",
    2024: "2024-03-31",
    2025: "2025-04-20",
    2026: "2026-04-05",
    2027: "2027-03-28",
    2028: "2028-04-16",
    2029: "2029-04-01",
    2030: "2030-04-21",
}

# year: Goede Vrijdag, Tweede Paasdag, Koningsdag, Hemelvaartsdag, Tweede Pinksterdag
MOVABLE = {
    2020: ("04-10", "04-13", "04-27", "05-21", "06-01"),
    2021: ("04-02", "04-05", "04-27", "05-13", "05-24"),
    2022: ("04-15", "04-18", "04-27", "05-26", "06-06"),
    2023: ("04-07", "04-10", "04-27", "05-18", "05-29"),
    2024: ("03-29", "04-01", "04-27", "05-09", "05-20"),
    2025: ("04-18", "04-21", "04-26", "05-29", "06-09"),
    2026: ("04-03", "04-06", "04-27", "05-14", "05-25"),
    2027: ("03-26", "03-29", "04-27", "05-06", "05-17"),
    2028: ("04-14", "04-17", "04-27", "05-25", "06-05"),
    2029: ("03-30", "04-02", "04-27", "05-10", "05-21"),
    2030: ("04-19", "04-22", "04-27", "05-30", "06-10"),
}
MOVABLE_NAMES = (
    "Goede Vrijdag",
    "Tweede Paasdag",
    "Koningsdag",
    "Hemelvaartsdag",
    "Tweede Pinksterdag",
)
# the same every year: New Year, 5 May (every year, not only every fifth), Christmas
FIXED = {
    "01-01": "Nieuwjaarsdag",
    "05-05": "Bevrijdingsdag",
    "12-25": "Eerste Kerstdag",
    "12-26": "Tweede Kerstdag",
}


def _day(year: int, month_day: str) -> date:
    return date.fromisoformat(f"{year}-{month_day}")


def _local(*stamps: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(stamps))).dt.tz_localize("Europe/Amsterdam")


@pytest.mark.parametrize("year", sorted(EASTER))
def test_easter_sunday(year):
    assert easter_sunday(year) == date.fromisoformat(EASTER[year])


@pytest.mark.parametrize("year", sorted(MOVABLE))
def test_every_holiday_of_the_law(year):
    expected = {_day(year, md): name for md, name in FIXED.items()}
    for md, name in zip(MOVABLE[year], MOVABLE_NAMES, strict=True):
        expected[_day(year, md)] = name
    assert law_holidays(year) == expected


def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday():
    assert kings_day(2025) == date(2025, 4, 26)  # 27 April 2025 is a Sunday
    assert date(2025, 4, 27) not in law_holidays(2025)
    assert kings_day(2026) == date(2026, 4, 27)  # a Monday


def test_liberation_day_in_a_non_lustrum_year_is_not_a_working_day():
    # (Thu 2023-05-04, Mon 2023-05-08]: Fri 5 May (holiday), Sat, Sun, Mon -> 1
    start = _local("2023-05-04 12:00")
    end = _local("2023-05-08 09:00")
    assert workdays_between(start, end).tolist() == [1.0]


def test_working_days_of_a_whole_year():
    # 2023: 365 days from Sunday 1 January = 52 weeks + 1 Sunday -> 260 weekdays.
    # Holidays on a weekday: Good Friday 04-07, Easter Monday 04-10, Koningsdag
    # 04-27 (Thu), 05-05 (Fri), Ascension 05-18, Whit Monday 05-29, Christmas
    # 12-25 (Mon) and 12-26 (Tue) = 8; New Year is a Sunday. 260 - 8 = 252.
    start = _local("2022-12-31 10:00")
    end = _local("2023-12-31 10:00")
    assert workdays_between(start, end).tolist() == [252.0]


def test_bridge_day_given_as_option():
    # Ascension Thu 2026-05-14; (Wed 05-13, Mon 05-18] = Fri 05-15, Mon 05-18 -> 2;
    # with Friday 05-15 as a bridge day (art. 3 lid 3) -> 1.
    start = _local("2026-05-13 09:00", "2026-05-13 09:00")
    end = _local("2026-05-18 09:00", "2026-05-13 17:00")
    assert workdays_between(start, end).tolist() == [2.0, 0.0]
    bridged = workdays_between(start, end, bridge_days=[date(2026, 5, 15)])
    assert bridged.tolist() == [1.0, 0.0]
    # a datetime counts as its date
    stamped = workdays_between(start, end, bridge_days=[datetime(2026, 5, 15, 8)])
    assert stamped.tolist() == [1.0, 0.0]


def test_no_bridge_days_by_default():
    # Friday after Ascension 2024 (05-10) is a working day unless given
    start = _local("2024-05-08 09:00")
    end = _local("2024-05-13 09:00")  # (05-08, 05-13] = 05-10, 05-13 -> 2
    assert workdays_between(start, end).tolist() == [2.0]


def test_bridge_day_that_is_not_a_date_is_refused():
    start = _local("2026-05-13 09:00")
    with pytest.raises(ConfigError, match="bridge day is not a date"):
        workdays_between(start, start, bridge_days=["2026-05-15"])  # type: ignore[list-item]


def test_a_year_before_the_calendar_is_refused():
    with pytest.raises(ConfigError, match="starts in 2014"):
        law_holidays(2013)
    start = _local("2013-12-30 09:00")
    end = _local("2014-01-06 09:00")
    with pytest.raises(ConfigError, match="starts in 2014"):
        workdays_between(start, end)
