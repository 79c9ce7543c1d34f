"""Load exports into the event store: validated, pseudonymised, idempotent, nothing lost.

``load(paths)`` reads CSV, Excel, Parquet and XES exports (``readers``), maps them with
an optional mapping file (``mapping``), checks every row (``validate``), pseudonymises
identifiers on the way in, and adds the new events to the DuckDB store in one
transaction. For every load ``rows_read = rows_loaded + rows_rejected +
duplicates_skipped``; rejected rows are stored in ``rejected_events`` with their
reason, and the ``loads`` manifest records hashes, counts and the snapshot id.

``validate(paths)`` runs the same checks in memory and returns the quality report,
without writing anything.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

import duckdb
import pandas as pd

from ipgar_metrics import __version__, config, privacy, schema, store
from ipgar_metrics.errors import ConfigError, StoreError
from ipgar_metrics.ingest import _checks as checks
from ipgar_metrics.ingest._mapping import Mapping, load_mapping
from ipgar_metrics.ingest._readers import FileInfo, stage_file

PathLike = str | os.PathLike[str]

#: Columns of ``LoadResult.rejects`` (one row per failed check of a row).
REJECT_COLUMNS: dict[str, str] = {
    "file": "str: file name of the export",
    "row": "int: data row of the file (1 = first row after the header)",
    "column": "str: export header of the failing cell (empty for a whole-row failure)",
    "reason_code": "str: ReasonCode value, e.g. missing_timestamp",
    "message": "str: what is wrong and what to do; no identifying value",
    "case_id": "str: pseudonym of the row's case (empty when it had none)",
}


#: DuckDB memory limit of a load (``IPGAR_MEMORY_LIMIT`` overrides); larger
#: intermediate tables spill to ``<db>.tmp/`` (already pseudonymised).
LOAD_MEMORY_LIMIT = "4GB"


@dataclass
class LoadResult:
    """What one load did; ``rows_read == rows_loaded + rows_rejected + duplicates_skipped``."""

    load_id: int
    rows_read: int
    rows_loaded: int
    new_events: int
    already_present: int
    rows_rejected: int
    duplicates_skipped: int
    snapshot_id: str
    rejects: pd.DataFrame = field(repr=False)
    #: rows of separate case tables (case id + attributes), counted apart from events
    case_rows_read: int = 0
    case_rows_loaded: int = 0
    case_rows_rejected: int = 0
    case_duplicates_skipped: int = 0

    def summary(self) -> str:
        """The account of the load, as the CLI prints it (a second line for case tables)."""
        text = (
            f"read {self.rows_read} = loaded {self.rows_loaded} (new {self.new_events}, "
            f"already in store {self.already_present}) + rejected {self.rows_rejected} "
            f"+ duplicates {self.duplicates_skipped}"
        )
        if self.case_rows_read:
            text += (
                f"\ncase table rows: read {self.case_rows_read} = loaded "
                f"{self.case_rows_loaded} + rejected {self.case_rows_rejected} "
                f"+ duplicates {self.case_duplicates_skipped}"
            )
        return text


def load(
    paths: Sequence[PathLike] | PathLike,
    *,
    mapping: PathLike | None = None,
    db: PathLike = config.DEFAULT_DB,
    profile: Literal["ipgar", "generic"] = "ipgar",
    export_date: date | None = None,
    key: bytes | None = None,
) -> LoadResult:
    """Load one or more exports into the event store at ``db``.

    Parameters
    ----------
    paths
        Export files (``.csv``, ``.xlsx``, ``.parquet``, ``.xes``, ``.xes.gz``).
    mapping
        Mapping file (TOML); without one, canonical column names are expected.
    db
        The DuckDB event store; created (owner-only) when it does not exist.
    profile
        ``ipgar`` checks the vocabulary; ``generic`` accepts any activity.
    export_date
        The date the export was taken (default: today); later dates are rejected.
    key
        Pseudonymisation key (default ``privacy.load_key()``).

    Returns
    -------
    LoadResult
        Counts, the new snapshot id and ``rejects`` (columns: file, row, column,
        reason_code, message, case_id).

    Raises
    ------
    ExportFormatError
        A file cannot be read, lacks a required column, or the mapping is wrong.
    StoreError
        The database is in use by another process or cannot be opened.
    """
    files_in = _paths(paths)
    _check_profile(profile)
    the_mapping = load_mapping(mapping)
    key = privacy.load_key() if key is None else key
    export_date = export_date or date.today()
    old_umask = os.umask(0o077)  # the file, its WAL and spill files: owner-only
    try:
        con = store.connect(db, read_only=False)
        try:
            limit = os.environ.get("IPGAR_MEMORY_LIMIT", LOAD_MEMORY_LIMIT)
            con.execute("SET memory_limit = $limit", {"limit": limit}).fetchall()
            result = _load_into(con, files_in, the_mapping, profile, export_date, key)
            con.execute("CHECKPOINT").fetchall()
        finally:
            con.close()
    finally:
        os.umask(old_umask)
    store.owner_only(Path(db))
    return result


def validate(
    paths: Sequence[PathLike] | PathLike,
    *,
    mapping: PathLike | None = None,
    profile: Literal["ipgar", "generic"] = "ipgar",
    export_date: date | None = None,
    key: bytes | None = None,
) -> pd.DataFrame:
    """Check exports without loading them: the quality report of a trial load in memory.

    Returns
    -------
    pandas.DataFrame
        One row per check, as ``quality_report`` (check, severity, count,
        examples, description); nothing is written to a database.
    """
    from ipgar_metrics.metrics.quality import quality_report

    con = store.memory_store()
    try:
        load_into(
            con,
            paths,
            mapping=mapping,
            profile=profile,
            export_date=export_date,
            key=key,
        )
        return quality_report(con)
    finally:
        con.close()


def load_into(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[PathLike] | PathLike,
    *,
    mapping: PathLike | None = None,
    profile: Literal["ipgar", "generic"] = "ipgar",
    export_date: date | None = None,
    key: bytes | None = None,
) -> LoadResult:
    """Load exports into an open, writable store connection (e.g. ``store.memory_store()``).

    The same steps as :func:`load` in one transaction on ``con``, without opening,
    checkpointing or closing a file. For notebooks that explore an export in memory
    and for tests.
    """
    files_in = _paths(paths)
    _check_profile(profile)
    return _load_into(
        con,
        files_in,
        load_mapping(mapping),
        profile,
        export_date or date.today(),
        privacy.load_key() if key is None else key,
    )


def _load_into(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    mapping: Mapping,
    profile: str,
    export_date: date,
    key: bytes,
) -> LoadResult:
    rows = con.execute("SELECT value FROM meta WHERE key = 'profile'").fetchall()
    stored_profile = rows[0] if rows else None
    if stored_profile and stored_profile[0] != profile and _has_events(con):
        raise StoreError(
            f"this store holds a {stored_profile[0]} log; load with --profile "
            f"{stored_profile[0]} or into a new --db file."
        )
    con.execute("SET enable_progress_bar = false").fetchall()
    try:
        return _stage_check_commit(con, paths, mapping, profile, export_date, key)
    finally:
        for name in ("_mapped", "_staged", "_case_staged", "_new_events"):
            con.execute(f"DROP VIEW IF EXISTS {name}").fetchall()
        stages = [f"_stage_{i}" for i in range(len(paths))]
        temp = (
            "_timed",
            "_valid",
            "_rejects",
            "_case_checked",
            "_case_rejects",
        )
        for name in (*temp, *stages):
            con.execute(f"DROP TABLE IF EXISTS {name}").fetchall()
        con.execute("SELECT 1").fetchall()  # no pending result before unregister
        for i in range(len(paths)):  # Excel/XES frames registered by the readers
            with contextlib.suppress(duckdb.Error):
                con.unregister(f"_src_{i}")


def _stage_check_commit(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    mapping: Mapping,
    profile: str,
    export_date: date,
    key: bytes,
) -> LoadResult:
    checks.setup_pseudonyms(con, key)
    checks.setup_vocabulary(con, mapping)
    files: list[FileInfo] = [
        stage_file(con, p, i, mapping) for i, p in enumerate(paths)
    ]
    checks.check(con, files, mapping=mapping, profile=profile, export_date=export_date)
    n = checks.counts(con)
    rejects = checks.rejects_frame(con)
    con.execute("BEGIN TRANSACTION").fetchall()
    try:
        load_id = con.execute(
            "SELECT coalesce(max(load_id), 0) + 1 FROM loads"
        ).fetchall()[0][0]
        con.execute(
            "SET VARIABLE ipgar_load_id = CAST($id AS INTEGER)", {"id": load_id}
        ).fetchall()
        con.execute(
            "SET VARIABLE ipgar_multi_file = CAST($multi AS BOOLEAN)",
            {"multi": len(files) > 1},
        ).fetchall()
        checks.run(con, "load/new_events")
        # _new_events is a view: the INSERT reports how many rows it added
        new = checks.run(con, "store/insert_staged")[0][0]
        checks.run(con, "load/cases")
        checks.run(con, "load/insert_rejects", load_id=load_id)
        checks.run(con, "load/flags", load_id=load_id)
        store.set_profile(con, profile)
        if new:  # no new event: order and episodes cannot change
            store.reorder(con)
        snap = snapshot_id(con)
        manifest = [
            {"name": f.name, "sha256": f.sha256, "rows": f.rows, "kind": f.kind}
            for f in files
        ]
        con.execute(
            "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                load_id,
                datetime.now(UTC),
                profile,
                json.dumps(manifest),
                mapping.sha256,
                export_date,
                n["rows_read"],
                n["rows_loaded"],
                new,
                n["rows_loaded"] - new,
                n["rows_rejected"],
                n["duplicates_skipped"],
                __version__,
                snap,
            ],
        ).fetchall()
        _fail_point()
        con.execute("COMMIT").fetchall()
    except BaseException:
        con.execute("ROLLBACK").fetchall()
        raise
    return LoadResult(
        load_id=load_id,
        rows_read=n["rows_read"],
        rows_loaded=n["rows_loaded"],
        new_events=new,
        already_present=n["rows_loaded"] - new,
        rows_rejected=n["rows_rejected"],
        duplicates_skipped=n["duplicates_skipped"],
        snapshot_id=snap,
        rejects=rejects,
        case_rows_read=n["case_rows_read"],
        case_rows_loaded=n["case_rows_read"]
        - n["case_rows_rejected"]
        - n["case_duplicates_skipped"],
        case_rows_rejected=n["case_rows_rejected"],
        case_duplicates_skipped=n["case_duplicates_skipped"],
    )


def snapshot_id(con: duckdb.DuckDBPyConnection) -> str:
    """A hash of the store's events and cases, independent of how they were loaded."""
    row = checks.run(con, "load/snapshot")[0]
    text = "|".join(str(v) for v in row)
    return "S" + hashlib.sha256(text.encode()).hexdigest()[:16]


def _fail_point() -> None:
    """Test hooks inside the transaction, after every write and before COMMIT.

    ``IPGAR_LOAD_PAUSE=<seconds>`` announces itself on stderr and sleeps (the crash
    test kills the process there); ``IPGAR_FAIL_LOAD`` raises (the rollback test).
    """
    pause = os.environ.get("IPGAR_LOAD_PAUSE")
    if pause:
        print("ipgar load: paused before commit", file=sys.stderr, flush=True)  # noqa: T201
        time.sleep(float(pause))
    if os.environ.get("IPGAR_FAIL_LOAD"):
        raise StoreError(
            "load aborted by IPGAR_FAIL_LOAD (test hook); nothing was stored."
        )


def _has_events(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM events").fetchall()[0][0])


def _paths(paths: Sequence[PathLike] | PathLike) -> list[Path]:
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    out = [Path(p) for p in paths]
    if not out:
        raise ConfigError("no export file given; name at least one file to load.")
    return out


def _check_profile(profile: str) -> None:
    if profile not in schema.PROFILES:
        raise ConfigError(
            f'unknown profile "{profile}"; choose one of: {", ".join(schema.PROFILES)}.'
        )
