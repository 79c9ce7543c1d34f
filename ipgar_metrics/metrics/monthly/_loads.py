"""What the store holds about its own loads: the load manifest and rejects by reason.

Both read the store's bookkeeping tables (``loads``, ``rejected_events``), not the
events, so they take no ``as_of``: they describe the loads, not a moment in the data.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from ipgar_metrics import store

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "loads": {
        "load_id": "int: load number, oldest first",
        "loaded_at": "timestamp: when the load ran",
        "export_date": "date: the export's date (None: not given)",
        "files": "str: JSON list of the export files (name, sha256, rows)",
        "mapping_sha256": "str: SHA-256 of the column mapping",
        "rows_read": "int: rows read from the export",
        "rows_loaded": "int: rows loaded as events",
        "rows_rejected": "int: rows rejected",
        "duplicates_skipped": "int: rows already in the store",
        "toolkit_version": "str: ipgar-metrics version that loaded",
        "snapshot_id": "str: snapshot after the load",
    },
    "rejects": {
        "reason_code": "str: why the rows were rejected",
        "rows": "int: distinct rejected rows",
        "cells": "int: rejected cells (a row can fail on several columns)",
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
    One row per load, oldest first: load_id, loaded_at, export_date, files (JSON
    text: name, sha256, rows per file), mapping_sha256, rows_read, rows_loaded,
    rows_rejected, duplicates_skipped, toolkit_version, snapshot_id. No
    identifying value.
    """
    return _with_meta(store.sql_frame(con, "monthly/loads"), con)


def rejects(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rejected export rows per reason, over all loads.

    Returns
    -------
    One row per reason code, most rows first: reason_code, rows (distinct rejected
    rows), cells (rejected cells; a row can fail on several columns).
    """
    return _with_meta(store.sql_frame(con, "monthly/rejects_by_reason"), con)
