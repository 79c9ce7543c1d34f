"""DuckDB variants and directly-follows graph equal pm4py's own on whole real logs.

Each log is read with pm4py, turned into a canonical frame in file order and inserted
into an in-memory store with profile generic (so ties keep file order, as pm4py's
stable sort does). The oracle is pm4py: get_variants, discover_dfg and
discover_performance_dfg on the very same dataframe.
"""

from __future__ import annotations

import functools
import warnings
from pathlib import Path

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.dfg import END_NODE, START_NODE, directly_follows
from ipgar_metrics.variants import episode_paths, variants

pm4py = pytest.importorskip("pm4py")

PUBLIC = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "public"

# (file, cases, events, variants) as published in shared/data/public/README.md
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
    if not path.exists():
        pytest.skip(f"{name} not available")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = pm4py.read_xes(str(path), variant="line_by_line")
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
    ours = variants(con, min_count=1)
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
    ours = directly_follows(con)
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
    ours = episode_paths(con).set_index("case_id")["days"] * 86400
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
