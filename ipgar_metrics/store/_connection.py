"""Opening the event store, and its schema and version.

Tables (the first ones; every table of the current schema version is documented in
``docs/store.md``, and ``_migrations`` holds the line of versions, each a migration
from the one before):

``events``
    One row per loaded event, pseudonymised, ordered by ``case_key, episode, seq``.
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
``event_history``
    Earlier versions of corrected events and events deleted in the source (version 2).
``purges``
    One row per purge (storage limitation), counts only (version 2).
``meta``
    Key/value pairs: ``schema_version``, ``profile`` (fixed at the first load) and
    ``key_fingerprint`` (of the pseudonymisation key, recorded at the first load).
"""

from __future__ import annotations

import contextlib
import os
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from ipgar_metrics import config
from ipgar_metrics.errors import StoreError
from ipgar_metrics.store._failures import damaged_store_error, no_room_cause
from ipgar_metrics.store._migrations import SCHEMA_VERSION, migrate, stored_version
from ipgar_metrics.store._rewrite import rewrite_store
from ipgar_metrics.store._spill import (
    clear_spill_folder,
    limit_memory,
    memory_spill_folder,
    store_spill_folder,
)
from ipgar_metrics.store._sql import run_sql, unchanging
from ipgar_metrics.store._zone import prime_local_zone

#: Bytes 8-11 of every DuckDB database file.
_MAGIC = b"DUCK"


_HARDENED = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
}


def require_store(db: str | os.PathLike[str], purpose: str = "") -> Path:
    """The path of an existing store, or ``StoreError`` naming what it was needed for.

    For commands that change a store but must never create one (purge, settings,
    restriction): ``purpose`` completes "give the --db of the store" (e.g. "to purge").
    """
    path = Path(db)
    if not path.exists():
        to = f" {purpose}" if purpose else ""
        raise StoreError(f"no event store at {path}; give the --db of the store{to}.")
    return path


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """``BEGIN`` … ``COMMIT``, or ``ROLLBACK`` when the block raises (also on Ctrl-C)."""
    con.execute("BEGIN TRANSACTION").fetchall()
    try:
        yield
        con.execute("COMMIT").fetchall()
    except BaseException:
        con.execute("ROLLBACK").fetchall()
        raise


def connect(
    db: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = True,
) -> duckdb.DuckDBPyConnection:
    """Open the event store.

    Analysis connections (``read_only=True``, the default) run with external access
    disabled and extension autoloading off, so no query can read or write other
    files. The loader opens a writable connection. A store of an older schema version
    is upgraded first, in one transaction (``_migrations``). Raises ``StoreError``
    when the file does not exist (read-only), is in use by another process, is not
    an ipgar store, or has a newer schema version than this toolkit.
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
    spill = store_spill_folder(path)
    cfg["temp_directory"] = str(spill)
    con = _open(path, read_only=read_only, cfg=cfg)
    if not read_only and spill.name == path.name + ".tmp":
        clear_spill_folder(spill)  # we hold the write lock: leftovers of a crash
    con.execute(f"SET TimeZone='{config.TIMEZONE}'")
    prime_local_zone()  # before a frame names the zone to pandas
    con.execute("SET enable_progress_bar = false")  # no bars in notebooks or reports
    if not read_only:
        owner_only(path)
        if _has_table(con, "meta") and _needs_upgrade(con):
            # an older store: upgraded as a read-only open upgrades it (the file
            # rewritten when a step removed values), then opened again
            con.close()
            _upgrade(path)
            return connect(path, read_only=False)
        ensure_schema(con)
    elif _needs_upgrade(con):
        con.close()
        _upgrade(path)
        return connect(path, read_only=True)
    define_macros(con)
    if read_only:
        unchanging(con)  # nobody can write the store while it is open
    return con


# every store connection this process opened and still holds (``close_open_stores``)
_OPEN: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()


def close_open_stores() -> None:
    """Close every store connection of this process that is still open.

    For a process that leaves without the interpreter's teardown (the ``ipgar``
    command): a writable store is checkpointed as at a normal exit.
    """
    for con in list(_OPEN):
        con.close()
    _OPEN.clear()


def _open(
    path: Path, *, read_only: bool, cfg: dict[str, Any]
) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect`` with its failures as one-line ``StoreError``s."""
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
    _OPEN.add(con)
    return con


def _needs_upgrade(con: duckdb.DuckDBPyConnection) -> bool:
    """Check the version of a read-only store; True when it is older than this toolkit."""
    version = _version_of(con)
    if version > SCHEMA_VERSION:
        raise _newer(version)
    return version < SCHEMA_VERSION


#: An upgrade from a version below this removes values from the store (version 2
#: masks the cells version 1 kept of rejected rows): the file is rewritten after it,
#: so that their old bytes are gone. Later steps add tables and columns or number
#: the same events again, and leave no value behind that the store must not hold.
_REWRITE_BELOW = 2


def _upgrade(path: Path) -> None:
    """Upgrade the store at ``path`` to this toolkit's schema version (one transaction).

    The file is rewritten afterwards when the upgrade removed values
    (``_REWRITE_BELOW``).
    """
    old_umask = os.umask(0o077)
    try:
        con = _open(
            path,
            read_only=False,
            cfg={
                "autoload_known_extensions": False,
                "autoinstall_known_extensions": False,
                # an upgrade may rewrite every event (version 10): spill where a
                # writable connection spills
                "temp_directory": str(store_spill_folder(path)),
            },
        )
        try:
            con.execute(f"SET TimeZone='{config.TIMEZONE}'")
            con.execute("SET enable_progress_bar = false")  # an upgrade prints nothing
            before = _version_of(con)
            ensure_schema(con)
            con.execute("CHECKPOINT").fetchall()
        finally:
            con.close()
    finally:
        os.umask(old_umask)
    if before < _REWRITE_BELOW:
        # the upgrade masked cells of version-1 rejects: their old bytes leave the file
        rewrite_store(path)
    owner_only(path)


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


_MEMORY_SPILL: list[Path] = []


def _memory_spill() -> Path:
    """The spill folder of in-memory stores in this process (made once)."""
    if not _MEMORY_SPILL or not _MEMORY_SPILL[0].is_dir():
        _MEMORY_SPILL[:] = [memory_spill_folder()]
    return _MEMORY_SPILL[0]


def memory_store() -> duckdb.DuckDBPyConnection:
    """An in-memory store with the current schema (tests and small examples)."""
    con = duckdb.connect(
        ":memory:",
        config={
            "autoload_known_extensions": False,
            "temp_directory": str(_memory_spill()),
        },
    )
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET TimeZone='{config.TIMEZONE}'")
    prime_local_zone()
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
    """Create the tables of the current schema version, or upgrade older ones.

    A new (empty) database gets every version in turn; a store of an older version
    the versions it lacks, in one transaction. A DuckDB file of another program
    (tables, but no ipgar ``meta``) is refused and left as it was.
    """
    if not _has_table(con, "meta"):
        if _has_any_table(con):
            raise _not_a_store()
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    version = _version_of(con)
    if version > SCHEMA_VERSION:
        raise _newer(version)
    if version < SCHEMA_VERSION:
        limit_memory(con)  # an upgrade may rewrite every event, as a load does
        try:
            migrate(con, version)
        finally:
            con.execute("RESET memory_limit").fetchall()


def check_version(con: duckdb.DuckDBPyConnection) -> None:
    """Raise ``StoreError`` unless the store has this toolkit's schema version."""
    version = _version_of(con)
    if version > SCHEMA_VERSION:
        raise _newer(version)
    if version < SCHEMA_VERSION:
        raise StoreError(
            f"the store has schema version {version}, this toolkit uses "
            f"{SCHEMA_VERSION}; open it with `ipgar_metrics.store.connect` or any "
            "`ipgar` command to upgrade it (in one transaction)."
        )


def _version_of(con: duckdb.DuckDBPyConnection) -> int:
    """The store's schema version; ``StoreError`` for a database that is not a store."""
    if not _has_table(con, "meta"):
        raise _not_a_store()
    try:
        return stored_version(con)
    except (duckdb.Error, ValueError):
        raise _not_a_store() from None


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    rows = con.execute(
        "SELECT 1 FROM duckdb_tables() WHERE NOT temporary AND schema_name = 'main' "
        "AND database_name = current_database() AND table_name = ?",
        [name],
    ).fetchall()
    return bool(rows)


def _has_any_table(con: duckdb.DuckDBPyConnection) -> bool:
    rows = con.execute(
        "SELECT 1 FROM duckdb_tables() WHERE NOT temporary "
        "AND database_name = current_database() LIMIT 1"
    ).fetchall()
    return bool(rows)


def _not_a_store() -> StoreError:
    return StoreError(
        "this DuckDB file is not an ipgar event store (it belongs to another "
        "program); give the store with --db, or a new file name to create one."
    )


def _newer(version: int) -> StoreError:
    return StoreError(
        f"the store has schema version {version}, newer than this toolkit "
        f"({SCHEMA_VERSION}); upgrade ipgar-metrics to read it."
    )
