"""``ipgar purge``: remove the persons whose involvement ended (storage limitation).

A thin wrapper around ``governance.purge``: ``--ended-before DATE``, or
``--retention-years N`` (ended before today minus N years, said on stderr in one
line like every default the CLI chooses), or ``--case-id ID`` (one person on
request, AVG art. 17: ``governance.erase``; the id is pseudonymised with the store's
key and never printed or logged), and ``--dry-run`` (counts, no change).
Prints the counts on stdout (the erased person's pseudonym, never a raw id). See ``docs/store.md``, "Purge:
storage limitation".
"""

from __future__ import annotations

import argparse
from datetime import date

from ipgar_metrics.cli._common import add_db, at_least, parse_date, say_default


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``purge`` subcommand."""
    p = sub.add_parser(
        "purge",
        help="remove persons whose last episode ended before a date (retention), "
        "or one person on request (erasure)",
        description="Remove every event, history row, case, rejected row and quality "
        "flag of the persons whose last episode ended before the date (a person with "
        "an open episode is kept), record the purge (counts only) and rewrite the "
        "store file so their bytes are gone from it.",
    )
    add_db(p)
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument(
        "--ended-before",
        type=parse_date,
        default=None,
        metavar="DATE",
        help="YYYY-MM-DD: remove persons whose last episode ended before this day",
    )
    when.add_argument(
        "--retention-years",
        type=at_least(1),
        default=None,
        metavar="N",
        help="remove persons whose last episode ended more than N years before today",
    )
    when.add_argument(
        "--case-id",
        default=None,
        metavar="ID",
        help="erase one person on request (AVG art. 17): the case id as the source "
        "system writes it (never printed or logged)",
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="say how many persons and rows would be removed; change nothing",
    )
    p.set_defaults(handler=_purge)


def _purge(args: argparse.Namespace) -> int:
    from ipgar_metrics import erase, purge
    from ipgar_metrics.workdays import local_today  # pandas: not for --help

    if args.case_id is not None:
        result = erase(db=args.db, case_id=args.case_id, dry_run=args.dry_run)
        print(result.summary())
        return 0
    ended_before = args.ended_before
    if ended_before is None:
        ended_before = years_before(local_today(), args.retention_years)
        say_default(
            args.command,
            f"ended before {ended_before.isoformat()}",
            f"today minus {args.retention_years} year"
            f"{'' if args.retention_years == 1 else 's'} of retention",
            "--ended-before",
        )
    result = purge(db=args.db, ended_before=ended_before, dry_run=args.dry_run)
    print(result.summary())
    return 0


def years_before(day: date, years: int) -> date:
    """The same day ``years`` years earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
