"""Schema version 12: the first time of every activity in every case is stored.

``activity_firsts`` holds one row per case and activity: the instant and the episode
of the activity's first event. The lead time from A to B over whole cases reads it
instead of scanning every event, and case durations read the stored paths. A
version-11 store is made as that release made it and upgraded in one transaction; the
simulated store, turned back into version 11, upgrades with the same rows and snapshot
id. The rows are checked against the events wherever events change
(``tests.stores.assert_activity_firsts``, part of ``assert_integer_keys``, run after
the loads of ``test_load_renumber.py`` and the governance steps of
``test_schema_v10.py``), and each metric read from them is compared with the scan of
the events: at several moments, under a log filter, and in profile generic.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.ingest._load import snapshot_id
from ipgar_metrics.metrics.filters import LogFilter, filtered
from ipgar_metrics.metrics.leadtime import _between
from ipgar_metrics.store import _connection
from tests.shared_inputs import public_store
from tests.stores import (
    after_failed_upgrade,
    as_older_version,
    assert_activity_firsts,
    assert_integer_keys,
    same_both_ways,
    store_at_version,
    tables,
)

pytestmark = pytest.mark.filterwarnings(
    "ignore::ipgar_metrics.errors.DataQualityWarning"
)


def test_a_version_11_store_upgrades_to_version_12_with_its_first_times(tmp_path):
    db = tmp_path / "v11.duckdb"
    store_at_version(db, 11)
    con = store.connect(db)
    try:
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        got = con.execute(
            "SELECT f.case_id, a.activity, f.episode, f.first_at "
            "FROM activity_firsts AS f JOIN activity_codes AS a "
            "ON a.code = f.activity_code"
        ).fetchall()
        assert [row[:3] for row in got] == [("Cabc", "melding", 1)]
        assert got[0][3] == pd.Timestamp("2025-01-02 09:00:00+01:00")
    finally:
        con.close()


@pytest.mark.parametrize("read_only", [True, False])
def test_an_upgrade_that_removes_no_value_does_not_rewrite_the_file(
    tmp_path, monkeypatch, read_only
):
    """Only the upgrade from version 1 masks values (its rewrite is tested in
    test_schema_versions.py); later ones add tables and columns."""
    rewrites: list[Path] = []
    monkeypatch.setattr(_connection, "rewrite_store", rewrites.append)
    db = tmp_path / "v11.duckdb"
    store_at_version(db, 11)
    store.connect(db, read_only=read_only).close()
    assert rewrites == []
    old = tmp_path / "v1.duckdb"
    store_at_version(old, 1)
    store.connect(old, read_only=read_only).close()
    assert rewrites == [old]
    with store.connect(old) as con:
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)


def test_a_failed_upgrade_leaves_the_version_11_store_as_it_was(tmp_path, monkeypatch):
    db = tmp_path / "v11.duckdb"
    store_at_version(db, 11)
    with after_failed_upgrade(db, 12, monkeypatch) as con:
        assert "activity_firsts" not in tables(con)
        assert con.execute("SELECT count(*) FROM events").fetchall() == [(1,)]


def test_the_simulated_store_upgrades_with_its_first_times(sim_store, tmp_path):
    db = tmp_path / "v11.duckdb"
    shutil.copy(sim_store.db, db)
    with store.connect(db) as con:
        before = snapshot_id(con)
        rows = con.execute("SELECT * FROM activity_firsts ORDER BY ALL").fetchall()
    as_older_version(db, 11)
    with store.connect(db) as con:  # upgraded when opened
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert snapshot_id(con) == before
        assert_integer_keys(con)  # and the first times (assert_activity_firsts)
        again = con.execute("SELECT * FROM activity_firsts ORDER BY ALL").fetchall()
        assert again == rows
        # cases of several episodes, whose later reports are not their first
        n = con.execute(
            "SELECT count(*) FROM events AS e JOIN activity_codes AS a USING (activity) "
            "JOIN activity_firsts AS f ON f.case_id = e.case_id "
            "AND f.activity_code = a.code WHERE e.episode > f.episode"
        ).fetchone()[0]
        assert n > 0


def test_first_times_by_hand():
    """A contact before the first report, a report after a closing decision."""
    con = store.memory_store()
    rows = [
        ("contact", None, "2024-01-01T09:00:00+01:00"),
        ("melding", "MAP", "2024-01-02T09:00:00+01:00"),
        ("ptor_besluit", "geen_opname", "2024-01-05T09:00:00+01:00"),
        ("contact", None, "2024-01-06T09:00:00+01:00"),
        ("melding", "MAP", "2024-02-01T09:00:00+01:00"),  # episode 2: not the first
        ("instroom", None, "2024-02-10T09:00:00+01:00"),
    ]
    frame = pd.DataFrame(rows, columns=["activity", "outcome", "timestamp"])
    frame["case_id"] = "Cx"
    store.insert_events(con, frame)
    got = con.execute(
        "SELECT a.activity, f.episode, f.first_at FROM activity_firsts AS f "
        "JOIN activity_codes AS a ON a.code = f.activity_code ORDER BY f.first_at"
    ).fetchall()
    stamp = pd.Timestamp
    assert got == [
        ("contact", 1, stamp("2024-01-01T09:00:00+01:00")),
        ("melding", 1, stamp("2024-01-02T09:00:00+01:00")),
        ("ptor_besluit", 1, stamp("2024-01-05T09:00:00+01:00")),
        ("instroom", 2, stamp("2024-02-10T09:00:00+01:00")),
    ]
    # over the whole case: from the first report, in episode 1, to the intake
    lead = _between.lead_time_between(
        con, from_activity="melding", to_activity="instroom", as_of=stamp("2024-03-01")
    )
    within_case = _between.lead_time_between(
        con,
        from_activity="melding",
        to_activity="instroom",
        as_of=stamp("2024-03-01T00:00:00+01:00"),
        within="case",
    )
    assert within_case[["episode", "days"]].values.tolist() == [[1, 39.0]]
    assert lead["episode"].tolist() == [1, 2]  # per episode: the events, as before
    # activities the store never saw, as either end: no case, or never reached
    as_of = stamp("2024-03-01T00:00:00+01:00")
    assert _lead(con, as_of, "uitstroom", "melding").empty
    assert _lead(con, as_of, "melding", "uitstroom")["end_at"].isna().all()


def test_the_check_of_first_times_can_fail(sim_store, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(sim_store.db, db)
    con = duckdb.connect(str(db))
    try:  # a first time of episode 1, in a case of two episodes, put in its second
        con.execute(
            "UPDATE activity_firsts SET episode = 2 WHERE (case_id, activity_code) IN "
            "(SELECT (case_id, activity_code) FROM activity_firsts WHERE episode = 1 "
            "AND case_id IN (SELECT case_id FROM events WHERE episode = 2) LIMIT 1)"
        )
        with pytest.raises(AssertionError, match="first event of each activity"):
            assert_activity_firsts(con)
    finally:
        con.close()


# --- the metrics from the stored rows ------------------------------------------------


def _both_ways(fn: Any, con: duckdb.DuckDBPyConnection, **kwargs: Any) -> pd.DataFrame:
    """``fn`` read from the stored rows, checked against the scan of the events."""
    return same_both_ways(fn, (_between, "READ_STORED"), con, **kwargs)


def _lead(con: duckdb.DuckDBPyConnection, as_of: Any, a: str, b: str) -> pd.DataFrame:
    return _both_ways(
        _between.lead_time_between,
        con,
        from_activity=a,
        to_activity=b,
        as_of=as_of,
        within="case",
    )


def test_the_stored_rows_give_the_lead_times_and_durations_of_the_events(sim_store):
    with store.connect(sim_store.db) as con:
        last = store.last_event_at(con)
        for as_of in (
            last,
            sim_store.as_of,
            last - pd.Timedelta(days=200),  # cases cut between A and B
            last - pd.Timedelta(days=2000),
        ):
            got = _lead(con, as_of, "melding", "instroom")
            assert got["is_open"].any() or as_of == last
            _lead(con, as_of, "contact", "melding")  # negatives: B before A
            _lead(con, as_of, "instroom", "uitstroom")  # a second pair of activities
            _both_ways(_between.case_durations, con, as_of=as_of)
        reached = _lead(con, last, "melding", "instroom")
        assert reached["days"].notna().sum() > 100
        assert (_lead(con, last, "contact", "melding")["days"] < 0).any()
        kept = LogFilter(where={"org": ["politie"]})
        with filtered(con, kept):
            assert_activity_firsts(con)
            inside = _lead(con, last, "melding", "instroom")
            durations = _both_ways(_between.case_durations, con, as_of=last)
        assert 0 < len(inside) < len(reached)
        (n_cases,) = con.execute(
            "SELECT count(DISTINCT case_id) FROM events"
        ).fetchone()
        assert 0 < len(durations) < n_cases


def test_case_durations_before_the_last_event_scan_the_events(sim_store, monkeypatch):
    """Before the last event the stored paths would count later events: not read."""
    read: list[str] = []
    sql_frame = store.sql_frame

    def spy(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
        read.append(name)
        return sql_frame(con, name, **params)

    monkeypatch.setattr(store, "sql_frame", spy)
    with store.connect(sim_store.db) as con:
        last = store.last_event_at(con)
        _between.case_durations(con, as_of=last)
        _between.case_durations(con, as_of=last - pd.Timedelta(seconds=1))
    assert read == ["leadtime/case_durations_stored", "leadtime/case_durations"]
    # one episode per case: the episodes' rows are the cases' rows
    con = store.memory_store()
    frame = pd.DataFrame(
        {
            "case_id": ["Ca", "Ca", "Cb"],
            "activity": ["melding", "instroom", "melding"],
            "timestamp": [
                "2024-01-02T09:00:00+01:00",
                "2024-01-09T09:00:00+01:00",
                "2024-01-03T09:00:00+01:00",
            ],
        }
    )
    store.insert_events(con, frame)
    read.clear()
    got = _both_ways(_between.case_durations, con, as_of=pd.Timestamp("2024-02-01"))
    assert read[0] == "leadtime/case_durations_stored_single"
    assert got[["case_id", "n_events", "days"]].values.tolist() == [
        ["Ca", 2, 7.0],
        ["Cb", 1, 0.0],
    ]


def test_the_stored_rows_serve_profile_generic(tmp_path):
    db = public_store("receipt.xes.gz", tmp_path)  # ipgar load --profile generic
    with store.connect(db) as con:
        assert store.profile_of(con) == "generic"
        assert_activity_firsts(con)
        acts = [
            a
            for (a,) in con.execute(
                "SELECT activity FROM events GROUP BY activity ORDER BY count(*) DESC "
                "LIMIT 3"
            ).fetchall()
        ]
        last = store.last_event_at(con)
        for as_of in (last, last - timedelta(days=30)):
            _lead(con, as_of, acts[0], acts[1])
            _lead(con, as_of, acts[2], acts[0])
            _both_ways(_between.case_durations, con, as_of=as_of)
