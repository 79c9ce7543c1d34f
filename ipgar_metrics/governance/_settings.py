"""The store's own settings: the retention period and the DPIA gate of relations.

Settings live in the store's ``settings`` table (key, value, changed_at), one row per
key: ``retention_years`` (whole years; ``ipgar load`` purges the persons whose
approach ended more than that many years before the export date),
``relations`` (``enabled`` or ``disabled``), ``relations_dpia`` (the reference of
the approved DPIA that allows relations between persons to be processed) and
``report_archive`` (the folder of earlier reports whose intern reports the retention
period also applies to, ``_archive``).

Every change is recorded in the store's processing log (``store.record_processing``,
the DPIA reference included: it names a document, not a person).
``require_relations_enabled(con)`` is the gate every step that would process
relations calls first. See ``docs/privacy.md``, "Retention" and "Relations".
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError

#: The settings a store knows, with what each means (``ipgar config`` lists them).
SETTINGS: dict[str, str] = {
    "retention_years": "persons whose approach ended more than N years before the "
    "export date are purged at each load",
    "relations": "enabled or disabled: whether relations between persons may be "
    "processed",
    "relations_dpia": "the reference of the approved DPIA that enabled relations",
    "report_archive": "the folder of earlier reports: intern reports of months "
    "before the retention period are removed at each load",
}

#: The one-line refusal of a step that would process relations without a DPIA
#: (the gate lives in ``store``, so that ``ingest`` calls it too).
RELATIONS_REFUSAL = store.RELATIONS_REFUSAL


def store_settings(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    """Every known setting of the store (``None`` when it was never set)."""
    rows = dict(con.execute("SELECT key, value FROM settings").fetchall())
    return {key: rows.get(key) for key in SETTINGS}


def retention_years(con: duckdb.DuckDBPyConnection) -> int | None:
    """The store's retention period in years, ``None`` when none is set."""
    value = store_settings(con)["retention_years"]
    return None if value is None else int(value)


relations_enabled = store.relations_enabled
require_relations_enabled = store.require_relations_enabled


def set_retention(db: str | os.PathLike[str], years: int) -> dict[str, str | None]:
    """Set the retention period to ``years`` (1 or more); logged. Returns the settings."""
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise ConfigError(
            "the retention period must be a whole number of years, 1 or more."
        )
    return _change(db, {"retention_years": str(years)}, {"retention_years": years})


def report_archive(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The folder of earlier reports the retention period applies to, if set."""
    value = store_settings(con)["report_archive"]
    return None if value is None else Path(value)


def set_report_archive(
    db: str | os.PathLike[str], folder: str | os.PathLike[str]
) -> dict[str, str | None]:
    """Set the report archive (an existing folder); logged. Returns the settings."""
    path = Path(folder).expanduser().resolve()
    if not path.is_dir():
        raise ConfigError(
            f"{folder} is not a folder; give --report-archive the folder where "
            "`ipgar report` writes the reports."
        )
    return _change(db, {"report_archive": str(path)}, {"report_archive": str(path)})


def enable_relations(db: str | os.PathLike[str], dpia: str) -> dict[str, str | None]:
    """Enable relations with the reference of an approved DPIA; logged."""
    reference = (dpia or "").strip()
    if not reference:
        raise ConfigError(
            "enabling relations needs the reference of the approved DPIA: "
            "--dpia REFERENCE."
        )
    return _change(
        db,
        {"relations": "enabled", "relations_dpia": reference},
        {"enable": "relations", "dpia": reference},
    )


@dataclass(frozen=True)
class RelationsDisabled:
    """What disabling relations removed: counts only, and the settings after it."""

    settings: dict[str, str | None]
    relations: int
    key_locations: int
    #: rejected rows of relations and key-locations exports
    rejects: int

    def summary(self) -> str:
        """One line for the CLI."""
        return (
            f"relations disabled: removed {self.relations} relations, "
            f"{self.key_locations} key locations and {self.rejects} rejected rows of "
            "their exports (open and restricted)"
        )


def disable_relations(db: str | os.PathLike[str]) -> RelationsDisabled:
    """Disable relations and remove every stored relation and key location; logged.

    The DPIA reference is removed; every row of ``relations``, ``key_locations``
    and their restricted copies, and the rejected rows of their exports, are
    deleted in the transaction that changes the setting; when any was removed the
    file is rewritten so their bytes are gone (as a purge does).
    """
    counts: list[int] = []

    def drop(con: duckdb.DuckDBPyConnection) -> None:
        counts.extend(store.run_sql(con, "governance/relation_counts").fetchall()[0])
        store.run_sql(con, "governance/drop_relations").fetchall()
        if counts[0] or counts[1]:  # the content changed: colophons name the new id
            con.execute(
                "INSERT OR REPLACE INTO settings VALUES ('restriction_snapshot', ?, ?)",
                [store.snapshot_id(con), datetime.now(UTC)],
            ).fetchall()

    settings = _change(
        db,
        {"relations": "disabled", "relations_dpia": None},
        {"disable": "relations"},
        also=drop,
    )
    if any(counts):
        path = Path(db)
        store.rewrite_store(path)
        store.owner_only(path)
    return RelationsDisabled(settings, *(int(n) for n in counts))


def _change(
    db: str | os.PathLike[str],
    values: dict[str, str | None],
    logged: dict[str, object],
    also: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
) -> dict[str, str | None]:
    """Write ``values`` (``None`` removes a key) in one transaction, then log it.

    ``also``: a further step inside the same transaction (disabling relations
    deletes them).
    """
    path = store.require_store(db, "to configure")
    con = store.connect(path, read_only=False)
    try:
        now = datetime.now(UTC)
        with store.transaction(con):
            if also is not None:
                also(con)
            for key, value in values.items():
                con.execute("DELETE FROM settings WHERE key = ?", [key]).fetchall()
                if value is not None:
                    con.execute(
                        "INSERT INTO settings VALUES (?, ?, ?)", [key, value, now]
                    ).fetchall()
        result = store_settings(con)
        snap = store.snapshot(con)["snapshot_id"]
        con.execute("CHECKPOINT").fetchall()
    finally:
        con.close()
    store.record_processing(  # inside an `ipgar` command: goes to its one entry
        path,
        "governance.config",
        logged,
        snapshot=snap,
        choices={"enable": ("relations",), "disable": ("relations",)},
    )
    return result
