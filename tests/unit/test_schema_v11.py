"""Schema version 11: every event carries its step to the next event of its episode.

``next_activity_code`` and ``next_gap_us`` are set where events are numbered; the
process map of whole episodes groups them instead of sorting every event. A
version-10 store is made as that release made it and upgraded in one transaction;
the simulated store, turned back into version 10, upgrades with the same steps and
snapshot id. The stored steps are checked against the events wherever events change
(``tests.stores.assert_integer_keys``, run after the loads of
``test_load_renumber.py`` and the governance steps of ``test_schema_v10.py``), and the
process map read from them is compared with the one that sorts the events: at
several moments, under a log filter, and in profile generic.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from typing import Any

import duckdb
import pandas as pd
import pytest
from test_schema_v10 import assert_dfg_as_pandas

from ipgar_metrics import store
from ipgar_metrics.ingest._load import snapshot_id
from ipgar_metrics.metrics.filters import LogFilter, filtered
from ipgar_metrics.metrics.paths import _dfg
from tests.shared_inputs import public_store
from tests.stores import (
    after_failed_upgrade,
    as_older_version,
    assert_integer_keys,
    assert_stored_steps,
    columns,
    same_both_ways,
    store_at_version,
)

pytestmark = pytest.mark.filterwarnings(
    "ignore::ipgar_metrics.errors.DataQualityWarning"
)


def test_a_version_10_store_upgrades_to_version_11_with_its_steps(tmp_path):
    db = tmp_path / "v10.duckdb"
    store_at_version(db, 10)
    con = store.connect(db)
    try:
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert columns(con, "events")[-2:] == ["next_activity_code", "next_gap_us"]
        assert "next_gap_us" not in columns(con, "restricted_events")
        # the one event is its episode's last: no step
        assert con.execute(
            "SELECT next_activity_code, next_gap_us FROM events"
        ).fetchall() == [(None, None)]
    finally:
        con.close()


def test_a_failed_upgrade_leaves_the_version_10_store_as_it_was(tmp_path, monkeypatch):
    db = tmp_path / "v10.duckdb"
    store_at_version(db, 10)
    with after_failed_upgrade(db, 11, monkeypatch) as con:
        assert "next_activity_code" not in columns(con, "events")
        assert con.execute("SELECT count(*) FROM events").fetchall() == [(1,)]


def test_the_simulated_store_upgrades_with_its_steps_and_snapshot(sim_store, tmp_path):
    db = tmp_path / "v10.duckdb"
    shutil.copy(sim_store.db, db)
    with store.connect(db) as con:
        before = snapshot_id(con)
        rows = con.execute(
            "SELECT * FROM events ORDER BY case_key, episode, seq"
        ).fetchall()
    as_older_version(db, 10)
    with store.connect(db) as con:  # upgraded when opened
        assert store.meta_value(con, "schema_version") == str(store.SCHEMA_VERSION)
        assert snapshot_id(con) == before
        assert_integer_keys(con)
        assert (
            con.execute(
                "SELECT * FROM events ORDER BY case_key, episode, seq"
            ).fetchall()
            == rows
        )
        # episodes that end and go on: steps to a next event and to none
        counts = con.execute(
            "SELECT count(*) FILTER (WHERE next_activity_code IS NULL), "
            "count(DISTINCT (case_id, episode)), max(episode) FROM events"
        ).fetchone()
        assert counts[0] == counts[1]  # one last event per episode
        assert counts[2] > 1  # and cases of more than one episode


def test_steps_end_where_episodes_end_whatever_comes_before_or_after():
    """By hand: an event before the first report, a closing decision followed by a
    contact (the same episode) and by a new report (the next episode)."""
    con = store.memory_store()
    rows = [
        ("contact", None, "2024-01-01T09:00:00+01:00"),
        ("melding", "MAP", "2024-01-02T09:00:00+01:00"),
        ("ptor_besluit", "geen_opname", "2024-01-05T09:00:00+01:00"),
        ("contact", None, "2024-01-06T09:00:00+01:00"),
        ("melding", "MAP", "2024-02-01T09:00:00+01:00"),
        ("uitstroom", None, "2024-02-01T10:00:00+01:00"),
    ]
    frame = pd.DataFrame(rows, columns=["activity", "outcome", "timestamp"])
    frame["case_id"] = "Cx"
    store.insert_events(con, frame)
    got = con.execute(
        "SELECT e.episode, e.activity, a.activity, e.next_gap_us / 3600e6 "
        "FROM events AS e LEFT JOIN activity_codes AS a "
        "ON a.code = e.next_activity_code ORDER BY e.seq"
    ).fetchall()
    assert got == [
        (1, "contact", "melding", 24.0),  # before the first report: episode 1
        (1, "melding", "ptor_besluit", 72.0),
        (1, "ptor_besluit", "contact", 24.0),  # a contact after it: the same one
        (1, "contact", None, None),  # the next report opens episode 2
        (2, "melding", "uitstroom", 1.0),
        (2, "uitstroom", None, None),
    ]
    assert_integer_keys(con)


def test_the_check_of_stored_steps_can_fail(sim_store, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(sim_store.db, db)
    con = duckdb.connect(str(db))
    try:  # a step over an episode's end, as a numbering by case alone would give
        con.execute(
            "UPDATE events SET next_activity_code = 0, next_gap_us = 1 "
            "WHERE episode = 1 AND (case_id, seq) IN (SELECT (case_id, max(seq)) "
            "FROM events WHERE episode = 1 GROUP BY case_id) "
            "AND case_id IN (SELECT case_id FROM events WHERE episode = 2)"
        )
        with pytest.raises(AssertionError, match="stored step"):
            assert_stored_steps(con)
    finally:
        con.close()


# --- the process map from the stored steps -------------------------------------------


def _both_ways(con: duckdb.DuckDBPyConnection, **kwargs: Any) -> pd.DataFrame:
    """The process map read from the stored steps, checked against the sorted one."""
    return same_both_ways(
        _dfg.directly_follows, (_dfg, "READ_STORED_STEPS"), con, **kwargs
    )


def test_the_stored_steps_give_the_process_map_of_the_sorted_events(sim_store):
    with store.connect(sim_store.db) as con:
        last = store.last_event_at(con)
        for as_of in (
            last,
            sim_store.as_of,
            last - pd.Timedelta(days=200),  # episodes cut between two events
            last - pd.Timedelta(days=2000),
        ):
            got = _both_ways(con, as_of=as_of, include_open=True)
            assert got["count"].sum() > 0
        assert_dfg_as_pandas(con, last - pd.Timedelta(days=200))
        kept = LogFilter(where={"org": ["politie"]})
        with filtered(con, kept):
            assert_stored_steps(con)
            inside = _both_ways(con, as_of=last, include_open=True)
        whole = _both_ways(con, as_of=last, include_open=True)
        assert inside["count"].sum() < whole["count"].sum()


def test_the_stored_steps_serve_profile_generic(tmp_path):
    db = public_store("receipt.xes.gz", tmp_path)  # ipgar load --profile generic
    with store.connect(db) as con:
        assert store.profile_of(con) == "generic"
        assert_integer_keys(con)
        last = store.last_event_at(con)
        for as_of in (last, last - timedelta(days=30)):
            _both_ways(con, as_of=as_of, include_open=True)
            assert_dfg_as_pandas(con, as_of)
