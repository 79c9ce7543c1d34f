"""``ipgar simulate``: write a simulated export (see ``simulate.py``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ipgar_metrics import config
from ipgar_metrics.cli._common import parse_date


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``simulate`` subcommand."""
    p = sub.add_parser(
        "simulate",
        help="write a simulated iPGA-R export (events, Dutch export, mapping, truth)",
        description="Simulate the iPGA-R process and write events.csv, export.csv, "
        "export.xlsx, mapping.toml and truth.json into --out.",
    )
    p.add_argument(
        "--cases", type=int, default=600, help="number of cases (default 600)"
    )
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument(
        "--as-of",
        type=parse_date,
        default=config.SIM_AS_OF,
        help=f"export date, YYYY-MM-DD (default {config.SIM_AS_OF})",
    )
    p.add_argument(
        "--no-xlsx", action="store_true", help="do not write export.xlsx (faster)"
    )
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from ipgar_metrics.simulation._simulator import simulate

    res = simulate(
        args.cases, args.seed, args.out, args.as_of, write_xlsx=not args.no_xlsx
    )
    print(
        f"simulated {res.n_cases} cases, {res.n_events} events "
        f"({res.n_export_rows} export rows, {len(res.faults)} planted faults) in {args.out}"
    )
    for name, path in res.files.items():
        print(f"  {name:12s} {path}")
    return 0
