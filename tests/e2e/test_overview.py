"""`ipgar overview` on the seven public logs agrees with pm4py.

Each log is loaded with `ipgar load --profile generic`; the figures of
`ipgar overview --format json` are compared with pm4py's, computed here on the same
XES file: cases, events, activities, variants, first and last event, start and end
activities, and the case durations (seconds, to 1e-6 relative). The edges of
`ipgar dfg --format csv` are compared with pm4py's frequency and performance DFG
(start and end edges with its start and end activities); the cases per edge are
counted here with pandas.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.e2e.test_public_logs_cli import PUBLIC, ipgar

FAST = [
    "running-example.xes",
    "roadtraffic100traces.xes.gz",
    "receipt.xes.gz",
    "helpdesk.xes.gz",
    "BPIC15_1.xes.gz",
]
SLOW = ["bpic2013_incidents.xes.gz", "bpic2012.xes.gz"]


def pm4py_figures(path: Path) -> dict[str, Any]:
    """The overview of ``path`` computed with pm4py (ties in time kept in file order)."""
    pm4py = pytest.importorskip("pm4py")
    log = pm4py.read_xes(str(path), return_legacy_log_object=False)
    log = log.sort_values(["case:concept:name", "time:timestamp"], kind="stable")
    seconds = np.array(pm4py.get_all_case_durations(log), dtype=float)
    dfg, starts, ends = pm4py.discover_dfg(log)
    performance, _, _ = pm4py.discover_performance_dfg(log)
    nxt = log.groupby("case:concept:name", sort=False)["concept:name"].shift(-1)
    pairs = log.assign(target=nxt).dropna(subset=["target"])
    cases = pairs.groupby(["concept:name", "target"])["case:concept:name"].nunique()
    edges = {
        (a, b): (
            n,
            cases[(a, b)],
            performance[(a, b)]["mean"],
            performance[(a, b)]["median"],
        )
        for (a, b), n in dfg.items()
    }
    edges |= {("[start]", a): (n, n, None, None) for a, n in starts.items()}
    edges |= {(a, "[end]"): (n, n, None, None) for a, n in ends.items()}
    return {
        "cases": log["case:concept:name"].nunique(),
        "events": len(log),
        "activities": log["concept:name"].nunique(),
        "variants": len(pm4py.get_variants(log)),
        "start": log["time:timestamp"].min(),
        "end": log["time:timestamp"].max(),
        "start_activities": dict(pm4py.get_start_activities(log)),
        "end_activities": dict(pm4py.get_end_activities(log)),
        "case_duration_seconds": {
            "min": seconds.min(),
            "median": np.median(seconds),
            "mean": seconds.mean(),
            "p90": np.percentile(seconds, 90),
            "max": seconds.max(),
        },
        "edges": edges,
    }


def _check(name: str, tmp_path: Path) -> None:
    path = PUBLIC / name
    db = str(tmp_path / "log.duckdb")
    res = ipgar("load", str(path), "--profile", "generic", "--db", db)
    assert res.returncode == 0, res.stderr
    res = ipgar("overview", "--db", db, "--format", "json")
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    want = pm4py_figures(path)
    assert list(got) == [
        "cases",
        "events",
        "activities",
        "variants",
        "start",
        "end",
        "start_activities",
        "end_activities",
        "case_duration",
    ]
    for key in ("cases", "events", "activities", "variants"):
        assert got[key] == want[key], key
    for key in ("start", "end"):
        assert datetime.fromisoformat(got[key]) == want[key].to_pydatetime(), key
    for key in ("start_activities", "end_activities"):
        assert got[key] == {k: int(v) for k, v in want[key].items()}, key
    assert list(got["case_duration"]) == ["min", "median", "mean", "p90", "max"]
    for stat, seconds in want["case_duration_seconds"].items():
        assert got["case_duration"][stat] * 86400 == pytest.approx(
            seconds, rel=1e-6, abs=1e-6
        ), stat

    res = ipgar("dfg", "--db", db, "--format", "csv")
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert list(rows[0]) == [
        "source", "target", "count", "cases", "mean_seconds", "median_seconds"
    ]  # fmt: skip
    got_edges = {(r["source"], r["target"]): r for r in rows}
    assert len(got_edges) == len(rows)
    assert set(got_edges) == set(want["edges"])
    for edge, (count, cases, mean, median) in want["edges"].items():
        row = got_edges[edge]
        assert (int(row["count"]), int(row["cases"])) == (count, cases), edge
        if mean is None:
            assert row["mean_seconds"] == row["median_seconds"] == "", edge
        else:
            assert float(row["mean_seconds"]) == pytest.approx(mean, rel=1e-6), edge
            assert float(row["median_seconds"]) == pytest.approx(median, rel=1e-6), edge


@pytest.mark.parametrize("name", FAST)
def test_overview_equals_pm4py(name: str, tmp_path: Path) -> None:
    _check(name, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("name", SLOW)
def test_overview_equals_pm4py_large_logs(name: str, tmp_path: Path) -> None:
    _check(name, tmp_path)


def test_dfg_needs_a_map_or_csv_not_both(tmp_path: Path) -> None:
    db = str(tmp_path / "log.duckdb")
    for extra in ([], ["--out", str(tmp_path / "m.html"), "--format", "csv"]):
        res = ipgar("dfg", "--db", db, *extra)
        assert res.returncode == 2, res.stderr
        assert "give --out FILE (a map) or --format csv" in res.stderr
