"""``ipgar report``: write the monthly PTO-R report (HTML and PDF).

Without ``--month`` the handler picks the last full month of the data
(``default_month``) and says so on stderr in one line, as the metric commands say
their default as-of.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ipgar_metrics.cli._common import (
    add_db,
    add_lang,
    add_out,
    parse_month,
    say_default,
    usage_error,
)
from ipgar_metrics.cli._progress import add_quiet, progress
from ipgar_metrics.errors import ConfigError

#: The audiences of ``--audience`` (``report._build.AUDIENCES``, without importing it).
AUDIENCES: tuple[str, ...] = ("intern", "extern")
#: What ``--kind`` writes: the monthly report or the half-yearly monitor.
KINDS: tuple[str, ...] = ("monthly", "monitor")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``report`` subcommand."""
    p = sub.add_parser(
        "report",
        help="write the monthly PTO-R report as HTML and PDF",
        description=(
            "Write ptor-YYYY-MM-AUDIENCE.html (self-contained, opens without "
            "network) and ptor-YYYY-MM-AUDIENCE.pdf (A4) for one month. The intern "
            "version lists pseudonymised cases and is marked 'INTERN — vertrouwelijk' "
            "on every page; the extern version shows only aggregates with small "
            "counts suppressed."
        ),
    )
    add_db(p)
    p.add_argument(
        "--month",
        type=parse_month,
        help="report month YYYY-MM (default: the last full month of the data)",
    )
    p.add_argument(
        "--audience",
        choices=AUDIENCES,
        default=None,
        help="intern: for the PTO-R partners, with lists of pseudonymised cases "
        "(confidential); extern: aggregates only, small counts suppressed. Required "
        "for the monthly report, so an intern report is never made by default; the "
        "monitor is extern",
    )
    add_lang(p, help="language of the report")
    add_out(p, help="output directory (default reports)", default=Path("reports"))
    p.add_argument("--no-pdf", action="store_true", help="write the HTML only")
    p.add_argument(
        "--measures",
        metavar="FILE",
        type=Path,
        default=None,
        help="the measures register (measures.toml) of the Verbeterstappen page and "
        "the marks on the trend charts (default: the shipped example)",
    )
    p.add_argument(
        "--kind",
        choices=KINDS,
        default="monthly",
        help="monthly: the PTO-R report of a month (default); monitor: the "
        "half-yearly monitor for the steering group (aggregates only; needs --period)",
    )
    p.add_argument(
        "--period",
        metavar="YYYYHn",
        default=None,
        help="the half-year of --kind monitor, e.g. 2026H1 or 2026H2",
    )
    add_quiet(p)
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from ipgar_metrics import build_report

    if args.kind == "monitor":
        return _monitor(args)
    if args.period is not None:
        raise ConfigError("--period is for --kind monitor; give --month for a month.")
    if (
        args.audience is None
    ):  # not argparse's required=True: its message names no choice
        usage_error(
            args,
            "--audience is required: choose intern (PTO-R partners, lists of "
            "pseudonymised cases, confidential) or extern (aggregates only)",
        )
    if args.out.exists() and not args.out.is_dir():
        raise ConfigError(
            f"--out {args.out} is a file, not a folder; give the folder the report "
            "goes into (default reports)."
        )
    month = args.month or _default_month(args)
    with progress(f"writing the report of {month}", quiet=args.quiet):
        paths = build_report(
            db=args.db,
            month=month,
            out_dir=args.out,
            audience=args.audience,
            lang=args.lang,
            pdf=not args.no_pdf,
            measures=args.measures,
        )
    for path in paths:
        print(path)
    return 0


def _monitor(args: argparse.Namespace) -> int:
    """``--kind monitor``: the half-yearly monitor of ``--period`` (extern by default)."""
    from ipgar_metrics.report import build_monitor

    if args.period is None:
        raise ConfigError("--kind monitor needs --period, e.g. --period 2026H1.")
    if args.month is not None:
        raise ConfigError("--kind monitor takes --period, not --month; drop --month.")
    with progress(f"writing the monitor of {args.period}", quiet=args.quiet):
        paths = build_monitor(
            db=args.db,
            period=args.period,
            out_dir=args.out,
            audience=args.audience or "extern",
            lang=args.lang,
            pdf=not args.no_pdf,
            measures=args.measures,
        )
    for path in paths:
        print(path)
    return 0


def _default_month(args: argparse.Namespace) -> str:
    """The last full month of the data in ``--db``, said on stderr."""
    from ipgar_metrics import store
    from ipgar_metrics.report import default_month

    with store.connect(args.db) as con:
        month = default_month(con)
    say_default(
        args.command, f"month {month}", "the last full month of the data", "--month"
    )
    return month
