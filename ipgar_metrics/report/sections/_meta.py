"""Report sections about the data: quality of the export, and the colophon."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from ipgar_metrics import __version__, config, labels, store
from ipgar_metrics.report._model import (
    Cell,
    Context,
    Note,
    Section,
    Table,
    count_column,
    optional,
)


def quality_section(ctx: Context) -> Section:
    """Rejected rows by reason, and the loader's quality checks."""
    sec = Section("quality", ctx.t("quality"), ctx.t("quality_intro"))
    rejects = store.sql_frame(ctx.con, "report/rejects_by_reason")
    ns = count_column(ctx, rejects, "rows")
    rows = [
        [Cell(r.reason_code, "code"), ns[i]] for i, r in enumerate(rejects.itertuples())
    ]
    sec.blocks.append(
        Table(
            ctx.t("rejects_title"),
            [ctx.t("reason"), ctx.t("rows")],
            rows or [[Cell(ctx.t("no_rows")), Cell("")]],
        )
    )
    report_fn = optional("metrics.quality", "quality_report")
    if report_fn is None:
        sec.blocks.append(
            Note(f"{ctx.t('checks_title')}: {ctx.t('not_available')}.", "missing")
        )
        return sec
    checks = report_fn(ctx.con)
    cols = [ctx.t("check"), ctx.t("severity"), ctx.t("rows"), ctx.t("description")]
    if not ctx.extern:
        cols.append(ctx.t("examples"))
    rows = []
    for r in checks.itertuples():
        row = [
            Cell(r.check, "code"),
            Cell(labels.label(r.severity, ctx.lang, labels.SEVERITY_LABELS)),
            ctx.count(r.count),
            Cell(labels.quality_description(r.check, r.description, ctx.lang)),
        ]
        if not ctx.extern:
            row.append(Cell(str(r.examples or ""), "id"))
        rows.append(row)
    sec.blocks.append(Table(ctx.t("checks_title"), cols, rows, css="checks"))
    return sec


def colophon(ctx: Context) -> dict[str, Any]:
    """What the colophon prints: snapshot, files and hashes, version, as_of, definitions."""
    snap = store.snapshot(ctx.con)
    loads = store.sql_frame(ctx.con, "report/loads")
    files: list[dict[str, Any]] = []
    for row in loads.itertuples():
        for f in json.loads(row.files):
            files.append(
                {
                    "load": int(row.load_id),
                    "name": f.get("name"),
                    "sha256": f.get("sha256"),
                    "rows": f.get("rows"),
                }
            )
    versions = sorted({str(v) for v in loads["toolkit_version"]}) if len(loads) else []
    as_of = pd.Timestamp(ctx.as_of).tz_localize(config.TIMEZONE)
    return {
        "snapshot_id": snap.get("snapshot_id") or "–",
        "export_date": _text(snap.get("export_date")),
        "loaded_at": _text(snap.get("loaded_at")),
        "as_of": as_of.isoformat(),
        "version": __version__
        + (
            f" (ingelezen met {', '.join(versions)})"
            if versions and versions != [__version__]
            else ""
        ),
        "files": files,
        "k": ctx.k,
        "definitions": [
            ctx.t("def_inflow"),
            ctx.t("def_stock"),
            ctx.t("def_lead"),
            ctx.t("def_contact", days=config.CONTACT_THRESHOLD_DAYS),
            ctx.t("def_own"),
        ],
    }


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if hasattr(value, "isoformat"):
        return (
            value.isoformat(sep=" ", timespec="minutes")
            if hasattr(value, "hour")
            else value.isoformat()
        )
    return str(value)
