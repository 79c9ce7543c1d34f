"""What the PTO-R owns: static cases, ITAT-R to PTO-R time, re-reports, exit reasons.

Intern: the key figures with their statistics, the per-month ITAT-R → PTO-R table,
re-reports by exit reason with shares, and the action list of static cases without
review. Extern: counts only, through ``Context.count`` (the exit reasons as a
protected two-way table); no per-month table, whose counts beside the year's total
would give away a suppressed month.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ipgar_metrics import config, labels
from ipgar_metrics.metrics.ptor import (
    exit_reasons,
    itatr_decision_times,
    rereports,
    static_cases,
)
from ipgar_metrics.report._actions import list_status, resolved_note, status_cell
from ipgar_metrics.report._model import (
    Cell,
    Context,
    Section,
    Table,
    count_table,
    guarded_section,
    wide,
)

#: Name of the action list in the store's ``report_lists`` and the actions file.
LIST = "static_without_review"
#: Years of exit reasons shown (the report year and the ones before it).
EXIT_YEARS = 5


def owned_section(ctx: Context) -> Section:
    """Static cases, ITAT-R → PTO-R time, re-reports, exit reasons, the intern list."""
    return guarded_section(ctx, "owned", _blocks)


def _blocks(ctx: Context) -> list[Any]:
    static = static_cases(ctx.con, as_of=ctx.as_of)
    esc = itatr_decision_times(ctx.con, as_of=ctx.as_of)
    out: list[Any] = [_key_figures(ctx, esc)]
    if not ctx.extern:  # a count per month beside the year's total would difference
        out.append(_escalation_months(ctx))
    out.append(_rereport_table(ctx))
    out.append(_exit_table(ctx))
    if not ctx.extern:
        out.extend(_static_list(ctx, static))
    return out


def _key_figures(ctx: Context, esc: pd.DataFrame) -> Table:
    months = config.STATIC_REVIEW_MONTHS
    st = static_cases(ctx.con, as_of=ctx.as_of, level="summary").iloc[0]
    # escalations decided in the report's 12 months
    dec = itatr_decision_times(
        ctx.con, as_of=ctx.as_of, level="summary", period=ctx.window
    ).iloc[0]
    rows: list[list[Cell]] = [
        [Cell(ctx.t("ow_static")), ctx.count(st["static"])],
        [
            Cell(ctx.t("ow_without_review", months=months)),
            ctx.count(st["without_review"]),
        ],
        [Cell(ctx.t("ow_decided")), ctx.count(dec["n"])],
        [Cell(ctx.t("ow_waiting")), ctx.count(int(esc["is_open"].sum()))],
    ]
    if not ctx.extern:
        rows[1:1] = [
            [Cell(ctx.t("ow_since_decision")), ctx.stat(st["median_days"], st["n"])]
        ]
        rows[4:4] = [
            [
                Cell(ctx.t("ow_decision_median")),
                ctx.stat(dec["median_days"], dec["n"]),
            ],
            [Cell(ctx.t("ow_decision_p90")), ctx.stat(dec["p90_days"], dec["n"])],
        ]
    return Table(ctx.t("ow_figures"), [ctx.t("figure"), ctx.t("value")], rows)


def _escalation_months(ctx: Context) -> Table:
    per = itatr_decision_times(ctx.con, as_of=ctx.as_of, level="month")
    first, _last = ctx.window
    per = per.loc[per["month"] >= f"{first:%Y-%m}"]
    rows = [
        [
            Cell(labels.month_name(r.month, ctx.lang)),
            ctx.count(r.n),
            ctx.stat(r.median_days, r.n),
            ctx.stat(r.p90_days, r.n),
        ]
        for r in per.itertuples()
    ]
    cols = [
        labels.label("month", ctx.lang),
        labels.label("n", ctx.lang),
        labels.label("median_days", ctx.lang),
        labels.label("p90_days", ctx.lang),
    ]
    empty = [[Cell(ctx.t("no_rows"))] + [Cell("")] * (len(cols) - 1)]
    return Table(ctx.t("ow_months"), cols, rows or empty, note=ctx.t("ow_months_note"))


def _rereport_table(ctx: Context) -> Table:
    exits = rereports(ctx.con, as_of=ctx.as_of, level="summary")
    variant = rereports(ctx.con, as_of=ctx.as_of, after="intermediate", level="summary")
    groups = [
        (labels.label(reason, ctx.lang, labels.OUTCOME_LABELS), grp)
        for reason, grp in exits.groupby("exit_reason", sort=True)
    ]
    groups.append((ctx.t("ow_intermediate"), variant))
    rows = []
    for name, grp in groups:
        row = [Cell(name)]
        for r in grp.sort_values("horizon_months").itertuples():
            row += [ctx.count(r.complete), ctx.count(r.rereported)]
            if not ctx.extern:
                row.append(ctx.share(r.rereported, r.complete))
        rows.append(row)
    cols = [ctx.t("ow_after")]
    for h in (12, 24):
        cols += [ctx.t("ow_followed", months=h), ctx.t("ow_rereported", months=h)]
        if not ctx.extern:
            cols.append(ctx.t("ow_share", months=h))
    return Table(ctx.t("ow_rereports"), cols, rows, note=ctx.t("ow_rereports_note"))


def _exit_table(ctx: Context) -> Table:
    ex = exit_reasons(ctx.con, as_of=ctx.as_of)
    year = ctx.first_day.year
    ex = ex.loc[ex["year"].between(year - EXIT_YEARS + 1, year)]
    if ex.empty:
        return Table(
            ctx.t("ow_exits"), [ctx.t("ow_reason")], [[Cell(ctx.t("no_rows"))]]
        )
    ex = ex.assign(
        reason=[
            labels.label(r, ctx.lang, labels.OUTCOME_LABELS) for r in ex["exit_reason"]
        ],
        year=ex["year"].astype(str),
    )
    table, _shown = count_table(
        ctx, wide(ex, "reason", "year", "n"), ctx.t("ow_exits"), ctx.t("ow_reason")
    )
    table.note = ctx.t("ow_exits_note", year=year)
    return table


def _static_list(ctx: Context, static: pd.DataFrame) -> list[Any]:
    """Intern: static cases without review, longest without review first."""
    pick = static.loc[static["without_review"]]
    ids = list(pick["case_id"])
    status = {a.case_id: a for a in list_status(ctx, LIST, ids)}
    rows = [
        [
            Cell(r.case_id, "id"),
            Cell(labels.short_date(r.static_since.date())),
            Cell(
                "" if pd.isna(r.days_since_decision) else f"{r.days_since_decision:.0f}"
            ),
            Cell(str(r.reviews)),
            Cell(f"{r.days_since_review:.0f}"),
            status_cell(ctx, status[r.case_id]),
        ]
        for r in pick.itertuples()
    ]
    cols = [
        labels.label("case_id", ctx.lang),
        ctx.t("ow_static_since"),
        ctx.t("ow_days_since_decision"),
        ctx.t("ow_reviews"),
        ctx.t("ow_days_since_review"),
        ctx.t("list_status"),
    ]
    title = ctx.t("ow_list", months=config.STATIC_REVIEW_MONTHS)
    table = Table(title, cols, rows or [[Cell(ctx.t("no_rows"))] + [Cell("")] * 5])
    return [table, resolved_note(ctx, LIST, ids)]
