"""The line of schema versions: each version a migration from the one before.

A new store runs every step from version 1; an older store runs the steps it lacks,
all in one transaction, so it is either upgraded completely or left as it was. The
steps are the tables of each version in ``sql/store/schema_v<N>.sql`` and, where
data must change, a Python step beside it. ``docs/store.md`` ("Schema versions")
says what each version added.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import duckdb

from ipgar_metrics import privacy, schema
from ipgar_metrics.store._events import reorder
from ipgar_metrics.store._paths import (
    refresh_activity_firsts,
    refresh_approach_windows,
    refresh_episode_paths,
)
from ipgar_metrics.store._sql import first_row, run_sql

#: The schema version this toolkit writes and reads.
SCHEMA_VERSION = 13

#: Rejects of version 1 keep these cells of the row as they were: pseudonyms.
_PSEUDONYM_CELLS = frozenset({"case_id", "case_manager", "event_id"})


def _version_1(con: duckdb.DuckDBPyConnection) -> None:
    run_sql(con, "store/schema_v1")
    _insert_activity_order(con)


def _insert_activity_order(con: duckdb.DuckDBPyConnection) -> None:
    """Insert ``schema.ACTIVITY_ORDER`` into ``activity_order`` in one statement."""
    pairs = list(schema.ACTIVITY_ORDER.items())
    rows = ", ".join(["(?, ?)"] * len(pairs))
    con.execute(
        f"INSERT INTO activity_order VALUES {rows}",  # noqa: S608 - placeholders only
        [value for pair in pairs for value in pair],
    ).fetchall()


def _version_2(con: duckdb.DuckDBPyConnection) -> None:
    run_sql(con, "store/schema_v2")
    _mask_version_1_rejects(con)


def _mask_version_1_rejects(con: duckdb.DuckDBPyConnection) -> None:
    """Mask the cells a version-1 store kept in clear in ``rejected_events``.

    Version 1 stored the label cells of a rejected row (``raw``) and quoted them in
    the message; a misaligned row could put an identifier there. The cells become
    their shape (``privacy.masked_shape``); quoted values in the message too, except
    the known label after "did you mean".
    """
    rows = con.execute("SELECT rowid, message, raw FROM rejected_events").fetchall()
    for rowid, message, raw in rows:
        con.execute(
            "UPDATE rejected_events SET message = ?, raw = ? WHERE rowid = ?",
            [_mask_message(message), _mask_raw(raw), rowid],
        )


def _mask_raw(raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        cells = json.loads(raw)
    except ValueError:
        return privacy.masked_shape(raw)
    if not isinstance(cells, dict):
        return privacy.masked_shape(raw)
    masked = {
        k: v if v is None or k in _PSEUDONYM_CELLS else privacy.masked_shape(str(v))
        for k, v in cells.items()
    }
    return json.dumps(masked, ensure_ascii=False, separators=(",", ":"))


def _mask_message(message: str) -> str:
    parts = message.split('"')
    # odd parts are quoted; keep a quoted part that follows "did you mean " (a known
    # label) and a column header (followed by ':' - the export's own header)
    for i in range(1, len(parts), 2):
        before, after = parts[i - 1], parts[i + 1] if i + 1 < len(parts) else ""
        if before.endswith("did you mean ") or (
            before.endswith("column ") and after.startswith(":")
        ):
            continue
        parts[i] = privacy.masked_shape(parts[i])
    return '"'.join(parts)


def _version_3(con: duckdb.DuckDBPyConnection) -> None:
    run_sql(con, "store/schema_v3")


def _version_4(con: duckdb.DuckDBPyConnection) -> None:
    run_sql(con, "store/schema_v4")


def _version_5(con: duckdb.DuckDBPyConnection) -> None:
    run_sql(con, "store/schema_v5")


def _version_6(con: duckdb.DuckDBPyConnection) -> None:
    run_sql(con, "store/schema_v6")


def _version_7(con: duckdb.DuckDBPyConnection) -> None:
    run_sql(con, "store/schema_v7")
    _refresh_activity_order(con)


def _refresh_activity_order(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite ``activity_order`` from ``schema.ACTIVITY_ORDER``.

    A version that adds activity codes places them in the process order; the codes
    already known keep their relative order, so stored ``seq`` numbers stay valid.
    """
    con.execute("DELETE FROM activity_order").fetchall()
    _insert_activity_order(con)


def _version_8(con: duckdb.DuckDBPyConnection) -> None:
    run_sql(con, "store/schema_v8")


def _version_9(con: duckdb.DuckDBPyConnection) -> None:
    run_sql(con, "store/schema_v9")
    # the stored paths of the events already loaded (a new store has none)
    if first_row(con, "SELECT 1 FROM events LIMIT 1"):
        refresh_episode_paths(con)


def _version_10(con: duckdb.DuckDBPyConnection) -> None:
    run_sql(con, "store/schema_v10")
    # the keys of the events already loaded: a full reorder gives every case its
    # key (in pseudonym order) and writes the events sorted by it; seq and episode
    # come out as they were, so the snapshot id stays
    if first_row(con, "SELECT 1 FROM events LIMIT 1"):
        reorder(con)


def _version_11(con: duckdb.DuckDBPyConnection) -> None:
    run_sql(con, "store/schema_v11")
    # every event's step to the next of its episode: a full reorder numbers the
    # events as they were and writes the steps with them, so the snapshot id stays
    if first_row(con, "SELECT 1 FROM events LIMIT 1"):
        reorder(con)


def _version_12(con: duckdb.DuckDBPyConnection) -> None:
    run_sql(con, "store/schema_v12")
    # the first times of the events already loaded
    if first_row(con, "SELECT 1 FROM events LIMIT 1"):
        refresh_activity_firsts(con)


def _version_13(con: duckdb.DuckDBPyConnection) -> None:
    run_sql(con, "store/schema_v13")
    # the windows of the episodes already loaded
    if first_row(con, "SELECT 1 FROM events LIMIT 1"):
        refresh_approach_windows(con)


#: version -> the step that brings a store of the version before to it
MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {
    1: _version_1,
    2: _version_2,
    3: _version_3,
    4: _version_4,
    5: _version_5,
    6: _version_6,
    7: _version_7,
    8: _version_8,
    9: _version_9,
    10: _version_10,
    11: _version_11,
    12: _version_12,
    13: _version_13,
}


def stored_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version recorded in ``meta`` (0: a store without one)."""
    row = first_row(con, "SELECT value FROM meta WHERE key = 'schema_version'")
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection, version: int) -> None:
    """Bring a store of ``version`` to ``SCHEMA_VERSION`` in one transaction."""
    con.execute("BEGIN TRANSACTION").fetchall()
    try:
        for step in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[step](con)
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
            [str(SCHEMA_VERSION)],
        ).fetchall()
        con.execute("COMMIT").fetchall()
    except BaseException:
        con.execute("ROLLBACK").fetchall()
        raise
