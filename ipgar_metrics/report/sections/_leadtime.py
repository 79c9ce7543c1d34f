"""Lead times: stages, the quarterly trend, time to decision, information loops."""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from ipgar_metrics import disclosure, labels
from ipgar_metrics.figures import (
    Protected,
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
    UNKNOWN_ORG,
    cumulative_incidence,
    info_wait_by_org,
    lead_time_factors,
    lead_times,
    time_to_decision_km,
)
from ipgar_metrics.metrics.monthly import quarterly_trend
from ipgar_metrics.report._curves import cif_steps, km_steps
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
    if ctx.audience != "openbaar":  # the public release has no table per partner
        sec.blocks.extend(
            or_missing(ctx, ctx.t("org_wait_title"), lambda: _org_wait_blocks(ctx))
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
        "first": labels.date_words(first, ctx.lang),
        "last": labels.date_words(last, ctx.lang),
        "as_of": labels.date_words(ctx.as_of, ctx.lang),
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
    words = [ctx.t("caution_small", n=SMALL_N)] if small else []
    if mostly_open:
        words.append(labels.label("mostly_open", ctx.lang))
    return Cell("; ".join(words))


#: The plan of approach's lead time report -> intake: "gemiddeld 8 weken".
PLAN_WEEKS = 8


def _trend_chart(ctx: Context) -> Any:
    """Mean, median and p90 per quarter in weeks, with the plan's 8-week line."""
    q = quarterly_trend(ctx.con, as_of=ctx.as_of)
    # no median or p90 over fewer than 10 reports (extern: no statistic below k)
    small = q["n"] < (max(ctx.k, SMALL_N) if ctx.extern else SMALL_N)
    q.loc[small, ["median_days", "p90_days"]] = float("nan")
    if ctx.extern:
        q.loc[q["n"] < ctx.k, "mean_days"] = float("nan")
    stats = ("mean", "median", "p90")
    weeks = q.assign(**{f"{s}_weeks": q[f"{s}_days"] / 7 for s in stats})
    fig = lines(
        weeks,
        x="quarter",
        ys={f"{s}_weeks": labels.column_label(f"{s}_weeks", ctx.lang) for s in stats},
        x_title=ctx.t("quarter"),
        y_title=labels.label("weeks", ctx.lang),
        protected=_stat_mark(ctx, weeks["p90_weeks"]) if ctx.extern else None,
    )
    fig.add_hline(
        y=PLAN_WEEKS,
        line_dash="dot",
        line_color="#555",
        annotation_text=ctx.t("plan_weeks", weeks=PLAN_WEEKS),
        annotation_position="top left",
    )
    fig.update_yaxes(rangemode="tozero")
    # twenty quarters: slanted labels, the axis title and the legend below them
    fig.update_xaxes(tickangle=-45, automargin=True, title_standoff=8)
    fig.update_layout(height=340, legend={"y": -0.42})
    return ctx.chart(
        ctx.t("trend_title_weeks"), fig, ["days", "days", "days"], time_axis="quarter"
    )


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
        safe = km_steps(curve, ctx.k, events="observed") if ctx.extern else curve
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
    whose event times are the incidence's), on a weekly grid in steps of ``k`` or more
    events of the outcome (``_curves.cif_steps``), the table's shares only over ``k``
    or more episodes with that outcome.
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
        fig = fig_cumulative_incidence(cif_steps(curve, km, ctx.k), lang=ctx.lang)
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


def _stat_mark(ctx: Context, shown: pd.Series) -> Protected:
    """A median not shown (fewer than ``k`` reports): a low hatched bar, ``n<k``.

    On a line (the quarterly trend) an open square at half that height.
    """
    top = shown.max()
    return Protected(
        ctx.t("protected_stat", k=ctx.k),
        float(top) / 5 if pd.notna(top) and top > 0 else 1.0,
        ctx.t("protected_mark", k=ctx.k),
        on_scale=False,
    )


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
            protected=_stat_mark(ctx, safe["median_days"]),
        )
        return fig, ["days"]

    chart = ctx.figure(ctx.t("factors_title"), fig_info_loops, (f,), fallback)
    title = ctx.t("factors_table", **_window_words(ctx))
    return [Table(title, cols, rows), chart]


def _org_wait_blocks(ctx: Context) -> list[Any]:
    """The wait for requested information per partner organisation (step 1a).

    The requests made in the report window, as of the reference time. Counts go
    through the audience's protection as a one-way table (``count_column``); a
    statistic over fewer than ``k`` answered requests is not shown to a protected
    audience, and one over fewer than 10 reads "te weinig meldingen".
    """
    f = info_wait_by_org(ctx.con, as_of=ctx.as_of, period=ctx.window)
    if f.empty:
        return []
    requests = count_column(ctx, f, "requests")
    answered = count_column(ctx, f, "answered")
    still_open = count_column(ctx, f, "open")
    rows = [
        [
            Cell(
                ctx.t("org_unknown")
                if r.org == UNKNOWN_ORG
                else labels.label(r.org, ctx.lang, labels.ORG_LABELS)
            ),
            requests[i],
            answered[i],
            still_open[i],
            ctx.stat(r.mean_days, r.answered),
            _small_stat(ctx, r.median_days, r.answered, r.small_n),
            _small_stat(ctx, r.p90_days, r.answered, r.small_n),
            Cell(
                "; ".join(
                    [ctx.t("org_wait_small", n=SMALL_N)] * bool(r.small_n)
                    + [labels.label("mostly_open", ctx.lang)] * bool(r.mostly_open)
                )
            ),
        ]
        for i, r in enumerate(f.itertuples())
    ]
    cols = [
        labels.label("org", ctx.lang),
        labels.label("requests", ctx.lang),
        labels.label("answered", ctx.lang),
        labels.label("n_open", ctx.lang),
        labels.label("mean_days", ctx.lang),
        labels.label("median_days", ctx.lang),
        labels.label("p90_days", ctx.lang),
        ctx.t("caution"),
    ]
    title = ctx.t("org_wait_table", **_window_words(ctx))
    return [Table(title, cols, rows, note=ctx.t("org_wait_note"))]
