"""The DuckDB event store: connections, schema and its version, named SQL files.

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
    Key/value pairs: ``schema_version`` and ``profile``.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ipgar_metrics import config, schema
from ipgar_metrics.errors import StoreError

SCHEMA_VERSION = 1

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_HARDENED = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
}


_TEMP_NAME = re.compile(r"_[a-z][a-z0-9_]*")


def read_sql(name: str) -> str:
    """Return the text of ``ipgar_metrics/sql/<name>.sql``."""
    path = resources.files("ipgar_metrics").joinpath("sql", *f"{name}.sql".split("/"))
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:  # a programming error, but say which file
        raise StoreError(
            f"SQL step {name!r} does not exist in ipgar_metrics/sql/"
        ) from exc


def run_sql(
    con: duckdb.DuckDBPyConnection, name: str, **params: Any
) -> duckdb.DuckDBPyConnection:
    """Run the named SQL file with bound parameters and return the cursor.

    Only the parameters that the SQL text uses are bound, so callers can pass a
    common set. Identifiers are never parameters: they come from ``schema``.
    """
    sql = read_sql(name)
    return con.execute(sql, _used_params(sql, name, params))


@contextlib.contextmanager
def temp_table(
    con: duckdb.DuckDBPyConnection, table: str, name: str, **params: Any
) -> Iterator[None]:
    """Within the block, the result of the named SQL file is the temporary ``table``.

    For a step whose rows the next SQL step joins, without a round trip through
    pandas. The table is dropped when the block ends, also after an error.
    """
    if not _TEMP_NAME.fullmatch(table):
        raise StoreError(f"temporary table names start with '_': {table!r}")
    sql = _strip_comments(read_sql(name)).strip().rstrip(";")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS {sql}",
        _used_params(sql, name, params),
    ).fetchall()
    try:
        yield
    finally:
        con.execute(f"DROP TABLE IF EXISTS {table}").fetchall()


def _used_params(sql: str, name: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters the SQL text uses; raises when one of them is not given."""
    used = set(_PARAM.findall(_strip_comments(sql)))
    missing = used - params.keys()
    if missing:
        raise StoreError(
            f"SQL step {name!r} needs parameters: {', '.join(sorted(missing))}"
        )
    return {k: v for k, v in params.items() if k in used}


def sql_frame(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run the named SQL file and return its result as a DataFrame.

    Inside ``reuse_results`` a repeated call (same connection, file and parameters)
    is answered from memory when the SQL reads only store tables.
    """
    key = _reuse_key(con, name, params)
    if key is None:
        return run_sql(con, name, **params).df()
    return reused(key, lambda: run_sql(con, name, **params).df())


#: Results by key while ``reuse_results`` is active (None: no reuse); ``_ASKED`` marks
#: a key asked for once.
_REUSE: dict[tuple[Any, ...], pd.DataFrame] | None = None
_ASKED: Any = pd.DataFrame()
#: Frames up to this shallow size are kept the first time (see ``reused``).
REUSE_AT_ONCE_BYTES = 256 * 2**20
#: Whether a named SQL file reads only store tables (no temporary table or variable).
_STORE_ONLY: dict[str, bool] = {}
_TEMP_OBJECT = re.compile(r"\b_[a-z]\w*\b|getvariable", re.IGNORECASE)


@contextlib.contextmanager
def reuse_results() -> Iterator[None]:
    """Within the block, repeated reads of an unchanging store are computed once.

    For a reader such as the monthly report, whose sections ask for the same
    episodes, approach periods or interventions many times. Do not write to the
    store inside the block. Small results are kept at once, large ones once they are
    asked for a second time; callers get a copy of a kept frame, so they may change it.
    """
    global _REUSE
    outer = _REUSE
    _REUSE = {} if outer is None else outer
    try:
        yield
    finally:
        _REUSE = outer


def reused(key: tuple[Any, ...], compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """``compute()``, or inside ``reuse_results`` a copy of its kept result for ``key``.

    A frame of up to ``REUSE_AT_ONCE_BYTES`` (shallow size) is kept when first
    computed; a larger one only when it is asked for a second time, so a large frame
    that one section reads once (the contact intervals: about 3 GB at 1 M cases) is
    never held.
    """
    if _REUSE is None:
        return compute()
    kept = _REUSE.get(key)
    if kept is None or kept is _ASKED:
        frame = compute()
        small = frame.memory_usage(index=False, deep=False).sum() <= REUSE_AT_ONCE_BYTES
        _REUSE[key] = frame if kept is _ASKED or small else _ASKED
        return frame.copy() if _REUSE[key] is frame else frame
    return kept.copy()


def _reuse_key(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]
) -> tuple[Any, ...] | None:
    if _REUSE is None:
        return None
    if name not in _STORE_ONLY:
        text = _strip_comments(read_sql(name))
        _STORE_ONLY[name] = _TEMP_OBJECT.search(text) is None
    if not _STORE_ONLY[name]:
        return None
    frozen = tuple(
        sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())
    )
    try:
        hash(frozen)
    except TypeError:
        return None
    return ("sql", id(con), name, frozen)


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


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
        raise StoreError(f"cannot open database {path}: {_first_line(exc)}") from None
    except duckdb.Error as exc:
        if "different configuration" in str(exc):
            raise StoreError(
                f"database {path} is already open in this process with another "
                "connection; close that connection (con.close()) first."
            ) from None
        raise StoreError(
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


def first_row(
    con: duckdb.DuckDBPyConnection, sql: str, params: Any = None
) -> tuple[Any, ...] | None:
    """The first row of a query, or None; always consumes the whole result.

    DuckDB 2 keeps a result open until a fetch returns no rows, and an open result
    blocks ``register``; ``fetchone`` must therefore not be used on a connection
    that is shared with metric functions.
    """
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def profile_of(con: duckdb.DuckDBPyConnection) -> str:
    """The store's profile (``ipgar`` or ``generic``); ``ipgar`` when not yet loaded."""
    row = first_row(con, "SELECT value FROM meta WHERE key = 'profile'")
    return row[0] if row else "ipgar"


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The latest load's snapshot id, export date and time, for output colophons."""
    row = first_row(
        con,
        "SELECT snapshot_id, export_date, loaded_at, load_id FROM loads "
        "ORDER BY load_id DESC LIMIT 1",
    )
    if row is None:
        return {
            "snapshot_id": None,
            "export_date": None,
            "loaded_at": None,
            "load_id": None,
        }
    return dict(
        zip(("snapshot_id", "export_date", "loaded_at", "load_id"), row, strict=True)
    )


def last_event_at(con: duckdb.DuckDBPyConnection) -> Any:
    """The timestamp of the last event in the store (the default reference time)."""
    return con.execute("SELECT max(ts) FROM events").fetchall()[0][0]


def first_event_at(con: duckdb.DuckDBPyConnection) -> Any:
    """The timestamp of the first event in the store (None when it holds none)."""
    return con.execute("SELECT min(ts) FROM events").fetchall()[0][0]


def insert_events(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    *,
    load_id: int = 0,
    profile: str = "ipgar",
) -> None:
    """Insert already-canonical, already-pseudonymised events and reorder the store.

    For tests and examples: ``frame`` has the canonical columns (``timestamp`` as
    aware datetimes or ISO strings with offset) and optionally case attributes.
    The loader does the same after validation.
    """
    f = frame.copy()
    for col in (*schema.CANONICAL_COLUMNS, "lifecycle"):
        if col not in f.columns:
            f[col] = None
    f["ts"] = pd.to_datetime(f["timestamp"], utc=True, format="ISO8601")
    f["source_row"] = range(1, len(f) + 1)
    f["load_id"] = load_id
    f["event_key"] = [f"k{load_id}-{i}" for i in f["source_row"]]
    con.register("_new_events", f)
    run_sql(con, "store/insert_staged")
    con.unregister("_new_events")
    attrs = [c for c in schema.CASE_ATTRIBUTES if c in frame.columns]
    if attrs:
        cases = frame[["case_id", *attrs]].dropna(subset=attrs, how="all")
        cases = cases.drop_duplicates("case_id", keep="last")
        for col in schema.CASE_ATTRIBUTES:
            if col not in cases.columns:
                cases[col] = None
        con.register("_new_cases", cases)
        con.execute(
            "INSERT OR REPLACE INTO cases SELECT case_id, report_source, risk_category, "
            "ideology FROM _new_cases"
        )
        con.unregister("_new_cases")
    set_profile(con, profile)
    reorder(con)


def set_profile(con: duckdb.DuckDBPyConnection, profile: str) -> None:
    """Record the store's profile."""
    con.execute("INSERT OR REPLACE INTO meta VALUES ('profile', ?)", [profile])


def reorder(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute ``seq`` and ``episode`` for all events and store them sorted.

    Ties in time are broken by process order then content (profile ``ipgar``), or by
    position in the source file (profile ``generic``), so results never depend on
    the row order of an export in profile ``ipgar`` and agree with pm4py's stable
    sort in profile ``generic``.
    """
    step = (
        "store/reorder_ipgar" if profile_of(con) == "ipgar" else "store/reorder_generic"
    )
    run_sql(con, step)


def table_frame(
    con: duckdb.DuckDBPyConnection, table: str, params: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Return a whole store table (tests and debugging)."""
    if table not in {"events", "cases", "rejected_events", "loads", "meta"}:
        raise StoreError(f"unknown table {table!r}")
    return con.execute(f"SELECT * FROM {table}", params or {}).df()  # noqa: S608
