"""Shared pieces of the subcommands: common options and output formatting."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ipgar_metrics import config
from ipgar_metrics.errors import ConfigError

if TYPE_CHECKING:  # pandas is imported by the commands that print, not by --help
    import pandas as pd

FORMATS = ("table", "csv", "json")


def add_db(parser: argparse.ArgumentParser) -> None:
    """Add ``--db FILE`` (default ``data/ipgar.duckdb``)."""
    parser.add_argument(
        "--db",
        type=Path,
        default=config.DEFAULT_DB,
        help=f"event store (default {config.DEFAULT_DB})",
    )


def add_format(parser: argparse.ArgumentParser) -> None:
    """Add ``--format table|csv|json``."""
    parser.add_argument(
        "--format", choices=FORMATS, default="table", help="output format"
    )


def parse_date(text: str) -> date:
    """Parse ``YYYY-MM-DD`` for argparse, with a clear message."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date in the form YYYY-MM-DD: {text!r}"
        ) from None


def parse_datetime(text: str) -> datetime:
    """Parse an ISO 8601 date or date-time for argparse."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date in the form YYYY-MM-DD[THH:MM]: {text!r}"
        ) from None


def print_frame(frame: pd.DataFrame, fmt: str) -> None:
    """Print a frame as an aligned table, CSV or JSON records on stdout."""
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].map(lambda t: t.isoformat() if pd.notna(t) else "")
    if fmt == "csv":
        out.to_csv(sys.stdout, index=False, lineterminator="\n")
    elif fmt == "json":
        sys.stdout.write(out.to_json(orient="records", force_ascii=False, indent=1))
        sys.stdout.write("\n")
    elif fmt == "table":
        with pd.option_context("display.max_rows", 200, "display.width", 160):
            sys.stdout.write(out.to_string(index=False) + "\n")
    else:
        raise ConfigError(
            f'unknown format "{fmt}"; choose one of: {", ".join(FORMATS)}.'
        )


def as_of_or_last(con: object, as_of: date | datetime | None) -> object:
    """The CLI's one default reference time: ``--as-of``, else the store's last event.

    The metric functions require ``as_of``; only the CLI chooses it for the user.
    """
    from ipgar_metrics import store

    return as_of if as_of is not None else store.last_event_at(con)  # type: ignore[arg-type]
