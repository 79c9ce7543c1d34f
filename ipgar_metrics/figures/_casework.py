"""Figures of the case-management metrics: one ``fig_<view>(frame, lang)`` each.

No computation here beyond reshaping: each function takes the frame of the metric
named in its docstring. Labels are Dutch by default (``lang="en"`` for English).
No figure shows a case id or a case-manager pseudonym.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from ipgar_metrics import labels, schema
from ipgar_metrics.figures._steps import thin_steps
from ipgar_metrics.figures._style import white_template

if TYPE_CHECKING:  # plotly is imported inside the functions (fast CLI start)
    import plotly.graph_objects as go

#: Labels of this area (Dutch and English).
CASEMGMT_LABELS: Final[dict[str, dict[str, str]]] = {
    **labels.STATUS_LABELS,
    "inflow": {"nl": "instroom", "en": "inflow"},
    "outflow": {"nl": "uitstroom", "en": "outflow"},
    "stock": {"nl": "in de aanpak (einde maand)", "en": "in the approach (month end)"},
    "cases": {"nl": "casussen", "en": "cases"},
    "stock_axis": {"nl": "in aanpak", "en": "in approach"},
    "flow_axis": {"nl": "per maand", "en": "per month"},
    "flow_title": {
        "nl": "Instroom, uitstroom en bestand",
        "en": "Inflow, outflow and stock",
    },
    "gap_title": {
        "nl": "Dagen sinds laatste contact (actieve casussen)",
        "en": "Days since last contact (active cases)",
    },
    "days_since_contact": {
        "nl": "dagen sinds laatste contact",
        "en": "days since last contact",
    },
    "threshold": {"nl": "drempel", "en": "threshold"},
    "interval_title": {
        "nl": "Dagen tussen opeenvolgende contacten, per organisatie casusregisseur",
        "en": "Days between consecutive contacts, by case manager's organisation",
    },
    "interval_days": {"nl": "dagen tussen contacten", "en": "days between contacts"},
    "manager_org": {
        "nl": "organisatie casusregisseur",
        "en": "case manager's organisation",
    },
    "domain_title": {
        "nl": "Interventies naar domein van de uitvoerende organisatie",
        "en": "Interventions by domain of the delivering organisation",
    },
    "share_interventions": {
        "nl": "aandeel interventies",
        "en": "share of interventions",
    },
    "own_title": {
        "nl": "Aandeel interventies door eigen organisatie casusregisseur",
        "en": "Share of interventions by the case manager's own organisation",
    },
    "own_org_share": {
        "nl": "aandeel eigen organisatie",
        "en": "own-organisation share",
    },
    "handover_title": {
        "nl": "Samenwerking: overdrachten tussen organisaties",
        "en": "Collaboration: hand-overs between organisations",
    },
    "from_org": {"nl": "van organisatie", "en": "from organisation"},
    "to_org": {"nl": "naar organisatie", "en": "to organisation"},
    "caseload_title": {
        "nl": "Casusregisseurs met ten minste één casus, naar aantal casussen (einde maand)",
        "en": "Case managers with at least one case, by number of cases (month end)",
    },
    "managers": {"nl": "casusregisseurs", "en": "case managers"},
    "managers_0": {"nl": "0 casussen", "en": "0 cases"},
    "managers_1": {"nl": "1 casus", "en": "1 case"},
    "managers_2": {"nl": "2 casussen", "en": "2 cases"},
    "managers_3plus": {"nl": "3 of meer", "en": "3 or more"},
    "month": {"nl": "maand", "en": "month"},
    "n": {"nl": "aantal", "en": "count"},
    "km_title": {
        "nl": "Verblijf in de aanpak (Kaplan-Meier, lopende casussen gecensureerd)",
        "en": "Time in the approach (Kaplan-Meier, open cases censored)",
    },
    "survival": {"nl": "aandeel nog in de aanpak", "en": "share still in the approach"},
    "days_in_approach": {"nl": "dagen sinds instroom", "en": "days since intake"},
    "ci": {"nl": "95%-interval", "en": "95% interval"},
    "geen": {"nl": "geen", "en": "none"},
    "onbekend": {"nl": "onbekend", "en": "unknown"},
}

_STATUS_COLOURS: Final[dict[str, str]] = {
    "active": "#1f77b4",
    "detained": "#d62728",
    "travelled": "#ff7f0e",
    "static": "#7f7f7f",
}


def _t(key: str, lang: str) -> str:
    labels.check_lang(lang)
    if key in CASEMGMT_LABELS:
        return CASEMGMT_LABELS[key][lang]
    return labels.label(key, lang)


def _layout(fig: go.Figure, title: str, x: str, y: str) -> go.Figure:
    fig.update_layout(
        title=title,
        xaxis_title=x,
        yaxis_title=y,
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 60, "r": 20, "t": 60, "b": 60},
    )
    white_template(fig)
    return fig


def fig_flow(frame: pd.DataFrame, lang: str = "nl") -> go.Figure:
    """Stock at month end by status (stacked bars) above inflow and outflow per month.

    Two panels with a shared month axis, each with its own count axis: the flows
    (a handful a month) would lie flat on the axis of the stock (tens) in one panel.
    ``frame``: ``flow(...)`` without ``by``.
    """
    from plotly.subplots import make_subplots

    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.6, 0.4],
        vertical_spacing=0.08,
    )
    for s in ("active", "detained", "travelled", "static"):
        fig.add_bar(
            x=frame["month"],
            y=frame[s],
            name=_t(s, lang),
            marker_color=_STATUS_COLOURS[s],
            row=1,
            col=1,
        )
    for col, dash in (("inflow", "solid"), ("outflow", "dot")):
        fig.add_scatter(
            x=frame["month"],
            y=frame[col],
            name=_t(col, lang),
            mode="lines+markers",
            marker={"size": 4},
            line={"dash": dash, "color": "black" if col == "inflow" else "#555"},
            row=2,
            col=1,
        )
    fig.update_layout(barmode="stack")
    fig = _layout(fig, _t("flow_title", lang), "", _t("stock_axis", lang))
    fig.update_yaxes(title_text=_t("flow_axis", lang), rangemode="tozero", row=2)
    fig.update_yaxes(rangemode="tozero", row=1)
    fig.update_yaxes(title_font={"size": 10})
    fig.update_xaxes(title_text=None)  # the ticks are months
    return fig


def fig_contact_gaps(
    frame: pd.DataFrame, lang: str = "nl", threshold_days: float | None = None
) -> go.Figure:
    """Distribution of days since the last contact of active cases, with threshold.

    ``frame``: ``contact_gaps(...)``; the threshold defaults to the one the
    frame was computed with (``attrs``).
    """
    import plotly.graph_objects as go

    if threshold_days is None:
        params: dict[str, Any] = frame.attrs.get("ipgar", {}).get("params", {})
        threshold_days = params.get("threshold_days")
    active = frame.loc[frame["status"] == "active", "days_since_contact"]
    fig = go.Figure(go.Histogram(x=active, nbinsx=30, name=_t("active", lang)))
    if threshold_days is not None:
        fig.add_vline(
            x=float(threshold_days),
            line_dash="dash",
            line_color="#d62728",
            annotation_text=f"{_t('threshold', lang)} {threshold_days:g}",
        )
    return _layout(
        fig, _t("gap_title", lang), _t("days_since_contact", lang), _t("cases", lang)
    )


def fig_contact_intervals(frame: pd.DataFrame, lang: str = "nl") -> go.Figure:
    """Box plot of intervals between contacts per case-manager organisation.

    ``frame``: ``contact_intervals(..., level="interval")`` (closed intervals
    are drawn; open tails are left out).
    """
    import plotly.graph_objects as go

    closed = frame.loc[~frame["is_open"]]
    fig = go.Figure()
    for org in sorted(closed["org"].fillna("onbekend").unique()):
        vals = closed.loc[closed["org"].fillna("onbekend") == org, "days"]
        fig.add_box(y=vals, name=_t(org, lang), boxpoints=False)
    fig.update_layout(showlegend=False)
    return _layout(
        fig,
        _t("interval_title", lang),
        _t("manager_org", lang),
        _t("interval_days", lang),
    )


def fig_integrality_domains(frame: pd.DataFrame, lang: str = "nl") -> go.Figure:
    """Share of interventions per domain (bars; one group of bars per row).

    ``frame``: ``integrality(...)`` summary, without ``by`` or with one.
    """
    import plotly.graph_objects as go

    by = [c for c in frame.columns if c in ("org", "month", *schema.SEGMENTS)]
    fig = go.Figure()
    names = [_t(d, lang) for d in schema.DOMAINS]
    for _, row in frame.iterrows():
        name = _t(str(row[by[0]]), lang) if by else _t("share_interventions", lang)
        fig.add_bar(x=names, y=[row[f"share_{d}"] for d in schema.DOMAINS], name=name)
    fig.update_layout(yaxis_tickformat=".0%", barmode="group")
    return _layout(fig, _t("domain_title", lang), "", _t("share_interventions", lang))


def fig_own_org_trend(frame: pd.DataFrame, lang: str = "nl") -> go.Figure:
    """Own-organisation share per month (line, marker size by interventions).

    ``frame``: ``integrality(..., by="month")``.
    """
    import plotly.graph_objects as go

    f = frame.loc[frame["interventions"] > 0]
    fig = go.Figure(
        go.Scatter(
            x=f["month"],
            y=f["own_org_share"],
            mode="lines+markers",
            name=_t("own_org_share", lang),
            customdata=f["interventions"],
            hovertemplate="%{x}: %{y:.0%} (n=%{customdata})<extra></extra>",
        )
    )
    fig.update_layout(yaxis_tickformat=".0%", yaxis_range=[0, 1])
    return _layout(
        fig, _t("own_title", lang), _t("month", lang), _t("own_org_share", lang)
    )


def fig_handovers(frame: pd.DataFrame, lang: str = "nl") -> go.Figure:
    """Heat map of hand-overs between organisations (rows from, columns to).

    ``frame``: ``handovers(...)``. Organisations are ordered by domain.
    """
    import plotly.graph_objects as go

    order = [
        o for o in schema.ORGS if o in set(frame["from_org"]) | set(frame["to_org"])
    ]
    extra = sorted((set(frame["from_org"]) | set(frame["to_org"])) - set(order))
    order += extra
    grid = (
        frame.pivot_table(index="from_org", columns="to_org", values="n", aggfunc="sum")
        .reindex(index=order, columns=order)
        .fillna(0)
    )
    names = [labels.label(o, lang, labels.ORG_LABELS) for o in order]
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=names,
            y=names,
            colorscale="Blues",
            colorbar={"title": _t("n", lang)},
            hovertemplate="%{y} → %{x}: %{z}<extra></extra>",
        )
    )
    fig = _layout(
        fig, _t("handover_title", lang), _t("to_org", lang), _t("from_org", lang)
    )
    # every organisation labelled (plotly drops every other category label when they
    # crowd): all ticks, smaller font, slanted columns, room for the longest name
    ticks = {"tickmode": "array", "tickvals": names, "ticktext": names}
    fig.update_xaxes(**ticks, tickangle=-45, tickfont={"size": 10}, automargin=True)
    fig.update_yaxes(
        **ticks, autorange="reversed", tickfont={"size": 10}, automargin=True
    )
    fig.update_layout(
        height=max(300, 200 + 20 * len(names)),
        margin={"l": 150, "b": 150},
        legend={"y": -0.4},
    )
    return fig


def fig_caseload(frame: pd.DataFrame, lang: str = "nl") -> go.Figure:
    """Case managers with 1, 2, 3+ cases per month (stacked bars).

    Case managers with 0 cases (assigned before, none now) are the large majority
    and are left out, so the bars show who holds cases; say how many in the
    caption or a note (``frame["managers_0"]``). ``frame``: ``caseload(...)``.
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    for col in ("managers_1", "managers_2", "managers_3plus"):
        fig.add_bar(x=frame["month"], y=frame[col], name=_t(col, lang))
    fig.update_layout(barmode="stack")
    return _layout(
        fig, _t("caseload_title", lang), _t("month", lang), _t("managers", lang)
    )


def fig_time_in_approach(frame: pd.DataFrame, lang: str = "nl") -> go.Figure:
    """Kaplan-Meier curve of the time in the approach with its 95% band.

    ``frame``: ``time_in_approach(..., level="km")`` without ``by``.
    """
    import plotly.graph_objects as go

    frame = thin_steps(frame, "days")
    fig = go.Figure()
    fig.add_scatter(
        x=frame["days"],
        y=frame["ci_upper"],
        mode="lines",
        line={"width": 0},
        line_shape="hv",
        showlegend=False,
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=frame["days"],
        y=frame["ci_lower"],
        mode="lines",
        line={"width": 0},
        line_shape="hv",
        fill="tonexty",
        fillcolor="rgba(31,119,180,0.2)",
        name=_t("ci", lang),
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=frame["days"],
        y=frame["survival"],
        mode="lines",
        line_shape="hv",
        name=_t("survival", lang),
        line={"color": "#1f77b4"},
    )
    fig.update_layout(yaxis_tickformat=".0%", yaxis_range=[0, 1.02])
    return _layout(
        fig, _t("km_title", lang), _t("days_in_approach", lang), _t("survival", lang)
    )
