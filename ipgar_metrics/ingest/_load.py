"""Load exports into the event store: validated, pseudonymised, idempotent, nothing lost.

``load(paths)`` reads CSV, Excel, Parquet and XES exports (``readers``), maps them with
an optional mapping file (``mapping``), checks every row (``validate``), pseudonymises
identifiers on the way in, and adds the new events to the DuckDB store in one
transaction. For every load ``rows_read = rows_loaded + rows_rejected +
duplicates_skipped`` and ``rows_loaded = new_events + corrected + already_present``;
an event the store holds with other content is corrected (the newest export wins),
and with a declared export window the events of the store that the export lacks are
deleted in the source (``ingest._changes``; docs/store.md, "Corrections and deletions
in the source"); rejected rows are stored in ``rejected_events`` with their
reason, and the ``loads`` manifest records hashes, counts and the snapshot id.

``validate(paths)`` runs the same checks in memory and returns the quality report,
without writing anything.

Nothing is guessed silently (docs/store.md, "What a load chooses"):

- the **export date** is ``export_date=``, else the mapping file's ``export_date``,
  else the date of the newest event in the file;
- the **profile** is ``profile=``, else the store's recorded profile, else ``ipgar``
  with a mapping file or when the activities are iPGA-R codes, else ``generic`` for
  an XES log; a load with another profile than the store's is refused;
- the **key**: the store records the key's fingerprint at its first load and
  refuses a load with another key (``privacy.key_fingerprint``).

``LoadResult.choices()`` says which of these were chosen for the caller.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
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
from ipgar_metrics.errors import (
    ConfigError,
    ExportFormatError,
    IpgarError,
    StoreError,
    ValidationError,
)
from ipgar_metrics.ingest import _attributes as attributes
from ipgar_metrics.ingest import _changes as changes
from ipgar_metrics.ingest import _checks as checks
from ipgar_metrics.ingest._mapping import (
    VOCABULARY_FILE,
    ExportWindow,
    Mapping,
    Vocabulary,
    export_window_text,
    load_mapping,
    parse_export_window,
    shown_value,
)
from ipgar_metrics.ingest._readers import FileInfo, stage_file
from ipgar_metrics.ingest._xes import is_xes

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


Profile = Literal["ipgar", "generic"]

#: Sources of an export date that state the export's age (``LoadResult.export_date_source``)
_STATED_DATES = frozenset({"given", "mapping_date"})

#: Why a default was chosen (``LoadResult.*_source``) -> the words the CLI says.
_REASONS: dict[str, str] = {
    "mapping_date": "the export_date of the mapping file",
    "newest_event": "the newest event in the file",
    "no_event": "no row has a usable timestamp",
    "store": "recorded in the store at its first load",
    "mapping": "a mapping file is given",
    "vocabulary": "the activities are iPGA-R codes",
    "xes": "an XES log without iPGA-R activity codes",
}


@dataclass
class LoadResult:
    """What one load did; ``rows_read == rows_loaded + rows_rejected + duplicates_skipped``.

    ``rows_loaded == new_events + corrected + already_present``: a corrected event is
    a loaded row, and a row kept as stored because its export is older than the
    stored version (``kept_older``) is counted in ``already_present``.
    """

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
    #: the export date used and where it came from: ``given``, ``mapping_date``,
    #: ``newest_event`` or ``no_event`` (then ``export_date`` is None)
    export_date: date | None = None
    export_date_source: str = "given"
    #: the profile used and why: ``given``, ``store``, ``mapping``, ``vocabulary``, ``xes``
    profile: str = "ipgar"
    profile_source: str = "given"
    #: where the key came from (``privacy.key_source()``), never the key
    key_source: str = "the key given to load()"
    #: things the caller should hear once (e.g. a key fingerprint recorded late)
    notes: list[str] = field(default_factory=list)
    #: values outside the vocabulary that were loaded with a ``new_value`` flag:
    #: ``(column, shown, values, rows)``; ``shown`` is the quoted code, ``shaped
    #: Aaaa ####`` for a value with a digit, or ``None`` when it is not shown (it may
    #: be a name; see ``ingest._mapping.shown_value``); ``values`` distinct values
    new_values: list[tuple[str, str | None, int, int]] = field(default_factory=list)
    #: events of the store whose content this load replaced (the old version is in
    #: ``event_history``); counted in ``rows_loaded``, not in ``already_present``
    corrected: int = 0
    #: rows whose content differs from the stored version but whose export date is
    #: before that of the load that brought it: kept as stored (in ``already_present``)
    kept_older: int = 0
    #: the export window used (``"full"`` or first and last local date), None: none,
    #: and where it came from: ``given`` or ``mapping``
    export_window: ExportWindow | None = None
    export_window_source: str = "given"
    #: the first and last local date of the export's valid events (None: none)
    export_span: tuple[date, date] | None = None
    #: events of the store inside the window that the export lacks: deleted (kept in
    #: ``event_history``), or held for review with ``keep_deletions``
    deleted: int = 0
    deletions_held: int = 0

    def summary(self) -> str:
        """The account of the load, as the CLI prints it.

        One line of row counts; then, when they apply, a line for rows kept as stored
        (older export), one for the export window and its deletions, and one for
        case tables.
        """
        corrected = f"corrected {self.corrected}, " if self.corrected else ""
        text = (
            f"read {self.rows_read} = loaded {self.rows_loaded} (new {self.new_events}, "
            f"{corrected}already in store {self.already_present}) + rejected "
            f"{self.rows_rejected} + duplicates {self.duplicates_skipped}"
        )
        if self.kept_older:
            text += (
                f"\nkept as stored {self.kept_older}: rows with other content than the "
                "store, from an export older than the one of the stored version"
            )
        if self.export_window is not None:
            text += "\n" + self._window_line()
        if self.case_rows_read:
            text += (
                f"\ncase table rows: read {self.case_rows_read} = loaded "
                f"{self.case_rows_loaded} + rejected {self.case_rows_rejected} "
                f"+ duplicates {self.case_duplicates_skipped}"
            )
        return text

    def _window_line(self) -> str:
        """The window used, the span of the export's events, and what was deleted."""
        window = self.export_window
        used = "full history" if window == "full" else export_window_text(window)
        where = " (mapping file)" if self.export_window_source == "mapping" else ""
        span = (
            f"{self.export_span[0]}..{self.export_span[1]}"
            if self.export_span
            else "none"
        )
        if self.deletions_held:
            what = (
                f"deleted in the source {self.deletions_held}, held for review "
                "(--keep-deletions; quality flag deleted_in_source)"
            )
        else:
            what = f"deleted in the source {self.deleted} (kept in event_history)"
        return f"export window {used}{where}, the export's events {span}: {what}"

    def new_values_note(self) -> str | None:
        """The one line naming the new values per column with counts (None: none)."""
        if not self.new_values:
            return None
        parts: dict[str, list[str]] = {}
        for column, shown, values, rows in self.new_values:
            s = "" if rows == 1 else "s"
            if shown is None:
                vs = "a value" if values == 1 else f"{values} values"
                item = f"{vs} not shown, may be a name ({rows} row{s})"
            else:
                item = f"{shown} ({rows} row{s})"
            parts.setdefault(column, []).append(item)
        named = "; ".join(f"{c} {', '.join(items)}" for c, items in parts.items())
        return (
            f"new values loaded and flagged: {named}; add them to "
            f"{VOCABULARY_FILE} or fix the export"
        )

    def choices(self) -> list[tuple[str, str, str]]:
        """The defaults this load chose: ``(choice, reason, option)`` per default.

        Empty for what the caller gave explicitly; the CLI says each on one stderr line.
        """
        out = []
        if self.export_date_source != "given":
            when = self.export_date.isoformat() if self.export_date else "unknown"
            out.append(
                (
                    f"export date {when}",
                    _REASONS[self.export_date_source],
                    "--export-date",
                )
            )
        if self.profile_source != "given":
            out.append(
                (
                    f"profile {self.profile}",
                    _REASONS[self.profile_source],
                    "--profile",
                )
            )
        return out


def load(
    paths: Sequence[PathLike] | PathLike,
    *,
    mapping: PathLike | None = None,
    db: PathLike = config.DEFAULT_DB,
    profile: Profile | None = None,
    export_date: date | None = None,
    key: bytes | None = None,
    require_events: bool = False,
    export_window: ExportWindow | str | Sequence[date | str] | None = None,
    keep_deletions: bool = False,
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
        ``ipgar`` checks the vocabulary; ``generic`` accepts any activity. Default:
        the store's recorded profile, else ``ipgar`` with a mapping file or iPGA-R
        activity codes, else ``generic`` for an XES log (see ``LoadResult.choices``).
    export_date
        The date the export was taken (later dates are rejected). Default: the
        mapping file's ``export_date``, else the date of the newest event in the file.
    key
        Pseudonymisation key (default ``privacy.load_key()``); the store records its
        fingerprint at the first load and refuses another key.
    require_events
        Raise ``ValidationError`` when no row can be loaded (the CLI sets it); then
        nothing is stored and a store this load created is removed.
    export_window
        The period of which the export holds every event: ``"full"`` (its whole
        history) or ``(first, last)`` local dates, inclusive. Events of the store in
        it that the export lacks are deleted in the source (moved to
        ``event_history``). Default: the mapping file's ``export_window``, else none:
        then nothing is ever deleted.
    keep_deletions
        Hold the events deleted in the source in the store for review, each with a
        ``deleted_in_source`` quality flag, instead of removing them.

    Events the store holds with other content are corrected, whatever the window:
    the newest export wins (``LoadResult.corrected``, ``kept_older``).

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
        The database is in use by another process or cannot be opened, or holds a
        log of the other profile.
    ConfigError
        The key is not the one the store was loaded with, or the export window is
        not ``"full"`` nor two dates in order.
    ValidationError
        ``require_events`` and no row of the export can be loaded.
    """
    files_in = _paths(paths)
    _check_profile(profile)
    the_mapping = load_mapping(mapping)
    window = _window(export_window)
    key, key_from = _key(key)
    path = Path(db)
    created = [p for p in _store_files(path) if not p.exists()]
    old_umask = os.umask(0o077)  # the file, its WAL and spill files: owner-only
    committed = False
    try:
        con = store.connect(db, read_only=False)
        try:
            store.limit_memory(con)
            result = _load_into(
                con,
                files_in,
                _Request(
                    the_mapping,
                    profile,
                    export_date,
                    key,
                    key_from,
                    export_window=window,
                    keep_deletions=keep_deletions,
                ),
                require_events=require_events,
            )
            committed = True
            con.execute("CHECKPOINT").fetchall()
        finally:
            con.close()
    except BaseException as exc:
        new_store = path in created
        if new_store:  # a failed first load leaves no file behind
            _remove(created)
        wal = path.with_name(path.name + ".wal")
        if wal in created and wal.exists() and not wal.stat().st_size:
            wal.unlink()  # emptied by the rollback of a failed commit: holds nothing
        # a full disk or a damaged file: one line with the cause (DuckDB's own
        # error is often a later "cannot rollback", the cause in its context)
        failure = store.no_room_error(
            exc, path, new_store=new_store, committed=committed
        ) or store.damaged_store_error(exc, path)
        if failure is not None and not isinstance(exc, IpgarError | KeyboardInterrupt):
            raise failure from None
        raise
    finally:
        os.umask(old_umask)
    store.owner_only(path)
    store.record_processing(  # inside an `ipgar` command: goes to its one entry
        path,
        "ingest.load",
        {
            "paths": files_in,
            "mapping": mapping,
            "profile": profile,
            "export_date": export_date,
            "require_events": require_events,
            "export_window": export_window_text(window),
            "keep_deletions": keep_deletions,
        },
        snapshot=result.snapshot_id,
    )
    return result


def validate(
    paths: Sequence[PathLike] | PathLike,
    *,
    mapping: PathLike | None = None,
    profile: Profile | None = None,
    export_date: date | None = None,
    key: bytes | None = None,
) -> pd.DataFrame:
    """Check exports without loading them: the quality report of a trial load in memory.

    The export date and profile are chosen as by :func:`load` (for a new store).

    Returns
    -------
    pandas.DataFrame
        One row per check, as ``quality_report`` (check, severity, count,
        examples, description); nothing is written to a database.
        ``attrs["choices"]`` holds ``LoadResult.choices()`` of the trial load,
        ``attrs["new_values"]`` its ``new_values_note()``.
    """
    from ipgar_metrics.metrics.quality import quality_report

    con = store.memory_store()
    try:
        store.limit_memory(con)  # the memory of a load, so validate and load agree
        result = load_into(
            con,
            paths,
            mapping=mapping,
            profile=profile,
            export_date=export_date,
            key=key,
        )
        report = quality_report(con)
        report.attrs["choices"] = result.choices()
        report.attrs["new_values"] = result.new_values_note()
        return report
    finally:
        con.close()


def load_into(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[PathLike] | PathLike,
    *,
    mapping: PathLike | None = None,
    profile: Profile | None = None,
    export_date: date | None = None,
    key: bytes | None = None,
    export_window: ExportWindow | str | Sequence[date | str] | None = None,
    keep_deletions: bool = False,
) -> LoadResult:
    """Load exports into an open, writable store connection (e.g. ``store.memory_store()``).

    The same steps as :func:`load` in one transaction on ``con``, without opening,
    checkpointing or closing a file. For notebooks that explore an export in memory
    and for tests.
    """
    files_in = _paths(paths)
    _check_profile(profile)
    the_mapping = load_mapping(mapping)
    window = _window(export_window)
    key, key_from = _key(key)
    req = _Request(
        the_mapping,
        profile,
        export_date,
        key,
        key_from,
        export_window=window,
        keep_deletions=keep_deletions,
    )
    return _load_into(con, files_in, req)


@dataclass(frozen=True)
class _Request:
    """What the caller asked for; ``None`` is chosen during the load."""

    mapping: Mapping
    profile: str | None
    export_date: date | None
    key: bytes = field(repr=False)
    key_source: str
    export_window: ExportWindow | None = None
    keep_deletions: bool = False


def _load_into(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    req: _Request,
    *,
    require_events: bool = False,
) -> LoadResult:
    stored_profile = store.meta_value(con, "profile") if _has_events(con) else None
    if req.profile and stored_profile and stored_profile != req.profile:
        raise StoreError(
            f"this store holds a {stored_profile} log; load with --profile "
            f"{stored_profile} or into a new --db file."
        )
    stored_key = store.meta_value(con, "key_fingerprint")
    if stored_key is not None and stored_key != privacy.key_fingerprint(req.key):
        raise ConfigError(
            f"this store was loaded with another pseudonymisation key than the one "
            f"from {req.key_source}, so nothing was loaded; use the store's key "
            "(`ipgar key --db` compares) or load every export into a new --db file."
        )
    con.execute("SET enable_progress_bar = false").fetchall()
    try:
        return _stage_check_commit(con, paths, req, stored_profile, require_events)
    finally:
        views = ("_mapped", "_staged", "_case_staged", "_new_events", "_first_of_key")
        for name in views:
            con.execute(f"DROP VIEW IF EXISTS {name}").fetchall()
        stages = [f"_{t}_{i}" for i in range(len(paths)) for t in ("stage", "decoded")]
        temp = (
            "_timed",
            "_valid",
            "_rejects",
            "_case_checked",
            "_case_rejects",
            "_new_values",
            "_corrections",
            "_deletions",
            "_touched_cases",
            "_renumber_cases",
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
    req: _Request,
    stored_profile: str | None,
    require_events: bool,
) -> LoadResult:
    mapping = req.mapping
    checks.setup_pseudonyms(con, req.key)
    stored = Vocabulary.from_json(store.meta_value(con, "vocabulary"))
    vocabulary = stored.merged(mapping.vocabulary)
    checks.setup_vocabulary(con, mapping, vocabulary)
    files: list[FileInfo] = [
        stage_file(con, p, i, mapping) for i, p in enumerate(paths)
    ]
    profile, profile_source = _choose_profile(con, files, req, stored_profile)
    attributes.stage_attributes(con, paths, files, mapping, profile)
    export_date, date_source = req.export_date, "given"
    if export_date is None and mapping.export_date is not None:
        export_date, date_source = mapping.export_date, "mapping_date"
    elif export_date is None:
        date_source = "newest_event"
    export_date = checks.check(
        con, files, mapping=mapping, profile=profile, export_date=export_date
    )
    if export_date is None:
        date_source = "no_event"
    window, window_source = req.export_window, "given"
    if window is None and mapping.export_window is not None:
        window, window_source = mapping.export_window, "mapping"
    n = checks.counts(con)
    rejects = checks.rejects_frame(con)
    checks.run(con, "load/new_values", profile=profile)
    case_loaded = (
        n["case_rows_read"] - n["case_rows_rejected"] - n["case_duplicates_skipped"]
    )
    if require_events and not n["rows_loaded"] + case_loaded:
        raise _nothing_to_load(files, n["rows_read"], rejects, profile)
    notes = []
    fingerprint = store.meta_value(con, "key_fingerprint")
    if fingerprint is None and _has_events(con):
        notes.append(
            "this store had no key fingerprint yet; recorded the one of the key from "
            f"{req.key_source} (if earlier loads used another key, load every export "
            "into a new --db file)."
        )
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
        checks.run(con, "load/first_of_key")
        checks.run(con, "load/new_events")
        # before the new events are stored: corrections and deletions of the store
        # "the newest export wins" compares export dates that were given: one taken
        # from the newest event says nothing of the export's age (a correction may
        # move that event earlier), so then the latest load wins
        changes.find_changes(
            con,
            export_date=export_date if date_source in _STATED_DATES else None,
            window=window,
            timezone=mapping.timezone,
        )
        # _new_events is a view, read once: numbered and sorted as it is inserted
        new = store.insert_numbered(con, profile=profile)
        checks.run(con, "load/cases")
        checks.run(con, "governance/hold_restricted")  # AVG art. 18
        checks.run(con, "load/insert_rejects", load_id=load_id)
        checks.run(con, "load/flags", load_id=load_id)
        done = changes.apply_changes(
            con, load_id=load_id, keep_deletions=req.keep_deletions
        )
        attributes.store_attributes(con)  # generic: every attribute (schema v8)
        store.set_profile(con, profile)
        if fingerprint is None:
            store.set_meta(con, "key_fingerprint", privacy.key_fingerprint(req.key))
        if vocabulary != stored:
            store.set_meta(con, "vocabulary", vocabulary.to_json())
        # the cases with new, corrected or deleted events; only those numbered
        # before are renumbered (events unchanged: order and episodes cannot change)
        checks.run(con, "load/touched_cases")
        if new or done.any:
            store.reorder(con, touched=True)
            # the stored paths and first times (schema v9, v12) of the touched cases
            store.refresh_derived_rows(con, "_touched_cases")
        snap = snapshot_id(con)
        manifest = [
            {"name": f.name, "sha256": f.sha256, "rows": f.rows, "kind": f.kind}
            for f in files
        ]
        con.execute(
            "INSERT INTO loads (load_id, loaded_at, profile, files, mapping_sha256, "
            "export_date, rows_read, rows_loaded, new_events, already_present, "
            "rows_rejected, duplicates_skipped, toolkit_version, snapshot_id, "
            "corrected, deleted, deletions_held, export_window) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                n["rows_loaded"] - new - done.corrected,
                n["rows_rejected"],
                n["duplicates_skipped"],
                __version__,
                snap,
                done.corrected,
                done.deleted,
                done.held,
                export_window_text(window),
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
        already_present=n["rows_loaded"] - new - done.corrected,
        rows_rejected=n["rows_rejected"],
        duplicates_skipped=n["duplicates_skipped"],
        snapshot_id=snap,
        rejects=rejects,
        case_rows_read=n["case_rows_read"],
        case_rows_loaded=case_loaded,
        case_rows_rejected=n["case_rows_rejected"],
        case_duplicates_skipped=n["case_duplicates_skipped"],
        export_date=export_date,
        export_date_source=date_source,
        profile=profile,
        profile_source=profile_source,
        key_source=req.key_source,
        notes=notes,
        new_values=_new_values(con),
        corrected=done.corrected,
        kept_older=done.kept_older,
        export_window=window,
        export_window_source=window_source,
        export_span=(
            changes.export_span(con, mapping.timezone) if window is not None else None
        ),
        deleted=done.deleted,
        deletions_held=done.held,
    )


def _new_values(
    con: duckdb.DuckDBPyConnection,
) -> list[tuple[str, str | None, int, int]]:
    """``LoadResult.new_values`` from ``_new_values``: shown forms, most rows first."""
    rows = checks.run(con, "load/new_value_counts")
    found: dict[tuple[str, str | None], list[int]] = {}
    for col, activity, value, n in rows:
        column = f"{col} of {activity}" if activity else str(col)
        counts = found.setdefault((column, shown_value(value)), [0, 0])
        counts[0] += 1
        counts[1] += int(n)
    out = [(c, s, v, n) for (c, s), (v, n) in found.items()]
    return sorted(out, key=lambda t: (t[0], -t[3], t[1] or "~"))


def _choose_profile(
    con: duckdb.DuckDBPyConnection,
    files: list[FileInfo],
    req: _Request,
    stored_profile: str | None,
) -> tuple[str, str]:
    """The profile of this load and why (see ``LoadResult.profile_source``)."""
    if req.profile:
        return req.profile, "given"
    if stored_profile:
        return stored_profile, "store"
    if req.mapping.sha256 is not None:
        return "ipgar", "mapping"
    events = [f for f in files if f.kind == "events"]
    known = "(SELECT label FROM _known WHERE col = 'activity')"
    for f in events:
        hit = store.first_row(
            con,
            f"SELECT 1 FROM _stage_{f.index} WHERE activity IN {known} LIMIT 1",  # noqa: S608 - fixed names
        )
        if hit:
            return "ipgar", "vocabulary"
    if events and all(is_xes(f.name) for f in events):
        return "generic", "xes"
    names = ", ".join(f.name for f in events) or ", ".join(f.name for f in files)
    raise ExportFormatError(
        f"no activity in {names} is an iPGA-R activity code; give the export's "
        "mapping file with --mapping, or load a log of another process with "
        "--profile generic."
    )


def _nothing_to_load(
    files: list[FileInfo], rows_read: int, rejects: pd.DataFrame, profile: str
) -> ValidationError:
    """The error of a load in which no row can be loaded (nothing is stored)."""
    names = ", ".join(f.name for f in files)
    why = ""
    if len(rejects):
        counts = rejects["reason_code"].value_counts()
        top = str(counts.index[0])
        why = f" (most rows: {top}, {int(counts.iloc[0])})"
        if profile == "ipgar" and "unknown_activity" in counts.index:
            why += "; a log of another process loads with --profile generic"
    return ValidationError(
        f"none of the {rows_read} rows of {names} can be loaded{why}; nothing was "
        "stored: see `ipgar validate` on the export for every rejected row.",
        rejects,
    )


def _window(
    value: ExportWindow | str | Sequence[date | str] | None,
) -> ExportWindow | None:
    """The export window given to ``load()``, checked (``ConfigError`` when wrong)."""
    if value is None:
        return None
    try:
        return parse_export_window(value)
    except ValueError as exc:
        raise ConfigError(f"export window: {exc}.") from None


def _key(key: bytes | None) -> tuple[bytes, str]:
    """The key and where it came from (``privacy.key_source``), never the key itself."""
    if key is not None:
        return key, "the key given to load()"
    source = privacy.key_source()
    return privacy.load_key(), source


def _store_files(db: Path) -> list[Path]:
    """The database file, its write-ahead log and its spill folder (``<db>.tmp``)."""
    return [db, db.with_name(db.name + ".wal"), db.with_name(db.name + ".tmp")]


def _remove(paths: list[Path]) -> None:
    """Remove files and folders this load created (after a failed first load)."""
    for p in paths:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


#: The snapshot id lives in the store (a purge recomputes it too); kept here by name.
snapshot_id = store.snapshot_id


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


def _check_profile(profile: str | None) -> None:
    if profile is not None and profile not in schema.PROFILES:
        raise ConfigError(
            f'unknown profile "{profile}"; choose one of: {", ".join(schema.PROFILES)}.'
        )
