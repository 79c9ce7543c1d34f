"""The episodes of a process map's edges, counted in bitmaps or as distinct values.

``directly_follows`` counts the episodes that hold an edge (``n_episodes``) in a
bitmap with one bit per episode of the store (``sql/paths/episode_count_bits.sql``)
when the bitmaps of every possible edge fit ``EPISODE_BITMAP_BYTES``, else as
distinct values. Both are checked by hand on a log where an edge repeats within an
episode, on a store whose least case key is not 1, and against each other on the
simulated store (phases, cut-offs, a filter).
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.filters import LogFilter, filtered
from ipgar_metrics.metrics.paths import _dfg
from ipgar_metrics.store import _sql
from tests.stores import same_both_ways

# case X: two episodes (uitstroom closes the first), contact -> contact twice in the
# first and once in the second; case Y: one episode, contact -> contact once
LOG = {
    "X": [
        "melding",
        "contact",
        "contact",
        "contact",
        "uitstroom",
        "melding",
        "contact",
        "contact",
    ],
    "Y": ["melding", "contact", "contact"],
}


def _store(cases: dict[str, list[str]]) -> duckdb.DuckDBPyConnection:
    rows = [
        (case, activity, f"2024-01-{day + 1:02d}T10:00:00+01:00")
        for case, activities in cases.items()
        for day, activity in enumerate(activities)
    ]
    con = store.memory_store()
    store.insert_events(
        con, pd.DataFrame(rows, columns=["case_id", "activity", "timestamp"])
    )
    return con


def _edges(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    got = _dfg.directly_follows(con, as_of=store.last_event_at(con), include_open=True)
    return got.set_index(["source", "target"])[["count", "n_episodes"]]


def _steps_run(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the SQL steps the map runs from now on."""
    used: list[str] = []
    run = _sql.run_sql

    def spy(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> Any:
        used.append(name)
        return run(con, name, **params)

    monkeypatch.setattr(_dfg.store, "run_sql", spy)
    return used


@pytest.fixture(params=["bits", "distinct"])
def counter(request, monkeypatch) -> str:
    """Each way of counting, checked to be the one used."""
    monkeypatch.setattr(_dfg, "COUNT_BY_BITMAP", request.param == "bits")
    used = _steps_run(monkeypatch)
    yield request.param
    assert f"paths/episode_count_{request.param}" in used


def test_an_edge_counts_each_episode_that_holds_it_once(counter):
    got = _edges(_store(LOG))
    assert got.loc[("contact", "contact")].tolist() == [4, 3]
    assert got.loc[("melding", "contact")].tolist() == [3, 3]
    assert got.loc[("uitstroom", "[end]")].tolist() == [1, 1]
    assert got.loc[("contact", "[end]")].tolist() == [2, 2]


def test_the_episodes_are_numbered_from_the_least_key_in_the_store(counter):
    con = _store({"W": ["melding", "contact", "contact"], **LOG})
    con.execute("DELETE FROM events WHERE case_key = 1")  # W: the least key is 2
    assert store.first_row(con, "SELECT min(case_key) FROM events") == (2,)
    got = _edges(con)
    assert got.loc[("contact", "contact")].tolist() == [4, 3]
    assert got.loc[("melding", "contact")].tolist() == [3, 3]


def test_an_index_outside_the_bounds_is_an_error_not_a_count():
    con = _store(LOG)
    store.run_sql(con, "paths/episode_index").fetchall()
    store.run_sql(con, "paths/episode_count_bits").fetchall()
    last = store.first_row(con, "SELECT getvariable('ipgar_episodes').last_index")
    assert last == (3,)  # two cases (keys 1, 2) by two episodes: 0, 1, 2, 3
    assert con.execute(
        "SELECT _episode_count(i) FROM (VALUES (0), (3), (3)) AS t(i)"
    ).fetchall() == [(2,)]
    with pytest.raises(duckdb.OutOfRangeException, match="outside"):
        con.execute(
            "SELECT _episode_count(i) FROM (VALUES (0), (4)) AS t(i)"
        ).fetchall()


def test_the_map_counts_as_distinct_values_when_the_bitmaps_would_not_fit(
    monkeypatch,
):
    con = _store(LOG)
    used = _steps_run(monkeypatch)
    _edges(con)
    assert (
        "paths/episode_count_bits" in used
    )  # (22 codes and the end)² edges of 4 bits fit
    used.clear()
    monkeypatch.setattr(_dfg, "EPISODE_BITMAP_BYTES", 1)
    got = _edges(con)
    assert "paths/episode_count_distinct" in used
    assert "paths/episode_count_bits" not in used
    assert got.loc[("contact", "contact")].tolist() == [4, 3]


def test_bitmaps_and_distinct_values_give_the_same_maps(sim_store):
    both = (_dfg.directly_follows, (_dfg, "COUNT_BY_BITMAP"))
    with store.connect(sim_store.db) as con:
        last = store.last_event_at(con)
        for as_of in (last, last - pd.Timedelta(days=200)):
            for phase in ("episode", "intake"):
                got = same_both_ways(*both, con, phase=phase, as_of=as_of)
                # the map holds episodes that repeat an edge: the counts differ
                assert (got["count"] > got["n_episodes"]).any() or phase == "intake"
        with filtered(con, LogFilter(where={"org": ["politie"]})):
            inside = same_both_ways(*both, con, as_of=last, include_open=True)
        assert inside["n_episodes"].sum() > 0
