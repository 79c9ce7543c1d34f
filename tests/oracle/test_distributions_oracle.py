"""``metrics._distributions`` gives scipy's numbers, or the exact ones.

Each distribution function is compared with ``scipy.special`` or ``scipy.stats`` on
random and edge inputs. Where a closed form exists it is the reference instead: the
binomial distribution with p = 1/2 in exact integer arithmetic, and Student's t with
one or two degrees of freedom. There scipy itself is a few digits off (its
``binom.cdf(17, 35, 0.5)`` is 0.4999999999999999, so ``binom.ppf(0.5, 35, 0.5)`` is 18,
where the median count is 17; its ``stdtr(1, 1e-8)`` is 1.5e-9 from 1/2 + atan(t)/pi).
"""

from __future__ import annotations

import decimal
import math
from fractions import Fraction

import numpy as np
import pytest
from scipy import special, stats

from ipgar_metrics.metrics import _distributions as dist

RNG = np.random.default_rng(20261206)


def _fair_coin_cdf(n: int) -> list[Fraction]:
    """P(X <= k), k = 0 .. n, for X ~ Binomial(n, 1/2), exactly."""
    out, total, count = [], 0, 1
    for k in range(n + 1):
        total += count
        out.append(Fraction(total, 2**n))
        count = count * (n - k) // (k + 1)
    return out


@pytest.mark.parametrize("n", [*range(1, 41), 100, 101, 999, 1000])
def test_binomial_with_p_one_half_is_exact(n):
    exact = _fair_coin_cdf(n)
    for k, want in enumerate(exact):
        assert dist.binomial_cdf(k, n, 0.5) == pytest.approx(float(want), rel=2e-15)
    for q in (0.005, 0.025, 0.05, 0.5, 0.975):
        least = next(k for k, c in enumerate(exact) if c >= Fraction(q))
        assert dist.binomial_ppf(q, n, 0.5) == least, (n, q)


def test_binomial_against_scipy():
    for n in (5000, 123457, 10**6):
        for k in {0, n // 3, n // 2 - int(n**0.5), n // 2 - 1, n // 2 + int(n**0.5)}:
            for p in (0.5, 0.1, 0.9, 0.01):
                got, want = dist.binomial_cdf(k, n, p), float(stats.binom.cdf(k, n, p))
                assert got == pytest.approx(want, rel=1e-12, abs=1e-300), (n, k, p)
        for q in (0.005, 0.025, 0.05, 0.975):
            assert dist.binomial_ppf(q, n, 0.5) == int(stats.binom.ppf(q, n, 0.5))
    for _ in range(1000):
        n, p, q = (
            int(RNG.integers(1, 400)),
            float(RNG.uniform(0.05, 0.95)),
            float(RNG.uniform()),
        )
        assert dist.binomial_ppf(q, n, p) == int(stats.binom.ppf(q, n, p)), (n, p, q)
        k = int(RNG.integers(-1, n + 2))
        want = float(stats.binom.cdf(k, n, p))
        assert dist.binomial_cdf(k, n, p) == pytest.approx(want, rel=1e-12, abs=1e-300)


def test_binomial_edges():
    assert dist.binomial_cdf(-1, 10, 0.3) == 0.0
    assert dist.binomial_cdf(10, 10, 0.3) == 1.0
    assert dist.binomial_cdf(2.7, 10, 0.5) == dist.binomial_cdf(2, 10, 0.5)
    assert dist.binomial_ppf(0.3, 0, 0.5) == 0
    with pytest.raises(ValueError, match="between 0 and 1"):
        dist.binomial_ppf(1.0, 10, 0.5)


def test_normal():
    for x in (*RNG.normal(0, 3, 200), -40.0, -8.0, 0.0, 8.0):
        # far out, x / sqrt(2) rounded moves erfc by about x^2 ulps
        assert dist.normal_cdf(x) == pytest.approx(special.ndtr(x), rel=3e-13, abs=0)
    for p in (1e-300, 1e-9, 0.001, 0.025, 0.3, 0.5, 0.9, 0.975, 0.999999):
        assert dist.normal_quantile(p) == pytest.approx(special.ndtri(p), rel=1e-14)
    assert dist.normal_quantile(0.0) == -math.inf
    assert dist.normal_quantile(1.0) == math.inf


@pytest.mark.parametrize("dof", range(1, 41))
def test_chi2_survival(dof):
    points = [*RNG.uniform(0, 3 * dof + 30, 60), 1e-6, 0.5, 700.0, 1500.0]
    for x in points:
        want = special.chdtrc(dof, x)
        assert dist.chi2_survival(dof, x) == pytest.approx(want, rel=1e-12, abs=1e-300)
    assert dist.chi2_survival(dof, 0.0) == 1.0
    assert dist.chi2_survival(float(dof), 3.5) == dist.chi2_survival(dof, 3.5)


def test_chi2_survival_needs_whole_degrees_of_freedom():
    with pytest.raises(ValueError, match="whole number"):
        dist.chi2_survival(1.5, 2.0)


def test_t_cdf_against_closed_forms():
    for t in (*RNG.normal(0, 4, 100), 1e-8, -1e-8, 1e-3, 250.0, -1e6):
        assert dist.t_cdf(1, t) == pytest.approx(
            0.5 + math.atan(t) / math.pi, rel=1e-14
        )
        two = 0.5 + t / (2 * math.sqrt(2 + t * t))
        assert dist.t_cdf(2, t) == pytest.approx(two, rel=1e-13)


@pytest.mark.parametrize("df", [*range(2, 61), 0.5, 2.5, 100.0, 1000.0])
def test_t_against_scipy(df):
    for t in (*RNG.normal(0, 5, 40), 0.0, 1e-3, 40.0, -40.0, 1e3):
        want = special.stdtr(df, t)
        assert dist.t_cdf(df, t) == pytest.approx(want, rel=1e-12, abs=1e-300), t
    for p in (1e-10, 0.001, 0.025, 0.3, 0.6, 0.975, 0.999, 1 - 1e-9):
        want = special.stdtrit(df, p)
        assert dist.t_quantile(df, p) == pytest.approx(want, rel=1e-12), p
    assert dist.t_quantile(df, 0.5) == 0.0
    assert dist.t_cdf(df, math.inf) == 1.0
    assert math.isnan(dist.t_cdf(df, math.nan))


def test_t_quantile_inverts_the_cdf_for_one_degree():
    for p in (1e-10, 0.025, 0.4, 0.975):
        assert dist.t_quantile(1, p) == pytest.approx(math.tan(math.pi * (p - 0.5)))


def test_the_stirling_table_worked_out_again():
    """The 15 constants, from ln(n!) and pi in 60-digit decimal arithmetic."""
    context = decimal.Context(prec=60)

    def arctan_of_inverse(x: int) -> decimal.Decimal:  # Gregory's series
        term = context.divide(1, x)
        total, j, sign = term, 1, -1
        while term > decimal.Decimal(10) ** -62:
            term = context.divide(term, x * x)
            j += 2
            total = context.add(total, sign * context.divide(term, j))
            sign = -sign
        return total

    pi = 16 * arctan_of_inverse(5) - 4 * arctan_of_inverse(239)  # Machin's formula
    half_log_two_pi = context.ln(2 * pi) / 2
    for n, kept in enumerate(dist._STIRLING_ERRORS, start=1):
        exact = (
            context.ln(math.factorial(n))
            - (n + decimal.Decimal("0.5")) * context.ln(n)
            + n
            - half_log_two_pi
        )
        assert kept == float(exact), n
