"""Figures of the evaluation: the interrupted time series and KM curves per period.

No computation here: ``fig_its`` takes ``interrupted_time_series`` output,
``fig_km_periods`` and ``fig_period_mix`` take ``compare_periods`` output
(its ``attrs["evaluate"]``). Dutch labels by default; plotly is imported inside
the functions.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import pandas as pd

from ipgar_metrics.figures._style import white_template
from ipgar_metrics.labels import short_date

LABELS: Final[dict[str, dict[str, str]]] = {
    "nl": {
        "month": "Maand van melding",
        "observed": "Gemeten per maand",
        "censored": "Nog veel open (niet in de lijn)",
        "fitted_before": "Trend vóór de wijziging",
        "fitted_after": "Trend na de wijziging",
        "counterfactual": "Trend vóór, doorgetrokken",
        "change": "Wijziging",
        "its_title": "Onderbroken tijdreeks rond de wijziging",
        "km_title": "Tijd van melding tot besluit of instroom, per periode",
        "km_x": "Dagen sinds de melding",
        "km_y": "Aandeel nog zonder besluit of instroom",
        "before": "Vóór",
        "after": "Na",
        "mix_title": "Samenstelling van de perioden",
        "mix_y": "Aandeel (%)",
        "report_source": "Bron melding",
        "risk_category": "Risicocategorie",
        "leadtime": "Doorlooptijd melding tot besluit (dagen)",
        "contact": "Dagen tussen contacten",
        "integrality": "Interventies door eigen organisatie (%)",
        "t/m": "t/m",
    },
    "en": {
        "month": "Month of report",
        "observed": "Observed per month",
        "censored": "Many still open (not in the line)",
        "fitted_before": "Trend before the change",
        "fitted_after": "Trend after the change",
        "counterfactual": "Trend before, carried on",
        "change": "Change",
        "its_title": "Interrupted time series around the change",
        "km_title": "Time from report to decision or intake, per period",
        "km_x": "Days since the report",
        "km_y": "Share still without decision or intake",
        "before": "Before",
        "after": "After",
        "mix_title": "Mix of the periods",
        "mix_y": "Share (%)",
        "report_source": "Report source",
        "risk_category": "Risk category",
        "leadtime": "Lead time report to decision (days)",
        "contact": "Days between contacts",
        "integrality": "Interventions by own organisation (%)",
        "t/m": "to",
    },
}
_COLOURS: Final[dict[str, str]] = {"before": "#7f7f7f", "after": "#1f77b4"}


def _labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["nl"])


def fig_its(frame: pd.DataFrame, lang: str = "nl") -> Any:
    """Monthly values, the fitted lines before and after, the change marked.

    Parameters
    ----------
    frame
        ``interrupted_time_series`` output (its ``attrs["its"]`` gives the metric).
    lang
        ``nl`` or ``en``.
    """
    import plotly.graph_objects as go

    lab = _labels(lang)
    its = frame.attrs.get("its", {})
    metric = its.get("metric", "leadtime")
    scale = 100.0 if metric == "integrality" else 1.0
    fig = go.Figure()
    x = frame["month_start"]
    y = frame["value"] * scale
    for key, mask, symbol in (
        ("observed", frame["in_fit"], "circle"),
        ("censored", frame["value"].notna() & ~frame["in_fit"], "circle-open"),
    ):
        fig.add_trace(
            go.Scatter(
                x=x[mask],
                y=y[mask],
                mode="markers",
                name=lab[key],
                marker={"symbol": symbol, "color": "#444444", "size": 7},
                customdata=frame.loc[mask, ["n", "n_open"]],
                hovertemplate="%{x|%Y-%m}: %{y:.1f} (n=%{customdata[0]}, "
                "open=%{customdata[1]})<extra></extra>",
            )
        )
    for key, mask, colour in (
        ("fitted_before", ~frame["post"], _COLOURS["before"]),
        ("fitted_after", frame["post"], _COLOURS["after"]),
    ):
        fig.add_trace(
            go.Scatter(
                x=x[mask],
                y=frame.loc[mask, "fitted"] * scale,
                mode="lines",
                name=lab[key],
                line={"color": colour, "width": 3},
            )
        )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=frame["counterfactual"] * scale,
            mode="lines",
            name=lab["counterfactual"],
            line={"color": _COLOURS["before"], "dash": "dash"},
        )
    )
    first_post = frame.loc[frame["post"], "month_start"]
    if len(first_post):
        fig.add_vline(x=first_post.iloc[0], line_dash="dot", line_color="#d62728")
        fig.add_annotation(
            x=first_post.iloc[0],
            y=1,
            yref="paper",
            text=lab["change"],
            showarrow=False,
            xanchor="left",
            font={"color": "#d62728"},
        )
    fig.update_layout(
        title=lab["its_title"],
        xaxis_title=lab["month"],
        yaxis_title=lab[metric],
        legend={"orientation": "h", "y": -0.2},
    )
    white_template(fig)
    return fig


def _period_names(
    frame: pd.DataFrame, lab: dict[str, str], lang: str
) -> dict[str, str]:
    periods = frame.attrs.get("evaluate", {}).get("periods", {})
    out = {}
    for name in ("before", "after"):
        out[name] = lab[name]
        if periods.get(name):
            lo, hi = (date.fromisoformat(d) for d in periods[name])
            fmt = short_date if lang == "nl" else date.isoformat
            out[name] += f" ({fmt(lo)} {lab['t/m']} {fmt(hi)})"
    return out


def fig_km_periods(frame: pd.DataFrame, lang: str = "nl") -> Any:
    """Kaplan-Meier curves of the two periods (open reports censored at as_of).

    Parameters
    ----------
    frame
        ``compare_periods(metric="leadtime")`` output.
    lang
        ``nl`` or ``en``.
    """
    import plotly.graph_objects as go

    lab = _labels(lang)
    curves = pd.DataFrame(frame.attrs.get("evaluate", {}).get("km", []))
    names = _period_names(frame, lab, lang)
    fig = go.Figure()
    for name in ("before", "after"):
        if curves.empty:
            break
        c = curves[curves["period"] == name]
        fig.add_trace(
            go.Scatter(
                x=c["days"],
                y=c["survival"],
                mode="lines",
                line_shape="hv",
                name=names[name],
                line={"color": _COLOURS[name], "width": 3},
                customdata=c[["at_risk", "censored"]],
                hovertemplate="%{x:.0f}: %{y:.0%} (at risk %{customdata[0]})"
                "<extra></extra>",
            )
        )
    fig.add_hline(y=0.5, line_dash="dot", line_color="#999999")
    fig.update_layout(
        title=lab["km_title"],
        xaxis_title=lab["km_x"],
        yaxis_title=lab["km_y"],
        yaxis={"tickformat": ".0%", "range": [0, 1.02]},
        legend={"orientation": "h", "y": -0.2},
    )
    white_template(fig)
    return fig


def fig_period_mix(frame: pd.DataFrame, lang: str = "nl") -> Any:
    """Shares of report sources and risk categories in both periods (grouped bars).

    Parameters
    ----------
    frame
        ``compare_periods`` output (its ``attrs["evaluate"]["mix"]``).
    lang
        ``nl`` or ``en``.
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    lab = _labels(lang)
    mix = pd.DataFrame(frame.attrs.get("evaluate", {}).get("mix", []))
    segments = ("report_source", "risk_category")
    fig = make_subplots(rows=1, cols=2, subplot_titles=[lab[s] for s in segments])
    names = _period_names(frame, lab, lang)
    for col, seg in enumerate(segments, start=1):
        part = mix[mix["segment"] == seg] if not mix.empty else mix
        for name in ("before", "after"):
            if part.empty:
                continue
            fig.add_trace(
                go.Bar(
                    x=part["value"],
                    y=part[f"share_{name}"] * 100,
                    name=names[name],
                    marker_color=_COLOURS[name],
                    showlegend=col == 1,
                ),
                row=1,
                col=col,
            )
    fig.update_layout(
        title=lab["mix_title"],
        yaxis_title=lab["mix_y"],
        barmode="group",
        legend={"orientation": "h", "y": -0.2},
    )
    white_template(fig)
    return fig
