"""Corrections and deletions in the source: what a load changes of the stored events.

An event whose ``event_key`` is in the store but whose content differs is a
**correction**: the newest export wins (an export with an earlier export date than
the load that brought the stored version leaves it as it is), the stored version goes
to ``event_history`` (``change = 'corrected'``) and ``events`` gets the new one. An
export that declares its **export window** (``"full"`` or two local dates) and lacks
events of the store inside it reports them as **deleted in the source**: they move to
``event_history`` (``change = 'deleted'``), or with ``keep_deletions`` stay in
``events`` with a ``deleted_in_source`` quality flag for review. Without a window
nothing is ever deleted. Everything runs inside the load's transaction
(docs/store.md, "Corrections and deletions in the source").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from ipgar_metrics import store
from ipgar_metrics.ingest._mapping import ExportWindow

#: ``_deletions`` of a load without an export window (the columns of load/deletions)
_NO_DELETIONS = (
    "CREATE OR REPLACE TEMP TABLE _deletions (event_key VARCHAR, case_id VARCHAR)"
)


@dataclass(frozen=True)
class Changes:
    """What a load changed of the stored events (counts only)."""

    #: events whose content this load replaced
    corrected: int = 0
    #: rows that differ from the stored version but come from an older export
    kept_older: int = 0
    #: events deleted in the source and removed (kept in ``event_history``)
    deleted: int = 0
    #: events deleted in the source, held in ``events`` for review
    held: int = 0

    @property
    def any(self) -> bool:
        """Whether ``events`` changed (then the store is reordered)."""
        return bool(self.corrected or self.deleted)


def find_changes(
    con: duckdb.DuckDBPyConnection,
    *,
    export_date: date | None,
    window: ExportWindow | None,
    timezone: str,
) -> None:
    """Build ``_corrections`` and ``_deletions`` (before any event of the load is stored)."""
    store.run_sql(con, "load/corrections", export_date=export_date).fetchall()
    if window is None:  # nothing is ever deleted: no pass over the rows for it
        con.execute(_NO_DELETIONS).fetchall()
        return
    kind, first, last = "full", None, None
    if window != "full":
        kind, (first, last) = "range", window
    store.run_sql(
        con,
        "load/deletions",
        window=kind,
        first=first,
        last=last,
        tz=timezone,
        export_date=export_date,
    ).fetchall()


def apply_changes(
    con: duckdb.DuckDBPyConnection, *, load_id: int, keep_deletions: bool
) -> Changes:
    """Record history, correct, delete or flag, as ``find_changes`` found; the counts."""
    rows = con.execute("SELECT older, count(*) FROM _corrections GROUP BY older")
    by_older = dict(rows.fetchall())
    corrected, kept_older = by_older.get(False, 0), by_older.get(True, 0)
    deletions = con.execute("SELECT count(*) FROM _deletions").fetchall()[0][0]
    delete = not keep_deletions
    store.run_sql(con, "load/record_history", load_id=load_id, delete=delete).fetchall()
    if corrected:
        store.run_sql(con, "load/apply_corrections", load_id=load_id).fetchall()
    if deletions and delete:
        store.run_sql(con, "load/delete_events").fetchall()
    elif deletions:
        store.run_sql(con, "load/flag_deletions", load_id=load_id).fetchall()
    if corrected or (deletions and delete):
        store.run_sql(con, "load/empty_cases", load_id=load_id).fetchall()
    return Changes(
        corrected=int(corrected),
        kept_older=int(kept_older),
        deleted=deletions if delete else 0,
        held=0 if delete else deletions,
    )


def export_span(
    con: duckdb.DuckDBPyConnection, timezone: str
) -> tuple[date, date] | None:
    """The first and last local date of the load's valid events (None: no event)."""
    rows = store.run_sql(con, "load/export_span", tz=timezone).fetchall()
    if not rows or rows[0][0] is None:
        return None
    return rows[0][0], rows[0][1]
