"""Properties of the lead-time engine on generated logs (Hypothesis)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipgar_metrics import store
from ipgar_metrics.errors import DataQualityWarning
from ipgar_metrics.metrics.leadtime._lead_times import lead_times
from ipgar_metrics.metrics.leadtime._survival import time_to_decision_km

T0 = pd.Timestamp("2024-01-01T08:00:00Z")
AS_OF = pd.Timestamp("2024-12-01T00:00:00+01:00")
STEPS = ("melding", "ivgr_advies", "ptor_besluit", "instroom")

episode = st.tuples(
    st.integers(0, 200 * 24 * 60),  # report, minutes after T0
    st.lists(st.integers(0, 40 * 24 * 60), min_size=0, max_size=3),  # gaps
    st.sampled_from(["opname", "geen_opname"]),
)


def _frame(cases):
    rows = []
    for i, (start, gaps, decision) in enumerate(cases):
        t = T0 + pd.Timedelta(minutes=start)
        steps = STEPS[: 1 + len(gaps)]
        if decision == "geen_opname":
            steps = tuple(s for s in steps if s != "instroom")
        for k, act in enumerate(steps):
            if k:
                t = t + pd.Timedelta(minutes=gaps[k - 1])
            outcome = {"ivgr_advies": "opnemen", "ptor_besluit": decision}.get(act)
            rows.append((f"K{i}", act, t.isoformat(), outcome))
    return pd.DataFrame(rows, columns=["case_id", "activity", "timestamp", "outcome"])


def _store(frame):
    con = store.memory_store()
    store.insert_events(con, frame)
    return con


pytestmark = pytest.mark.filterwarnings(
    "ignore::ipgar_metrics.errors.DataQualityWarning"
)
cases_st = st.lists(episode, min_size=1, max_size=12)
fast = settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@fast
@given(cases=cases_st, seed=st.integers(0, 2**16))
def test_row_order_is_irrelevant(cases, seed):
    frame = _frame(cases)
    a = lead_times(_store(frame), as_of=AS_OF)
    shuffled = frame.sample(frac=1, random_state=seed).reset_index(drop=True)
    b = lead_times(_store(shuffled), as_of=AS_OF)
    pd.testing.assert_frame_equal(a, b)


@fast
@given(cases=cases_st)
def test_days_non_negative_and_stages_add_up(cases):
    con = _store(_frame(cases))
    lt = lead_times(con, as_of=AS_OF)
    assert (lt["days"].dropna() >= 0).all()
    assert (lt["open_days"].dropna() >= 0).all()
    intake = lt[lt["outcome"] == "instroom"]
    parts = intake[
        ["melding_ivgr_days", "ivgr_decision_days", "decision_instroom_days"]
    ].sum(axis=1)
    np.testing.assert_allclose(parts, intake["days"], atol=1e-9)
    wd = lead_times(con, as_of=AS_OF, calendar="workdays")
    # working days never exceed calendar days rounded up
    both = pd.concat([lt["days"], wd["workdays"]], axis=1).dropna()
    assert (both["workdays"] <= np.ceil(both["days"]) + 1).all()
    assert (both["workdays"] >= 0).all()
    # (a, b] + (b, c] = (a, c]: working-day stages add up exactly
    w_intake = wd[wd["outcome"] == "instroom"]
    w_parts = w_intake[
        [
            "melding_ivgr_workdays",
            "ivgr_decision_workdays",
            "decision_instroom_workdays",
        ]
    ].sum(axis=1)
    assert w_parts.tolist() == w_intake["workdays"].tolist()


@fast
@given(cases=cases_st)
def test_summary_quantiles_ordered_and_km_median_in_range(cases):
    con = _store(_frame(cases))
    s = lead_times(con, as_of=AS_OF, level="summary").dropna(subset=["median_days"])
    cols = ["min_days", "p10_days", "p25_days", "median_days", "p75_days"]
    cols += ["p90_days", "max_days"]
    for _, row in s.iterrows():
        vals = row[cols].to_numpy(dtype=float)
        assert (np.diff(vals) >= -1e-9).all()
        assert row["min_days"] - 1e-9 <= row["mean_days"] <= row["max_days"] + 1e-9
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        km = time_to_decision_km(con, as_of=AS_OF, event="end").iloc[0]
    lt = lead_times(con, as_of=AS_OF)
    durations = pd.concat([lt["days"].dropna(), lt["open_days"].dropna()])
    if not np.isnan(km["median_days"]):
        assert durations.min() - 1e-9 <= km["median_days"] <= durations.max() + 1e-9
        # censoring can only raise the median above the naive one's lower bound
        assert km["median_days"] >= lt["days"].dropna().min() - 1e-9
    assert km["n"] == len(lt)
    assert km["n_open"] == int(lt["is_open"].sum())
