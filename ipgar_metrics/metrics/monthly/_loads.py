"""What the store holds about its own loads: the manifest, the rejects, events per month.

They read the store's bookkeeping tables (``loads``, ``rejected_events``) or count all
events, so they take no ``as_of``: they describe the loads, not a moment in the data.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from ipgar_metrics import store

#: The kinds of export whose rejects ``rejects`` counts apart, in its order.
REJECT_KINDS: tuple[str, ...] = ("events", "relations", "locations")

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "loads": {
        "load_id": "int: load number, oldest first",
        "loaded_at": "timestamp: when the load ran",
        "kind": "str: what it read: events, or relations and/or locations",
        "export_date": "date: the export's date (None: not given)",
        "files": "str: JSON list of the export files (name, sha256, rows)",
        "mapping_sha256": "str: SHA-256 of the column mapping",
        "rows_read": "int: rows read from the export (of the load's kind)",
        "rows_loaded": "int: valid rows: new + already present + corrected",
        "rows_rejected": "int: rows rejected",
        "duplicates_skipped": "int: exact duplicate rows of the export, skipped",
        "toolkit_version": "str: ipgar-metrics version that loaded",
        "snapshot_id": "str: snapshot after the load",
        "new_events": "int: rows the load added (events, or relations/locations)",
        "already_present": "int: valid rows the store held already, unchanged",
        "corrected": "int: valid rows that changed a stored one (newest wins)",
    },
    "rejects": {
        "kind": "str: the kind of export: events, relations or locations",
        "reason_code": "str: why the rows were rejected",
        "rows": "int: distinct rejected rows",
        "cells": "int: rejected cells (a row can fail on several columns)",
    },
    "rejected_rows": {
        "load_id": "int: the load",
        "file": "str: file name of the export",
        "row": "int: data row of the file (1 = the first row after the header)",
        "column_name": "str: export header of the failing cell (None: the whole row)",
        "reason_code": "str: why the row was rejected",
        "message": "str: what is wrong and what to do; no identifying value",
        "case_id": "str: pseudonym of the row's case (None when it had none)",
    },
    "events_by_month": {
        "month": "str: calendar month YYYY-MM (local time)",
        "events": "int: events in the month",
        "cases": "int: distinct cases with an event in the month",
    },
}


def _with_meta(frame: pd.DataFrame, con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    frame.attrs["ipgar"] = {
        "snapshot": store.snapshot(con),
        "as_of": None,
        "params": {},
    }
    return frame


def loads(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The load manifest: every load of the store, with its files and their hashes.

    Returns
    -------
    One row per load, oldest first: load_id, loaded_at, kind, export_date, files
    (JSON text: name, sha256, rows per file), mapping_sha256, rows_read,
    rows_loaded, rows_rejected, duplicates_skipped, toolkit_version, snapshot_id,
    new_events, already_present, corrected. No identifying value.

    The counts are rows of the load's kind (``kind``): events for an export of
    events, the rows of the relations and key-locations files for a load of those
    (``ingest.load_relations``), so every row adds up: ``rows_read = rows_loaded +
    rows_rejected + duplicates_skipped`` and ``rows_loaded = new_events +
    already_present + corrected``. Add counts up within one kind only.
    """
    return _with_meta(store.sql_frame(con, "monthly/loads"), con)


def rejects(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rejected export rows per kind of export and reason, over all loads.

    ``kind`` keeps the event export's rejects apart from those of a relations or
    key-locations export (``ingest.load_relations``): their rows are different
    things, so a reader adds up rows of one kind only.

    Returns
    -------
    One row per kind and reason code; the kinds in the order events, relations,
    locations (a kind without rejects has no row), then most rows first: kind
    (``REJECT_KINDS``), reason_code, rows (distinct rejected rows), cells (rejected
    cells; a row can fail on several columns).
    """
    return _with_meta(store.sql_frame(con, "monthly/rejects_by_reason"), con)


def rejected_rows(
    con: duckdb.DuckDBPyConnection, *, load_id: int | None = None
) -> pd.DataFrame:
    """The rejected rows of one load (default: the latest), with file, row and reason.

    Returns
    -------
    One row per failed check of a row (a row can fail on several columns): load_id,
    file, row, column_name, reason_code, message, case_id (pseudonym). No raw value.
    """
    frame = store.sql_frame(con, "monthly/rejected_rows", load_id=load_id)
    return _with_meta(frame, con)


def events_by_month(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Events and cases in the store per calendar month (is the export complete?).

    Returns
    -------
    One row per month with at least one event, oldest first: month (YYYY-MM),
    events, cases.
    """
    return _with_meta(store.sql_frame(con, "monthly/events_by_month"), con)
