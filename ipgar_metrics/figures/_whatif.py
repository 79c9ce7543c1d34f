"""What-if figures: observed and predicted lead-time distributions side by side.

The frames come from the metric functions (``simulate_intake`` for a prediction,
``lead_times`` for what was observed); the figure only picks the admitted reports
and draws. Dutch labels by default, ``lang="en"`` available.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

import pandas as pd

from ipgar_metrics.figures._style import COLOURS, white_template
from ipgar_metrics.labels import check_lang

if TYPE_CHECKING:  # plotly is imported inside the function (fast ``ipgar --help``)
    import plotly.graph_objects as go

LABELS: Final[dict[str, dict[str, str]]] = {
    "title": {
        "nl": "Doorlooptijd melding → instroom: waargenomen en voorspeld",
        "en": "Lead time report → intake: observed and predicted",
    },
    "days": {"nl": "doorlooptijd (dagen)", "en": "lead time (days)"},
    "share": {"nl": "aandeel ingestroomd", "en": "share taken in"},
    "weeks8": {"nl": "8 weken (plan van aanpak)", "en": "8 weeks (plan)"},
}
KINDS: Final[tuple[str, ...]] = ("box", "ecdf")


def admitted_days(frame: pd.DataFrame) -> pd.Series:
    """The lead times (days) of the admitted, ended reports of a frame.

    ``simulate_intake``: ``days`` is NaN when not taken in. ``lead_times``
    (episode level): rows with ``outcome == "instroom"`` that are not open.
    """
    keep = frame["days"].notna()
    if "outcome" in frame.columns:
        keep &= frame["outcome"] == "instroom"
    if "is_open" in frame.columns:
        keep &= ~frame["is_open"].astype(bool)
    return frame.loc[keep, "days"].astype(float)


def fig_whatif_distributions(
    frames: Mapping[str, pd.DataFrame], lang: str = "nl", *, kind: str = "box"
) -> go.Figure:
    """Lead-time distributions side by side: one box (or ECDF line) per frame.

    ``frames``: name shown -> a frame of ``simulate_intake`` (a prediction) or of
    ``lead_times(level="episode")`` (what was observed); only admitted reports
    count. ``kind="box"`` (default): boxes with the mean marked, one per frame,
    the plan's 8 weeks as a line; ``kind="ecdf"``: the cumulative share per frame.
    """
    check_lang(lang)
    if kind not in KINDS:
        raise ValueError(f'unknown kind "{kind}"; choose one of: {", ".join(KINDS)}.')
    import plotly.graph_objects as go

    fig = go.Figure()
    for i, (name, frame) in enumerate(frames.items()):
        days = admitted_days(frame)
        colour = COLOURS[i % len(COLOURS)]
        if kind == "box":
            fig.add_trace(
                go.Box(
                    y=days,
                    name=str(name),
                    boxmean=True,
                    boxpoints=False,
                    marker_color=colour,
                )
            )
        else:
            ordered = days.sort_values().to_numpy()
            share = [(k + 1) / len(ordered) for k in range(len(ordered))]
            fig.add_trace(
                go.Scatter(
                    x=ordered,
                    y=share,
                    name=str(name),
                    mode="lines",
                    line={"shape": "hv", "color": colour},
                )
            )
    if kind == "box":
        fig.add_hline(
            y=56,
            line_dash="dot",
            line_color="#555",
            annotation_text=LABELS["weeks8"][lang],
            annotation_position="top left",
        )
        fig.update_layout(yaxis_title=LABELS["days"][lang], showlegend=False)
        fig.update_yaxes(rangemode="tozero")
    else:
        fig.add_vline(
            x=56,
            line_dash="dot",
            line_color="#555",
            annotation_text=LABELS["weeks8"][lang],
        )
        fig.update_layout(
            xaxis_title=LABELS["days"][lang],
            yaxis_title=LABELS["share"][lang],
            yaxis_tickformat=".0%",
        )
    fig.update_layout(title=LABELS["title"][lang])
    white_template(fig)
    return fig
