"""The funnel plot of a practice measure: organisations against their size.

``fig_funnel(points, lines, measure=...)`` takes ``practice_profile(...,
level="point")`` and ``funnel_lines(points, measure=...)``: each organisation a
point at its denominator and value, the centre line, and the exact 95% and 99.8%
control limits drawn as steps (Spiegelhalter 2005). Points outside the 95% limits
are marked; no ranking. Dutch labels by default (``lang="en"`` for English).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import pandas as pd

from ipgar_metrics import labels
from ipgar_metrics.figures._placement import label_positions
from ipgar_metrics.figures._style import WIDTH, colour, plain_layout

if TYPE_CHECKING:  # plotly is imported inside the function (fast CLI start)
    import plotly.graph_objects as go

FUNNEL_LABELS: Final[dict[str, dict[str, str]]] = {
    "share": {
        "nl": "casussen of registraties (noemer)",
        "en": "cases or records (denominator)",
    },
    "rate_months": {
        "nl": "actieve maanden (noemer)",
        "en": "active months (denominator)",
    },
    "rate_years": {"nl": "casusjaren (noemer)", "en": "case-years (denominator)"},
    "expected": {"nl": "alle organisaties", "en": "all organisations"},
    "limit_95": {"nl": "95%-grenzen", "en": "95% limits"},
    "limit_998": {"nl": "99,8%-grenzen", "en": "99.8% limits"},
    "inside": {"nl": "binnen de grenzen", "en": "within the limits"},
    "outside": {"nl": "buiten de 95%-grenzen", "en": "outside the 95% limits"},
}


#: The height of a funnel plot (pixels).
_HEIGHT: Final[int] = 380


def _t(key: str, lang: str) -> str:
    labels.check_lang(lang)
    return FUNNEL_LABELS[key][lang]


def fig_funnel(
    points: pd.DataFrame, lines: pd.DataFrame, *, measure: str, lang: str = "nl"
) -> go.Figure:
    """Funnel plot of ``measure``: organisations, centre line, 95% and 99.8% limits."""
    import plotly.graph_objects as go

    rows = points.loc[(points["measure"] == measure) & (points["denominator"] > 0)]
    kind = rows["kind"].iloc[0] if len(rows) else "share"
    x_key = "share"
    if kind == "rate":
        x_key = "rate_months" if measure == "contacts_per_month" else "rate_years"
    fig = go.Figure()
    for level, dash, width in (("998", "dot", 1), ("95", "dash", 1.5)):
        for side in ("lower", "upper"):
            fig.add_scatter(
                x=lines["denominator"],
                y=lines[f"{side}_{level}"],
                mode="lines",
                line={"shape": "hv", "dash": dash, "width": width, "color": "#555"},
                name=_t(f"limit_{level}", lang),
                legendgroup=level,
                showlegend=side == "lower",
                hoverinfo="skip",
            )
    fig.add_scatter(
        x=lines["denominator"],
        y=lines["expected"],
        mode="lines",
        line={"color": "#222", "width": 1.5},
        name=_t("expected", lang),
        hoverinfo="skip",
    )
    outside = rows["signal"].isin(["boven", "onder"])
    names = dict(
        zip(rows.index, (labels.label(o, lang) for o in rows["org"]), strict=True)
    )
    place = dict(
        zip(
            rows.index, _label_positions(rows, lines, list(names.values())), strict=True
        )
    )
    for flag, key, symbol, c in (
        (~outside, "inside", "circle", colour(0)),
        (outside, "outside", "diamond", colour(1)),
    ):
        part = rows.loc[flag]
        fig.add_scatter(
            x=part["denominator"],
            y=part["value"],
            mode="markers+text",
            text=[names[i] for i in part.index],
            textposition=[place[i] for i in part.index],
            marker={"symbol": symbol, "size": 10, "color": c},
            name=_t(key, lang),
        )
    return plain_layout(
        fig,
        x_title=_t(x_key, lang),
        y_title=labels.label(measure, lang, labels.PRACTICE_LABELS),
        height=_HEIGHT,
    )


def _label_positions(
    rows: pd.DataFrame, lines: pd.DataFrame, names: list[str]
) -> list[str]:
    """Each organisation's label where it does not cover another's (``_placement``)."""
    ys = [*rows["value"], *lines["lower_998"], *lines["upper_998"], *lines["expected"]]
    ys = [float(y) for y in ys if pd.notna(y)]
    xs = [float(x) for x in (*rows["denominator"], *lines["denominator"])]
    if not ys or not xs:
        return ["top center"] * len(rows)
    return label_positions(
        [float(x) for x in rows["denominator"]],
        [float(y) for y in rows["value"]],
        names,
        x_range=(min(xs), max(xs)),
        y_range=(min(ys), max(ys)),
        size_px=(WIDTH - 80, _HEIGHT - 70 - 80),  # margins, axis titles, legend
    )
