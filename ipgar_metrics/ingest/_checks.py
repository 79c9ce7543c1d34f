"""Validation of staged export rows: vectorised SQL checks with reason codes.

The steps run in order on one connection (temporary tables, never stored):

1. ``load/map_values``: export labels -> canonical codes (``_mapped``);
2. ``load/timestamps``: instants, daylight-saving problems, exact duplicates (``_timed``);
3. ``load/rejects``: every failed check of every row at once (``_rejects``);
4. ``load/keys``: the valid rows with their identity ``event_key`` (``_valid``);
   ``_checked_with`` keeps the mapping's sha256 and the export date the checks used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from ipgar_metrics import config, schema, store
from ipgar_metrics.ingest import _identifiers as identifiers
from ipgar_metrics.ingest._mapping import Mapping, Vocabulary
from ipgar_metrics.ingest._readers import FileInfo

_BLOCK = 64


def setup_pseudonyms(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """Make the ``_pseudo`` macro available on ``con`` (the key stays in memory).

    Also ``_lookalike_of`` and the identifier normalisation they call
    (``ingest._identifiers``).
    """
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\x00")
    ipad = bytes(b ^ 0x36 for b in key)
    opad = bytes(b ^ 0x5C for b in key)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _pkey AS SELECT $i::BLOB AS ipad, $o::BLOB AS opad, $n::INTEGER AS len",
        {"i": ipad, "o": opad, "n": config.PSEUDONYM_LENGTH},
    ).fetchall()
    identifiers.register(con)
    run(con, "load/pseudonym_macro")


def setup_vocabulary(
    con: duckdb.DuckDBPyConnection, mapping: Mapping, extra: Vocabulary
) -> None:
    """Register the value tables, the vocabulary (``schema``'s and ``extra``) and the known labels."""
    values = [
        (col, label, code)
        for col, table in mapping.values.items()
        for label, code in table.items()
    ]
    _put(con, "_values", pd.DataFrame(values, columns=["col", "label", "code"]))
    vocab: list[tuple[str, str | None, str]] = []
    for activity, codes in schema.OUTCOMES.items():
        vocab += [("outcome", activity, c) for c in codes]
    vocab += [("org", None, c) for c in schema.ORGS]
    vocab += [("life_domain", None, c) for c in schema.LIFE_DOMAINS]
    for col, codes in schema.CASE_ATTRIBUTE_VALUES.items():
        vocab += [(col, None, c) for c in codes]
    vocab += [("org", None, c) for c in extra.orgs]
    vocab += [(col, None, c) for col, codes in extra.codes.items() for c in codes]
    vocab += [("outcome", a, c) for a, codes in extra.outcomes.items() for c in codes]
    _put(con, "_vocab", pd.DataFrame(vocab, columns=["col", "activity", "code"]))
    known = {(c, code) for c, _, code in vocab}
    known |= {("activity", a) for a in schema.ACTIVITIES}
    known |= {(c, label) for c, label, _ in values}
    _put(con, "_known", pd.DataFrame(sorted(known), columns=["col", "label"]))


def check(
    con: duckdb.DuckDBPyConnection,
    files: Sequence[FileInfo],
    *,
    mapping: Mapping,
    profile: str,
    export_date: date | None,
) -> date | None:
    """Run the validation steps over the staged files (creates ``_valid``, ``_rejects``).

    Without an ``export_date`` it is the date of the newest event (``newest_event_date``);
    returns the export date used (``None`` when no row has a usable timestamp).
    """
    offsets, total = [], 0
    for f in files:
        offsets.append((f.index, f.name, total, f.sha256))
        total += f.rows
    _put(
        con,
        "_files",
        pd.DataFrame(offsets, columns=["_file", "name", "row_offset", "sha256"]),
    )
    headers = [(f.index, c, h) for f in files for c, h in f.headers.items()]
    _put(con, "_headers", pd.DataFrame(headers, columns=["_file", "col", "header"]))
    _union(
        con, "_staged", [f.index for f in files if f.kind == "events"], files[0].index
    )
    _union(
        con,
        "_case_staged",
        [f.index for f in files if f.kind == "cases"],
        files[0].index,
    )
    naive = [f for f in mapping.timestamp_formats if "%z" not in f.lower()]
    zoned = [f for f in mapping.timestamp_formats if "%z" in f.lower()]
    tz = ZoneInfo(mapping.timezone)
    run(con, "load/reject_macros")
    run(con, "load/case_rows")
    run(con, "load/case_rejects", profile=profile)
    run(con, "load/map_values")
    run(
        con,
        "load/timestamps",
        tz=mapping.timezone,
        formats=naive or ["%Y-%m-%d %H:%M:%S"],
        zformats=zoned or ["%Y-%m-%d %H:%M:%S%z"],
        dformats=date_formats(naive) or ["%Y-%m-%d"],
        skip_duplicates=profile == "ipgar",
    )
    _drop_stages(con, files)  # _timed holds every staged row now: free the memory
    if export_date is None:
        export_date = newest_event_date(con, tz)
    limit = export_date or datetime.now(tz).date()  # no dated row: nothing to limit
    run(
        con,
        "load/rejects",
        profile=profile,
        future_limit=datetime.combine(limit + timedelta(days=1), time(), tz),
        programme_start=datetime.combine(config.PROGRAMME_START, time(), tz),
        export_date=limit.isoformat(),
        ts_form=mapping.describe_format(),
    )
    run(con, "load/keys")
    # what the checks depended on, so a reject is stored once per file and checks
    # (load/insert_rejects)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _checked_with AS SELECT CAST($m AS VARCHAR) AS mapping_sha256, CAST($d AS DATE) AS export_date",
        {"m": mapping.sha256, "d": export_date},
    ).fetchall()
    return export_date


def date_formats(formats: Sequence[str]) -> list[str]:
    """The date parts of timestamp formats (``%d-%m-%Y %H:%M`` -> ``%d-%m-%Y``).

    The registration date ("Geregistreerd op") is a date: it is read in the form of
    the event date without its time of day.
    """
    parts = [f.split(" ")[0].split("T")[0] for f in formats]
    return [p for p in dict.fromkeys(parts) if "%" in p]


def newest_event_date(con: duckdb.DuckDBPyConnection, tz: ZoneInfo) -> date | None:
    """The local date of the newest usable timestamp in ``_timed``, not after today.

    An export taken on day D holds events up to D, so this date is a lower bound of
    the export date. A timestamp after today (a mistyped year) cannot be the newest
    event of an export: it is passed over here and rejected as ``future_date``.
    """
    tomorrow = datetime.combine(datetime.now(tz).date() + timedelta(days=1), time(), tz)
    newest = store.first_row(
        con,
        "SELECT max(ts) FROM _timed WHERE ts_problem IS NULL AND ts < ?",
        [tomorrow],
    )
    return (
        None if newest is None or newest[0] is None else newest[0].astimezone(tz).date()
    )


def _drop_stages(con: duckdb.DuckDBPyConnection, files: Sequence[FileInfo]) -> None:
    """Drop the staging tables and their views once ``_timed`` and ``_case_checked`` exist.

    A large export otherwise keeps a second full copy in memory (or spilled to disk)
    for the rest of the load.
    """
    for view in ("_mapped", "_staged", "_case_staged"):
        con.execute(f"DROP VIEW IF EXISTS {view}").fetchall()
    for f in files:
        con.execute(f"DROP TABLE IF EXISTS _stage_{f.index}").fetchall()


def _union(
    con: duckdb.DuckDBPyConnection, view: str, indexes: list[int], fallback: int
) -> None:
    """A view over the staged files ``indexes`` with ``_row`` (empty when there are none)."""
    parts = [f"SELECT * FROM _stage_{i}" for i in indexes]  # noqa: S608 - fixed names
    empty = f"SELECT * FROM _stage_{fallback} WHERE false"  # noqa: S608 - fixed names
    union = " UNION ALL ".join(parts) or empty
    con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {union}").fetchall()


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows read, rejected, duplicates skipped and valid, for the staged load."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM _timed), (SELECT count(DISTINCT (_file, _row)) FROM _rejects), "
        "(SELECT count(*) FROM _timed WHERE is_duplicate), (SELECT count(*) FROM _valid), "
        "(SELECT count(*) FROM _case_checked), (SELECT count(DISTINCT (_file, _row)) FROM _case_rejects), "
        "(SELECT count(*) FROM _case_checked WHERE is_duplicate)"
    ).fetchall()[0]
    names = (
        "rows_read",
        "rows_rejected",
        "duplicates_skipped",
        "rows_loaded",
        "case_rows_read",
        "case_rows_rejected",
        "case_duplicates_skipped",
    )
    return dict(zip(names, row, strict=True))


def rejects_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The rejects of the staged load: file, row, column, reason_code, message."""
    return con.execute(
        "SELECT f.name AS file, r._row AS row, r.column_name AS column, r.reason_code, r.message, r.case_id "
        "FROM (SELECT * FROM _rejects UNION ALL SELECT * FROM _case_rejects) AS r JOIN _files AS f USING (_file) "
        "ORDER BY r._file, r._row, r.reason_code"
    ).df()


def run(
    con: duckdb.DuckDBPyConnection, name: str, **params: object
) -> list[tuple[Any, ...]]:
    """Run a named SQL step and fetch its (usually empty) result."""
    return store.run_sql(con, name, **params).fetchall()


def _put(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    view = f"{name}_df"
    con.execute("SELECT 1").fetchall()  # finish any pending result first
    con.register(view, frame)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {view}"  # noqa: S608 - fixed names
    ).fetchall()
    con.unregister(view)
