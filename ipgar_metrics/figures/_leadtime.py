"""Lead-time figures (plotly): one ``fig_<view>(frame, lang="nl")`` per view.

Each function draws a frame made by the metric functions; it computes nothing.
No figure shows a case pseudonym. Dutch labels by default, ``lang="en"`` available.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from ipgar_metrics.config import SMALL_N
from ipgar_metrics.figures._steps import thin_steps
from ipgar_metrics.figures._style import COLOURS, translucent, white_template
from ipgar_metrics.labels import OUTCOME_LABELS, check_lang, label

if TYPE_CHECKING:  # plotly is imported inside the functions (fast ``ipgar --help``)
    import plotly.graph_objects as go

#: Area-specific labels.
LABELS: Final[dict[str, dict[str, str]]] = {
    "melding_ivgr": {"nl": "melding → IVG-R", "en": "report → IVG-R"},
    "ivgr_decision": {"nl": "IVG-R → besluit PTO-R", "en": "IVG-R → PTO-R decision"},
    "decision_instroom": {"nl": "besluit → instroom", "en": "decision → intake"},
    "total": {"nl": "totaal", "en": "total"},
    "days": {"nl": "doorlooptijd (dagen)", "en": "lead time (days)"},
    "workdays": {"nl": "doorlooptijd (werkdagen)", "en": "lead time (working days)"},
    "episodes": {"nl": "aantal episodes", "en": "episodes"},
    "cum_share": {"nl": "aandeel afgerond", "en": "share completed"},
    "week1": {"nl": "1 week", "en": "1 week"},
    "week32": {"nl": "32 weken", "en": "32 weeks"},
    "hist_title": {
        "nl": "Doorlooptijd melding → instroom (afgeronde episodes)",
        "en": "Lead time report → intake (completed episodes)",
    },
    "ecdf_title": {
        "nl": "Cumulatieve verdeling doorlooptijd",
        "en": "Cumulative distribution of lead time",
    },
    "stage_title": {
        "nl": "Mediane doorlooptijd per fase",
        "en": "Median lead time per stage",
    },
    "median_days": {"nl": "mediaan (dagen)", "en": "median (days)"},
    "median_workdays": {"nl": "mediaan (werkdagen)", "en": "median (working days)"},
    "trend_title_month": {
        "nl": "Doorlooptijd per maand van melding",
        "en": "Lead time by month of report",
    },
    "trend_title_quarter": {
        "nl": "Doorlooptijd per kwartaal van melding",
        "en": "Lead time by quarter of report",
    },
    "trend_left_out": {
        "nl": "{n} van {total} {periods} met minder dan {small} afgeronde episodes "
        "weggelaten (geen mediaan)",
        "en": "{n} of {total} {periods} with fewer than {small} finished episodes "
        "left out (no median)",
    },
    "trend_left_open": {
        "nl": "{n} van {total} {periods} weggelaten waarin veel meldingen nog open "
        "zijn (hun mediaan telt alleen de snelle)",
        "en": "{n} of {total} {periods} left out in which many reports are still "
        "open (their median counts only the quick ones)",
    },
    "trend_none": {
        "nl": "Geen {period} met {small} of meer afgeronde episodes: geen mediaan "
        "om te tonen. Per kwartaal: quarterly_trend.",
        "en": "No {period} with {small} or more finished episodes: no median to "
        "show. By quarter: quarterly_trend.",
    },
    "month_one": {"nl": "maand", "en": "month"},
    "quarter_one": {"nl": "kwartaal", "en": "quarter"},
    "months": {"nl": "maanden", "en": "months"},
    "quarters": {"nl": "kwartalen", "en": "quarters"},
    "median": {"nl": "mediaan", "en": "median"},
    "band": {"nl": "p10–p90", "en": "p10–p90"},
    "month": {"nl": "maand van melding", "en": "month of report"},
    "quarter": {"nl": "kwartaal van melding", "en": "quarter of report"},
    "km_title": {
        "nl": "Tijd tot besluit (Kaplan–Meier, open episodes gecensureerd)",
        "en": "Time to decision (Kaplan–Meier, open episodes censored)",
    },
    "km_reached": {"nl": "aandeel met besluit", "en": "share decided"},
    "cif_title": {
        "nl": "Uitkomst van de meldingen naar tijd (Aalen–Johansen, open episodes "
        "gecensureerd)",
        "en": "Outcome of the reports over time (Aalen–Johansen, open episodes "
        "censored)",
    },
    "cif": {"nl": "Cumulatieve incidentie", "en": "Cumulative incidence"},
    "ci": {"nl": "95%-betrouwbaarheidsinterval", "en": "95% confidence interval"},
    "days_since": {"nl": "dagen sinds melding", "en": "days since report"},
    "spectrum_title": {
        "nl": "Prestatiespectrum van de instroomfasen",
        "en": "Performance spectrum of the intake stages",
    },
    "time": {"nl": "datum", "en": "date"},
    "loops_title": {
        "nl": "Doorlooptijd naar aantal informatie-aanvragen",
        "en": "Lead time by number of information requests",
    },
    "info_loops": {"nl": "informatie-aanvragen", "en": "information requests"},
    "n": {"nl": "aantal", "en": "count"},
    "melding_at": {"nl": "melding", "en": "report"},
    "first_ivgr_at": {"nl": "IVG-R", "en": "IVG-R"},
    "decision_at": {"nl": "besluit PTO-R", "en": "PTO-R decision"},
    "instroom_at": {"nl": "instroom", "en": "intake"},
}

_STAGES: Final[tuple[str, ...]] = ("melding_ivgr", "ivgr_decision", "decision_instroom")
_COLORS: Final[tuple[str, ...]] = COLOURS[:4]  # the report's colour-blind-safe palette


def _t(key: str, lang: str) -> str:
    return label(key, lang, LABELS)


def _go() -> Any:
    import plotly.graph_objects as go

    return go


def _unit(frame: pd.DataFrame) -> str:
    return "workdays" if "workdays" in frame.columns else "days"


def _week_marks(fig: go.Figure, lang: str, per_week: int) -> None:
    for weeks, key in ((1, "week1"), (32, "week32")):
        fig.add_vline(
            x=weeks * per_week,
            line_dash="dash",
            line_color="grey",
            annotation_text=_t(key, lang),
        )


def fig_lead_time_distribution(
    frame: pd.DataFrame, lang: str = "nl", *, kind: str = "histogram"
) -> go.Figure:
    """Histogram (or ECDF, ``kind="ecdf"``) of total lead time with 1- and 32-week marks.

    ``frame``: ``lead_times(level="episode")``; open episodes are left out.
    """
    check_lang(lang)
    go = _go()
    unit = _unit(frame)
    done = frame.loc[~frame["is_open"].astype(bool), unit].dropna().sort_values()
    fig = go.Figure()
    if kind == "ecdf":
        fig.add_trace(
            go.Histogram(
                x=done,
                cumulative_enabled=True,
                histnorm="probability",
                nbinsx=200,
                marker_color=_COLORS[0],
            )
        )
        fig.update_layout(
            title=_t("ecdf_title", lang),
            xaxis_title=_t(unit, lang),
            yaxis_title=_t("cum_share", lang),
            yaxis_tickformat=".0%",
        )
    else:
        fig.add_trace(go.Histogram(x=done, nbinsx=40, marker_color=_COLORS[0]))
        fig.update_layout(
            title=_t("hist_title", lang),
            xaxis_title=_t(unit, lang),
            yaxis_title=_t("episodes", lang),
        )
    _week_marks(fig, lang, 5 if unit == "workdays" else 7)
    fig.update_layout(showlegend=False)
    white_template(fig)
    return fig


def fig_stage_breakdown(summary: pd.DataFrame, lang: str = "nl") -> go.Figure:
    """Stacked bars of the median time per stage, per ``by`` group.

    ``summary``: ``lead_times(level="summary", by=...)`` (zero or one ``by``).
    The medians of the stages need not add up to the median total.
    """
    check_lang(lang)
    go = _go()
    unit = "workdays" if "median_workdays" in summary.columns else "days"
    group = [c for c in summary.columns if c not in ("stage",) and not _is_stat(c)]
    fig = go.Figure()
    for i, stage in enumerate(_STAGES):
        rows = summary[summary["stage"] == stage]
        x = (
            [label(v, lang) for v in rows[group[0]]]
            if group
            else [_t("total", lang)] * len(rows)
        )
        fig.add_trace(
            go.Bar(
                x=x,
                y=rows[f"median_{unit}"],
                name=_t(stage, lang),
                marker_color=_COLORS[i],
            )
        )
    fig.update_layout(
        barmode="stack",
        title=_t("stage_title", lang),
        yaxis_title=_t(f"median_{unit}", lang),
        xaxis_title=label(group[0], lang) if group else "",
    )
    white_template(fig)
    return fig


def _is_stat(col: str) -> bool:
    """A statistic or flag of ``lead_times(level="summary")``: not a ``by`` group."""
    return col in ("n", "n_open", "small_n", "mostly_open") or col.split("_", 1)[0] in {
        "mean",
        "median",
        "p10",
        "p25",
        "p75",
        "p90",
        "min",
        "max",
    }


def fig_monthly_trend(summary: pd.DataFrame, lang: str = "nl") -> go.Figure:
    """Median total lead time per month (or quarter) of report with the p10-p90 band.

    ``summary``: ``lead_times(level="summary", by=("month",))`` or
    ``quarterly_trend(...)`` (a ``quarter`` column). A month or quarter with fewer
    than ``SMALL_N`` (10) finished episodes has no median and is left out, as in the
    report, and so is one flagged ``mostly_open`` (many reports still open: its
    median would count only the quick ones); the title says how many, and a chart
    left without any says so (at the iPGA-R's size most months have fewer: use the
    quarters).
    """
    check_lang(lang)
    go = _go()
    unit = "workdays" if "median_workdays" in summary.columns else "days"
    period = "quarter" if "quarter" in summary.columns else "month"
    rows = summary
    if "stage" in summary.columns:
        rows = summary[summary["stage"] == "total"]
    rows = rows[rows["n"] > 0].sort_values(period)
    measured = rows[(rows["n"] >= SMALL_N) & rows[f"median_{unit}"].notna()]
    # many reports still open (``mostly_open``): the median counts only quick ones
    still_open = (
        measured["mostly_open"].astype(bool)
        if "mostly_open" in measured.columns
        else pd.Series(False, index=measured.index)
    )
    shown = measured[~still_open]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=shown[period], y=shown[f"p90_{unit}"], mode="lines",
                   line_width=0, showlegend=False, hoverinfo="skip")
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=shown[period],
            y=shown[f"p10_{unit}"],
            mode="lines",
            line_width=0,
            fill="tonexty",
            fillcolor="rgba(76,120,168,0.2)",
            name=_t("band", lang),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=shown[period],
            y=shown[f"median_{unit}"],
            mode="lines+markers",
            line_color=_COLORS[0],
            name=_t("median", lang),
            customdata=shown["n"],
            hovertemplate="%{x}: %{y:.1f} (n=%{customdata})<extra></extra>",
        )
    )
    title = _t(f"trend_title_{period}", lang)
    left_out = len(rows) - len(measured)
    words = []
    if measured.empty:
        fig.add_annotation(
            text=_t("trend_none", lang).format(
                period=_t(f"{period}_one", lang), small=SMALL_N
            ),
            xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
        )  # fmt: skip
    elif left_out:
        words.append(
            _t("trend_left_out", lang).format(
                n=left_out,
                total=len(rows),
                periods=_t(f"{period}s", lang),
                small=SMALL_N,
            )
        )
    if int(still_open.sum()):
        words.append(
            _t("trend_left_open", lang).format(
                n=int(still_open.sum()),
                total=len(rows),
                periods=_t(f"{period}s", lang),
            )
        )
    if words:
        title += f"<br><sup>{'; '.join(words)}</sup>"
    fig.update_layout(
        title=title,
        xaxis_title=_t(period, lang),
        yaxis_title=_t(unit, lang),
    )
    white_template(fig)
    return fig


def fig_km(curve: pd.DataFrame, lang: str = "nl") -> go.Figure:
    """Kaplan-Meier curve: share that reached the event, with its confidence band.

    ``curve``: ``time_to_decision_km(level="curve")`` (one group, or a
    ``by`` column: one line per group).
    """
    check_lang(lang)
    go = _go()
    group = [c for c in curve.columns if c not in _CURVE_COLUMNS]
    fig = go.Figure()
    parts = curve.groupby(group, sort=True) if group else [((), curve)]
    for i, (key, whole) in enumerate(parts):
        part = thin_steps(whole, "days")
        name = label(key[0] if isinstance(key, tuple) and key else key, lang)
        color = _COLORS[i % len(_COLORS)]
        if not group:
            name = _t("km_reached", lang)
            fig.add_trace(
                go.Scatter(x=part["days"], y=1 - part["ci_lower"], mode="lines",
                           line_width=0, line_shape="hv", showlegend=False,
                           hoverinfo="skip")
            )  # fmt: skip
            fig.add_trace(
                go.Scatter(
                    x=part["days"],
                    y=1 - part["ci_upper"],
                    mode="lines",
                    line_width=0,
                    line_shape="hv",
                    fill="tonexty",
                    fillcolor="rgba(76,120,168,0.2)",
                    name=_t("ci", lang),
                )
            )
        fig.add_trace(
            go.Scatter(
                x=part["days"],
                y=part["reached"],
                mode="lines",
                line_shape="hv",
                line_color=color,
                name=name,
            )
        )
    return _share_by_day(fig, lang, "km_title", "km_reached")


def _share_by_day(fig: go.Figure, lang: str, title: str, y_title: str) -> go.Figure:
    """Week marks and the layout of a share-by-days-since-report chart."""
    _week_marks(fig, lang, 7)
    fig.update_layout(
        title=_t(title, lang),
        xaxis_title=_t("days_since", lang),
        yaxis_title=_t(y_title, lang),
        yaxis_tickformat=".0%",
    )
    white_template(fig)
    return fig


_CURVE_COLUMNS: Final[frozenset[str]] = frozenset(
    ("days", "survival", "ci_lower", "ci_upper", "reached", "at_risk", "observed",
     "censored")
)  # fmt: skip


def fig_cumulative_incidence(frame: pd.DataFrame, lang: str = "nl") -> go.Figure:
    """Cumulative incidence of intake, refusal and intermediate variant, with bands.

    ``frame``: ``cumulative_incidence(level="curve")`` (one group; with a ``by``
    column one line per group and outcome, without bands). Each curve starts at 0
    on day 0; at any day the three add up to the share of reports decided.
    """
    check_lang(lang)
    go = _go()
    group = [c for c in frame.columns if c not in _CIF_COLUMNS]
    fig = go.Figure()
    parts: Any = frame.groupby(group, sort=True) if group else [((), frame)]
    for key, whole in parts:
        prefix = ": ".join(label(v, lang) for v in key)
        prefix = f"{prefix}: " if prefix else ""
        for i, outcome in enumerate(_OUTCOMES):
            own = whole[whole["outcome"] == outcome]
            name = label(outcome, lang, OUTCOME_LABELS)
            start = pd.DataFrame({"days": [0.0], "cif": [0.0], "lower": [0.0],
                                  "upper": [0.0]})  # fmt: skip
            part = thin_steps(pd.concat([start, own], ignore_index=True), "days")
            xs = part["days"].tolist()
            if not group:
                fig.add_trace(
                    go.Scatter(
                        x=xs + xs[::-1],
                        y=part["upper"].tolist() + part["lower"].tolist()[::-1],
                        fill="toself",
                        fillcolor=_BANDS[i],
                        mode="lines",
                        line={"width": 0, "shape": "hv"},
                        hoverinfo="skip",
                        name=f"{name}: {_t('ci', lang)}",
                        showlegend=False,
                    )
                )
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=part["cif"],
                    mode="lines",
                    line_shape="hv",
                    line_color=_COLORS[i],
                    name=prefix + name,
                )
            )
    fig.update_layout(yaxis_range=[0, 1.02])
    return _share_by_day(fig, lang, "cif_title", "cif")


_OUTCOMES: Final[tuple[str, ...]] = ("instroom", "geen_instroom", "tussenvariant")
_BANDS: Final[tuple[str, ...]] = tuple(translucent(c, 0.2) for c in _COLORS[:3])
_CIF_COLUMNS: Final[frozenset[str]] = frozenset(
    ("days", "outcome", "cif", "lower", "upper")
)


def fig_performance_spectrum(eps: pd.DataFrame, lang: str = "nl") -> go.Figure:
    """Performance spectrum: one line per episode and stage, entry to exit.

    A line runs from the time an episode entered a stage (upper lane) to the time it
    left it (lower lane). Lines that start together show a batch (a meeting cycle of the IVG-R or PTO-R);
    steep lines are fast, flat lines slow. ``eps``: ``episodes``.
    """
    check_lang(lang)
    go = _go()
    lanes = ("melding_at", "first_ivgr_at", "decision_at", "instroom_at")
    fig = go.Figure()
    for i, (a, b) in enumerate(pairwise(lanes)):
        seg = eps[[a, b]].dropna()
        xs: list[Any] = []
        ys: list[Any] = []
        for start, end in zip(seg[a], seg[b], strict=True):
            xs += [start, end, None]
            ys += [i, i + 1, None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"width": 1, "color": _COLORS[i]},
                opacity=0.5,
                name=_t(_STAGES[i], lang),
                hoverinfo="skip",
            )
        )
    fig.update_yaxes(
        tickvals=list(range(len(lanes))),
        ticktext=[_t(c, lang) for c in lanes],
        autorange="reversed",
    )
    fig.update_layout(
        title=_t("spectrum_title", lang),
        xaxis_title=_t("time", lang),
    )
    white_template(fig)
    return fig


def fig_info_loops(factors: pd.DataFrame, lang: str = "nl") -> go.Figure:
    """Median and p10-p90 of the total lead time by number of information requests.

    ``factors``: ``lead_time_factors`` (rows of factor info_loops).
    """
    check_lang(lang)
    go = _go()
    rows = factors[(factors["factor"] == "info_loops") & (factors["n"] > 0)]
    fig = go.Figure(
        go.Bar(
            x=rows["value"],
            y=rows["median_days"],
            marker_color=_COLORS[1],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": rows["p90_days"] - rows["median_days"],
                "arrayminus": rows["median_days"] - rows["p10_days"],
            },
            customdata=rows["n"],
            hovertemplate="%{x}: %{y:.1f} (n=%{customdata})<extra></extra>",
            name=_t("median", lang),
        )
    )
    fig.update_layout(
        title=_t("loops_title", lang),
        xaxis_title=_t("info_loops", lang),
        yaxis_title=_t("median_days", lang),
    )
    white_template(fig)
    return fig
