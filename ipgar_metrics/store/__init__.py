"""The DuckDB event store: connections, schema and its version, named SQL files.

Everything above the store (ingest, metrics) reaches DuckDB through these functions;
SQL lives in ``ipgar_metrics/sql/<family>/<step>.sql`` and runs through ``run_sql``.
Modules: ``_connection`` (connect, schema version, macros), ``_sql`` (named SQL
files, temporary tables, the reuse cache), ``_events`` (inserting and ordering
events, snapshot, profile), ``_migrations`` (the line of schema versions),
``_paths`` (the stored path of each episode,
schema version 9), ``_rewrite`` (a new file without the bytes of deleted rows), ``_processing_log``
(the hash-chained processing log ``<db>.log.jsonl`` beside the store),
``_failures`` (a damaged file or a full disk as one ``StoreError`` line).

Where an episode begins is decided here, at load: ``reorder`` runs
``sql/store/reorder_ipgar.sql`` (profile ``ipgar``; ``reorder_generic.sql`` otherwise),
which numbers ``seq`` and ``episode`` (for every event, or for the cases a load
touched, and for a load's new events as they are inserted). ``metrics/_episodes.py`` builds
the episode table on those numbers and does not re-derive them.
"""

from ipgar_metrics.store._connection import (
    check_version,
    close_open_stores,
    connect,
    define_macros,
    ensure_schema,
    memory_store,
    owner_only,
    require_store,
    transaction,
)
from ipgar_metrics.store._events import (
    RELATIONS_REFUSAL,
    first_event_at,
    insert_events,
    insert_numbered,
    last_event_at,
    meta_value,
    profile_of,
    relations_enabled,
    reorder,
    require_relations_enabled,
    set_meta,
    set_profile,
    snapshot,
    snapshot_id,
    table_frame,
)
from ipgar_metrics.store._failures import (
    damaged_store_error,
    no_room_error,
)
from ipgar_metrics.store._migrations import MIGRATIONS, SCHEMA_VERSION
from ipgar_metrics.store._paths import refresh_derived_rows, refresh_episode_paths
from ipgar_metrics.store._processing_log import (
    LOG_COLUMNS,
    ProcessingSession,
    log_path,
    processing_session,
    read_processing_log,
    record_processing,
    verify_processing_log,
)
from ipgar_metrics.store._rewrite import rewrite_store
from ipgar_metrics.store._spill import REWRITE_MEMORY_LIMIT, limit_memory
from ipgar_metrics.store._sql import (
    REUSE_AT_ONCE_BYTES,
    drop_shared,
    first_row,
    frozen_params,
    kept,
    made_once,
    read_sql,
    registered,
    result_key,
    reuse_results,
    reused,
    reusing,
    run_sql,
    set_view_token,
    shared_table,
    sql_frame,
    temp_table,
    view_token,
)

__all__ = [
    "LOG_COLUMNS",
    "MIGRATIONS",
    "RELATIONS_REFUSAL",
    "REUSE_AT_ONCE_BYTES",
    "REWRITE_MEMORY_LIMIT",
    "SCHEMA_VERSION",
    "ProcessingSession",
    "check_version",
    "close_open_stores",
    "connect",
    "damaged_store_error",
    "define_macros",
    "drop_shared",
    "ensure_schema",
    "first_event_at",
    "first_row",
    "frozen_params",
    "insert_events",
    "insert_numbered",
    "kept",
    "last_event_at",
    "limit_memory",
    "log_path",
    "made_once",
    "memory_store",
    "meta_value",
    "no_room_error",
    "owner_only",
    "processing_session",
    "profile_of",
    "read_processing_log",
    "read_sql",
    "record_processing",
    "refresh_derived_rows",
    "refresh_episode_paths",
    "registered",
    "relations_enabled",
    "reorder",
    "require_relations_enabled",
    "require_store",
    "result_key",
    "reuse_results",
    "reused",
    "reusing",
    "rewrite_store",
    "run_sql",
    "set_meta",
    "set_profile",
    "set_view_token",
    "shared_table",
    "snapshot",
    "snapshot_id",
    "sql_frame",
    "table_frame",
    "temp_table",
    "transaction",
    "verify_processing_log",
    "view_token",
]
