"""Storage limitation (AVG art. 5(1)(e)): remove the persons whose involvement ended.

``purge(db=..., ended_before=date)`` removes every row of the persons whose last
episode ended before the date: their events, earlier versions of events, case
attributes, rejected rows and quality flags, in one transaction. It records the
purge in ``purges`` (counts only, never a pseudonym), recomputes the snapshot id,
and rewrites the file (``store.rewrite_store``) so the bytes of the removed rows are
gone from it. The store is then as if those persons had never been loaded.

Who is purged (``sql/governance/purged_cases_<profile>.sql``): profile ``ipgar``, a
person with no open episode whose last episode ended before the date (the end of an
episode as the metrics define it: the final decision without intake, or the exit
after an intake) and no event on or after it; profile ``generic``, a case whose last
event is before the date. See ``docs/store.md``, "Purge: storage limitation".

Relations (either person) and key locations of the removed persons go with them
(``PurgeResult.relations``, ``key_locations``).

``erase(db=..., case_id=RAW)`` removes one person on request (AVG art. 17) with the
same guarantees: their rows in every table (also while their processing is
restricted), one transaction, a ``purges`` row (counts only; ``ended_before`` is
``ERASURE_MARK``), the file rewritten, logged. The raw case id is
pseudonymised with the store's key and never printed, logged or stored.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ipgar_metrics import __version__, config, store
from ipgar_metrics.errors import ConfigError, StoreError

#: Columns of ``purges(con)`` (one row per purge, counts only).
PURGE_COLUMNS: dict[str, str] = {
    "purge_id": "int: 1, 2, ... in the order of the purges",
    "purged_at": "datetime64[tz]: when the purge ran",
    "ended_before": "date: persons whose last episode ended before it were removed "
    "(ERASURE_MARK, 1970-01-01, for an erasure on request: no date condition)",
    "cases": "int: persons (cases) removed",
    "events": "int: events removed",
    "history_rows": "int: earlier versions of events removed",
    "rejects": "int: rejected rows removed",
    "flags": "int: quality flags removed",
    "toolkit_version": "str: the ipgar-metrics version that purged",
    "snapshot_id": "str: the snapshot id after the purge",
}

_COUNTS = ("cases", "events", "history_rows", "rejects", "flags")

#: ``ended_before`` of the ``purges`` row of an erasure on request (``erase``): no
#: date condition, and a date no report period starts before, so the colophon's note
#: on the retention period is not moved by an erasure. (``purges`` has no column for
#: the kind of purge; ``purged_at`` says when it ran.)
ERASURE_MARK = date(1970, 1, 1)


@dataclass(frozen=True)
class PurgeResult:
    """What a purge removed (or, with ``dry_run``, would remove): counts only."""

    ended_before: date
    cases: int
    events: int
    history_rows: int
    rejects: int
    flags: int
    #: the snapshot id after the purge (unchanged by a dry run or an empty purge)
    snapshot_id: str
    dry_run: bool = False
    #: the row in ``purges`` (None for a dry run or when nobody was purged)
    purge_id: int | None = None
    #: the pseudonym of the one person erased on request (``erase``), else None
    person: str | None = None
    #: relations (either person) and key locations removed, open and restricted
    #: (not in the ``purges`` table, whose columns predate them)
    relations: int = 0
    key_locations: int = 0

    def summary(self) -> str:
        """The account of the purge, as the CLI prints it (one line)."""
        verb = "would remove" if self.dry_run else "removed"
        s = "" if self.cases == 1 else "s"
        who = (
            f"person {self.person} on request (erasure)"
            if self.person is not None
            else f"{self.cases} person{s} whose last episode ended before "
            f"{self.ended_before.isoformat()}"
        )
        text = (
            f"{verb} {who}: {self.events} events, "
            f"{self.history_rows} history rows, {self.rejects} rejected rows, "
            f"{self.flags} quality flags"
        )
        if self.relations or self.key_locations:
            text += f", {self.relations} relations, {self.key_locations} key locations"
        if self.dry_run:
            return text + "; nothing changed (dry run)"
        return text + f"; snapshot {self.snapshot_id}"


def purge(
    *,
    db: str | os.PathLike[str] = config.DEFAULT_DB,
    ended_before: date,
    dry_run: bool = False,
) -> PurgeResult:
    """Remove the persons whose last episode ended before ``ended_before``.

    Profile ``ipgar``: a person is removed when none of their episodes is open, the
    last one ended (final decision without intake, or the exit after an intake)
    before the date, and they have no event on or after it; a person with an open
    episode is never removed. Profile ``generic``: a case whose last event is
    before the date. Dates are days in Europe/Amsterdam (before the start of that
    day).

    Parameters
    ----------
    db
        The event store; no other connection may have it open.
    ended_before
        The first day that is kept (e.g. today minus the retention period).
    dry_run
        Count what would be removed and change nothing.

    Returns
    -------
    PurgeResult
        The counts of persons, events, history rows, rejected rows and quality
        flags removed, and the snapshot id after the purge.

    Raises
    ------
    StoreError
        No store at ``db``, it is in use, or the file could not be rewritten.
    ConfigError
        ``ended_before`` is not a date, or is after the store's export date.
    """
    if isinstance(ended_before, datetime) or not isinstance(ended_before, date):
        raise ConfigError(
            "ended_before must be a date (YYYY-MM-DD), the first day that is kept."
        )
    path = store.require_store(db, "to purge")
    con = store.connect(path, read_only=False)
    try:
        result = _purge(con, ended_before, dry_run=dry_run)
        con.execute("CHECKPOINT").fetchall()
    finally:
        con.close()
    if not dry_run:
        _rewrite(path)
    store.record_processing(  # inside an `ipgar` command: goes to its one entry
        path,
        "governance.purge",
        {"ended_before": ended_before, "dry_run": dry_run},
        snapshot=result.snapshot_id,
    )
    return result


def erase(
    *,
    db: str | os.PathLike[str] = config.DEFAULT_DB,
    case_id: str,
    key: bytes | None = None,
    dry_run: bool = False,
) -> PurgeResult:
    """Erase the person with the raw ``case_id`` from the store (AVG art. 17).

    Every row of the person (events, also restricted ones, earlier versions, the
    case row, rejected rows, quality flags) is removed in one transaction, recorded
    in ``purges`` (counts only, ``ended_before`` is ``ERASURE_MARK``) and the file
    is rewritten so their bytes are gone. ``key``: default ``privacy.load_key()``.

    Raises
    ------
    StoreError
        No store at ``db``, it is in use, or the file could not be rewritten.
    ConfigError
        An empty case id, not the store's key, or the store holds nothing of the
        person (the message never repeats the case id).
    """
    from ipgar_metrics.governance._subject import person_pseudonym

    path = store.require_store(db, "to purge")
    con = store.connect(path, read_only=False)
    try:
        pseudonym = person_pseudonym(con, case_id, key)
        with store.temp_table(
            con, "_purged", "governance/subject_case", case_id=pseudonym
        ):
            counts = _counts(con)
            if not _holds(con, pseudonym, counts):
                raise ConfigError(
                    "the store holds nothing of this person (check the case id and "
                    "the key, or whether they were purged already); nothing removed."
                )
            if dry_run:
                snap = store.snapshot(con)["snapshot_id"] or store.snapshot_id(con)
                result = _result(ERASURE_MARK, counts, snap, dry_run=True)
            else:
                purge_id, snap = _delete(con, ERASURE_MARK, counts)
                result = _result(ERASURE_MARK, counts, snap, purge_id=purge_id)
        con.execute("CHECKPOINT").fetchall()
    finally:
        con.close()
    if not dry_run:
        _rewrite(path)
    store.record_processing(  # inside an `ipgar` command: goes to its one entry
        path,
        "governance.erase",
        {"case_id": case_id, "dry_run": dry_run},
        snapshot=result.snapshot_id,
    )
    return dataclasses.replace(result, person=pseudonym)


def _holds(
    con: duckdb.DuckDBPyConnection, pseudonym: str, counts: dict[str, int]
) -> bool:
    """Whether the store holds any row of the person (a case row counts too)."""
    if any(counts[k] for k in _COUNTS if k != "cases"):
        return True
    rows = con.execute(
        "SELECT (SELECT count(*) FROM cases WHERE case_id = $p) "
        "+ (SELECT count(*) FROM restricted_cases WHERE case_id = $p)",
        {"p": pseudonym},
    ).fetchall()
    return bool(rows[0][0])


def purges(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The purges of the store, oldest first: counts only, never a pseudonym.

    Returns
    -------
    pandas.DataFrame
        One row per purge: see ``PURGE_COLUMNS``.
    """
    cols = ", ".join(PURGE_COLUMNS)
    frame = con.execute(f"SELECT {cols} FROM purges ORDER BY purge_id").df()  # noqa: S608 - fixed names
    frame["ended_before"] = [pd.Timestamp(d).date() for d in frame["ended_before"]]
    frame["purged_at"] = pd.to_datetime(frame["purged_at"], utc=True).dt.tz_convert(
        config.TIMEZONE
    )
    return frame


def _purge(
    con: duckdb.DuckDBPyConnection, ended_before: date, *, dry_run: bool
) -> PurgeResult:
    last = store.last_event_at(con)
    if last is None:
        raise ConfigError("the event store is empty; there is nobody to purge.")
    _check_date(con, ended_before, last)
    cutoff = pd.Timestamp(ended_before, tz=config.TIMEZONE).to_pydatetime()
    with _purged_cases(con, cutoff, last):
        counts = _counts(con)
        if dry_run or not counts["cases"]:
            snap = store.snapshot(con)["snapshot_id"] or store.snapshot_id(con)
            return _result(ended_before, counts, snap, dry_run=dry_run)
        purge_id, snap = _delete(con, ended_before, counts)
    return _result(ended_before, counts, snap, purge_id=purge_id)


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The rows a purge of the persons in ``_purged`` removes, per kind."""
    row = store.run_sql(con, "governance/purge_counts").fetchall()[0]
    counts = {k: int(v) for k, v in zip(_COUNTS, row, strict=True)}
    net = store.run_sql(con, "governance/purge_network_counts").fetchall()[0]
    counts["relations"], counts["key_locations"] = int(net[0]), int(net[1])
    return counts


def _result(
    ended_before: date,
    counts: dict[str, int],
    snap: str,
    *,
    dry_run: bool = False,
    purge_id: int | None = None,
) -> PurgeResult:
    return PurgeResult(
        ended_before=ended_before,
        cases=counts["cases"],
        events=counts["events"],
        history_rows=counts["history_rows"],
        rejects=counts["rejects"],
        flags=counts["flags"],
        snapshot_id=snap,
        dry_run=dry_run,
        purge_id=purge_id,
        relations=counts.get("relations", 0),
        key_locations=counts.get("key_locations", 0),
    )


def _check_date(con: duckdb.DuckDBPyConnection, ended_before: date, last: Any) -> None:
    """Refuse a date after the export date (else the last event's day + 1)."""
    export = store.snapshot(con).get("export_date")
    if export is not None and not pd.isna(export):
        limit, what = pd.Timestamp(export).date(), "the export date of the store"
    else:
        day = pd.Timestamp(last).tz_convert(config.TIMEZONE).date()
        limit, what = day + timedelta(days=1), "the day after the store's last event"
    if ended_before > limit:
        raise ConfigError(
            f"ended before {ended_before.isoformat()} is after {what} "
            f"({limit.isoformat()}), so it would purge on days the store does not "
            "cover; choose that date or an earlier one."
        )


@contextlib.contextmanager
def _purged_cases(
    con: duckdb.DuckDBPyConnection, cutoff: datetime, last: Any
) -> Iterator[None]:
    """Within the block, the temporary table ``_purged`` holds the purged case ids."""
    with contextlib.ExitStack() as stack:
        if store.profile_of(con) == "ipgar":
            stack.enter_context(
                store.temp_table(con, "_episode_ends", "metrics/episodes", as_of=last)
            )
            step, params = "purged_cases_ipgar", {"ended_before": cutoff, "as_of": last}
        else:
            step, params = "purged_cases_generic", {"ended_before": cutoff}
        stack.enter_context(
            store.temp_table(con, "_purged", f"governance/{step}", **params)
        )
        yield


def _delete(
    con: duckdb.DuckDBPyConnection, ended_before: date, counts: dict[str, int]
) -> tuple[int, str]:
    """Delete the persons in ``_purged`` and record the purge, in one transaction."""
    with store.transaction(con):
        store.run_sql(con, "governance/delete_purged").fetchall()
        snap = store.snapshot_id(con)
        purge_id = con.execute(
            "SELECT coalesce(max(purge_id), 0) + 1 FROM purges"
        ).fetchall()[0][0]
        con.execute(
            "INSERT INTO purges (purge_id, purged_at, ended_before, cases, events, "
            "history_rows, rejects, flags, toolkit_version, snapshot_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                purge_id,
                datetime.now(UTC),
                ended_before,
                *(int(counts[k]) for k in _COUNTS),
                __version__,
                snap,
            ],
        ).fetchall()
        _fail_point()
    return int(purge_id), snap


def _rewrite(path: Path) -> None:
    """``store.rewrite_store``, with what to do when it fails after the commit."""
    try:
        store.rewrite_store(path)
    except StoreError as exc:
        raise StoreError(
            f"{exc} The purged persons are no longer in the store, but their bytes "
            "may still be in the file until it is rewritten: run the same purge "
            "again once the disk has room (it rewrites the file)."
        ) from None
    store.owner_only(path)


def _fail_point() -> None:
    """Test hook inside the transaction, after every write and before COMMIT.

    ``IPGAR_FAIL_PURGE`` raises (the rollback test), like ``IPGAR_FAIL_LOAD``.
    """
    if os.environ.get("IPGAR_FAIL_PURGE"):
        raise StoreError(
            "purge aborted by IPGAR_FAIL_PURGE (test hook); nothing was removed."
        )
