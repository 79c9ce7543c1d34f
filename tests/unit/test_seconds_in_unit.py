"""``timeunits.seconds_in_unit``: a frame's seconds columns in a unit a reader reads."""

from __future__ import annotations

import pandas as pd
import pytest

from ipgar_metrics import dutch_columns, seconds_in_unit
from ipgar_metrics.errors import ConfigError


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
