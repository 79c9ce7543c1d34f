"""Stores as an earlier release wrote them, for the schema-version tests.

``store_at_version(db, N)`` runs the migration steps 1..N only, records version N
and adds one event (``Cabc``, a report; from version 9 with its stored path), so a
test can upgrade it to the current version and check the rows survive. A store before version 7 knows the activity
codes without those version 7 added, as that release did.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pandas as pd
import pytest

from ipgar_metrics import schema, store
from ipgar_metrics.store._paths import refresh_activity_firsts

#: The activity codes each version added (absent from ``activity_order`` before it).
ADDED_CODES = {7: ("leefgebiedenscan", "netwerkoverleg")}


def codes_of_version(version: int) -> list[str]:
    """The activity codes, in process order, that a store of ``version`` knows."""
    later = {c for v, codes in ADDED_CODES.items() if v > version for c in codes}
    return [a for a in schema.ACTIVITIES if a not in later]


def store_at_version(db: Path, version: int) -> None:
    """Write at ``db`` a store of schema ``version`` with one event."""
    con = duckdb.connect(str(db))
    try:
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        for step in range(1, version + 1):
            store.MIGRATIONS[step](con)
        con.execute("DELETE FROM activity_order")
        con.executemany(
            "INSERT INTO activity_order VALUES (?, ?)",
            [(a, i) for i, a in enumerate(codes_of_version(version))],
        )
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(version)])
        extra = (
            ", NULL, NULL" if version >= 6 else ""
        )  # registered_at, intervention_type
        extra += ", 1, 0" if version >= 10 else ""  # case_key, activity_code
        extra += ", NULL, NULL" if version >= 11 else ""  # the step to the next
        con.execute(
            "INSERT INTO events VALUES ('Cabc', 1, 1, 'melding', TIMESTAMPTZ "
            "'2025-01-02 09:00:00+01', NULL, NULL, NULL, 'MAP', NULL, NULL, 'Hk', 1, 1"
            f"{extra})"
        )
        if version >= 13:  # its derived rows, as a load of that release writes them
            store.refresh_derived_rows(con)
        elif version >= 9:  # the event's stored path (and first times)
            store.refresh_episode_paths(con)
            if version >= 12:
                refresh_activity_firsts(con)
    finally:
        con.close()


#: What each later version added to a loaded store, undone newest first by
#: ``as_older_version``: the SQL that takes a store of version N to version N - 1.
UNDO_VERSION: dict[int, tuple[str, ...]] = {
    13: ("DROP TABLE approach_windows",),
    12: ("DROP TABLE activity_firsts",),
    11: (
        "ALTER TABLE events DROP COLUMN next_activity_code",
        "ALTER TABLE events DROP COLUMN next_gap_us",
    ),
    # version 9 kept no integer keys and its events in the order of the pseudonyms
    10: (
        "CREATE OR REPLACE TABLE events AS SELECT * EXCLUDE (case_key, "
        "activity_code) FROM events ORDER BY case_id, seq",
    ),
}


def as_older_version(db: Path, version: int) -> None:
    """Turn the loaded store at ``db`` (this version) into what ``version`` held.

    For an upgrade test on a realistic store: each later version's additions are
    removed, newest first (``UNDO_VERSION``), and the recorded version set back.
    """
    con = duckdb.connect(str(db))
    try:
        for step in range(store.SCHEMA_VERSION, version, -1):
            for sql in UNDO_VERSION[step]:
                con.execute(sql)
        con.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(version)]
        )
    finally:
        con.close()


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The columns of ``table``, in their order."""
    return [
        c
        for (c,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
            "ORDER BY column_index",
            [table],
        ).fetchall()
    ]


def tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The names of the tables of a store."""
    return {
        t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
    }


@contextlib.contextmanager
def after_failed_upgrade(
    db: Path, version: int, monkeypatch: pytest.MonkeyPatch
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the store at ``db`` (of ``version - 1``) with step ``version`` failing.

    The step runs its SQL and then fails, as a pulled disk would; opening the store
    raises. Yields a read-only connection to what is left, after checking that the
    store still says it is of ``version - 1``.
    """

    def broken(con: duckdb.DuckDBPyConnection) -> None:
        store.run_sql(con, f"store/schema_v{version}")
        raise RuntimeError("disk pulled")

    monkeypatch.setitem(store.MIGRATIONS, version, broken)
    with pytest.raises(RuntimeError):
        store.connect(db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        got = con.execute("SELECT value FROM meta WHERE key = 'schema_version'")
        assert got.fetchall() == [(str(version - 1),)]
        yield con
    finally:
        con.close()


def assert_integer_keys(con: duckdb.DuckDBPyConnection) -> None:
    """The integer keys of ``events`` (schema version 10) are whole and consistent.

    Every event has a ``case_key`` and an ``activity_code``; a case has one key and
    a key one case; the code is ``activity_codes``' code of the event's activity;
    the rows of a case lie together in ``seq`` order (the table's order); and each
    event's stored step (schema version 11) is the next event of its episode.
    """
    row = con.execute(
        "SELECT count(*) FILTER (WHERE case_key IS NULL OR activity_code IS NULL), "
        "count(DISTINCT case_id), count(DISTINCT case_key), "
        "count(DISTINCT (case_id, case_key)) FROM events"
    ).fetchall()[0]
    assert row[0] == 0, "events without their integer keys"
    assert row[1] == row[2] == row[3], "case_id and case_key are not one to one"
    wrong = con.execute(
        "SELECT count(*) FROM events AS e JOIN activity_codes AS a USING (activity) "
        "WHERE e.activity_code <> a.code"
    ).fetchall()[0][0]
    assert wrong == 0, "an activity_code that is not its activity's code"
    # in the table's order a case's first row has seq 1 and each next row seq + 1:
    # then its rows lie together too (seq 1 occurs once per case)
    (misplaced,) = con.execute(
        "WITH o AS (SELECT case_key, seq, lag(case_key) OVER w AS prev_key, "
        "lag(seq) OVER w AS prev_seq FROM events WINDOW w AS (ORDER BY rowid)) "
        "SELECT count(*) FILTER (WHERE CASE WHEN prev_key IS DISTINCT FROM case_key "
        "THEN seq <> 1 ELSE seq <> prev_seq + 1 END) FROM o"
    ).fetchone()
    assert misplaced == 0, "a case's rows are not together in seq order"
    assert_stored_steps(con)
    assert_activity_firsts(con)
    assert_approach_windows(con)


def assert_stored_steps(con: duckdb.DuckDBPyConnection) -> None:
    """Every event's ``next_activity_code`` and ``next_gap_us`` (schema version 11)
    are those of the next event of its case and episode in ``seq`` order (NULL for
    an episode's last), found again here from the text columns."""
    (wrong,) = con.execute(
        "WITH n AS (SELECT e.next_activity_code, e.next_gap_us, "
        "lead(e.activity) OVER w AS next_activity, "
        "lead(epoch_us(e.ts)) OVER w - epoch_us(e.ts) AS gap FROM events AS e "
        "WINDOW w AS (PARTITION BY e.case_id, e.episode ORDER BY e.seq)) "
        "SELECT count(*) FROM n LEFT JOIN activity_codes AS a "
        "ON a.activity = n.next_activity "
        "WHERE n.next_activity_code IS DISTINCT FROM a.code "
        "OR n.next_gap_us IS DISTINCT FROM n.gap"
    ).fetchone()
    assert wrong == 0, "an event whose stored step is not to the next of its episode"


def assert_activity_firsts(con: duckdb.DuckDBPyConnection) -> None:
    """``activity_firsts`` (schema version 12) holds, for every case and activity of
    ``events``, the instant and episode of the activity's first event in ``seq``
    order, found again here from the text columns, and nothing else."""
    (wrong,) = con.execute(
        "WITH firsts AS (SELECT e.case_id, a.code AS activity_code, "
        "arg_min(e.episode, e.seq) AS episode, arg_min(e.ts, e.seq) AS first_at "
        "FROM events AS e JOIN activity_codes AS a USING (activity) "
        "GROUP BY e.case_id, a.code), "
        "missing AS (SELECT * FROM firsts EXCEPT ALL SELECT * FROM activity_firsts), "
        "extra AS (SELECT * FROM activity_firsts EXCEPT ALL SELECT * FROM firsts) "
        "SELECT (SELECT count(*) FROM missing) + (SELECT count(*) FROM extra)"
    ).fetchone()
    assert wrong == 0, "activity_firsts is not the first event of each activity"


def assert_approach_windows(con: duckdb.DuckDBPyConnection) -> None:
    """``approach_windows`` (schema version 13) holds, for every episode with an
    instroom, its first instroom and the first uitstroom after it, found again here
    from the text columns with windows over the events, and nothing else."""
    (wrong,) = con.execute(
        "WITH marked AS (SELECT case_id, case_key, episode, seq, ts, activity, "
        "min(seq) FILTER (WHERE activity = 'instroom') OVER w AS first_in "
        "FROM events WINDOW w AS (PARTITION BY case_id, episode)), "
        "windows AS (SELECT case_id, case_key, episode, any_value(first_in) AS i_seq, "
        "min(ts) FILTER (WHERE seq = first_in) AS i_at, "
        "min(seq) FILTER (WHERE activity = 'uitstroom' AND seq > first_in) AS x_seq, "
        "arg_min(ts, seq) FILTER (WHERE activity = 'uitstroom' AND seq > first_in) "
        "AS x_at FROM marked WHERE first_in IS NOT NULL "
        "GROUP BY case_id, case_key, episode), "
        "missing AS (SELECT * FROM windows EXCEPT ALL SELECT * FROM approach_windows), "
        "extra AS (SELECT * FROM approach_windows EXCEPT ALL SELECT * FROM windows) "
        "SELECT (SELECT count(*) FROM missing) + (SELECT count(*) FROM extra)"
    ).fetchone()
    assert wrong == 0, "approach_windows is not each episode's instroom and exit"


def same_both_ways(
    fn: Callable[..., pd.DataFrame],
    switch: tuple[ModuleType, str],
    con: duckdb.DuckDBPyConnection,
    **kwargs: Any,
) -> pd.DataFrame:
    """``fn(con, **kwargs)``, checked equal to its answer with the switch turned off.

    ``switch``: a module and the name of its flag that chooses the fast way (a
    stored table, a bitmap); the slow way is the one it replaced. Returns the answer.
    """
    module, flag = switch
    got = fn(con, **kwargs)
    setattr(module, flag, False)
    try:
        slow = fn(con, **kwargs)
    finally:
        setattr(module, flag, True)
    pd.testing.assert_frame_equal(got, slow, rtol=1e-12)
    assert got.attrs == slow.attrs
    return got
