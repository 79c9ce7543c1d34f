"""Interrupted time series: a monthly series with a level and a slope change.

The monthly value (median lead time of the episodes reported that month, or the
count-weighted mean contact interval or own-organisation share) is fitted by
segmented regression ``value = b0 + b1*t + b2*post + b3*t*post``, with ``t`` the
months since the change (0 = the first month after it) and ``post`` 1 from the
change on. ``b2`` is the level change at the change date, ``b3`` the change of the
slope per month. The errors follow an AR(1) process by default (``_ar1``: GLS with the
autocorrelation integrated out over its restricted likelihood); plain OLS (with a
warning when neighbouring months are correlated) and Newey-West (HAC, not
recommended: 13-33% false positives at 36-48 months) remain options. The two tests
(level, slope) are Holm-adjusted; "level or slope changed" is the smaller adjusted
p below ``alpha``. Measured false-positive rates: ``docs/calibration.md``; see
``docs/metrics/evaluate.md``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final, Literal

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import config
from ipgar_metrics.errors import ConfigError, DataQualityWarning
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics._episodes import ipgar_attrs, require_as_of
from ipgar_metrics.metrics.evaluate._ar1 import ar1_fit
from ipgar_metrics.metrics.evaluate._compare import (
    as_date,
    check_metric,
    filter_segment,
    shared_items,
)
from ipgar_metrics.metrics.evaluate._guards import OPEN_WARN_SHARE
from ipgar_metrics.metrics.evaluate._stats import holm
from ipgar_metrics.metrics.evaluate._text import its_sentences

#: Lag-1 autocorrelation of the residuals above which the plain CIs are too narrow.
AUTOCORRELATION_WARN: Final[float] = 0.3
#: Months needed on each side of the change for a fit.
MIN_MONTHS: Final[int] = 3
#: The error models of the fit: AR(1) (default), plain OLS, Newey-West.
COV_TYPES: Final[tuple[str, ...]] = ("ar1", "nonrobust", "HAC")
TERMS: Final[tuple[str, ...]] = (
    "intercept",
    "slope_before",
    "level_change",
    "slope_change",
)
OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "interrupted_time_series": {
        "month": "str: local month YYYY-MM (of the report, contact or intervention)",
        "month_start": "datetime64[tz]: first moment of the month",
        "t": "int: months since the change (0 = first month from the change on)",
        "post": "bool: the month is after the change",
        "n": "int: completed items in the month",
        "n_open": "int: open items (leadtime: episodes still open at as_of)",
        "value": "float: monthly median or mean (NaN: no completed item)",
        "in_fit": "bool: used in the fit (has a value, open share at most max_open_share)",
        "fitted": "float: the segmented-regression line",
        "counterfactual": "float: the line before the change, carried on (after months only)",
    },
    # the records of attrs["its"]["coefficients"]
    "interrupted_time_series(coefficients)": {
        "term": "str: intercept, slope_before, level_change, slope_change",
        "estimate": "float: coefficient (unit of value; slopes per month)",
        "ci_lower": "float: lower confidence limit",
        "ci_upper": "float: upper confidence limit",
        "p_value": "float: two-sided p-value",
        "p_adjusted": "float: Holm-adjusted over level_change and slope_change (NaN for the others)",
    },
}


def interrupted_time_series(
    con: duckdb.DuckDBPyConnection,
    *,
    change: date | Sequence[date],
    metric: Literal["leadtime", "contact", "integrality"] = "leadtime",
    as_of: Any,
    window_months: int | None = 24,
    statistic: Literal["median", "mean"] | None = None,
    cov_type: Literal["ar1", "HAC", "nonrobust"] = "ar1",
    alpha: float = 0.05,
    max_open_share: float = OPEN_WARN_SHARE,
    segment: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Monthly series with a segmented regression at ``change``.

    Parameters
    ----------
    con
        The event store.
    change
        The date the improvement step took effect. When it is not the 1st of a
        month, the month that contains it is left out (a transition month). A
        phased step gives several dates: the months from the first phase up to the
        last are transition months, left out; the change is the last date.
    metric
        ``leadtime``, ``contact`` or ``integrality`` (as in ``compare_periods``).
    as_of
        Reference time (required). Only complete months count.
    window_months
        Months on each side of the change (None: all months with data).
    statistic
        ``median`` (ordinary least squares) or ``mean`` (weighted by the month's
        count); default median for leadtime, mean otherwise.
    cov_type
        ``ar1`` (default: AR(1) errors, see ``_ar1``), ``nonrobust`` (plain OLS; a
        warning when the residuals are autocorrelated) or ``HAC`` (Newey-West; not
        recommended at these lengths).
    alpha
        One minus the confidence level.
    max_open_share
        Months in which more than this share of the items is still open (recent
        reports) are shown but left out of the fit (``in_fit`` False): their
        value only counts the quick ones.
    segment
        Restrict the series to cases with these attribute values (as in
        ``compare_periods``).

    Returns
    -------
    pandas.DataFrame
        One row per month: ``OUTPUT_COLUMNS["interrupted_time_series"]``. ``attrs``:
        ``ipgar`` (colophon), ``warnings`` (records), ``its`` (coefficients records
        with ``p_adjusted``, ``changed`` (level or slope, Holm-adjusted), ``rho``,
        sentence_nl, sentence_en, statistic, cov_type, maxlags, months before/after).
    """
    require_as_of(as_of, "interrupted_time_series")
    check_metric(metric)
    days = [
        as_date(d) for d in (change if isinstance(change, list | tuple) else [change])
    ]
    phases = sorted(d for d in days if d is not None)
    if not phases or len(phases) < len(days):
        raise ConfigError("give the change date, e.g. change=date(2021, 3, 1).")
    last_day, phase_start = phases[-1], phases[0]
    statistic = statistic or ("median" if metric == "leadtime" else "mean")
    if statistic not in ("median", "mean"):
        raise ConfigError(
            f'unknown statistic "{statistic}"; choose one of: median, mean.'
        )
    if cov_type not in COV_TYPES:
        raise ConfigError(
            f'unknown cov_type "{cov_type}"; choose one of: {", ".join(COV_TYPES)}.'
        )
    ts = status.as_timestamp(con, as_of)
    # read only (selected by segment, then by month): the kept items, not a copy
    items = filter_segment(shared_items(con, metric=metric, as_of=ts), segment)
    frame = monthly_series(
        items,
        change=last_day,
        as_of=ts,
        window_months=window_months,
        statistic=statistic,
        phase_start=phase_start,
    )
    total = frame["n"] + frame["n_open"]
    open_share = (frame["n_open"] / total.where(total > 0)).fillna(0.0)
    frame["in_fit"] = frame["value"].notna() & (open_share <= max_open_share)
    censored = int((frame["value"].notna() & ~frame["in_fit"]).sum())
    its, warned = _fit(
        frame, cov_type=cov_type, alpha=alpha, weighted=statistic == "mean"
    )
    if censored:
        warned.insert(0, _censored_warning(censored, max_open_share))
    its.update(statistic=statistic, cov_type=cov_type, alpha=alpha, metric=metric)
    its.update(its_sentences(its, metric=metric, change=last_day))
    for rec in warned:
        warnings.warn(rec["message"], DataQualityWarning, stacklevel=2)
    frame.attrs["ipgar"] = ipgar_attrs(
        con,
        ts,
        metric=metric,
        change=str(last_day),
        phases=[str(d) for d in phases],
        window_months=window_months,
        statistic=statistic,
        cov_type=cov_type,
        alpha=alpha,
    )
    frame.attrs["warnings"] = warned
    frame.attrs["its"] = its
    return frame


def monthly_series(
    items: pd.DataFrame,
    *,
    change: date,
    as_of: pd.Timestamp,
    window_months: int | None,
    statistic: str,
    phase_start: date | None = None,
) -> pd.DataFrame:
    """Aggregate ``_compare.metric_items`` to complete local months around ``change``.

    Months from the one containing ``phase_start`` (default ``change``) up to the
    first full month from ``change`` on are transition months, left out.
    """
    local = items["at"].dt.tz_convert(config.TIMEZONE).dt.tz_localize(None)
    month = local.dt.to_period("M")
    start = pd.Timestamp(phase_start or change)
    c = pd.Timestamp(change).to_period("M")
    first_post = c if pd.Timestamp(change).day == 1 else c + 1
    p0 = start.to_period("M")
    before_end = p0 if start.day == 1 else p0 + 1  # first month not wholly before
    last = as_of.tz_convert(config.TIMEZONE).tz_localize(None).to_period("M") - 1
    first = month.min() if len(month) else first_post
    if window_months is not None:
        first = max(first, min(before_end, first_post) - window_months)
        last = min(last, first_post + window_months - 1)
    months = pd.period_range(first, max(first, last), freq="M") if first <= last else []
    months = [m for m in months if not (p0 <= m < first_post)]
    done = (items["value"].notna() & ~items["is_open"]).to_numpy(dtype=bool)
    # the items sorted by month once (stable: a month's values keep the items' order,
    # so a mean sums them as before), each month a slice: comparing every item with
    # each month took 4.9 s for four steps at 1 M cases
    ordinals = month.array.asi8  # NaT is never a month's ordinal
    order = _stable_order(ordinals, missing=month.isna().to_numpy())
    ordered = ordinals[order]
    values = items["value"].to_numpy(dtype=float, na_value=np.nan)[order]
    is_open = items["is_open"].to_numpy(dtype=bool, na_value=False)[order]
    done = done[order]
    rows = []
    for m in months:
        lo, hi = np.searchsorted(ordered, [m.ordinal, m.ordinal + 1])
        vals = values[lo:hi][done[lo:hi]]
        value = np.nan
        if len(vals):
            value = float(np.median(vals) if statistic == "median" else vals.mean())
        rows.append(
            {
                "month": str(m),
                "month_start": m.start_time.tz_localize(config.TIMEZONE),
                "t": int((m - first_post).n),
                "post": bool(m >= first_post),
                "n": len(vals),
                "n_open": int(is_open[lo:hi].sum()),
                "value": value,
            }
        )
    cols = [
        c
        for c in OUTPUT_COLUMNS["interrupted_time_series"]
        if c not in ("in_fit", "fitted", "counterfactual")
    ]
    out = pd.DataFrame(rows, columns=cols)
    out["in_fit"] = out["value"].notna()
    out["fitted"] = np.nan
    out["counterfactual"] = np.nan
    return out


def _stable_order(
    ordinals: np.ndarray[Any, Any], *, missing: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """``np.argsort(ordinals, kind="stable")``, by a radix sort where months allow.

    A stable order is unique, so any stable sort by a key in the same order gives it.
    The months of a series span a few hundred ordinals: as 16-bit numbers (missing
    first, as NaT's ordinal is the smallest) numpy sorts them by radix (10.7 million
    month numbers: 0.96 -> 0.18-0.36 s).
    """
    present = ordinals[~missing]
    if present.size == 0:
        return np.argsort(ordinals, kind="stable")
    lo, hi = int(present.min()), int(present.max())
    if hi - lo + 1 >= np.iinfo(np.uint16).max:
        return np.argsort(ordinals, kind="stable")
    key = np.where(missing, 0, ordinals - lo + 1).astype(np.uint16)
    return np.argsort(key, kind="stable")


def _fit(
    frame: pd.DataFrame, *, cov_type: str, alpha: float, weighted: bool
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    use = frame[frame["in_fit"]]
    n_before, n_after = int((~use["post"]).sum()), int(use["post"].sum())
    its: dict[str, Any] = {
        "coefficients": [
            {
                "term": t,
                "estimate": np.nan,
                "ci_lower": np.nan,
                "ci_upper": np.nan,
                "p_value": np.nan,
                "p_adjusted": np.nan,
            }
            for t in TERMS
        ],
        "n_months_before": n_before,
        "n_months_after": n_after,
        "maxlags": None,
        "r_squared": np.nan,
        "rho": np.nan,
        "changed": False,
    }
    if n_before < MIN_MONTHS or n_after < MIN_MONTHS:
        msg = (
            f"the series has {n_before} months before and {n_after} after the change "
            f"with data; at least {MIN_MONTHS} on each side are needed for a fit."
        )
        msg_nl = (
            f"De reeks heeft {n_before} maanden vóór en {n_after} na de wijziging met "
            f"gegevens; voor een trendanalyse zijn er minstens {MIN_MONTHS} aan elke "
            "kant nodig."
        )
        return its, [{"code": "too_few_months", "message": msg, "message_nl": msg_nl}]
    t = use["t"].to_numpy(float)
    post = use["post"].to_numpy(float)
    x = np.column_stack([np.ones_like(t), t, post, t * post])
    y = use["value"].to_numpy(float)
    weights = use["n"].to_numpy(float) if weighted else None
    est = segmented_fit(y, x, t=t, weights=weights, cov_type=cov_type, alpha=alpha)
    its["maxlags"], its["rho"] = est.pop("maxlags"), est.pop("rho")
    adjusted = holm(est["p_values"][2:4])
    its["coefficients"] = [
        {
            "term": term,
            "estimate": float(est["params"][i]),
            "ci_lower": float(est["ci_lower"][i]),
            "ci_upper": float(est["ci_upper"][i]),
            "p_value": float(est["p_values"][i]),
            "p_adjusted": float(adjusted[i - 2]) if i >= 2 else np.nan,
        }
        for i, term in enumerate(TERMS)
    ]
    its["changed"] = bool(np.nanmin(adjusted) < alpha)
    b = est["params"]
    fitted = x @ b
    ss_tot = float(((y - y.mean()) ** 2).sum())
    resid = y - fitted
    its["r_squared"] = 1 - float((resid**2).sum()) / ss_tot if ss_tot > 0 else np.nan
    exact = resid.std() <= 1e-9 * (1.0 + np.abs(y).max())  # a perfect fit
    r1 = np.nan
    if len(resid) > 3 and not exact:
        r1 = float(np.corrcoef(resid[:-1], resid[1:])[0, 1])
    its["residual_autocorrelation"] = r1
    warned = []
    if cov_type == "nonrobust" and np.isfinite(r1) and abs(r1) > AUTOCORRELATION_WARN:
        warned.append(_autocorrelation_warning(r1))
    tt = frame["t"].to_numpy(float)
    pp = frame["post"].to_numpy(float)
    frame["fitted"] = b[0] + b[1] * tt + b[2] * pp + b[3] * tt * pp
    frame["counterfactual"] = np.where(pp == 1, b[0] + b[1] * tt, np.nan)
    return its, warned


def segmented_fit(
    y: np.ndarray[Any, Any],
    x: np.ndarray[Any, Any],
    *,
    t: np.ndarray[Any, Any],
    weights: np.ndarray[Any, Any] | None,
    cov_type: str,
    alpha: float,
) -> dict[str, Any]:
    """Coefficients, intervals and p-values of ``y = x b`` under ``cov_type``.

    Returns
    -------
    dict
        ``params``, ``ci_lower``, ``ci_upper``, ``p_values`` (arrays), ``rho``
        (``ar1`` only, else NaN), ``maxlags`` (``HAC`` only, else None).
    """
    if cov_type == "ar1":
        res = ar1_fit(y, x, t=t, weights=weights, alpha=alpha)
        return {**res, "maxlags": None}
    if cov_type == "nonrobust":  # statsmodels' numbers, without importing it (0.6 s)
        from ipgar_metrics.metrics._inference import least_squares

        ls = least_squares(y, x, weights=weights, alpha=alpha)
        return {**ls._asdict(), "rho": np.nan, "maxlags": None}
    # the module itself, not statsmodels.api (which imports its plots and every model)
    from statsmodels.regression.linear_model import OLS, WLS

    model = WLS(y, x, weights=weights) if weights is not None else OLS(y, x)
    maxlags = max(1, int(4 * (len(y) / 100) ** (2 / 9)))  # cov_type "HAC"
    fit = model.fit(
        cov_type="HAC",
        cov_kwds={"maxlags": maxlags, "use_correction": True},
        use_t=True,
    )
    ci = np.asarray(fit.conf_int(alpha))
    return {
        "params": np.asarray(fit.params, float),
        "ci_lower": ci[:, 0],
        "ci_upper": ci[:, 1],
        "p_values": np.asarray(fit.pvalues, float),
        "rho": np.nan,
        "maxlags": maxlags,
    }


def _censored_warning(months: int, share: float) -> dict[str, str]:
    return {
        "code": "censoring",
        "message": f"{months} recent month(s) have more than {share:.0%} open items "
        "and are left out of the fit (their values count only the quick ones).",
        "message_nl": f"{months} recente maand(en) hebben meer dan {share:.0%} nog "
        "open en tellen niet mee in de trendlijn (daar tellen alleen de snelle "
        "zaken).",
    }


def _autocorrelation_warning(r1: float) -> dict[str, str]:
    return {
        "code": "autocorrelation",
        "message": f"neighbouring months are correlated (lag-1 autocorrelation of the "
        f"residuals {r1:.2f}); the intervals are too narrow: refit with "
        "cov_type='ar1' (the default).",
        "message_nl": f"Opeenvolgende maanden hangen samen (autocorrelatie {r1:.2f}); "
        "de betrouwbaarheidsintervallen van de trendanalyse zijn daardoor te smal.",
    }
