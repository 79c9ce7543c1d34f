"""The DuckDB event store: connections, schema and its version, named SQL files.

Everything above the store (ingest, metrics) reaches DuckDB through these functions;
SQL lives in ``ipgar_metrics/sql/<family>/<step>.sql`` and runs through ``run_sql``.
"""

from ipgar_metrics.store._store import (
    REUSE_AT_ONCE_BYTES,
    SCHEMA_VERSION,
    check_version,
    connect,
    define_macros,
    ensure_schema,
    first_event_at,
    first_row,
    insert_events,
    last_event_at,
    memory_store,
    owner_only,
    profile_of,
    read_sql,
    reorder,
    reuse_results,
    reused,
    run_sql,
    set_profile,
    snapshot,
    sql_frame,
    table_frame,
    temp_table,
)

__all__ = [
    "REUSE_AT_ONCE_BYTES",
    "SCHEMA_VERSION",
    "check_version",
    "connect",
    "define_macros",
    "ensure_schema",
    "first_event_at",
    "first_row",
    "insert_events",
    "last_event_at",
    "memory_store",
    "owner_only",
    "profile_of",
    "read_sql",
    "reorder",
    "reuse_results",
    "reused",
    "run_sql",
    "set_profile",
    "snapshot",
    "sql_frame",
    "table_frame",
    "temp_table",
]
