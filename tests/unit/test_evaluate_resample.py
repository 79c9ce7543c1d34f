"""The bootstrap's resample counts: a multinomial draw per replicate."""

from math import comb

import numpy as np
import pytest

from ipgar_metrics.metrics.evaluate._stats import resample_counts


def test_each_row_draws_as_many_units_as_there_are():
    w = resample_counts(np.random.default_rng(0), 17, 500)
    assert w.shape == (500, 17)
    assert (w.sum(axis=1) == 17).all()
    assert (w >= 0).all()


def test_counts_follow_multinomial_n_one_over_n():
    # a unit's count in a resample of 3 from 3 is Binomial(3, 1/3)
    w = resample_counts(np.random.default_rng(1), 3, 200_000)
    pmf = [comb(3, k) * (1 / 3) ** k * (2 / 3) ** (3 - k) for k in range(4)]
    for unit in range(3):
        freq = np.bincount(w[:, unit], minlength=4) / len(w)
        assert freq == pytest.approx(pmf, abs=0.005)
    # two units compete for the draws: covariance -n p q = -3 (1/3)(1/3)
    assert np.cov(w[:, 0], w[:, 1])[0, 1] == pytest.approx(-1 / 3, abs=0.01)


def test_seeded():
    a = resample_counts(np.random.default_rng(5), 9, 4)
    b = resample_counts(np.random.default_rng(5), 9, 4)
    assert np.array_equal(a, b)
