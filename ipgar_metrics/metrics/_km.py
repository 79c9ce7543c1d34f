"""The Kaplan–Meier product-limit estimate in numpy, as lifelines computes it.

The lead-time curves (``leadtime._survival``), the time in the approach
(``casework._flow``) and the evaluation's Kaplan–Meier rows fit many small groups
per report; lifelines' ``KaplanMeierFitter`` builds several pandas frames per fit.
``product_limit`` takes the same steps on arrays: the event table at each distinct
time (everyone enters at ``min(0, shortest duration)``), the survival as the
exponent of the cumulative sum of ``log(n - d) - log(n)``, Greenwood's variance sum
``d / (n (n - d))`` (0 where ``n = d``) and lifelines' exponential Greenwood bounds
(``exp(-exp(log(-log S) ∓ z sqrt(var) / log S))``, 1 where undefined), each in the
order lifelines takes it, so the numbers are the same to the last bit
(``tests/oracle/test_km_oracle.py``). ``median`` is lifelines' ``qth_survival_time``
at 0.5: the first time the curve is at or below a half (a binary search, as lifelines
does, also on a confidence bound), ``inf`` when it stays above. ``logrank`` is
lifelines' two-sample ``logrank_test`` (unweighted), so that a report build does not
import lifelines for one test (0.1 s here). The normal quantile of the bands comes
from ``metrics._inference``, so that a report does not import ``scipy.stats``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class ProductLimit:
    """One fitted curve: a row per distinct time (the entry time first)."""

    times: np.ndarray  # float
    survival: np.ndarray  # float
    ci_lower: np.ndarray  # float
    ci_upper: np.ndarray  # float
    at_risk: np.ndarray  # int64
    observed: np.ndarray  # int64
    censored: np.ndarray  # int64


def product_limit(
    durations: Any, observed: Any, *, alpha: float = 0.05
) -> ProductLimit:
    """The Kaplan–Meier curve of ``durations`` (``observed``: the event was seen).

    Raises ``ValueError`` when a duration is missing or infinite (lifelines too).
    """
    from ipgar_metrics.metrics._inference import normal_quantile

    d = np.asarray(durations, dtype=float)
    if d.size == 0:
        raise ValueError("a Kaplan-Meier curve needs at least one duration")
    if not np.isfinite(d).all():
        raise ValueError("a Kaplan-Meier duration is missing or infinite")
    seen = np.asarray(observed).astype(bool)
    entry = min(0.0, float(d.min()))
    times, where = np.unique(np.append(d, entry), return_inverse=True)
    where = where[:-1]
    removed = np.bincount(where, minlength=times.size).astype(np.int64)
    deaths = np.bincount(where, weights=seen, minlength=times.size).astype(np.int64)
    entrance = np.zeros(times.size, dtype=np.int64)
    entrance[np.searchsorted(times, entry)] = d.size
    gone = np.concatenate(([0], np.cumsum(removed)[:-1]))
    at_risk = np.cumsum(entrance) - gone
    # lifelines takes the entrants after the deaths, except at the first time
    entrants = entrance.copy()
    entrants[0] = 0
    population = at_risk - entrants
    with np.errstate(divide="ignore", invalid="ignore"):
        log_s = np.cumsum(np.log(population - deaths) - np.log(population))
        pop = population.astype("uint64")
        step = deaths / (pop * (pop - deaths))
        step[np.isposinf(step)] = 0.0
        var = np.cumsum(step)  # every population is at least 1: no 0 / 0
        survival = np.exp(log_s)
        z = normal_quantile(1 - alpha / 2)
        v = np.log(survival)
        lower = np.exp(-np.exp(np.log(-v) - z * np.sqrt(var) / v))
        upper = np.exp(-np.exp(np.log(-v) + z * np.sqrt(var) / v))
    return ProductLimit(
        times=times,
        survival=survival,
        ci_lower=np.where(np.isnan(lower), 1.0, lower),
        ci_upper=np.where(np.isnan(upper), 1.0, upper),
        at_risk=at_risk,
        observed=deaths,
        censored=removed - deaths,
    )


def median(times: np.ndarray, curve: np.ndarray) -> float:
    """The first time ``curve`` is at or below 0.5 (lifelines' search); ``inf`` if never."""
    if curve[-1] > 0.5:
        return float("inf")
    return float(times[np.searchsorted(-curve, -0.5)])


def logrank(
    durations_a: Any, durations_b: Any, observed_a: Any, observed_b: Any
) -> tuple[float, float]:
    """The two-sample log-rank test of A against B: (chi-square statistic, p-value).

    At each distinct time ``t`` (of an event or a censoring, in either group) with
    ``n`` at risk, ``n_a`` of them in A, and ``d`` events: A's expected events
    ``n_a d / n``, and the hypergeometric variance ``d (n_a / n) (1 - n_a / n)
    (n - d) / (n - 1)`` (the last factor 1 where ``n`` is 1). The statistic is
    (observed - expected)^2 / variance, 0 when the variance is 0 (no event while
    both groups are at risk), and its p-value that of a chi-square with one degree of
    freedom, ``erfc(sqrt(statistic / 2))``. lifelines' ``logrank_test`` gives the
    same numbers (``tests/oracle/test_km_oracle.py``).
    """
    a = np.asarray(durations_a, dtype=float)
    b = np.asarray(durations_b, dtype=float)
    if a.size == 0 or b.size == 0:
        raise ValueError("a log-rank test needs a duration in each group")
    durations = np.concatenate((a, b))
    if not np.isfinite(durations).all():
        raise ValueError("a log-rank duration is missing or infinite")
    seen = np.concatenate(
        (np.asarray(observed_a).astype(bool), np.asarray(observed_b).astype(bool))
    )
    in_a = np.arange(durations.size) < a.size
    times, where = np.unique(durations, return_inverse=True)

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(where[mask], minlength=times.size).astype(float)

    def at_risk(removed: np.ndarray, total: int) -> np.ndarray:
        return total - np.concatenate(([0.0], np.cumsum(removed)[:-1]))

    n = at_risk(count(np.ones_like(seen)), durations.size)
    n_a = at_risk(count(in_a), a.size)
    d, d_a = count(seen), count(seen & in_a)
    share = n_a / n
    ties = np.ones_like(n)
    np.divide(n - d, n - 1, out=ties, where=n > 1)
    variance = float(np.sum(d * share * (1 - share) * ties))
    difference = float(np.sum(d_a) - np.sum(d * share))
    statistic = difference * difference / variance if variance > 0 else 0.0
    return statistic, math.erfc(math.sqrt(statistic / 2))
