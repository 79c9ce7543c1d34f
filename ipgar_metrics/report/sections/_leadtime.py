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
    OPEN_SHARE,
    SMALL_N,
    cumulative_incidence,
    lead_time_factors,
    lead_times,
    time_to_decision_km,
)
from ipgar_metrics.metrics.monthly import quarterly_trend
from ipgar_metrics.report._model import (
    Cell,
    Context,
    Note,
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
    """Per stage: count, mean, median and p90 of the reports completed in the window.

    A row with fewer than 10 completed reports reads "te weinig meldingen" for its
    median and p90 (the metric leaves them NaN) and says so in the caution column.
    """
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
            ctx.stat(r.mean_days, r.n),
            _small_stat(ctx, r.median_days, r.n, r.small_n),
            _small_stat(ctx, r.p90_days, r.n, r.small_n),
            _caution(ctx, r.small_n, r.mostly_open),
        ]
        for r in summ.itertuples()
    ]
    cols = [
        ctx.t("stage"),
        labels.label("n", ctx.lang),
        labels.label("mean_days", ctx.lang),
        labels.label("median_days", ctx.lang),
        labels.label("p90_days", ctx.lang),
        ctx.t("caution"),
    ]
    title = ctx.t("stage_table", **_window_words(ctx))
    blocks: list[Any] = [Table(title, cols, rows, note=ctx.t("stage_note"))]
    if summ["small_n"].any() or summ["mostly_open"].any():
        blocks.append(Note(ctx.t("small_note", n=SMALL_N)))
    return [*blocks, _trend_chart(ctx)]


def _window_words(ctx: Context) -> dict[str, str]:
    """The report window's first and last day, and the reference time, as text."""
    first, last = ctx.window
    return {
        "first": labels.short_date(first),
        "last": labels.short_date(last),
        "as_of": labels.short_date(ctx.as_of),
    }


def _small_stat(ctx: Context, value: float, n: float, small: bool) -> Cell:
    """A statistic, or "te weinig meldingen" where the metric flagged the row.

    Extern: a count below ``k`` keeps its suppression mark ("–").
    """
    if small and not (ctx.extern and n < ctx.k):
        return Cell(ctx.t("too_few"), "stat", n)
    return ctx.stat(value, n)


def _caution(ctx: Context, small: bool, mostly_open: bool) -> Cell:
    """The caution column: which of the two small-number flags the row carries."""
    words = [
        labels.label(flag, ctx.lang)
        for flag, on in (("small_n", small), ("mostly_open", mostly_open))
        if on
    ]
    return Cell("; ".join(words))


def _trend_chart(ctx: Context) -> Any:
    q = quarterly_trend(ctx.con, as_of=ctx.as_of)
    # no median or p90 over fewer than 10 reports (extern: fewer than k)
    small = q["n"] < (max(ctx.k, SMALL_N) if ctx.extern else SMALL_N)
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
    return ctx.chart(ctx.t("trend_title"), fig, ["days", "days"], time_axis="quarter")


def _km_blocks(ctx: Context) -> list[Any]:
    """Time to any decision and to intake-or-decision, open reports included.

    The episodes of the stage table (completed in the window) plus those still open
    at the reference time: ``period_mode="intersecting"`` over the same window.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summ = {
            event: time_to_decision_km(
                ctx.con,
                as_of=ctx.as_of,
                event=event,
                level="summary",
                period=ctx.window,
                period_mode="intersecting",
            ).iloc[0]
            for event in ("decision", "end")
        }
        curve = time_to_decision_km(
            ctx.con,
            as_of=ctx.as_of,
            level="curve",
            period=ctx.window,
            period_mode="intersecting",
        )
    cols = [
        ctx.t("km_event"),
        labels.label("n", ctx.lang),
        labels.label("n_open", ctx.lang),
        ctx.t("km_median"),
        ctx.t("km_ci"),
        ctx.t("naive_median"),
        ctx.t("open_over_32w"),
    ]
    rows = [_km_row(ctx, event, s) for event, s in summ.items()]
    blocks: list[Any] = [
        Table(
            ctx.t("km_table", **_window_words(ctx)),
            cols,
            rows,
            note=ctx.t("km_note", **_window_words(ctx)),
        )
    ]
    if summ["end"].mostly_open:
        blocks.append(Note(ctx.t("open_share_note", share=f"{OPEN_SHARE:.0%}")))

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

    return [*blocks, ctx.figure(ctx.t("km_title"), fig_km, (curve,), fallback)]


def _km_row(ctx: Context, event: str, s: pd.Series) -> list[Cell]:
    ci = (
        f"{s.median_lower_days:.0f}–{s.median_upper_days:.0f}"
        if pd.notna(s.median_lower_days) and pd.notna(s.median_upper_days)
        else disclosure.NOT_SHOWN
    )
    if s.small_n and not (ctx.extern and s.n < ctx.k):
        ci = ctx.t("too_few")
    elif ctx.extern and s.n < ctx.k:
        ci = disclosure.NOT_SHOWN
    return [
        Cell(ctx.t(f"km_event_{event}")),
        ctx.count(s.n),
        ctx.count(s.n_open),
        _small_stat(ctx, s.median_days, s.n, s.small_n),
        Cell(ci, "stat", s.n),
        _small_stat(ctx, s.naive_median_days, s.n_events, s.small_n),
        ctx.count(s.open_over_32w),
    ]


def _cif_blocks(ctx: Context) -> list[Any]:
    """Cumulative incidence of intake, refusal and intermediate variant.

    Over the stage table's window: the reports completed in it or open at its end.
    The median of fewer than 10 reports with an outcome reads "te weinig
    meldingen". Extern: the curves only where at least ``k`` episodes are still at risk (the
    Kaplan-Meier chart's rule; the at-risk counts are those of the time to any end,
    whose event times are the incidence's), the table's shares only over ``k`` or
    more episodes with that outcome.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summ = cumulative_incidence(
            ctx.con,
            as_of=ctx.as_of,
            level="summary",
            period=ctx.window,
            period_mode="intersecting",
        )
        curve = cumulative_incidence(
            ctx.con,
            as_of=ctx.as_of,
            level="curve",
            period=ctx.window,
            period_mode="intersecting",
        )
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
            _small_stat(ctx, r.median_days_reached, r.n_events, r.n_events < SMALL_N),
        ]
        for r in summ.itertuples()
    ]

    def fallback() -> tuple[Any, list[Any]]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            km = time_to_decision_km(
                ctx.con,
                as_of=ctx.as_of,
                event="end",
                level="curve",
                period=ctx.window,
                period_mode="intersecting",
            )
        safe_days = km.loc[km["at_risk"] >= ctx.k, "days"]
        fig = fig_cumulative_incidence(
            curve[curve["days"].isin(safe_days)], lang=ctx.lang
        )
        return fig, ["share"] * len(fig.data)

    return [
        Table(
            ctx.t("cif_table", **_window_words(ctx)),
            cols,
            rows,
            note=ctx.t("cif_note"),
        ),
        ctx.figure(ctx.t("cif_title"), fig_cumulative_incidence, (curve,), fallback),
    ]


def _percent(ctx: Context, value: float, n: float) -> Cell:
    """A cumulative incidence as a percentage, suppressed like ``ctx.stat``."""
    cell = ctx.stat(100.0 * value, n)
    if cell.text != disclosure.NOT_SHOWN:
        cell.text += "%"
    return cell


def _factor_blocks(ctx: Context) -> list[Any]:
    f = lead_time_factors(
        ctx.con, as_of=ctx.as_of, period=ctx.window, period_mode="completed"
    )
    f = f[f["factor"] == "info_loops"].reset_index(drop=True)
    ns = count_column(ctx, f, "n")
    rows = [
        [
            Cell(str(r.value)),
            ns[i],
            ctx.stat(r.mean_days, r.n),
            _small_stat(ctx, r.median_days, r.n, r.small_n),
            _small_stat(ctx, r.p90_days, r.n, r.small_n),
        ]
        for i, r in enumerate(f.itertuples())
    ]
    cols = [
        ctx.t("info_loops"),
        labels.label("n", ctx.lang),
        labels.label("mean_days", ctx.lang),
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
    title = ctx.t("factors_table", **_window_words(ctx))
    return [Table(title, cols, rows), chart]
