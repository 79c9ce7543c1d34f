"""``metrics._inference`` gives the numbers of scipy.stats and statsmodels.

The report computes its intervals and tests without importing them
(``docs/scaling.md``); here each function is compared with the library it replaces,
on random inputs and on the edge cases each library treats specially (ties, a
single value per side, a table with one degree of freedom, a perfect fit).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from statsmodels.regression.linear_model import OLS, WLS
from statsmodels.stats.proportion import proportion_confint

from ipgar_metrics.metrics import _inference as inf

RNG = np.random.default_rng(20261204)


@pytest.mark.parametrize("p", [1e-9, 0.001, 0.025, 0.3, 0.5, 0.9, 0.975, 0.999999])
def test_normal_quantile(p):
    assert inf.normal_quantile(p) == pytest.approx(stats.norm.ppf(p), rel=1e-14)


def test_wilson_interval():
    for _ in range(300):
        n = int(RNG.integers(1, 2000))
        count = int(RNG.integers(0, n + 1))
        alpha = float(RNG.choice([0.01, 0.05, 0.1]))
        want = proportion_confint(count, n, alpha=alpha, method="wilson")
        assert inf.wilson_interval(count, n, alpha) == pytest.approx(want, abs=1e-14)


def test_chi2_independence():
    tables = [
        RNG.integers(1, 60, size=(int(RNG.integers(2, 7)), 2)) for _ in range(200)
    ]
    tables += [
        np.array([[5, 0], [0, 5]]),
        np.array([[1, 1], [1, 1]]),
        np.array([[3, 4]]),
    ]
    tables += [RNG.integers(1, 9, size=(3, 4)) for _ in range(20)]
    for table in tables:
        chi2, p, *_ = stats.chi2_contingency(table)
        got = inf.chi2_independence(table)
        assert got == pytest.approx((chi2, p), rel=1e-12, abs=1e-15), table


def _samples():
    """Pairs of samples: small and large, with and without ties, one value per side."""
    out = [([1.0], [2.0]), ([3.0], [3.0]), ([1.0, 1.0], [1.0, 1.0, 1.0])]
    out.append(([0.5, 2.5, 9.0], [1.0, 3.0, 4.0, 6.0, 7.0, 8.0, 10.0, 11.0, 12.0]))
    for _ in range(150):
        n1, n2 = (int(v) for v in RNG.integers(1, 30, size=2))
        if RNG.uniform() < 0.5:  # continuous: no ties, the exact test when small
            a, b = RNG.exponential(8, n1), RNG.exponential(10, n2)
        else:  # whole weeks: ties
            a, b = (
                RNG.integers(0, 12, n1).astype(float),
                RNG.integers(0, 14, n2).astype(float),
            )
        out.append((list(a), list(b)))
    return out


@pytest.mark.parametrize("pair", _samples())
def test_mann_whitney(pair):
    a, b = pair
    want = stats.mannwhitneyu(a, b, alternative="two-sided")
    got = inf.mann_whitney(a, b)
    assert got.statistic == pytest.approx(float(want.statistic), abs=1e-9)
    assert got.p_value == pytest.approx(float(want.pvalue), rel=1e-9, abs=1e-15)


def test_mann_whitney_exact_by_hand():
    # 1 value against 2, no ties: U of [5] against [1, 9] is 1; the three orderings
    # give U = 0, 1, 2 once each, so P(U >= 1) = 2/3 and the two-sided p is 1.
    assert inf.mann_whitney([5.0], [1.0, 9.0]) == (1.0, 1.0)
    # [10] above [1, 2]: U = 2, P(U >= 2) = 1/3, two-sided 2/3
    assert inf.mann_whitney([10.0], [1.0, 2.0]).p_value == pytest.approx(2 / 3)


def _designs():
    """Segmented-regression designs as in ``evaluate._its``: 8 to 40 months."""
    out = []
    for _ in range(60):
        months = int(RNG.integers(8, 40))
        t = np.arange(months, dtype=float)
        post = (t >= months // 2).astype(float)
        x = np.column_stack([np.ones_like(t), t, post, t * post])
        y = 6 + 0.1 * t - 1.5 * post + RNG.normal(0, 1, months)
        w = RNG.integers(1, 30, months).astype(float) if RNG.uniform() < 0.5 else None
        out.append((y, x, w))
    return out


@pytest.mark.parametrize("design", _designs())
def test_least_squares(design):
    y, x, w = design
    model = WLS(y, x, weights=w) if w is not None else OLS(y, x)
    fit = model.fit(use_t=True)
    got = inf.least_squares(y, x, weights=w, alpha=0.05)
    ci = np.asarray(fit.conf_int(0.05))
    np.testing.assert_allclose(got.params, fit.params, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got.ci_lower, ci[:, 0], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got.ci_upper, ci[:, 1], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got.p_values, fit.pvalues, rtol=1e-9, atol=1e-15)
