"""``ipgar demo``: simulate an export, load it, write the report (what exists of it)."""

from __future__ import annotations

import argparse
import importlib.util
from datetime import date
from pathlib import Path

from ipgar_metrics import config


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``demo`` subcommand (used by ``make demo``)."""
    p = sub.add_parser(
        "demo",
        help="simulate an export, load it and write the monthly report",
        description="The whole chain on simulated data: simulate -> load -> report.",
    )
    p.add_argument("--cases", type=int, default=600)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--sim-dir", type=Path, default=Path("data/sim"))
    p.add_argument("--db", type=Path, default=config.DEFAULT_DB)
    p.add_argument("--out", type=Path, default=Path("reports"))
    p.set_defaults(handler=_run)


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _last_full_month(as_of: date) -> str:
    year, month = (
        (as_of.year, as_of.month - 1) if as_of.month > 1 else (as_of.year - 1, 12)
    )
    return f"{year:04d}-{month:02d}"


def _run(args: argparse.Namespace) -> int:
    from ipgar_metrics.simulation._simulator import simulate

    res = simulate(args.cases, args.seed, args.sim_dir)
    print(f"1/3 simulated {res.n_cases} cases, {res.n_events} events -> {args.sim_dir}")
    if not _has("ipgar_metrics.ingest._load"):
        print("2/3 loading: not built yet (issue 3); stopping here.")
        return 0
    from ipgar_metrics.ingest._load import load

    if args.db.exists():
        args.db.unlink()  # the demo store is rebuilt from the simulation each time
        args.db.with_name(args.db.name + ".wal").unlink(missing_ok=True)
    result = load(
        [res.files["export"]],
        mapping=res.files["mapping"],
        db=args.db,
        export_date=config.SIM_AS_OF,
    )
    print(
        f"2/3 loaded {result.rows_loaded} events into {args.db} "
        f"({result.rows_rejected} rejected, {result.duplicates_skipped} duplicates; "
        f"snapshot {result.snapshot_id})"
    )
    if not _has("ipgar_metrics.report._build"):
        print("3/3 report: not built yet (issue 7); stopping here.")
        return 0
    from ipgar_metrics.report._build import build_report

    month = _last_full_month(config.SIM_AS_OF)
    paths = build_report(db=args.db, month=month, out_dir=args.out)
    for path in paths:
        print(f"3/3 wrote {path}")
    return 0
