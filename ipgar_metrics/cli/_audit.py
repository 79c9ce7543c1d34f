"""``ipgar audit-disclosure DIR``: an attacker's audit of the protected reports in a folder.

Reads every ``*.cells.json`` in DIR (written beside each bestuur, extern or openbaar
report), finds the interval an attacker holding all of them can derive for each
suppressed count, and exits 1 with one line per leaking cell, or 0 with one line.
Counts of a cell-key report (``"max_noise"``) are read as intervals, and the output
says how well an attacker knows them. See ``docs/disclosure.md``.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``audit-disclosure`` subcommand."""
    p = sub.add_parser(
        "audit-disclosure",
        help="check that no suppressed cell of the protected reports can be recovered",
        description="Read the published cells of every protected report (bestuur, "
        "extern, openbaar) in DIR (all "
        "months), build the sums a reader knows between them (table totals, stock = "
        "previous stock + inflow - outflow, shares against counts) and find by linear "
        "programming the interval each suppressed count can be narrowed to. Exits 1 "
        "and lists the cells when one keeps fewer values than the threshold or a "
        "count below the threshold is published; 0 otherwise. Perturbed counts (the "
        "cell-key method) are known only within their bounds, which it says.",
    )
    p.add_argument(
        "dir",
        type=Path,
        metavar="DIR",
        help="folder with the reports' *.cells.json files",
    )
    p.set_defaults(handler=_audit)


def _audit(args: argparse.Namespace) -> int:
    from ipgar_metrics import disclosure

    result = disclosure.audit_folder(args.dir)
    for line in result.lines():
        print(line)
    return 0 if result.ok else 1
