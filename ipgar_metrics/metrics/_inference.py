"""Quantiles, intervals and tests the report needs, without ``scipy.stats``.

Importing ``scipy.stats`` takes about 0.5 s (half of it scipy formatting the
docstrings of its distributions) and statsmodels' regression and proportion modules
0.1 s more: a seventh of the demo report (``docs/scaling.md``, "The demo report,
profiled"). The report used them for six small computations, done here with the
distribution functions they are built on (``metrics._distributions``: the normal,
Student t, chi-squared and binomial distributions in plain Python, since importing
``scipy.special`` for them took 0.15 s more) and exact integer counts, so each gives
the number scipy or statsmodels gives (``tests/oracle/test_inference_oracle.py``
compares them on random inputs):

* ``normal_quantile``: ``scipy.stats.norm.ppf``.
* ``wilson_interval``: statsmodels ``proportion_confint(method="wilson")``.
* ``binomial_cdf``, ``binomial_ppf``: ``scipy.stats.binom.cdf`` and ``.ppf`` (exact
  where Boost's last digit is off, e.g. the median count of an odd fair-coin count).
* ``chi2_independence``: ``scipy.stats.chi2_contingency`` (Yates' correction on a
  table with one degree of freedom, as scipy's default).
* ``mann_whitney``: ``scipy.stats.mannwhitneyu(x, y, alternative="two-sided")``
  with its default method: exact when a sample has at most 8 values and there are
  no ties, else the normal approximation with the tie and continuity corrections.
* ``least_squares``: statsmodels ``OLS``/``WLS(...).fit(use_t=True)``: estimates,
  t intervals and p-values (``cov_type="nonrobust"``).
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from ipgar_metrics.metrics._distributions import (
    binomial_cdf,
    binomial_ppf,
    chi2_survival,
    normal_cdf,
    normal_quantile,
    t_cdf,
    t_quantile,
)

__all__ = [
    "LeastSquares",
    "MannWhitney",
    "binomial_cdf",
    "binomial_ppf",
    "chi2_independence",
    "least_squares",
    "mann_whitney",
    "normal_quantile",
    "wilson_interval",
]


def wilson_interval(count: float, n: float, alpha: float = 0.05) -> tuple[float, float]:
    """The Wilson score interval of ``count`` out of ``n`` (``n`` > 0)."""
    z = normal_quantile(1 - alpha / 2)
    z2 = z * z
    share = count / n
    denominator = 1 + z2 / n
    centre = (share + z2 / (2 * n)) / denominator
    half = z * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n)) / denominator
    return (centre - half, centre + half)


def chi2_independence(table: Any) -> tuple[float, float]:
    """The chi-squared statistic and p-value of independence in a contingency table.

    Rows and columns with a zero total are not allowed (scipy refuses them too).
    """
    observed = np.asarray(table, dtype=float)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    dof = int(np.prod(observed.shape) - sum(observed.shape) + observed.ndim - 1)
    if dof == 0:
        return (0.0, 1.0)
    if dof == 1:  # Yates: each cell moved half a count towards its expectation
        gap = expected - observed
        observed = observed + np.sign(gap) * np.minimum(0.5, np.abs(gap))
    chi2 = float(((observed - expected) ** 2 / expected).sum())
    return (chi2, chi2_survival(dof, chi2))


class MannWhitney(NamedTuple):
    statistic: float  # U of the first sample
    p_value: float


def mann_whitney(x: Any, y: Any) -> MannWhitney:
    """The two-sided Mann–Whitney U test of ``x`` against ``y``."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n1, n2 = a.size, b.size
    both = np.concatenate([a, b])
    _, where, ties = np.unique(both, return_inverse=True, return_counts=True)
    upto = np.cumsum(ties)
    average_rank = upto - (ties - 1) / 2  # the mean rank of each distinct value
    u1 = float(average_rank[where[:n1]].sum()) - n1 * (n1 + 1) / 2
    u = max(u1, n1 * n2 - u1)
    if (n1 > 8 and n2 > 8) or (ties > 1).any():
        n = n1 + n2
        tie_term = float((ties.astype(float) ** 3 - ties).sum())
        spread = np.sqrt(n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1))))
        with np.errstate(divide="ignore", invalid="ignore"):  # all values tied
            z = (u - n1 * n2 / 2 - 0.5) / spread  # -inf then: p = 1, as scipy
        p = 2 * normal_cdf(-float(z))
    else:
        p = 2 * _u_at_least(round(u), n1, n2)
    return MannWhitney(u1, min(max(p, 0.0), 1.0))


def _u_at_least(u: int, n1: int, n2: int) -> float:
    """P(U >= u) under the null, from the exact count of each U (no ties).

    The counts of U for samples of m and n values are the coefficients of the
    Gaussian binomial coefficient [m + n choose m] in q: the product over i = 1..m
    of (1 - q^(n + i)) / (1 - q^i), each division exact in integers.
    """
    m, n = min(n1, n2), max(n1, n2)
    counts = [1]
    for i in range(1, m + 1):
        counts = _times_one_minus_power(counts, n + i)
        counts = _over_one_minus_power(counts, i)
    return sum(counts[u:]) / math.comb(m + n, m)


def _times_one_minus_power(poly: list[int], k: int) -> list[int]:
    out = poly + [0] * k
    for j, c in enumerate(poly):
        out[j + k] -= c
    return out


def _over_one_minus_power(poly: list[int], k: int) -> list[int]:
    out = list(poly)
    for j in range(k, len(out)):
        out[j] += out[j - k]
    return out[: len(out) - k]


class LeastSquares(NamedTuple):
    params: np.ndarray[Any, Any]
    ci_lower: np.ndarray[Any, Any]
    ci_upper: np.ndarray[Any, Any]
    p_values: np.ndarray[Any, Any]


def least_squares(
    y: Any, x: Any, *, weights: Any = None, alpha: float = 0.05
) -> LeastSquares:
    """Ordinary (or, with ``weights``, weighted) least squares with t intervals."""
    yy, xx = np.asarray(y, dtype=float), np.asarray(x, dtype=float)
    if weights is not None:
        root = np.sqrt(np.asarray(weights, dtype=float))
        yy, xx = yy * root, xx * root[:, None]
    pinv = np.linalg.pinv(xx)
    params = pinv @ yy
    resid = yy - xx @ params
    df = xx.shape[0] - np.linalg.matrix_rank(xx)
    scale = float(resid @ resid) / df
    se = np.sqrt(np.diag(pinv @ pinv.T) * scale)
    q = t_quantile(int(df), 1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = params / se
    return LeastSquares(
        params=params,
        ci_lower=params - q * se,
        ci_upper=params + q * se,
        p_values=np.array([2 * t_cdf(int(df), -abs(float(v))) for v in t]),
    )
