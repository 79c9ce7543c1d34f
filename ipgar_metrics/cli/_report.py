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

#: The audiences of ``--audience`` (``report._model.AUDIENCES``, without importing it).
AUDIENCES: tuple[str, ...] = ("intern", "bestuur", "openbaar")
#: Older names still accepted (``report._model.AUDIENCE_ALIASES``).
ALIASES: tuple[str, ...] = ("extern",)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``report`` subcommand."""
    p = sub.add_parser(
        "report",
        help="write the monthly PTO-R report as HTML and PDF",
        description=(
            "Write ptor-YYYY-MM-AUDIENCE.html (self-contained, opens without "
            "network) and ptor-YYYY-MM-AUDIENCE.pdf (A4) for one month. The intern "
            "version lists pseudonymised cases and is marked 'INTERN — vertrouwelijk' "
            "on every page; the bestuur version (steering group, also called extern) "
            "and the openbaar version (public Woo release, a quarter's last month, "
            "fewer tables) show only aggregates, protected against recovery from "
            "every earlier report of the audience in --out (docs/disclosure.md)."
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
        choices=AUDIENCES + ALIASES,
        metavar="{" + ",".join(AUDIENCES) + "}",
        default=None,
        help="intern: for the PTO-R partners, with lists of pseudonymised cases "
        "(confidential); bestuur: the steering group, confidential aggregates, "
        "monthly, protected (extern is accepted as its older name and keeps its "
        "file names); openbaar: the public (Woo) release, quarterly, fewer tables, "
        "protected. Required, so an intern report is never made by default",
    )
    add_lang(p, help="language of the report")
    add_out(p, help="output directory (default reports)", default=Path("reports"))
    p.add_argument("--no-pdf", action="store_true", help="write the HTML only")
    add_quiet(p)
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from ipgar_metrics import build_report

    if (
        args.audience is None
    ):  # not argparse's required=True: its message names no choice
        usage_error(
            args,
            "--audience is required: choose intern (PTO-R partners, lists of "
            "pseudonymised cases, confidential), bestuur (steering group, protected "
            "aggregates) or openbaar (public quarterly release)",
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
