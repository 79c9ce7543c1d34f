"""The store's events and loads: inserting, ordering into episodes, snapshot, meta.

Where an episode begins is decided in ``sql/store/reorder_ipgar.sql`` (run by
``reorder``), which numbers ``seq`` and ``episode`` for every event at load;
``metrics/_episodes.py`` reads those numbers and never re-derives them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import duckdb
import pandas as pd

from ipgar_metrics import schema
from ipgar_metrics.errors import ConfigError, StoreError
from ipgar_metrics.store._paths import give_activity_codes, refresh_derived_rows
from ipgar_metrics.store._sql import fact, first_row, result_key, run_sql


def profile_of(con: duckdb.DuckDBPyConnection) -> str:
    """The store's profile (``ipgar`` or ``generic``); ``ipgar`` when not yet loaded."""
    return meta_value(con, "profile") or "ipgar"


def meta_value(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """The value of ``key`` in the store's ``meta`` table, ``None`` when absent.

    Keys: ``schema_version``, ``profile`` (fixed at the first load) and
    ``key_fingerprint`` (``privacy.key_fingerprint`` of the pseudonymisation key).
    Read once per read-only connection, or inside ``reuse_results`` (every metric
    asks for the profile).
    """
    return fact(con, result_key(con, "meta", key), lambda: _meta_value(con, key))


def _meta_value(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = first_row(con, "SELECT value FROM meta WHERE key = ?", [key])
    return None if row is None else str(row[0])


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Record ``key = value`` in the store's ``meta`` table (replacing an older value)."""
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


#: The one-line refusal of a step that would process relations without a DPIA.
RELATIONS_REFUSAL = (
    "the store processes relations only with a DPIA reference: "
    "ipgar config --db DB --enable relations --dpia REFERENCE"
)


def relations_enabled(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether relations are enabled, with a DPIA reference recorded.

    The store's settings ``relations`` (``enabled``) and ``relations_dpia`` (set
    by ``governance.enable_relations``). Here, below ``ingest`` and ``governance``,
    so that both can call the gate.
    """
    rows = dict(
        con.execute(
            "SELECT key, value FROM settings WHERE key IN ('relations', 'relations_dpia')"
        ).fetchall()
    )
    return rows.get("relations") == "enabled" and bool(rows.get("relations_dpia"))


def require_relations_enabled(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse (``ConfigError``, one line) unless relations are enabled with a DPIA."""
    if not relations_enabled(con):
        raise ConfigError(RELATIONS_REFUSAL)


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The store's snapshot id and the latest load's export date and time, for colophons.

    The snapshot id is the latest load's, or the latest purge's when a purge came
    after it (a purge changes the content, ``docs/store.md``, "Purge"), or the one a
    restriction of processing or its lifting recorded (the ``settings`` row
    ``restriction_snapshot``) when that came after both: each changes what the
    metrics read.
    """
    key = result_key(con, "snapshot")
    # three queries, asked by every metric (twice): once per read-only connection
    return Snapshot(fact(con, key, lambda: _snapshot(con)))


class Snapshot(dict[str, Any]):
    """The dict ``snapshot`` returns: its values are immutable (text, dates, numbers).

    So a deep copy is a plain copy. pandas deep-copies a frame's ``attrs`` (which
    hold the snapshot) at nearly every operation on the frame, and copying the two
    dates field by field was most of that copy (18 µs of 26 µs per copy).
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> Snapshot:
        return Snapshot(self)


def _snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
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
    out = dict(
        zip(("snapshot_id", "export_date", "loaded_at", "load_id"), row, strict=True)
    )
    purge = first_row(
        con,
        "SELECT snapshot_id FROM purges WHERE purged_at >= ? "
        "ORDER BY purge_id DESC LIMIT 1",
        [out["loaded_at"]],
    )
    if purge is not None:
        out["snapshot_id"] = purge[0]
    restriction = first_row(
        con,
        "SELECT value FROM settings WHERE key = 'restriction_snapshot' "
        "AND changed_at >= ? AND changed_at >= "
        "(SELECT coalesce(max(purged_at), ?) FROM purges)",
        [out["loaded_at"], out["loaded_at"]],
    )
    if restriction is not None:
        out["snapshot_id"] = restriction[0]
    return out


def snapshot_id(con: duckdb.DuckDBPyConnection) -> str:
    """A hash of the store's events, cases and attributes, however they were loaded.

    Order-independent (``sql/load/snapshot.sql``): the same events and cases give the
    same id however and in how many loads they came, and a purge gives the id of a
    store loaded without the purged persons. Relations and key locations (schema
    version 7, ``sql/load/snapshot_network.sql``) count only when the store holds
    one, so the id of a store without them is what it was before version 7.
    """
    row = run_sql(con, "load/snapshot").fetchall()[0]
    extra = run_sql(con, "load/snapshot_attributes").fetchall()[0]
    if extra[0]:  # attributes count only when there are some (schema version 8)
        row = (*row, *extra)
    text = "|".join(str(v) for v in row)
    network = run_sql(con, "load/snapshot_network").fetchall()[0]
    if network[0] or network[3]:
        text += "|network|" + "|".join(str(v) for v in network)
    return "S" + hashlib.sha256(text.encode()).hexdigest()[:16]


def first_event_at(con: duckdb.DuckDBPyConnection) -> Any:
    """The timestamp of the first event in the store (None when it holds none)."""
    return con.execute("SELECT min(ts) FROM events").fetchall()[0][0]


def last_event_at(con: duckdb.DuckDBPyConnection) -> Any:
    """The timestamp of the last event in the store (the default reference time)."""
    return con.execute("SELECT max(ts) FROM events").fetchall()[0][0]


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
    for col in (
        *schema.CANONICAL_COLUMNS,
        "lifecycle",
        "registered_at",
        "intervention_type",
    ):
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
    refresh_derived_rows(con)


def set_profile(con: duckdb.DuckDBPyConnection, profile: str) -> None:
    """Record the store's profile."""
    set_meta(con, "profile", profile)


#: The columns of ``events`` the numbering gives (``sql/store/reorder_*.sql``): the
#: position and episode, the integer keys (version 10) and the step to the next
#: event (version 11).
NUMBERED_COLUMNS: tuple[str, ...] = (
    "episode",
    "seq",
    "case_key",
    "activity_code",
    "next_activity_code",
    "next_gap_us",
)


def reorder(con: duckdb.DuckDBPyConnection, *, touched: bool = False) -> None:
    """Number the events again and store them sorted by case and position.

    Every column of ``NUMBERED_COLUMNS`` is recomputed: ``seq``, ``episode``, the
    integer keys and each event's step to the next event of its episode.

    Ties in time are broken by process order then content (profile ``ipgar``), or by
    position in the source file (profile ``generic``), so results never depend on
    the row order of an export in profile ``ipgar`` and agree with pm4py's stable
    sort in profile ``generic``.

    This is where an episode begins: ``sql/store/reorder_ipgar.sql`` opens one at a
    case's first report and at a report after an exit, a ``geen_opname`` decision or
    a preventive conversation (in profile ``generic`` every event is in episode 1).
    ``metrics/_episodes.py`` builds the episode table on these numbers.

    ``touched=False`` rewrites the whole table. ``touched=True`` renumbers only the
    cases in the temporary table ``_renumber_cases`` (``sql/load/touched_cases.sql``
    makes it inside a load) and writes their rows back sorted
    (``sql/store/renumber_cases.sql``); the other rows stay as they are. A case is
    numbered from its own events only, so both give the same numbers.
    """
    where = " WHERE case_id IN (SELECT case_id FROM _renumber_cases)" if touched else ""
    stored = _stored_columns(con)
    numbered = [c for c in NUMBERED_COLUMNS if c in stored]
    view = f"CREATE OR REPLACE TEMP VIEW _to_number AS SELECT * EXCLUDE ({', '.join(numbered)}) FROM events{where}"  # noqa: S608 - fixed names
    con.execute(view).fetchall()
    try:
        _define_numbered(con, profile_of(con))
        run_sql(con, "store/renumber_cases" if touched else "store/reorder_all")
    finally:
        _drop_numbering(con)


def insert_numbered(con: duckdb.DuckDBPyConnection, *, profile: str) -> int:
    """Append the load's new events (the view ``_new_events``) numbered and sorted.

    The numbering gives the rows sorted by case, episode and position; they are
    copied to a temporary table and inserted in that order
    (``sql/store/insert_numbered.sql``):
    a new case's events get their final ``seq`` and ``episode`` here, from its new
    events. A case the store held before is numbered from its new events only, so
    the load renumbers it afterwards (``reorder(con, touched=True)``). Returns the
    number of events added. ``profile``: the load's (a first load records it after).
    """
    run_sql(con, "store/new_events_to_number").fetchall()
    try:
        _define_numbered(con, profile)
        return int(run_sql(con, "store/insert_numbered").fetchall()[0][0])
    finally:
        _drop_numbering(con)


def _define_numbered(con: duckdb.DuckDBPyConnection, profile: str) -> None:
    """Define the view ``_numbered`` over ``_to_number`` in ``profile``.

    The activities and cases of ``_to_number`` get their integer keys first (a new
    activity the next free code, ``give_activity_codes``; a stored case keeps its
    ``case_key``, a new one gets the next free, ``sql/store/case_keys.sql``), so the
    numbering partitions by an integer and writes both keys with every event.
    ``_numbered`` holds the columns of the ``events`` table in its order, of all
    that ``sql/store/reorder_<profile>.sql`` gives (``_numbered_all``): the upgrade to
    version 10 numbers a table without the steps of version 11.
    """
    give_activity_codes(con, "_to_number")
    run_sql(con, "store/case_keys").fetchall()
    step = "store/reorder_ipgar" if profile == "ipgar" else "store/reorder_generic"
    run_sql(con, step).fetchall()
    columns = ", ".join(f'"{c}"' for c in _stored_columns(con))
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW _numbered AS SELECT {columns} FROM _numbered_all"  # noqa: S608 - the table's own columns
    ).fetchall()


def _stored_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The columns of the store's ``events`` table in order (not of a filter's view)."""
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'events' "
        "AND schema_name = 'main' AND database_name = current_database() "
        "ORDER BY column_index"
    ).fetchall()
    return [r[0] for r in rows]


def _drop_numbering(con: duckdb.DuckDBPyConnection) -> None:
    for view in ("_numbered", "_numbered_all", "_keyed", "_to_number"):
        con.execute(f"DROP VIEW IF EXISTS {view}").fetchall()
    for table in ("_case_keys", "_numbered_rows"):
        con.execute(f"DROP TABLE IF EXISTS {table}").fetchall()


def table_frame(
    con: duckdb.DuckDBPyConnection, table: str, params: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Return a whole store table (tests and debugging)."""
    if table not in {"events", "cases", "rejected_events", "loads", "meta"}:
        raise StoreError(f"unknown table {table!r}")
    return con.execute(f"SELECT * FROM {table}", params or {}).df()  # noqa: S608
