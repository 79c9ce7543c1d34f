"""Lead times: stages, the quarterly trend, time to decision, information loops."""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from ipgar_metrics import disclosure, labels
from ipgar_metrics.figures import bars, fig_info_loops, fig_km, lines, step_curve
from ipgar_metrics.metrics.leadtime import (
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
    """Stages, trend per quarter, Kaplan-Meier time to decision, information loops."""
    sec = Section("leadtime", ctx.t("leadtime"), ctx.t("leadtime_intro"))
    sec.blocks.extend(or_missing(ctx, ctx.t("leadtime"), lambda: _stage_blocks(ctx)))
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
