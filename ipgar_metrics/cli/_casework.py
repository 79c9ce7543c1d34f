"""``ipgar contact | integrality | flow | caseload``: case-management metrics.

Each command takes the shared ``--db``, ``--as-of`` and ``--format`` of ``_common``
and calls one public metric function with an explicit as-of.
"""

from __future__ import annotations

import argparse

from ipgar_metrics import config
from ipgar_metrics.cli._common import (
    add_as_of,
    add_db,
    add_format,
    as_of_or_last_event,
    at_least,
    print_frame,
)
from ipgar_metrics.cli._filters import add_filters, open_log

_BY = ("org", "domain", "month", "report_source", "risk_category", "ideology")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``contact``, ``integrality``, ``flow`` and ``caseload`` subcommands."""
    p = sub.add_parser(
        "contact",
        help="days since the last contact and intervention per case in the approach",
        description="One row per case in the approach at the reference date: "
        "organisation of the case manager, status, days since the last contact and "
        "intervention (detained, travelled and static time not counted), and "
        "whether the gap is over the threshold.",
    )
    add_db(p)
    add_filters(p)
    add_as_of(p)
    p.add_argument(
        "--threshold",
        type=at_least(0, float),
        default=config.CONTACT_THRESHOLD_DAYS,
        help=f"gap threshold in days (default {config.CONTACT_THRESHOLD_DAYS})",
    )
    add_format(p)
    p.set_defaults(handler=_contact)

    p = sub.add_parser(
        "integrality",
        help="own-organisation share, domain mix and diversity of interventions",
        description="Integrality of the interventions in the approach: one overall "
        "row, or one row per group with --by.",
    )
    add_db(p)
    add_filters(p)
    add_as_of(p)
    p.add_argument("--by", choices=_BY, default=None, help="group the rows")
    add_format(p)
    p.set_defaults(handler=_integrality)

    p = sub.add_parser(
        "flow",
        help="inflow, outflow and stock by status per month",
        description="Per local month: instroom, uitstroom and the stock at the end "
        "of the month by status (active, detained, travelled, static).",
    )
    add_db(p)
    add_filters(p)
    add_as_of(p)
    add_format(p)
    p.set_defaults(handler=_monthly)

    p = sub.add_parser(
        "caseload",
        help="case managers with 0, 1, 2, 3+ cases per month",
        description="Per local month: the number of case managers with 0, 1, 2 or "
        "3 or more cases in the approach at the month end (counts only).",
    )
    add_db(p)
    add_filters(p)
    add_as_of(p)
    add_format(p)
    p.set_defaults(handler=_monthly)


def _contact(args: argparse.Namespace) -> int:
    from ipgar_metrics import contact_gaps
    from ipgar_metrics.metrics.casework import CONTACT_COLUMNS

    with open_log(args) as con:
        as_of = as_of_or_last_event(args, con, ipgar=True)
        frame = contact_gaps(con, as_of=as_of, threshold_days=args.threshold)
    if args.format != "json":
        frame = frame[list(CONTACT_COLUMNS)]
    print_frame(frame, args.format, raw=args.raw)
    return 0


def _integrality(args: argparse.Namespace) -> int:
    from ipgar_metrics import integrality

    with open_log(args) as con:
        frame = integrality(
            con,
            as_of=as_of_or_last_event(args, con, ipgar=True),
            by=args.by or (),
            level="summary",
        )
    print_frame(frame, args.format, raw=args.raw)
    return 0


def _monthly(args: argparse.Namespace) -> int:
    """``flow`` and ``caseload``: one metric of the store and the as-of, per month."""
    import ipgar_metrics

    metric = getattr(ipgar_metrics, args.command)
    with open_log(args) as con:
        frame = metric(con, as_of=as_of_or_last_event(args, con, ipgar=True))
    print_frame(frame, args.format, raw=args.raw)
    return 0
