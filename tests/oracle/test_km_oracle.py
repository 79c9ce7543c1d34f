"""The numpy product-limit estimate (``metrics._km``) against lifelines, bit for bit.

Random groups of durations with ties, censoring, all events seen, none seen, negative
durations (an entry before 0) and single cases; each curve (times, survival, the
exponential Greenwood bounds, the event table) and its three medians must equal
lifelines' ``KaplanMeierFitter`` exactly, not approximately.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from ipgar_metrics.metrics._km import median, product_limit


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
            np.testing.assert_array_equal(got, want, err_msg=name)
        bounds = median_survival_times(ci)
        assert median(km.times, km.survival) == float(kmf.median_survival_time_)
        assert median(km.times, km.ci_lower) == float(bounds.iloc[0, 0])
        assert median(km.times, km.ci_upper) == float(bounds.iloc[0, 1])


def test_a_missing_duration_is_an_error():
    with pytest.raises(ValueError, match="missing or infinite"):
        product_limit([1.0, float("nan")], [True, False])
