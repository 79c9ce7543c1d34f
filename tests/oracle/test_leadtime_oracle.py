"""Lead times against independent oracles.

1. Real public logs (tests/data/public): pm4py reads the XES; we insert the same
   events (profile generic, file order) and compare first-A-to-first-B lead times and
   case durations with pm4py's own case durations and pandas over pm4py's frame.
   The milestone counts come from tests/data/public/README.md.
2. The simulator: lead times per episode equal truth.json to the second, the summary
   statistics agree, and on censored cohorts the Kaplan-Meier median is closer to
   the full-data truth than the naive median of completed episodes.
"""

from __future__ import annotations

import json
import warnings
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import DataQualityWarning
from ipgar_metrics.metrics.leadtime._between import case_durations, lead_time_between
from ipgar_metrics.metrics.leadtime._lead_times import lead_times
from ipgar_metrics.metrics.leadtime._survival import time_to_decision_km
from tests import shared_inputs
from tests.shared_inputs import PM4PY_READER, pm4py_log

PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"

# file, from, to, cases reaching B (README), negatives (README)
MILESTONES = [
    ("running-example.xes", "register request", "decide", 6, 0),
    ("roadtraffic100traces.xes.gz", "Create Fine", "Send Fine", 78, 0),
    (
        "receipt.xes.gz",
        "Confirmation of receipt",
        "T05 Print and send confirmation of receipt",
        1300,
        0,
    ),
    ("helpdesk.xes.gz", "Take in charge ticket", "Resolve ticket", 4278, 9),
]


@pytest.fixture(scope="module", params=MILESTONES, ids=lambda m: m[0].split(".")[0])
def public_log(request):
    name, a, b, n_reached, n_negative = request.param
    path = PUBLIC / name
    assert path.exists(), f"public log {name} is missing from tests/data/public"
    import pm4py

    df = pm4py_log(name, PM4PY_READER)  # pm4py.read_xes, once per session (a copy)
    canonical = pd.DataFrame(
        {
            "case_id": df["case:concept:name"].astype(str).to_numpy(),
            "activity": df["concept:name"].astype(str).to_numpy(),
            "timestamp": df["time:timestamp"].to_numpy(),
        }
    )
    canonical["timestamp"] = pd.to_datetime(canonical["timestamp"], utc=True)
    con = store.memory_store()
    store.insert_events(con, canonical, profile="generic")
    return {
        "pm4py": pm4py,
        "df": df,
        "con": con,
        "a": a,
        "b": b,
        "n_reached": n_reached,
        "n_negative": n_negative,
    }


def test_first_a_to_first_b_agrees_with_pandas_over_pm4py(public_log):
    df, a, b = public_log["df"], public_log["a"], public_log["b"]
    case, act, ts = "case:concept:name", "concept:name", "time:timestamp"
    first_a = df[df[act] == a].groupby(case)[ts].min()
    first_b = df[df[act] == b].groupby(case)[ts].min()
    both = pd.concat([first_a.rename("a"), first_b.rename("b")], axis=1).dropna()
    expected = ((both["b"] - both["a"]).dt.total_seconds() / 86400).sort_index()
    got = lead_time_between(
        public_log["con"],
        from_activity=a,
        to_activity=b,
        as_of=store.last_event_at(public_log["con"]),
    )
    reached = got[got["outcome"] == "reached"].set_index("case_id")["days"]
    reached = reached.sort_index()
    assert len(reached) == public_log["n_reached"]
    assert list(reached.index) == [str(c) for c in expected.index]
    np.testing.assert_allclose(reached.to_numpy(), expected.to_numpy(), atol=1e-9)
    assert int((reached < 0).sum()) == public_log["n_negative"]
    # cases with A but no B are open, never dropped
    n_with_a = df.loc[df[act] == a, case].nunique()
    assert len(got) == n_with_a
    assert got["is_open"].sum() == n_with_a - len(both)


def test_case_durations_agree_with_pm4py(public_log):
    pm4py, df = public_log["pm4py"], public_log["df"]
    from pm4py.statistics.traces.generic.pandas import case_statistics

    desc = case_statistics.get_cases_description(df)
    expected = pd.Series({str(k): v["caseDuration"] for k, v in desc.items()})
    got = (
        case_durations(
            public_log["con"], as_of=store.last_event_at(public_log["con"])
        ).set_index("case_id")["days"]
        * 86400
    )
    assert set(got.index) == set(expected.index)
    np.testing.assert_allclose(
        got.sort_index().to_numpy(), expected.sort_index().to_numpy(), atol=1e-3
    )
    np.testing.assert_allclose(
        np.sort(got.to_numpy()),
        np.asarray(pm4py.get_all_case_durations(df)),
        atol=1e-3,
    )


# --------------------------------------------------------------------------------
# The simulator
# --------------------------------------------------------------------------------

SIM_AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="session")
def lt_sim():
    # simulate(600, 1) with export date SIM_AS_OF (the simulator's default), written
    # once per session (tests/shared_inputs.py); only read here
    from ipgar_metrics import config

    assert config.SIM_AS_OF == SIM_AS_OF == shared_inputs.SIM_EXPORT_DATE
    out = shared_inputs.sim_export()
    con = store.memory_store()
    store.insert_events(con, pd.read_csv(out / "events.csv", dtype=str))
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    events = pd.read_csv(out / "events.csv", dtype=str)
    return {"con": con, "truth": truth, "events": events}


def _truth_frame(truth):
    t = pd.DataFrame(truth["episodes"])
    for col in [c for c in t.columns if c.endswith("_at")]:
        t[col] = pd.to_datetime(t[col], utc=True, format="ISO8601")
    return t


def _intake_after_as_of(t, events):
    """Episodes whose PTO-R said opname but whose intake falls after as_of.

    truth.json calls them geen_instroom (ended at the decision); we call them open
    (the lead time to intake has not ended). Identified from the events file.
    """
    ptor = events[(events["activity"] == "ptor_besluit")].copy()
    ptor["ts"] = pd.to_datetime(ptor["timestamp"], utc=True, format="ISO8601")
    opname = ptor[ptor["outcome"] == "opname"][["case_id", "ts"]]
    cand = t[(t["outcome"] == "geen_instroom") & t["instroom_at"].isna()]
    hit = cand.merge(
        opname, left_on=["case_id", "decision_at"], right_on=["case_id", "ts"]
    )
    return set(zip(hit["case_id"], hit["episode"], strict=True))


def test_sim_lead_times_equal_truth_to_the_second(lt_sim):
    t = _truth_frame(lt_sim["truth"])
    quirk = _intake_after_as_of(t, lt_sim["events"])
    assert not quirk  # truth.json calls an opname without intake yet open, as we do
    lt = lead_times(lt_sim["con"], as_of=SIM_AS_OF)
    m = lt.merge(t, on=["case_id", "episode"], how="outer", suffixes=("", "_t"))
    assert len(m) == len(t) == len(lt)
    keys = list(zip(m["case_id"], m["episode"], strict=True))
    normal = ~pd.Series([k in quirk for k in keys], index=m.index)
    mm = m[normal]
    assert (mm["outcome"] == mm["outcome_t"]).all()
    closed = mm[mm["lead_seconds"].notna()]
    ours = (closed["days"] * 86400).round().astype("int64")
    assert (ours == closed["lead_seconds"].astype("int64")).all()
    assert mm.loc[mm["lead_seconds"].isna(), "days"].isna().all()
    assert (mm["end_at"].dt.tz_convert("UTC") == mm["end_at_t"]).sum() == len(closed)
    assert (mm["info_loops"] == mm["info_loops_t"]).all()
    assert (mm["ivgr_count"] == mm["ivgr_count_t"]).all()
    assert (m.loc[~normal, "outcome"] == "open").all()
    # stage times from the truth's milestones, to the second
    stage = (t["first_ivgr_at"] - t["melding_at"]).dt.total_seconds()
    ours_stage = m["melding_ivgr_days"] * 86400
    np.testing.assert_allclose(ours_stage.to_numpy(), stage.to_numpy(), atol=0.5)


def test_sim_summary_statistics_agree_with_truth(lt_sim):
    t = _truth_frame(lt_sim["truth"])
    quirk = _intake_after_as_of(t, lt_sim["events"])
    keep = [k not in quirk for k in zip(t["case_id"], t["episode"], strict=True)]
    days = t.loc[keep, "lead_days"].dropna().to_numpy(dtype=float)
    s = lead_times(lt_sim["con"], as_of=SIM_AS_OF, level="summary")
    total = s[s["stage"] == "total"].iloc[0]
    assert total["n"] == len(days)
    assert total["n_open"] == int((t["outcome"] == "open").sum()) + len(quirk)
    assert total["mean_days"] == pytest.approx(days.mean(), abs=1e-9)
    for q, col in ((0.1, "p10"), (0.25, "p25"), (0.5, "median"), (0.75, "p75")):
        assert total[f"{col}_days"] == pytest.approx(np.quantile(days, q), abs=1e-9)
    assert total["p90_days"] == pytest.approx(np.quantile(days, 0.9), abs=1e-9)
    assert total["min_days"] == pytest.approx(days.min(), abs=1e-9)
    assert total["max_days"] == pytest.approx(days.max(), abs=1e-9)
    # per report source, against the truth's case attributes
    cases = pd.DataFrame(lt_sim["truth"]["cases"])[["case_id", "report_source"]]
    tt = t[keep].merge(cases, on="case_id")
    by = lead_times(
        lt_sim["con"], as_of=SIM_AS_OF, level="summary", by=("report_source",)
    )
    by = by[by["stage"] == "total"].set_index("report_source")
    for src, grp in tt.groupby("report_source"):
        assert by.loc[src, "median_days"] == pytest.approx(
            grp["lead_days"].median(), abs=1e-9
        )


def test_sim_km_closer_to_truth_than_naive_on_censored_cohorts(lt_sim):
    """Censor by an earlier as_of: the cohort reported in the 180 days before it.

    The truth is the median of the same cohort's full-data lead times (truth.json,
    as_of 2026-11-01). Over 16 cut-offs, the KM median's error is smaller than the
    naive median's, and the naive median is biased low (it sees only the fast ones).
    """
    t = _truth_frame(lt_sim["truth"])
    rows = []
    for year in range(2018, 2026):
        for month in (1, 7):
            cut = date(year, month, 1)
            period = (cut - timedelta(days=180), cut - timedelta(days=1))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DataQualityWarning)
                km = time_to_decision_km(
                    lt_sim["con"], as_of=cut, event="end", period=period
                ).iloc[0]
            lo = pd.Timestamp(period[0], tz="Europe/Amsterdam")
            hi = pd.Timestamp(cut, tz="Europe/Amsterdam")
            cohort = t[(t["melding_at"] >= lo) & (t["melding_at"] < hi)]
            assert km["n"] == len(cohort)
            rows.append(
                (
                    cohort["lead_days"].median(),
                    km["median_days"],
                    km["naive_median_days"],
                )
            )
    r = pd.DataFrame(rows, columns=["true", "km", "naive"])
    assert r["km"].notna().all()
    km_err = (r["km"] - r["true"]).abs().mean()
    naive_err = (r["naive"] - r["true"]).abs().mean()
    assert km_err < naive_err
    assert (r["naive"] <= r["true"]).mean() >= 0.75
    assert abs((r["km"] - r["true"]).mean()) < abs((r["naive"] - r["true"]).mean())
