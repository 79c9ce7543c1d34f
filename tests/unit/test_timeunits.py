"""The time unit of a duration column: chosen by the median, converted exactly."""

from __future__ import annotations

import math

import pytest

from ipgar_metrics.errors import ConfigError
from ipgar_metrics.timeunits import check_unit, choose_unit, in_unit


@pytest.mark.parametrize(
    ("seconds", "unit"),
    [
        ([30.0, 90.0, 7_199.0], "minutes"),  # median 90 s
        ([7_200.0], "hours"),  # two hours is no longer minutes
        ([3_600.0, 86_400.0, 172_799.0], "hours"),  # median one day
        ([172_800.0], "days"),  # two days
        ([8 * 604_800.0 - 1], "days"),
        ([8 * 604_800.0], "weeks"),  # the iPGA-R's lead times
        ([math.nan, 60.0], "minutes"),  # missing values ignored
        ([], "days"),
    ],
)
def test_choose_unit(seconds, unit):
    assert choose_unit(seconds) == unit


def test_in_unit_converts_and_refuses_unknown():
    assert in_unit(5_400.0, "hours") == 1.5
    assert in_unit(1_209_600.0, "weeks") == 2.0
    with pytest.raises(ConfigError, match="unknown time unit"):
        in_unit(1.0, "auto")
    assert check_unit("auto") == "auto"
    with pytest.raises(ConfigError, match="choose one of: auto, minutes"):
        check_unit("jaren")
