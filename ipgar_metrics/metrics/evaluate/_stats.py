"""Statistics of a before/after comparison: the primary, bootstrap CIs, secondary tests.

Rows of ``compare_periods`` (``_compare.py``). One row per metric is the *primary*
(declared before looking, ``PRIMARY_STATISTIC``): for lead times the share of reports
decided (intake or final decision) within 8 weeks, from the Kaplan-Meier estimate of
time to any outcome (open reports censored at ``as_of``, so the months just after a
change are not flattered by their quick reports only); for contact and integrality
the mean per episode. Its interval and p-value come from the same bootstrap standard
error (difference +/- z SE, p = 2 Phi(-|difference| / SE)), so they cannot disagree;
the smallest difference detectable with 80% power is (z + z_0.8) SE. The other tests
(Mann-Whitney on the median, log-rank) are secondary and Holm-adjusted; rows without
a test are descriptive. scipy is imported inside the functions so that ``ipgar
--help`` stays fast; the log-rank test is ``metrics._km.logrank`` (lifelines'
numbers, without importing lifelines).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from statistics import NormalDist
from typing import Any, Final

import numpy as np
import pandas as pd

from ipgar_metrics.metrics._km import logrank
from ipgar_metrics.metrics.leadtime import km_curve

PERIODS: Final[tuple[str, str]] = ("before", "after")
#: The lead-time primary: share decided (intake or final decision) within 8 weeks.
PRIMARY_HORIZON_DAYS: Final[float] = 56.0
#: The primary statistic of each metric (exactly one row per comparison).
PRIMARY_STATISTIC: Final[dict[str, str]] = {
    "leadtime": "decided_8w_share",
    "contact": "mean_days",
    "integrality": "mean_share",
}
#: Power of the smallest detectable difference printed when a primary is not significant.
POWER: Final[float] = 0.80
ROLES: Final[tuple[str, ...]] = ("primary", "secondary", "descriptive")


def count_rows(by_period: dict[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """Rows n, n_open and open_share of the two periods."""
    rows = []
    n = {p: float(len(f)) for p, f in by_period.items()}
    n_open = {p: float(f["is_open"].sum()) for p, f in by_period.items()}
    share = {p: n_open[p] / n[p] if n[p] else np.nan for p in PERIODS}
    for name, d in (("n", n), ("n_open", n_open), ("open_share", share)):
        rows.append(_row(name, d["before"], d["after"]))
    return rows


def _row(name: str, before: float, after: float, **extra: Any) -> dict[str, Any]:
    row = {
        "statistic": name,
        "before": before,
        "after": after,
        "difference": after - before,
        "ci_lower": np.nan,
        "ci_upper": np.nan,
        "test": "",
        "p_value": np.nan,
        "significant": False,
        "role": "descriptive",
        "p_adjusted": np.nan,
    }
    row.update(extra)
    return row


_STATS: Final[dict[str, Any]] = {
    "mean": lambda x: np.mean(x, axis=-1),
    "median": lambda x: np.quantile(x, 0.5, axis=-1),
    "p90": lambda x: np.quantile(x, 0.9, axis=-1),
}


_MEDIAN_P90: Final[list[float]] = [0.5, 0.9]

#: Periods of at most this many values are resampled by sorting every replicate at
#: once (a replicate per row); larger ones one replicate at a time by counts.
SORTED_REPLICATES_UP_TO: Final[int] = 400

#: Rows of bootstrap weights are handled in blocks of about this many cells: a block's
#: sums stay in the processor's cache, and a few large numpy calls replace a Python
#: loop over thousands of short rows.
_BLOCK_CELLS: Final[int] = 1 << 16
#: Fewer rows than this in a block: the rows are handled one at a time (a block of a
#: few long rows only added copies).
_MIN_BLOCK_ROWS: Final[int] = 64
#: Ranks per block when a long replicate's order statistics are looked up
#: (``_Resampled.order_statistics``).
_RANK_BLOCK: Final[int] = 256


def bootstrap_differences(
    before: np.ndarray,
    after: np.ndarray,
    *,
    n_boot: int = 2000,
    seed: int = 0,
    alpha: float = 0.05,
    chunk: int = 250,
) -> dict[str, tuple[float, float]]:
    """Percentile CIs of after - before for the mean, median and p90.

    Each period is resampled with replacement on its own (numpy ``default_rng``
    with ``seed``, ``chunk`` replicates of each period per draw); all three
    statistics use the same replicates.

    Returns
    -------
    dict
        ``{"mean": (lo, hi), "median": (lo, hi), "p90": (lo, hi)}``; NaN bounds
        when a period has no values.
    """
    if len(before) == 0 or len(after) == 0:
        return {k: (np.nan, np.nan) for k in _STATS}
    rng = np.random.default_rng(seed)
    diffs: dict[str, list[np.ndarray]] = {k: [] for k in _STATS}
    samples = (_Resampled(np.asarray(before)), _Resampled(np.asarray(after)))
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        b, a = (s.replicates(rng.integers(0, s.n, (size, s.n))) for s in samples)
        for k in _STATS:
            diffs[k].append(a[k] - b[k])
    q = [alpha / 2, 1 - alpha / 2]
    return {
        k: (float(lo), float(hi))
        for k, v in diffs.items()
        for lo, hi in [np.quantile(np.concatenate(v), q)]
    }


class _Resampled:
    """The mean, median and p90 of resamples of ``values``, given the drawn indices.

    The same numbers as ``np.mean`` and ``np.quantile`` (method linear) of
    ``values[drawn]``, row by row, in a fraction of the time: a replicate's order
    statistics are read from how often each rank of the sorted values was drawn
    (``bincount``, then ``order_statistics``) instead of partitioning the
    replicate, and one row at a time stays in the processor's cache. A period of at
    most ``SORTED_REPLICATES_UP_TO`` values sorts the ranks of all replicates at once
    instead: a loop over a few thousand short rows cost more than the rows.
    """

    def __init__(self, values: np.ndarray[Any, Any]) -> None:
        self.values = values.astype(float, copy=False)
        self.n = values.size
        order = np.argsort(self.values, kind="stable")
        self.sorted = self.values[order]
        self.rank = np.empty(self.n, dtype=np.int64)
        self.rank[order] = np.arange(self.n)
        # numpy's linear method: the virtual index (n - 1) q, its floor and the
        # fraction past it; the next index is capped at the last value
        virtual = (self.n - 1) * np.asarray(_MEDIAN_P90, dtype=float)
        below = np.floor(virtual)
        self.gamma = virtual - below
        lo = below.astype(np.int64)
        self.ranks = np.concatenate([lo, np.minimum(lo + 1, self.n - 1)])
        self.block_starts = np.arange(0, self.n, _RANK_BLOCK)

    def replicates(
        self, drawn: np.ndarray[Any, Any]
    ) -> dict[str, np.ndarray[Any, Any]]:
        """``{"mean", "median", "p90"}``: one value per row of ``drawn``."""
        m = len(_MEDIAN_P90)
        if self.n <= SORTED_REPLICATES_UP_TO:  # small: sort all rows at once
            ordered = np.sort(self.rank[drawn], axis=1)[:, self.ranks]
            x = self.sorted[ordered]
            quant = _lerp(x[:, :m], x[:, m:], self.gamma)
            mean = self.values[drawn].mean(axis=1)
            return {"mean": mean, "median": quant[:, 0], "p90": quant[:, 1]}
        rows = drawn.shape[0]
        mean, quant = np.empty(rows), np.empty((rows, m))
        for r in range(rows):
            mean[r] = np.mean(self.values[drawn[r]])
            counts = np.bincount(self.rank[drawn[r]], minlength=self.n)
            x = self.sorted[self.order_statistics(counts)]
            quant[r] = _lerp(x[:m], x[m:], self.gamma)
        return {"mean": mean, "median": quant[:, 0], "p90": quant[:, 1]}

    def order_statistics(self, counts: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """Where the replicate's ``ranks``-th smallest values (from 0) are in ``sorted``.

        ``counts``: how often each rank was drawn. The k-th smallest is the first rank
        whose running count exceeds k. The running count is only needed near each k:
        the counts are summed per block of ``_RANK_BLOCK`` ranks (one pass that numpy
        vectorises, where a running sum over every rank cannot be), the block is found
        among the blocks' running sums, and the running count is taken within it.
        Integer counts: the same positions as a running sum over every rank.
        """
        running = np.cumsum(np.add.reduceat(counts, self.block_starts))
        blocks = np.searchsorted(running, self.ranks, side="right")
        out = np.empty(self.ranks.size, dtype=np.int64)
        for i, (k, block) in enumerate(zip(self.ranks, blocks, strict=True)):
            start = block * _RANK_BLOCK
            before = running[block - 1] if block else 0
            within = np.cumsum(counts[start : start + _RANK_BLOCK])
            out[i] = start + np.searchsorted(within, k - before, side="right")
        return out


def _lerp(
    a: np.ndarray[Any, Any], b: np.ndarray[Any, Any], t: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """Interpolate as numpy's quantiles do: from ``a`` below t = 0.5, else from ``b``."""
    diff = b - a
    out: np.ndarray[Any, Any] = np.where(t >= 0.5, b - diff * (1 - t), a + diff * t)
    return out


def distribution_rows(
    vals: dict[str, np.ndarray], unit: str, *, n_boot: int, seed: int, alpha: float
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows mean, median (with Mann-Whitney) and p90 with bootstrap CIs."""
    from ipgar_metrics.metrics._inference import mann_whitney

    b, a = vals["before"], vals["after"]
    cis = bootstrap_differences(b, a, n_boot=n_boot, seed=seed, alpha=alpha)
    mw: dict[str, Any] = {"statistic": np.nan, "p_value": np.nan}
    if len(b) and len(a):
        res = mann_whitney(a, b)
        mw = {"statistic": res.statistic, "p_value": res.p_value}
    rows = []
    for name in ("mean", "median", "p90"):
        sb = float(_STATS[name](b)) if len(b) else np.nan
        sa = float(_STATS[name](a)) if len(a) else np.nan
        lo, hi = cis[name]
        extra: dict[str, Any] = {
            "ci_lower": lo,
            "ci_upper": hi,
            "significant": bool(lo > 0 or hi < 0),
        }
        if name == "median":
            extra.update(test="mann_whitney", p_value=mw["p_value"])
        rows.append(_row(f"{name}_{unit}", sb, sa, **extra))
    return rows, mw


def km_rows(
    by_period: dict[str, pd.DataFrame], alpha: float
) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """The Kaplan-Meier median row with a log-rank test, and the curves."""
    med, curves = {}, []
    for p, f in by_period.items():
        curve = km_curve(f, alpha=alpha)
        # lifelines' median: the first time the curve is at or below 0.5
        below = curve.loc[curve["survival"] <= 0.5, "days"]
        med[p] = float(below.min()) if len(below) else np.nan
        curves += curve.assign(period=p).to_dict("records")
    b, a = by_period["before"], by_period["after"]
    lr: dict[str, Any] = {"statistic": np.nan, "p_value": np.nan}
    if len(b) and len(a):
        statistic, p_value = logrank(
            b["duration_days"], a["duration_days"], b["observed"], a["observed"]
        )
        lr = {"statistic": statistic, "p_value": p_value}
    p = lr["p_value"]
    row = _row(
        "km_median_days",
        med["before"],
        med["after"],
        test="logrank",
        p_value=p,
        significant=bool(np.isfinite(p) and p < alpha),
    )
    return row, lr, curves


def compare_units(
    units: pd.DataFrame,
    *,
    metric: str,
    unit: str,
    columns: list[str],
    km: bool,
    n_boot: int,
    seed: int,
    alpha: float,
) -> tuple[pd.DataFrame, dict[str, Any], list[dict[str, Any]]]:
    """The statistic rows of one set of units, the tests and the KM curves.

    ``tests`` holds Mann-Whitney, log-rank (leadtime) and ``primary`` (the primary's
    statistic, estimates, SE, interval, p-value, significance and the smallest
    difference detectable with 80% power).
    """
    by_period = {p: units[units["period"] == p] for p in PERIODS}
    vals = {
        p: f.loc[~f["is_open"], "value"].dropna().to_numpy(float)
        for p, f in by_period.items()
    }
    rows = count_rows(by_period)
    # The two bootstraps draw from streams of their own (``seed`` and ``(seed, 1)``)
    # and only read their inputs, so the primary's runs on a second thread while the
    # distribution's runs here: the same numbers as one after the other, on two
    # cores (numpy releases the GIL in their heavy steps).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ipgar-primary") as side:
        primary_job = side.submit(
            primary_row,
            by_period,
            vals,
            metric=metric,
            n_boot=n_boot,
            seed=seed,
            alpha=alpha,
        )
        dist, mann_whitney = distribution_rows(
            vals, unit, n_boot=n_boot, seed=seed, alpha=alpha
        )
        prim_row, primary = primary_job.result()
    if metric == "leadtime":
        rows += [prim_row, *dist]
    else:  # the mean row becomes the primary
        rows += [
            prim_row if r["statistic"] == prim_row["statistic"] else r for r in dist
        ]
    tests: dict[str, Any] = {"mann_whitney": mann_whitney, "primary": primary}
    km_records: list[dict[str, Any]] = []
    if km:
        km_row, tests["logrank"], km_records = km_rows(by_period, alpha)
        rows.append(km_row)
    frame = assign_roles(pd.DataFrame(rows), alpha=alpha)
    primary["n"] = {p: len(f) for p, f in by_period.items()}
    return frame[columns], tests, km_records


def assign_roles(frame: pd.DataFrame, *, alpha: float) -> pd.DataFrame:
    """Holm-adjust the secondary tests; ``significant`` follows the adjusted p.

    The primary row keeps its own p (``p_adjusted`` = ``p_value``); rows with a
    p-value are secondary; the rest are descriptive (no test, ``significant`` False).
    """
    out = frame.copy()
    has_p = out["p_value"].notna()
    prim = out["role"] == "primary"
    out.loc[~prim & has_p, "role"] = "secondary"
    out.loc[~prim & ~has_p, "role"] = "descriptive"
    sec = out["role"] == "secondary"
    out["p_adjusted"] = np.nan
    out.loc[sec, "p_adjusted"] = holm(out.loc[sec, "p_value"].to_numpy(float))
    out.loc[prim, "p_adjusted"] = out.loc[prim, "p_value"]
    out["significant"] = (out["role"] != "descriptive") & (out["p_adjusted"] < alpha)
    return out


def holm(p_values: Any) -> np.ndarray[Any, Any]:
    """Holm-adjusted p-values (NaN stays NaN and is not counted).

    The step-down adjustment in numpy, the arithmetic of statsmodels'
    ``multipletests(method="holm")``: the i-th smallest of m p-values times
    ``m - i`` (i from 0), the running maximum of those, capped at 1. (statsmodels
    runs a full ``gc.collect()`` on every call, which costs seconds in a report.)
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    if ok.any():
        valid = p[ok]
        order = np.argsort(valid)
        stepped = valid[order] * np.arange(valid.size, 0, -1)
        adjusted = np.empty(valid.size)
        adjusted[order] = np.minimum(np.maximum.accumulate(stepped), 1.0)
        out[ok] = adjusted
    return out


def decided_share(
    duration: Any,
    observed: Any,
    *,
    horizon: float = PRIMARY_HORIZON_DAYS,
    weights: np.ndarray[Any, Any] | None = None,
) -> np.ndarray[Any, Any]:
    """Share with the end reached within ``horizon`` days: 1 - Kaplan-Meier S(horizon).

    Units not ``observed`` are censored at their ``duration``. ``weights`` (one row
    per bootstrap replicate, one column per unit: how often the unit was drawn)
    give one estimate per row; without weights one estimate.
    """
    d = np.asarray(duration, dtype=float)
    o = np.asarray(observed, dtype=bool)
    w = np.ones((1, d.size), dtype=np.int64) if weights is None else weights
    w = np.atleast_2d(w)
    times = np.unique(d[o & (d <= horizon)])
    if times.size == 0:
        return np.zeros(w.shape[0])
    # The weight at risk at t is the total weight less that of the units that ended
    # before t, the events at t the weight of the observed units with duration t.
    # Both read only the units that end within the horizon (sorted by duration): the
    # cost grows with replicates x those units, not x all units or x event times.
    # Counts (integer weights) are summed as integers, so the estimate is exact and
    # does not depend on the order of the sums.
    if not np.issubdtype(w.dtype, np.integer):
        w = w.astype(float)
    within = np.flatnonzero(d <= horizon)
    order = within[np.argsort(d[within], kind="stable")]
    d_sorted, o_sorted = d[order], o[order]
    first = np.searchsorted(d_sorted, times, side="left")
    after = np.searchsorted(d_sorted, times, side="right")
    total = w.sum(axis=1)
    out = np.empty(w.shape[0])
    # a block of rows at a time: a block's sums stay in the processor's cache
    block = _BLOCK_CELLS // max(1, order.size)
    block = block if block >= _MIN_BLOCK_ROWS else 1  # long rows: one at a time
    for r in range(0, w.shape[0], block):
        w_sorted = w[r : r + block][:, order]
        zero = np.zeros((w_sorted.shape[0], 1), dtype=w_sorted.dtype)
        before = np.concatenate((zero, np.cumsum(w_sorted, axis=1)), axis=1)
        observed_before = np.concatenate(
            (zero, np.cumsum(w_sorted * o_sorted, axis=1)), axis=1
        )
        at_risk = (total[r : r + block, None] - before[:, first]).astype(float)
        events = (observed_before[:, after] - observed_before[:, first]).astype(float)
        frac = np.divide(events, at_risk, out=np.zeros_like(events), where=at_risk > 0)
        out[r : r + block] = 1.0 - np.prod(1.0 - frac, axis=1)
    return out


def _primary_estimate(
    metric: str,
    frame: pd.DataFrame,
    values: np.ndarray[Any, Any],
    weights: np.ndarray[Any, Any] | None,
) -> np.ndarray[Any, Any]:
    """The primary of one period, once per row of ``weights`` (None: once, unweighted)."""
    if metric == "leadtime":
        dur = frame["duration_days"].to_numpy(float)
        return decided_share(dur, frame["observed"].to_numpy(bool), weights=weights)
    w = np.ones((1, values.size)) if weights is None else weights
    out: np.ndarray[Any, Any] = w @ values / values.size
    return out


def resample_counts(
    rng: np.random.Generator, size: int, rows: int
) -> np.ndarray[Any, Any]:
    """How often each of ``size`` units is drawn, in ``rows`` resamples with replacement.

    Each row draws ``size`` units uniformly (``rng.integers``) and counts them: a
    draw from Multinomial(size, 1/size each), as ``rng.multinomial`` gives, but in
    time linear in the draws (numpy's multinomial draws one binomial per unit).
    Short rows are counted a block at a time (``_BLOCK_CELLS``: one count per block),
    long ones one by one.
    """
    drawn = rng.integers(0, size, (rows, size))
    counts = np.empty((rows, size), dtype=np.int64)
    block = _BLOCK_CELLS // max(1, size)
    if block < _MIN_BLOCK_ROWS:  # long rows: counted one by one, no offset copy
        for r in range(rows):
            counts[r] = np.bincount(drawn[r], minlength=size)
        return counts
    for r in range(0, rows, block):  # a block of rows per count, as in decided_share
        part = drawn[r : r + block]
        cells = part + size * np.arange(part.shape[0])[:, None]
        counts[r : r + block] = np.bincount(cells.ravel(), minlength=part.size).reshape(
            part.shape
        )
    return counts


def primary_row(
    by_period: dict[str, pd.DataFrame],
    vals: dict[str, np.ndarray[Any, Any]],
    *,
    metric: str,
    n_boot: int,
    seed: int,
    alpha: float,
    chunk: int = 250,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The primary row and its record: difference, bootstrap SE, interval, p, power.

    leadtime: ``decided_share`` of all units (open ones censored); contact and
    integrality: the mean of the completed values. Each period is resampled on its
    own (numpy ``default_rng((seed, 1))``, ``resample_counts``).
    """
    name = PRIMARY_STATISTIC[metric]
    rng = np.random.default_rng((seed, 1))
    est: dict[str, float] = {}
    reps: dict[str, np.ndarray[Any, Any]] = {}
    for p in PERIODS:
        f, v = by_period[p], vals[p]
        size = len(f) if metric == "leadtime" else v.size
        if size == 0:
            est[p], reps[p] = np.nan, np.full(n_boot, np.nan)
            continue
        est[p] = float(_primary_estimate(metric, f, v, None)[0])
        parts = []
        for start in range(0, n_boot, chunk):
            k = min(chunk, n_boot - start)
            parts.append(_primary_estimate(metric, f, v, resample_counts(rng, size, k)))
        reps[p] = np.concatenate(parts)
    diff = est["after"] - est["before"]
    boot = reps["after"] - reps["before"]
    se = float(np.std(boot, ddof=1)) if np.isfinite(boot).all() else np.nan
    z = NormalDist().inv_cdf(1 - alpha / 2)
    ok = np.isfinite(diff) and np.isfinite(se) and se > 0
    p_value = 2 * NormalDist().cdf(-abs(diff) / se) if ok else np.nan
    lo, hi = (diff - z * se, diff + z * se) if ok else (np.nan, np.nan)
    mde = (z + NormalDist().inv_cdf(POWER)) * se if ok else np.nan
    row = _row(
        name,
        est["before"],
        est["after"],
        ci_lower=lo,
        ci_upper=hi,
        test="bootstrap_z",
        p_value=p_value,
        role="primary",
    )
    record = {
        "statistic": name,
        "before": est["before"],
        "after": est["after"],
        "difference": diff,
        "se": se,
        "ci_lower": lo,
        "ci_upper": hi,
        "p_value": p_value,
        "significant": bool(ok and p_value < alpha),
        "detectable_difference": mde,
        "power": POWER,
        "alpha": alpha,
    }
    return row, record


def compare_units_by(units: pd.DataFrame, by: str, **kw: Any) -> pd.DataFrame:
    """``compare_units`` per value of the case attribute ``by`` (column first)."""
    keys = units[by].fillna("onbekend")
    parts = []
    for key in sorted(keys.unique()):
        part = compare_units(units[keys == key], **kw)[0]
        part.insert(0, by, key)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)
