"""``ipgar leadtime``: lead times per episode, or from activity A to B.

``--from A --to B`` measures within each episode on an iPGA-R store (as the default
lead time does) and per case on any other log; ``--within`` chooses explicitly.

The reference time is said on stderr: the default one by ``as_of_or_last_event``,
a given one as the metric read it (a date is local midnight).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from typing import TYPE_CHECKING, Any

from ipgar_metrics.cli._common import (
    add_as_of,
    add_db,
    add_format,
    as_of_or_last_event,
    print_frame,
    reader_lang,
)
from ipgar_metrics.cli._filters import add_filters, open_log
from ipgar_metrics.errors import DataQualityWarning

if TYPE_CHECKING:
    import pandas as pd

#: Columns the CSV starts with (the data contract of the command).
FIRST_COLUMNS = ("case_id", "episode", "start_at", "end_at", "outcome", "days")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``leadtime`` subcommand."""
    p = sub.add_parser(
        "leadtime",
        help="lead times from report to intake (or from --from A to --to B)",
        description="Lead time per episode from melding to instroom (or to the final "
        "decision without intake), with the stage times; or, with --from/--to, from "
        "the first A to the first B after it in each episode (an iPGA-R store; an "
        "episode closed without B is 'ended', not open) or per case (any other "
        "log). --summary prints the distribution statistics instead. --incidence "
        "prints the cumulative incidence of intake, refusal and intermediate variant "
        "(Aalen-Johansen, open episodes censored at the reference time): one row per "
        "outcome and event time, or with --summary the incidence at 8, 12 and 32 "
        "weeks. Every row of --summary is flagged: small_n (fewer than 10 completed "
        "reports: no median or percentiles, 'te weinig meldingen' in the table, "
        "'too few reports' with --lang en) and "
        "mostly_open (more than 20% of its reports still open).",
    )
    add_db(p)
    add_filters(p)
    p.add_argument("--from", dest="from_activity", metavar="A", help="start activity")
    p.add_argument("--to", dest="to_activity", metavar="B", help="end activity")
    p.add_argument(
        "--within",
        choices=("episode", "case"),
        help="with --from/--to: measure per episode (default on an iPGA-R store) or "
        "from the first A to the first B of the whole case (default on other logs)",
    )
    add_as_of(p)
    p.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="SEGMENT",
        help="breakdown for --summary and --incidence: report_source, "
        "risk_category, ideology, month, info_loops, outcome (repeatable)",
    )
    p.add_argument(
        "--summary", action="store_true", help="print distribution statistics"
    )
    p.add_argument(
        "--incidence",
        action="store_true",
        help="cumulative incidence of the competing outcomes (columns days, outcome, "
        "cif, lower, upper)",
    )
    p.add_argument(
        "--workdays",
        action="store_true",
        help="count working days (weekends and Dutch public holidays excluded)",
    )
    add_format(p)
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:

    generic = args.from_activity is not None or args.to_activity is not None
    if generic and (args.from_activity is None or args.to_activity is None):
        args._parser.error("--from and --to go together")
    if generic and (args.by or args.workdays):
        args._parser.error("--by and --workdays work without --from/--to only")
    if args.incidence and (generic or args.workdays):
        args._parser.error("--incidence works without --from/--to and --workdays")
    if not generic and args.within is not None:
        args._parser.error("--within works with --from/--to only")
    con = open_log(args)
    as_of = as_of_or_last_event(args, con)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataQualityWarning)
        frame = _compute(args, con, as_of, generic)
    for w in caught:
        print(f"ipgar leadtime: warning: {w.message}", file=sys.stderr)
    if args.as_of is not None:  # echo the reference time as the metric read it
        print(f"ipgar leadtime: as of {frame.attrs['ipgar']['as_of']}", file=sys.stderr)
    if not args.summary and not args.incidence:
        frame = frame[[*_first(frame), *[c for c in frame if c not in _first(frame)]]]
    if "small_n" in frame.columns:
        lang = reader_lang(args) if args.format == "table" else "nl"
        frame = _small_numbers(frame, args.format, lang)
    print_frame(frame, args.format, raw=args.raw, args=args)
    return 0


def _small_numbers(frame: pd.DataFrame, fmt: str, lang: str) -> pd.DataFrame:
    """Say on stderr which rows are flagged; a table reads "te weinig meldingen".

    The metric leaves the median and percentiles of a ``small_n`` row empty (CSV
    and JSON keep them empty, the flags beside them); the table says why, in
    ``lang`` ("too few reports" with ``--lang en``).
    """
    from ipgar_metrics import labels
    from ipgar_metrics.metrics.leadtime import HIDDEN_STATS, OPEN_SHARE, SMALL_N

    small, many_open = int(frame["small_n"].sum()), int(frame["mostly_open"].sum())
    if small:
        print(
            f"ipgar leadtime: note: {small} of {len(frame)} rows have fewer than "
            f"{SMALL_N} completed reports (small_n): their median and percentiles "
            "are not given.",
            file=sys.stderr,
        )
    if many_open:
        print(
            f"ipgar leadtime: note: {many_open} of {len(frame)} rows have more than "
            f"{OPEN_SHARE:.0%} of their reports still open (mostly_open): their "
            "statistics of the completed reports understate the lead time.",
            file=sys.stderr,
        )
    if fmt != "table" or not small:
        return frame
    out = frame.copy()
    too_few = labels.label("too_few", lang, labels.SMALL_NUMBER_LABELS)
    rows = out["small_n"].astype(bool)
    for unit in ("days", "weeks", "workdays", "workweeks"):
        for col in (c.replace("days", unit) for c in HIDDEN_STATS):
            if col in out.columns:
                out[col] = out[col].astype(object).where(~rows, too_few)
    return out


def _compute(
    args: argparse.Namespace, con: Any, as_of: Any, generic: bool
) -> pd.DataFrame:
    from ipgar_metrics import cumulative_incidence, lead_time_between, lead_times

    if args.incidence:
        frame = cumulative_incidence(
            con,
            as_of=as_of,
            level="summary" if args.summary else "curve",
            by=tuple(args.by),
        )
    elif generic:
        level = "summary" if args.summary else "case"
        frame = lead_time_between(
            con,
            from_activity=args.from_activity,
            to_activity=args.to_activity,
            as_of=as_of,
            level=level,
            within=args.within,
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
