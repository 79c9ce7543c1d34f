"""The log overview from the stored paths equals the counts over the events.

``log_overview`` reads ``episode_paths`` (one key per episode) when no event lies
after the reference time and every path is keyed (``paths/overview_stored``), else
it counts over the events (``paths/overview``, ``paths/overview_ends``). Both must
give the same frame; ``tests/e2e/test_overview.py`` compares the figures with
pm4py's on the public logs.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.paths import _overview
from tests.hand_logs import ev


def _both(con, as_of, monkeypatch) -> tuple[pd.DataFrame, pd.DataFrame]:
    ts = _overview.reference_time(con, as_of)
    assert _overview._stored_paths_cover(con, ts)
    stored = _overview.log_overview(con, as_of=as_of)
    monkeypatch.setattr(_overview, "READ_STORED_OVERVIEW", False)
    counted = _overview.log_overview(con, as_of=as_of)
    monkeypatch.setattr(_overview, "READ_STORED_OVERVIEW", True)
    return stored, counted


def test_the_simulated_store(sim_store, monkeypatch):
    con = store.connect(sim_store.db)
    try:
        stored, counted = _both(con, store.last_event_at(con), monkeypatch)
        pd.testing.assert_frame_equal(stored, counted)
        assert stored["variants"].iloc[0] > 100
        # an earlier reference time is counted over the events
        ts = _overview.reference_time(con, date(2024, 6, 1))
        assert not _overview._stored_paths_cover(con, ts)
    finally:
        con.close()


@pytest.mark.parametrize(
    "criteria",
    [
        {"contains": ("instroom",)},
        {"where": {"ideology": ["rechts"]}},
        {"period": (date(2020, 1, 1), date(2022, 12, 31))},
    ],
)
def test_a_filtered_log(sim_store, monkeypatch, criteria):
    # a filter keeps whole cases and shadows episode_paths with them (filters._view)
    from ipgar_metrics.metrics.filters import filtered

    con = store.connect(sim_store.db)
    try:
        with filtered(con, **criteria) as kept:
            stored, counted = _both(con, store.last_event_at(con), monkeypatch)
            pd.testing.assert_frame_equal(stored, counted)
            assert 0 < stored["cases"].iloc[0] == kept.kept < kept.total
    finally:
        con.close()


def test_a_case_is_its_episodes_in_order(monkeypatch):
    # A: melding > instroom > uitstroom; B that twice (two episodes, a new report
    # after the exit); C that, then a new report alone. Three variants of whole
    # cases, though the episodes have only two (A's and "melding").
    def episode(case: str, month: str, closed: bool = True) -> list[dict]:
        out = [ev(case, "melding", f"{month}-01", outcome="MAP")]
        if closed:
            out += [
                ev(case, "instroom", f"{month}-03"),
                ev(case, "uitstroom", f"{month}-20"),
            ]
        return out

    rows = [
        *episode("A", "01"),
        *episode("B", "01"),
        *episode("B", "02"),
        *episode("C", "01"),
        *episode("C", "02", closed=False),
    ]
    con = store.memory_store()
    store.insert_events(con, pd.DataFrame(rows))
    keys = con.execute(
        "SELECT count(DISTINCT path_key), max(episode) FROM episode_paths"
    )
    assert keys.fetchone() == (2, 2)
    stored, counted = _both(con, date(2025, 3, 1), monkeypatch)
    pd.testing.assert_frame_equal(stored, counted)
    row = stored.iloc[0]
    assert (row["cases"], row["events"], row["activities"], row["variants"]) == (
        3,
        13,
        3,
        3,
    )
    assert row["start_activities"] == {"melding": 3}
    assert row["end_activities"] == {"uitstroom": 2, "melding": 1}


def test_an_empty_store(monkeypatch):
    con = store.memory_store()
    stored, counted = _both(con, date(2025, 3, 1), monkeypatch)
    pd.testing.assert_frame_equal(stored, counted)
    assert stored["cases"].iloc[0] == 0


@pytest.mark.parametrize("unkeyed", [True, False])
def test_an_unkeyed_path_is_counted_over_the_events(unkeyed):
    con = store.memory_store()
    store.insert_events(con, pd.DataFrame([ev("A", "melding", "01-01", outcome="MAP")]))
    if unkeyed:  # as a path with an activity code of 55,000 or more is stored
        con.execute("UPDATE episode_paths SET path_key = NULL")
    ts = _overview.reference_time(con, date(2025, 3, 1))
    assert _overview._stored_paths_cover(con, ts) is not unkeyed
