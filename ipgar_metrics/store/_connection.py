"""Opening the event store, and its schema and version.

Tables (schema version 1, documented in ``docs/store.md``):

``events``
    One row per loaded event, pseudonymised, ordered by ``case_id, seq``.
``cases``
    One row per case with its attributes (report source, risk category, ideology).
``rejected_events``
    One row per rejected cell of an export, with file, row, column and reason.
``loads``
    The load manifest: one row per load, with hashes, counts and the snapshot id.
``quality_flags``
    Loaded rows or cases the quality report must know about (ambiguous local
    times, exact copies loaded in profile generic, conflicting case attributes).
``activity_order``
    The process order of activity codes, used to break timestamp ties.
``meta``
    Key/value pairs: ``schema_version``, ``profile`` (fixed at the first load) and
    ``key_fingerprint`` (of the pseudonymisation key, recorded at the first load).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb

from ipgar_metrics import config, schema
from ipgar_metrics.errors import StoreError
from ipgar_metrics.store._failures import damaged_store_error, no_room_cause
from ipgar_metrics.store._sql import first_row, run_sql

SCHEMA_VERSION = 1
#: Bytes 8-11 of every DuckDB database file.
_MAGIC = b"DUCK"


_HARDENED = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
}


def connect(
    db: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = True,
) -> duckdb.DuckDBPyConnection:
    """Open the event store.

    Analysis connections (``read_only=True``, the default) run with external access
    disabled and extension autoloading off, so no query can read or write other
    files. The loader opens a writable connection. Raises ``StoreError`` when the
    file does not exist (read-only) or is in use by another process.
    """
    path = Path(db) if db is not None else config.DEFAULT_DB
    if read_only and not path.exists():
        raise StoreError(
            f"no event store at {path}; load an export first with `ipgar load`."
        )
    cfg: dict[str, Any] = (
        dict(_HARDENED)
        if read_only
        else {
            "autoload_known_extensions": False,
            "autoinstall_known_extensions": False,
        }
    )
    _check_magic(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=cfg)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreError(
                f"database {path} is in use by another process; close the other "
                "notebook or command and try again."
            ) from None
        raise _environment_error(exc, path) or StoreError(
            f"cannot open database {path}: {_first_line(exc)}"
        ) from None
    except duckdb.Error as exc:
        if "different configuration" in str(exc):
            raise StoreError(
                f"database {path} is already open in this process with another "
                "connection; close that connection (con.close()) first."
            ) from None
        raise _environment_error(exc, path) or StoreError(
            f"cannot open database {path}: {_first_line(exc)}; is it a DuckDB file?"
        ) from None
    con.execute(f"SET TimeZone='{config.TIMEZONE}'")
    con.execute("SET enable_progress_bar = false")  # no bars in notebooks or reports
    if not read_only:
        owner_only(path)
        ensure_schema(con)
    else:
        check_version(con)
    define_macros(con)
    return con


def _check_magic(path: Path) -> None:
    """Refuse a file that is not a DuckDB database before DuckDB opens it.

    A DuckDB file has ``DUCK`` at byte 8; DuckDB would otherwise take e.g. a SQLite
    file for one of its extensions. A missing or empty file is a new store.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
    except (FileNotFoundError, IsADirectoryError):
        return  # a new store, or DuckDB's own message for a folder
    except OSError as exc:
        raise StoreError(
            f"cannot read database {path} ({type(exc).__name__}); check the path "
            "and its permissions."
        ) from None
    if head and head[8:12] != _MAGIC:
        raise StoreError(
            f"{path} is not a DuckDB event store (another kind of file); give the "
            "store with --db, or a new file name to create one."
        )


def memory_store() -> duckdb.DuckDBPyConnection:
    """An in-memory store with the current schema (tests and small examples)."""
    con = duckdb.connect(
        ":memory:",
        config={"autoload_known_extensions": False},
    )
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET TimeZone='{config.TIMEZONE}'")
    ensure_schema(con)
    define_macros(con)
    return con


def _environment_error(exc: BaseException, path: Path) -> StoreError | None:
    """A damaged file or a full disk as one line naming ``path`` (``None``: neither)."""
    damaged = damaged_store_error(exc, path)
    if damaged is not None:
        return damaged
    found = no_room_cause(exc)
    if found is None:
        return None
    return StoreError(
        f"cannot write database {path}: {found[0]}; free space on that disk, or "
        "give --db on another disk."
    )


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def owner_only(path: Path) -> None:
    """Make the database file and its write-ahead log readable by the owner only."""
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.chmod(0o600)


def define_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Define the connection's temporary SQL macros (``sql/store/macros.sql``)."""
    run_sql(con, "store/macros")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables of the current schema version, or upgrade older ones."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)"
    )
    row = first_row(con, "SELECT value FROM meta WHERE key = 'schema_version'")
    version = int(row[0]) if row else 0
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the store has schema version {version}, newer than this toolkit "
            f"({SCHEMA_VERSION}); upgrade ipgar-metrics."
        )
    if version < 1:
        run_sql(con, "store/schema_v1")
        con.executemany(
            "INSERT INTO activity_order VALUES (?, ?)",
            [(a, r) for a, r in schema.ACTIVITY_ORDER.items()],
        )
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
            [str(SCHEMA_VERSION)],
        )


def check_version(con: duckdb.DuckDBPyConnection) -> None:
    """Raise ``StoreError`` unless the store has this toolkit's schema version."""
    try:
        row = first_row(con, "SELECT value FROM meta WHERE key = 'schema_version'")
    except duckdb.CatalogException:
        row = None
    if row is None:
        raise StoreError(
            "this database is not an ipgar event store; load an export into a new file."
        )
    if int(row[0]) != SCHEMA_VERSION:
        raise StoreError(
            f"the store has schema version {row[0]}, this toolkit expects "
            f"{SCHEMA_VERSION}; open it once with `ipgar load` to upgrade it."
        )
