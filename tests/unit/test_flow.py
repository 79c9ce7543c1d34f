"""Stock and flow on a hand-made log; numbers worked out in the comments.

Events at 12:00 +01:00 (winter time throughout); as_of = 2025-03-10 00:00 local.
  P: in 01-10, out 03-05 (doelen_bereikt)
  Q: in 01-20, detained from 02-10 (no end)
  R: in 02-03, static 02-28 .. 03-02
  S: in 03-01, out 03-03 (verhuisd)
"""

from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.casework._flow import (
    flow,
    outflow_by_reason,
    time_in_approach,
)

AS_OF = date(2025, 3, 10)


def ev(case, activity, day, outcome=None):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"2025-{day}T12:00:00+01:00",
        "outcome": outcome,
        "report_source": "MAP" if case in "PQ" else "CTER",
    }


@pytest.fixture(scope="module")
def con():
    rows = [
        ev("P", "melding", "01-01", "MAP"),
        ev("P", "instroom", "01-10"),
        ev("P", "uitstroom", "03-05", "doelen_bereikt"),
        ev("Q", "melding", "01-01", "MAP"),
        ev("Q", "instroom", "01-20"),
        ev("Q", "detentie_start", "02-10"),
        ev("R", "melding", "01-01", "CTER"),
        ev("R", "instroom", "02-03"),
        ev("R", "statisch_start", "02-28"),
        ev("R", "statisch_eind", "03-02"),
        ev("S", "melding", "02-01", "CTER"),
        ev("S", "instroom", "03-01"),
        ev("S", "uitstroom", "03-03", "verhuisd"),
    ]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    return c


def test_flow_per_month(con):
    f = flow(con, as_of=AS_OF).set_index("month")
    assert f.index.tolist() == ["2025-01", "2025-02", "2025-03"]
    # January: P and Q in, nobody out, both active.
    assert f.loc["2025-01", ["inflow", "outflow", "stock_end", "active"]].tolist() == [
        2,
        0,
        2,
        2,
    ]
    # February: R in; end of month P active, Q detained, R static (since 02-28).
    feb = f.loc["2025-02"]
    assert [feb.inflow, feb.outflow, feb.stock_end] == [1, 0, 3]
    assert [feb.active, feb.detained, feb.travelled, feb.static] == [1, 1, 0, 1]
    # March up to 03-10: S in; P and S out; Q detained, R active again (static ended).
    mar = f.loc["2025-03"]
    assert [mar.inflow, mar.outflow, mar.stock_end] == [1, 2, 2]
    assert [mar.active, mar.detained, mar.static] == [1, 1, 0]
    assert bool(mar.is_partial) is True
    # stock conservation: 2 + 1 - 0 = 3; 3 + 1 - 2 = 2.


def test_flow_by_segment(con):
    f = flow(con, as_of=AS_OF, by=["report_source"])
    mar = f.loc[f["month"] == "2025-03"].set_index("report_source")
    # MAP: P out, Q stays -> stock 1; CTER: S in and out, R stays -> stock 1.
    assert mar.loc["MAP", "stock_end"] == 1
    assert mar.loc["CTER", ["inflow", "outflow", "stock_end"]].tolist() == [1, 1, 1]


def test_outflow_by_reason(con):
    o = outflow_by_reason(con, as_of=AS_OF)
    assert sorted(zip(o["month"], o["exit_reason"], o["n"], strict=True)) == [
        ("2025-03", "doelen_bereikt", 1),
        ("2025-03", "verhuisd", 1),
    ]


def test_time_in_approach(con):
    t = time_in_approach(con, as_of=AS_OF).set_index("case_id")
    # P: 01-10 -> 03-05 = 54 days; S: 2 days; Q: 01-20 12:00 -> 03-10 00:00 = 48.5
    # (open); R: 02-03 12:00 -> 03-10 00:00 = 34.5 (open).
    assert t["days"].to_dict() == pytest.approx(
        {"P": 54.0, "Q": 48.5, "R": 34.5, "S": 2.0}
    )
    s = time_in_approach(con, as_of=AS_OF, level="summary").iloc[0]
    assert (s.n, s.n_open, s.mean_days) == (2, 2, pytest.approx(28.0))
    # KM: t=2: 4 at risk, 1 exit -> 0.75; R, Q censored; t=54: 1 at risk, 1 exit
    # -> 0. Median = first time S(t) <= 0.5 = 54.
    assert s.km_median_days == pytest.approx(54.0)
    km = time_in_approach(con, as_of=AS_OF, level="km").set_index("days")
    assert km.loc[2.0, "survival"] == pytest.approx(0.75)
    assert km.loc[54.0, "survival"] == pytest.approx(0.0)


def test_fig_flow(con):
    from ipgar_metrics.figures._casework import fig_flow

    f = flow(con, as_of=AS_OF)
    nl, en = fig_flow(f), fig_flow(f, lang="en")
    assert [t.name for t in nl.data][:4] == [
        "actief",
        "gedetineerd",
        "uitgereisd",
        "statisch",
    ]
    assert en.layout.title.text == "Inflow, outflow and stock"
    # the detained bar of February holds Q
    assert list(nl.data[1].y) == [0, 1, 1]
    # inflow and outflow have their own axis (the lower panel), not the stock's
    assert [t.yaxis for t in nl.data] == ["y"] * 4 + ["y2"] * 2
    assert [t.name for t in nl.data][4:] == ["instroom", "uitstroom"]


def test_fig_time_in_approach(con):
    from ipgar_metrics.figures._casework import fig_time_in_approach

    fig = fig_time_in_approach(time_in_approach(con, as_of=AS_OF, level="km"))
    # the curve: 1 at 0, 0.75 after S's exit at day 2, 0 after P's exit at day 54
    curve = dict(zip(fig.data[2].x, fig.data[2].y, strict=True))
    assert curve[2.0] == pytest.approx(0.75)
    assert curve[54.0] == pytest.approx(0.0)
