"""`ipgar overview` on the seven public logs agrees with pm4py.

Each log is loaded with `ipgar load --profile generic` (once per session, each test
gets a copy of the store: `tests/shared_inputs.py`); the figures of
`ipgar overview --format json` are compared with pm4py's, computed here on the same
XES file (read once per session, a copy per test, with pm4py's ``line_by_line``
reader, whose frame equals the default reader's: ``shared_inputs.PM4PY_READER``):
cases, events, activities, variants, first and last event, start and end
activities, and the case durations (seconds, to 1e-6 relative). The edges of
`ipgar dfg --format csv` are compared with pm4py's frequency and performance DFG
(start and end edges with its start and end activities); the cases per edge are
counted here with pandas.

The commands run in-process (``ipgar_metrics.cli._main.main``, with the key of the
public-log tests), not in a new interpreter each: the figures are the same, and a
run costs a fraction of a second instead of the two to four seconds of starting
Python and importing the package again. ``tests/e2e/test_public_logs_cli.py`` runs
the same logs through the ``ipgar`` program itself.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.shared_inputs import PM4PY_READER, PUBLIC_KEY, pm4py_log, public_store

FAST = [
    "running-example.xes",
    "roadtraffic100traces.xes.gz",
    "receipt.xes.gz",
    "helpdesk.xes.gz",
    "BPIC15_1.xes.gz",
]
SLOW = ["bpic2013_incidents.xes.gz", "bpic2012.xes.gz"]


def ipgar(*args: str) -> subprocess.CompletedProcess[str]:
    """``ipgar ARGS`` run in this process: its exit code, stdout and stderr."""
    from ipgar_metrics.cli._main import main

    out, err = io.StringIO(), io.StringIO()
    saved = os.environ.get("IPGAR_KEY")
    os.environ["IPGAR_KEY"] = PUBLIC_KEY
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's usage errors
                code = 0 if exc.code is None else exc.code
                code = code if isinstance(code, int) else 1
    finally:
        if saved is None:
            del os.environ["IPGAR_KEY"]
        else:
            os.environ["IPGAR_KEY"] = saved
    return subprocess.CompletedProcess(
        ["ipgar", *args], code, out.getvalue(), err.getvalue()
    )


def pm4py_figures(name: str) -> dict[str, Any]:
    """The overview of the log ``name`` computed with pm4py (ties in time in file order)."""
    pm4py = pytest.importorskip("pm4py")
    log = pm4py_log(name, PM4PY_READER)
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
    db = public_store(name, tmp_path)
    res = ipgar("overview", "--db", db, "--format", "json")
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    want = pm4py_figures(name)
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


UNIT_SECONDS = {"minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800}


@pytest.mark.parametrize("name", ["running-example.xes", "helpdesk.xes.gz"])
def test_activities_and_durations_equal_pm4py(name: str, tmp_path: Path) -> None:
    pm4py = pytest.importorskip("pm4py")
    log = pm4py_log(name, PM4PY_READER)
    log = log.sort_values(["case:concept:name", "time:timestamp"], kind="stable")
    db = public_store(name, tmp_path)

    res = ipgar("activities", "--db", db, "--format", "csv")
    assert res.returncode == 0, res.stderr
    said = [line for line in res.stderr.splitlines() if "durations in" in line]
    assert len(said) == 1 and "use --unit to choose" in said[0]
    unit = said[0].split("durations in ")[1].split(" ")[0]
    rows = {r["activity"]: r for r in csv.DictReader(io.StringIO(res.stdout))}
    events = pm4py.get_event_attribute_values(log, "concept:name")
    assert {a: int(r["events"]) for a, r in rows.items()} == dict(events)
    nxt = log.groupby("case:concept:name")["time:timestamp"].shift(-1)
    gap = (nxt - log["time:timestamp"]).dt.total_seconds()
    median = gap.groupby(log["concept:name"]).median()
    for activity, row in rows.items():
        cell = row[f"median_to_next_{unit}"]
        if np.isnan(median[activity]):
            assert cell == "", activity
        else:
            assert float(cell) == pytest.approx(
                median[activity] / UNIT_SECONDS[unit], rel=1e-6
            ), activity
    # the documented rule: the median of the activities' medians picks the unit
    typical = float(np.nanmedian(median.to_numpy()))
    expected = (
        "minutes" if typical < 7200
        else "hours" if typical < 2 * 86400
        else "days" if typical < 8 * 604800
        else "weeks"
    )  # fmt: skip
    assert unit == expected

    res = ipgar("durations", "--db", db, "--format", "csv", "--unit", "hours")
    assert res.returncode == 0, res.stderr
    assert "durations in" not in res.stderr  # chosen, so not said
    rows_d = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows_d) == log["case:concept:name"].nunique()
    got = sorted(float(r["hours"]) for r in rows_d)
    want = sorted(s / 3600 for s in pm4py.get_all_case_durations(log))
    assert got == pytest.approx(want, abs=1e-6)
    assert all(r["case_id"].startswith("C") for r in rows_d)  # pseudonyms only
    raw = set(log["case:concept:name"].astype(str))
    assert not raw & {r["case_id"] for r in rows_d}


def test_unknown_unit_is_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "log.duckdb")
    res = ipgar("durations", "--db", db, "--unit", "fortnights")
    assert res.returncode == 2
    assert "invalid choice" in res.stderr and "Traceback" not in res.stderr


def test_filters_on_the_command_line_equal_pm4py(tmp_path: Path) -> None:
    pm4py = pytest.importorskip("pm4py")
    log = pm4py_log("receipt.xes.gz", PM4PY_READER)
    db = public_store("receipt.xes.gz", tmp_path)
    part = pm4py.filter_event_attribute_values(
        log, "org:group", ["Group 2"], level="case", retain=True
    )
    part = pm4py.filter_case_performance(part, 0, 7 * 86400)
    res = ipgar(
        "overview", "--db", db, "--format", "json",
        "--where", "org=Group 2", "--duration-max", "1w",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    assert got["cases"] == part["case:concept:name"].nunique()
    assert got["events"] == len(part)
    total = log["case:concept:name"].nunique()
    assert (
        f"filter org = Group 2; duration at most 1w: keeps {got['cases']} of {total} cases"
        in res.stderr
    )
    assert "the last event the filter keeps" in res.stderr

    res = ipgar("dfg", "--db", db, "--format", "csv", "--where", "org=Grop 2")
    assert res.returncode == 1
    assert res.stderr.count("\n") == 1 and "did you mean Group 2" in res.stderr
    res = ipgar("paths", "--db", db, "--where", "org")
    assert res.returncode == 1 and "--where is ATTR=VALUE" in res.stderr


def test_the_overview_table_names_its_measures_in_words(tmp_path: Path) -> None:
    # CSV and JSON keep the codes; the table reads the measures in the reader's words
    db = public_store("running-example.xes", tmp_path)
    codes = json.loads(ipgar("overview", "--db", db, "--format", "json").stdout)
    table = ipgar("overview", "--db", db)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    first = {line.split("  ")[0].strip(): line for line in lines[1:]}
    assert first["casussen"].split()[-1] == str(codes["cases"])
    assert first["gebeurtenissen"].split()[-1] == str(codes["events"])
    (start,) = codes["start_activities"]
    assert f"startactiviteit: {start}" in first
    median = codes["case_duration"]["median"]
    assert median != round(median, 2)  # pandas printed it with six digits
    assert first["doorlooptijd casus (dagen): mediaan"].split()[-1] == f"{median:.2f}"
    assert not any(
        k.startswith(("cases", "end_activities:", "case_duration")) for k in first
    )
    english = ipgar("overview", "--db", db, "--lang", "en").stdout
    assert "case duration (days): median" in english and "end activity: " in english
    csv_rows = ipgar("overview", "--db", db, "--format", "csv").stdout.splitlines()
    assert csv_rows[1] == f"cases,{codes['cases']}"
