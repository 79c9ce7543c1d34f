"""Plain plotly chart primitives in the one style (``_style``), sized for A4.

``lines``, ``bars``, ``step_curve`` and ``heatmap`` draw a prepared frame: the
report uses them where an area has no ``fig_<view>`` of its own, and for the
external report, whose frames were already coarsened and suppressed (so a chart
never needs to know about disclosure). No computation. Values are passed to plotly
as lists (never numpy arrays), so the page's JSON holds plain numbers that a reader
(and the disclosure test) can check.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ipgar_metrics.figures._steps import thin_steps
from ipgar_metrics.figures._style import COLOURS, HEIGHT, colour, plain_layout


def _go() -> Any:
    import plotly.graph_objects as go  # heavy: imported when a chart is drawn

    return go


def _values(series: pd.Series) -> list[Any]:
    return [
        None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in series
    ]


def lines(
    frame: pd.DataFrame,
    *,
    x: str,
    ys: dict[str, str],
    x_title: str,
    y_title: str,
    mode: str = "lines+markers",
) -> Any:
    """One line per column of ``ys`` (column -> legend label) against ``x``."""
    go = _go()
    fig = go.Figure()
    for i, (col, name) in enumerate(ys.items()):
        fig.add_trace(
            go.Scatter(
                x=[str(v) for v in frame[x]],
                y=_values(frame[col]),
                name=name,
                mode=mode,
                line={"color": colour(i), "width": 2},
                connectgaps=False,
            )
        )
    return plain_layout(fig, x_title=x_title, y_title=y_title)


def bars(
    frame: pd.DataFrame,
    *,
    x: str,
    ys: dict[str, str],
    x_title: str,
    y_title: str,
    stacked: bool = False,
    horizontal: bool = False,
    height: int = HEIGHT,
) -> Any:
    """Bars of the columns of ``ys`` per ``x`` (grouped, or stacked)."""
    go = _go()
    fig = go.Figure()
    cats = [str(v) for v in frame[x]]
    for i, (col, name) in enumerate(ys.items()):
        vals = _values(frame[col])
        fig.add_trace(
            go.Bar(
                x=vals if horizontal else cats,
                y=cats if horizontal else vals,
                name=name,
                orientation="h" if horizontal else "v",
                marker={"color": colour(i)},
            )
        )
    fig.update_layout(barmode="stack" if stacked else "group")
    fig = plain_layout(fig, x_title=x_title, y_title=y_title, height=height)
    if horizontal:
        fig.update_yaxes(autorange="reversed")
        fig.update_layout(margin={"l": 230})
    return fig


def step_curve(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    band: Sequence[str] = (),
    name: str,
    x_title: str,
    y_title: str,
) -> Any:
    """A step function (Kaplan-Meier curve) with an optional confidence band.

    A curve of more than ``MAX_STEP_POINTS`` points is thinned to the last point of each
    of that many equal slices of the x range (narrower than a pixel), so the report of a
    large log stays small without changing what the chart shows.
    """
    go = _go()
    fig = go.Figure()
    frame = thin_steps(frame, x)
    xs = _values(frame[x])
    if band:
        lower, upper = band
        fig.add_trace(
            go.Scatter(
                x=xs + xs[::-1],
                y=_values(frame[upper]) + _values(frame[lower])[::-1],
                fill="toself",
                fillcolor="rgba(0,70,153,0.15)",
                line={"width": 0, "shape": "hv"},
                hoverinfo="skip",
                name="95%",
                showlegend=False,
            )
        )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=_values(frame[y]),
            mode="lines",
            line={"shape": "hv", "color": COLOURS[0], "width": 2},
            name=name,
        )
    )
    fig = plain_layout(fig, x_title=x_title, y_title=y_title)
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%")
    return fig


def heatmap(matrix: pd.DataFrame, *, x_title: str, y_title: str) -> Any:
    """A from x to matrix of counts (NaN cells blank), rows top to bottom."""
    go = _go()
    z = [_values(matrix.iloc[i]) for i in range(len(matrix))]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[str(c) for c in matrix.columns],
            y=[str(r) for r in matrix.index],
            colorscale="Blues",
            hoverongaps=False,
            texttemplate="%{z}",
            showscale=False,
        )
    )
    fig = plain_layout(fig, x_title=x_title, y_title=y_title, height=420)
    # every row and column labelled (plotly drops every other category label when
    # they crowd)
    xs, ys = [str(c) for c in matrix.columns], [str(r) for r in matrix.index]
    fig.update_yaxes(
        autorange="reversed",
        tickmode="array",
        tickvals=ys,
        ticktext=ys,
        tickfont={"size": 10},
        automargin=True,
    )
    fig.update_xaxes(
        tickangle=-45,
        side="bottom",
        tickmode="array",
        tickvals=xs,
        ticktext=xs,
        tickfont={"size": 10},
        automargin=True,
    )
    fig.update_layout(margin={"l": 170, "b": 130})
    return fig
