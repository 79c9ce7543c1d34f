"""The distribution functions the report's statistics need, in plain Python.

``metrics._inference`` builds its intervals and tests on these. They were
``scipy.special``'s (the normal, chi-squared, Student t and binomial distribution
functions), and importing ``scipy.special`` alone took 0.15 s of the demo report
(``docs/scaling.md``). Each is computed to about the last digits a double holds, so
that it gives scipy's number (``tests/oracle/test_distributions_oracle.py``):

* ``normal_cdf``, ``normal_quantile``: ``math.erfc`` and ``statistics.NormalDist``.
* ``chi2_survival``: the upper tail of a chi-squared count with whole degrees of
  freedom, from its finite sum of Poisson-like terms (the tail of a Gamma
  distribution whose shape is a whole or half number).
* ``t_cdf``, ``t_quantile``: the Student t distribution, from the regularised
  incomplete beta function (its continued fraction); the quantile by Newton's method.
* ``binomial_cdf``, ``binomial_ppf``: a sum of binomial probabilities, each computed
  from Stirling's series and the deviance term (the way that keeps full precision
  for large ``n``), summed away from the mean until the terms no longer count.
"""

from __future__ import annotations

import math
from statistics import NormalDist

_STANDARD = NormalDist()
#: Steps of the continued fraction (and of the deviance's series) before giving up.
_MAX_STEPS = 10_000
#: Newton's steps at most: near the quantile each one doubles the digits.
_NEWTON_STEPS = 200
_TINY = 1e-300


def normal_cdf(x: float) -> float:
    """P(Z <= x) for a standard normal Z (``scipy.special.ndtr``)."""
    return 0.5 * math.erfc(-x / math.sqrt(2))


def normal_quantile(p: float) -> float:
    """The standard normal quantile of ``p`` (``scipy.special.ndtri``)."""
    if math.isnan(p):
        return math.nan
    if p <= 0:
        return -math.inf
    if p >= 1:
        return math.inf
    return _STANDARD.inv_cdf(p)


def chi2_survival(dof: int, x: float) -> float:
    """P(X > x) for X chi-squared with ``dof`` (a whole number >= 1) degrees of freedom.

    With y = x / 2 that is the upper tail of a Gamma(dof / 2) variable: for an even
    ``dof`` the sum over i < dof / 2 of e^-y y^i / i!; for an odd one erfc(sqrt(y))
    plus the sum over i < (dof - 1) / 2 of e^-y y^(i + 1/2) / Gamma(i + 3/2). Every term
    is positive, so nothing cancels.
    """
    if dof < 1 or dof != int(dof):
        raise ValueError(f"degrees of freedom must be a whole number >= 1, not {dof}")
    dof = int(dof)
    if math.isnan(x):
        return math.nan
    if x <= 0:
        return 1.0
    y = x / 2
    # each term in logarithms, so that e^-y may underflow while the terms do not
    if dof % 2 == 0:
        total, log_term, start, count = 0.0, -y, 1.0, dof // 2
    else:
        total, start, count = math.erfc(math.sqrt(y)), 1.5, (dof - 1) // 2
        log_term = -y + 0.5 * math.log(y) - math.lgamma(1.5)
    for i in range(count):
        if i:
            log_term += math.log(y / (start + i - 1))
        total += math.exp(log_term)
    return min(total, 1.0)


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of I_x(a, b), evaluated by the modified Lentz method."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    value = d
    for m in range(1, _MAX_STEPS):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            value *= c * d
        if abs(c * d - 1.0) < 1e-16:
            return value
    raise ArithmeticError(f"incomplete beta ({a}, {b}, {x}) did not converge")


def _incomplete_beta(a: float, b: float, x: float, one_minus_x: float) -> float:
    """The regularised incomplete beta function I_x(a, b); ``one_minus_x`` is 1 - x."""
    if x <= 0:
        return 0.0
    if one_minus_x <= 0:
        return 1.0
    if x > (a + 1) / (a + b + 2):  # the fraction converges fast on the other side
        return 1.0 - _incomplete_beta(b, a, one_minus_x, x)
    log_front = a * math.log(x) + b * math.log(one_minus_x) - _log_beta(a, b)
    return math.exp(log_front) * _beta_fraction(a, b, x) / a


def t_cdf(df: float, t: float) -> float:
    """P(T <= t) for T Student-t with ``df`` > 0 degrees of freedom (``stdtr``)."""
    if df <= 0 or math.isnan(t) or math.isnan(df):
        return math.nan
    tail = _t_tail(df, abs(t))
    return tail if t < 0 else 1.0 - tail


def _t_tail(df: float, t: float) -> float:
    """P(T > t) for t >= 0: I_x(df / 2, 1 / 2) / 2 with x = df / (df + t^2)."""
    if math.isinf(t):
        return 0.0
    square = t * t
    return 0.5 * _incomplete_beta(
        df / 2, 0.5, df / (df + square), square / (df + square)
    )


def _t_density(df: float, t: float) -> float:
    log_scale = (
        math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    )
    return math.exp(log_scale - (df + 1) / 2 * math.log1p(t * t / df))


def t_quantile(df: float, p: float) -> float:
    """The ``p``-quantile of Student's t with ``df`` > 0 degrees of freedom (``stdtrit``)."""
    if df <= 0 or math.isnan(p) or math.isnan(df) or not 0 <= p <= 1:
        return math.nan
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -_t_beyond(df, p)
    return _t_beyond(df, 1.0 - p)  # exact: p >= 0.5


def _t_beyond(df: float, tail: float) -> float:
    """The t > 0 with P(T > t) = ``tail`` (0 <= tail < 1/2).

    Newton's method on the tail itself (so that a small tail keeps its digits), from
    the normal quantile: t lies further out, and the tail is convex above 0, so every
    step moves towards t and none passes it, until the steps stop shrinking.
    """
    if tail == 0:
        return math.inf
    t = -normal_quantile(tail)
    last = math.inf
    for _ in range(_NEWTON_STEPS):
        step = (_t_tail(df, t) - tail) / _t_density(df, t)
        if not math.isfinite(step) or (abs(step) < 1e-12 * t and abs(step) >= last):
            break  # converged: what is left of the step is the tail's rounding
        t += step
        last = abs(step)
    return t


#: ln(n!) - ln(sqrt(2 pi n) (n / e)^n) for n = 1 .. 15, worked out to 60 digits
#: (``tests/oracle/test_distributions_oracle.py`` works them out again): below 16 the series
#: converges too slowly and ``lgamma`` would lose the last digits to cancellation.
_STIRLING_ERRORS = (
    0.08106146679532726,
    0.0413406959554093,
    0.02767792568499834,
    0.020790672103765093,
    0.016644691189821193,
    0.013876128823070748,
    0.01189670994589177,
    0.010411265261972096,
    0.009255462182712733,
    0.00833056343336287,
    0.007573675487951841,
    0.00694284010720953,
    0.006408994188004207,
    0.0059513701127588475,
    0.005554733551962801,
)


def _stirling_error(n: int) -> float:
    """ln(n!) - ln(sqrt(2 pi n) (n / e)^n): the error of Stirling's formula (n >= 1)."""
    if n <= len(_STIRLING_ERRORS):
        return _STIRLING_ERRORS[n - 1]
    inverse_square = 1.0 / (n * n)
    series = 1 / 1188 * inverse_square
    for coefficient in (1 / 1680, 1 / 1260, 1 / 360):
        series = (coefficient - series) * inverse_square
    return (1 / 12 - series) / n


def _deviance(x: float, mean: float) -> float:
    """The deviance term x ln(x / mean) + mean - x, kept exact near the mean."""
    if abs(x - mean) < 0.1 * (x + mean):
        ratio = (x - mean) / (x + mean)
        total = (x - mean) * ratio
        power = 2 * x * ratio
        for j in range(1, _MAX_STEPS):
            power *= ratio * ratio
            larger = total + power / (2 * j + 1)
            if larger == total:
                return total
            total = larger
    return x * math.log(x / mean) + mean - x


def _binomial_probability(k: int, n: int, p: float) -> float:
    """P(X = k) for X ~ Binomial(n, p), to full relative precision (0 < p < 1)."""
    q = 1.0 - p
    if k == 0:
        return math.exp(n * math.log1p(-p))
    if k == n:
        return math.exp(n * math.log(p))
    exponent = (
        _stirling_error(n)
        - _stirling_error(k)
        - _stirling_error(n - k)
        - _deviance(k, n * p)
        - _deviance(n - k, n * q)
    )
    return math.exp(exponent) * math.sqrt(n / (2 * math.pi * k * (n - k)))


def _tail_sum(start: int, n: int, p: float, upward: bool) -> float:
    """P(X >= start) when ``upward``, else P(X <= start), summed away from the mean."""
    term = _binomial_probability(start, n, p)
    total, i = term, start
    odds = p / (1.0 - p)
    while term > total * 1e-17:
        if upward:
            if i >= n:
                break
            term *= (n - i) / (i + 1) * odds
            i += 1
        else:
            if i <= 0:
                break
            term *= i / (n - i + 1) / odds
            i -= 1
        total += term
    return total


def binomial_cdf(k: float, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p) (``scipy.stats.binom.cdf``)."""
    k = math.floor(k)
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    if p <= 0 or p >= 1:
        return 1.0 if p <= 0 else 0.0
    if p == 0.5 and 2 * k + 1 == n:  # the two halves of a fair coin's odd count
        return 0.5
    if k <= n * p:
        return min(_tail_sum(k, n, p, upward=False), 1.0)
    return max(1.0 - _tail_sum(k + 1, n, p, upward=True), 0.0)


def binomial_ppf(q: float, n: int, p: float) -> int:
    """The least k with P(X <= k) >= q, X ~ Binomial(n, p), 0 < q < 1 (``ppf``)."""
    if not 0 < q < 1:
        raise ValueError(f"the probability must lie between 0 and 1, not {q}")
    spread = math.sqrt(n * p * (1 - p))
    k = min(max(math.floor(n * p + normal_quantile(q) * spread), 0), n)
    while k < n and binomial_cdf(k, n, p) < q:
        k += 1
    while k > 0 and binomial_cdf(k - 1, n, p) >= q:
        k -= 1
    return k
