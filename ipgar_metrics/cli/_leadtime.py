"""``ipgar leadtime``: lead times per episode, or from activity A to B per case."""

from __future__ import annotations

import argparse
import sys
import warnings
from typing import TYPE_CHECKING, Any

from ipgar_metrics.cli._common import (
    add_db,
    add_format,
    as_of_or_last,
    parse_datetime,
    print_frame,
)
from ipgar_metrics.errors import DataQualityWarning

if TYPE_CHECKING:
    import pandas as pd

#: Columns the CSV starts with (the data contract of the command).
FIRST_COLUMNS = ("case_id", "episode", "start_at", "end_at", "outcome", "days")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``leadtime`` subcommand."""
    p = sub.add_parser(
        "leadtime",
        help="lead times from report to intake (or from --from A to --to B)",
        description="Lead time per episode from melding to instroom (or to the final "
        "decision without intake), with the stage times; or, with --from/--to, from "
        "the first A to the first B per case on any log. --summary prints the "
        "distribution statistics instead.",
    )
    add_db(p)
    p.add_argument("--from", dest="from_activity", metavar="A", help="start activity")
    p.add_argument("--to", dest="to_activity", metavar="B", help="end activity")
    p.add_argument(
        "--as-of",
        type=parse_datetime,
        default=None,
        help="reference time YYYY-MM-DD[THH:MM] (a date is the start of that day, "
        "local time); default: the last event in the store",
    )
    p.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="SEGMENT",
        help="breakdown for --summary: report_source, risk_category, ideology, "
        "month, info_loops, outcome (repeatable)",
    )
    p.add_argument(
        "--summary", action="store_true", help="print distribution statistics"
    )
    p.add_argument(
        "--workdays",
        action="store_true",
        help="count working days (weekends and Dutch public holidays excluded)",
    )
    add_format(p)
    p.set_defaults(handler=_run, _parser=p)


def _run(args: argparse.Namespace) -> int:
    from ipgar_metrics import store

    generic = args.from_activity is not None or args.to_activity is not None
    if generic and (args.from_activity is None or args.to_activity is None):
        args._parser.error("--from and --to go together")
    if generic and (args.by or args.workdays):
        args._parser.error("--by and --workdays work without --from/--to only")
    con = store.connect(args.db)
    as_of, default = as_of_or_last(con, args.as_of), args.as_of is None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataQualityWarning)
        frame = _compute(args, con, as_of, generic)
    for w in caught:
        print(f"ipgar leadtime: warning: {w.message}", file=sys.stderr)
    meta = frame.attrs["ipgar"]
    meta["params"]["as_of_source"] = "store.last_event_at" if default else "--as-of"
    note = " (the last event in the store; set --as-of)" if default else ""
    print(f"ipgar leadtime: as of {meta['as_of']}{note}", file=sys.stderr)
    if not args.summary:
        frame = frame[[*_first(frame), *[c for c in frame if c not in _first(frame)]]]
    print_frame(frame, args.format)
    return 0


def _compute(
    args: argparse.Namespace, con: Any, as_of: Any, generic: bool
) -> pd.DataFrame:
    from ipgar_metrics.metrics.leadtime._between import lead_time_between
    from ipgar_metrics.metrics.leadtime._lead_times import lead_times

    if generic:
        level = "summary" if args.summary else "case"
        frame = lead_time_between(
            con,
            from_activity=args.from_activity,
            to_activity=args.to_activity,
            as_of=as_of,
            level=level,
        )
    else:
        frame = lead_times(
            con,
            as_of=as_of,
            level="summary" if args.summary else "episode",
            by=tuple(args.by),
            calendar="workdays" if args.workdays else "calendar",
        )
    return frame


def _first(frame: pd.DataFrame) -> list[str]:
    return [c for c in FIRST_COLUMNS if c in frame.columns]
