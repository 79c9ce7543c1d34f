"""Restriction of processing of one person (AVG art. 18), and lifting it.

``restrict_processing(db=..., case_id=RAW)`` moves the person's events and case row from
``events``/``cases`` to ``restricted_events``/``restricted_cases`` in one transaction:
kept unchanged, but out of every metric, report and figure (they read only
``events``/``cases``). A later load of an export that holds the person adds none of
their events (``sql/load/new_events.sql``) and no case row
(``sql/governance/hold_restricted.sql``). ``lift_restriction`` moves them back and renumbers
(``store.reorder``); events the exports brought during the restriction come with the
next load of an export that holds them. Both are logged and change the snapshot id
(``store.snapshot_id``), recorded as the setting ``restriction_snapshot`` so that
``store.snapshot`` (report colophons, the processing log) names it until the next
load or purge.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.governance._subject import person_pseudonym


@dataclass(frozen=True)
class RestrictionResult:
    """What a restriction or its lifting moved: counts and the new snapshot id."""

    action: str  # "restricted" or "lifted"
    pseudonym: str
    events: int
    #: the snapshot id of the store's content after the change (store.snapshot_id)
    snapshot_id: str

    def summary(self) -> str:
        """One line for the CLI (the pseudonym, never the raw case id)."""
        where = (
            "held apart from every metric, report and figure"
            if self.action == "restricted"
            else "back in the analysis"
        )
        s = "" if self.events == 1 else "s"
        return (
            f"{self.action} the processing of {self.pseudonym}: {self.events} event{s} "
            f"{where}; snapshot {self.snapshot_id}"
        )


def restrict_processing(
    *, db: str | os.PathLike[str], case_id: str, key: bytes | None = None
) -> RestrictionResult:
    """Restrict the processing of the person with the raw ``case_id`` (art. 18).

    Raises ``ConfigError`` when the store holds no events of the person or the
    processing is restricted already, ``StoreError`` when there is no store.
    """
    return _move(db, case_id, key, lift=False)


def lift_restriction(
    *, db: str | os.PathLike[str], case_id: str, key: bytes | None = None
) -> RestrictionResult:
    """Lift the restriction of the person with the raw ``case_id``.

    Raises ``ConfigError`` when the person's processing is not restricted.
    """
    return _move(db, case_id, key, lift=True)


def _move(
    db: str | os.PathLike[str], case_id: str, key: bytes | None, *, lift: bool
) -> RestrictionResult:
    path = store.require_store(db)
    con = store.connect(path, read_only=False)
    try:
        pseudonym = person_pseudonym(con, case_id, key)
        with store.temp_table(
            con, "_subject", "governance/subject_case", case_id=pseudonym
        ):
            events = _check(con, pseudonym, lift=lift)
            snap = _apply(con, lift=lift)
    finally:
        con.close()
    action = "lifted" if lift else "restricted"
    store.record_processing(  # inside an `ipgar` command: goes to its one entry
        path, f"governance.{action}", {"case_id": case_id}, snapshot=snap
    )
    return RestrictionResult(action, pseudonym, events, snap)


def _check(con: duckdb.DuckDBPyConnection, pseudonym: str, *, lift: bool) -> int:
    """The number of events to move; refuses a move that has nothing to move."""
    restricted = con.execute(
        "SELECT count(*) FROM restricted_cases WHERE case_id = ?", [pseudonym]
    ).fetchall()[0][0]
    table = "restricted_events" if lift else "events"
    events = con.execute(
        f"SELECT count(*) FROM {table} WHERE case_id = ?",  # noqa: S608 - fixed names
        [pseudonym],
    ).fetchall()[0][0]
    if lift and not restricted:
        raise ConfigError(
            "the processing of this person is not restricted; nothing to lift."
        )
    if not lift and restricted:
        raise ConfigError(
            "the processing of this person is restricted already; --lift ends it."
        )
    if not lift and not events:
        raise ConfigError(
            "the store holds no events of this person (check the case id, or "
            "whether they were purged); nothing was restricted."
        )
    return int(events)


def _apply(con: duckdb.DuckDBPyConnection, *, lift: bool) -> str:
    """Move the rows in one transaction; the snapshot id after it."""
    with store.transaction(con):
        store.run_sql(
            con, "governance/lift" if lift else "governance/restrict"
        ).fetchall()
        if lift:
            store.reorder(con)
            store.refresh_derived_rows(con, "_subject")  # their derived rows again
        snap = store.snapshot_id(con)
        con.execute(  # the snapshot colophons and the processing log name from now on
            "INSERT OR REPLACE INTO settings VALUES ('restriction_snapshot', ?, ?)",
            [snap, datetime.now(UTC)],
        ).fetchall()
    con.execute("CHECKPOINT").fetchall()
    return snap
