"""Report sections on the intake side: summary (key figures), lead times, paths."""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from ipgar_metrics import config, disclosure, labels
from ipgar_metrics.metrics import _summary as summary
from ipgar_metrics.report import _charts as charts
from ipgar_metrics.report._model import (
    Cell,
    Context,
    Note,
    Section,
    Table,
    count_column,
    missing,
    optional,
    shift_month,
)

#: Key figures of the summary: (key, kind); kind count, stat (days) or share.
KEY_FIGURES: tuple[tuple[str, str], ...] = (
    ("inflow", "count"),
    ("outflow", "count"),
    ("stock", "count"),
    ("active", "count"),
    ("lead_median", "stat"),
    ("lead_p90", "stat"),
    ("lead_n", "count"),
    ("open", "count"),
    ("contact", "count"),
    ("own_share", "share"),
)


def key_figures(ctx: Context) -> pd.DataFrame:
    """The summary's numbers for the month, the month before and a year before.

    Returns
    -------
    One row per (figure, period): figure, period (``this``, ``prev``, ``year``),
    month (YYYY-MM), value (float; a share as a fraction), n (the count a
    statistic is based on; for a share its denominator), num (a share's numerator).
    """
    months = {
        "this": ctx.month,
        "prev": shift_month(ctx.first_day, -1).strftime("%Y-%m"),
        "year": shift_month(ctx.first_day, -12).strftime("%Y-%m"),
    }
    rows: list[dict[str, Any]] = []
    flow_fn = optional("metrics.casework", "flow")
    flows = flow_fn(ctx.con, as_of=ctx.as_of) if flow_fn else None
    iv_fn = optional("metrics.casework", "interventions")
    ivs = iv_fn(ctx.con, as_of=ctx.as_of) if iv_fn else None
    for period, month in months.items():
        sub = Context(ctx.con, month, ctx.lang, ctx.audience, ctx.k)
        values: dict[str, tuple[float | None, float | None, float | None]] = {}
        if flows is not None:
            row = flows[flows["month"] == month]
            for key, col in (
                ("inflow", "inflow"),
                ("outflow", "outflow"),
                ("stock", "stock_end"),
                ("active", "active"),
            ):
                values[key] = (_first(row, col), None, None)
        values.update(_lead_figures(sub))
        values.update(_contact_figure(sub))
        if ivs is not None:
            lo, hi = sub.window
            months_in = ivs["month"].between(lo.strftime("%Y-%m"), hi.strftime("%Y-%m"))
            own = ivs.loc[months_in, "own_org"].dropna()
            values["own_share"] = (
                float(own.mean()) if len(own) else None,
                float(len(own)),
                float(own.sum()),
            )
        for key, (value, n, num) in values.items():
            rows.append(
                {
                    "figure": key,
                    "period": period,
                    "month": month,
                    "value": value,
                    "n": n,
                    "num": num,
                }
            )
    return pd.DataFrame(
        rows, columns=["figure", "period", "month", "value", "n", "num"]
    )


def _first(frame: pd.DataFrame, col: str) -> float | None:
    return float(frame[col].iloc[0]) if len(frame) else None


def _lead_figures(
    ctx: Context,
) -> dict[str, tuple[float | None, float | None, float | None]]:
    lead = optional("metrics.leadtime", "lead_times")
    eps_fn = optional("metrics", "episodes")
    out: dict[str, tuple[float | None, float | None, float | None]] = {}
    if lead is not None:
        summ = lead(
            ctx.con,
            as_of=ctx.as_of,
            level="summary",
            period=ctx.window,
            period_mode="completed",
        )
        total = summ[summ["stage"] == "total"]
        n = _first(total, "n")
        out["lead_median"] = (_first(total, "median_days"), n, None)
        out["lead_p90"] = (_first(total, "p90_days"), n, None)
        out["lead_n"] = (n, None, None)
    if eps_fn is not None:
        eps = eps_fn(ctx.con, as_of=ctx.as_of)
        out["open"] = (float(eps["is_open"].sum()), None, None)
    return out


def _contact_figure(
    ctx: Context,
) -> dict[str, tuple[float | None, float | None, float | None]]:
    gaps_fn = optional("metrics.casework", "contact_gaps")
    if gaps_fn is None:
        return {}
    gaps = gaps_fn(ctx.con, as_of=ctx.as_of)
    active = float((gaps["status"] == "active").sum())
    return {"contact": (float(gaps["over_threshold"].sum()), active, None)}


def summary_section(ctx: Context) -> Section:
    """The one-page summary: key figures and their change."""
    sec = Section(
        "summary",
        ctx.t("summary"),
        ctx.t("summary_intro", month=_month_name(ctx)),
        page_break=True,
    )
    figures = key_figures(ctx)
    cols = [
        ctx.t("figure"),
        ctx.t("this_month"),
        ctx.t("prev_month"),
        ctx.t("change"),
        ctx.t("last_year"),
        ctx.t("change"),
    ]
    rows: list[list[Cell]] = []
    for key, kind in KEY_FIGURES:
        got = figures[figures["figure"] == key].set_index("period")
        name = ctx.t(f"kf_{key}", days=config.CONTACT_THRESHOLD_DAYS)
        if got.empty:
            rows.append(
                [Cell(name, "label")] + [Cell(ctx.t("not_available"), "missing")] * 5
            )
            continue
        cells = {
            p: _figure_cell(ctx, kind, got.loc[p]) for p in ("this", "prev", "year")
        }
        if ctx.extern and key == "active":
            _protect_active(ctx, figures, cells)
        row = [Cell(name, f"label kf-{key}"), cells["this"]]
        for p in ("prev", "year"):
            row += [cells[p], _change(ctx, kind, got.loc["this"], got.loc[p])]
        rows.append(row)
    sec.blocks.append(Table("", cols, rows, css="keyfigures"))
    sec.blocks.append(Note(ctx.t("summary_note")))
    flow_fn = optional("metrics.casework", "flow")
    if flow_fn is not None:
        flows = flow_fn(ctx.con, as_of=ctx.as_of)
        recent = flows[flows["month"] <= ctx.month].tail(36)
        sec.blocks.append(_flow_chart(ctx, recent))
    return sec


def _flow_chart(ctx: Context, recent: pd.DataFrame) -> Any:
    """Intern: the area's stock/flow chart; extern: the stock per month (>= k)."""
    safe = recent.assign(stock_end=disclosure.safe_series(recent["stock_end"], k=ctx.k))
    fig = charts.lines(
        safe,
        x="month",
        ys={"stock_end": ctx.t("kf_stock")},
        x_title=labels.label("month", ctx.lang),
        y_title=ctx.t("cases"),
        mode="lines",
    )
    fig.update_layout(height=220)
    area = ("figures", "fig_flow", (recent,))
    title = ctx.t("stock_chart" if ctx.extern else "flow_chart")
    return ctx.figure(title, area, lambda: (fig, ["count"]), height=240)


def _protect_active(
    ctx: Context, figures: pd.DataFrame, cells: dict[str, Cell]
) -> None:
    """Extern: hide "of which active" when stock minus active (paused) is below k."""
    stock = figures[figures["figure"] == "stock"].set_index("period")["value"]
    active = figures[figures["figure"] == "active"].set_index("period")["value"]
    for period, cell in cells.items():
        paused = stock.get(period, float("nan")) - active.get(period, float("nan"))
        if pd.isna(paused) or paused < ctx.k:
            cell.text = disclosure.NOT_SHOWN


def _figure_cell(ctx: Context, kind: str, row: pd.Series) -> Cell:
    if kind == "count":
        return ctx.count(row["value"])
    if kind == "stat":
        return ctx.stat(row["value"], row["n"])
    return ctx.share(row["num"], row["n"])


def _change(ctx: Context, kind: str, now: pd.Series, then: pd.Series) -> Cell:
    a, b = now["value"], then["value"]
    if a is None or b is None or pd.isna(a) or pd.isna(b):
        return Cell(disclosure.NOT_SHOWN, "delta")
    if ctx.extern and (_hidden(ctx, kind, now) or _hidden(ctx, kind, then)):
        return Cell(disclosure.NOT_SHOWN, "delta")
    if kind == "share":
        return Cell(f"{_signed(100 * (a - b))} %-pt", "delta")
    if kind == "stat":
        return Cell(_signed(a - b), "delta")
    pct = f"{_signed(100 * (a - b) / b)}%" if b else disclosure.NOT_SHOWN
    return Cell(pct if ctx.extern else f"{_signed(a - b)} ({pct})", "delta")


def _signed(value: float) -> str:
    """A whole number with its sign; a change that rounds to zero reads ``0``."""
    rounded = round(value)
    return f"{rounded:+d}" if rounded else "0"


def _hidden(ctx: Context, kind: str, row: pd.Series) -> bool:
    """Whether the external report hides this figure (so no change is shown)."""
    if row["figure"] == "active":
        return True  # shown only when the paused rest is large: no change either
    if kind == "count":
        return disclosure.is_small(row["value"], ctx.k)
    if kind == "stat":
        return disclosure.is_small(row["n"], ctx.k)
    shown = disclosure.show_share(row["num"], row["n"], k=ctx.k)
    return shown == disclosure.NOT_SHOWN


def _month_name(ctx: Context) -> str:
    from ipgar_metrics.report._texts import month_name

    return month_name(ctx.month, ctx.lang)


# --- lead times -------------------------------------------------------------------


def leadtime_section(ctx: Context) -> Section:
    """Stages, trend per quarter, Kaplan-Meier time to decision, information loops."""
    sec = Section("leadtime", ctx.t("leadtime"), ctx.t("leadtime_intro"))
    lead = optional("metrics.leadtime", "lead_times")
    if lead is None:
        sec.blocks.append(missing(ctx, ctx.t("leadtime")))
        return sec
    summ = lead(
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
    sec.blocks.append(Table("", cols, rows))
    eps = lead(ctx.con, as_of=ctx.as_of, level="episode")
    sec.blocks.append(_trend_chart(ctx, eps))
    sec.blocks.extend(_km_blocks(ctx))
    sec.blocks.extend(_factor_blocks(ctx))
    return sec


#: Quarters with a larger share of open reports are left out of the trend chart.
OPEN_SHARE_MAX = 0.10


def _trend_chart(ctx: Context, eps: pd.DataFrame) -> Any:
    frame = eps.assign(
        quarter=pd.PeriodIndex(eps["month"], freq="M").asfreq("Q").astype(str)
    )
    first = str(pd.Period(ctx.first_day, freq="Q") - 19)
    frame = frame[frame["quarter"] >= first]
    q = summary.summarise(frame, by=["quarter"])
    # Recent quarters hold only the quick reports (the slow ones are still open):
    # their median would show a false improvement, so they are left out.
    q = q[q["n_open"] <= OPEN_SHARE_MAX * (q["n"] + q["n_open"])]
    if ctx.extern:
        small = q["n"] < ctx.k
        q.loc[small, ["median_days", "p90_days"]] = float("nan")
    fig = charts.lines(
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
    km = optional("metrics.leadtime", "time_to_decision_km")
    if km is None:
        return [missing(ctx, ctx.t("km_title"))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = km(ctx.con, as_of=ctx.as_of).iloc[0]
        curve = km(ctx.con, as_of=ctx.as_of, level="curve")
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
        fig = charts.step_curve(
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
        ctx.figure(ctx.t("km_title"), ("figures", "fig_km", (curve,)), fallback),
    ]


def _factor_blocks(ctx: Context) -> list[Any]:
    factors = optional("metrics.leadtime", "lead_time_factors")
    if factors is None:
        return [missing(ctx, ctx.t("factors_title"))]
    f = factors(ctx.con, as_of=ctx.as_of)
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
        fig = charts.bars(
            safe,
            x="value",
            ys={"median_days": labels.label("median_days", ctx.lang)},
            x_title=ctx.t("info_loops"),
            y_title=labels.label("median_days", ctx.lang),
        )
        return fig, ["days"]

    chart = ctx.figure(
        ctx.t("factors_title"), ("figures", "fig_info_loops", (f,)), fallback
    )
    return [Table(ctx.t("factors_title"), cols, rows), chart]
