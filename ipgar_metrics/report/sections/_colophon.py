"""The colophon: snapshot, export files and their hashes, version, as_of, definitions.

When the store has had purges (storage limitation, ``governance.purge``) and the
report's period (the 12 months of ``Context.window``) starts before the latest
purge date, the colophon says how many persons were removed and that figures over
earlier periods no longer count them.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from ipgar_metrics import __version__, config, labels, store
from ipgar_metrics.governance import purges
from ipgar_metrics.metrics import absent_special_categories
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
    as_of_words = labels.date_words(ctx.as_of, ctx.lang)
    return {
        "snapshot_id": snap.get("snapshot_id") or "–",
        "export_date": _words(snap.get("export_date"), ctx.lang),
        "loaded_at": _words(snap.get("loaded_at"), ctx.lang),
        # dates in words; the ISO moment only in the page's metadata
        "as_of": ctx.t("as_of_moment", date=as_of_words),
        "as_of_date": ctx.t("as_of_date", date=as_of_words),
        "as_of_iso": as_of.isoformat(),
        "version": __version__
        + (
            f" (ingelezen met {', '.join(versions)})"
            if versions and versions != [__version__]
            else ""
        ),
        "files": files,
        "purge_note": purge_note(ctx),
        "absent_note": absent_note(ctx),
        "k": ctx.k,
        "definitions": [
            ctx.t("def_inflow"),
            ctx.t("def_stock"),
            ctx.t("def_lead"),
            ctx.t("def_contact", days=config.CONTACT_THRESHOLD_DAYS),
            ctx.t("def_own"),
        ],
    }


def absent_note(ctx: Context) -> str | None:
    """The sentence naming the special categories this store lacks (None: it has both).

    Ideology and risk category load only when the mapping opts in; no section of the
    report uses them, but a reader of the report should know they are not there.
    """
    absent = absent_special_categories(ctx.con)
    if not absent:
        return None
    names = [ctx.t(f"attr_{name}") for name in absent]
    joined = f" {ctx.t('and')} ".join(names)
    return ctx.t("absent_note", names=joined[:1].upper() + joined[1:])


def purge_note(ctx: Context) -> str | None:
    """The sentence on purged persons, or None when the period holds none of them.

    Said when the store has purges and the report's period starts before the latest
    ``ended_before``: the persons of every purge are counted (``ctx.count``, so the
    external report suppresses a small number).
    """
    done = purges(ctx.con)
    if done.empty:
        return None
    latest = pd.Timestamp(done["ended_before"].max()).date()
    if ctx.window[0] >= latest:
        return None
    day = f"{latest.day} {labels.MONTH_NAMES[ctx.lang][latest.month - 1]} {latest.year}"
    cell = ctx.count(int(done["cases"].sum()))
    key = "purge_note_one" if cell.text == "1" else "purge_note"
    return ctx.t(key, n=cell.text, date=day)


def _words(value: Any, lang: str) -> str:
    """A date or a moment (local time) in words; ``–`` when missing.

    ``1 november 2026``, ``2 december 2026, 14:51``.
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, str):
        return value
    stamp = pd.Timestamp(value)
    if not hasattr(value, "hour"):  # a date
        return labels.date_words(stamp.date(), lang)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(config.TIMEZONE)
    return labels.moment_words(stamp.to_pydatetime(), lang)
