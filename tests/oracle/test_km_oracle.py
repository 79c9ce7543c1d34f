"""The numpy product-limit estimate and log-rank test (``metrics._km``) against lifelines.

Random groups of durations with ties, censoring, all events seen, none seen, negative
durations (an entry before 0) and single cases; each curve (times, survival, the
event table) and its three medians must equal lifelines' ``KaplanMeierFitter``
exactly, not approximately. The exponential Greenwood bounds equal lifelines' to
4e-15 relative: they rest on the normal quantile, which lifelines takes from scipy
and the toolkit computes itself (``metrics._distributions``, to within two units in
the last place of scipy's: 1.9599639845400536 against 1.959963984540054 at 0.975). The log-rank test of two
such groups must give lifelines' ``logrank_test`` statistic and p-value (to 1e-9: the
sums are taken in another order).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from ipgar_metrics.metrics._km import logrank, median, product_limit


def _groups():
    rng = np.random.default_rng(20261203)
    for i in range(240):
        n = int(rng.integers(1, 50))
        kind = i % 4
        if kind == 0:
            d = rng.integers(0, 30, n).astype(float)  # many ties, durations of 0
        elif kind == 1:
            d = np.round(rng.exponential(50, n), 1)
        elif kind == 2:
            d = rng.integers(-3, 10, n).astype(float)  # entry before 0
        else:
            d = rng.exponential(5, n)
        seen = rng.random(n) < rng.random()
        if i % 7 == 0:
            seen[:] = True
        if i % 11 == 0:
            seen[:] = False
        yield d, seen, (0.05, 0.1, 0.2)[i % 3]


def test_product_limit_equals_lifelines_to_the_bit():
    from lifelines import KaplanMeierFitter
    from lifelines.utils import median_survival_times

    for d, seen, alpha in _groups():
        kmf = KaplanMeierFitter(alpha=alpha)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kmf.fit(d, event_observed=seen)
        km = product_limit(d, seen, alpha=alpha)
        ci = kmf.confidence_interval_
        table = kmf.event_table
        expected = {
            "times": kmf.survival_function_.index.to_numpy(float),
            "survival": kmf.survival_function_.iloc[:, 0].to_numpy(),
            "ci_lower": ci.iloc[:, 0].to_numpy(),
            "ci_upper": ci.iloc[:, 1].to_numpy(),
            "at_risk": table["at_risk"].to_numpy("int64"),
            "observed": table["observed"].to_numpy("int64"),
            "censored": table["censored"].to_numpy("int64"),
        }
        for name, want in expected.items():
            got = getattr(km, name)
            assert got.dtype == want.dtype, name
            if name.startswith("ci_"):  # the normal quantile's last digit
                np.testing.assert_allclose(got, want, rtol=4e-15, atol=0, err_msg=name)
            else:
                np.testing.assert_array_equal(got, want, err_msg=name)
        bounds = median_survival_times(ci)
        assert median(km.times, km.survival) == float(kmf.median_survival_time_)
        assert median(km.times, km.ci_lower) == float(bounds.iloc[0, 0])
        assert median(km.times, km.ci_upper) == float(bounds.iloc[0, 1])


def test_a_missing_duration_is_an_error():
    with pytest.raises(ValueError, match="missing or infinite"):
        product_limit([1.0, float("nan")], [True, False])


def test_logrank_equals_lifelines():
    from lifelines.statistics import logrank_test

    groups = list(_groups())
    compared = significant = 0
    for (a, seen_a, _), (b, seen_b, _) in zip(groups[::2], groups[1::2], strict=True):
        if compared % 3 == 0:  # a true difference: B's durations stretched
            b = b * 3 + 2
        got = logrank(a, b, seen_a, seen_b)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = logrank_test(a, b, event_observed_A=seen_a, event_observed_B=seen_b)
        np.testing.assert_allclose(
            got, (want.test_statistic, want.p_value), rtol=1e-9, atol=1e-12
        )
        compared += 1
        significant += got[1] < 0.05
    assert compared == 120 and 0 < significant < compared  # both kinds of answer


def test_logrank_by_hand():
    # A: events at 1 and 3; B: an event at 2, censored at 4. At 1: n=4, n_a=2, d=1;
    # at 2: n=3, n_a=1, d=1; at 3: n=2, n_a=1, d=1 (at 4 no event).
    # A's expected events 2/4 + 1/3 + 1/2 = 4/3, observed 2; variance
    # 1/4 + 2/9 + 1/4 = 13/18 (each (n - d) / (n - 1) factor is 1 here).
    statistic, p = logrank([1.0, 3.0], [2.0, 4.0], [True, True], [True, False])
    assert statistic == pytest.approx((2 - 4 / 3) ** 2 / (13 / 18), rel=1e-12)
    assert p == pytest.approx(math.erfc(math.sqrt(statistic / 2)), rel=1e-12)
    assert logrank([1.0], [2.0], [False], [False]) == (0.0, 1.0)  # no event: no test


def test_a_logrank_group_without_durations_is_an_error():
    with pytest.raises(ValueError, match="each group"):
        logrank([], [1.0], [], [True])
