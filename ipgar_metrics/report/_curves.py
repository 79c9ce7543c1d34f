"""Curves of the external report that carry no individual's time (issue 20, item 5).

A Kaplan-Meier or cumulative-incidence curve drawn from its event times shows each
episode's own lead time as an x value, one step per case. The external report draws
these curves instead on a grid (a week, or a month for the years in the approach)
and only at grid points where at least ``k`` events lie since the previous point
(``figures.coarse_steps``), and only while ``k`` or more episodes are at risk.
Nothing here computes a metric: the events per step are read back from the curve.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ipgar_metrics.figures import coarse_steps

#: Grid of the time in the approach (days): about a month.
MONTH_DAYS = 30.0
_BAND = ("ci_lower", "ci_upper")


def km_steps(
    curve: pd.DataFrame, k: int, *, grid: float = 7.0, events: str | None = None
) -> pd.DataFrame:
    """A Kaplan-Meier curve (days, survival, ci_lower, ci_upper, at_risk) made coarse.

    ``events``: the column with the number of events per time (``observed``);
    None derives it from the curve: ``at_risk * (1 - S(t) / S(t-))``.
    Returns days, survival, ci_lower, ci_upper, events at grid points, from 0.
    """
    ordered = curve.sort_values("days", kind="stable").reset_index(drop=True)
    if events is None:
        before = ordered["survival"].shift(1, fill_value=1.0)
        ratio = np.divide(
            ordered["survival"].to_numpy(float),
            before.to_numpy(float),
            out=np.ones(len(ordered)),
            where=before.to_numpy(float) > 0,
        )
        counts = np.rint(ordered["at_risk"].to_numpy(float) * (1.0 - ratio))
    else:
        counts = ordered[events].to_numpy(float)
    safe = ordered.assign(events=counts)[ordered["at_risk"] >= k]
    return coarse_steps(
        safe[["days", "survival", *_BAND, "events"]],
        x="days",
        events="events",
        k=k,
        grid=grid,
        start={"survival": 1.0, "ci_lower": 1.0, "ci_upper": 1.0},
    )


def cif_steps(curve: pd.DataFrame, km_end: pd.DataFrame, k: int) -> pd.DataFrame:
    """Cumulative incidence per outcome (days, outcome, cif, lower, upper) made coarse.

    ``km_end``: the Kaplan-Meier curve of the time to any end over the same episodes
    (its ``at_risk``). The events of an outcome at a time are read back from the
    curve: ``d = dCIF * at_risk / S(t-)``, with ``S(t-) = 1 - sum of the CIFs``
    just before. Only times with ``k`` or more at risk; per outcome, steps of ``k``
    or more of its events.
    """
    cols = ["days", "outcome", "cif", "lower", "upper"]
    if curve.empty:
        return curve.reindex(columns=cols)
    wide = curve.pivot_table(index="days", columns="outcome", values="cif").fillna(0.0)
    wide = wide.sort_index()
    step = wide.diff().fillna(wide)  # the first row's step is its own value
    surv_before = (1.0 - wide.sum(axis=1)).shift(1, fill_value=1.0)
    km = km_end.sort_values("days")
    where = np.searchsorted(km["days"].to_numpy(float), wide.index.to_numpy(float))
    where = np.clip(where, 0, len(km) - 1)
    at_risk = km["at_risk"].to_numpy(float)[where] if len(km) else np.zeros(len(wide))
    parts = []
    for outcome, own in curve.groupby("outcome", sort=False):
        own = own.sort_values("days")
        d = step[outcome] * at_risk / surv_before.where(surv_before > 0)
        counts = np.rint(d.fillna(0.0)).reindex(own["days"]).to_numpy(float)
        risk = pd.Series(at_risk, index=wide.index).reindex(own["days"]).to_numpy()
        safe = own.assign(events=counts)[risk >= k]
        coarse = coarse_steps(
            safe[["days", "cif", "lower", "upper", "events"]],
            x="days",
            events="events",
            k=k,
        )
        if len(coarse):
            parts.append(coarse.assign(outcome=outcome)[cols])
    if not parts:
        return curve.iloc[:0].reindex(columns=cols)
    return pd.concat(parts, ignore_index=True)
