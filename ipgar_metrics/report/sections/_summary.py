"""The summary: the key figures of the month with their change, and the stock chart."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ipgar_metrics import config, disclosure, labels
from ipgar_metrics.figures import fig_flow, lines
from ipgar_metrics.metrics.casework import flow
from ipgar_metrics.metrics.leadtime import SMALL_N
from ipgar_metrics.metrics.monthly import key_figures
from ipgar_metrics.report._model import Cell, Context, Note, Section, Table

#: Key figures of the summary: (key, kind); kind count, stat (days) or share.
KEY_FIGURES: tuple[tuple[str, str], ...] = (
    ("inflow", "count"),
    ("outflow", "count"),
    ("stock", "count"),
    ("active", "count"),
    ("lead_mean", "stat"),
    ("lead_median", "stat"),
    ("lead_p90", "stat"),
    ("lead_n", "count"),
    ("open", "count"),
    ("awaiting_intake", "count"),
    ("contact", "count"),
    ("own_share", "share"),
)


def summary_section(ctx: Context) -> Section:
    """The one-page summary: key figures and their change."""
    sec = Section(
        "summary",
        ctx.t("summary"),
        ctx.t("summary_intro", month=labels.month_name(ctx.month, ctx.lang)),
        page_break=True,
    )
    figures = key_figures(ctx.con, as_of=ctx.as_of, month=ctx.month)
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
        cells = {
            p: _figure_cell(ctx, kind, got.loc[p]) for p in ("this", "prev", "year")
        }
        if kind == "count":  # the same figure of a month in every report
            for p, cell in cells.items():
                cell.ref = f"summary.{key}@{got.loc[p]['month']}"
        if ctx.extern and key == "active":
            _protect_active(ctx, figures, cells)
        row = [Cell(name, f"label kf-{key}"), cells["this"]]
        for p in ("prev", "year"):
            row += [cells[p], _change(ctx, kind, got.loc["this"], got.loc[p])]
        rows.append(row)
    sec.blocks.append(Table("", cols, rows, css="keyfigures"))
    sec.blocks.append(Note(ctx.t("summary_note")))
    flows = flow(ctx.con, as_of=ctx.as_of)
    recent = flows[flows["month"] <= ctx.month].tail(36)
    sec.blocks.append(_flow_chart(ctx, recent))
    return sec


def _flow_chart(ctx: Context, recent: pd.DataFrame) -> Any:
    """Intern: the area's stock/flow chart; extern: the stock per month (>= k)."""
    safe = recent.assign(stock_end=disclosure.safe_series(recent["stock_end"], k=ctx.k))
    fig = lines(
        safe,
        x="month",
        ys={"stock_end": ctx.t("kf_stock")},
        x_title=labels.label("month", ctx.lang),
        y_title=ctx.t("cases"),
        mode="lines",
    )
    fig.update_layout(height=210)
    title = ctx.t("stock_chart" if ctx.extern else "flow_chart")
    return ctx.figure(
        title,
        fig_flow,
        (recent,),
        lambda: (fig, ["count"]),
        height=228,
        time_axis="month",
    )


def _protect_active(
    ctx: Context, figures: pd.DataFrame, cells: dict[str, Cell]
) -> None:
    """Extern: hide "of which active" when stock minus active (paused) is below k."""
    stock = figures[figures["figure"] == "stock"].set_index("period")["value"]
    active = figures[figures["figure"] == "active"].set_index("period")["value"]
    for period, cell in cells.items():
        paused = stock.get(period, float("nan")) - active.get(period, float("nan"))
        if pd.isna(paused) or paused < ctx.k:
            cell.text, cell.value = disclosure.NOT_SHOWN, None


def _figure_cell(ctx: Context, kind: str, row: pd.Series) -> Cell:
    if kind == "count":
        return ctx.count(row["value"])
    if kind == "stat":
        cell = ctx.stat(row["value"], row["n"])
        if not ctx.extern and cell.text == disclosure.NOT_SHOWN and _too_few(row):
            cell.text = ctx.t("too_few")
        return cell
    return ctx.share(row["num"], row["n"])


def _too_few(row: pd.Series) -> bool:
    """A statistic left out because it rests on fewer than 10 decided reports."""
    value, n = row["value"], row["n"]
    missing = value is None or pd.isna(value)
    return bool(missing and (n is None or pd.isna(n) or n < SMALL_N))


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
