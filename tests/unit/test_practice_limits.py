"""Funnel limits against scipy's exact binomial and Poisson quantiles."""

import itertools

import numpy as np
import pytest
from scipy.stats import binom, poisson

from ipgar_metrics.metrics.practice import (
    count_quantile,
    detectable_difference,
    limits,
)
from ipgar_metrics.metrics.practice._limits import (
    inflated_limits,
    overdispersion,
    signal,
)

QS = (0.001, 0.025, 0.975, 0.999)


@pytest.mark.parametrize(
    ("n", "p"),
    list(
        itertools.product(
            (1, 2, 3, 5, 8, 13, 30, 57, 120, 400), (0.01, 0.089, 0.25, 0.5, 0.73, 0.97)
        )
    ),
)
def test_binomial_quantiles_match_scipy(n, p):
    for q in QS:
        assert count_quantile(q, n, p, "share") == binom.ppf(q, n, p)
    got = limits(n, p, "share")
    assert got["lower_95"] == binom.ppf(0.025, n, p) / n
    assert got["upper_95"] == binom.ppf(0.975, n, p) / n
    assert got["lower_998"] == binom.ppf(0.001, n, p) / n
    assert got["upper_998"] == binom.ppf(0.999, n, p) / n


@pytest.mark.parametrize(
    ("exposure", "rate"),
    list(itertools.product((0.5, 2.0, 7.3, 40.0, 160.0), (0.05, 0.43, 1.13, 3.0))),
)
def test_poisson_quantiles_match_scipy(exposure, rate):
    mu = exposure * rate
    for q in QS:
        assert count_quantile(q, exposure, rate, "rate") == poisson.ppf(q, mu)
    got = limits(exposure, rate, "rate")
    assert got["upper_95"] == pytest.approx(poisson.ppf(0.975, mu) / exposure)
    assert got["lower_998"] == pytest.approx(poisson.ppf(0.001, mu) / exposure)


def test_limits_without_denominator_are_nan():
    assert all(np.isnan(v) for v in limits(0, 0.2, "share").values())


def test_signal_only_outside_the_limits():
    assert signal(0.5, 0.1, 0.5) == "binnen"  # on the limit is inside
    assert signal(0.51, 0.1, 0.5) == "boven"
    assert signal(0.05, 0.1, 0.5) == "onder"
    assert signal(float("nan"), 0.1, 0.5) is None


def test_detectable_difference_by_hand():
    # Binomial(20, 0.1): P(X <= 4) = 0.957, P(X <= 5) = 0.989 -> upper quantile 5;
    # the nearest count above it is 6 (0.30): 0.20 from the centre; below: quantile
    # 0, nothing lower, so 0.20 is the smallest signalled difference
    assert binom.ppf(0.975, 20, 0.1) == 5
    assert detectable_difference(20, 0.1, "share") == pytest.approx(0.20)
    # Binomial(100, 0.5): quantiles 40 and 60: a count of 61 or 39 is signalled
    assert detectable_difference(100, 0.5, "share") == pytest.approx(0.11)
    # smaller organisations can only show larger differences
    assert detectable_difference(10, 0.3, "share") > detectable_difference(
        200, 0.3, "share"
    )


def test_limits_keep_at_most_five_percent_outside():
    # the exact tail mass outside the 95% limits never exceeds 2.5% on each side
    for n, p in itertools.product((3, 10, 25, 60), (0.05, 0.2, 0.5)):
        lo = count_quantile(0.025, n, p, "share")
        hi = count_quantile(0.975, n, p, "share")
        assert binom.cdf(lo - 1, n, p) <= 0.025
        assert binom.sf(hi, n, p) <= 0.025


def test_overdispersion_factor_by_hand():
    # three shares around 0.5 at n = 100: sd 0.05, z = -2, 0, 2; winsorised at the
    # 10th and 90th percentiles (-1.6, 1.6): phi = (1.6^2 + 0 + 1.6^2) / 3
    phi = overdispersion(
        np.array([0.4, 0.5, 0.6]), np.array([100, 100, 100]), 0.5, "share"
    )
    assert phi == pytest.approx(2 * 1.6**2 / 3)
    assert np.isnan(
        overdispersion(np.array([0.4, 0.6]), np.array([10, 10]), 0.5, "share")
    )
    # Poisson: rates 1, 2, 3 per unit at exposure 4, centre 2: sd sqrt(2/4); z = -√2, 0, √2
    phi = overdispersion(np.array([1.0, 2.0, 3.0]), np.array([4, 4, 4]), 2.0, "rate")
    assert phi == pytest.approx(2 * (0.8 * 2**0.5) ** 2 / 3)


def test_inflated_limits_by_hand():
    phi = 2 * 1.6**2 / 3
    got = inflated_limits(100, 0.5, "share", phi)
    sd = (phi * 0.25 / 100) ** 0.5
    assert got["upper_95"] == pytest.approx(0.5 + 1.959964 * sd)
    assert got["lower_998"] == pytest.approx(0.5 - 3.090232 * sd)
    # not overdispersed: the exact limits
    assert inflated_limits(100, 0.5, "share", 0.8) == limits(100, 0.5, "share")
    # a share is cut at 0 and 1
    wide = inflated_limits(3, 0.5, "share", 4.0)
    assert (wide["lower_998"], wide["upper_998"]) == (0.0, 1.0)
