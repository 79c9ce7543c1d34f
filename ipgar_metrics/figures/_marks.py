"""Marks of dates on a time axis: the improvement steps on every trend chart.

``mark_dates(fig, marks, unit="month")`` draws a thin dashed vertical line with a
short label at each date of ``marks`` that falls inside the chart's time range.
The chart's x values are time as text: months ``YYYY-MM`` on a date axis (the line
sits at the date itself), quarters ``YYYYQn`` and years ``YYYY`` on a category axis
(the line sits between the points or bars, at the share of the period that had
passed). The axis type is set, not left to plotly's guess: plotly.js takes a column
of years written as text for categories, and a line placed on a number axis then
stretched the axis to the year 2000-odd and squeezed the bars into its left edge.
Marks on one position share one line and one label. Nothing is computed from the
data.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from typing import Any, Final, Literal

import pandas as pd

TimeUnit = Literal["month", "quarter", "year"]
#: The x axis type each time unit is drawn on (``mark_position`` counts in it).
AXIS_TYPE: Final[dict[str, str]] = {
    "month": "date",
    "quarter": "category",
    "year": "category",
}
#: The look of a mark: thin, dashed, grey (the data keep the colours).
MARK_LINE: Final[dict[str, Any]] = {"color": "#555555", "width": 1, "dash": "dash"}
#: How far (a share of the plot's height) a label sits below the one before it.
LABEL_STEP: Final[float] = 0.08


def mark_dates(
    fig: Any, marks: Sequence[tuple[date, str]], *, unit: TimeUnit = "month"
) -> Any:
    """Add a dashed vertical line and label at each date of ``marks`` in range.

    ``marks`` are ``(date, label)`` pairs; ``unit`` is the time unit of the
    chart's x values (``month``: ``YYYY-MM``, ``quarter``: ``YYYYQn``, ``year``:
    ``YYYY``). Dates outside the chart's range are left out. Returns ``fig``.
    """
    xs = [str(v) for trace in fig.data if trace.x is not None for v in list(trace.x)]
    if not xs or not marks:
        return fig
    labels: dict[Any, list[str]] = {}
    for day, label in sorted(marks, key=lambda m: m[0]):
        x = mark_position(day, xs, unit)
        if x is not None and label not in labels.setdefault(x, []):
            labels[x].append(label)
    if not labels:
        return fig
    import plotly.graph_objects as go

    # one assignment per list: ``add_shape`` and ``add_annotation`` validate the
    # whole list again at each call; the objects and their order are the same
    shapes = [
        go.layout.Shape(
            type="line",
            xref="x",
            yref="paper",
            x0=x,
            x1=x,
            y0=0,
            y1=1,
            line=MARK_LINE,
            layer="above",
            name="in_force",
        )
        for x in labels
    ]
    notes = [
        go.layout.Annotation(
            x=x,
            xref="x",
            y=1 - LABEL_STEP * (i % 3),  # neighbouring labels on three heights
            yref="paper",
            text=", ".join(names),
            showarrow=False,
            xanchor="left",
            yanchor="top",
            font={"size": 10, "color": "#333333"},
            bgcolor="rgba(255,255,255,0.8)",
        )
        for i, (x, names) in enumerate(labels.items())
    ]
    fig.layout.xaxis.type = AXIS_TYPE[unit]
    fig.layout.shapes = (*fig.layout.shapes, *shapes)
    fig.layout.annotations = (*fig.layout.annotations, *notes)
    return fig


def mark_position(day: date, xs: Sequence[str], unit: TimeUnit) -> Any:
    """Where ``day`` lies on an axis with the x values ``xs`` (None: out of range).

    month: the ISO date (a date axis); quarter and year: the category position,
    the period's point or bar minus a half plus the share of the period passed.
    """
    stamp = pd.Timestamp(day)
    if unit == "month":
        first, last = _month_range(tuple(xs))
        if not first <= stamp <= last:
            return None
        return stamp.date().isoformat()
    if unit not in ("quarter", "year"):
        raise ValueError(f"unknown time unit {unit!r}")  # a programming error
    period = pd.Period(stamp, freq="Q" if unit == "quarter" else "Y")
    order = list(dict.fromkeys(xs))
    if str(period) not in order:
        return None
    passed = (stamp - period.start_time) / (period.end_time - period.start_time)
    return order.index(str(period)) - 0.5 + float(passed)


@functools.lru_cache(maxsize=64)
def _month_range(xs: tuple[str, ...]) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The start of the first and the end of the last month of ``xs`` (one per chart)."""
    months = [pd.Period(x, freq="M") for x in xs]
    return min(months).start_time, max(months).end_time


def step_timeline(
    rows: Sequence[tuple[str, Sequence[date]]], *, end: date, x_title: str
) -> Any:
    """The steps on a time line, one row per step, up to ``end``.

    Each row is a line from the step's first date in force to ``end`` with a marker
    at each date (the phases) and the step's label on the y axis.
    """
    import plotly.graph_objects as go

    from ipgar_metrics.figures._style import colour, plain_layout

    fig = go.Figure()
    for i, (label, days) in enumerate(rows):
        xs = [d.isoformat() for d in days]
        fig.add_trace(
            go.Scatter(
                x=[*xs, end.isoformat()],
                y=[label] * (len(xs) + 1),
                mode="lines+markers",
                marker={"size": [10] * len(xs) + [0], "color": colour(i)},
                line={"color": colour(i), "width": 3},
                name=label,
                showlegend=False,
            )
        )
    fig = plain_layout(fig, x_title=x_title, y_title="", height=60 + 40 * len(rows))
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(margin={"l": 230})
    return fig
