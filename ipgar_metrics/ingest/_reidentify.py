"""Re-identification for the key holder: the case numbers behind listed pseudonyms.

``reidentify(export=..., listing=..., out=...)`` reads the export with the loader's
own reader and mapping (``_readers.stage_file``: every format, encoding and header
the loader accepts), in a connection in memory that is closed at the end, takes the
distinct case ids, pseudonymises each with the key (``privacy.pseudonym``, the
loader's reference) and writes ``pseudonym,case_id`` for the pseudonyms of the list
only, to a new owner-only file. Nothing goes to the store; the counts are returned;
no raw id is in a message. See ``docs/privacy.md``, "Re-identification for the
PTO-R meeting".
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ipgar_metrics import privacy, spreadsheet, store
from ipgar_metrics.errors import ConfigError, ExportFormatError
from ipgar_metrics.ingest import _checks as checks
from ipgar_metrics.ingest._mapping import load_mapping
from ipgar_metrics.ingest._readers import stage_file

#: Columns of the file ``reidentify`` writes.
OUT_COLUMNS: tuple[str, ...] = ("pseudonym", "case_id")
#: The column of the pseudonyms in an actions file: Dutch, or English (``--lang en``).
_LISTED_COLUMNS: tuple[str, ...] = ("pseudoniem", "pseudonym")


@dataclass(frozen=True)
class Reidentified:
    """What a re-identification did: counts only, never an id."""

    listed: int
    found: int
    out: Path

    @property
    def missing(self) -> int:
        """Listed pseudonyms whose case is not in the export."""
        return self.listed - self.found

    def summary(self) -> str:
        """One line for stdout: counts and the file, no pseudonym, no case number."""
        line = f"wrote {self.found} of {self.listed} listed cases to {self.out}"
        if self.missing:
            line += (
                f"; {self.missing} not in this export (another export, or another key)"
            )
        return line + "."


def reidentify(
    *,
    export: str | os.PathLike[str],
    listing: str | os.PathLike[str],
    out: str | os.PathLike[str],
    mapping: str | os.PathLike[str] | None = None,
    db: str | os.PathLike[str] | None = None,
    key: bytes | None = None,
) -> Reidentified:
    """Write ``pseudonym,case_id`` for the pseudonyms listed in ``listing``.

    Parameters
    ----------
    export
        The export the store was loaded from (CSV, Excel, Parquet, XES), read as
        ``ipgar load`` reads it, with ``mapping``.
    listing
        A CSV with a column ``pseudoniem`` or ``pseudonym``
        (``ptor-YYYY-MM-intern.actions.csv`` of a Dutch or English report).
    out
        A new file: owner-only (0600); an existing file is never overwritten.
    db
        Optional store: its key fingerprint must match the key, and the run is
        recorded in its processing log (options redacted, the output's hash).
    key
        Default ``privacy.load_key()``.

    Raises
    ------
    ConfigError
        ``out`` exists, the list has no ``pseudoniem`` or ``pseudonym`` column, or
        the key is not the store's.
    ExportFormatError
        The export or the mapping cannot be read.
    """
    out_path = Path(out)
    if out_path.exists():
        raise ConfigError(
            f"{out_path} exists already; give a new --out file (it holds case numbers "
            "and is never overwritten)."
        )
    wanted = _listed(Path(listing))
    key = privacy.load_key() if key is None else key
    snapshot = _check_key(db, key) if db is not None else None
    raw_ids = _case_ids(Path(export), mapping, key)
    pairs = sorted(
        (p, raw) for raw in raw_ids if (p := privacy.pseudonym(raw, key)) in wanted
    )
    frame = pd.DataFrame(pairs, columns=list(OUT_COLUMNS))
    _write_new(out_path, frame)
    if db is not None:
        store.record_processing(
            db,
            "ingest.reidentify",
            {"export": Path(export), "listing": Path(listing), "out": out_path,
             "mapping": None if mapping is None else Path(mapping)},
            [out_path],
            snapshot=snapshot,
        )  # fmt: skip
    return Reidentified(listed=len(wanted), found=len(frame), out=out_path)


def _listed(path: Path) -> set[str]:
    """The pseudonyms of the list (a leading ``'`` of a spreadsheet-safe cell dropped)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        raise ConfigError(f"the list {path} does not exist; check the path.") from None
    column = next((c for c in _LISTED_COLUMNS if rows and c in rows[0]), None)
    if column is None:
        raise ConfigError(
            f"{path.name} has no column pseudoniem (or pseudonym); give the report's "
            "ptor-YYYY-MM-intern.actions.csv (columns lijst,pseudoniem,status,"
            "maanden_op_lijst)."
        )
    return {r[column].strip().lstrip("'") for r in rows if r[column]}


def _check_key(db: str | os.PathLike[str], key: bytes) -> str | None:
    """Refuse a key that is not the store's; returns the store's snapshot id."""
    con = store.connect(db)
    try:
        stored = store.meta_value(con, "key_fingerprint")
        snapshot = store.snapshot(con)["snapshot_id"]
    finally:
        con.close()
    if stored is not None and stored != privacy.key_fingerprint(key):
        raise ConfigError(
            "the key is not the one this store was loaded with, so its pseudonyms "
            "would not match; use the store's key (`ipgar key --db` compares)."
        )
    return None if snapshot is None else str(snapshot)


def _case_ids(
    path: Path, mapping: str | os.PathLike[str] | None, key: bytes
) -> set[str]:
    """The distinct case ids of the export, normalised as the loader pseudonymises them.

    The loader's reader stages the file with its identifying columns passed through
    ``_pseudo``; here ``_pseudo`` gives the normalised value instead, in memory only.
    """
    the_mapping = load_mapping(mapping)
    con = duckdb.connect(":memory:", config={"autoload_known_extensions": False})
    try:
        checks.setup_pseudonyms(con, key)
        con.execute("CREATE OR REPLACE TEMP MACRO _pseudo(p, k, v) AS _normal_id(v)")
        info = stage_file(con, path, 0, the_mapping)
        if "case_id" not in info.headers:
            raise ExportFormatError(
                f"{path.name} has no case id column; give the --mapping the export "
                "was loaded with."
            )
        rows = con.execute(
            "SELECT DISTINCT case_id FROM _stage_0 WHERE case_id IS NOT NULL"
        ).fetchall()
    finally:
        con.close()
    return {privacy.normalise_id(r[0]) for r in rows}


def _write_new(path: Path, frame: pd.DataFrame) -> None:
    """Write ``frame`` as CSV to a new owner-only file (refused if it appears meanwhile)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ConfigError(
            f"{path} exists already; give a new --out file (never overwritten)."
        ) from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        spreadsheet.spreadsheet_safe(frame).to_csv(fh, index=False)
    privacy.make_owner_only(path)
