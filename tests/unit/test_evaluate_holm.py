"""Holm's adjustment in numpy against statsmodels' ``multipletests``."""

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from ipgar_metrics.metrics.evaluate._stats import holm


@pytest.mark.parametrize("seed", range(5))
def test_holm_equals_statsmodels(seed):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0, 0.2, size=12)
    p[[2, 7]] = p[4]  # ties
    p[9] = 0.9  # capped at 1 after the multiplication
    expected = multipletests(p, method="holm")[1]
    assert np.array_equal(holm(p), expected)  # the same arithmetic, bit for bit


def test_holm_nan_is_not_counted():
    p = np.array([0.01, np.nan, 0.04, 0.03])
    got = holm(p)
    assert np.isnan(got[1])
    # three tests: 0.01*3 = 0.03, 0.03*2 = 0.06, max(0.06, 0.04*1) = 0.06
    assert got[[0, 3, 2]] == pytest.approx([0.03, 0.06, 0.06])


def test_holm_empty_and_all_nan():
    assert holm([]).shape == (0,)
    assert np.isnan(holm([np.nan, np.nan])).all()
