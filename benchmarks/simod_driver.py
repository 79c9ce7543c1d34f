"""Run Simod on a training log and simulate its discovered model (the anchor's half).

Runs inside ``benchmarks/.simod-venv`` (Simod 5.2.1 and its pins), not in the
project's environment: ``whatif_anchor.py`` calls it as a subprocess. Steps: read
the Simod configuration (YAML), discover and tune the model (``Simod.run``), then
simulate ``--cases`` cases of the best model with Prosimos from ``--start`` and
write the simulated log (CSV: case_id, activity, start_time, end_time, resource).

Usage: ``.simod-venv/bin/python simod_driver.py CONFIG OUT_DIR LOG_OUT --cases N
--start ISO``
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main() -> int:
    """Discover, tune, simulate; print one JSON line with what was done."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("config", type=Path)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("log_out", type=Path)
    ap.add_argument("--cases", type=int, required=True)
    ap.add_argument("--start", required=True)
    args = ap.parse_args()

    import pandas as pd
    from prosimos.simulation_engine import run_simulation
    from simod.event_log.event_log import EventLog
    from simod.runtime_meter import RuntimeMeter
    from simod.settings.simod_settings import SimodSettings
    from simod.simod import Simod

    settings = SimodSettings.from_path(args.config)
    t0 = time.perf_counter()
    log = EventLog.from_path(
        log_ids=settings.common.log_ids,
        train_log_path=settings.common.train_log_path,
        test_log_path=settings.common.test_log_path,
        preprocessing_settings=settings.preprocessing,
        need_test_partition=settings.common.perform_final_evaluation,
    )
    simod = Simod(settings, event_log=log, output_dir=args.out_dir)
    simod.run(runtimes=RuntimeMeter())
    discovered = time.perf_counter() - t0
    best = args.out_dir / "best_result"
    bpmn = next(best.glob("*.bpmn"))
    params = next(
        p
        for p in best.glob("*.json")
        if p.name not in {"canonical_model.json", "runtimes.json"}
    )
    t0 = time.perf_counter()
    run_simulation(
        bpmn_path=str(bpmn),
        json_path=str(params),
        total_cases=args.cases,
        stat_out_path=None,
        log_out_path=str(args.log_out),
        starting_at=pd.Timestamp(args.start).isoformat(),
        is_event_added_to_log=False,
    )
    simulated = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "bpmn": str(bpmn),
                "parameters": str(params),
                "discovery_seconds": round(discovered, 1),
                "simulation_seconds": round(simulated, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
