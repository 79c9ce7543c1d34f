"""How fast ``simulate_intake`` is at the realistic size: 1,000 runs, a few hundred
reports a year (the target of issue 18: under 10 seconds on 2 cores).

The model is estimated from a simulated store (600 cases, seed 1, as ``make test``
does); its arrival rate is then set to each size, since the simulation's cost grows
with the number of simulated reports (runs x reports a year), not with the store.
Prints a Markdown table (reports a year, runs, seconds for baseline + scenario,
simulated reports per second), and the whole ``scenario_comparison`` with
100 resampled models for the intervals; the numbers go into ``docs/metrics/whatif.md``.
Not part of ``make test``.

Usage: ``python benchmarks/whatif_speed.py [--runs 1000] [--sizes 60 300 600]``
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
KEY = b"ipgar-benchmark-key-not-a-secret-0"


def main() -> int:
    """Estimate once, then time baseline + scenario at each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--sizes", type=float, nargs="+", default=[60, 300, 600])
    args = parser.parse_args()
    os.environ.setdefault("IPGAR_KEY", KEY.decode())
    from ipgar_metrics import store
    from ipgar_metrics.ingest._load import load
    from ipgar_metrics.metrics.whatif import (
        Scenario,
        intake_model,
        scenario_comparison,
        simulate_intake,
    )
    from ipgar_metrics.simulation._simulator import simulate

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        res = simulate(600, 1, root / "sim")
        db = root / "ipgar.duckdb"
        load(
            [res.files["export"]],
            mapping=res.files["mapping"],
            db=db,
            export_date=date(2026, 11, 1),
            key=KEY,
        )
        with store.connect(db, read_only=True) as con:
            t0 = time.perf_counter()
            model = intake_model(con, as_of=date(2026, 11, 1))
            fit = time.perf_counter() - t0
            scenario = Scenario("b", "", {"info_loops": 0.5, "ivgr_interval_days": 14})
            timed = []
            for size in args.sizes:
                sized = dataclasses.replace(model, arrivals_per_year=size)
                t0 = time.perf_counter()
                scenario_comparison(
                    con,
                    as_of=model.as_of,
                    model=sized,
                    scenario=scenario,
                    runs=args.runs,
                    bootstrap=100,
                )
                timed.append((size, time.perf_counter() - t0))
    print(f"estimation: {fit:.2f} s ({model.n_episodes} reports)\n")
    print("| reports a year | runs | seconds (baseline + scenario) | reports/s |")
    print("| --- | --- | --- | --- |")
    for size in args.sizes:
        sized = dataclasses.replace(model, arrivals_per_year=size)
        t0 = time.perf_counter()
        a = simulate_intake(sized, runs=args.runs, seed=1)
        b = simulate_intake(sized, scenario, runs=args.runs, seed=1)
        took = time.perf_counter() - t0
        print(
            f"| {size:g} | {args.runs} | {took:.2f} | {(len(a) + len(b)) / took:,.0f} |"
        )
    print("\nscenario_comparison, intervals over 100 resampled models:\n")
    print("| reports a year | runs | seconds |")
    print("| --- | --- | --- |")
    for size, took in timed:
        print(f"| {size:g} | {args.runs} | {took:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
