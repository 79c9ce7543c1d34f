"""The performance spectrum of any log: one lane per segment A -> B, one line per occurrence.

Denisov et al.'s view: time runs left to right; each segment (two activities that
directly follow each other) has a lane, with A's time on its upper line and B's on
its lower line, so a line's slope is its duration: steep is fast, flat is slow, lines
that start or end together are a batch. Lines are coloured by the quartile of their
segment's durations (``duration_class``). The figure takes the frame of
``performance_spectrum`` and computes nothing but the layout; it shows no case ids.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from ipgar_metrics import labels
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.figures._style import COLOURS, white_template
from ipgar_metrics.timeunits import UNIT_LABELS, check_unit, choose_unit, in_unit

if TYPE_CHECKING:  # plotly is imported inside the function (fast ``ipgar --help``)
    import plotly.graph_objects as go

#: Colours of the duration classes 1 (fastest quarter) to 4 (slowest), colour-blind safe.
CLASS_COLOURS: Final[dict[int, str]] = {
    1: COLOURS[2],
    2: COLOURS[0],
    3: COLOURS[3],
    4: COLOURS[1],
}
#: Height of a lane and the gap below it (y units; the axis runs downwards).
_LANE: Final[float] = 1.0
_GAP: Final[float] = 0.6
#: Above this many lines the browser draws with WebGL.
_WEBGL_FROM: Final[int] = 5_000


def _t(key: str, lang: str, **values: object) -> str:
    return labels.SPECTRUM_LABELS[key][lang].format(**values)


def fig_segment_spectrum(
    frame: pd.DataFrame,
    lang: str = "nl",
    unit: str | None = None,
    *,
    max_lines: int | None = None,
) -> go.Figure:
    """Performance spectrum of the segments of ``frame`` (``performance_spectrum``).

    ``unit`` (minutes, hours, days, weeks; None or ``"auto"``: by the median
    duration, ``timeunits.choose_unit``) is the unit of the durations in the hover
    text. ``max_lines`` draws an even spread of at most that many occurrences
    (every n-th in segment and time order) and says so in the title. Under the title
    the frame's snapshot and reference date (``frame.attrs["ipgar"]``).
    ``layout.meta`` holds ``unit``, ``shown`` and ``total`` (lines).
    """
    import plotly.graph_objects as go

    labels.check_lang(lang)
    if frame.empty:
        raise ConfigError("the spectrum has no occurrence to draw.")
    total = len(frame)
    shown = frame.sort_values(["segment", "start_at"], kind="stable")
    if max_lines is not None:
        if max_lines < 1:
            raise ConfigError("max_lines is 1 or more.")
        step = math.ceil(total / max_lines)
        shown = shown.iloc[::step]
    unit = (
        choose_unit(frame["seconds"])
        if unit is None or unit == "auto"
        else check_unit(unit)
    )
    lanes = (
        frame[["segment", "source", "target"]]
        .drop_duplicates("segment")
        .sort_values("segment")
    )
    top_of = {
        int(s): (i * (_LANE + _GAP)) for i, s in enumerate(lanes["segment"].tolist())
    }
    word = UNIT_LABELS[unit][lang]
    trace_type = go.Scattergl if len(shown) > _WEBGL_FROM else go.Scatter
    fig = go.Figure()
    for cls in (1, 2, 3, 4):
        part = shown[shown["duration_class"] == cls]
        xs: list[Any] = []
        ys: list[Any] = []
        texts: list[Any] = []
        for seg, a, b, start, end, secs in zip(
            part["segment"],
            part["source"],
            part["target"],
            part["start_at"],
            part["end_at"],
            part["seconds"],
            strict=True,
        ):
            y0 = top_of[int(seg)]
            text = (
                f"{labels.activity_label(a, lang)} → {labels.activity_label(b, lang)}: "
                f"{_number(in_unit(float(secs), unit), lang)} {word}"
            )
            xs += [start, end, None]
            ys += [y0, y0 + _LANE, None]
            texts += [text, text, None]
        fig.add_trace(
            trace_type(
                x=xs,
                y=ys,
                mode="lines",
                line={"width": 1, "color": CLASS_COLOURS[cls]},
                opacity=0.6,
                name=_t(f"class_{cls}", lang),
                text=texts,
                hovertemplate="%{text}<extra></extra>",
            )
        )
    tickvals: list[float] = []
    ticktext: list[str] = []
    counts = frame["segment"].value_counts()
    notes: list[dict[str, Any]] = []  # set at once: add_annotation revalidates all
    for seg, a, b in zip(
        lanes["segment"], lanes["source"], lanes["target"], strict=True
    ):
        y0 = top_of[int(seg)]
        tickvals += [y0, y0 + _LANE]
        ticktext += [labels.activity_label(a, lang), labels.activity_label(b, lang)]
        notes.append(
            {
                "x": 1.0,
                "xref": "paper",
                "xanchor": "right",
                "y": y0 + _LANE / 2,
                "text": f"{int(seg)}: {int(counts[seg])} {_t('occurrences', lang)}",
                "showarrow": False,
                "font": {"size": 10},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        )
    fig.update_layout(annotations=notes)
    fig.update_yaxes(
        tickvals=tickvals, ticktext=ticktext, autorange="reversed", zeroline=False
    )
    title = _t("title", lang)
    if len(shown) < total:
        title += f" ({_t('sampled', lang, shown=len(shown), total=total)})"
    # the source under the title: the snapshot and reference date of the frame
    source = " · ".join(labels.source_parts(frame.attrs.get("ipgar", {}), lang))
    fig.update_layout(
        title={"text": title, "subtitle": {"text": source, "font": {"size": 11}}},
        xaxis_title=_t("time", lang),
        height=max(320, 140 + 110 * len(lanes)),
        legend_title_text=_t("duration", lang),
        meta={"unit": unit, "shown": len(shown), "total": total},
    )
    white_template(fig)
    return fig


def _number(value: float, lang: str) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "nl" else text
