"""``ipgar report``: write the monthly PTO-R report (HTML and PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ipgar_metrics.cli import _common as cli_common


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``report`` subcommand."""
    p = sub.add_parser(
        "report",
        help="write the monthly PTO-R report as HTML and PDF",
        description=(
            "Write ptor-YYYY-MM.html (self-contained, opens without network) and "
            "ptor-YYYY-MM.pdf (A4) for one month. The external version shows only "
            "aggregates with small counts suppressed."
        ),
    )
    cli_common.add_db(p)
    p.add_argument(
        "--month",
        help="report month YYYY-MM (default: the last full month of the data)",
    )
    p.add_argument("--audience", choices=("intern", "extern"), default="intern")
    p.add_argument("--lang", choices=("nl", "en"), default="nl")
    p.add_argument("--out", type=Path, default=Path("reports"), help="output directory")
    p.add_argument("--no-pdf", action="store_true", help="write the HTML only")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from ipgar_metrics.report._build import build_report

    paths = build_report(
        db=args.db,
        month=args.month,
        out_dir=args.out,
        audience=args.audience,
        lang=args.lang,
        pdf=not args.no_pdf,
    )
    for path in paths:
        print(path)
    return 0
