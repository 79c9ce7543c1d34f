"""Causes of lead time on the tiny log, by hand (times in test_leadtime_tiny_log.py).

Information wait (union of request -> next receipt, clipped to the lead time):
  A 01-09 09:00 -> 01-16 09:00 = 7 days of 28 (share 0.25)
  C1 both requests (10-22, 10-25) end at the one receipt on 10-29 10:00+01:
     10-22 08:00Z -> 10-29 09:00Z = 169 h = 7.041667 days of 337 h (share 169/337)
  E unanswered: 11-26 09:00 -> as_of 01-01 00:00 = 35.625 days of 36.625 (open)
  others 0. Summary of the completed five: 14.041667 / 91 days = 0.154304.
"""

from __future__ import annotations

import pytest
from test_leadtime_tiny_log import AS_OF, tiny_store

from ipgar_metrics.metrics.leadtime._causes import (
    OUTPUT_COLUMNS,
    info_wait,
    lead_time_factors,
    slowest_episodes,
)

H = 1 / 24


# the tiny log has 2 of 7 episodes open: the DataQualityWarning is tested once
pytestmark = pytest.mark.filterwarnings(
    "ignore::ipgar_metrics.errors.DataQualityWarning"
)


@pytest.fixture(scope="module")
def con():
    return tiny_store()


def test_info_wait_by_hand(con):
    w = info_wait(con, as_of=AS_OF)
    assert list(w.columns) == list(OUTPUT_COLUMNS["info_wait"])
    got = {
        (c, e): round(v, 6)
        for c, e, v in zip(w["case_id"], w["episode"], w["info_wait_days"], strict=True)
    }
    assert got == {
        ("A", 1): 7.0,
        ("B", 1): 0.0,
        ("C", 1): round(7 + H, 6),
        ("C", 2): 0.0,
        ("D", 1): 0.0,
        ("E", 1): 35.625,
        ("F", 1): 0.0,
    }
    c1 = w[(w["case_id"] == "C") & (w["episode"] == 1)].iloc[0]
    assert c1["info_wait_share"] == pytest.approx(169 / 337)
    assert c1["info_requests"] == 2
    s = info_wait(con, as_of=AS_OF, level="summary").iloc[0]
    assert (s["n"], s["n_open"], s["n_with_wait"]) == (5, 2, 2)
    assert s["info_wait_share"] == pytest.approx((14 + H) / 91)
    assert s["median_episode_share"] == 0.0  # 0, 0, 0, 0.25, 0.50


def test_factors_table(con):
    f = lead_time_factors(con, as_of=AS_OF, min_n=1).set_index(["factor", "value"])
    # loops 0: B 12.958, C2 14, D 22 (F open); 1: A 28 (E open); 2: C1 14.04
    assert f.loc[("info_loops", "0"), "median_days"] == pytest.approx(14.0)
    assert f.loc[("info_loops", "1"), "n_open"] == 1
    assert f.loc[("info_loops", "2"), "mean_days"] == pytest.approx(14 + H)
    assert f.loc[("report_source", "MAP"), "n"] == 3


def test_slowest_episodes_with_path(con):
    # p90 of 12.958, 14, 14.04, 22, 28 is 25.6: only A; p50 is 14.04: C1, D, A
    top = slowest_episodes(con, as_of=AS_OF)
    assert top["case_id"].tolist() == ["A"]
    assert top.loc[0, "path"] == (
        "melding > info_aanvraag > info_ontvangen > ivgr_advies > ptor_besluit"
        " > instroom"
    )  # the contact after the intake is not part of the lead time
    half = slowest_episodes(con, as_of=AS_OF, share=0.5)
    assert list(zip(half["case_id"], half["episode"], strict=True)) == [
        ("A", 1),
        ("D", 1),
        ("C", 1),
    ]
    assert half.loc[1, "path"] == "melding > ivgr_advies > ptor_besluit"


def test_works_with_an_unfinished_result_on_the_connection(con):
    # DuckDB 2 refuses to register a relation while a result is unfinished (e.g.
    # after fetchone); the causes bind their episodes as values instead
    con.execute("SELECT * FROM events").fetchone()
    assert len(info_wait(con, as_of=AS_OF)) == 7
    con.execute("SELECT * FROM events").fetchone()
    assert slowest_episodes(con, as_of=AS_OF)["case_id"].tolist() == ["A"]


def test_empty_store():
    from ipgar_metrics import store

    empty = store.memory_store()
    assert info_wait(empty, as_of=AS_OF).empty
    assert slowest_episodes(empty, as_of=AS_OF).empty
