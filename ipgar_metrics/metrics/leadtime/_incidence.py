"""Competing outcomes: the cumulative incidence of each way a report ends.

A report ends in an intake (``instroom``), a refusal (``geen_instroom``) or the
intermediate variant (``tussenvariant``). These are *competing* outcomes: a refused
report can no longer be taken in. Treating a refusal as censored (the Kaplan-Meier
curve of time to intake) answers "taken in, had no one been refused" and climbs far
above the share that was ever taken in. The Aalen-Johansen estimator gives, per
outcome, the share of reports that reached that outcome by ``t`` days; the three
curves add up to one minus the Kaplan-Meier survival of time to *any* outcome.
Episodes still open at ``as_of`` are censored there. ``docs/metrics/leadtime.md``
has the formulas.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import NormalDist
from typing import Any, Final, Literal

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import schema
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics._episodes import ipgar_attrs, require_as_of, resolve_as_of
from ipgar_metrics.metrics.leadtime._lead_times import AsOf, check_by
from ipgar_metrics.metrics.leadtime._survival import period_durations
from ipgar_metrics.schema import Period, PeriodMode

#: The competing outcomes of a report, in the order of the output.
COMPETING: Final[tuple[str, ...]] = ("instroom", "geen_instroom", "tussenvariant")
#: The horizons of the summary, in weeks (the plan's 8-week mean and 32-week maximum).
HORIZON_WEEKS: Final[tuple[int, ...]] = (8, 12, 32)

#: Columns of the curve, the default level (the contract test reads ``OUTPUT_COLUMNS``).
_CURVE: Final[dict[str, str]] = {
    "days": "float: a distinct time (days since the report) at which any outcome occurred",
    "outcome": "str: instroom, geen_instroom or tussenvariant",
    "cif": "float: Aalen-Johansen cumulative incidence just after `days`",
    "lower": "float: lower confidence limit (log-log transform; 0 before the first event)",
    "upper": "float: upper confidence limit (log-log transform; 0 before the first event)",
}
#: Output columns of every level, keyed "function(level=...)".
COLUMNS_BY_LEVEL: Final[dict[str, dict[str, str]]] = {
    "cumulative_incidence(level=curve)": {"<by>": "the by columns", **_CURVE},
    "cumulative_incidence(level=summary)": {
        "<by>": "the by columns",
        "outcome": "str: instroom, geen_instroom or tussenvariant",
        "n": "int: episodes with a report",
        "n_events": "int: episodes that reached this outcome by as_of",
        "n_open": "int: episodes still open at as_of (censored there)",
        "cif_8w": "float: cumulative incidence at 8 weeks (56 days)",
        "cif_12w": "float: cumulative incidence at 12 weeks (84 days)",
        "cif_32w": "float: cumulative incidence at 32 weeks (224 days)",
        "cif_last": "float: cumulative incidence at the last event time",
        "median_days_reached": "float: median time among the episodes with this outcome",
    },
}
#: Output columns per public function at its default level.
OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {"cumulative_incidence": _CURVE}


def cumulative_incidence(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: AsOf,
    level: Literal["curve", "summary"] = "curve",
    by: str | Sequence[str] = (),
    alpha: float = 0.05,
    period: Period | None = None,
    period_mode: PeriodMode = "started",
) -> pd.DataFrame:
    """Cumulative incidence of intake, refusal and intermediate variant (Aalen-Johansen).

    Each report ends in one of three competing outcomes; open episodes are censored
    at ``as_of``. ``cif`` at ``t`` is the estimated share of reports that reached
    the outcome within ``t`` days; the intervals are pointwise, ``1 - alpha``, from
    the delta-method (Greenwood-type) variance on the log-log scale.

    Parameters
    ----------
    con
        The event store.
    as_of
        Reference time (a date is the start of that day, local time).
    level
        ``curve``: one row per outcome and distinct event time; ``summary``: per
        outcome the incidence at 8, 12 and 32 weeks and the median time among the
        episodes with that outcome.
    by
        Breakdown, as in ``lead_times``.
    alpha
        One minus the confidence level.
    period, period_mode
        Which episodes count, as in ``lead_times``.

    Returns
    -------
    pandas.DataFrame
        level="curve": the ``by`` columns, days, outcome, cif, lower, upper.
        level="summary": the ``by`` columns, outcome, n, n_events, n_open, cif_8w,
        cif_12w, cif_32w, cif_last, median_days_reached.
    """
    require_as_of(as_of, "cumulative_incidence")
    if level not in ("curve", "summary"):
        raise ConfigError(f'unknown level "{level}"; choose one of: curve, summary.')
    by = check_by(by)
    period, period_mode = schema.check_period(
        period, period_mode, function="cumulative_incidence"
    )
    ts = resolve_as_of(as_of)
    frame = period_durations(
        con, as_of=ts, event="end", period=period, period_mode=period_mode
    )
    groups = frame.groupby(list(by), dropna=False, sort=True) if by else [((), frame)]
    parts: list[pd.DataFrame] = []
    for key, grp in groups:
        key_t = key if isinstance(key, tuple) else (key,)
        curve = aalen_johansen(
            grp["duration_days"].to_numpy(dtype=float),
            grp["outcome"].to_numpy(dtype=object),
            alpha=alpha,
        )
        part = curve if level == "curve" else _summary(curve, grp)
        for col, val in reversed(list(zip(by, key_t, strict=False))):
            part.insert(0, col, val)
        parts.append(part)
    cols = [*by, *list(COLUMNS_BY_LEVEL[f"cumulative_incidence(level={level})"])[1:]]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    out = out.reindex(columns=cols)
    out.attrs["ipgar"] = ipgar_attrs(
        con,
        ts,
        by=list(by),
        level=level,
        alpha=alpha,
        period=None if period is None else [str(p) for p in period],
        period_mode=period_mode,
    )
    return out


def aalen_johansen(
    durations: np.ndarray[Any, Any],
    outcomes: np.ndarray[Any, Any],
    *,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Aalen-Johansen cumulative incidence of each of ``COMPETING`` with intervals.

    ``durations``: days from report to the outcome (or to censoring); ``outcomes``:
    one of ``COMPETING``, anything else is censored. Ties are kept as ties: all
    events at one time share the at-risk count of that time. Returns days, outcome,
    cif, lower, upper: one row per outcome and distinct event time.
    """
    cols = ["days", "outcome", "cif", "lower", "upper"]
    t = np.asarray(durations, dtype=float)
    cause = np.array([COMPETING.index(o) if o in COMPETING else -1 for o in outcomes])
    times = np.unique(t[cause >= 0])
    if times.size == 0:
        return pd.DataFrame(columns=cols)
    # At risk just before each event time: durations >= that time.
    t_sorted = np.sort(t)
    at_risk = (t.size - np.searchsorted(t_sorted, times, side="left")).astype(float)
    slot = np.searchsorted(times, t)
    d_k = np.zeros((len(COMPETING), times.size))
    for k in range(len(COMPETING)):
        np.add.at(d_k[k], slot[cause == k], 1.0)
    d = d_k.sum(axis=0)
    surv = np.cumprod(1.0 - d / at_risk)
    surv_before = np.concatenate(([1.0], surv[:-1]))
    z = NormalDist().inv_cdf(1.0 - alpha / 2.0)
    # Greenwood weight d / (n (n - d)); where everyone left at risk has an event the
    # term multiplies (F(t) - F(t_i))^2 = 0 at that last time, so it counts as 0.
    remaining = at_risk - d
    greenwood = np.divide(
        d, at_risk * remaining, out=np.zeros_like(d), where=remaining > 0
    )
    frames = []
    for k, name in enumerate(COMPETING):
        step = surv_before * d_k[k] / at_risk
        cif = np.cumsum(step)
        var = _variance(cif, greenwood, surv_before, d_k[k], at_risk)
        lower, upper = _loglog_bounds(cif, var, z)
        frames.append(
            pd.DataFrame(
                {
                    "days": times,
                    "outcome": name,
                    "cif": cif,
                    "lower": lower,
                    "upper": upper,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[cols]


def _variance(
    cif: np.ndarray[Any, Any],
    greenwood: np.ndarray[Any, Any],
    surv_before: np.ndarray[Any, Any],
    d_k: np.ndarray[Any, Any],
    at_risk: np.ndarray[Any, Any],
) -> np.ndarray[Any, Any]:
    """Delta-method variance of the cumulative incidence (Collett, 3rd ed., p. 411).

    Var F(t) = sum over t_i <= t of (F(t) - F_i)^2 g_i + S_{i-1}^2 d_ki (n_i - d_ki)
    / n_i^3 - 2 (F(t) - F_i) S_{i-1} d_ki / n_i^2, with F_i = F(t_i) and g_i the
    Greenwood weight; the squares are expanded so running sums give every t at once.
    """
    h = surv_before * d_k / at_risk**2
    quad = (
        cif**2 * np.cumsum(greenwood)
        - 2.0 * cif * np.cumsum(greenwood * cif)
        + np.cumsum(greenwood * cif**2)
    )
    direct = np.cumsum(surv_before**2 * d_k * (at_risk - d_k) / at_risk**3)
    cross = cif * np.cumsum(h) - np.cumsum(h * cif)
    var: np.ndarray[Any, Any] = np.maximum(quad + direct - 2.0 * cross, 0.0)
    return var


def _loglog_bounds(
    cif: np.ndarray[Any, Any], var: np.ndarray[Any, Any], z: float
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Bounds on the log(-log F) scale, so they stay within [0, 1].

    Where F is 0 (no event of this outcome yet) the interval is [0, 0]; where F is 1
    it is [1, 1].
    """
    inside = (cif > 0.0) & (cif < 1.0)
    f = np.where(inside, cif, 0.5)
    log_f = np.log(f)
    se = np.sqrt(var) / (f * np.abs(log_f))
    centre = np.log(-log_f)
    lower = np.where(inside, np.exp(-np.exp(centre + z * se)), cif)
    upper = np.where(inside, np.exp(-np.exp(centre - z * se)), cif)
    return lower, upper


def _summary(curve: pd.DataFrame, grp: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for name in COMPETING:
        own = curve[curve["outcome"] == name]
        reached = grp.loc[grp["outcome"] == name, "duration_days"]
        row: dict[str, Any] = {
            "outcome": name,
            "n": len(grp),
            "n_events": len(reached),
            "n_open": int(grp["is_open"].astype(bool).sum()),
        }
        for weeks in HORIZON_WEEKS:
            row[f"cif_{weeks}w"] = _at(own, weeks * 7.0)
        row["cif_last"] = float(own["cif"].iloc[-1]) if len(own) else 0.0
        row["median_days_reached"] = float(reached.median()) if len(reached) else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def _at(own: pd.DataFrame, day: float) -> float:
    """The step function ``cif`` at ``day`` (0 before the first event time)."""
    before = own.loc[own["days"] <= day, "cif"]
    return float(before.iloc[-1]) if len(before) else 0.0
