"""``ipgar handovers``: handover of work between performers or organisations.

Thin handler over ``work_handovers``. The default level is ``resource`` on a generic
log and ``org`` on an iPGA-R store (where individual case managers are never shown),
said on stderr in one line.
"""

from __future__ import annotations

import argparse

from ipgar_metrics.cli._common import (
    add_as_of,
    add_db,
    add_format,
    as_of_or_last_event,
    print_frame,
    say_default,
)
from ipgar_metrics.cli._filters import add_filters, open_log


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``handovers`` subcommand."""
    p = sub.add_parser(
        "handovers",
        help="handover of work: who hands a case to whom (any log)",
        description="For each event, the case's next event with a known performer: "
        "counted per (source, target), with the cases and the share of all "
        "successions (pm4py's handover-of-work value). --level resource (generic logs) "
        "or org.",
    )
    add_db(p)
    add_filters(p)
    add_as_of(p)
    p.add_argument(
        "--level",
        choices=("resource", "org"),
        default=None,
        help="resource (default on a generic log) or org (default, and the only "
        "level, on an iPGA-R store)",
    )
    add_format(p)
    p.set_defaults(handler=_run_handovers)


def _run_handovers(args: argparse.Namespace) -> int:
    from ipgar_metrics import store, work_handovers

    con = open_log(args)
    try:
        level = args.level
        if level is None:
            ipgar = store.profile_of(con) == "ipgar"
            level = "org" if ipgar else "resource"
            kind = "an iPGA-R store" if ipgar else "a generic log"
            say_default(args.command, f"level {level}", kind, "--level")
        frame = work_handovers(con, as_of=as_of_or_last_event(args, con), level=level)
    finally:
        con.close()
    print_frame(frame, args.format, raw=args.raw)
    return 0
