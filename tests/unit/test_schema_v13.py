"""Schema version 13: the window of every episode in the approach is stored.

``approach_windows`` holds one row per episode with an instroom: its first instroom
and the first uitstroom after it. The ``approach_window`` macro reads it, cut at any
reference time, instead of scanning the events for both in every statement of
contact, integrality, flow and caseload. A version-12 store is made as that release
made it and upgraded in one transaction; the simulated store, turned back into version
12, upgrades with the same rows and snapshot id. The rows are checked against the
events wherever events change (``tests.stores.assert_approach_windows``, part of
``assert_integer_keys``, run after the loads of ``test_load_renumber.py`` and the
governance steps of ``test_schema_v10.py``), and the macro and the metrics that read
it are compared with the scan of the events: at many moments and under a log filter.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from typing import Any

import duckdb
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.ingest._load import snapshot_id
from ipgar_metrics.metrics.casework import (
    action_gaps,
    caseload,
    contact_gaps,
    flow,
    integrality,
    time_in_approach,
)
from ipgar_metrics.metrics.filters import LogFilter, filtered
from tests.stores import (
    after_failed_upgrade,
    as_older_version,
    assert_approach_windows,
    assert_integer_keys,
    store_at_version,
    tables,
)

pytestmark = pytest.mark.filterwarnings(
    "ignore::ipgar_metrics.errors.DataQualityWarning"
)


def test_a_version_12_store_upgrades_to_version_13(tmp_path):
    db = tmp_path / "v12.duckdb"
    store_at_version(db, 12)
    with store.connect(db) as con:
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert "approach_windows" in tables(con)
        assert_approach_windows(con)  # its one report has no instroom: no window
        assert con.execute("SELECT count(*) FROM approach_windows").fetchone() == (0,)


def test_a_failed_upgrade_leaves_the_version_12_store_as_it_was(tmp_path, monkeypatch):
    db = tmp_path / "v12.duckdb"
    store_at_version(db, 12)
    with after_failed_upgrade(db, 13, monkeypatch) as con:
        assert "approach_windows" not in tables(con)
        assert con.execute("SELECT count(*) FROM events").fetchall() == [(1,)]


def test_the_simulated_store_upgrades_with_its_windows(sim_store, tmp_path):
    db = tmp_path / "v12.duckdb"
    shutil.copy(sim_store.db, db)
    with store.connect(db) as con:
        before = snapshot_id(con)
        rows = con.execute("SELECT * FROM approach_windows ORDER BY ALL").fetchall()
    as_older_version(db, 12)
    with store.connect(db) as con:  # upgraded when opened
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert snapshot_id(con) == before
        assert_integer_keys(con)  # and the windows (assert_approach_windows)
        again = con.execute("SELECT * FROM approach_windows ORDER BY ALL").fetchall()
        assert again == rows
        closed = sum(1 for row in rows if row[5] is not None)
        assert len(rows) > 100 and 0 < closed < len(rows)  # in and out of the approach


def test_windows_by_hand():
    """An uitstroom before the instroom does not close the window; a second episode
    has a window of its own; an episode without instroom has none."""
    con = store.memory_store()
    rows = [
        ("melding", "MAP", "2024-01-02T09:00:00+01:00"),
        ("uitstroom", None, "2024-01-03T09:00:00+01:00"),  # before the instroom
        ("instroom", None, "2024-01-10T09:00:00+01:00"),
        ("instroom", None, "2024-01-11T09:00:00+01:00"),  # not the first
        ("uitstroom", None, "2024-03-01T09:00:00+01:00"),
        ("uitstroom", None, "2024-03-02T09:00:00+01:00"),
        ("melding", "MAP", "2024-05-01T09:00:00+01:00"),  # episode 2
        ("instroom", None, "2024-05-20T09:00:00+01:00"),
        ("melding", "MAP", "2024-09-01T09:00:00+01:00"),  # episode 3: no instroom
    ]
    frame = pd.DataFrame(rows, columns=["activity", "outcome", "timestamp"])
    frame["case_id"] = "Cx"
    store.insert_events(con, frame)
    stamp = pd.Timestamp
    got = con.execute(
        "SELECT episode, instroom_seq, instroom_at, exit_seq, uitstroom_at "
        "FROM approach_windows ORDER BY episode"
    ).fetchall()
    assert got == [
        (
            1,
            3,
            stamp("2024-01-10T09:00:00+01:00"),
            5,
            stamp("2024-03-01T09:00:00+01:00"),
        ),
        (2, 8, stamp("2024-05-20T09:00:00+01:00"), None, None),
    ]
    # cut at moments: before the first instroom, inside, at the exit, after it
    for moment, expected in (
        ("2024-01-09T00:00:00+01:00", []),
        ("2024-01-10T09:00:00+01:00", [(1, 3, None)]),
        ("2024-03-01T08:59:59+01:00", [(1, 3, None)]),
        ("2024-03-01T09:00:00+01:00", [(1, 3, 5)]),
        ("2024-06-01T00:00:00+01:00", [(1, 3, 5), (2, 8, None)]),
    ):
        assert _windows(con, stamp(moment)) == expected
        assert _windows(con, stamp(moment), scanned=True) == expected


def _windows(con: duckdb.DuckDBPyConnection, moment: Any, *, scanned: bool = False):
    macro = "approach_window_scanned" if scanned else "approach_window"
    return con.execute(
        f"SELECT episode, instroom_seq, exit_seq FROM {macro}($m) ORDER BY episode",
        {"m": moment},
    ).fetchall()


def test_the_check_of_windows_can_fail(sim_store, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(sim_store.db, db)
    con = duckdb.connect(str(db))
    try:  # a window closed at its first uitstroom, opened again
        con.execute(
            "UPDATE approach_windows SET exit_seq = NULL, uitstroom_at = NULL "
            "WHERE (case_key, episode) IN (SELECT (case_key, episode) "
            "FROM approach_windows WHERE exit_seq IS NOT NULL LIMIT 1)"
        )
        with pytest.raises(AssertionError, match="instroom and exit"):
            assert_approach_windows(con)
    finally:
        con.close()


# --- the macro and the metrics from the stored rows --------------------------------


@contextlib.contextmanager
def _scanned(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """``approach_window`` found from the events, as before version 13."""
    con.execute(
        "CREATE OR REPLACE TEMP MACRO approach_window(as_of) AS TABLE "
        "SELECT * FROM approach_window_scanned(as_of)"
    )
    try:
        yield
    finally:
        store.define_macros(con)


def _moments(con: duckdb.DuckDBPyConnection) -> list[pd.Timestamp]:
    """Month ends over the store's span, the last event and a moment at an exit."""
    first, last = con.execute("SELECT min(ts), max(ts) FROM events").fetchone()
    tz = "Europe/Amsterdam"
    start, stop = (pd.Timestamp(t).tz_convert(tz) for t in (first, last))
    ends = pd.date_range(start, stop, freq="ME")
    (exit_at,) = con.execute(
        "SELECT min(uitstroom_at) FROM approach_windows WHERE uitstroom_at IS NOT NULL"
    ).fetchone()
    return [*ends[::7], pd.Timestamp(last), pd.Timestamp(exit_at)]


def test_the_stored_windows_are_the_windows_of_the_events(sim_store):
    with store.connect(sim_store.db, read_only=True) as con:
        moments = _moments(con)
        assert len(moments) > 10
        sizes = []
        for moment in moments:
            stored = con.execute(
                "SELECT * FROM approach_window($m) ORDER BY ALL", {"m": moment}
            ).fetchall()
            scanned = con.execute(
                "SELECT * FROM approach_window_scanned($m) ORDER BY ALL", {"m": moment}
            ).fetchall()
            assert stored == scanned, moment
            sizes.append(len(stored))
        assert max(sizes) > 100 and min(sizes) < max(sizes)


def _answers(con: duckdb.DuckDBPyConnection, as_of: Any) -> dict[str, Any]:
    return {
        "contact_gaps": contact_gaps(con, as_of=as_of),
        "action_gaps": action_gaps(con, as_of=as_of),
        "integrality": integrality(con, as_of=as_of, level="summary"),
        "integrality_case": integrality(con, as_of=as_of),
        "flow": flow(con, as_of=as_of),
        "caseload": caseload(con, as_of=as_of),
        "time_in_approach": time_in_approach(con, as_of=as_of),
    }


@pytest.mark.parametrize("filtered_log", [False, True])
def test_the_metrics_in_the_approach_are_those_of_the_events(sim_store, filtered_log):
    with store.connect(sim_store.db, read_only=True) as con:
        last = store.last_event_at(con)
        keep = LogFilter(where={"report_source": ["MAP"]})
        with filtered(con, keep) if filtered_log else contextlib.nullcontext():
            for as_of in (last, last - pd.Timedelta(days=400)):
                stored = _answers(con, as_of)
                with _scanned(con):
                    scanned = _answers(con, as_of)
                for name, frame in stored.items():
                    pd.testing.assert_frame_equal(frame, scanned[name], obj=name)
                    assert frame.attrs == scanned[name].attrs, name
                assert len(stored["contact_gaps"]) > 5
