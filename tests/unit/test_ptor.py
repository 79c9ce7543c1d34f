"""What the PTO-R owns, and outcomes, on a hand-made log; numbers worked by hand.

Every event is at 12:00 local time; AS_OF is 2026-02-01 12:00 (winter time), so
whole days between two winter dates are exact (summer dates are one hour less).

Static cases (in the approach since 2024-11-01 unless said):
  S1 ITAT-R 2025-01-06, PTO-R statisch 2025-01-09, static from 2025-01-13, review
     (PTO-R statisch again) 2025-12-04: static 384 days, decision 388 days ago,
     last review 59 days ago -> reviewed within 6 months.
  S2 ITAT-R 2025-02-03, PTO-R statisch 2025-02-06, static from 2025-02-10, no review:
     decision 360 days ago -> without review (cut-off 2025-08-01 12:00).
  S3 ITAT-R 2025-01-06, statisch 2025-01-09, static 2025-01-13 to 2025-03-03: not
     static at AS_OF.
  S4 static from 2025-11-03 without any PTO-R decision in the log: no decision,
     90 days since the start -> not without review.
  S5 ITAT-R 2024-12-02, statisch 2025-01-09, static 2025-01-13, exit 2025-06-02
     (overgedragen) without statisch_eind: out of the approach, not counted.
  S6 ITAT-R 2025-03-03, statisch 2025-03-06 (332 days ago), static from 2025-03-10,
     ITAT-R again 2025-06-02 (summer: 244 days + 1 hour ago) -> without review.
  E1 ITAT-R 2025-11-03 and 2025-11-10, PTO-R aanhouden 2025-11-13, statisch
     2025-12-04 (59 days ago), static from 2025-12-08.
  E2 ITAT-R 2025-01-13, exit 2025-02-17 (overgedragen) without a decision.
  -> static at AS_OF: S1, S2, S4, S6, E1 (5); without review: S2, S6 (2); days
     since the decision 388, 360, 332, 59: n 4, median 346, mean 284.75.

ITAT-R -> PTO-R escalations: S1 3 days (Jan 2025), S2 3 (Feb), S3 3 (Jan), S5 38
  (Jan), S6 3 (Mar) and open since 2025-06-02, E1 31 days from the first agenda
  entry (Dec), E2 35 days to the exit without decision.
  Months: 2025-01 n 3 (3, 3, 38: median 3), 2025-02 n 1, 2025-03 n 1, 2025-04 to
  2025-11 n 0, 2025-12 n 1 (31), 2026-01 n 0, 2026-02 n 0 (partial): 14 months.

Re-reports after exit (instroom 2023-11-06):
  R1 exit 2024-01-08 doelen_bereikt, new report 2024-11-04 (301 days): yes/yes.
  R2 exit 2024-01-15 doelen_bereikt, none: no (complete) / no (2026-01-15 passed).
  R3 exit 2024-03-04 risico_afgenomen, new report 2025-12-01 (637 days): 12 months
     no (complete); 24 months yes, but the window (to 2026-03-04) is not complete.
  R4 exit 2025-09-01 risico_afgenomen, none: censored / censored.
  R5 exit 2025-11-03 doelen_bereikt, new report 2026-01-05 (63 days): yes / yes,
     both windows still running.
  S5 (2025-06-02) and E2 (2025-02-17), overgedragen, none: censored (12 months
     after 2025-02-17 is after AS_OF).
  Summary: doelen_bereikt 12 and 24 months: followed 3, complete 2 (R1, R2),
  rereported 1, share 0.5; overgedragen: 2 followed, 0 complete, share NaN;
  risico_afgenomen 12: complete 1 (R3), rereported 0, share 0; 24: complete 0,
  censored 2, share NaN (R3's early re-report is not counted).

Intermediate variant (IVG-R tussenvariant, PTO-R geen_opname, preventive talk):
  T1 decision 2024-01-25, new report 2024-12-02 (312 days): yes / yes, complete.
  T2 decision 2025-10-23, none: censored / censored.
  T3 decision 2023-11-23, none: no / no (2025-11-23 passed).
  Summary 12 and 24 months: followed 3, complete 2, rereported 1, share 0.5.

Exits per year: 2024 doelen_bereikt 2 (R1, R2), risico_afgenomen 1 (R3),
  overgedragen 0; 2025 doelen 1 (R5), overgedragen 2 (E2, S5), risico 1 (R4);
  2026 none (partial year).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics.ptor import (
    exit_reasons,
    itatr_decision_times,
    rereports,
    static_cases,
)

TZ = ZoneInfo("Europe/Amsterdam")
AS_OF = pd.Timestamp("2026-02-01T12:00:00+01:00")
HOUR = 1 / 24


def ev(case, activity, day, outcome=None, org=None):
    y, m, d = (int(x) for x in day.split("-"))
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": datetime(y, m, d, 12, tzinfo=TZ).isoformat(),
        "org": org,
        "outcome": outcome,
    }


def admitted(case, day="2024-11-01", report="2024-10-01"):
    return [
        ev(case, "melding", report, "MAP"),
        ev(case, "ivgr_advies", report[:8] + "15", "opnemen"),
        ev(case, "ptor_besluit", report[:8] + "24", "opname"),
        ev(case, "instroom", day),
        ev(case, "regisseur_toegewezen", day, org="oov"),
    ]


def static(case, agenda, decided, start):
    return [
        ev(case, "itatr_agendering", agenda),
        ev(case, "ptor_besluit", decided, "statisch"),
        ev(case, "statisch_start", start),
    ]


def intermediate(case, report, decided, talk):
    return [
        ev(case, "melding", report, "MAP"),
        ev(case, "ivgr_advies", report[:8] + "14", "tussenvariant"),
        ev(case, "ptor_besluit", decided, "geen_opname"),
        ev(case, "preventief_gesprek", talk),
    ]


ROWS = [
    *admitted("S1"),
    *static("S1", "2025-01-06", "2025-01-09", "2025-01-13"),
    ev("S1", "ptor_besluit", "2025-12-04", "statisch"),
    *admitted("S2"),
    *static("S2", "2025-02-03", "2025-02-06", "2025-02-10"),
    *admitted("S3"),
    *static("S3", "2025-01-06", "2025-01-09", "2025-01-13"),
    ev("S3", "statisch_eind", "2025-03-03"),
    *admitted("S4"),
    ev("S4", "statisch_start", "2025-11-03"),
    *admitted("S5"),
    *static("S5", "2024-12-02", "2025-01-09", "2025-01-13"),
    ev("S5", "uitstroom", "2025-06-02", "overgedragen"),
    *admitted("S6"),
    *static("S6", "2025-03-03", "2025-03-06", "2025-03-10"),
    ev("S6", "itatr_agendering", "2025-06-02"),
    *admitted("E1"),
    ev("E1", "itatr_agendering", "2025-11-03"),
    ev("E1", "itatr_agendering", "2025-11-10"),
    ev("E1", "ptor_besluit", "2025-11-13", "aanhouden"),
    ev("E1", "ptor_besluit", "2025-12-04", "statisch"),
    ev("E1", "statisch_start", "2025-12-08"),
    *admitted("E2"),
    ev("E2", "itatr_agendering", "2025-01-13"),
    ev("E2", "uitstroom", "2025-02-17", "overgedragen"),
    *admitted("R1", "2023-11-06", "2023-10-02"),
    ev("R1", "uitstroom", "2024-01-08", "doelen_bereikt"),
    ev("R1", "melding", "2024-11-04", "CTER"),
    *admitted("R2", "2023-11-06", "2023-10-02"),
    ev("R2", "uitstroom", "2024-01-15", "doelen_bereikt"),
    *admitted("R3", "2023-11-06", "2023-10-02"),
    ev("R3", "uitstroom", "2024-03-04", "risico_afgenomen"),
    ev("R3", "melding", "2025-12-01", "MAP"),
    *admitted("R4", "2023-11-06", "2023-10-02"),
    ev("R4", "uitstroom", "2025-09-01", "risico_afgenomen"),
    *admitted("R5", "2023-11-06", "2023-10-02"),
    ev("R5", "uitstroom", "2025-11-03", "doelen_bereikt"),
    ev("R5", "melding", "2026-01-05", "MAP"),
    *intermediate("T1", "2024-01-08", "2024-01-25", "2024-02-05"),
    ev("T1", "melding", "2024-12-02", "MAP"),
    *intermediate("T2", "2025-10-06", "2025-10-23", "2025-11-03"),
    *intermediate("T3", "2023-11-06", "2023-11-23", "2023-12-04"),
]


@pytest.fixture(scope="module")
def con():
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(ROWS))
    return c


# -- static cases ---------------------------------------------------------------------
def test_static_cases_by_hand(con):
    got = static_cases(con, as_of=AS_OF).set_index("case_id")
    assert sorted(got.index) == ["E1", "S1", "S2", "S4", "S6"]
    assert got.loc["S1", "days_static"] == pytest.approx(384)
    assert got.loc["S1", "days_since_decision"] == pytest.approx(388)
    assert got.loc["S1", "reviews"] == 1
    assert got.loc["S1", "days_since_review"] == pytest.approx(59)
    assert got.loc["S2", "days_static"] == pytest.approx(356)
    assert got.loc["S2", "reviews"] == 0
    assert got.loc["S2", "days_since_review"] == pytest.approx(360)
    assert np.isnan(got.loc["S4", "days_since_decision"])
    assert pd.isna(got.loc["S4", "decided_at"])
    assert got.loc["S4", "days_since_review"] == pytest.approx(90)
    assert got.loc["S6", "reviews"] == 1  # the new ITAT-R agenda entry
    assert got.loc["S6", "days_since_review"] == pytest.approx(244 + HOUR)
    assert got.loc["E1", "days_since_decision"] == pytest.approx(59)
    assert got["without_review"].to_dict() == {
        "S2": True,
        "S6": True,
        "S1": False,
        "S4": False,
        "E1": False,
    }
    # the longest without review first
    assert list(got.index[:2]) == ["S2", "S6"]


def test_static_summary_by_hand(con):
    s = static_cases(con, as_of=AS_OF, level="summary").iloc[0]
    assert s["static"] == 5
    assert s["without_review"] == 2
    assert s["review_months"] == 6
    assert s["n"] == 4
    assert s["median_days"] == pytest.approx(346)
    assert s["mean_days"] == pytest.approx(284.75)
    assert s["max_days"] == pytest.approx(388)


def test_static_review_months_is_a_parameter(con):
    # 12 months back is 2025-02-01 12:00: S2's decision (02-06) and S6's review
    # (06-02) are after it; 11 months back (2025-03-01) S2's decision is before
    twelve = static_cases(con, as_of=AS_OF, review_months=12)
    assert not twelve["without_review"].any()
    eleven = static_cases(con, as_of=AS_OF, review_months=11).set_index("case_id")
    assert set(eleven.index[eleven["without_review"]]) == {"S2"}
    with pytest.raises(ConfigError, match="review_months"):
        static_cases(con, as_of=AS_OF, review_months=0)


def test_static_as_of_before_the_review(con):
    # on 2025-12-01 S1 had no review yet: decision 2025-01-09 is before 2025-06-01
    got = static_cases(con, as_of=pd.Timestamp("2025-12-01T12:00:00+01:00"))
    got = got.set_index("case_id")
    assert got.loc["S1", "reviews"] == 0
    assert bool(got.loc["S1", "without_review"])
    assert "E1" not in got.index  # static from 2025-12-08


# -- ITAT-R agenda -> PTO-R decision ------------------------------------------------------
def test_escalations_by_hand(con):
    got = itatr_decision_times(con, as_of=AS_OF)
    by_case = got.groupby("case_id")
    assert by_case.size().to_dict() == {
        "E1": 1,
        "E2": 1,
        "S1": 1,
        "S2": 1,
        "S3": 1,
        "S5": 1,
        "S6": 2,
    }
    decided = got.loc[got["decision_at"].notna()].set_index("case_id")
    assert decided["days"].to_dict() == pytest.approx(
        {"S1": 3, "S2": 3, "S3": 3, "S5": 38, "S6": 3, "E1": 31}
    )
    assert decided.loc["E1", "decision"] == "statisch"  # aanhouden is no decision
    open_ = got.loc[got["is_open"]]
    assert list(open_["case_id"]) == ["S6"]
    assert open_["days"].iloc[0] == pytest.approx(244 + HOUR)
    gone = got.loc[got["exit_before_decision"]]
    assert list(gone["case_id"]) == ["E2"]
    assert gone["days"].iloc[0] == pytest.approx(35)


def test_escalations_per_month_by_hand(con):
    got = itatr_decision_times(con, as_of=AS_OF, level="month").set_index("month")
    assert list(got.index) == [f"2025-{m:02d}" for m in range(1, 13)] + [
        "2026-01",
        "2026-02",
    ]
    assert got["n"].to_dict() == {
        **{f"2025-{m:02d}": 0 for m in range(1, 13)},
        "2025-01": 3,
        "2025-02": 1,
        "2025-03": 1,
        "2025-12": 1,
        "2026-01": 0,
        "2026-02": 0,
    }
    assert got.loc["2025-01", "median_days"] == pytest.approx(3)
    # p90 of (3, 3, 38), linear: 3 + 0.8 * (38 - 3) = 31
    assert got.loc["2025-01", "p90_days"] == pytest.approx(31)
    assert got.loc["2025-12", "median_days"] == pytest.approx(31)
    assert np.isnan(got.loc["2025-06", "median_days"])
    assert got["is_partial"].to_dict()["2026-02"]
    assert not got.loc["2026-01", "is_partial"]


def _known(values):
    """True, False or None (censored) per case."""
    return {k: (None if v is pd.NA else bool(v)) for k, v in values.items()}


def test_escalation_summary_and_period_by_hand(con):
    # decided: S1 3, S2 3, S3 3, S5 38, S6 3, E1 31; S6's second entry waits; E2 left
    s = itatr_decision_times(con, as_of=AS_OF, level="summary").iloc[0]
    assert (s["n"], s["n_open"], s["exit_before_decision"]) == (6, 1, 1)
    assert s["median_days"] == pytest.approx(3)
    assert s["max_days"] == pytest.approx(38)
    # decided from 1 Feb to 31 Dec 2025: S2 (02-06), S6 (03-06), E1 (12-04)
    window = (date(2025, 2, 1), date(2025, 12, 31))
    done = itatr_decision_times(con, as_of=AS_OF, level="summary", period=window)
    assert (done["n"].iloc[0], done["n_open"].iloc[0]) == (3, 0)
    assert done["mean_days"].iloc[0] == pytest.approx((3 + 3 + 31) / 3)
    # put on the agenda from 1 Jun 2025: S6's second entry (waiting) and E1
    started = itatr_decision_times(
        con, as_of=AS_OF, period=(date(2025, 6, 1), None), period_mode="started"
    )
    assert sorted(started["case_id"]) == ["E1", "S6"]
    with pytest.raises(ConfigError, match="started, completed"):
        itatr_decision_times(con, as_of=AS_OF, period=window, period_mode="contained")


# -- re-reports after exit ------------------------------------------------------------
def test_rereports_after_exit_by_hand(con):
    got = rereports(con, as_of=AS_OF).set_index("case_id")
    assert sorted(got.index) == ["E2", "R1", "R2", "R3", "R4", "R5", "S5"]
    assert got.loc["R1", "days_to_report"] == pytest.approx(301)
    assert got.loc["R3", "days_to_report"] == pytest.approx(637)
    assert got.loc["R5", "days_to_report"] == pytest.approx(63)
    assert _known(got["rereported_12m"]) == {
        "R1": True,
        "R2": False,
        "R3": False,
        "R4": None,
        "R5": True,
        "S5": None,
        "E2": None,
    }
    assert _known(got["rereported_24m"]) == {
        "R1": True,
        "R2": False,
        "R3": True,
        "R4": None,
        "R5": True,
        "S5": None,
        "E2": None,
    }
    assert got["complete_24m"].to_dict() == {
        "R1": True,
        "R2": True,
        "R3": False,
        "R4": False,
        "R5": False,
        "S5": False,
        "E2": False,
    }


def test_censored_follow_up_is_never_no_rereport(con):
    got = rereports(con, as_of=AS_OF).set_index("case_id")
    # R4 left 5 months before AS_OF without a new report: unknown, not "no"
    assert got.loc["R4", "rereported_12m"] is pd.NA
    assert not got.loc["R4", "complete_12m"]
    # a year later the same exit without report is a "no"
    later = rereports(con, as_of=pd.Timestamp("2026-09-02T12:00:00+02:00"))
    later = later.set_index("case_id")
    assert _known(later["rereported_12m"])["R4"] is False
    assert later.loc["R4", "complete_12m"]


def test_rereport_summary_by_hand(con):
    got = rereports(con, as_of=AS_OF, level="summary").set_index(
        ["exit_reason", "horizon_months"]
    )
    d12 = got.loc[("doelen_bereikt", 12)]
    assert (d12.followed, d12.complete, d12.censored, d12.rereported) == (3, 2, 1, 1)
    assert d12.share == pytest.approx(0.5)
    d24 = got.loc[("doelen_bereikt", 24)]
    assert (d24.complete, d24.rereported) == (2, 1)
    o12 = got.loc[("overgedragen", 12)]
    assert (o12.followed, o12.complete, o12.censored) == (2, 0, 2)
    assert np.isnan(o12.share)
    r12 = got.loc[("risico_afgenomen", 12)]
    assert (r12.complete, r12.rereported, r12.censored) == (1, 0, 1)
    assert r12.share == 0
    r24 = got.loc[("risico_afgenomen", 24)]
    # R3 was re-reported within 24 months, but its window runs to 2026-03-04
    assert (r24.complete, r24.rereported, r24.censored) == (0, 0, 2)
    assert np.isnan(r24.share)


# -- the intermediate variant ---------------------------------------------------------
def test_intermediate_variant_follow_up_by_hand(con):
    got = rereports(con, as_of=AS_OF, after="intermediate").set_index("case_id")
    assert sorted(got.index) == ["T1", "T2", "T3"]
    assert got["exit_reason"].isna().all()
    assert got.loc["T1", "days_to_report"] == pytest.approx(312)
    assert got.loc["T1", "rereported_12m"]
    assert got.loc["T3", "complete_24m"]
    assert not got.loc["T3", "rereported_24m"]
    assert got.loc["T2", "rereported_12m"] is pd.NA
    assert got.loc["T2", "rereported_24m"] is pd.NA
    s = rereports(con, as_of=AS_OF, after="intermediate", level="summary")
    assert list(s.columns[:1]) == ["horizon_months"]
    for row in s.itertuples():
        assert (row.followed, row.complete, row.censored, row.rereported) == (
            3,
            2,
            1,
            1,
        )
        assert row.share == pytest.approx(0.5)


def test_rereports_checks_its_arguments(con):
    with pytest.raises(ConfigError, match="exit, intermediate"):
        rereports(con, as_of=AS_OF, after="intake")
    with pytest.raises(ConfigError, match="as_of"):
        rereports(con, as_of=None)


# -- exit reasons per year ------------------------------------------------------------
def test_exit_reasons_per_year_by_hand(con):
    got = exit_reasons(con, as_of=AS_OF)
    assert list(got["exit_reason"].iloc[:3]) == [
        "doelen_bereikt",
        "overgedragen",
        "risico_afgenomen",
    ]
    n = got.set_index(["year", "exit_reason"])["n"].to_dict()
    assert n == {
        (2024, "doelen_bereikt"): 2,
        (2024, "overgedragen"): 0,
        (2024, "risico_afgenomen"): 1,
        (2025, "doelen_bereikt"): 1,
        (2025, "overgedragen"): 2,
        (2025, "risico_afgenomen"): 1,
        (2026, "doelen_bereikt"): 0,
        (2026, "overgedragen"): 0,
        (2026, "risico_afgenomen"): 0,
    }
    share = got.set_index(["year", "exit_reason"])["share"]
    assert share[(2024, "doelen_bereikt")] == pytest.approx(2 / 3)
    assert share[(2025, "overgedragen")] == pytest.approx(0.5)
    assert got.loc[got["year"] == 2026, "share"].isna().all()
    assert got.groupby("year")["is_partial"].first().to_dict() == {
        2024: False,
        2025: False,
        2026: True,
    }
