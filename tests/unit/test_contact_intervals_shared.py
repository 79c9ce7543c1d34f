"""The contact intervals of a report are made once (``store.shared_table``).

In a report (inside ``store.reuse_results``) the summary of the contact intervals
and the practice page's interval rows read the same temporary table: the statement
``casework/contact_intervals`` runs once per reference time, and both answers equal
those of a call on its own.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.casework import contact_intervals
from ipgar_metrics.store import _sql


@pytest.fixture
def made(monkeypatch) -> list[tuple[str, Any]]:
    """The runs of the intervals' statement from now on: (SQL file, as_of).

    As a temporary table (``_make_temp``) or read straight into a frame (``run_sql``).
    """
    out: list[tuple[str, Any]] = []
    make, run = _sql._make_temp, _sql.run_sql

    def run_spy(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> Any:
        if name == "casework/contact_intervals":
            out.append((name, params.get("as_of")))
        return run(con, name, **params)

    def spy(
        con: duckdb.DuckDBPyConnection, table: str, name: str, params: dict[str, Any]
    ) -> None:
        out.append((name, params.get("as_of")))
        make(con, table, name, params)

    monkeypatch.setattr(_sql, "_make_temp", spy)
    monkeypatch.setattr(_sql, "run_sql", run_spy)
    return out


def _alone(db: Any, as_of: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame]:
    with store.connect(db) as con:  # no reuse: each answer made on its own
        return (
            contact_intervals(con, as_of=as_of, level="summary"),
            contact_intervals(con, as_of=as_of, level="interval"),
        )


def _tables(con: duckdb.DuckDBPyConnection) -> list[tuple[int]]:
    return con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = '_contact_intervals'"
    ).fetchall()


@pytest.mark.parametrize("summary_first", [True, False])
def test_a_report_makes_the_intervals_once_with_the_same_answers(
    sim_store, made, summary_first
):
    as_of = pd.Timestamp(sim_store.as_of)
    earlier = as_of - pd.Timedelta(days=90)
    want = {ts: _alone(sim_store.db, ts) for ts in (as_of, earlier)}
    # on their own, the summary and the rows each run the statement
    assert [name for name, _ in made] == ["casework/contact_intervals"] * 4
    first, second = made[0][1], made[2][1]  # the two times as the statement got them
    made.clear()
    with store.connect(sim_store.db) as con, store.reuse_results():
        if summary_first:  # as a report asks: the summaries (twice), then the rows
            summaries = [
                contact_intervals(con, as_of=as_of, level="summary") for _ in range(2)
            ]
            rows = contact_intervals(con, as_of=as_of, level="interval")
            assert made == [("casework/contact_intervals", first)]
        else:  # the rows drop the table they made: a later summary makes it again
            rows = contact_intervals(con, as_of=as_of, level="interval")
            summaries = [contact_intervals(con, as_of=as_of, level="summary")]
            assert [ts for _, ts in made] == [first, first]
            made.clear()
            rows_again = contact_intervals(con, as_of=as_of, level="interval")
            pd.testing.assert_frame_equal(rows_again, rows)  # kept: no run
            assert made == []
        assert _tables(con) == ([(0,)] if summary_first else [(1,)])
        # another reference time is made anew, then the first one again
        made.clear()
        other = contact_intervals(con, as_of=earlier, level="summary")
        again = contact_intervals(con, as_of=as_of, level="summary")
        assert [ts for _, ts in made] == [second, first]
    for summary in [*summaries, again]:
        pd.testing.assert_frame_equal(summary, want[as_of][0])
    pd.testing.assert_frame_equal(rows, want[as_of][1])
    pd.testing.assert_frame_equal(other, want[earlier][0])
    assert rows["case_id"].is_monotonic_increasing  # the statement's order
    assert len(rows) > 100


def test_outside_a_report_the_table_is_dropped(sim_store, made):
    with store.connect(sim_store.db) as con:
        contact_intervals(con, as_of=sim_store.as_of, level="summary")
        contact_intervals(con, as_of=sim_store.as_of, level="summary")
        assert len(made) == 2  # no reuse outside a report
        assert _tables(con) == [(0,)]
