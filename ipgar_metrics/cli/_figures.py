"""``ipgar figures``: every figure of the monthly report as PNG or SVG, for office tools.

The figures are the report's own (``report_figures``): for ``bestuur`` and
``openbaar`` only the protected charts of that audience. Without ``--month`` the last
full month of the data is taken and said on stderr in one line.
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
)
from ipgar_metrics.cli._report import ALIASES, AUDIENCES

#: What ``--format`` writes (``figures.IMAGE_FORMATS``, without importing plotly).
IMAGE_FORMATS: tuple[str, ...] = ("png", "svg")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``figures`` subcommand."""
    p = sub.add_parser(
        "figures",
        help="write every figure of the monthly report as PNG or SVG",
        description="Write each chart of the monthly report into --out as an image "
        "for Word or PowerPoint, named by its place and title "
        "(01-doorlooptijd-....png), with the month and data snapshot at its foot. "
        "For bestuur and openbaar only that audience's protected charts.",
    )
    add_db(p)
    add_out(p, help="output folder (made when missing)")
    p.add_argument(
        "--format",
        choices=IMAGE_FORMATS,
        default=None,
        help="png (default; for Word and PowerPoint) or svg (scalable, editable)",
    )
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
        help="whose report's figures: intern (default), bestuur or openbaar "
        "(protected charts only)",
    )
    p.add_argument(
        "--history",
        type=Path,
        default=None,
        metavar="DIR",
        help="bestuur/openbaar: the folder of the audience's earlier reports, so "
        "the figures are protected as the report is (default: the --out folder)",
    )
    add_lang(p, help="language of titles, axes and file names (default nl)")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from ipgar_metrics import store, write_report_figures
    from ipgar_metrics.cli._common import say_default
    from ipgar_metrics.errors import ConfigError
    from ipgar_metrics.report import default_month

    if args.out.exists() and not args.out.is_dir():
        raise ConfigError(f"--out {args.out} is a file, not a folder; give a folder.")
    month = args.month
    if month is None:
        with store.connect(args.db) as con:
            month = default_month(con)
        say_default(
            "figures", f"month {month}", "the last full month of the data", "--month"
        )
    if args.audience is None:
        args.audience = "intern"
        say_default("figures", "audience intern", "unprotected charts", "--audience")
    if args.format is None:
        args.format = "png"
        say_default("figures", "format png", "for Word and PowerPoint", "--format")
    paths = write_report_figures(
        db=args.db,
        out_dir=args.out,
        fmt=args.format,
        month=month,
        audience=args.audience,
        lang=reader_lang(args),
        history=args.history if args.history is not None else args.out,
    )
    print(
        f"wrote {len(paths)} figures of {month} ({args.audience}) as "
        f"{args.format.upper()} to {args.out}"
    )
    return 0
