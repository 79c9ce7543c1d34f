"""``ipgar ptor static | escalations | rereports | exits``: what the PTO-R owns.

Each action takes the shared ``--db``, ``--as-of`` and ``--format`` of ``_common``
and the case filters of ``_filters``, and calls one public metric of
``metrics.ptor`` with an explicit as-of.
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


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``ptor`` with its actions ``static``, ``escalations``, ``rereports``, ``exits``."""
    p = sub.add_parser(
        "ptor",
        help="what the PTO-R owns: static cases, ITAT-R to PTO-R time, re-reports, "
        "exit reasons",
    )
    actions = p.add_subparsers(
        dest="ptor_action",
        metavar="{static,escalations,rereports,exits}",
        required=True,
    )
    a = actions.add_parser(
        "static",
        help="cases static at the reference date, and those without review",
        description="One row per case static at the reference date: days since the "
        "PTO-R decision, reviews (later PTO-R decisions or ITAT-R agenda entries) "
        "and whether the last one is more than --review-months ago.",
    )
    a.add_argument(
        "--review-months",
        type=at_least(1),
        default=config.STATIC_REVIEW_MONTHS,
        help=f"months without review before a case is listed (default "
        f"{config.STATIC_REVIEW_MONTHS})",
    )
    _summary_flag(a)
    a.set_defaults(handler=_static)
    a = actions.add_parser(
        "escalations",
        help="days from the ITAT-R agenda to the PTO-R decision",
        description="One row per escalation (first ITAT-R agenda entry after the "
        "previous PTO-R decision), or with --by-month the n, median and p90 of the "
        "escalations decided in each month.",
    )
    a.add_argument(
        "--by-month", action="store_true", help="one row per month of the decision"
    )
    a.set_defaults(handler=_escalations)
    a = actions.add_parser(
        "rereports",
        help="new reports within 12 and 24 months after exit or the intermediate variant",
        description="One row per exit (or intermediate variant with --after "
        "intermediate): re-reported within 12 and 24 months; <NA> while the window "
        "has not passed. --summary: counts and shares over the complete windows.",
    )
    a.add_argument(
        "--after",
        choices=("exit", "intermediate"),
        default="exit",
        help="follow exits (default) or the intermediate variant",
    )
    _summary_flag(a)
    a.set_defaults(handler=_rereports)
    a = actions.add_parser(
        "exits",
        help="exits per calendar year and reason",
        description="One row per year and exit reason: count and share of the year.",
    )
    a.set_defaults(handler=_exits)
    for a in actions.choices.values():
        add_db(a)
        add_as_of(a)
        add_format(a)
        add_filters(a)


def _summary_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--summary", action="store_true", help="counts and statistics, no case rows"
    )


def _show(args: argparse.Namespace, metric: str, **options: object) -> int:
    """Open the store (with the case filters), run one ``metrics.ptor`` function, print."""
    import ipgar_metrics

    with open_log(args) as con:
        frame = getattr(ipgar_metrics, metric)(
            con, as_of=as_of_or_last_event(args, con, ipgar=True), **options
        )
    print_frame(frame, args.format, raw=args.raw, args=args)
    return 0


def _static(args: argparse.Namespace) -> int:
    return _show(
        args,
        "static_cases",
        review_months=args.review_months,
        level="summary" if args.summary else "case",
    )


def _escalations(args: argparse.Namespace) -> int:
    return _show(
        args, "itatr_decision_times", level="month" if args.by_month else "episode"
    )


def _rereports(args: argparse.Namespace) -> int:
    return _show(
        args,
        "rereports",
        after=args.after,
        level="summary" if args.summary else "episode",
    )


def _exits(args: argparse.Namespace) -> int:
    return _show(args, "exit_reasons")
