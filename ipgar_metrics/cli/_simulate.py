"""``ipgar simulate``: write a simulated export (see ``ipgar_metrics.simulation``).

Its ``--as-of`` is the shared option with its own meaning: the export date (a day),
not a reference time in a store.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ipgar_metrics import config
from ipgar_metrics.cli._common import (
    add_as_of,
    add_out,
    add_simulation_size,
    say_default,
)
from ipgar_metrics.cli._progress import add_quiet, progress


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``simulate`` subcommand."""
    p = sub.add_parser(
        "simulate",
        help="write a simulated iPGA-R export (events, Dutch export, mapping, truth)",
        description="Simulate the iPGA-R process and write events.csv, export.csv, "
        "export.xlsx, mapping.toml, truth.json and the networks (relations.csv, "
        "locations.csv) into --out.",
    )
    add_simulation_size(p)
    add_out(p, help="output folder")
    add_as_of(
        p,
        help="the day the simulated export is taken, YYYY-MM-DD: the simulation "
        f"runs up to its start (default {config.SIM_AS_OF})",
        default=config.SIM_AS_OF,
        day_only=True,
    )
    p.add_argument(
        "--no-xlsx", action="store_true", help="do not write export.xlsx (faster)"
    )
    p.add_argument(
        "--changes",
        type=Path,
        metavar="FILE",
        help='plant effects: a JSON file with a list of {"from": "YYYY-MM-DD", '
        '"set": {parameter: value}} (docs/simulation.md, "Planted effects")',
    )
    p.add_argument(
        "--practice-plant",
        type=_plant,
        metavar="ORG=SHARE",
        help="plant an organisation whose case managers register only SHARE of "
        "their contacts, e.g. politie=0.25 (docs/simulation.md, issue 23)",
    )
    p.add_argument(
        "--no-networks",
        action="store_true",
        help="write no relations.csv and locations.csv and no joint meetings "
        '(docs/simulation.md, "Networks")',
    )
    add_quiet(p)
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from ipgar_metrics import simulate

    params: dict[str, Any] = {}
    if args.changes is not None:
        params["changes"] = _changes(args.changes)
    if args.practice_plant is not None:
        params["practice_plant"] = args.practice_plant
    if args.no_networks:
        params["networks"] = False
    elif not args.quiet:
        say_default(
            "simulate",
            "relations.csv, locations.csv and joint meetings written",
            "the default",
            "--no-networks",
        )
    with progress(f"simulating {args.cases} cases", quiet=args.quiet):
        res = simulate(
            args.cases,
            args.seed,
            args.out,
            args.as_of,
            write_xlsx=not args.no_xlsx,
            params=params or None,
        )
    print(
        f"simulated {res.n_cases} cases, {res.n_events} events "
        f"({res.n_export_rows} export rows, {len(res.faults)} planted faults) in {args.out}"
    )
    for name, path in res.files.items():
        print(f"  {name:12s} {path}")
    return 0


def _plant(text: str) -> dict[str, Any]:
    """Parse ``ORG=SHARE`` of ``--practice-plant`` (the organisation is checked by ``simulate``)."""
    org, sep, share = text.partition("=")
    try:
        value = float(share)
    except ValueError:
        value = -1.0
    if not sep or not org.strip() or not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(
            f"not ORG=SHARE with a share between 0 and 1: {text!r}; e.g. politie=0.25"
        )
    return {"org": org.strip(), "contact_registered_p": value}


def _changes(path: Path) -> list[Any]:
    """The list of planted changes in a JSON file (checked further by ``simulate``)."""
    from ipgar_metrics.errors import ConfigError

    try:
        changes = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise ConfigError(
            f"cannot read the changes file {path.name}; check the path."
        ) from None
    except ValueError:
        raise ConfigError(
            f"the changes file {path.name} is not valid JSON; write a list of "
            '{"from": "YYYY-MM-DD", "set": {...}}.'
        ) from None
    if not isinstance(changes, list):
        raise ConfigError(
            f"the changes file {path.name} must hold a list of "
            '{"from": "YYYY-MM-DD", "set": {...}}.'
        )
    return changes
