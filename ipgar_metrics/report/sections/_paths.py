"""Report section on process paths: main variants, process map, rule violations."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ipgar_metrics import labels
from ipgar_metrics.errors import IpgarError
from ipgar_metrics.figures import REPORT_MAP_HEIGHT, fig_process_map, heatmap
from ipgar_metrics.metrics.paths import directly_follows, variants
from ipgar_metrics.metrics.quality import rule_violations
from ipgar_metrics.report._actions import list_status, resolved_note, status_cell
from ipgar_metrics.report._model import (
    Cell,
    Context,
    Note,
    Section,
    ShareOf,
    Table,
    count_column,
)

#: How many variants the table lists before the merged rest.
TOP_VARIANTS = 8


def paths_section(ctx: Context) -> Section:
    """Main intake paths, the directly-follows map and the process rules."""
    sec = Section("paths", ctx.t("paths"), ctx.t("paths_intro"))
    try:
        sec.blocks.extend(_variant_blocks(ctx))
        sec.blocks.extend(_map_blocks(ctx))
        sec.blocks.extend(_rule_blocks(ctx))
    except IpgarError as exc:  # e.g. a generic store: the iPGA-R rules do not apply
        sec.blocks.append(Note(str(exc), "warning"))
    return sec


def _variant_blocks(ctx: Context) -> list[Any]:
    v = variants(ctx.con, phase="intake", as_of=ctx.as_of, min_count=ctx.k)
    top = v[~v["is_other"]].head(TOP_VARIANTS)
    rest = v[~v.index.isin(top.index)]
    if len(rest):
        merged = {
            "rank": None,
            "variant": ctx.t("other_variants"),
            "activities": None,
            "count": int(rest["count"].sum()),
            "median_days": float("nan"),
            "is_other": True,
        }
        top = pd.concat([top, pd.DataFrame([merged])], ignore_index=True)
    total = float(v["count"].sum())
    counts = count_column(ctx, top, "count")
    rows = []
    for i, r in enumerate(top.itertuples()):
        path = (
            ctx.t("other_variants")
            if r.is_other
            else " → ".join(labels.step_label(a, ctx.lang) for a in r.activities)
        )
        rank = "" if r.is_other else str(int(r.rank))
        share = disclosure_share(ctx, counts[i], r.count, total)
        rows.append(
            [
                Cell(rank),
                Cell(path, "path"),
                counts[i],
                share,
                ctx.stat(r.median_days, r.count),
            ]
        )
    cols = [
        ctx.t("rank"),
        ctx.t("variant"),
        labels.label("n", ctx.lang),
        labels.label("share", ctx.lang),
        labels.label("median_days", ctx.lang),
    ]
    every = [(i, 2) for i in range(len(rows))]  # the rows hold every episode
    shares = [ShareOf((i, 3), (i, 2), every) for i in range(len(rows))]
    return [Table("", cols, rows, css="variants", relations=shares)]


def disclosure_share(ctx: Context, shown: Cell, count: float, total: float) -> Cell:
    """A row's share of the total, hidden when its count is hidden."""
    if ctx.extern and not shown.text.isdigit():
        return Cell("–", "stat", total, share=True)
    return ctx.share(count, total)


def _map_blocks(ctx: Context) -> list[Any]:
    edges = directly_follows(ctx.con, phase="intake", as_of=ctx.as_of)

    def fallback() -> tuple[Any, list[Any]]:
        nodes = set(edges["source"]) | set(edges["target"])
        steps = [a for a in labels.ACTIVITY_LABELS if a in nodes]
        grid = edges.pivot_table(
            index="source", columns="target", values="count", aggfunc="sum"
        )
        grid = grid.reindex(index=["[start]", *steps], columns=[*steps, "[end]"])
        if ctx.extern:
            grid = grid.where(grid >= ctx.k)
        grid = grid.dropna(how="all").dropna(axis=1, how="all")
        grid.index = [labels.step_label(c, ctx.lang) for c in grid.index]
        grid.columns = [labels.step_label(c, ctx.lang) for c in grid.columns]
        fig = heatmap(
            grid, x_title=ctx.t("to"), y_title=ctx.t("from"), protected=ctx.protected()
        )
        return fig, ["count"]

    return [
        ctx.figure(
            ctx.t("map_title"),
            fig_process_map,
            (edges,),
            fallback,
            height=REPORT_MAP_HEIGHT,
        )
    ]


def _rule_blocks(ctx: Context) -> list[Any]:
    out: list[Any] = []
    summ = rule_violations(ctx.con, as_of=ctx.as_of, level="summary")
    rows = [[Cell(r.description), ctx.count(r.n_violating)] for r in summ.itertuples()]
    out.append(Table(ctx.t("rules_title"), [ctx.t("rule"), ctx.t("violations")], rows))
    if not ctx.extern:
        eps = rule_violations(ctx.con, as_of=ctx.as_of, level="episode")
        eps = eps.sort_values("at", ascending=False).head(50)
        ids = list(eps["case_id"])
        status = {a.case_id: a for a in list_status(ctx, "rule_violations", ids)}
        rows = [
            [
                Cell(r.case_id, "id"),
                Cell(str(r.episode)),
                Cell(labels.date_words(r.at.date(), ctx.lang)),
                Cell(r.description),
                status_cell(ctx, status[r.case_id]),
            ]
            for r in eps.itertuples()
        ]
        cols = [
            labels.label("case_id", ctx.lang),
            labels.label("episode", ctx.lang),
            ctx.t("at"),
            ctx.t("rule"),
            ctx.t("list_status"),
        ]
        out.append(
            Table(
                ctx.t("rules_list"),
                cols,
                rows or [[Cell(ctx.t("no_rows"))] + [Cell("")] * 4],
            )
        )
        out.append(resolved_note(ctx, "rule_violations", ids))
    return out
