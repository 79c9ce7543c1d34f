"""The summary: the key figures of the month with their change, and the stock chart.

Read in one minute: the lead time is the plan of approach's (report to intake, in
weeks: mean, median, p90 and range); a change of a count below ``k`` is a
difference ("+3"), a percentage only when both counts are ``k`` or more; the stock
and the flows (a few a month) are drawn on axes of their own.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ipgar_metrics import config, disclosure, labels
from ipgar_metrics.figures import fig_flow, lines
from ipgar_metrics.metrics.casework import flow
from ipgar_metrics.metrics.leadtime import SMALL_N
from ipgar_metrics.metrics.monthly import key_figures
from ipgar_metrics.report._model import Cell, Context, Note, Section, Table

#: Key figures of the summary: (key, kind); kind count, stat (weeks, one decimal),
#: range (the intake lead time's min–max) or share.
KEY_FIGURES: tuple[tuple[str, str], ...] = (
    ("inflow", "count"),
    ("outflow", "count"),
    ("stock", "count"),
    ("active", "count"),
    ("intake_mean", "stat"),
    ("intake_median", "stat"),
    ("intake_p90", "stat"),
    ("intake_range", "range"),
    ("intake_n", "count"),
    ("open", "count"),
    ("awaiting_intake", "count"),
    ("contact", "count"),
    ("own_share", "share"),
)
#: A range of the summary -> the figures of ``key_figures`` of its two ends, which
#: the register of published reports records each (kind ``range``).
RANGE_ENDS: dict[str, tuple[str, str]] = {"intake_range": ("intake_min", "intake_max")}


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
        name = ctx.t(f"kf_{key}", days=config.CONTACT_THRESHOLD_DAYS)
        if kind == "range":
            rows.append(_range_row(ctx, key, name, figures))
            continue
        got = figures[figures["figure"] == key].set_index("period")
        cells = {
            p: _figure_cell(ctx, kind, got.loc[p]) for p in ("this", "prev", "year")
        }
        if kind == "count":  # the same figure of a month in every report
            for p, cell in cells.items():
                cell.ref = f"summary.{key}@{got.loc[p]['month']}"
        if ctx.extern and key == "active":
            _protect_active(ctx, figures, cells)
        ctx.key_cells[key] = (kind, cells["this"])
        row = [Cell(name, f"label kf-{key}"), cells["this"]]
        for p in ("prev", "year"):
            row += [cells[p], _change(ctx, kind, got.loc["this"], got.loc[p])]
        rows.append(row)
    sec.blocks.append(Table("", cols, rows, css="keyfigures"))
    note = ctx.t("summary_note_intake")
    if not ctx.extern:  # extern hides a count below k, and its change with it
        note += " " + ctx.t("change_small_note", k=ctx.k)
    sec.blocks.append(Note(note))
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
        protected=ctx.protected(),
    )
    fig.update_layout(height=210)
    title = ctx.t("stock_chart" if ctx.extern else "flow_chart_panels")
    return ctx.figure(
        title,
        fig_flow,
        (recent,),
        lambda: (fig, ["count"]),
        height=225,
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


def _range_row(ctx: Context, key: str, name: str, figures: pd.DataFrame) -> list[Cell]:
    """The intake lead time's range (shortest–longest, weeks); no change column."""
    cells = {}
    for p in ("this", "prev", "year"):
        lo, hi = _range_ends(ctx, key, figures, p)
        if p == "this":
            for figure, end in zip(RANGE_ENDS[key], (lo, hi), strict=True):
                ctx.key_cells[figure] = ("range", end)
        shown = lo.text != disclosure.NOT_SHOWN
        text = f"{lo.text}–{hi.text}" if shown else disclosure.NOT_SHOWN
        cells[p] = Cell(text, "range", lo.n)
    empty = Cell("", "delta")
    return [
        Cell(name, f"label kf-{key}"),
        cells["this"],
        cells["prev"],
        empty,
        cells["year"],
        empty,
    ]


def _range_ends(
    ctx: Context, key: str, figures: pd.DataFrame, period: str
) -> tuple[Cell, Cell]:
    """The shortest and longest of range ``key`` in ``period`` as stat cells.

    Both are not shown (text ``–``, value None) when either is.
    """
    ends = []
    for figure in RANGE_ENDS[key]:
        got = figures[figures["figure"] == figure].set_index("period")
        ends.append(
            ctx.stat(got.loc[period, "value"], got.loc[period, "n"], WEEK_DIGITS)
        )
    lo, hi = ends
    if disclosure.NOT_SHOWN in (lo.text, hi.text):
        for cell in ends:
            cell.text, cell.value = disclosure.NOT_SHOWN, None
    return lo, hi


#: Decimals of a lead time in weeks.
WEEK_DIGITS = 1


def _figure_cell(ctx: Context, kind: str, row: pd.Series) -> Cell:
    if kind == "count":
        return ctx.count(row["value"])
    if kind == "stat":
        cell = ctx.stat(row["value"], row["n"], WEEK_DIGITS)
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
        return Cell(_signed(a - b, WEEK_DIGITS, ctx.lang), "delta")
    diff = _signed(a - b)
    if min(a, b) < ctx.k or not b:  # "+300%" of 1 -> 4 is no alarm: the difference
        return Cell(diff, "delta")
    pct = f"{_signed(100 * (a - b) / b)}%"
    return Cell(pct if ctx.extern else f"{diff} ({pct})", "delta")


def _signed(value: float, digits: int = 0, lang: str = "nl") -> str:
    """A number with its sign and ``digits`` decimals; ``0`` when it rounds to zero.

    Dutch uses a decimal comma.
    """
    rounded = round(value, digits)
    if not rounded:
        return "0"
    text = f"{rounded:+.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


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


def month_cells(ctx: Context) -> dict[str, tuple[str, Cell]]:
    """The key figures of ``ctx.month`` as the summary's first column shows them.

    Figure -> (kind, cell): the same cells as ``summary_section`` (suppressed for
    the external audience), for the register of published reports and the revision
    note of a later report (``report._revisions``). A range is given as its two
    ends (``RANGE_ENDS``: ``intake_min``, ``intake_max``, kind ``range``), both not
    shown when the summary does not show the range.
    """
    figures = key_figures(ctx.con, as_of=ctx.as_of, month=ctx.month)
    this = figures[figures["period"] == "this"].set_index("figure")
    out: dict[str, tuple[str, Cell]] = {}
    for key, kind in KEY_FIGURES:
        if kind == "range":
            ends = _range_ends(ctx, key, figures, "this")
            out.update(
                {f: (kind, c) for f, c in zip(RANGE_ENDS[key], ends, strict=True)}
            )
        elif key in this.index:
            out[key] = (kind, _figure_cell(ctx, kind, this.loc[key]))
    if ctx.extern and "active" in out:
        _protect_active(ctx, figures, {"this": out["active"][1]})
    return out
