"""Case management: caseload at the month end, the trend, changes, regularity."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ipgar_metrics import disclosure, labels
from ipgar_metrics.figures import fig_caseload, lines
from ipgar_metrics.metrics.casework import (
    caseload,
    contact_regularity,
    manager_changes,
)
from ipgar_metrics.report._model import (
    Cell,
    Context,
    Note,
    Section,
    Table,
    count_column,
    guarded_section,
    sum_relation,
)


def casemgmt_section(ctx: Context) -> Section:
    """Caseload at the month end, the trend, changes of case manager, regularity."""
    return guarded_section(ctx, "casemgmt", _blocks)


def _blocks(ctx: Context) -> list[Any]:
    cl = caseload(ctx.con, as_of=ctx.as_of)
    out: list[Any] = _month_end(ctx, cl)
    trend = (
        cl[cl["month"] <= ctx.month]
        .tail(60)
        .assign(with_case=lambda f: f["managers"] - f["managers_0"])
    )
    if ctx.extern:
        for col in ("cases", "with_case"):
            trend[col] = disclosure.safe_series(trend[col], k=ctx.k)
    fig = lines(
        trend,
        x="month",
        ys={"cases": ctx.t("stock"), "with_case": ctx.t("managers_with_case")},
        x_title=labels.label("month", ctx.lang),
        y_title=labels.label("count", ctx.lang),
        mode="lines",
    )
    out.append(
        ctx.chart(ctx.t("caseload_chart"), fig, ["count", "count"], time_axis="month")
    )
    if not ctx.extern:
        recent = cl[cl["month"] <= ctx.month].tail(36)
        out.append(
            ctx.figure(
                ctx.t("caseload_dist_chart"),
                fig_caseload,
                (recent,),
                lambda: (fig, ["count", "count"]),
                time_axis="month",
            )
        )
    out.append(_changes_table(ctx))
    out.append(_regularity_table(ctx))
    return out


def _month_end(ctx: Context, cl: pd.DataFrame) -> list[Any]:
    """Case managers by number of cases at the month end, and cases without one."""
    now = cl[cl["month"] == ctx.month]
    if not len(now):
        return []
    r = now.iloc[0]
    dist = pd.DataFrame(
        {
            "bucket": [ctx.t("managers_0"), "1", "2", "3+"],
            "n": [r.managers_0, r.managers_1, r.managers_2, r.managers_3plus],
        }
    )
    ns = count_column(ctx, dist, "n")
    rows = [[Cell(b), ns[i]] for i, b in enumerate(dist["bucket"])]
    rows.append([Cell(ctx.t("stage_total"), "label"), ctx.count(r.managers)])
    return [
        Table(
            "",
            [ctx.t("caseload_bucket"), ctx.t("managers")],
            rows,
            relations=[sum_relation(rows, 1)],  # the total row is every manager
        ),
        Note(ctx.t("without_manager", n=ctx.count(r.cases_without_manager).text)),
    ]


def _changes_table(ctx: Context) -> Table:
    ch = manager_changes(ctx.con, as_of=ctx.as_of, level="year").tail(6)
    rows = [
        [
            Cell(str(r.year)),
            ctx.count(r.changes),
            ctx.count(r.cases),
            ctx.stat(r.changes_per_case_year, r.cases, 2),
        ]
        for r in ch.itertuples()
    ]
    cols = [
        ctx.t("year"),
        ctx.t("changes"),
        ctx.t("cases"),
        ctx.t("changes_per_case_year"),
    ]
    return Table(ctx.t("changes_title"), cols, rows)


def _regularity_table(ctx: Context) -> Table:
    g = contact_regularity(ctx.con, as_of=ctx.as_of, level="summary")
    rows = [
        [
            Cell(labels.label(r.org, ctx.lang, labels.ORG_LABELS)),
            ctx.count(r.n),
            ctx.stat(r.median_contacts_per_month, r.n, 1),
        ]
        for r in g.itertuples()
    ]
    cols = [
        labels.label("org", ctx.lang),
        ctx.t("cases"),
        ctx.t("median_per_month"),
    ]
    return Table(ctx.t("regularity_title"), cols, rows)
