"""The what-if anchor: our intake model against a model Simod discovers (issue 18).

On logs of our simulator with a planted change at ``CHANGE`` (fewer information
rounds, or shorter waits for information, as in
``tests/oracle/test_whatif_prediction.py``):

1. our model is estimated at ``CHANGE`` (``intake_model``: the complete reports of
   the three years before) and simulated as it is (baseline) and with the knob that
   matches the change (``info_loops=0.5`` or ``info_wait=0.5``);
2. Simod 5.2.1 discovers a simulation model from the same reports' assessment
   events (report, information requests and receipts, IVG-R, PTO-R, intake) and
   Prosimos simulates it from ``CHANGE`` on;
3. each lead-time distribution (report -> intake of admitted reports) is compared
   with the held-out one: the admitted reports of ``CHANGE`` up to 32 weeks before
   the export, read from ``truth.json``. The distance is the Wasserstein (earth
   mover's) distance in days (scipy), the measure ``log-distance-measures`` calls
   the cycle-time EMD, here on the lead times of both models.

Simod cannot take a knob: what it predicts after the change is the process before
it. The fair comparisons are therefore (a) the fit of both to the estimation period
and (b) how close each comes to the held-out period: Simod as discovered, ours as a
baseline and with the knob the analyst would turn.

Simod's pins conflict with the project's, so it lives in its own environment,
``benchmarks/.simod-venv`` (git-ignored), made here on first use with
``python3.11 -m venv`` and ``pip install simod==5.2.1 log-distance-measures``.
Simod sees events as activities with a start and an end; every event of the log is
instantaneous, so each activity instance is given the span from the episode's
previous event to it (the wait before it). Calendars: Simod's default discovery
(one calendar for all resources, its default ranges); a fixed 24/7 calendar leaves
Simod 5.2.1's resource optimiser an empty search space, which hyperopt refuses
(``IndexError`` in ``pyll.toposort``). Resources: 50 per activity, so nothing queues (the process has
no queue). Not part of ``make test``; the numbers go into ``benchmarks/RESULTS.md``
and ``docs/metrics/whatif.md``.

Usage: ``python benchmarks/whatif_anchor.py [--kinds rounds waits] [--seeds 1 2 3]
[--cases 1200] [--budget 10] [--work benchmarks/.anchor-work] [--skip-simod]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HERE = Path(__file__).resolve().parent
VENV = HERE / ".simod-venv"
CHANGE = date(2023, 1, 1)
AS_OF = date(2026, 11, 1)
#: Hazards P(loops >= k | loops >= k - 1) of the simulator's ``loops_p``.
HAZARDS = (0.7, 4 / 7, 0.5, 0.5, 0.5)
#: Resources per activity in the log given to Simod (enough that nothing queues).
RESOURCES = 50


def _loops_p(factor: float) -> list[float]:
    out, alive = [], 1.0
    for h in HAZARDS:
        q = h * factor
        out.append(alive * (1 - q))
        alive *= q
    return [*out, alive]


PLANTS: dict[str, tuple[dict[str, Any], dict[str, float]]] = {
    "rounds": ({"loops_p": _loops_p(0.5)}, {"info_loops": 0.5}),
    "waits": ({"info_wait_median_days": 6.0}, {"info_wait": 0.5}),
}


def ensure_venv() -> Path:
    """The Simod environment's python (made and filled on first use)."""
    python = VENV / "bin" / "python"
    if not (VENV / "bin" / "simod").exists():
        print("making benchmarks/.simod-venv (Simod 5.2.1) ...", file=sys.stderr)
        subprocess.run(["python3.11", "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "simod==5.2.1"], check=True
        )
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "log-distance-measures"],
            check=False,  # optional: Simod ships it as a dependency
        )
    return python


def simod_log(con: Any, model: Any) -> Any:
    """The estimation reports' assessment events as the CSV Simod reads."""
    import pandas as pd

    from ipgar_metrics import store
    from ipgar_metrics.metrics._episodes import episode_list_params, episodes

    eps = episodes(con, as_of=model.as_of)
    day = eps["melding_at"].dt.date
    first, last = model.window
    eps = eps[eps["melding_at"].notna() & (day >= first) & (day <= last)]
    eps = eps[~eps["is_open"]].reset_index(drop=True)
    events = store.sql_frame(
        con, "whatif/assessment_events", as_of=model.as_of, **episode_list_params(eps)
    )
    starts = eps[["case_id", "episode", "melding_at"]].rename(
        columns={"melding_at": "ts"}
    )
    starts["activity"], starts["seq"] = "melding", -1
    labelled = events[["case_id", "episode", "seq", "ts", "activity"]].copy()
    decided = events["activity"].isin(["ivgr_advies", "ptor_besluit"])
    labelled.loc[decided, "activity"] = (
        events["activity"] + ":" + events["outcome"].fillna("")
    )[decided]
    frame = pd.concat([starts, labelled], ignore_index=True).sort_values(
        ["case_id", "episode", "ts", "seq"]
    )
    frame["case"] = frame["case_id"].astype(str) + "-" + frame["episode"].astype(str)
    frame["end_time"] = pd.to_datetime(frame["ts"], utc=True)
    previous = frame.groupby("case")["end_time"].shift(1)
    frame["start_time"] = previous.fillna(frame["end_time"])
    number = frame.groupby("activity").cumcount() % RESOURCES
    frame["resource"] = (
        frame["activity"].str.split(":").str[0] + "-" + number.astype(str)
    )
    out = frame[["case", "activity", "start_time", "end_time", "resource"]]
    out = out.rename(columns={"case": "case_id"})
    for col in ("start_time", "end_time"):
        out[col] = out[col].dt.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return out


def simod_config(train: Path, budget: int) -> str:
    """A Simod 5.2 configuration: ``budget`` trials of the control flow and the
    resources (half as many of the arrivals), three simulations each (Simod's default
    is 10, 10 and 5 trials)."""
    return f"""version: 5.2
common:
  train_log_path: {train}
  perform_final_evaluation: false
  clean_intermediate_files: true
preprocessing:
  multitasking: false
control_flow:
  optimization_metric: two_gram_distance
  num_iterations: {budget}
  num_evaluations_per_iteration: 3
  gateway_probabilities: discovery
  mining_algorithm: sm1
case_arrival:
  optimization_metric: arrival_event_distribution
  num_iterations: {max(1, budget // 2)}
  num_evaluations_per_iteration: 3
resource_model:
  optimization_metric: cycle_time_distribution
  num_iterations: {budget}
  num_evaluations_per_iteration: 3
  resource_profiles:
    discovery_type: undifferentiated
"""


def simod_lead_times(path: Path) -> Any:
    """Report -> intake (days) of each simulated case that reached an intake."""
    import pandas as pd

    log = pd.read_csv(path)
    log["start_time"] = pd.to_datetime(log["start_time"], utc=True, format="mixed")
    log["end_time"] = pd.to_datetime(log["end_time"], utc=True, format="mixed")
    first = log.groupby("case_id")["start_time"].min()
    intake = log[log["activity"] == "instroom"].groupby("case_id")["end_time"].max()
    days = (intake - first.reindex(intake.index)).dt.total_seconds() / 86400
    share = len(intake) / max(log["case_id"].nunique(), 1)
    return days.to_numpy(), share


def run_kind(kind: str, args: argparse.Namespace, python: Path | None) -> dict:
    import numpy as np
    import pandas as pd
    from scipy.stats import wasserstein_distance

    from ipgar_metrics import store
    from ipgar_metrics.metrics.whatif import Scenario, intake_model, simulate_intake
    from ipgar_metrics.simulation import simulate

    plant, knobs = PLANTS[kind]
    work = args.work / f"{kind}-seed{args.seed}"
    work.mkdir(parents=True, exist_ok=True)
    simulate(
        args.cases,
        args.seed,
        work / "sim",
        AS_OF,
        write_xlsx=False,
        params={"changes": [{"from": CHANGE.isoformat(), "set": plant}]},
    )
    con = store.memory_store()
    store.insert_events(con, pd.read_csv(work / "sim" / "events.csv", dtype=str))
    model = intake_model(con, as_of=CHANGE)
    truth = json.loads((work / "sim" / "truth.json").read_text(encoding="utf-8"))
    last = AS_OF - timedelta(days=224)
    held_out = np.array(
        [
            ep["lead_days"]
            for ep in truth["episodes"]
            if ep["outcome"] == "instroom"
            and CHANGE <= pd.Timestamp(ep["melding_at"]).date() <= last
        ]
    )
    before = model.observed_days
    ours: dict[str, Any] = {}
    for name, scenario in (
        ("ours_baseline", None),
        ("ours_knob", Scenario(kind, "", knobs)),
    ):
        days = simulate_intake(model, scenario, runs=1000, seed=0)["days"].dropna()
        ours[name] = days.to_numpy()
    result: dict[str, Any] = {
        "kind": kind,
        "seed": args.seed,
        "knobs": knobs,
        "window": [d.isoformat() for d in model.window],
        "n_before": len(before),
        "n_after": len(held_out),
        "mean_before": float(np.mean(before)),
        "mean_after": float(np.mean(held_out)),
        "before_to_after": float(wasserstein_distance(before, held_out)),
    }
    for name, days in ours.items():
        result[name] = {
            "mean": float(np.mean(days)),
            "fit": float(wasserstein_distance(days, before)),
            "held_out": float(wasserstein_distance(days, held_out)),
        }
    if python is None:
        con.close()
        return result
    train = work / "train.csv"
    log = simod_log(con, model)
    con.close()
    log.to_csv(train, index=False)
    config = work / "simod.yaml"
    config.write_text(simod_config(train, args.budget), encoding="utf-8")
    simulated = work / "simod_simulated.csv"
    t0 = time.perf_counter()
    cases = round(len(log["case_id"].unique()) * 1.5)
    proc = subprocess.run(
        [
            str(python),
            str(HERE / "simod_driver.py"),
            str(config),
            str(work / "simod-out"),
            str(simulated),
            "--cases",
            str(cases),
            "--start",
            f"{CHANGE.isoformat()}T09:00:00+01:00",
        ],
        capture_output=True,
        text=True,
        cwd=work,
        env={**os.environ, "PYTHONPATH": ""},
    )
    (work / "simod.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        result["simod_error"] = " | ".join(tail)
        return result
    days, share = simod_lead_times(simulated)
    result["simod"] = {
        "seconds": round(time.perf_counter() - t0, 1),
        "n_simulated_admitted": len(days),
        "share_admitted": share,
        "mean": float(np.mean(days)) if len(days) else None,
        "fit": float(wasserstein_distance(days, before)) if len(days) else None,
        "held_out": float(wasserstein_distance(days, held_out)) if len(days) else None,
    }
    return result


def table(results: list[dict]) -> str:
    """The Markdown table of RESULTS.md and docs/metrics/whatif.md."""

    def cell(block: dict | None, key: str) -> str:
        return "–" if not block or block.get(key) is None else f"{block[key]:.1f}"

    lines = [
        "| change | seed | mean before / after (obs.) | before→after | "
        "Simod mean · fit · held-out | ours baseline mean · fit · held-out | "
        "ours with knob mean · fit · held-out |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        simod = r.get("simod")
        simod_cells = (
            f"{cell(simod, 'mean')} · {cell(simod, 'fit')} · {cell(simod, 'held_out')}"
            if simod
            else "failed"
        )
        base, knob = r["ours_baseline"], r["ours_knob"]
        lines.append(
            f"| {r['kind']} ({', '.join(f'{k}={v:g}' for k, v in r['knobs'].items())}) "
            f"| {r['seed']} | {r['mean_before']:.1f} / {r['mean_after']:.1f} "
            f"| {r['before_to_after']:.1f} | {simod_cells} "
            f"| {base['mean']:.1f} · {base['fit']:.1f} · {base['held_out']:.1f} "
            f"| {knob['mean']:.1f} · {knob['fit']:.1f} · {knob['held_out']:.1f} |"
        )
    return "\n".join(lines)


def main() -> int:
    """Run each kind of change, print the table and a JSON line per run."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kinds", nargs="+", default=sorted(PLANTS), choices=PLANTS)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1])
    ap.add_argument("--cases", type=int, default=1200)
    ap.add_argument("--budget", type=int, default=10, help="Simod trials per stage")
    ap.add_argument("--work", type=Path, default=HERE / ".anchor-work")
    ap.add_argument("--skip-simod", action="store_true")
    args = ap.parse_args()
    python = None if args.skip_simod else ensure_venv()
    results = []
    for kind in args.kinds:
        for seed in args.seeds:
            args.seed = seed
            result = run_kind(kind, args, python)
            print(json.dumps(result), flush=True)
            results.append(result)
    print()
    print(table(results))
    errors = [r["simod_error"] for r in results if "simod_error" in r]
    for error in errors:
        print(f"Simod failed: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
