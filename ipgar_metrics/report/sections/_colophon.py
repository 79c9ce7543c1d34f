"""The colophon: snapshot, export files and their hashes, version, as_of, definitions."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from ipgar_metrics import __version__, config, store
from ipgar_metrics.metrics.monthly import loads
from ipgar_metrics.report._model import Context


def colophon(ctx: Context) -> dict[str, Any]:
    """What the colophon prints: snapshot, files and hashes, version, as_of, definitions."""
    snap = store.snapshot(ctx.con)
    manifest = loads(ctx.con)
    files: list[dict[str, Any]] = []
    for row in manifest.itertuples():
        for f in json.loads(row.files):
            files.append(
                {
                    "load": int(row.load_id),
                    "name": f.get("name"),
                    "sha256": f.get("sha256"),
                    "rows": f.get("rows"),
                }
            )
    versions = (
        sorted({str(v) for v in manifest["toolkit_version"]}) if len(manifest) else []
    )
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
