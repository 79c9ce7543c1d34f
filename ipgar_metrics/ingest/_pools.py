"""Load an optional ``case_managers.csv``: pool membership and training date (issue 23).

The file has one row per case manager: ``case_manager`` (the id as the events'
``Casusregisseur`` column writes it), ``pool`` (a code such as ``specialistisch``
or ``regulier``) and optionally ``trained_on`` (the date of the specialist training,
``YYYY-MM-DD`` or ``dd-mm-jjjj``; empty: none). Dutch headers are read as well
(``Casusregisseur``, ``Pool``, ``Getraind op``). The delimiter is sniffed (``;``
``,`` tab ``|``); the encoding is UTF-8 (with or without BOM).

The case-manager id is pseudonymised with the store's key exactly as the loader
does for the events (``privacy.pseudonym(..., kind="manager")`` after trimming:
``_mapping`` stages ``_pseudo('M', 'manager', trim(value))``), so a pool row joins
the events' ``case_manager``. A raw id never reaches the store, a message or a
reject. A row that cannot be read is rejected with its file, line, column and
reason (never its value); the other rows load. The latest file wins per case
manager; a row that it leaves unchanged keeps its load (loading the same file
twice changes nothing). Case managers missing from a later file keep their row.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Final

import pandas as pd

from ipgar_metrics import config, privacy, store
from ipgar_metrics.errors import ConfigError, ExportFormatError
from ipgar_metrics.workdays import local_today

#: The columns of ``case_managers.csv`` and the headers read for each.
HEADERS: Final[dict[str, tuple[str, ...]]] = {
    "case_manager": ("case_manager", "casusregisseur"),
    "pool": ("pool",),
    "trained_on": ("trained_on", "getraind op", "getraind_op"),
}
#: Columns of ``PoolLoad.rejects``.
REJECT_COLUMNS: Final[tuple[str, ...]] = ("file", "row", "column", "reason")
_DELIMITERS: Final[tuple[str, ...]] = (";", ",", "\t", "|")
_POOL_RE: Final[re.Pattern[str]] = re.compile(r"[a-z][a-z0-9_ -]{0,39}")
_DIGITS_RE: Final[re.Pattern[str]] = re.compile(r"\d{3,}")


@dataclass
class PoolLoad:
    """What ``load_case_managers`` did: rows read, stored, changed, and the rejects."""

    file: str
    rows_read: int
    rows_loaded: int
    rows_changed: int
    load_id: int
    pools: dict[str, int]
    rejects: pd.DataFrame = field(repr=False)

    def summary(self) -> str:
        """One line for the command line (counts only; no case manager)."""
        pools = ", ".join(f"{p} {n}" for p, n in sorted(self.pools.items()))
        return (
            f"case managers from {self.file}: {self.rows_read} rows read, "
            f"{self.rows_loaded} loaded ({self.rows_changed} new or changed), "
            f"{len(self.rejects)} rejected; pools: {pools or 'none'}"
        )


def load_case_managers(
    path: str | Path,
    *,
    db: str | Path,
    key: bytes | None = None,
) -> PoolLoad:
    """Load a ``case_managers.csv`` into the store's ``case_manager_pools``.

    Parameters
    ----------
    path : the file (columns ``case_manager``, ``pool``, optional ``trained_on``).
    db : the event store; its events must be loaded first (the pseudonyms must be
        those of the store's key).
    key : pseudonymisation key (default ``privacy.load_key()``); it must be the
        key the store was loaded with.

    Returns
    -------
    PoolLoad with the counts and ``rejects`` (``REJECT_COLUMNS``: file name, line
    number in the file, column, reason).
    """
    path = Path(path)
    key = privacy.load_key() if key is None else key
    rows, rejects = _read(path)
    with store.connect(db, read_only=False) as con:
        recorded = store.meta_value(con, "key_fingerprint")
        if recorded is None:
            raise ConfigError(
                "the store holds no events yet; load the export first, then "
                "--case-managers (the pools join the events' case managers)."
            )
        if recorded != privacy.key_fingerprint(key):
            raise ConfigError(
                "this store was loaded with another pseudonymisation key than the one "
                f"from {privacy.key_source()}, so the case managers were not loaded; "
                "use the store's key (`ipgar key --db` compares)."
            )
        frame = pd.DataFrame(
            {
                "case_manager": [
                    privacy.pseudonym(r[0], key, kind="manager") for r in rows
                ],
                "pool": [r[1] for r in rows],
                "trained_on": pd.Series([r[2] for r in rows], dtype="object"),
            }
        )
        frame = frame.drop_duplicates("case_manager", keep="last")
        con.execute("BEGIN TRANSACTION")
        try:
            (load_id,) = store.first_row(con, store.read_sql("load/pools_next_load"))  # type: ignore[misc]
            before = _count(con)
            con.register("_pools", frame)
            store.run_sql(con, "load/pools_replace").fetchall()
            removed = before - _count(con)
            store.run_sql(con, "load/pools_insert", load_id=int(load_id)).fetchall()
            changed = _count(con) - before + removed
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        finally:
            con.execute("SELECT 1").fetchall()
            con.unregister("_pools")
    return PoolLoad(
        file=path.name,
        rows_read=len(rows) + len(rejects),
        rows_loaded=len(frame),
        rows_changed=changed,
        load_id=int(load_id),
        pools=frame.groupby("pool").size().astype(int).to_dict(),
        rejects=pd.DataFrame(rejects, columns=list(REJECT_COLUMNS)),
    )


def _count(con: object) -> int:
    row = store.first_row(con, "SELECT count(*) FROM case_manager_pools")  # type: ignore[arg-type]
    return int(row[0]) if row else 0


def _read(
    path: Path,
) -> tuple[list[tuple[str, str, date | None]], list[tuple[str, int, str, str]]]:
    """The rows (raw id, pool code, training date) and the rejects of the file."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ConfigError(
            f"cannot read {path.name}: {exc.strerror}; give the case_managers.csv file."
        ) from None
    except UnicodeDecodeError:
        raise ExportFormatError(
            f"{path.name} is not UTF-8 text; save it as CSV UTF-8."
        ) from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ExportFormatError(f"{path.name} has no header line; write one.")
    delim = max(_DELIMITERS, key=lambda d: lines[0].count(d))
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    header = [h.strip().lower() for h in next(reader)]
    where: dict[str, int] = {}
    for col, names in HEADERS.items():
        found = [i for i, h in enumerate(header) if h in names]
        if found:
            where[col] = found[0]
    missing = [c for c in ("case_manager", "pool") if c not in where]
    if missing:
        raise ExportFormatError(
            f"{path.name} has no column {' or '.join(missing)}; the header needs "
            "case_manager,pool (and optionally trained_on)."
        )
    rows: list[tuple[str, str, date | None]] = []
    rejects: list[tuple[str, int, str, str]] = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue

        def cell(col: str, cells: list[str] = cells) -> str:
            i = where.get(col)
            return cells[i].strip(" \t\r\n") if i is not None and i < len(cells) else ""

        raw, pool, trained = cell("case_manager"), cell("pool"), cell("trained_on")
        problem = _problem(raw, pool, trained)
        if problem is not None:
            rejects.append((path.name, line, *problem))
            continue
        rows.append((raw, pool.lower(), _date(trained)))
    return rows, rejects


def _problem(raw: str, pool: str, trained: str) -> tuple[str, str] | None:
    """(column, reason) of the first problem of a row, or None."""
    if not privacy.normalise_id(raw):
        return "case_manager", "missing"
    if len(raw) > config.MAX_CELL_CHARS:
        return "case_manager", "too_long"
    if not pool:
        return "pool", "missing"
    if not _POOL_RE.fullmatch(pool.lower()):
        return "pool", "not_a_code"
    if _DIGITS_RE.search(pool) or privacy.normalise_id(raw).lower() == pool.lower():
        return "pool", "number_in_label"
    if trained:
        day = _date(trained)
        if day is None:
            return "trained_on", "bad_date"
        if day > local_today():
            return "trained_on", "future_date"
    return None


def _date(text: str) -> date | None:
    """``YYYY-MM-DD`` or ``dd-mm-jjjj`` (also with ``/``); None: empty or unreadable."""
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})", text)
        if not m:
            return None
        d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        return None
