"""Small numbers in the lead-time summaries: flags per row, no median below 10.

A constructed log, 2024, local time (+01:00 throughout: every event lies before the
DST change of 31 March), reference time 1 April 2024 00:00. Each case has one
report (melding, 09:00) and, when decided, a PTO-R geen_opname at 09:00 days later
(the episode's end: lead time = whole days).

January (MAP): 12 decided, lead times 1, 2, ..., 12 days; 3 open.
  n 12, n_open 3, open share 3 / 15 = 20% (not above 20%): no flag.
  median 6.5; p10 at position 0.1 * 11 = 1.1 -> 2 + 0.1 = 2.1;
  p25 at 2.75 -> 3.75; p75 at 8.25 -> 9.25; p90 at 9.9 -> 10.9; mean 6.5.
February (CTER): 3 decided, 20, 27 and 40 days; 3 open (the issue's month).
  n 3 < 10 -> small_n; open 3 / 6 = 50% -> mostly_open. The median (27) and the
  percentiles are NaN; mean (20 + 27 + 40) / 3 = 29, min 20, max 40 stay.
March (MAP): 3 reports, all open: n 0, n_open 3 -> small_n and mostly_open.
Whole log: n 15, n_open 9, open share 9 / 24 = 37.5% -> mostly_open, not small.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.leadtime import lead_time_factors, lead_times
from ipgar_metrics.metrics.leadtime._lead_times import COLUMNS_BY_LEVEL

AS_OF = date(2024, 4, 1)
HIDDEN = ("median_days", "p10_days", "p25_days", "p75_days", "p90_days")

pytestmark = pytest.mark.filterwarnings(
    "ignore::ipgar_metrics.errors.DataQualityWarning"
)


def _rows():
    rows = []

    def case(cid, source, melding, days):
        start = pd.Timestamp(f"{melding}T09:00:00+01:00")
        rows.append((cid, "melding", start.isoformat(), source, source))
        if days is not None:
            end = start + pd.Timedelta(days=days)
            rows.append((cid, "ptor_besluit", end.isoformat(), "geen_opname", source))

    for d in range(1, 13):
        case(f"jan-{d:02d}", "MAP", "2024-01-02", d)
    for i in range(3):
        case(f"jan-open-{i}", "MAP", f"2024-01-2{i}", None)
    for i, d in enumerate((20, 27, 40)):
        case(f"feb-{i}", "CTER", "2024-02-01", d)
    for i in range(3):
        case(f"feb-open-{i}", "CTER", f"2024-02-1{i}", None)
    for i in range(3):
        case(f"mar-open-{i}", "MAP", f"2024-03-0{i + 4}", None)
    frame = pd.DataFrame(
        rows, columns=["case_id", "activity", "timestamp", "outcome", "report_source"]
    )
    frame["outcome"] = frame["outcome"].where(frame["activity"] != "melding")
    frame["org"] = None
    frame["risk_category"] = "uitreiziger"
    frame["ideology"] = "jihadistisch"
    return frame


@pytest.fixture(scope="module")
def con():
    c = store.memory_store()
    store.insert_events(c, _rows())
    return c


def _total_by_month(con, **kw):
    s = lead_times(con, as_of=AS_OF, level="summary", by=("month",), **kw)
    return s[s["stage"] == "total"].set_index("month")


def test_month_rows_are_flagged_and_small_ones_lose_median(con):
    t = _total_by_month(con)
    assert list(t.index) == ["2024-01", "2024-02", "2024-03"]
    jan, feb, mar = t.loc["2024-01"], t.loc["2024-02"], t.loc["2024-03"]
    assert (jan["n"], jan["n_open"]) == (12, 3)
    assert not jan["small_n"] and not jan["mostly_open"]  # 20% is not above 20%
    assert jan["median_days"] == pytest.approx(6.5)
    assert jan["p10_days"] == pytest.approx(2.1)
    assert jan["p25_days"] == pytest.approx(3.75)
    assert jan["p75_days"] == pytest.approx(9.25)
    assert jan["p90_days"] == pytest.approx(10.9)
    assert jan["median_weeks"] == pytest.approx(6.5 / 7)
    # February: three decided and three open
    assert (feb["n"], feb["n_open"]) == (3, 3)
    assert feb["small_n"] and feb["mostly_open"]
    for col in HIDDEN:
        assert math.isnan(feb[col]), col
        assert math.isnan(feb[col.replace("days", "weeks")]), col
    assert feb["mean_days"] == pytest.approx(29.0)
    assert (feb["min_days"], feb["max_days"]) == (20.0, 40.0)
    # March: all open
    assert (mar["n"], mar["n_open"]) == (0, 3)
    assert mar["small_n"] and mar["mostly_open"]
    assert math.isnan(mar["median_days"])


def test_flags_are_booleans_on_every_row(con):
    s = lead_times(con, as_of=AS_OF, level="summary")
    assert s["small_n"].dtype == bool and s["mostly_open"].dtype == bool
    total = s.set_index("stage").loc["total"]
    # 15 decided, 9 open: 37.5% open, 15 >= 10
    assert (total["n"], total["n_open"]) == (15, 9)
    assert not total["small_n"] and total["mostly_open"]
    # no IVG-R in this log: the stage has no completed episode, so it is small
    assert s.set_index("stage").loc["melding_ivgr", "small_n"]


def test_min_n_lowers_the_threshold(con):
    t = _total_by_month(con, min_n=3)
    assert not t.loc["2024-02", "small_n"]
    assert t.loc["2024-02", "median_days"] == pytest.approx(27.0)
    assert t.loc["2024-02", "p90_days"] == pytest.approx(27 + 0.8 * 13)
    assert t.loc["2024-02", "mostly_open"]  # the open share does not depend on it


def test_factor_rows_are_flagged(con):
    f = lead_time_factors(con, as_of=AS_OF).set_index(["factor", "value"])
    cter, map_ = f.loc[("report_source", "CTER")], f.loc[("report_source", "MAP")]
    assert (cter["n"], cter["n_open"]) == (3, 3)
    assert cter["small_n"] and math.isnan(cter["median_days"])
    # MAP: January's 12 decided, 3 open in January and 3 in March: 6 / 18 open
    assert (map_["n"], map_["n_open"]) == (12, 6)
    assert not map_["small_n"] and map_["mostly_open"]
    assert map_["median_days"] == pytest.approx(6.5)


def test_summary_columns_as_documented(con):
    declared = [c for c in COLUMNS_BY_LEVEL["lead_times(level=summary)"] if c != "<by>"]
    s = lead_times(con, as_of=AS_OF, level="summary", by=("month",))
    assert list(s.columns) == [declared[0], "month", *declared[1:]]
    assert declared[-2:] == ["small_n", "mostly_open"]


def test_km_summary_rows_are_flagged(con):
    from ipgar_metrics.metrics.leadtime import time_to_decision_km

    km = time_to_decision_km(con, as_of=AS_OF, by=("month",)).set_index("month")
    jan, feb, mar = km.loc["2024-01"], km.loc["2024-02"], km.loc["2024-03"]
    # January: 15 reports, decided after 1, 2, ..., 12 days, 3 censored (~70 days):
    # S(k) = 1 - k / 15 for k <= 12: 8 / 15 at day 7, 7 / 15 at day 8 -> median 8
    assert (jan["n"], jan["n_events"], jan["n_open"]) == (15, 12, 3)
    assert not jan["small_n"] and not jan["mostly_open"]
    assert jan["median_days"] == pytest.approx(8.0)
    assert jan["naive_median_days"] == pytest.approx(6.5)
    # February: 3 decisions of 6 reports; March: none of 3
    assert (feb["n_events"], feb["n_open"]) == (3, 3)
    assert feb["small_n"] and feb["mostly_open"]
    for col in ("median_days", "median_lower_days", "naive_median_days"):
        assert math.isnan(feb[col]), col
    assert mar["small_n"] and mar["mostly_open"] and mar["n_events"] == 0


def test_between_summary_is_flagged(con):
    from ipgar_metrics.metrics.leadtime import lead_time_between

    kw = {"as_of": AS_OF, "level": "summary", "from_activity": "melding"}
    # 15 reports reached a decision (1..12, 20, 27, 40 days), 9 still open: 37.5%
    s = lead_time_between(con, to_activity="ptor_besluit", **kw).iloc[0]
    assert (s["n"], s["n_open"]) == (15, 9)
    assert not s["small_n"] and s["mostly_open"]
    assert s["median_days"] == pytest.approx(8.0)  # 1..12, 20, 27, 40: the 8th
    # no report reached an intake: the 15 refused ones ended without it
    none = lead_time_between(con, to_activity="instroom", **kw).iloc[0]
    assert none["n"] == 0 and none["small_n"] and math.isnan(none["median_days"])
