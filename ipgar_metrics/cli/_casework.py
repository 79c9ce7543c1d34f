"""``ipgar contact | integrality | flow | caseload``: case-management metrics."""

from __future__ import annotations

import argparse

from ipgar_metrics import config
from ipgar_metrics.cli._common import (
    add_db,
    add_format,
    as_of_or_last,
    parse_datetime,
    print_frame,
)

_BY = ("org", "domain", "month", "report_source", "risk_category", "ideology")


def _add_as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as-of",
        type=parse_datetime,
        default=None,
        help="reference date YYYY-MM-DD (00:00 local) or date-time; "
        "default the last event in the store",
    )


def register(sub: argparse._SubParsersAction) -> None:
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
    _add_as_of(p)
    p.add_argument(
        "--threshold",
        type=float,
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
    _add_as_of(p)
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
    _add_as_of(p)
    add_format(p)
    p.set_defaults(handler=_flow)

    p = sub.add_parser(
        "caseload",
        help="case managers with 0, 1, 2, 3+ cases per month",
        description="Per local month: the number of case managers with 0, 1, 2 or "
        "3 or more cases in the approach at the month end (counts only).",
    )
    add_db(p)
    _add_as_of(p)
    add_format(p)
    p.set_defaults(handler=_caseload)


def _contact(args: argparse.Namespace) -> int:
    from ipgar_metrics import store
    from ipgar_metrics.metrics.casework._contact import CSV_COLUMNS, contact_gaps

    with store.connect(args.db) as con:
        frame = contact_gaps(
            con, as_of=as_of_or_last(con, args.as_of), threshold_days=args.threshold
        )
    if args.format != "json":
        frame = frame[list(CSV_COLUMNS)]
    print_frame(frame, args.format)
    return 0


def _integrality(args: argparse.Namespace) -> int:
    from ipgar_metrics import store
    from ipgar_metrics.metrics.casework._integrality import integrality

    with store.connect(args.db) as con:
        frame = integrality(
            con, as_of=as_of_or_last(con, args.as_of), by=args.by or (), level="summary"
        )
    print_frame(frame, args.format)
    return 0


def _flow(args: argparse.Namespace) -> int:
    from ipgar_metrics import store
    from ipgar_metrics.metrics.casework._flow import flow

    with store.connect(args.db) as con:
        frame = flow(con, as_of=as_of_or_last(con, args.as_of))
    print_frame(frame, args.format)
    return 0


def _caseload(args: argparse.Namespace) -> int:
    from ipgar_metrics import store
    from ipgar_metrics.metrics.casework._caseload import caseload

    with store.connect(args.db) as con:
        frame = caseload(con, as_of=as_of_or_last(con, args.as_of))
    print_frame(frame, args.format)
    return 0
