"""DuckDB variants and directly-follows graph equal pm4py's own on whole real logs.

Each log is read with pm4py, turned into a canonical frame in file order and inserted
into an in-memory store with profile generic (so ties keep file order, as pm4py's
stable sort does). The oracle is pm4py: get_variants, discover_dfg and
discover_performance_dfg on the very same dataframe.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.paths._activities import activity_statistics
from ipgar_metrics.metrics.paths._dfg import END_NODE, START_NODE, directly_follows
from ipgar_metrics.metrics.paths._variants import episode_paths, variants
from tests.shared_inputs import PM4PY_READER, pm4py_log

pm4py = pytest.importorskip("pm4py")

PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"

# (file, cases, events, variants) as published in tests/data/public/README.md
LOGS = [
    ("running-example.xes", 6, 42, 6),
    ("roadtraffic100traces.xes.gz", 100, 390, 10),
    ("receipt.xes.gz", 1434, 8577, 116),
    ("helpdesk.xes.gz", 4580, 21348, 226),
    ("BPIC15_1.xes.gz", 1199, 52217, 1170),
    ("bpic2013_incidents.xes.gz", 7554, 65533, 1511),
    ("bpic2012.xes.gz", 13087, 262200, 4366),
]


@functools.cache
def _log(name: str):
    path = PUBLIC / name
    assert path.exists(), f"{name} is missing from tests/data/public"
    df = pm4py_log(name, PM4PY_READER)  # read once per session, a copy
    frame = pd.DataFrame(
        {
            "case_id": df["case:concept:name"].astype(str),
            "activity": df["concept:name"].astype(str),
            "timestamp": df["time:timestamp"],
        }
    )
    con = store.memory_store()
    store.insert_events(con, frame, profile="generic")
    return df, con


@pytest.mark.parametrize(("name", "n_cases", "n_events", "n_variants"), LOGS)
def test_variants_equal_pm4py(name, n_cases, n_events, n_variants):
    df, con = _log(name)
    assert len(df) == n_events
    assert df["case:concept:name"].nunique() == n_cases
    ours = variants(con, min_count=1, as_of=store.last_event_at(con))
    theirs = pm4py.get_variants(df)
    assert len(ours) == len(theirs) == n_variants
    assert {
        tuple(a): int(c) for a, c in zip(ours["activities"], ours["count"], strict=True)
    } == {tuple(k): int(v) for k, v in theirs.items()}
    assert ours["count"].sum() == n_cases
    assert ours["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert ours["count"].is_monotonic_decreasing


@pytest.mark.parametrize(("name", "n_cases", "n_events", "n_variants"), LOGS)
def test_dfg_equal_pm4py(name, n_cases, n_events, n_variants):
    df, con = _log(name)
    ours = directly_follows(con, as_of=store.last_event_at(con))
    dfg, starts, ends = pm4py.discover_dfg(df)
    perf, _, _ = pm4py.discover_performance_dfg(df)
    inner = ours[(ours["source"] != START_NODE) & (ours["target"] != END_NODE)]
    assert {
        (s, t): int(c)
        for s, t, c in zip(
            inner["source"], inner["target"], inner["count"], strict=True
        )
    } == {k: int(v) for k, v in dfg.items()}
    first = ours[ours["source"] == START_NODE]
    last = ours[ours["target"] == END_NODE]
    assert dict(zip(first["target"], first["count"].astype(int), strict=True)) == dict(
        starts
    )
    assert dict(zip(last["source"], last["count"].astype(int), strict=True)) == dict(
        ends
    )
    mean = pd.Series({k: v["mean"] for k, v in perf.items()})
    median = pd.Series({k: v["median"] for k, v in perf.items()})
    keys = list(zip(inner["source"], inner["target"], strict=True))
    # pm4py works in nanoseconds, DuckDB in microseconds; XES times are in ms or s
    assert inner["mean_seconds"].to_numpy() == pytest.approx(
        mean[keys].to_numpy(), abs=1e-3
    )
    assert inner["median_seconds"].to_numpy() == pytest.approx(
        median[keys].to_numpy(), abs=1e-3
    )
    assert inner["mean_days"].to_numpy() == pytest.approx(
        mean[keys].to_numpy() / 86400, abs=1e-8
    )


@pytest.mark.parametrize("name", ["receipt.xes.gz", "helpdesk.xes.gz"])
def test_case_duration_equal_pm4py(name):
    df, con = _log(name)
    ours = (
        episode_paths(con, as_of=store.last_event_at(con)).set_index("case_id")["days"]
        * 86400
    )
    theirs = pd.Series(
        {
            c: (g["time:timestamp"].max() - g["time:timestamp"].min()).total_seconds()
            for c, g in df.groupby("case:concept:name")
        }
    )
    assert ours.sort_index().to_numpy() == pytest.approx(
        theirs.sort_index().to_numpy(), abs=1e-3
    )
    assert sorted(pm4py.get_all_case_durations(df)) == pytest.approx(
        sorted(ours), abs=1e-3
    )


@pytest.mark.parametrize(("name", "n_cases", "n_events", "n_variants"), LOGS)
def test_activity_statistics_equal_pm4py(name, n_cases, n_events, n_variants):
    df, con = _log(name)
    ours = activity_statistics(con, as_of=store.last_event_at(con)).set_index(
        "activity"
    )
    # events per activity: pm4py's own count; cases, shares and times by pandas
    events = pm4py.get_event_attribute_values(df, "concept:name")
    assert ours["events"].astype(int).to_dict() == {
        k: int(v) for k, v in events.items()
    }
    cases = df.groupby("concept:name")["case:concept:name"].nunique()
    assert ours["cases"].to_dict() == cases.astype(int).to_dict()
    assert ours["event_share"].sum() == pytest.approx(1.0)
    assert ours["case_share"].to_numpy() == pytest.approx(
        cases[ours.index].to_numpy() / n_cases
    )
    ordered = df.sort_values(["case:concept:name", "time:timestamp"], kind="stable")
    nxt = ordered.groupby("case:concept:name")["time:timestamp"].shift(-1)
    gap = (nxt - ordered["time:timestamp"]).dt.total_seconds()
    by_activity = gap.groupby(ordered["concept:name"])
    assert ours["next_events"].to_dict() == by_activity.count().astype(int).to_dict()
    # the case's last event has no next: every case ends once
    assert int((ours["events"] - ours["next_events"]).sum()) == n_cases
    for ours_col, stat in (
        ("median_to_next_s", "median"),
        ("mean_to_next_s", "mean"),
        ("max_to_next_s", "max"),
    ):
        expected = getattr(by_activity, stat)()[ours.index]
        assert ours[ours_col].to_numpy() == pytest.approx(
            expected.to_numpy(), abs=1e-3, nan_ok=True
        )


# --- the simulator's default data -------------------------------------------------


@pytest.fixture(scope="module")
def sim(sim_store):
    # the shared simulation (600 cases, seed 1); its canonical events.csv still has
    # the raw case numbers that truth.json uses
    out = sim_store.sim_dir
    events = pd.read_csv(out / "events.csv", dtype=str)
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    con = store.memory_store()
    store.insert_events(con, events)
    generic = store.memory_store()
    store.insert_events(generic, events, profile="generic")
    return events, truth, con, generic


def _pm4py_frame(case_ids, activities, timestamps):
    return pm4py.format_dataframe(
        pd.DataFrame({"case": case_ids, "activity": activities, "ts": timestamps}),
        case_id="case",
        activity_key="activity",
        timestamp_key="ts",
    )


def _assert_same_dfg(ours, df):
    dfg, starts, ends = pm4py.discover_dfg(df)
    perf, _, _ = pm4py.discover_performance_dfg(df)
    inner = ours[(ours["source"] != START_NODE) & (ours["target"] != END_NODE)]
    pairs = list(zip(inner["source"], inner["target"], strict=True))
    assert dict(zip(pairs, inner["count"].astype(int), strict=True)) == dict(dfg)
    first = ours[ours["source"] == START_NODE]
    assert dict(zip(first["target"], first["count"].astype(int), strict=True)) == dict(
        starts
    )
    last = ours[ours["target"] == END_NODE]
    assert dict(zip(last["source"], last["count"].astype(int), strict=True)) == dict(
        ends
    )
    expected = [perf[k]["mean"] for k in pairs]
    assert inner["mean_seconds"].to_numpy() == pytest.approx(expected, abs=1e-3)


def test_simulator_whole_cases_equal_pm4py(sim):
    # profile generic on the canonical CSV: whole cases, ties in file order as pm4py
    events, _, _, generic = sim
    df = _pm4py_frame(
        events["case_id"],
        events["activity"],
        pd.to_datetime(events["timestamp"], utc=True),
    )
    ours = variants(generic, min_count=1, as_of=store.last_event_at(generic))
    assert {
        tuple(a): int(c) for a, c in zip(ours["activities"], ours["count"], strict=True)
    } == {tuple(k): int(v) for k, v in pm4py.get_variants(df).items()}
    _assert_same_dfg(directly_follows(generic, as_of=store.last_event_at(generic)), df)


def test_simulator_episodes_equal_pm4py(sim):
    # profile ipgar: pm4py gets one trace per episode (case id + episode) with the
    # events in the store's order; variants and DFG per episode must agree
    _, _, con, _ = sim
    ev = store.table_frame(con, "events").sort_values(["case_id", "seq"])
    df = _pm4py_frame(
        ev["case_id"] + "#" + ev["episode"].astype(str), ev["activity"], ev["ts"]
    )
    ours = variants(con, phase="episode", min_count=1, as_of=store.last_event_at(con))
    assert {
        tuple(a): int(c) for a, c in zip(ours["activities"], ours["count"], strict=True)
    } == {tuple(k): int(v) for k, v in pm4py.get_variants(df).items()}
    _assert_same_dfg(
        directly_follows(con, phase="episode", as_of=store.last_event_at(con)), df
    )


def _episode_truth(truth):
    return {(e["case_id"], e["episode"]): e for e in truth["episodes"]}


def test_simulator_intake_phase_matches_truth(sim):
    # the store keeps the raw case numbers here (no pseudonymisation in insert_events)
    _, truth, con, _ = sim
    true = _episode_truth(truth)
    paths_ = episode_paths(
        con, phase="intake", include_open=True, as_of=store.last_event_at(con)
    )
    assert len(paths_) == len(true)
    pending = 0
    for row in paths_.itertuples():
        t = true[(row.case_id, row.episode)]
        if row.is_open and t["outcome"] == "geen_instroom" and t["instroom_at"] is None:
            # truth.json calls a PTO-R opname whose intake has not come by as_of
            # "geen_instroom"; for us (and episodes.py) that episode is still open.
            assert list(row.activities)[-1] == "ptor_besluit"
            pending += 1
            continue
        assert row.is_open == (t["outcome"] == "open")
        if not row.is_open:
            assert row.days == pytest.approx(t["lead_days"], abs=1e-6)
        assert list(row.activities).count("info_aanvraag") == t["info_loops"]
        assert list(row.activities).count("ivgr_advies") == t["ivgr_count"]
    assert pending == 0  # truth.json calls these open too


def test_simulator_rework_matches_truth(sim):
    from ipgar_metrics.metrics.paths._variants import rework

    _, truth, con, _ = sim
    true = _episode_truth(truth)
    frame = rework(con, level="episode", as_of=store.last_event_at(con))
    for row in frame.itertuples():
        t = true[(row.case_id, row.episode)]
        assert row.ivgr_returns == max(t["ivgr_count"] - 1, 0)
        assert row.info_requests == t["info_loops"]
    summary = rework(con, as_of=store.last_event_at(con), level="summary")
    closed = [e for e in truth["episodes"] if e["lead_days"] is not None]
    opened = frame[frame["is_open"]]
    # every closed truth episode is closed here, except opname-without-intake-yet
    assert summary["n"].sum() + summary["n_open"].sum() == len(truth["episodes"])
    assert len(closed) == summary["n"].sum()
    assert summary["n_open"].sum() == len(opened)
    ours_closed = set(
        zip(
            frame.loc[~frame["is_open"], "case_id"],
            frame.loc[~frame["is_open"], "episode"],
            strict=True,
        )
    )
    no_return = [
        e["lead_days"]
        for e in closed
        if e["ivgr_count"] <= 1 and (e["case_id"], e["episode"]) in ours_closed
    ]
    assert summary.loc[summary["ivgr_returns"] == "0", "median_days"].iloc[
        0
    ] == pytest.approx(float(np.median(no_return)))


def test_simulator_conformance_compact_equals_full_log(sim):
    # token replay and inductive miner on distinct variants with counts give what
    # pm4py gives on the full intake log (one trace per episode)
    from ipgar_metrics.metrics.paths import _pm4py as paths
    from ipgar_metrics.metrics.paths._conformance import (
        conformance,
        discovered_intake_model,
        intake_traces,
    )

    _, _, con, _ = sim
    traces, _ = intake_traces(con)
    rows = [
        (
            f"{c}#{e}",
            act,
            pd.Timestamp("2020-01-01", tz="UTC") + pd.Timedelta(minutes=i),
        )
        for c, e, acts in zip(
            traces["case_id"], traces["episode"], traces["activities"], strict=True
        )
        for i, act in enumerate(acts)
    ]
    df = _pm4py_frame(*map(list, zip(*rows, strict=True)))
    net, im, fm = paths.load_intake_model()
    full = pm4py.fitness_token_based_replay(df, net, im, fm)
    summary = conformance(
        con, alignments=False, as_of=store.last_event_at(con), level="summary"
    ).iloc[0]
    assert summary["n_episodes"] == df["case:concept:name"].nunique()
    assert summary["log_fitness"] == pytest.approx(full["log_fitness"])
    assert summary["share_fit"] * 100 == pytest.approx(
        full["percentage_of_fitting_traces"]
    )
    tree = pm4py.discover_process_tree_inductive(df)
    assert discovered_intake_model(con, as_of=store.last_event_at(con)).iloc[0][
        "model"
    ] == str(tree)
