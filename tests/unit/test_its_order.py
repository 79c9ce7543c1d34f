"""The monthly series' order of items by month: numpy's stable argsort, faster."""

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics.metrics.evaluate._its import _stable_order


@pytest.mark.parametrize("seed", range(50))
def test_the_order_is_the_stable_argsort_of_the_month_ordinals(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 60))
    first = pd.Period("1960-01", freq="M") + int(rng.integers(0, 1000))
    span = int(rng.integers(1, 300)) if seed % 10 else 70_000  # or past 16 bits
    months = pd.Series(
        [first + int(k) for k in rng.integers(0, span, n)], dtype="period[M]"
    )
    if seed % 3 == 0 and n:
        months[rng.random(n) < 0.3] = pd.NaT
    ordinals = months.array.asi8
    order = _stable_order(ordinals, missing=months.isna().to_numpy())
    assert (order == np.argsort(ordinals, kind="stable")).all()
