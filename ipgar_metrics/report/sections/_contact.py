"""Contact: days since the last contact by status, intervals by organisation, the list."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ipgar_metrics import config, labels
from ipgar_metrics.figures import bars, fig_contact_gaps
from ipgar_metrics.metrics.casework import contact_gaps, contact_intervals
from ipgar_metrics.metrics.monthly import contact_gap_buckets
from ipgar_metrics.report._actions import list_status, resolved_note, status_cell
from ipgar_metrics.report._model import (
    Cell,
    Context,
    Section,
    Table,
    count_table,
    guarded_section,
    interior_texts,
    wide,
)


def contact_section(ctx: Context) -> Section:
    """Days since the last contact by status; intervals by organisation; the list."""
    return guarded_section(ctx, "contact", _blocks)


def _blocks(ctx: Context) -> list[Any]:
    gaps = contact_gaps(ctx.con, as_of=ctx.as_of)
    counts = wide(
        contact_gap_buckets(ctx.con, as_of=ctx.as_of), "bucket", "status", "cases"
    )
    counts.columns = [
        labels.label(s, ctx.lang, labels.STATUS_LABELS) for s in counts.columns
    ]
    table, shown = count_table(ctx, counts, "", ctx.t("gap_bucket"))
    active = shown.iloc[:, [0]].reset_index(names="bucket")
    fig = bars(
        active,
        x="bucket",
        ys={active.columns[1]: labels.label("active", ctx.lang, labels.STATUS_LABELS)},
        x_title=ctx.t("gap_bucket"),
        y_title=ctx.t("cases"),
        protected=ctx.protected(interior_texts(table, shown.columns)),
    )
    out: list[Any] = [
        table,
        ctx.figure(
            ctx.t("gap_chart"), fig_contact_gaps, (gaps,), lambda: (fig, ["count"])
        ),
        _interval_table(ctx),
    ]
    if not ctx.extern:
        out.extend(_gap_list(ctx, gaps))
    return out


def _interval_table(ctx: Context) -> Table:
    iv = contact_intervals(ctx.con, as_of=ctx.as_of, level="summary")
    rows = [
        [
            Cell(labels.label(r.org, ctx.lang, labels.ORG_LABELS)),
            ctx.count(r.n),
            ctx.stat(r.median_days, r.n),
            ctx.stat(r.p90_days, r.n),
        ]
        for r in iv.itertuples()
    ]
    cols = [
        labels.label("org", ctx.lang),
        labels.label("n", ctx.lang),
        labels.label("median_days", ctx.lang),
        labels.label("p90_days", ctx.lang),
    ]
    return Table(ctx.t("intervals_title"), cols, rows)


def _gap_list(ctx: Context, gaps: pd.DataFrame) -> list[Any]:
    """Intern: the cases over the threshold, longest without contact first.

    Each with its status against the earlier reports; then those resolved.
    """
    over = gaps[gaps["over_threshold"]].sort_values(
        "days_since_contact", ascending=False
    )
    ids = list(over["case_id"])
    status = {a.case_id: a for a in list_status(ctx, "contact_gaps", ids)}
    rows = [
        [
            Cell(r.case_id, "id"),
            Cell(labels.label(r.org, ctx.lang, labels.ORG_LABELS)),
            Cell(f"{r.days_since_contact:.0f}"),
            Cell(f"{r.days_since_intervention:.0f}"),
            status_cell(ctx, status[r.case_id]),
        ]
        for r in over.itertuples()
    ]
    cols = [
        labels.label("case_id", ctx.lang),
        labels.label("org", ctx.lang),
        ctx.t("days_since_contact"),
        ctx.t("days_since_intervention"),
        ctx.t("list_status"),
    ]
    title = ctx.t("gap_list", days=config.CONTACT_THRESHOLD_DAYS)
    table = Table(title, cols, rows or [[Cell(ctx.t("no_rows"))] + [Cell("")] * 4])
    return [table, resolved_note(ctx, "contact_gaps", ids)]
