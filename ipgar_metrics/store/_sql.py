"""Named SQL files: reading, running with bound parameters, temporary tables, reuse.

SQL lives in ``ipgar_metrics/sql/<family>/<step>.sql``; values are bound parameters
(``$as_of``), never formatted into the text. Inside ``reuse_results`` repeated reads
of an unchanging store are answered from memory.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import weakref
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

import duckdb
import pandas as pd

from ipgar_metrics.errors import StoreError
from ipgar_metrics.store._failures import damaged_store_error

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


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
    return _execute(con, sql, _used_params(sql, name, params))


def _execute(
    con: duckdb.DuckDBPyConnection, sql: str, params: Any
) -> duckdb.DuckDBPyConnection:
    """``con.execute``, with a damaged database file raised as one ``StoreError`` line."""
    try:
        return con.execute(sql, params)
    except duckdb.Error as exc:
        damaged = damaged_store_error(exc)
        if damaged is not None:
            raise damaged from None
        raise


@contextlib.contextmanager
def temp_table(
    con: duckdb.DuckDBPyConnection, table: str, name: str, **params: Any
) -> Iterator[None]:
    """Within the block, the result of the named SQL file is the temporary ``table``.

    For a step whose rows the next SQL step joins, without a round trip through
    pandas. The table is dropped when the block ends, also after an error.
    """
    _make_temp(con, table, name, params)
    try:
        yield
    finally:
        con.execute(f"DROP TABLE IF EXISTS {table}").fetchall()


def _make_temp(
    con: duckdb.DuckDBPyConnection, table: str, name: str, params: dict[str, Any]
) -> None:
    """Fill the temporary ``table`` with the result of the named SQL file."""
    if not _TEMP_NAME.fullmatch(table):
        raise StoreError(f"temporary table names start with '_': {table!r}")
    sql = _strip_comments(read_sql(name)).strip().rstrip(";")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS {sql}",
        _used_params(sql, name, params),
    ).fetchall()


@contextlib.contextmanager
def shared_table(
    con: duckdb.DuckDBPyConnection, table: str, name: str, **params: Any
) -> Iterator[None]:
    """As ``temp_table``; inside ``reuse_results`` made once and kept for later steps.

    In a report several steps read the same large rows (the contact intervals: the
    key figures' summary, the practice page's frame). Inside ``reuse_results`` the
    table is made only when it was not last made for the same SQL file and
    parameters on ``con`` (``made_once``) and is not dropped at the end of the
    block: it lasts until it is made for other parameters or the connection closes
    (a report closes its own). Outside ``reuse_results`` it is ``temp_table``.
    """
    if not reusing():
        with temp_table(con, table, name, **params):
            yield
        return
    key = result_key(con, "table", name, frozen_params(params))
    made_once(con, table, key, lambda: _make_temp(con, table, name, params))
    yield


@contextlib.contextmanager
def registered(
    con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame
) -> Iterator[None]:
    """Within the block, ``frame`` is the relation ``name`` that SQL steps read.

    For rows made in pandas that a metric's SQL joins (a set of episodes): DuckDB
    reads the frame where it is, where binding a million values as lists cost
    seconds. DuckDB refuses to register while a result of ``execute`` is unfinished
    (a caller's ``fetchone`` in a notebook); that result is given up first, as the
    metric's next statement would give it up. Read paths only: giving up a result
    that writes would fail its transaction. Unregistered when the block ends.
    """
    if not _TEMP_NAME.fullmatch(name):
        raise StoreError(f"registered relation names start with '_': {name!r}")
    con.abort()
    con.register(name, frame)
    try:
        yield
    finally:
        con.unregister(name)


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


def first_row(
    con: duckdb.DuckDBPyConnection, sql: str, params: Any = None
) -> tuple[Any, ...] | None:
    """The first row of a query, or None; always consumes the whole result.

    DuckDB 2 keeps a result open until a fetch returns no rows, and an open result
    blocks ``register``; ``fetchone`` must therefore not be used on a connection
    that is shared with metric functions.
    """
    rows = _execute(con, sql, params or []).fetchall()
    return rows[0] if rows else None


#: Results by key while ``reuse_results`` is active (None: no reuse); ``_ASKED`` marks
#: a key asked for once.
_REUSE: dict[tuple[Any, ...], Any] | None = None


_ASKED: Any = pd.DataFrame()


#: Frames up to this shallow size are kept the first time (see ``reused``).
REUSE_AT_ONCE_BYTES = 256 * 2**20


#: Whether a named SQL file reads only store tables (no temporary table or variable).
_STORE_ONLY: dict[str, bool] = {}


_TEMP_OBJECT = re.compile(r"\b_[a-z]\w*\b|getvariable", re.IGNORECASE)


#: The filter each connection shows (``metrics.filters``). Held weakly: a connection
#: that is gone takes its entry with it, so a new connection that gets the same
#: ``id`` (a second command in one process, whose first never removed its filter)
#: never inherits it.
_VIEWS: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, str] = (
    weakref.WeakKeyDictionary()
)


def set_view_token(con: duckdb.DuckDBPyConnection, token: str | None) -> None:
    """Record that ``con`` shows a filtered log (``None``: the whole store again).

    Reused results are keyed by it, so a frame computed on the whole store is never
    answered for a filtered view of it, nor the other way round.
    """
    if token is None:
        _VIEWS.pop(con, None)
    else:
        _VIEWS[con] = token


def view_token(con: duckdb.DuckDBPyConnection) -> str | None:
    """The filter ``con`` shows (``set_view_token``), or ``None`` for the whole store."""
    return _VIEWS.get(con)


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


def result_key(
    con: duckdb.DuckDBPyConnection, name: str, *parts: Any
) -> tuple[Any, ...]:
    """The key of a result kept by ``reused`` or ``kept``: what, of which store, and how.

    ``name`` names the result; the connection (a number of its own, ``_serial``)
    and the filter it shows (``view_token``) tell one store's results from
    another's; ``parts`` are every
    argument the result depends on (an argument that cannot be hashed, such as a
    list, makes the result be computed afresh).
    """
    return (name, _serial(con), view_token(con), *parts)


#: A number per connection, never given twice in a process: unlike ``id(con)``, a
#: new connection at the address of a closed one does not get the closed one's
#: results. Held weakly, as ``_VIEWS``.
_SERIALS: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, int] = (
    weakref.WeakKeyDictionary()
)
_NEXT_SERIAL = itertools.count(1)


def _serial(con: duckdb.DuckDBPyConnection) -> int:
    serial = _SERIALS.get(con)
    if serial is None:
        serial = _SERIALS[con] = next(_NEXT_SERIAL)
    return serial


def reused(
    key: tuple[Any, ...],
    compute: Callable[[], pd.DataFrame],
    *,
    read_again: bool = False,
    shared: bool = False,
) -> pd.DataFrame:
    """``compute()``, or inside ``reuse_results`` a copy of its kept result for ``key``.

    A frame of up to ``REUSE_AT_ONCE_BYTES`` (shallow size) is kept when first
    computed; a larger one only when it is asked for a second time, so a large frame
    that one section reads once (the contact intervals: about 3 GB at 1 M cases) is
    never held. ``read_again``: the caller knows the frame is read more than once
    (it is kept when first computed, whatever its size). ``shared``: the caller only
    reads the frame, and hands it to nothing that changes it; it gets the kept frame
    itself, not a copy (the improvement steps' items: about 1 GB at 1 M cases, read
    twice per step).
    """
    if _REUSE is None or not _hashable(key):
        return compute()
    kept = _REUSE.get(key)
    if kept is None or kept is _ASKED:
        frame = compute()
        small = frame.memory_usage(index=False, deep=False).sum() <= REUSE_AT_ONCE_BYTES
        keep = kept is _ASKED or small or read_again
        # the kept frame is a copy: pandas joins its column blocks once here, so
        # the copy each later caller gets is a plain copy of the arrays; a shared
        # frame is kept as it is, the caller never changing it
        if not keep:
            _REUSE[key] = _ASKED
        else:
            _REUSE[key] = frame if shared else frame.copy()
        return frame
    return kept if shared else kept.copy()


def kept(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """``compute()``, or inside ``reuse_results`` the value kept for ``key``.

    For small results that are not one frame (a tuple of frames, a dict), kept the
    first time they are computed. The caller gets the kept object itself: it must
    not change it (copy first). ``key`` starts with the name of what is kept.
    Same store and lifetime as ``reused`` (under keys of their own); ``reused`` is
    for one frame: a copy per caller, and a large frame held only when asked again.
    """
    if _REUSE is None or not _hashable(key):
        return compute()
    full = ("kept", *key)
    if full not in _REUSE:
        _REUSE[full] = compute()
    return _REUSE[full]


#: Small facts of the store (its snapshot, ``meta`` values) per read-only connection.
#: Such a connection sees a store nobody can change while it is open: DuckDB refuses
#: a writing connection to the same file in this process and in every other one. So
#: each fact is read once per connection, also outside ``reuse_results`` (a command
#: of the CLI asked for the snapshot five times, a metric twice). Held weakly.
_FACTS: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, dict[Any, Any]] = (
    weakref.WeakKeyDictionary()
)


def unchanging(con: duckdb.DuckDBPyConnection) -> None:
    """Note that ``con`` is read-only: ``fact`` reads each fact of it once."""
    _FACTS.setdefault(con, {})


def fact(
    con: duckdb.DuckDBPyConnection, key: tuple[Any, ...], compute: Callable[[], Any]
) -> Any:
    """``kept(key, compute)``, read once per connection when ``con`` is ``unchanging``.

    For small values the caller does not change (a snapshot, a ``meta`` value).
    """
    facts = _FACTS.get(con)
    if facts is None or not _hashable(key):
        return kept(key, compute)
    if key not in facts:
        facts[key] = compute()
    return facts[key]


def drop_shared(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Drop a ``shared_table`` no later step reads (its memory is freed).

    A later ``shared_table`` of the same name makes it anew.
    """
    if not _TEMP_NAME.fullmatch(table):
        raise StoreError(f"temporary table names start with '_': {table!r}")
    if _REUSE is not None:
        _REUSE.pop(_made_marker(con, table), None)
    con.execute(f"DROP TABLE IF EXISTS {table}").fetchall()


def reusing() -> bool:
    """Whether results are being reused (inside ``reuse_results``, as in a report)."""
    return _REUSE is not None


def made_once(
    con: duckdb.DuckDBPyConnection,
    table: str,
    key: tuple[Any, ...],
    make: Callable[[], object],
) -> None:
    """``make()`` (which fills the temporary ``table``), unless it is already made.

    Inside ``reuse_results`` the table's last ``key`` on ``con`` is remembered, and
    ``make()`` is skipped when the table was last made for the same ``key`` (every
    argument it depends on, as ``result_key``). Only the last one counts: a table
    made for another key in between is made again. Outside the block ``make()``
    always runs.
    """
    if _REUSE is None or not _hashable(key):
        make()
        return
    marker = _made_marker(con, table)
    if _REUSE.get(marker) == key:
        return
    _REUSE.pop(marker, None)  # a failed make() leaves no claim behind
    make()
    _REUSE[marker] = key


def _made_marker(con: duckdb.DuckDBPyConnection, table: str) -> tuple[Any, ...]:
    """Where ``made_once`` remembers the key ``table`` was last made for on ``con``."""
    return ("made", _serial(con), table)


def _hashable(key: tuple[Any, ...]) -> bool:
    """Whether ``key`` can be a key (an argument such as a list makes it not one)."""
    try:
        hash(key)
    except TypeError:
        return False
    return True


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
    # only what the SQL uses: a caller's common set may carry others (a reference
    # time the statement never reads) that must not keep two equal answers apart
    frozen = frozen_params(_used_params(read_sql(name), name, params))
    if not _hashable(frozen):
        return None
    return result_key(con, "sql", name, frozen)


def frozen_params(params: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """SQL parameters as part of a key: sorted by name, lists as tuples."""
    return tuple(
        sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())
    )


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
