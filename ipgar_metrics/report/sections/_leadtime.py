"""Lead times: stages, the quarterly trend, time to decision, information loops."""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from ipgar_metrics import disclosure, labels
from ipgar_metrics.figures import (
    bars,
    fig_cumulative_incidence,
    fig_info_loops,
    fig_km,
    lines,
    step_curve,
)
from ipgar_metrics.metrics.leadtime import (
    cumulative_incidence,
    lead_time_factors,
    lead_times,
    time_to_decision_km,
)
from ipgar_metrics.metrics.monthly import quarterly_trend
from ipgar_metrics.report._model import (
    Cell,
    Context,
    Section,
    Table,
    count_column,
    or_missing,
)


def leadtime_section(ctx: Context) -> Section:
    """Stages, trend, competing outcomes, time to any decision, information loops."""
    sec = Section("leadtime", ctx.t("leadtime"), ctx.t("leadtime_intro"))
    sec.blocks.extend(or_missing(ctx, ctx.t("leadtime"), lambda: _stage_blocks(ctx)))
    sec.blocks.extend(or_missing(ctx, ctx.t("cif_title"), lambda: _cif_blocks(ctx)))
    sec.blocks.extend(or_missing(ctx, ctx.t("km_title"), lambda: _km_blocks(ctx)))
    sec.blocks.extend(
        or_missing(ctx, ctx.t("factors_title"), lambda: _factor_blocks(ctx))
    )
    return sec


def _stage_blocks(ctx: Context) -> list[Any]:
    summ = lead_times(
        ctx.con,
        as_of=ctx.as_of,
        level="summary",
        period=ctx.window,
        period_mode="completed",
    )
    rows = [
        [
            Cell(ctx.t(f"stage_{r.stage}")),
            ctx.count(r.n),
            ctx.stat(r.median_days, r.n),
            ctx.stat(r.p90_days, r.n),
        ]
        for r in summ.itertuples()
    ]
    cols = [
        ctx.t("stage"),
        labels.label("n", ctx.lang),
        labels.label("median_days", ctx.lang),
        labels.label("p90_days", ctx.lang),
    ]
    return [Table("", cols, rows), _trend_chart(ctx)]


def _trend_chart(ctx: Context) -> Any:
    q = quarterly_trend(ctx.con, as_of=ctx.as_of)
    if ctx.extern:
        small = q["n"] < ctx.k
        q.loc[small, ["median_days", "p90_days"]] = float("nan")
    fig = lines(
        q,
        x="quarter",
        ys={
            "median_days": labels.label("median_days", ctx.lang),
            "p90_days": labels.label("p90_days", ctx.lang),
        },
        x_title=ctx.t("quarter"),
        y_title=labels.label("days", ctx.lang),
    )
    return ctx.chart(ctx.t("trend_title"), fig, ["days", "days"])


def _km_blocks(ctx: Context) -> list[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = time_to_decision_km(ctx.con, as_of=ctx.as_of, level="summary").iloc[0]
        curve = time_to_decision_km(ctx.con, as_of=ctx.as_of, level="curve")
    ci = (
        f"{s.median_lower_days:.0f}–{s.median_upper_days:.0f}"
        if pd.notna(s.median_lower_days) and pd.notna(s.median_upper_days)
        else disclosure.NOT_SHOWN
    )
    cols = [
        labels.label("n", ctx.lang),
        labels.label("n_open", ctx.lang),
        ctx.t("km_median"),
        ctx.t("km_ci"),
        ctx.t("naive_median"),
        ctx.t("open_over_32w"),
    ]
    row = [
        ctx.count(s.n),
        ctx.count(s.n_open),
        ctx.stat(s.median_days, s.n),
        Cell(
            ci if not (ctx.extern and s.n < ctx.k) else disclosure.NOT_SHOWN,
            "stat",
            s.n,
        ),
        ctx.stat(s.naive_median_days, s.n_events),
        ctx.count(s.open_over_32w),
    ]

    def fallback() -> tuple[Any, list[Any]]:
        safe = curve[curve["at_risk"] >= ctx.k] if ctx.extern else curve
        fig = step_curve(
            safe,
            x="days",
            y="survival",
            band=("ci_lower", "ci_upper"),
            name=ctx.t("share_not_decided"),
            x_title=ctx.t("days_since_report"),
            y_title=ctx.t("share_not_decided"),
        )
        return fig, ["survival", "survival"]

    return [
        Table(ctx.t("km_table"), cols, [row]),
        ctx.figure(ctx.t("km_title"), fig_km, (curve,), fallback),
    ]


def _cif_blocks(ctx: Context) -> list[Any]:
    """Cumulative incidence of intake, refusal and intermediate variant.

    Extern: the curves only where at least ``k`` episodes are still at risk (the
    Kaplan-Meier chart's rule; the at-risk counts are those of the time to any end,
    whose event times are the incidence's), the table's shares only over ``k`` or
    more episodes with that outcome.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summ = cumulative_incidence(ctx.con, as_of=ctx.as_of, level="summary")
        curve = cumulative_incidence(ctx.con, as_of=ctx.as_of, level="curve")
    cols = [
        ctx.t("cif_outcome"),
        ctx.t("cif_n_events"),
        *(ctx.t("cif_at_weeks", weeks=w) for w in (8, 12, 32)),
        ctx.t("cif_median_reached"),
    ]
    rows = [
        [
            Cell(labels.label(r.outcome, ctx.lang, labels.OUTCOME_LABELS)),
            ctx.count(r.n_events),
            *(_percent(ctx, v, r.n_events) for v in (r.cif_8w, r.cif_12w, r.cif_32w)),
            ctx.stat(r.median_days_reached, r.n_events),
        ]
        for r in summ.itertuples()
    ]

    def fallback() -> tuple[Any, list[Any]]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            km = time_to_decision_km(
                ctx.con, as_of=ctx.as_of, event="end", level="curve"
            )
        safe_days = km.loc[km["at_risk"] >= ctx.k, "days"]
        fig = fig_cumulative_incidence(
            curve[curve["days"].isin(safe_days)], lang=ctx.lang
        )
        return fig, ["share"] * len(fig.data)

    return [
        Table(ctx.t("cif_table"), cols, rows, note=ctx.t("cif_note")),
        ctx.figure(ctx.t("cif_title"), fig_cumulative_incidence, (curve,), fallback),
    ]


def _percent(ctx: Context, value: float, n: float) -> Cell:
    """A cumulative incidence as a percentage, suppressed like ``ctx.stat``."""
    cell = ctx.stat(100.0 * value, n)
    if cell.text != disclosure.NOT_SHOWN:
        cell.text += "%"
    return cell


def _factor_blocks(ctx: Context) -> list[Any]:
    f = lead_time_factors(ctx.con, as_of=ctx.as_of)
    f = f[f["factor"] == "info_loops"].reset_index(drop=True)
    ns = count_column(ctx, f, "n")
    rows = [
        [
            Cell(str(r.value)),
            ns[i],
            ctx.stat(r.median_days, r.n),
            ctx.stat(r.p90_days, r.n),
        ]
        for i, r in enumerate(f.itertuples())
    ]
    cols = [
        ctx.t("info_loops"),
        labels.label("n", ctx.lang),
        labels.label("median_days", ctx.lang),
        labels.label("p90_days", ctx.lang),
    ]

    def fallback() -> tuple[Any, list[Any]]:
        safe = f.assign(median_days=f["median_days"].where(f["n"] >= ctx.k))
        fig = bars(
            safe,
            x="value",
            ys={"median_days": labels.label("median_days", ctx.lang)},
            x_title=ctx.t("info_loops"),
            y_title=labels.label("median_days", ctx.lang),
        )
        return fig, ["days"]

    chart = ctx.figure(ctx.t("factors_title"), fig_info_loops, (f,), fallback)
    return [Table(ctx.t("factors_title"), cols, rows), chart]
