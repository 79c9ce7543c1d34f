"""Thinning of step curves (Kaplan-Meier) for charts of large logs.

A survival curve of a million episodes has a million steps; a chart shows about 700
pixels. ``thin_steps`` keeps what the chart shows and drops the rest, so a report or a
notebook figure stays small and fast to draw.
"""

from __future__ import annotations

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
