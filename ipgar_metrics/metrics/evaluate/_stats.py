"""Statistics of a before/after comparison: bootstrap CIs, Mann-Whitney, log-rank.

Rows of ``compare_periods`` (``_compare.py``); scipy and lifelines are imported inside the
functions so that ``ipgar --help`` stays fast.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import pandas as pd

from ipgar_metrics.metrics.leadtime import km_curve

PERIODS: Final[tuple[str, str]] = ("before", "after")


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
    }
    row.update(extra)
    return row


_STATS: Final[dict[str, Any]] = {
    "mean": lambda x: np.mean(x, axis=-1),
    "median": lambda x: np.quantile(x, 0.5, axis=-1),
    "p90": lambda x: np.quantile(x, 0.9, axis=-1),
}


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
    with ``seed``); all three statistics use the same replicates.

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
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        b = before[rng.integers(0, len(before), (size, len(before)))]
        a = after[rng.integers(0, len(after), (size, len(after)))]
        for name, fn in _STATS.items():
            diffs[name].append(fn(a) - fn(b))
    q = [alpha / 2, 1 - alpha / 2]
    return {
        k: (float(lo), float(hi))
        for k, v in diffs.items()
        for lo, hi in [np.quantile(np.concatenate(v), q)]
    }


def distribution_rows(
    vals: dict[str, np.ndarray], unit: str, *, n_boot: int, seed: int, alpha: float
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows mean, median (with Mann-Whitney) and p90 with bootstrap CIs."""
    from scipy.stats import mannwhitneyu

    b, a = vals["before"], vals["after"]
    cis = bootstrap_differences(b, a, n_boot=n_boot, seed=seed, alpha=alpha)
    mw: dict[str, Any] = {"statistic": np.nan, "p_value": np.nan}
    if len(b) and len(a):
        res = mannwhitneyu(a, b, alternative="two-sided")
        mw = {"statistic": float(res.statistic), "p_value": float(res.pvalue)}
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
    from lifelines.statistics import logrank_test

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
        res = logrank_test(
            b["duration_days"],
            a["duration_days"],
            event_observed_A=b["observed"].astype(bool),
            event_observed_B=a["observed"].astype(bool),
        )
        lr = {"statistic": float(res.test_statistic), "p_value": float(res.p_value)}
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
    unit: str,
    columns: list[str],
    km: bool,
    n_boot: int,
    seed: int,
    alpha: float,
) -> tuple[pd.DataFrame, dict[str, Any], list[dict[str, Any]]]:
    """The statistic rows of one set of units, the tests and the KM curves."""
    by_period = {p: units[units["period"] == p] for p in PERIODS}
    vals = {
        p: f.loc[~f["is_open"], "value"].dropna().to_numpy(float)
        for p, f in by_period.items()
    }
    rows = count_rows(by_period)
    dist, mann_whitney = distribution_rows(
        vals, unit, n_boot=n_boot, seed=seed, alpha=alpha
    )
    rows += dist
    tests: dict[str, Any] = {"mann_whitney": mann_whitney}
    km_records: list[dict[str, Any]] = []
    if km:
        km_row, tests["logrank"], km_records = km_rows(by_period, alpha)
        rows.append(km_row)
    return pd.DataFrame(rows)[columns], tests, km_records


def compare_units_by(units: pd.DataFrame, by: str, **kw: Any) -> pd.DataFrame:
    """``compare_units`` per value of the case attribute ``by`` (column first)."""
    keys = units[by].fillna("onbekend")
    parts = []
    for key in sorted(keys.unique()):
        part = compare_units(units[keys == key], **kw)[0]
        part.insert(0, by, key)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)
