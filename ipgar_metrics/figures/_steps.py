"""Thinning and coarsening of step curves (Kaplan-Meier) for charts.

A survival curve of a million episodes has a million steps; a chart shows about 700
pixels. ``thin_steps`` keeps what the chart shows and drops the rest, so a report or a
notebook figure stays small and fast to draw. ``coarse_steps`` evaluates a curve on
a grid in steps of at least ``k`` events, so an external chart shows no episode's own
time (``docs/disclosure.md``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Most points a step curve keeps (a chart is about 700 pixels wide).
MAX_STEP_POINTS = 2000


def thin_steps(
    frame: pd.DataFrame, x: str, max_points: int = MAX_STEP_POINTS
) -> pd.DataFrame:
    """The rows of a step function sorted by ``x``, at most about ``max_points``.

    Keeps the first row and the last row of each of ``max_points`` equal slices of the
    x range: the value a step chart shows at the end of each slice is unchanged.
    """
    if len(frame) <= max_points:
        return frame
    ordered = frame.sort_values(x, kind="stable")
    xs = ordered[x].astype("float64")
    width = (xs.max() - xs.min()) / max_points
    if not width > 0:
        return ordered.iloc[[0, -1]]
    slices = ((xs - xs.min()) // width).to_numpy()
    last_of_slice = ~pd.Series(slices).duplicated(keep="last").to_numpy()
    last_of_slice[0] = True
    return ordered.loc[last_of_slice]


#: Grid of a coarsened lead-time curve: one point a week.
WEEK_DAYS = 7.0


def coarse_steps(
    frame: pd.DataFrame,
    *,
    x: str,
    events: str,
    k: int,
    grid: float = WEEK_DAYS,
    start: dict[str, float] | None = None,
) -> pd.DataFrame:
    """A step function for a protected chart: on a grid, in steps of ``k`` or more events.

    ``frame``: one row per event time (sorted or not), ``events`` the number of
    events at that time, the other columns the curve (a right-continuous step
    function, e.g. survival and its band). The result holds the curve evaluated at
    grid points ``grid * j`` (up to the last time of ``frame``), and only at those
    where at least ``k`` events lie since the previous point kept: no x value is
    an episode's own time and every step of the curve is the work of ``k`` or
    more episodes. Events after the last point kept (fewer than ``k``) are left
    out, so the curve ends there. ``start``: the curve's values at 0 (a first row
    at x = 0, e.g. survival 1), or None. The ``events`` column of the result is
    the number of events since the previous row.
    """
    ordered = frame.sort_values(x, kind="stable")
    xs = ordered[x].to_numpy(dtype="float64")
    rows: list[dict[str, float]] = []
    if start is not None:
        rows.append({x: 0.0, **start, events: 0.0})
    if len(xs) == 0 or not grid > 0:
        return pd.DataFrame(rows, columns=list(frame.columns))
    cum = ordered[events].to_numpy(dtype="float64").cumsum()
    values = ordered.drop(columns=[x, events])
    taken = 0.0
    last = int(np.floor(xs.max() / grid))
    for j in range(1, last + 1):
        g = j * grid
        at = int(np.searchsorted(xs, g, side="right")) - 1  # last time <= g
        if at < 0 or cum[at] - taken < k:
            continue
        rows.append({x: g, **values.iloc[at].to_dict(), events: float(cum[at] - taken)})
        taken = float(cum[at])
    return pd.DataFrame(rows, columns=list(frame.columns))
