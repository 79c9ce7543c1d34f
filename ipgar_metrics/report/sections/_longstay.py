"""Long stays: summary figures, the Kaplan-Meier stay curve, the intern list."""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from ipgar_metrics import labels
from ipgar_metrics.figures import fig_time_in_approach, step_curve
from ipgar_metrics.metrics.casework import long_stays, time_in_approach
from ipgar_metrics.report._actions import list_status, resolved_note, status_cell
from ipgar_metrics.report._curves import MONTH_DAYS, km_steps
from ipgar_metrics.report._model import (
    Cell,
    Context,
    Section,
    Table,
    TraceKind,
    or_missing,
)

#: Days in the approach from which an open case counts as a long stay for the list.
LIST_MIN_DAYS = 730


def longstay_section(ctx: Context) -> Section:
    """Long stays: summary figures, the Kaplan-Meier stay curve, the intern list."""
    sec = Section("longstay", ctx.t("longstay"), ctx.t("longstay_intro"))
    sec.blocks.extend(or_missing(ctx, ctx.t("longstay"), lambda: _blocks(ctx)))
    sec.blocks.append(_stay_chart(ctx))
    return sec


def _stay_chart(ctx: Context) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        km = time_in_approach(ctx.con, as_of=ctx.as_of, level="km")
    full = km
    if ctx.extern:  # a month's grid, steps of k or more: no one's own time
        km = km_steps(km, ctx.k, grid=MONTH_DAYS)
    km = km.assign(years=km["days"] / 365.25)
    fig = step_curve(
        km,
        x="years",
        y="survival",
        band=("ci_lower", "ci_upper"),
        name=ctx.t("share_in"),
        x_title=ctx.t("years_since_intake"),
        y_title=ctx.t("share_in"),
    )
    kinds: list[TraceKind] = ["survival", "survival"]
    return ctx.figure(
        ctx.t("stay_chart"), fig_time_in_approach, (full,), lambda: (fig, kinds)
    )


def _blocks(ctx: Context) -> list[Any]:
    s = long_stays(ctx.con, as_of=ctx.as_of, level="summary").iloc[0]
    with_iv = s.cases - s.no_life_domain
    rows = [
        [Cell(ctx.t("ls_cases")), ctx.count(s.cases)],
        [Cell(ctx.t("ls_open")), ctx.count(s.open)],
        [Cell(ctx.t("ls_no_life_domain")), ctx.count(s.no_life_domain)],
        [
            Cell(f"{ctx.t('ls_no_life_domain')} (%)"),
            ctx.share(s.no_life_domain, s.cases),
        ],
        [
            Cell(ctx.t("ls_median_no")),
            ctx.stat(s.median_days_no_life_domain, s.no_life_domain),
        ],
        [
            Cell(ctx.t("ls_median_with")),
            ctx.stat(s.median_days_with_interventions, with_iv),
        ],
        [Cell(ctx.t("ls_no_action")), ctx.count(s.no_action)],
        [Cell(ctx.t("ls_itatr")), ctx.count(s.itatr)],
        [Cell(ctx.t("ls_static")), ctx.count(s.made_static)],
    ]
    out: list[Any] = [Table("", [ctx.t("figure"), ctx.t("value")], rows)]
    if not ctx.extern:
        out.extend(_long_list(ctx))
    return out


def _long_list(ctx: Context) -> list[Any]:
    """Intern: open cases long in the approach without life domain or action.

    Each with its status against the earlier reports; then those resolved.
    """
    cases = long_stays(ctx.con, as_of=ctx.as_of, level="case")
    pick = cases[
        cases["is_open"]
        & (cases["days_in_approach"] > LIST_MIN_DAYS)
        & (cases["no_life_domain"] | cases["no_action"])
    ]
    pick = pick.sort_values("days_in_approach", ascending=False)
    ids = list(pick["case_id"])
    status = {a.case_id: a for a in list_status(ctx, "long_stays", ids)}
    yes, no = ctx.t("yes"), ctx.t("no")
    rows = [
        [
            Cell(r.case_id, "id"),
            Cell(f"{r.days_in_approach:.0f}"),
            Cell(labels.label(r.status, ctx.lang, labels.STATUS_LABELS)),
            Cell(str(r.interventions)),
            Cell(yes if r.no_action else no),
            Cell(
                ""
                if pd.isna(r.last_action_at)
                else labels.date_words(r.last_action_at.date(), ctx.lang)
            ),
            status_cell(ctx, status[r.case_id]),
        ]
        for r in pick.itertuples()
    ]
    cols = [
        labels.label("case_id", ctx.lang),
        ctx.t("days_in_approach"),
        ctx.t("status"),
        ctx.t("interventions"),
        ctx.t("ls_no_action"),
        ctx.t("last_action"),
        ctx.t("list_status"),
    ]
    table = Table(
        ctx.t("ls_list"), cols, rows or [[Cell(ctx.t("no_rows"))] + [Cell("")] * 6]
    )
    return [table, resolved_note(ctx, "long_stays", ids)]
