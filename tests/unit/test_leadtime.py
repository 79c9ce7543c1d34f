"""Lead times on the hand-made tiny log; every expected number is worked out by hand
here (the times are in test_leadtime_tiny_log.py).

Totals at as_of 2025-01-01 00:00+01:00 (closed episodes):
  A 28, B 12.958333 (311 h, spring DST), C1 14.041667 (337 h, autumn DST),
  C2 14, D 22; E and F open.
  sorted: 12.958333, 14, 14.041667, 22, 28; n = 5, n_open = 2
  mean = (28 + 12.958333 + 14.041667 + 14 + 22) / 5 = 91 / 5 = 18.2
  median = 14.041667; p10: position 0.4 -> 12.958333 + 0.4 * 1.041667 = 13.375
  p25: position 1 -> 14; p75: position 3 -> 22; p90: position 3.6 -> 22 + 0.6 * 6 = 25.6
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from test_leadtime_tiny_log import AS_OF, LATER, tiny_store

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError, DataQualityWarning, UnknownActivityError
from ipgar_metrics.metrics.leadtime._between import OUTPUT_COLUMNS as GENERIC_COLUMNS
from ipgar_metrics.metrics.leadtime._between import case_durations, lead_time_between
from ipgar_metrics.metrics.leadtime._lead_times import OUTPUT_COLUMNS, lead_times

H = 1 / 24  # one hour in days


# the tiny log has 2 of 7 episodes open: the DataQualityWarning is tested once
pytestmark = pytest.mark.filterwarnings(
    "ignore::ipgar_metrics.errors.DataQualityWarning"
)


@pytest.fixture(scope="module")
def con():
    return tiny_store()


def _by_episode(frame, col):
    return {
        (c, int(e)): (None if pd.isna(v) else round(float(v), 6))
        for c, e, v in zip(frame["case_id"], frame["episode"], frame[col], strict=True)
    }


def test_episode_level_columns_and_totals(con):
    lt = lead_times(con, as_of=AS_OF)
    assert list(lt.columns) == list(OUTPUT_COLUMNS["lead_times"])
    assert _by_episode(lt, "days") == {
        ("A", 1): 28.0,
        ("B", 1): round(13 - H, 6),  # 12 days 23 hours: the clock jumped forward
        ("C", 1): round(14 + H, 6),  # 14 days 1 hour: the clock went back
        ("C", 2): 14.0,
        ("D", 1): 22.0,
        ("E", 1): None,
        ("F", 1): None,
    }
    assert _by_episode(lt, "weeks")[("A", 1)] == 4.0
    # open for: E 2024-11-25 09:00 -> 2025-01-01 00:00 = 36 d 15 h; F 29 d 15 h
    assert _by_episode(lt, "open_days")[("E", 1)] == 36.625
    assert _by_episode(lt, "open_days")[("F", 1)] == 29.625
    assert lt["is_open"].tolist() == [False] * 5 + [True] * 2
    assert lt["month"].tolist() == [
        "2024-01", "2024-03", "2024-10", "2024-12", "2024-05", "2024-11", "2024-12",
    ]  # fmt: skip


def test_stage_times_by_hand(con):
    lt = lead_times(con, as_of=AS_OF)
    assert _by_episode(lt, "melding_ivgr_days") == {
        ("A", 1): 14.0,
        ("B", 1): round(7 - H, 6),
        ("C", 1): 3.0,
        ("C", 2): 3.0,
        ("D", 1): 8.0,
        ("E", 1): 10.0,
        ("F", 1): 7.0,
    }
    assert _by_episode(lt, "ivgr_decision_days") == {
        ("A", 1): 7.0,
        ("B", 1): 4.0,
        ("C", 1): round(11 + H, 6),
        ("C", 2): 4.0,
        ("D", 1): 14.0,
        ("E", 1): None,
        ("F", 1): 7.0,
    }
    assert _by_episode(lt, "decision_instroom_days") == {
        ("A", 1): 7.0,
        ("B", 1): 2.0,
        ("C", 1): None,
        ("C", 2): 7.0,
        ("D", 1): None,
        ("E", 1): None,
        ("F", 1): None,
    }


def test_summary_by_hand(con):
    # 2 of 7 episodes open (29% > 20%): the naive statistics come with a warning
    with pytest.warns(DataQualityWarning, match="2 of 7 episodes are still open"):
        # min_n=1: the hand-worked medians of five episodes (by default a row with
        # fewer than 10 is flagged and its median left out: test_leadtime_small_numbers)
        s = lead_times(con, as_of=AS_OF, level="summary", min_n=1).set_index("stage")
    assert list(s.index) == [
        "melding_ivgr", "ivgr_decision", "decision_instroom", "total",
    ]  # fmt: skip
    total = s.loc["total"]
    assert total["n"] == 5
    assert total["n_open"] == 2
    assert total["mean_days"] == pytest.approx(18.2)
    assert total["median_days"] == pytest.approx(14 + H)
    assert total["p10_days"] == pytest.approx(13.375)
    assert total["p25_days"] == pytest.approx(14.0)
    assert total["p75_days"] == pytest.approx(22.0)
    assert total["p90_days"] == pytest.approx(25.6)
    assert total["min_days"] == pytest.approx(13 - H)
    assert total["max_days"] == pytest.approx(28.0)
    assert total["mean_weeks"] == pytest.approx(18.2 / 7)
    # melding -> IVG-R: 14, 6.958333, 3, 3, 8, 10, 7: all reached, sum 51.958333
    # sorted 3, 3, 6.958, 7, 8, 10, 14 -> median 7
    m = s.loc["melding_ivgr"]
    assert (m["n"], m["n_open"]) == (7, 0)
    assert m["mean_days"] == pytest.approx((51 + 23 / 24) / 7)
    assert m["median_days"] == pytest.approx(7.0)
    # IVG-R -> decision: 7, 4, 11.041667, 4, 14, 7 and E still waiting
    # sorted 4, 4, 7, 7, 11.04, 14 -> median 7, mean 47.041667 / 6
    d = s.loc["ivgr_decision"]
    assert (d["n"], d["n_open"]) == (6, 1)
    assert d["mean_days"] == pytest.approx((47 + H) / 6)
    assert d["median_days"] == pytest.approx(7.0)
    # decision -> intake: A 7, B 2, C2 7; F decided and waiting; C1 and D never enter
    i = s.loc["decision_instroom"]
    assert (i["n"], i["n_open"]) == (3, 1)
    assert i["mean_days"] == pytest.approx(16 / 3)
    assert i["median_days"] == pytest.approx(7.0)


def test_summary_by_segment_and_loops(con):
    s = lead_times(con, as_of=AS_OF, level="summary", by=("report_source",), min_n=1)
    total = s[s["stage"] == "total"].set_index("report_source")
    # MAP: A 28, C1 14.041667, C2 14, E open; CTER: B, F open; overig: D
    assert total.loc["MAP", "n"] == 3
    assert total.loc["MAP", "n_open"] == 1
    assert total.loc["MAP", "median_days"] == pytest.approx(14 + H)
    assert total.loc["CTER", "n"] == 1
    assert total.loc["CTER", "n_open"] == 1
    assert total.loc["overig", "median_days"] == pytest.approx(22.0)
    s = lead_times(con, as_of=AS_OF, level="summary", by=("info_loops",), min_n=1)
    total = s[s["stage"] == "total"].set_index("info_loops")
    # loops 0: B, C2, D (+F open) -> 12.958, 14, 22; 1: A (+E open); 2: C1
    assert total.loc[0, "median_days"] == pytest.approx(14.0)
    assert total.loc[0, "n_open"] == 1
    assert total.loc[1, "mean_days"] == pytest.approx(28.0)
    assert total.loc[2, "mean_days"] == pytest.approx(14 + H)
    s = lead_times(con, as_of=AS_OF, level="summary", by=("month",))
    total = s[s["stage"] == "total"].set_index("month")
    assert total.loc["2024-12", "n"] == 1  # C2; F is open
    assert total.loc["2024-12", "n_open"] == 1


def test_workdays_by_hand(con):
    lt = lead_times(con, as_of=AS_OF, calendar="workdays")
    # working days after the start date up to and including the end date
    assert _by_episode(lt, "workdays") == {
        ("A", 1): 20.0,  # four full working weeks
        ("B", 1): 7.0,  # Good Friday 03-29 and Easter Monday 04-01 are holidays
        ("C", 1): 10.0,  # (10-21, 11-04]: 4 + 5 + 1
        ("C", 2): 8.0,  # Christmas 12-25 and 12-26 are holidays
        ("D", 1): 15.0,  # Whit Monday 05-20 is a holiday
        ("E", 1): None,
        ("F", 1): None,
    }
    assert _by_episode(lt, "melding_ivgr_workdays")[("B", 1)] == 3.0
    assert _by_episode(lt, "decision_instroom_workdays")[("C", 2)] == 3.0
    assert _by_episode(lt, "workweeks")[("A", 1)] == 4.0
    # E open since 11-25 up to 01-01 (New Year, not counted): 4+5+5+5+3+2 = 24
    assert _by_episode(lt, "open_workdays")[("E", 1)] == 24.0
    s = lead_times(con, as_of=AS_OF, calendar="workdays", level="summary", min_n=1)
    total = s[s["stage"] == "total"].iloc[0]
    assert total["median_workdays"] == 10.0  # 7, 8, 10, 15, 20
    assert total["mean_workweeks"] == pytest.approx(60 / 5 / 5)


def test_period_modes(con):
    period = (date(2024, 1, 15), date(2024, 4, 5))
    got = {
        name: lead_times(con, as_of=AS_OF, period=period, period_mode=mode)[
            "case_id"
        ].tolist()
        for name, mode in (
            ("reported", "started"),
            ("decided", "completed"),
            ("intersecting", "intersecting"),
            ("contained", "contained"),
        )
    }
    # A: 01-08 .. 02-05; B: 03-28 .. 04-10
    assert got == {
        "reported": ["B"],
        "decided": ["A"],
        "intersecting": ["A", "B"],
        "contained": [],
    }
    # the last day is included: B reported on 03-28 counts for a period ending then
    one_day = (date(2024, 3, 28), date(2024, 3, 28))
    assert lead_times(con, as_of=AS_OF, period=one_day)["case_id"].tolist() == ["B"]
    # open episodes intersect every period after their report
    late = (date(2024, 12, 20), date(2024, 12, 31))
    inter = lead_times(con, as_of=AS_OF, period=late, period_mode="intersecting")
    assert sorted(zip(inter["case_id"], inter["episode"], strict=True)) == [
        ("C", 2),
        ("E", 1),
        ("F", 1),
    ]


def test_other_start_and_end(con):
    lt = lead_times(con, start="ivgr_advies", end="ptor_besluit", as_of=AS_OF)
    assert _by_episode(lt, "days")[("C", 1)] == round(11 + H, 6)
    assert _by_episode(lt, "days")[("E", 1)] is None
    with pytest.raises(ConfigError, match="lead_time_between"):
        lead_times(con, start="contact", as_of=AS_OF)


def test_unknown_breakdown_and_level(con):
    with pytest.raises(ConfigError, match="choose one of"):
        lead_times(con, as_of=AS_OF, by=("regio",))
    with pytest.raises(ConfigError):
        lead_times(con, as_of=AS_OF, level="case")
    with pytest.raises(ConfigError):
        lead_times(con, as_of=AS_OF, period=(date(2024, 1, 1),) * 2, period_mode="x")


def test_intake_after_as_of_counts_later(con):
    lt = lead_times(con, as_of=LATER)
    # F: 2024-12-02 09:00 -> 2025-01-06 09:00 = 35 days, decision -> intake 21 days
    assert _by_episode(lt, "days")[("F", 1)] == 35.0
    assert _by_episode(lt, "decision_instroom_days")[("F", 1)] == 21.0


def test_lead_time_between_per_case_with_negatives(con):
    lt = lead_time_between(
        con,
        from_activity="melding",
        to_activity="instroom",
        as_of=store.last_event_at(con),
        within="case",
    )
    got = dict(zip(lt["case_id"], lt["days"].round(6), strict=True))
    # per case, first melding to first instroom: C from episode 1's report to
    # episode 2's intake: 10-21 08:00Z -> 12-30 08:00Z = 70 days
    assert got["A"] == 28.0
    assert got["C"] == 70.0
    assert got["F"] == 35.0  # as_of defaults to the last event (F's intake)
    assert lt.set_index("case_id").loc["D", "outcome"] == "open"
    assert lt["outcome"].tolist() == [
        "reached", "reached", "reached", "open", "open", "reached",
    ]  # fmt: skip
    back = lead_time_between(
        con,
        from_activity="ivgr_advies",
        to_activity="melding",
        as_of=store.last_event_at(con),
        within="case",
    )
    # C: first IVG-R 10-24, first melding 10-21: -3 days, kept
    assert back.set_index("case_id").loc["C", "days"] == pytest.approx(-3.0)
    with pytest.raises(UnknownActivityError):
        lead_time_between(
            con,
            from_activity="meldng",
            to_activity="instroom",
            as_of=store.last_event_at(con),
            within="case",
        )
    s = lead_time_between(
        con,
        from_activity="melding",
        to_activity="instroom",
        level="summary",
        as_of=store.last_event_at(con),
        within="case",
        min_n=1,
    )
    # reached: 28, 12.958333, 70, 35 -> median (28 + 35) / 2; open: D, E
    assert s.loc[0, "median_days"] == pytest.approx(31.5)
    assert s.loc[0, "n_open"] == 2


def test_case_durations(con):
    cd = case_durations(con, as_of=store.last_event_at(con))
    # A ends with a contact on 02-12: 35 days; C 70; D ends with the conversation
    # on 06-14: 32 days; E 10; F 35
    assert dict(zip(cd["case_id"], cd["days"].round(6), strict=True)) == {
        "A": 35.0,
        "B": round(13 - H, 6),
        "C": 70.0,
        "D": 32.0,
        "E": 10.0,
        "F": 35.0,
    }
    assert cd.set_index("case_id").loc["C", "n_events"] == 11


def test_generic_columns_as_declared(con):
    lt = lead_time_between(
        con,
        from_activity="melding",
        to_activity="instroom",
        as_of=store.last_event_at(con),
    )
    assert list(lt.columns) == list(GENERIC_COLUMNS["lead_time_between"])
    assert list(case_durations(con, as_of=store.last_event_at(con)).columns) == list(
        GENERIC_COLUMNS["case_durations"]
    )
    assert set(lt.attrs["ipgar"]) == {"snapshot", "as_of", "params"}


def test_workday_stages_add_up_to_the_total(con):
    lt = lead_times(con, as_of=AS_OF, calendar="workdays")
    intake = lt[lt["outcome"] == "instroom"]
    parts = intake[
        [
            "melding_ivgr_workdays",
            "ivgr_decision_workdays",
            "decision_instroom_workdays",
        ]
    ].sum(axis=1)
    assert parts.tolist() == intake["workdays"].tolist()  # A 20, B 7, C2 8


def test_a_mistyped_activity_on_a_generic_log_is_an_error_with_a_suggestion():
    import pandas as pd

    from ipgar_metrics import store
    from ipgar_metrics.errors import UnknownActivityError
    from ipgar_metrics.metrics.leadtime import lead_time_between

    rows = [
        {"case_id": c, "activity": a, "timestamp": f"2024-01-0{d}T10:00:00+01:00"}
        for c, a, d in [("1", "register", 1), ("1", "decide", 3), ("2", "register", 2)]
    ]
    con = store.memory_store()
    store.insert_events(con, pd.DataFrame(rows), profile="generic")
    as_of = store.last_event_at(con)
    # before: every case "open" for an activity the log does not have
    with pytest.raises(UnknownActivityError, match=r'did you mean "?decide'):
        lead_time_between(
            con, from_activity="register", to_activity="decyde", as_of=as_of
        )
    ok = lead_time_between(
        con, from_activity="register", to_activity="decide", as_of=as_of
    )
    assert ok["days"].dropna().tolist() == [2.0]  # case 1: Jan 1 -> Jan 3
