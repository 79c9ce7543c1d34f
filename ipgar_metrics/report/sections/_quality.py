"""Data quality: rejected rows by reason, one table per kind of export, and checks.

The event export's rejects, and (on a store with relations enabled, or with their
rejects) those of the relations and key-locations exports in tables of their own:
their rows are different things and are never added up.

Checks and reasons are named in words (``labels.quality_name``) with a one-line
explanation (``labels.quality_description``); the intern examples say file and row
in words (``labels.quality_examples``), with masked shapes, never a raw value.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ipgar_metrics import labels, store
from ipgar_metrics.metrics.monthly import REJECT_KINDS, rejects
from ipgar_metrics.metrics.quality import quality_report
from ipgar_metrics.report._model import (
    Cell,
    Context,
    Section,
    Table,
    count_column,
    or_missing,
)


def quality_section(ctx: Context) -> Section:
    """Rejected rows by reason, and the loader's quality checks."""
    sec = Section("quality", ctx.t("quality"), ctx.t("quality_intro"))
    by_kind = rejects(ctx.con)
    network = store.relations_enabled(ctx.con)
    for kind in REJECT_KINDS:
        frame = by_kind[by_kind["kind"] == kind].reset_index(drop=True)
        if kind != "events" and frame.empty and not network:
            continue  # no relations in this store: no empty tables about them
        sec.blocks.append(_rejects_table(ctx, kind, frame))
    sec.blocks.extend(or_missing(ctx, ctx.t("checks_title"), lambda: _checks(ctx)))
    return sec


def _rejects_table(ctx: Context, kind: str, frame: pd.DataFrame) -> Table:
    """One kind's rejected rows by reason (``None`` rows: the words "none")."""
    ns = count_column(ctx, frame, "rows")
    rows = [
        [Cell(labels.quality_name(r.reason_code, ctx.lang), "label"), ns[i]]
        for i, r in enumerate(frame.itertuples())
    ]
    return Table(
        ctx.t(f"rejects_title_{kind}"),
        [ctx.t("reason"), ctx.t("rows")],
        rows or [[Cell(ctx.t("no_rows")), Cell("")]],
    )


def _checks(ctx: Context) -> list[Any]:
    checks = quality_report(ctx.con)
    cols = [ctx.t("check"), ctx.t("severity"), ctx.t("rows"), ctx.t("description")]
    if not ctx.extern:
        cols.append(ctx.t("examples"))
    rows = []
    for r in checks.itertuples():
        row = [
            Cell(labels.quality_name(r.check, ctx.lang), "label"),
            Cell(labels.label(r.severity, ctx.lang, labels.SEVERITY_LABELS)),
            ctx.count(r.count),
            Cell(labels.quality_description(r.check, r.description, ctx.lang)),
        ]
        if not ctx.extern:
            row.append(Cell(labels.quality_examples(str(r.examples or ""), ctx.lang)))
        rows.append(row)
    return [Table(ctx.t("checks_title"), cols, rows, css="checks")]
