"""Funnel-plot control limits: exact binomial and Poisson quantiles (Spiegelhalter 2005).

An organisation's share ``x / n`` is compared with the overall share ``p0`` (the
centre line) through the distribution of the count under the centre line:
``Binomial(n, p0)`` for a share, ``Poisson(r0 * exposure)`` for a rate. A limit at
level ``q`` is the ``q``-quantile of that count (the smallest ``r`` with
``P(R <= r) >= q``) divided by the denominator; 95% limits use ``q = 0.025`` and
``0.975``, 99.8% limits ``0.001`` and ``0.999``. Spiegelhalter's interpolation
between counts, which draws a smooth funnel, is not applied: an organisation is
signalled only when its count lies strictly outside the quantiles, so without any
real difference at most 2.5% fall above and at most 2.5% below (exact, never more).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Final, Literal

import numpy as np
import pandas as pd

#: The two levels of the funnel: (name, lower tail, upper tail).
LEVELS: Final[tuple[tuple[str, float, float], ...]] = (
    ("95", 0.025, 0.975),
    ("998", 0.001, 0.999),
)
#: ``signal`` values: above the upper 95% limit, below the lower one, inside.
SIGNALS: Final[tuple[str, str, str]] = ("boven", "onder", "binnen")

Kind = Literal["share", "rate"]

#: Relative slack when comparing a cumulative probability with the quantile level,
#: so that a cdf that equals the level up to rounding counts as reaching it.
_EPS: Final[float] = 1e-12


_LOG_FACTORIALS: list[np.ndarray] = [np.zeros(0)]


def _log_factorials(top: int) -> np.ndarray:
    """``log(k!)`` for ``k = 0..top`` (``math.lgamma(k + 1)``), kept and grown as needed.

    The funnel's limits ask for thousands of distributions per report; each needs
    the log-factorials up to its denominator, computed once here, not per call.
    """
    table = _LOG_FACTORIALS[0]
    if table.size <= top:
        size = max(top + 1, 2 * table.size, 1024)
        grown = np.empty(size)
        grown[: table.size] = table
        grown[table.size :] = [math.lgamma(k + 1) for k in range(table.size, size)]
        grown.flags.writeable = False
        _LOG_FACTORIALS[0] = table = grown
    return table[: top + 1]


@lru_cache(maxsize=4096)
def _binom_cdf(n: int, p: float) -> np.ndarray:
    """``P(R <= r)`` for ``r = 0..n`` under ``Binomial(n, p)`` (read-only, kept)."""
    r = np.arange(n + 1)
    if p <= 0.0:
        out = np.ones(n + 1)
    elif p >= 1.0:
        out = np.zeros(n + 1)
        out[-1] = 1.0
    else:
        lf = _log_factorials(n)
        logpmf = lf[n] - (lf + lf[::-1]) + r * math.log(p) + (n - r) * math.log1p(-p)
        out = np.minimum(np.cumsum(np.exp(logpmf)), 1.0)
    out.flags.writeable = False
    return out


@lru_cache(maxsize=4096)
def _poisson_cdf(mu: float) -> np.ndarray:
    """``P(R <= r)`` for ``r = 0..top`` under ``Poisson(mu)``, up to a cdf of 1 - 1e-15."""
    if mu <= 0.0:
        out = np.ones(1)
    else:
        top = int(mu + 12.0 * math.sqrt(mu) + 30.0)
        r = np.arange(top + 1)
        logpmf = r * math.log(mu) - mu - _log_factorials(top)
        out = np.minimum(np.cumsum(np.exp(logpmf)), 1.0)
    out.flags.writeable = False
    return out


def count_quantile(q: float, denominator: float, centre: float, kind: Kind) -> float:
    """The ``q``-quantile of the count under the centre line (the same as scipy's ppf).

    ``kind="share"``: ``Binomial(denominator, centre)`` (``denominator`` a whole
    number of cases); ``kind="rate"``: ``Poisson(centre * denominator)``
    (``denominator`` the exposure, e.g. case-years). NaN without a denominator.
    """
    if not denominator > 0 or not np.isfinite(centre):
        return float("nan")
    if kind == "share":
        cdf = _binom_cdf(round(denominator), float(centre))
    else:
        cdf = _poisson_cdf(float(centre) * float(denominator))
    return float(np.argmax(cdf >= q * (1.0 - _EPS)))


def limits(denominator: float, centre: float, kind: Kind) -> dict[str, float]:
    """The 95% and 99.8% control limits of a share or rate at ``denominator``.

    Returns
    -------
    ``lower_95, upper_95, lower_998, upper_998``: count quantiles divided by the
    denominator (NaN without a denominator).
    """
    out: dict[str, float] = {}
    for name, lo, hi in LEVELS:
        for side, q in (("lower", lo), ("upper", hi)):
            count = count_quantile(q, denominator, centre, kind)
            out[f"{side}_{name}"] = count / denominator if denominator > 0 else np.nan
    return out


def signal(value: float, lower: float, upper: float) -> str | None:
    """``boven`` above ``upper``, ``onder`` below ``lower``, else ``binnen`` (None: no value)."""
    if not np.isfinite(value) or not np.isfinite(lower) or not np.isfinite(upper):
        return None
    if value > upper:
        return "boven"
    if value < lower:
        return "onder"
    return "binnen"


def detectable_difference(denominator: float, centre: float, kind: Kind) -> float:
    """The smallest distance from the centre line that the 95% limits signal.

    The nearest value an organisation with this denominator can have outside its
    95% limits (a count one above the upper quantile, or one below the lower),
    minus the centre line, in absolute terms: a real difference smaller than this
    cannot show as a signal at this size. NaN when no count can fall outside.
    """
    if not denominator > 0 or not np.isfinite(centre):
        return float("nan")
    gaps = []
    upper = count_quantile(0.975, denominator, centre, kind) + 1
    if kind == "rate" or upper <= denominator:
        gaps.append(upper / denominator - centre)
    lower = count_quantile(0.025, denominator, centre, kind) - 1
    if lower >= 0:
        gaps.append(centre - lower / denominator)
    return float(min(gaps)) if gaps else float("nan")


def funnel_lines(
    points: pd.DataFrame, *, measure: str, steps: int = 60
) -> pd.DataFrame:
    """The funnel of one measure: its limits over a range of denominators.

    ``points`` is ``practice_profile(..., level="point")``; the limits are those
    of its points: at the effective denominator when its ``design_effect`` is above
    1 (the case as unit). The range runs from
    the smallest useful denominator (1 for a share; a tenth of the smallest for a
    rate) to 1.1 times the largest organisation's.

    Returns
    -------
    One row per denominator: ``denominator, expected, lower_95, upper_95,
    lower_998, upper_998`` (empty for a median or without points).
    """
    cols = ["denominator", "expected", "lower_95", "upper_95", "lower_998", "upper_998"]
    rows = points.loc[(points["measure"] == measure) & (points["denominator"] > 0)]
    if rows.empty or rows["kind"].iloc[0] == "median":
        return pd.DataFrame(columns=cols)
    kind: Kind = rows["kind"].iloc[0]
    centre = float(rows["expected"].iloc[0])
    deff = float(rows["design_effect"].iloc[0]) if "design_effect" in rows else 1.0
    top = float(rows["denominator"].max()) * 1.1
    if kind == "share":
        grid = np.unique(np.round(np.geomspace(1, max(top, 2), steps)))
    else:
        grid = np.geomspace(
            max(float(rows["denominator"].min()) / 10, 1e-3), top, steps
        )
    out = [
        {
            "denominator": float(n),
            "expected": centre,
            **limits(effective_denominator(float(n), deff, kind), centre, kind),
        }
        for n in grid
    ]
    return pd.DataFrame(out, columns=cols)


#: Normal quantiles of the two levels (two-sided 95% and 99.8%).
_Z: Final[dict[str, float]] = {"95": 1.959963984540054, "998": 3.090232306167813}
#: Share of each tail winsorised before the overdispersion factor (Spiegelhalter 2005).
WINSOR: Final[float] = 0.10


def _variance(denominator: np.ndarray, centre: float, kind: Kind) -> np.ndarray:
    if kind == "share":
        return centre * (1.0 - centre) / denominator
    return centre / denominator


def overdispersion(
    values: np.ndarray, denominators: np.ndarray, centre: float, kind: Kind
) -> float:
    """The multiplicative overdispersion factor of Spiegelhalter (2005, section 6).

    The mean of the squared z-scores ``(value - centre) / sqrt(V(centre, n))``
    after winsorising 10% of each tail; about 1 when the organisations differ by
    chance alone, larger when the spread between them is wider than the binomial
    or Poisson one (events that cluster within cases). NaN with fewer than three
    organisations or a centre line of 0 (or 1 for a share).
    """
    values = np.asarray(values, dtype=float)
    denominators = np.asarray(denominators, dtype=float)
    keep = np.isfinite(values) & (denominators > 0)
    if keep.sum() < 3 or centre <= 0 or (kind == "share" and centre >= 1):
        return float("nan")
    z = (values[keep] - centre) / np.sqrt(_variance(denominators[keep], centre, kind))
    lo, hi = np.quantile(z, [WINSOR, 1.0 - WINSOR])
    return float(np.mean(np.clip(z, lo, hi) ** 2))


def inflated_limits(
    denominator: float, centre: float, kind: Kind, phi: float
) -> dict[str, float]:
    """Limits widened by an overdispersion factor ``phi`` (normal approximation).

    ``centre ± z · sqrt(phi · V(centre, n))`` (Spiegelhalter 2005, section 6.2),
    cut at 0 (and at 1 for a share); the exact ``limits`` when ``phi`` is not above 1.
    """
    if not phi > 1 or not denominator > 0:
        return limits(denominator, centre, kind)
    sd = math.sqrt(phi * float(_variance(np.array([denominator]), centre, kind)[0]))
    top = 1.0 if kind == "share" else math.inf
    out: dict[str, float] = {}
    for name, z in _Z.items():
        out[f"lower_{name}"] = max(0.0, centre - z * sd)
        out[f"upper_{name}"] = min(top, centre + z * sd)
    return out


def design_effect(units: pd.DataFrame, kind: Kind) -> float:
    """How much wider the spread is when events cluster within cases (the case as unit).

    ``units`` has one row per episode (the case as unit) with ``group``,
    ``numerator`` (its events counted) and ``denominator`` (its events, or its
    exposure for a rate). Under the model of a quasi-binomial or quasi-Poisson
    count (the variance of an episode's count ``φ`` times the binomial or Poisson
    one, McCullagh and Nelder 1989; Spiegelhalter 2005 section 6.2 with the cases,
    not the organisations, as units) ``φ`` is estimated within the organisations:
    ``Σ (y_i − p_g n_i)² / Σ V(p_g, n_i) (1 − n_i / N_g)``, with ``p_g`` the
    organisation's own value (so a real difference between organisations does not
    raise it) and ``1 − n_i / N_g`` the share of the variance left after fitting
    ``p_g``; for a share ``V`` is divided by ``1 − 1/N_g`` as well (the plug-in
    ``p_g (1 − p_g)`` is low by that factor), so that units of one event each
    give exactly 1. Returns ``max(1, φ)``: 1 when the units are independent or there is
    too little to estimate (fewer than two episodes more than organisations).
    """
    u = units.loc[units["denominator"] > 0]
    if u.empty:
        return 1.0
    tot = u.groupby("group")[["numerator", "denominator"]].transform("sum")
    if len(u) - u["group"].nunique() < 2:
        return 1.0
    p = tot["numerator"] / tot["denominator"]
    n, big = u["denominator"], tot["denominator"]
    var = (p * n * (1.0 - n / big)).where(big > 0, 0.0)
    if kind == "share":
        # p(1 - p) from the organisation's own share is low by 1 - 1/N: corrected
        # so that one event per case (Bernoulli units) gives exactly 1
        var = (var * (1.0 - p) / (1.0 - 1.0 / big)).where(big > 1, 0.0)
    den = float(var.sum())
    if not den > 0:
        return 1.0
    phi = float(((u["numerator"] - p * n) ** 2).sum()) / den
    return max(1.0, phi)


def effective_denominator(denominator: float, deff: float, kind: Kind) -> float:
    """The denominator that carries the information of ``denominator`` clustered units.

    ``denominator / deff`` (Kish's effective sample size), a whole number of at least
    1 for a share; the limits at it, divided by it, are the exact limits widened by
    the design effect (the variance of the value times ``deff``).
    """
    if not denominator > 0 or not deff > 1:
        return denominator
    eff = denominator / deff
    return float(max(1, round(eff))) if kind == "share" else eff
