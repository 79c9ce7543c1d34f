"""The metrics the monthly report asks for several times: kept within the report only.

Inside ``store.reuse_results`` each of them is computed once per reference time and
arguments; the answers must be the ones a fresh call gives outside the block, and a
caller that changes its copy must not change what the next caller gets.
"""

from __future__ import annotations

import copy
from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics.casework import flow, interventions
from ipgar_metrics.metrics.leadtime import lead_times
from ipgar_metrics.metrics.leadtime._survival import period_durations

AS_OF = date(2025, 8, 1)
TS = pd.Timestamp("2025-08-01", tz="Europe/Amsterdam")
WINDOW = (date(2024, 8, 1), date(2025, 7, 31))

CALLS = {
    "lead_times episode": lambda c: lead_times(c, as_of=AS_OF),
    "lead_times summary": lambda c: lead_times(
        c, as_of=AS_OF, level="summary", period=WINDOW, period_mode="completed"
    ),
    "lead_times by outcome": lambda c: lead_times(
        c,
        as_of=AS_OF,
        level="summary",
        by="outcome",
        period=WINDOW,
        period_mode="completed",
    ),
    "flow": lambda c: flow(c, as_of=AS_OF),
    "interventions": lambda c: interventions(c, as_of=AS_OF),
    "approach_periods": lambda c: status.approach_periods(c, as_of=TS),
    "status_intervals": lambda c: status.status_intervals(c, as_of=TS),
    "pauses_at": lambda c: status.pauses_at(c, TS),
    "period_durations": lambda c: period_durations(
        c, as_of=TS, event="end", period=WINDOW, period_mode="intersecting"
    ),
}


@pytest.fixture(scope="module")
def con(sim_store):
    c = store.connect(sim_store.db)
    yield c
    c.close()


@pytest.mark.parametrize("name", list(CALLS))
def test_a_kept_answer_is_the_fresh_one_and_cannot_be_changed(con, name):
    call = CALLS[name]
    fresh = call(con)
    assert len(fresh) > 0
    with store.reuse_results():
        first = call(con)
        first.iloc[:, 0] = None  # a caller changes its copy
        first.attrs.clear()
        again = call(con)
    pd.testing.assert_frame_equal(again, fresh)
    assert again.attrs == fresh.attrs


def test_lead_times_builds_its_episode_frame_once_per_report(con, monkeypatch):
    from ipgar_metrics.metrics.leadtime import _lead_times

    calls = []
    real = _lead_times._episode_frame
    monkeypatch.setattr(
        _lead_times, "_episode_frame", lambda *a: calls.append(1) or real(*a)
    )
    CALLS["lead_times summary"](con)  # outside a report: once per call
    assert len(calls) == 1
    with store.reuse_results():
        CALLS["lead_times summary"](con)
        CALLS["lead_times by outcome"](con)  # the same episodes: not built again
        CALLS["lead_times summary"](con)
    assert len(calls) == 2


def test_a_deep_copy_of_the_snapshot_is_an_equal_dict_of_its_own(con):
    snap = store.snapshot(con)
    copied = copy.deepcopy({"ipgar": {"snapshot": snap}})["ipgar"]["snapshot"]
    assert copied == snap and copied is not snap and isinstance(copied, dict)
    copied["snapshot_id"] = "changed"
    assert store.snapshot(con)["snapshot_id"] != "changed"
    assert snap["snapshot_id"] != "changed"


def test_a_new_connection_never_gets_a_closed_ones_results(tmp_path):
    # one reuse block over two stores opened one after the other: the second
    # connection may get the first one's address (id), never its kept results
    import duckdb

    keys = []
    with store.reuse_results():
        for i in range(40):
            con = duckdb.connect()
            keys.append(store.result_key(con, "x"))
            assert store.kept(keys[-1], lambda i=i: i) == i  # computed, not reused
            con.close()
            del con
    assert len(set(keys)) == len(keys)
