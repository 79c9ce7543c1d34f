"""Plain plotly chart primitives in the one style (``_style``), sized for A4.

``lines``, ``bars``, ``step_curve`` and ``heatmap`` draw a prepared frame: the
report uses them where an area has no ``fig_<view>`` of its own, and for the
external report, whose frames were already coarsened and suppressed (so a chart
never needs to know about disclosure). No computation. Values are passed to plotly
as lists (never numpy arrays), so the page's JSON holds plain numbers that a reader
(and the disclosure test) can check.

A value the external report may not show is missing in the frame. Given a
``Protected``, ``bars``, ``lines`` and ``heatmap`` draw it as protected, never as an
empty bar or a zero: a hatched bar of a fixed height labelled with the table's
text (``<10``), an open marker on a line, the label in a heatmap cell. Those marks
are traces of their own, tagged ``meta={"kind": "protected", "trace": i}`` (``i``
the trace they belong to), whose numbers are drawing heights, not counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ipgar_metrics.figures._steps import thin_steps
from ipgar_metrics.figures._style import COLOURS, HEIGHT, colour, plain_layout


@dataclass(frozen=True)
class Protected:
    """How a chart shows the values it may not show (missing in its frame).

    ``text``: the label of every such value (``"<10"``), or per column of the
    frame the labels row by row (the table's own texts, ``"<10"`` or ``"x"``);
    ``height``: the height of the hatched bar (a line's marker sits at half of it);
    ``name``: the legend entry (``"afgeschermd (<10)"``); ``on_scale``: whether the
    height may be read on the value axis (a count's threshold) or not.
    """

    text: str | Mapping[str, Sequence[str]]
    height: float
    name: str
    #: False when the height means nothing on the value axis (a statistic not
    #: shown): a chart of such marks only then has no scale.
    on_scale: bool = True

    def label(self, col: str, row: int) -> str:
        """The label of the value in row ``row`` of column ``col``."""
        if isinstance(self.text, str):
            return self.text
        return str(self.text[col][row])


def _hidden(values: list[Any]) -> list[int]:
    return [i for i, v in enumerate(values) if v is None]


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
    protected: Protected | None = None,
) -> Any:
    """One line per column of ``ys`` (column -> legend label) against ``x``.

    ``protected``: missing values get an open square at half its height (see
    ``Protected``); without it they are gaps in the line.
    """
    go = _go()
    fig = go.Figure()
    xs = [str(v) for v in frame[x]]
    marks: list[Any] = []
    for i, (col, name) in enumerate(ys.items()):
        ys_i = _values(frame[col])
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys_i,
                name=name,
                mode=mode,
                line={"color": colour(i), "width": 2},
                connectgaps=False,
            )
        )
        if protected is not None and _hidden(ys_i):
            at = _hidden(ys_i)
            marks.append(
                go.Scatter(
                    x=[xs[j] for j in at],
                    y=[protected.height / 2] * len(at),
                    text=[protected.label(col, j) for j in at],
                    mode="markers",
                    marker={
                        "symbol": "square-open",
                        "size": 7,
                        "color": colour(i),
                        "line": {"width": 1.5},
                    },
                    hovertemplate=f"{name}: %{{text}}<extra></extra>",
                    meta={"kind": "protected", "trace": i},
                    **_legend(protected, first=not marks),
                )
            )
    for mark in marks:
        fig.add_trace(mark)
    fig = plain_layout(fig, x_title=x_title, y_title=y_title)
    _no_scale(fig, frame, ys, protected, horizontal=False)
    return fig


def _no_scale(
    fig: Any,
    frame: pd.DataFrame,
    ys: dict[str, str],
    protected: Protected | None,
    *,
    horizontal: bool,
) -> None:
    """Hide the value axis's numbers when a chart shows nothing but marks of statistics."""
    if protected is None or protected.on_scale:
        return
    if all(v is None for col in ys for v in _values(frame[col])):
        axis = fig.update_xaxes if horizontal else fig.update_yaxes
        axis(showticklabels=False)  # nothing shown: the marks have no scale


def _legend(protected: Protected, *, first: bool) -> dict[str, Any]:
    """One legend entry for all protected marks of a chart."""
    return {"name": protected.name, "legendgroup": "protected", "showlegend": first}


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
    protected: Protected | None = None,
) -> Any:
    """Bars of the columns of ``ys`` per ``x`` (grouped, or stacked).

    ``protected``: missing values are drawn as hatched bars labelled with its text
    (see ``Protected``); without it they are left out (an empty place).
    """
    go = _go()
    fig = go.Figure()
    cats = [str(v) for v in frame[x]]
    marks: list[Any] = []
    for i, (col, name) in enumerate(ys.items()):
        vals = _values(frame[col])
        fig.add_trace(
            go.Bar(
                x=vals if horizontal else cats,
                y=cats if horizontal else vals,
                name=name,
                orientation="h" if horizontal else "v",
                marker={"color": colour(i)},
                offsetgroup=None if stacked else str(i),
            )
        )
        at = _hidden(vals) if protected is not None else []
        if protected is not None and at:
            where = [cats[j] for j in at]
            size = [protected.height] * len(at)
            marks.append(
                go.Bar(
                    x=size if horizontal else where,
                    y=where if horizontal else size,
                    text=[protected.label(col, j) for j in at],
                    textposition="inside" if stacked else "outside",
                    cliponaxis=False,
                    orientation="h" if horizontal else "v",
                    marker={
                        "color": "white",
                        "line": {"color": colour(i), "width": 1},
                        "pattern": {
                            "shape": "/",
                            "fgcolor": colour(i),
                            "bgcolor": "white",
                            "solidity": 0.3,
                        },
                    },
                    offsetgroup=None if stacked else str(i),
                    hovertemplate=f"{name}: %{{text}}<extra></extra>",
                    meta={"kind": "protected", "trace": i},
                    **_legend(protected, first=not marks),
                )
            )
    for mark in marks:
        fig.add_trace(mark)
    fig.update_layout(barmode="stack" if stacked else "group")
    _no_scale(fig, frame, ys, protected, horizontal=horizontal)
    fig = plain_layout(fig, x_title=x_title, y_title=y_title, height=height)
    if _small_counts(frame, ys, stacked=stacked):  # no tick at 0.5 of a count
        (fig.update_xaxes if horizontal else fig.update_yaxes)(dtick=1)
    if horizontal:
        fig.update_yaxes(autorange="reversed")
        fig.update_layout(margin={"l": 230})
    return fig


#: Up to this highest bar, whole counts get a tick at every whole number.
_SMALL_COUNT = 5


def _small_counts(frame: pd.DataFrame, ys: dict[str, str], *, stacked: bool) -> bool:
    """Whether every value of ``ys`` is a whole number and the highest bar is small.

    plotly.js ticks an axis up to 2 at 0, 0.5, 1, 1.5, 2: half a network or half
    a case manager. Counts that small get a tick at each whole number instead.
    """
    values = frame[list(ys)].apply(pd.to_numeric, errors="coerce")
    present = values.stack()
    if present.empty or not (present == present.round()).all():
        return False
    top = values.sum(axis=1).max() if stacked else present.max()
    return bool(0 <= top <= _SMALL_COUNT)


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
                mode="lines",
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


def heatmap(
    matrix: pd.DataFrame,
    *,
    x_title: str,
    y_title: str,
    protected: Protected | None = None,
) -> Any:
    """A from x to matrix of counts (NaN cells blank), rows top to bottom.

    ``protected``: a NaN cell is not blank but carries its label (``<10``), and the
    trace says so in its meta (``protected_text``).
    """
    go = _go()
    z = [_values(matrix.iloc[i]) for i in range(len(matrix))]
    label = protected.label if protected is not None else (lambda c, r: "")
    text = [
        [
            label(str(col), i) if v is None else f"{v:g}"
            for col, v in zip(matrix.columns, row, strict=True)
        ]
        for i, row in enumerate(z)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[str(c) for c in matrix.columns],
            y=[str(r) for r in matrix.index],
            text=text,
            colorscale="Blues",
            hoverongaps=protected is not None,
            texttemplate="%{text}",
            hovertemplate="%{y} → %{x}: %{text}<extra></extra>",
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
