"""The benchmark harness compares values, fails on a difference, and cleans fairly.

``benchmarks/agreement.py`` decides ``agree``; these answers are written by hand, in
the plain form the workers return. The dirty export of ``benchmarks/run.py`` is
checked on a small simulated log: our loader and pandas' cleaning must keep the same
events, and exactly the rows of the clean export.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _module(name: str):
    if str(BENCH) not in sys.path:  # run.py imports agreement as the script does
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # for its dataclasses
    spec.loader.exec_module(module)
    return module


agreement = _module("agreement")
agree = agreement.agree


def test_tolerance_is_one_second():
    assert agreement.TIME_TOLERANCE_S == 1.0


def test_loads_agree_on_equal_counts_only():
    assert agree("load", {"rows_loaded": 10}, {"rows_loaded": 10}).text == "yes"
    verdict = agree("load_dirty", {"rows_loaded": 10}, {"rows_loaded": 12})
    assert verdict.ok is False
    assert verdict.text == "no (10 vs 12 events)"


def test_case_durations_compare_sorted_values_within_the_tolerance():
    ours = {"Ca": 3600.0, "Cb": 60.0}  # ours keyed by pseudonym; pm4py's sorted list
    assert agree("case_durations", ours, [60.4, 3599.7]).ok is True
    assert agree("case_durations", ours, [60.0, 3660.0]).text == (
        "no (1 of 2 times differ)"
    )
    assert agree("case_durations", ours, [60.0]).ok is False


def test_leadtime_needs_the_same_cases_and_times():
    ours = {"Ca": 86400.0, "Cb": 120.0}
    assert agree("leadtime", ours, {"Cb": 120.2, "Ca": 86400.0}).ok is True
    late = agree("leadtime", ours, {"Ca": 86460.0, "Cb": 120.0})
    assert late.text == "no (1 of 2 cases differ in time)"
    # pseudonyms of another key: nothing matches, which is a failure, not a pass
    other_key = agree("leadtime", ours, {"Cx": 86400.0, "Cy": 120.0})
    assert other_key.ok is False
    assert other_key.detail == "2 vs 2 cases; 2 and 2 unmatched"


def test_a_missing_time_never_agrees():
    assert agree("leadtime", {"Ca": math.nan}, {"Ca": math.nan}).ok is False


def test_dfg_counts_exactly_and_means_within_the_tolerance():
    ours = {("a", "b"): (3, 100.0), ("b", "c"): (1, 50.0)}
    assert agree("dfg", ours, {("a", "b"): (3, 100.5), ("b", "c"): (1, 50.0)}).ok
    wrong = agree("dfg", ours, {("a", "b"): (2, 100.0), ("b", "c"): (1, 110.0)})
    assert wrong.text == "no (1 of 2 edges differ in count, 1 in mean time)"
    assert agree("dfg", ours, {("a", "b"): (3, 100.0)}).ok is False


def test_variants_compare_counts():
    assert agree("variants", [1, 5, 2], [5, 2, 1]).ok is True
    assert agree("variants", [1, 5, 2], [5, 3]).ok is False


def test_no_answer_is_not_applicable_and_an_unknown_task_is_an_error():
    assert agree("dfg", None, {}).text == "n/a"
    assert agree("dfg", None, {}).ok is None
    with pytest.raises(ValueError, match="no comparison"):
        agree("no_such_task", 1, 1)


@pytest.fixture(scope="module")
def dirty_log(tmp_path_factory) -> tuple[object, Path]:
    from ipgar_metrics.simulation._simulator import simulate

    run = _module("run")
    data = tmp_path_factory.mktemp("bench") / "n60"
    simulate(60, 2, data, params=run.BENCH_PARAMS)
    run.make_dirty_export(data)
    return run, data


def test_dirty_export_adds_copies_and_bad_rows(dirty_log):
    run, data = dirty_log
    clean = (data / "export.csv").read_text(encoding="utf-8-sig").splitlines()
    dirty = (data / "dirty" / "export.csv").read_text(encoding="utf-8-sig")
    rows = dirty.splitlines()
    added = json.loads((data / "dirty" / "counts.json").read_text())
    n = len(clean) - 1
    assert added == {
        "duplicates": n // run.DUPLICATE_EVERY,
        "bad_rows": n // run.BAD_EVERY,
    }
    assert rows[: len(clean)] == clean
    assert len(rows) == len(clean) + added["duplicates"] + added["bad_rows"]
    assert added["bad_rows"] >= len(run.BAD_KINDS)  # every kind at least once


def test_both_sides_keep_the_events_of_the_clean_export(dirty_log):
    run, data = dirty_log
    clean, _ = run.run_task("ours_load", data)
    ours, ours_answer = run.run_task("ours_load_dirty", data)
    theirs, their_answer = run.run_task("pm4py_load_dirty", data)
    assert "error" not in ours and "error" not in theirs, (ours, theirs)
    added = json.loads((data / "dirty" / "counts.json").read_text())
    # the copies are skipped as duplicates, the bad rows rejected, by our loader
    assert ours_answer["duplicates"] >= added["duplicates"]
    assert ours_answer["rejected"] >= added["bad_rows"]
    assert agree("load_dirty", ours_answer, their_answer).ok is True
    # and both kept what the clean export loads to
    from ipgar_metrics import store

    with store.connect(data / "ipgar.duckdb") as con:
        n_clean = con.execute("SELECT count(*) FROM events").fetchone()[0]
    assert their_answer["rows_loaded"] == n_clean
    assert clean["task"] == "ours_load"


def _run_rows(speedup: float, *, scan_times: float = 4.0, agreed: str = "yes") -> dict:
    """Rows of one size: every paired task ``speedup`` times faster than pm4py's side,
    at ``scan_times`` a bare scan, with a fifth of its memory."""
    run = _module("run")
    rows: dict = {
        name: {
            "ours": {"seconds": scan_times, "peak_rss_mb": 100.0},
            "pm4py": {"seconds": scan_times * speedup, "peak_rss_mb": 500.0},
            "agree": agreed,
        }
        for name in run.PAIRS
    }
    rows["scan"] = {"ours": {"seconds": 1.0}, "pm4py": {}, "agree": "n/a"}
    rows["scan_keys"] = {"ours": {"seconds": 1.0}, "pm4py": {}, "agree": "n/a"}
    rows["scan_paths"] = {"ours": {"seconds": 1.0}, "pm4py": {}, "agree": "n/a"}
    rows["scan_firsts"] = {"ours": {"seconds": 1.0}, "pm4py": {}, "agree": "n/a"}
    rows["contact_integrality"] = {
        "ours": {"seconds": scan_times},
        "pm4py": {},
        "agree": "n/a",
    }
    rows["report"] = {"ours": {"seconds": 50.0}, "pm4py": {}, "agree": "n/a"}
    return rows


def _verdicts(summary: dict, realistic: dict | None = None) -> dict[str, str]:
    run = _module("run")
    lines = run.targets(summary, 600.0, realistic)
    table = [
        ln for ln in lines if ln.startswith("| ") and not ln.startswith("| target")
    ]
    return {ln.split(" | ")[0][2:]: ln.rsplit(" | ", 1)[1][:-2] for ln in table}


def test_the_scans_read_every_event_and_episode(dirty_log):
    run, data = dirty_log
    run.run_task("ours_load", data)
    text, n_text = run.run_task("ours_scan", data)
    keys, n_keys = run.run_task("ours_scan_keys", data)
    paths, n_paths = run.run_task("ours_scan_paths", data)
    firsts, n_firsts = run.run_task("ours_scan_firsts", data)
    assert not {"error"} & (text.keys() | keys.keys() | paths.keys() | firsts.keys())
    from ipgar_metrics import store

    with store.connect(data / "ipgar.duckdb") as con:
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        episodes = con.execute(
            "SELECT count(DISTINCT (case_id, episode)) FROM events"
        ).fetchone()[0]
        activities = con.execute(
            "SELECT count(DISTINCT (case_id, activity)) FROM events"
        ).fetchone()[0]
    assert (n_text, n_keys, n_paths) == (events, events, episodes)
    assert n_firsts == activities


def test_each_metric_is_held_to_the_scan_of_what_it_reads():
    rows = _run_rows(10.0)  # every metric 4 s, every scan 1 s: all within 5x
    assert _verdicts({1_000_000: {"rows": rows}})[SCAN_TARGET] == "yes"
    rows["scan_keys"]["ours"]["seconds"] = 0.2  # the DFG now 20x its own scan
    assert _verdicts({1_000_000: {"rows": rows}})[SCAN_TARGET] == "partly"
    rows["scan_keys"]["ours"]["seconds"] = 1.0
    rows["scan_paths"]["ours"]["seconds"] = 0.2  # the variants 20x theirs
    assert _verdicts({1_000_000: {"rows": rows}})[SCAN_TARGET] == "partly"
    rows["scan_paths"]["ours"]["seconds"] = 1.0
    rows["scan_firsts"]["ours"]["seconds"] = 0.2  # the lead time 20x its own
    assert _verdicts({1_000_000: {"rows": rows}})[SCAN_TARGET] == "partly"
    rows["scan_paths"]["ours"]["seconds"] = 0.2
    rows["scan_firsts"]["ours"]["seconds"] = 0.2
    rows["scan_keys"]["ours"]["seconds"] = 0.2
    rows["scan"]["ours"]["seconds"] = 0.2  # and the others 20x theirs
    assert _verdicts({1_000_000: {"rows": rows}})[SCAN_TARGET] == "no"


SCAN_TARGET = "each metric within 5× of a bare scan (the DFG 10×)"


def test_targets_are_issue_21s_at_a_million_cases():
    got = _verdicts({1_000_000: {"rows": _run_rows(10.0)}})
    assert got["load, clean and dirty export ≥ 3× pandas + pm4py"] == "yes"
    assert got["lead time A→B, case durations, DFG ≥ 10× pandas + pm4py"] == "yes"
    assert got["each metric within 5× of a bare scan (the DFG 10×)"] == "yes"
    assert got["peak memory ≤ a quarter of pm4py's, every task"] == "yes"
    assert got["`agree=yes` on every task"] == "yes"
    assert got["monthly report at 1,000,000 cases ≤ 60 s"] == "yes"
    # no realistic store measured: said, not counted as met
    assert got["the demo report ≤ 3 s (600 cases, whole process)"] == "not measured"
    assert got["`make bench` < 20 min"] == "yes"
    slower = _verdicts({1_000_000: {"rows": _run_rows(9.0, scan_times=6.0)}})
    assert slower["lead time A→B, case durations, DFG ≥ 10× pandas + pm4py"] == "no"
    assert slower["variants ≥ 3× pandas + pm4py"] == "yes"
    # 6× a scan: over the bound of 5, within the DFG's 10
    assert slower["each metric within 5× of a bare scan (the DFG 10×)"] == "partly"


def test_below_a_million_cases_the_ratios_get_a_third_of_slack():
    # 7× is more than 2/3 of 10×, 6× a scan less than 4/3 of 5×
    small = _verdicts({100_000: {"rows": _run_rows(7.0, scan_times=6.0)}})
    assert small["lead time A→B, case durations, DFG ≥ 10× pandas + pm4py"] == "yes"
    assert small["each metric within 5× of a bare scan (the DFG 10×)"] == "yes"
    assert small["monthly report at 1,000,000 cases ≤ 60 s"] == "not measured"
    big = _verdicts({1_000_000: {"rows": _run_rows(7.0, scan_times=6.0)}})
    assert big["lead time A→B, case durations, DFG ≥ 10× pandas + pm4py"] == "no"
    worse = _verdicts({100_000: {"rows": _run_rows(6.0, scan_times=7.0)}})
    assert worse["lead time A→B, case durations, DFG ≥ 10× pandas + pm4py"] == "no"
    assert worse["each metric within 5× of a bare scan (the DFG 10×)"] == "partly"


def test_a_disagreement_or_a_missing_side_is_not_met():
    rows = _run_rows(20.0, agreed="no")
    del rows["variants"]["pm4py"]["seconds"]  # pm4py's side failed
    got = _verdicts({1_000_000: {"rows": rows}})
    assert got["`agree=yes` on every task"] == "no"
    assert got["variants ≥ 3× pandas + pm4py"] == "not measured"
    realistic = {
        "load": {"seconds": 0.5},
        "report": {"seconds": 2.0, "total_seconds": 3.5},
        "cli": {"ipgar --help": 0.1, "ipgar overview": 0.6},
    }
    got = _verdicts({1_000_000: {"rows": _run_rows(20.0)}}, realistic)
    assert got["every command ≤ 0.5 s at 600 cases (the demo's store)"] == "partly"
    assert got["the demo report ≤ 3 s (600 cases, whole process)"] == "no"


def test_a_quick_task_keeps_its_median_run_and_any_failure():
    run = _module("run")
    runs = [({"seconds": s}, f"answer {s}") for s in (0.9, 0.3, 0.5)]
    assert run.median_run(runs) == ({"seconds": 0.5}, "answer 0.5")
    failed = ({"task": "ours_dfg", "error": ["boom"]}, None)
    assert run.median_run([runs[0], failed, runs[2]]) == failed
    assert run.median_run(runs[:1]) == runs[0]


def test_only_quick_tasks_are_repeated():
    run = _module("run")
    fast = [({"seconds": 0.4}, None), ({"seconds": 1.2}, None)]
    slow = [({"seconds": 0.4}, None), ({"seconds": run.QUICK_S + 1}, None)]
    assert run.is_quick("dfg", fast)
    assert not run.is_quick("dfg", slow)  # pm4py's side too slow: once at 1 M cases
    assert not run.is_quick("load", fast)  # the loads run once
    assert not run.is_quick("dfg", [({"error": ["boom"]}, None)])


def test_quick_tasks_run_three_times_in_turn_and_keep_the_median(monkeypatch):
    run = _module("run")
    calls: list[str] = []

    def fake_run(task: str, data: Path):  # the n-th run takes n tenths of a second
        calls.append(task)
        return {"task": task, "seconds": len(calls) / 10}, task

    monkeypatch.setattr(run, "run_task", fake_run)
    got = run.timed("dfg", ["ours_dfg", "pm4py_dfg"], Path("."))
    assert calls == ["ours_dfg", "pm4py_dfg"] * 3  # in turn
    assert [m["seconds"] for m, _ in got] == [0.3, 0.4]  # of 0.1/0.3/0.5, 0.2/0.4/0.6
    calls.clear()
    run.timed("load", ["ours_load", "pm4py_load"], Path("."))
    assert calls == ["ours_load", "pm4py_load"]  # a load runs once


def test_a_tasks_peak_memory_is_its_own_not_the_harness():
    """A worker started by a harness holding 300 MB reports its own peak, not 300 MB."""
    import subprocess

    ballast = bytearray(300 * 1024 * 1024)
    for i in range(0, len(ballast), 4096):  # touched: resident in the harness
        ballast[i] = 1
    code = (
        f"import sys; sys.path.insert(0, {str(BENCH)!r}); import worker; "
        "print(worker._peak_mb())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    del ballast
    peak = float(out.stdout.split()[-1])
    assert 10 < peak < 250  # the worker's interpreter and imports, not the ballast
