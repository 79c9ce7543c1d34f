"""Kaplan-Meier time to decision on the tiny log, by hand and against lifelines.

Durations at as_of 2025-01-01 00:00+01:00 (days since the report):
  end (intake or final decision): A 28, B 12.958333, C1 14.041667, C2 14, D 22;
    censored: E 36.625, F 29.625.
    KM: n = 7; S = 6/7 after 12.96, 5/7 after 14, 4/7 after 14.04, 3/7 after 22:
    the first time S <= 0.5 is 22 (the naive median of the five ended is 14.04).
  decision: A 21, B 10.958333 (263 h), C1 14.041667, C2 7, D 22, F 14; E censored.
    S = 6/7, 5/7, 4/7, 3/7 at 7, 10.96, 14, 14.04: the median is 14.041667.
    naive median of the six: (14 + 14.041667) / 2 = 14.020833.
  instroom: A 28, B 12.958333, C2 14 reached; C1 (14.04) and D (22) censored at
    their end, E and F at as_of. S = 6/7, 5/7 after 12.96, 14; C1 leaves (4 at
    risk), D leaves (3 at risk), at 28: S = 5/7 * 2/3 = 0.476 -> median 28.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from test_leadtime_tiny_log import AS_OF, LATER, tiny_store

from ipgar_metrics.errors import ConfigError, DataQualityWarning
from ipgar_metrics.metrics.leadtime._survival import OUTPUT_COLUMNS, time_to_decision_km

H = 1 / 24


@pytest.fixture(scope="module")
def con():
    return tiny_store()


def _km(con, **kw):
    # min_n=1: the medians of fewer than 10 events, worked out by hand (by default
    # they are left out: test_leadtime_small_numbers.py)
    kw.setdefault("min_n", 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return time_to_decision_km(con, as_of=AS_OF, **kw)


def test_km_end_median_by_hand(con):
    s = _km(con, event="end").iloc[0]
    assert list(_km(con, event="end").columns) == list(
        OUTPUT_COLUMNS["time_to_decision_km"]
    )
    assert (s["n"], s["n_events"], s["n_open"], s["n_censored"]) == (7, 5, 2, 2)
    assert s["median_days"] == pytest.approx(22.0)
    assert s["naive_median_days"] == pytest.approx(14 + H)
    assert s["open_median_days"] == pytest.approx((36.625 + 29.625) / 2)
    assert s["open_max_days"] == pytest.approx(36.625)
    assert s["open_over_32w"] == 0


def test_km_decision_and_instroom_by_hand(con):
    d = _km(con, event="decision").iloc[0]
    assert d["median_days"] == pytest.approx(14 + H)
    assert d["naive_median_days"] == pytest.approx(14 + H / 2)
    assert (d["n_events"], d["n_open"]) == (6, 2)
    i = _km(con, event="instroom").iloc[0]
    assert i["median_days"] == pytest.approx(28.0)
    assert (i["n_events"], i["n_censored"]) == (3, 4)


def test_km_agrees_with_lifelines_on_the_same_durations(con):
    from lifelines import KaplanMeierFitter
    from lifelines.utils import median_survival_times

    durations = [28, 13 - H, 14 + H, 14, 22, 36.625, 29.625]
    observed = [1, 1, 1, 1, 1, 0, 0]
    kmf = KaplanMeierFitter().fit(durations, observed)
    ci = median_survival_times(kmf.confidence_interval_)
    s = _km(con, event="end").iloc[0]
    assert s["median_days"] == pytest.approx(kmf.median_survival_time_)
    assert s["median_lower_days"] == pytest.approx(ci.iloc[0, 0])
    assert np.isinf(ci.iloc[0, 1])
    assert np.isnan(s["median_upper_days"])  # not reached: reported as NaN
    curve = _km(con, event="end", level="curve")
    assert curve["days"].tolist() == pytest.approx(
        [0, 13 - H, 14, 14 + H, 22, 28, 29.625, 36.625]
    )
    assert curve["survival"].tolist() == pytest.approx(
        kmf.survival_function_.iloc[:, 0].tolist()
    )
    assert curve["survival"].iloc[4] == pytest.approx(3 / 7)
    assert curve["at_risk"].tolist() == [7, 7, 6, 5, 4, 3, 2, 1]
    assert curve["reached"].iloc[-1] == pytest.approx(5 / 7)


def test_many_open_warns(con):
    with pytest.warns(DataQualityWarning, match="2 of 7 episodes are still open"):
        time_to_decision_km(con, as_of=AS_OF, event="end")
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        later = time_to_decision_km(con, as_of=LATER, event="end")  # 1 of 7 open
    assert later.loc[0, "n_open"] == 1


def test_km_by_segment_and_errors(con):
    s = _km(con, event="end", by=("report_source",)).set_index("report_source")
    # CTER: B 12.958 reached, F censored -> S = 1/2 at 12.958: median 12.958
    assert s.loc["CTER", "median_days"] == pytest.approx(13 - H)
    assert s.loc["overig", "n"] == 1
    with pytest.raises(ConfigError):
        _km(con, event="uitstroom")
    with pytest.raises(ConfigError):
        _km(con, by=("regio",))
