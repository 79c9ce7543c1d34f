"""``timeunits.seconds_in_unit``: a frame's seconds columns in a unit a reader reads."""

from __future__ import annotations

import pandas as pd
import pytest

from ipgar_metrics import dutch_columns, seconds_in_unit
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.timeunits import columns_in_unit


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "activity": ["a", "b", "c"],
            "events": [3, 2, 1],
            "median_to_next_s": [5_400.0, 9_000.0, float("nan")],
            "max_to_next_s": [86_400.0, 36_000.0, float("nan")],
        }
    )


def test_the_median_chooses_the_unit_and_every_seconds_column_follows():
    frame = _frame()
    hours = seconds_in_unit(frame)  # median 7,200 s: two hours read as hours
    assert hours.columns.tolist() == [
        "activity",
        "events",
        "median_to_next_hours",
        "max_to_next_hours",
    ]
    assert hours["median_to_next_hours"].iloc[:2].tolist() == [1.5, 2.5]
    assert hours["max_to_next_hours"].iloc[:2].tolist() == [24.0, 10.0]
    assert hours["median_to_next_hours"].isna().iloc[2]
    assert frame.columns.tolist()[2] == "median_to_next_s"  # the frame is kept
    assert dutch_columns(hours).columns.tolist()[2:] == [
        "mediaan tot volgende (uren)",
        "maximum tot volgende (uren)",
    ]


def test_a_unit_given_is_used_and_an_unknown_one_is_refused():
    minutes = seconds_in_unit(_frame(), "minutes")
    assert minutes["median_to_next_minutes"].iloc[0] == 90.0
    with pytest.raises(ConfigError, match="unknown time unit"):
        seconds_in_unit(_frame(), "fortnights")
    plain = pd.DataFrame({"n": [1]})
    assert seconds_in_unit(plain).equals(plain)


def test_days_columns_read_in_another_unit_and_keep_days_bit_for_bit():
    # ``ipgar paths`` gives its median and p90 days in the unit that reads
    frame = pd.DataFrame({"median_days": [0.125, 0.1], "p90_days": [0.5, 1.0 / 3]})
    hours, unit = columns_in_unit(frame, ["median_days", "p90_days"], source="days")
    assert unit == "hours"  # median 0.1125 days = 2.7 hours: two or more, so hours
    assert hours.columns.tolist() == ["median_hours", "p90_hours"]
    assert hours["median_hours"].tolist() == pytest.approx([3.0, 2.4])
    assert hours["p90_hours"].tolist() == pytest.approx([12.0, 8.0])
    same, unit = columns_in_unit(frame, ["median_days"], source="days", unit="days")
    assert unit == "days" and same["median_days"].tolist() == [0.125, 0.1]
    weeks, _ = columns_in_unit(frame, ["p90_days"], source="days", unit="weeks")
    assert weeks["p90_weeks"].tolist() == pytest.approx([0.5 / 7, 1.0 / 21])
    with pytest.raises(ConfigError, match="unknown time unit"):
        columns_in_unit(frame, ["p90_days"], source="days", unit="fortnights")
