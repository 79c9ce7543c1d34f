"""``ipgar network``: components of linked persons in the approach, or their persons.

Thin handler over ``network_components`` (default: one row per component of two or
more persons, numbered by size) and ``network_nodes`` (``--nodes``: one row per
person, articulation point ja/nee in a table, true/false in CSV and JSON). The store must enable and hold
relations; the default as-of is said on stderr in one line, and so is an as-of at
which no component exists.
"""

from __future__ import annotations

import argparse
import sys

from ipgar_metrics.cli._common import (
    add_as_of,
    add_db,
    add_format,
    as_of_or_last_event,
    print_frame,
)
from ipgar_metrics.cli._filters import add_filters, open_log


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``network`` subcommand."""
    p = sub.add_parser(
        "network",
        help="networks of linked persons in the approach: components, coordination",
        description="One row per connected component of two or more persons in the "
        "approach (relations and shared key locations active at the as-of): its "
        "persons, their case managers and organisations, known persons outside the "
        "approach linked to it and the days since two of its case managers last met "
        "(netwerkoverleg or a shared ITAT-R agenda day). --nodes: one row per person. "
        "Needs relations: ipgar config --enable relations --dpia REF, then ipgar load "
        "--relations FILE. Intern use only: the rows name pseudonyms.",
    )
    add_db(p)
    add_filters(p)
    add_as_of(p)
    p.add_argument(
        "--nodes",
        action="store_true",
        help="one row per person in a component: pseudonym, component, degree, "
        "articulation point (ja/nee in a table, yes/no with --lang en), "
        "case manager pseudonym, organisation",
    )
    add_format(p)
    p.set_defaults(handler=_run_network)


def _run_network(args: argparse.Namespace) -> int:
    from ipgar_metrics import labels, network_components, network_nodes

    con = open_log(args)
    try:
        as_of = as_of_or_last_event(args, con, ipgar=True)
        metric = network_nodes if args.nodes else network_components
        frame = metric(con, as_of=as_of)
    finally:
        con.close()
    if frame.empty:
        text = labels.label("no_components", "en", labels.NETWORK_LABELS)
        print(f"ipgar {args.command}: {text} at {as_of.isoformat()}", file=sys.stderr)
    if "last_met" in frame.columns:  # a date, not JSON's milliseconds since 1970
        frame["last_met"] = [
            None if d is None else d.isoformat() for d in frame["last_met"]
        ]
    # true/false: a table says "ja"/"nee" (--lang en: "yes"/"no"), a workbook has
    # Excel's booleans, CSV and JSON true/false as every other command's
    print_frame(frame, args.format, raw=args.raw, args=args)
    return 0
