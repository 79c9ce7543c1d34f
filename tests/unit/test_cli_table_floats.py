"""Floats among other cells of a table column print as the float columns do."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ipgar_metrics.cli._common import _mixed_floats


def test_the_floats_of_a_mixed_column_get_the_float_columns_decimals():
    frame = pd.DataFrame(
        {
            "measure": ["cases", "start", "median", "share", "none"],
            "value": [7554, "2010-03-31", 7.549126, 0.01234, np.nan],
        }
    )
    shown = _mixed_floats(frame)
    # the smallest float 0.01234 needs three decimals for two significant digits
    assert list(shown["value"][:4]) == [7554, "2010-03-31", "7.549", "0.012"]
    assert np.isnan(shown["value"][4])
    assert frame["value"][2] == 7.549126  # the caller's frame is left as it was


def test_columns_without_floats_are_left_alone():
    frame = pd.DataFrame({"a": ["x", "y"], "b": [1, "z"], "c": [1.5, 2.25]})
    assert _mixed_floats(frame) is frame
