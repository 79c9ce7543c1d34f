"""Load relations between persons and key locations (the network approach, issue 19).

``load_relations(relations=PATH, locations=PATH, db=...)`` reads the optional exports
``relations.csv`` (``case_id_a,case_id_b,relation,start,end``) and ``locations.csv``
(``case_id,location_id,start,end``) into the store's ``relations`` and
``key_locations`` tables (schema version 7). Only with a DPIA: the store's settings
must enable relations with a DPIA reference (``store.require_relations_enabled``,
``ipgar config --enable relations --dpia REF``) before any row is read.

On the way in (``docs/store.md``, "Relations and key locations"):

- case ids get the pseudonym of the events' case ids (the same keyed hash and
  normalisation, ``_pseudo`` of ``sql/load/pseudonym_macro.sql``); a location id gets
  one in its own name space (``location``); a relation is stored with
  ``case_a < case_b``;
- every row is checked (``sql/load/network_check.sql``) with reason codes in
  ``rejected_events``; a row naming a case id the store does not know (a third
  party) is rejected and keeps no pseudonym;
- rows are identified by a keyed hash of (persons, type, start) or (person,
  location, start): loading an export again adds nothing, and a later end date of a
  known row is a correction (the newest load wins);
- the rows of a restricted person (AVG art. 18) go to ``restricted_relations`` /
  ``restricted_key_locations``;
- one transaction: a ``loads`` row (its event counts 0; ``files`` with ``kind``
  ``relations`` or ``locations`` and each file's row counts), the new snapshot id (``store.snapshot_id`` counts relations and key
  locations once the store holds one).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from ipgar_metrics import __version__, config, privacy, schema, store
from ipgar_metrics.errors import ConfigError, ExportFormatError, StoreError
from ipgar_metrics.ingest import _checks as checks
from ipgar_metrics.ingest import _readers as readers
from ipgar_metrics.ingest._mapping import (
    Mapping,
    SideTable,
    load_mapping,
    mask_header,
    quote_ident,
)

PathLike = str | os.PathLike[str]

#: The export kinds, their canonical columns and the identifying columns of each:
#: column -> (pseudonym prefix, name space); the name spaces of ``privacy.pseudonym``.
_KINDS: dict[str, tuple[tuple[str, ...], dict[str, tuple[str, str]]]] = {
    "relations": (
        schema.RELATION_COLUMNS,
        {"case_id_a": ("C", "case"), "case_id_b": ("C", "case")},
    ),
    "locations": (
        schema.LOCATION_COLUMNS,
        {"case_id": ("C", "case"), "location_id": ("L", "location")},
    ),
}
#: The staged columns of either kind, from the canonical column of each.
_STAGED: dict[str, tuple[str, str, str | None, str, str]] = {
    # kind: (first id, second id, relation type, start, end)
    "relations": ("case_id_a", "case_id_b", "relation", "start", "end"),
    "locations": ("case_id", "location_id", None, "start", "end"),
}

#: Columns of ``RelationsResult.rejects``.
REJECT_COLUMNS: dict[str, str] = {
    "file": "str: file name of the export",
    "row": "int: data row of the file (1 = first row after the header)",
    "column": "str: export header of the failing cell (empty for a whole-row failure)",
    "reason_code": "str: e.g. unknown_case, self_relation, end_before_start",
    "message": "str: what is wrong and what to do; no identifying value",
}


@dataclass(frozen=True)
class FileCounts:
    """What one relations or key-locations file gave.

    ``rows_read == loaded + rejected + duplicates`` and ``loaded == new +
    corrected + already_present``.
    """

    name: str
    kind: str  # "relations" or "locations"
    rows_read: int
    new: int
    already_present: int
    corrected: int
    rejected: int
    duplicates: int

    @property
    def loaded(self) -> int:
        """Rows stored or found stored: new, corrected and already present."""
        return self.new + self.corrected + self.already_present

    def summary(self) -> str:
        """``relations.csv: read 10 = loaded 8 (new 6, ...) + rejected 2 + duplicates 0``."""
        corrected = f"corrected {self.corrected}, " if self.corrected else ""
        return (
            f"{self.name}: read {self.rows_read} = loaded {self.loaded} (new "
            f"{self.new}, {corrected}already in store {self.already_present}) + "
            f"rejected {self.rejected} + duplicates {self.duplicates}"
        )


@dataclass
class RelationsResult:
    """What one load of relations and key locations did, per file."""

    load_id: int
    snapshot_id: str
    files: list[FileCounts]
    rejects: pd.DataFrame = field(repr=False)
    #: where the key came from (``privacy.key_source()``), never the key
    key_source: str = "the key given to load_relations()"

    @property
    def rows_read(self) -> int:
        """Rows read from every file."""
        return sum(f.rows_read for f in self.files)

    @property
    def rows_loaded(self) -> int:
        """Rows stored or found stored (new, corrected and already present)."""
        return sum(f.loaded for f in self.files)

    @property
    def rows_rejected(self) -> int:
        """Rows rejected (one or more failed checks)."""
        return sum(f.rejected for f in self.files)

    @property
    def corrected(self) -> int:
        """Stored rows whose end date this load changed."""
        return sum(f.corrected for f in self.files)

    def summary(self) -> str:
        """One line: the counts of each file and the snapshot id."""
        parts = "; ".join(f.summary() for f in self.files)
        return f"{parts}; snapshot {self.snapshot_id}"


def load_relations(
    relations: PathLike | None = None,
    *,
    locations: PathLike | None = None,
    db: PathLike = config.DEFAULT_DB,
    key: bytes | None = None,
    mapping: PathLike | None = None,
) -> RelationsResult:
    """Load a relations export and/or a key-locations export into the store ``db``.

    Parameters
    ----------
    relations
        ``relations.csv``: ``case_id_a,case_id_b,relation,start,end`` (relation one
        of ``schema.RELATION_TYPES``; dates ``YYYY-MM-DD`` or ``dd-mm-jjjj``; ``end``
        empty while the relation lasts). Delimiter ``,`` or ``;`` (detected), UTF-8
        with or without BOM.
    locations
        ``locations.csv``: ``case_id,location_id,start,end``.
    db
        An existing event store whose settings enable relations with a DPIA
        reference; it is never created here.
    key
        Pseudonymisation key (default ``privacy.load_key()``): the store's key, the
        one its events were loaded with.
    mapping
        The mapping file of the events: ``[relations.columns]``,
        ``[relations.values.relation]`` and ``[locations.columns]`` rename headers
        and relation labels (``docs/store.md``).

    Returns
    -------
    RelationsResult
        Counts per file, the load id, the new snapshot id and ``rejects`` (columns
        ``REJECT_COLUMNS``).

    Raises
    ------
    ConfigError
        Neither file given; relations not enabled with a DPIA (nothing is read);
        the store has no events yet or another key.
    StoreError
        No store at ``db``, or it is in use.
    ExportFormatError
        A file cannot be read or lacks a column; the mapping file is wrong.
    """
    given = [
        (k, Path(p))
        for k, p in (("relations", relations), ("locations", locations))
        if p is not None
    ]
    if not given:
        raise ConfigError(
            "no relations or locations file given; name relations.csv (--relations) "
            "and/or locations.csv (--locations)."
        )
    the_mapping = load_mapping(mapping)
    key, key_from = _key(key)
    path = store.require_store(db, "to load relations into")
    con = store.connect(path, read_only=False)
    try:
        store.require_relations_enabled(con)  # the gate: nothing is read before it
        _check_key(con, key, key_from)
        result = _load(con, given, the_mapping, key)
        con.execute("CHECKPOINT").fetchall()
    finally:
        con.close()
    store.owner_only(path)
    result.key_source = key_from
    store.record_processing(  # inside an `ipgar` command: goes to its one entry
        path,
        "ingest.load_relations",
        {"relations": relations, "locations": locations, "mapping": mapping},
        snapshot=result.snapshot_id,
    )
    return result


def _key(key: bytes | None) -> tuple[bytes, str]:
    if key is not None:
        return key, "the key given to load_relations()"
    source = privacy.key_source()
    return privacy.load_key(), source


def _check_key(con: duckdb.DuckDBPyConnection, key: bytes, source: str) -> None:
    """The store's key, and a store with events: else no case id could be known."""
    recorded = store.meta_value(con, "key_fingerprint")
    if recorded is None:
        raise ConfigError(
            "this store holds no loaded events yet; load the event exports first: "
            "relations link persons the store knows as cases."
        )
    if recorded != privacy.key_fingerprint(key):
        raise ConfigError(
            f"this store was loaded with another pseudonymisation key than the one "
            f"from {source}, so nothing was loaded; use the store's key (`ipgar key "
            "--db` compares)."
        )


def _load(
    con: duckdb.DuckDBPyConnection,
    given: list[tuple[str, Path]],
    mapping: Mapping,
    key: bytes,
) -> RelationsResult:
    con.execute("SET enable_progress_bar = false").fetchall()
    checks.setup_pseudonyms(con, key)
    store.run_sql(con, "load/reject_macros").fetchall()
    store.run_sql(con, "load/network_macros").fetchall()
    try:
        return _stage_check_commit(con, given, mapping)
    finally:
        con.execute("DROP VIEW IF EXISTS _net_staged").fetchall()
        temp = (
            "_net_files",
            "_net_headers",
            "_net_values",
            "_net_codes",
            "_net_parsed",
            "_net_rejects",
            "_net_valid",
            "_net_keyed",
            "_net_repeats",
            "_net_kept",
            "_net_stage_0",
            "_net_stage_1",
            "_pkey",
        )
        for name in temp:
            con.execute(f"DROP TABLE IF EXISTS {name}").fetchall()


def _stage_check_commit(
    con: duckdb.DuckDBPyConnection, given: list[tuple[str, Path]], mapping: Mapping
) -> RelationsResult:
    files, headers = [], []
    for index, (kind, path) in enumerate(given):
        side = mapping.relations if kind == "relations" else mapping.locations
        sha, colmap = _stage(con, path, index, kind, side)
        files.append((index, path.name, sha, kind))
        headers += [(index, col, h) for col, h in colmap.items()]
    _put(
        con,
        "_net_files",
        pd.DataFrame(files, columns=["_file", "name", "sha256", "kind"]),
    )
    _put(con, "_net_headers", pd.DataFrame(headers, columns=["_file", "col", "header"]))
    values = sorted(mapping.relations.values.items())
    _put(
        con,
        "_net_values",
        pd.DataFrame(values, columns=["label", "code"], dtype=object),
    )
    _put(con, "_net_codes", pd.DataFrame({"code": list(schema.RELATION_TYPES)}))
    parts = [
        f"SELECT {i} AS _file, rowid + 1 AS _row, * FROM _net_stage_{i}"  # noqa: S608 - fixed names
        for i in range(len(given))
    ]
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW _net_staged AS {' UNION ALL '.join(parts)}"
    ).fetchall()
    store.run_sql(con, "load/network_check").fetchall()
    store.run_sql(con, "load/network_classify").fetchall()
    counts = store.run_sql(con, "load/network_counts").df()
    rejects = _rejects_frame(con)
    with store.transaction(con):
        load_id = con.execute(
            "SELECT coalesce(max(load_id), 0) + 1 FROM loads"
        ).fetchall()[0][0]
        con.execute(
            "SET VARIABLE ipgar_load_id = CAST($id AS INTEGER)", {"id": load_id}
        ).fetchall()
        store.run_sql(con, "load/network_apply").fetchall()
        store.run_sql(con, "load/network_insert_rejects").fetchall()
        snap = store.snapshot_id(con)
        _record(con, load_id, counts, mapping, snap)
        _fail_point()
    file_counts = [
        FileCounts(
            name=str(r.name),
            kind=str(r.kind),
            rows_read=int(r.rows_read),
            new=int(r.new_rows),
            already_present=int(r.already_present),
            corrected=int(r.corrected),
            rejected=int(r.rows_rejected),
            duplicates=int(r.duplicates_skipped),
        )
        for r in counts.itertuples()
    ]
    return RelationsResult(load_id, snap, file_counts, rejects)


def _record(
    con: duckdb.DuckDBPyConnection,
    load_id: int,
    counts: pd.DataFrame,
    mapping: Mapping,
    snap: str,
) -> None:
    """The ``loads`` row: every event count 0; the files manifest has the row counts.

    The count columns of ``loads`` count events (``rows_loaded``: rows loaded as
    events, ``new_events``, ...), so a load of relations or key locations records 0
    in each: a sum over the loads stays a count of events. What each file gave goes
    to its entry of ``files`` (kind ``relations``/``locations``): ``rows`` (read),
    ``new``, ``already_present``, ``corrected``, ``rejected``, ``duplicates``.
    The profile and the export date are the latest load's (the relations export is
    taken with the events): the store's export date, which colophons show, stays.
    """
    latest = store.snapshot(con)
    manifest = [
        {
            "name": r.name,
            "sha256": r.sha256,
            "rows": int(r.rows_read),
            "kind": r.kind,
            "new": int(r.new_rows),
            "already_present": int(r.already_present),
            "corrected": int(r.corrected),
            "rejected": int(r.rows_rejected),
            "duplicates": int(r.duplicates_skipped),
        }
        for r in counts.itertuples()
    ]
    con.execute(
        "INSERT INTO loads (load_id, loaded_at, profile, files, mapping_sha256, "
        "export_date, rows_read, rows_loaded, new_events, already_present, "
        "rows_rejected, duplicates_skipped, toolkit_version, snapshot_id, corrected, "
        "deleted, deletions_held) "
        "VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, ?, ?, 0, 0, 0)",
        [
            load_id,
            datetime.now(UTC),
            store.profile_of(con),
            json.dumps(manifest),
            mapping.sha256,
            latest["export_date"],
            __version__,
            snap,
        ],
    ).fetchall()


def _stage(
    con: duckdb.DuckDBPyConnection, path: Path, index: int, kind: str, side: SideTable
) -> tuple[str, dict[str, str]]:
    """Read one file into ``_net_stage_<index>``: ids pseudonymised in the same statement.

    Returns the file's sha256 and its column map (canonical column -> header). The
    table holds ``_extra`` (malformed_row/short_row), ``p1``/``p2`` (pseudonyms of
    the two ids), ``p1_shape``/``p2_shape`` (their masked shapes, for the rejects of
    a third party), ``relation`` (the trimmed label), ``start_text``, ``end_text``.
    No raw id reaches a table.
    """
    name = _check_file(path)
    digest = readers._sha256(path)
    with path.open("rb") as fh:
        head = fh.read(readers._SNIFF_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        raise ExportFormatError(f"{name} is not UTF-8 text; save it as UTF-8 CSV.")
    if readers._detect_encoding(path) != "utf-8":
        raise ExportFormatError(
            f"{name} is not UTF-8 text (Windows-1252?); save it as UTF-8 CSV."
        )
    text = head.decode("utf-8-sig", "replace")
    delim = side.delimiter or readers._sniff_delimiter(text, name)
    header = readers._header(
        text, delim, name, len(head) == readers._SNIFF_BYTES, Mapping()
    )
    readers._check_quotes(path, name, delim)
    colmap = _column_map(header, side, kind, name)
    reader, params = readers._csv_reader(path, delim, header)
    first, ids = _STAGED[kind], _KINDS[kind][1]
    limit = config.MAX_CELL_CHARS

    def cell(col: str | None) -> str:
        if col is None:
            return "CAST(NULL AS VARCHAR)"
        return f"left(nullif(trim(CAST({quote_ident(colmap[col])} AS VARCHAR), ' \t\r\n'), ''), {limit})"

    p1, p2, relation, start, end = first
    prefix1, space1 = ids[p1]
    prefix2, space2 = ids[p2]
    spares = ", ".join(quote_ident(s) for s in readers._SPARES)
    select = [
        f"CASE WHEN coalesce({spares}) IS NOT NULL THEN 'malformed_row' "
        f"WHEN {quote_ident(header[-1])} IS NULL THEN 'short_row' END AS _extra",
        f"_pseudo('{prefix1}', '{space1}', {cell(p1)}) AS p1",
        f"_pseudo('{prefix2}', '{space2}', {cell(p2)}) AS p2",
        f"masked_shape({cell(p1)}) AS p1_shape",
        f"masked_shape({cell(p2)}) AS p2_shape",
        f"{cell(relation)} AS relation",
        f"{cell(start)} AS start_text",
        f"{cell(end)} AS end_text",
    ]
    sql = f"CREATE OR REPLACE TEMP TABLE _net_stage_{index} AS SELECT {', '.join(select)} FROM {reader}"  # noqa: S608 - identifiers quoted
    try:
        con.execute(sql, params).fetchall()
    except duckdb.Error as exc:
        raise ExportFormatError(
            f"{name} cannot be read: {readers._safe(exc)}"
        ) from None
    rows = con.execute(f"SELECT count(*) FROM _net_stage_{index}").fetchall()[0][0]  # noqa: S608 - fixed names
    if not rows:
        raise ExportFormatError(
            f"{name} has a header but no data rows; export it again."
        )
    return digest, colmap


def _check_file(path: Path) -> str:
    if not path.exists():
        raise ExportFormatError(f"{path} does not exist; check the path.")
    if path.is_dir():
        raise ExportFormatError(f"{path} is a folder; give the export file itself.")
    if Path(path.name.lower()).suffix not in {".csv", ".txt"}:
        raise ExportFormatError(
            f"{path.name}: relations and locations are read from a .csv file."
        )
    if not os.path.getsize(path):
        raise ExportFormatError(f"{path.name} is empty; export the data again.")
    return path.name


def _column_map(
    header: list[str], side: SideTable, kind: str, name: str
) -> dict[str, str]:
    """Canonical column -> header of the file; every column of the contract is required."""
    canonical = _KINDS[kind][0]
    colmap: dict[str, str] = {}
    if side.columns:
        stripped = {h.strip(): h for h in header}
        for h, target in side.columns.items():
            if h in stripped:
                colmap[target] = stripped[h]
    for h in header:  # canonical names need no mapping (a BOM stripped)
        low = h.strip().lstrip("\ufeff").lower()
        if low in canonical and low not in colmap:
            colmap[low] = h
    missing = [c for c in canonical if c not in colmap]
    if missing:
        section = f"[{kind}.columns]"
        known = set(canonical) | set(side.columns)
        shown = ", ".join(
            mask_header(
                h,
                known=h.strip().lstrip("\ufeff").lower() in known or h.strip() in known,
            )
            for h in header[:12]
        )
        raise ExportFormatError(
            f"{name} has no column {', '.join(missing)}; found: {shown}. Fix the "
            f"header or map it under {section} in the mapping file."
        )
    return colmap


def _rejects_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The rejects of this load: file, row, column, reason_code, message."""
    return store.run_sql(con, "load/network_rejects").df()


def _put(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    checks._put(con, name, frame)


def _fail_point() -> None:
    """Test hook inside the transaction, after every write and before COMMIT.

    ``IPGAR_FAIL_LOAD`` raises (the rollback test), as in the event loader.
    """
    if os.environ.get("IPGAR_FAIL_LOAD"):
        raise StoreError(
            "load aborted by IPGAR_FAIL_LOAD (test hook); nothing was stored."
        )
