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
    reader_lang,
    say_default,
    usage_error,
)
from ipgar_metrics.cli._filters import add_filters, log_filter
from ipgar_metrics.cli._progress import add_quiet, progress
from ipgar_metrics.errors import ConfigError

#: The audiences of ``--audience`` (``report._model.AUDIENCES``, without importing it).
AUDIENCES: tuple[str, ...] = ("intern", "bestuur", "openbaar")
#: Older names still accepted (``report._model.AUDIENCE_ALIASES``).
ALIASES: tuple[str, ...] = ("extern",)
#: What ``--kind`` writes: the monthly report, the half-yearly monitor, or the
#: process-mining report of any log.
KINDS: tuple[str, ...] = ("monthly", "monitor", "process")


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
        "protected. Required for the monthly report, so an intern report is never "
        "made by default; the monitor is for the steering group (bestuur)",
    )
    add_lang(p, help="language of the report (default nl)")
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
        default=None,
        help="monthly: the PTO-R report of a month (default on an iPGA-R store); "
        "monitor: the half-yearly monitor for the steering group (aggregates only; "
        "needs --period); process: the process-mining report of any log (default on "
        "a generic log; takes the filter options)",
    )
    p.add_argument(
        "--period",
        metavar="YYYYHn",
        default=None,
        help="the half-year of --kind monitor, e.g. 2026H1 or 2026H2",
    )
    add_filters(p, period=False)
    add_quiet(p)
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from ipgar_metrics import build_report

    args.kind = args.kind or _default_kind(args)
    if args.kind == "process":
        return _process(args)
    if not log_filter(args).is_empty():
        raise ConfigError(
            "the filter options are for --kind process; the monthly report and the "
            "monitor cover every case."
        )
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
            lang=reader_lang(args),
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
            lang=reader_lang(args),
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


def _default_kind(args: argparse.Namespace) -> str:
    """``monthly`` (the command's own job), or ``process`` on a generic log (said)."""
    from ipgar_metrics import store

    if not Path(args.db).exists():
        return "monthly"  # the monthly report says there is no store
    with store.connect(args.db) as con:
        generic = store.profile_of(con) != "ipgar"
    if not generic:
        return "monthly"
    say_default(args.command, "kind process", "a generic log", "--kind")
    return "process"


def _process(args: argparse.Namespace) -> int:
    """``--kind process``: the process-mining report of the (filtered) log."""
    from ipgar_metrics.report import build_process_report

    if args.audience is not None:
        raise ConfigError(
            "--audience is for the monthly report and the monitor; the process report "
            "is for analysts (it names performers by pseudonym): drop --audience."
        )
    for option, value in (("--month", args.month), ("--period", args.period)):
        if value is not None:
            raise ConfigError(
                f"--kind process covers the whole log (or the filtered cases); "
                f"drop {option}, or use --period-mode with the filter's --period."
            )
    spec = log_filter(args)
    with progress("writing the process report", quiet=args.quiet):
        paths = build_process_report(
            db=args.db,
            out_dir=args.out,
            lang=reader_lang(args),
            pdf=not args.no_pdf,
            log_filter=None if spec.is_empty() else spec,
        )
    for path in paths:
        print(path)
    return 0
