"""``ipgar subject``: the rights of one data subject (AVG art. 15, 18 and 19).

``--case-id RAW`` names the person by the source system's case id; it is
pseudonymised with the store's key and never printed or logged (the processing log
records ``<redacted>``). Without an action the command prints everything the store
holds about the person (``--format table|json``, or ``csv``: one row per value,
columns ``part,item,field,value``); ``--restrict`` holds their rows
apart from every metric, report and figure, ``--lift`` ends that; ``--reports DIR``
lists which earlier report files in DIR name the person's pseudonym. Erasure
(art. 17) is ``ipgar purge --case-id``. See ``docs/privacy.md``, "Rights of data
subjects".
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ipgar_metrics.cli._common import add_db, add_format, print_frame
from ipgar_metrics.errors import ConfigError

if TYPE_CHECKING:  # the governance family opens DuckDB: not imported by --help
    from ipgar_metrics.governance import SubjectRecord


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``subject`` subcommand."""
    p = sub.add_parser(
        "subject",
        help="one person's data for an access request; restrict or lift (art. 15/18/19)",
        description="Show everything the store holds about one person (events, "
        "correction history, case row, rejected rows, quality flags, restriction), "
        "restrict or lift the processing of their data, or list the earlier reports "
        "that named them. The case id is never printed or logged.",
    )
    add_db(p)
    p.add_argument(
        "--case-id",
        required=True,
        metavar="ID",
        help="the person's case id as the source system writes it",
    )
    add_format(p)
    action = p.add_mutually_exclusive_group()
    action.add_argument(
        "--restrict",
        action="store_true",
        help="restrict processing (art. 18): keep the person's rows, out of every "
        "metric, report and figure",
    )
    action.add_argument(
        "--lift",
        action="store_true",
        help="lift the restriction: the rows are analysed again",
    )
    p.add_argument(
        "--reports",
        type=Path,
        default=None,
        metavar="DIR",
        help="list the report files in DIR (and below) that name the person (art. 19)",
    )
    p.set_defaults(handler=_subject)


def _subject(args: argparse.Namespace) -> int:
    import pandas as pd

    from ipgar_metrics import governance

    if args.restrict or args.lift:
        move = (
            governance.lift_restriction if args.lift else governance.restrict_processing
        )
        summary = move(db=args.db, case_id=args.case_id).summary()
        if args.reports is None:
            print(summary)
            return 0
        # with --reports, stdout is the listing in --format: the summary goes aside
        print(summary, file=sys.stdout if args.format == "table" else sys.stderr)
    record = governance.subject(db=args.db, case_id=args.case_id)
    if not record.found:
        print(
            f"ipgar {args.command}: the store holds nothing about this person "
            "(check the case id and the key, or whether they were purged)",
            file=sys.stderr,
        )
    if args.format == "xlsx":  # one person's whole record: json or csv, not a workbook
        raise ConfigError(
            "an access request is given as --format json or csv (or table), not xlsx."
        )
    listing = None
    if args.reports is not None:
        listing = governance.reports_listing(args.reports, record.pseudonym)
    if args.format == "json":
        doc = json.loads(record.to_json())
        if listing is not None:
            doc["reports"] = listing.to_dict(orient="records")
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return 0
    if args.format == "csv":
        frame = record.long_frame()
        if listing is not None:
            reports = governance.long_frame(listing, "reports")
            frame = pd.concat([frame, reports], ignore_index=True)
        print_frame(frame, "csv", raw=args.raw)
        return 0
    if not (args.restrict or args.lift):
        _print_record(record, args)
    if listing is not None:
        named = int((listing["lists_person"] == "yes").sum())
        print(
            f"\nreports in {args.reports} that name {record.pseudonym}: "
            f"{named} of {len(listing)}"
        )
        if len(listing):
            print_frame(listing, "table", args=args)
    return 0


def _print_record(record: SubjectRecord, args: argparse.Namespace) -> None:
    from ipgar_metrics import governance

    state = "restricted (art. 18)" if record.restricted else "not restricted"
    print(f"person {record.pseudonym}: processing {state}")
    for name, what in governance.SUBJECT_PARTS.items():
        frame = record.parts[name]
        print(f"\n{name} ({len(frame)}): {what}")
        if len(frame):
            print_frame(frame, "table", args=args)
